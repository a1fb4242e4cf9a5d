"""Dates that ledgers write in words or without separators: 20240315, 3月15日, 二季度,
2024年上半年, 2024年三月, 2024年底.

The vectorised parse (:func:`projtrack.read.values.parse_date`) takes the forms most cells
hold; what it leaves empty comes here, once per distinct text (a ledger holds a handful).
A period stands for its first day — a quarter for its first month's 1st, as a month alone
stands for its 1st and a window of months for its first month (docs/figures.md: a planned
start is due from the start of the period it names; 三月下旬 from the 21st) — and for its
last day when the cell says 末 or 底 (二季度末, 上半年底, 年底), which is a deadline.

A form without a year (3月15日, 二季度) takes the year the sheet's title states, and stays
empty without one (the caller reports ``not_a_date``).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date

from projtrack.text import cn_number

_CN = "[一二三四五六七八九十]{1,3}"
_YEAR = r"(?:(\d{4})\s*年?\s*)?"
_END = r"\s*(初|末|底)?\s*$"

_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_QUARTER = re.compile(rf"^{_YEAR}第?\s*([1-4]|[一二三四])\s*季度?{_END}")
_Q = re.compile(r"^(\d{4})\s*年?\s*[Qq]\s*([1-4])\s*$")
_HALF = re.compile(rf"^{_YEAR}(上|下)半年{_END}")
_YEAR_END = re.compile(r"^(\d{4})\s*年\s*(?:年\s*)?(底|末)\s*$")
_MONTH_DAY = re.compile(r"^(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?\s*$")
# After a month: 初 / 末 / 底 (as _END), 月初 / 月中 / 月底, 上旬 / 中旬 / 下旬 (read/values.py).
_PART = r"\s*(月?[初中底末]|[上中下][上中下]?旬)?\s*$"
_CN_MONTH = re.compile(rf"^{_YEAR}({_CN})\s*月份?(?:\s*({_CN}|\d{{1,2}})\s*[日号])?{_PART}")


def word_date(text: str, year: int | None) -> date | None:
    """The date a cell's text names, by the forms above; None when it names none."""
    cell = unicodedata.normalize("NFKC", text).strip()
    for form in (_compact, _quarter, _half, _year_end, _month_day, _chinese_month):
        found = form(cell, year)
        if found is not None:
            return found
    return None


def _compact(cell: str, _year: int | None) -> date | None:
    """20240315: a system export's date without separators (a year from 1990 to 2100)."""
    m = _COMPACT.match(cell)
    if m is None or not 1990 <= int(m.group(1)) <= 2100:
        return None
    return _safe(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def _quarter(cell: str, year: int | None) -> date | None:
    """二季度, 2024年第2季度, 2024Q2, 三季度末 → the quarter's first (or last) day."""
    m = _QUARTER.match(cell)
    if m is not None:
        y, q, end = _year_of(m.group(1), year), _number(m.group(2)), m.group(3)
    elif (m := _Q.match(cell)) is not None:
        y, q, end = int(m.group(1)), int(m.group(2)), None
    else:
        return None
    if y is None or q is None:
        return None
    return _period(y, 3 * q - 2, 3 * q, end)


def _half(cell: str, year: int | None) -> date | None:
    """上半年 → 1 January (上半年末 → 30 June); 下半年 → 1 July (下半年末 → 31 December)."""
    m = _HALF.match(cell)
    y = _year_of(m.group(1), year) if m else None
    if m is None or y is None:
        return None
    first = 1 if m.group(2) == "上" else 7
    return _period(y, first, first + 5, m.group(3))


def _year_end(cell: str, _year: int | None) -> date | None:
    """2024年底, 2024年末: 31 December (年内, a wish, stays no date)."""
    m = _YEAR_END.match(cell)
    return date(int(m.group(1)), 12, 31) if m else None


def _month_day(cell: str, year: int | None) -> date | None:
    """3月15日 in a ledger of one year: that day of the sheet's year."""
    m = _MONTH_DAY.match(cell)
    if m is None or year is None:
        return None
    return _safe(year, int(m.group(1)), int(m.group(2)))


def _chinese_month(cell: str, year: int | None) -> date | None:
    """2024年三月, 十月份, 2024年十二月五日 (numerals written as words)."""
    m = _CN_MONTH.match(cell)
    y = _year_of(m.group(1), year) if m else None
    month = _number(m.group(2)) if m else None
    if m is None or y is None or month is None:
        return None
    day_text, part = m.group(3), m.group(4)
    if day_text is None and part and ("旬" in part or "中" in part):  # 三月下旬: the 21st
        start = 11 if part.lstrip("月").startswith("中") else 21 if part[0] == "下" else 1
        return _safe(y, month, start)
    if day_text is None:
        return _period(y, month, month, part and part[-1])
    day = _number(day_text)
    return _safe(y, month, day) if day is not None else None


def _period(year: int, first: int, last: int, end: str | None) -> date | None:
    """The first day of month ``first``, or the last day of month ``last`` for 末/底."""
    if not 1 <= first <= last <= 12:
        return None
    if end in ("末", "底"):
        return date(year, last, calendar.monthrange(year, last)[1])
    return date(year, first, 1)


def _year_of(written: str | None, sheet_year: int | None) -> int | None:
    return int(written) if written else sheet_year


def _number(text: str) -> int | None:
    """1-4, or a Chinese numeral up to 三十一 (十, 十二, 二十五) read by :func:`cn_number`."""
    try:
        return cn_number(text)
    except ValueError:  # 十十: no number
        return None


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:  # 2024-02-30, 13月
        return None
