"""Deadlines — 办结时限, 整改时限 and 计划竣工时间 — read as the last day of the span they name.

A deadline is met by the end of what it names: 7月 or 2024年7月底前 by 31 July, 9月中旬 by
the 20th (上旬 the 10th, 下旬 the month's last day; 月初 is 上旬, 月中 is 中旬), 三季度 or
三季度末 by 30 September, 上半年 by 30 June, 年底 / 年内 / 2024年 by 31 December, 8-9月 by
30 September; a day (8月15日, 2024.8.20, 2024-08-15) is that day. Words around it say the
same thing: …前 / 之前 / 以前 / 底前 / 前完成 / 前办结 (by that date, the date itself
included), 确保 / 力争 / 于 / 截止 … before it. A planned start is read otherwise (its first
day, :mod:`projtrack.read.values`): 2024年7月底前 was read as 1 July and said 逾期91天 of a
problem 61 days late, and 8月15日前 not at all.

A deadline without a year (8月15日前, 7月底前完成) is in the year the sheet's title states.
A problem's deadline is near the ledger's month, so one that names a month ten or more
months away across the new year is in the adjacent year — 12月底前 in a January 2025
ledger is 31 December 2024 (a problem carried over, 31 days late), 1月15日前 in a December
2024 ledger is 15 January 2025 — and each such reading is a ``deadline_year`` warning naming
its cell. 年底 / 年内 (this year's end) are never moved. A planned finish keeps the title's
year (计划竣工 12月 in January is this December).

A filled cell that names no day (长期, 春节前, 尽快, 一周内) is read as no deadline, never
silently: ``deadline_unread`` names its cell (the problem is then never overdue).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from projtrack.errors import Finding
from projtrack.period import stated_month
from projtrack.read.layout import Layout
from projtrack.read.model import ColumnUse
from projtrack.read.values import clean_text
from projtrack.text import cn_number

# The fields read as deadlines; of them, those whose year-less months may be last or next
# year's (see the module's rules).
DEADLINE_FIELDS = ("problem_deadline", "planned_finish")
NEAREST_YEAR = ("problem_deadline",)
# A month this many months or more from the ledger's, across the new year, is in the
# adjacent year.
ACROSS = 10
_EXCEL_EPOCH = date(1899, 12, 30)
_ISO = r"^\d{4}-\d{2}-\d{2}$"

_CN = "[一二三四五六七八九十]"
_BEFORE = (
    r"^(?:确保|力争|争取|务必|要求|计划|预计|拟|必须|须|需|应|限|最迟|最晚)?"
    r"(?:在|于|至|到)?(?:截[至止](?:到|至|日期)?)?(?:于)?"
)
_AFTER = (
    r"(?:[之以]?前|以内|内|止|为止)?(?:全部|彻底)?"
    r"(?:完成整改|整改完成|整改到位|整改|完成|办结|解决|销号|到位|落实"
    r"|竣工|完工|建成|投产|投用|交付)?[。.;；]*$"
)
# The part of a month a deadline names, and the day it ends on (None: the month's last).
_PARTS: dict[str, int | None] = {
    "上旬": 10, "月初": 10, "初": 10, "上中旬": 20, "中旬": 20, "月中": 20, "中": 20,
    "中下旬": None, "下旬": None, "底": None, "末": None, "月底": None, "月末": None,
    "上半月": 15, "下半月": None,
}  # fmt: skip
_PART = "(" + "|".join(sorted(_PARTS, key=len, reverse=True)) + ")?"
_Y = r"(?:(\d{4})年)?"

_FULL = re.compile(r"^(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})[日号]?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})?$")
_SERIAL = re.compile(r"^(\d{5})(?:\.\d+)?$")
_MONTH_DAY = re.compile(r"^(\d{1,2})(?:月|[./])(\d{1,2})[日号]?$")
_YEAR_MONTH = re.compile(rf"^(\d{{4}})[-./年](\d{{1,2}})(?:月份?)?{_PART}$")
_MONTH = re.compile(rf"^(\d{{1,2}})月份?{_PART}$")
_WINDOW = re.compile(rf"^{_Y}\d{{1,2}}月?份?[-~～至到](\d{{1,2}})月份?{_PART}$")
_QUARTER = re.compile(rf"^{_Y}第?([1-4一二三四])季度?(?:末|底)?$|^(\d{{4}})?[Qq]([1-4])$")
_HALF = re.compile(rf"^{_Y}(上|下)半年(?:末|底)?$")
_YEAR = re.compile(r"^(\d{4})年(?:度)?(?:底|末|内|年底|年末)?$")
_THIS_YEAR = re.compile(r"^(?:今年|本年度?|当年|年)(?:底|末|内)?$|^年度?内$")
_THIS_MONTH = re.compile(rf"^(?:本月|当月|月){_PART}$")


@dataclass(frozen=True)
class Deadline:
    """What a deadline cell says: its day, and how many years it was moved across the new
    year from the sheet's (-1, 0, +1); ``day`` None when it names no day."""

    day: date | None
    moved: int = 0


def deadline_of(text: str, year: int | None, month: int | None, *, nearest: bool) -> Deadline:
    """The last day of the span ``text`` names, in ``year`` when it states none; with
    ``nearest``, a named month ten or more months from ``month`` across the new year is in
    the adjacent year. ``Deadline(None)`` when it names no day (or has no year to take)."""
    cell = _core(text)
    if (m := _FULL.match(cell)) is not None:
        return Deadline(_safe(int(m[1]), int(m[2]), int(m[3])))
    if (m := _COMPACT.match(cell)) is not None and 1990 <= int(m[1]) <= 2100:
        if m[3]:
            return Deadline(_safe(int(m[1]), int(m[2]), int(m[3])))
        return Deadline(_end(int(m[1]), int(m[2]), None))
    if (m := _SERIAL.match(cell)) is not None and 20000 <= int(m[1]) <= 80000:
        return Deadline(_EXCEL_EPOCH + timedelta(days=int(m[1])))
    if (m := _YEAR_MONTH.match(cell)) is not None:
        return Deadline(_end(int(m[1]), int(m[2]), m[3]))
    if (m := _YEAR.match(cell)) is not None:
        return Deadline(date(int(m[1]), 12, 31))
    if year is not None and _THIS_YEAR.match(cell):
        return Deadline(date(year, 12, 31))  # 年底, 年内: this year's end, never moved
    if (m := _THIS_MONTH.match(cell)) is not None:
        return Deadline(_end(year, month, m[1]) if year and month else None)
    if (m := _HALF.match(cell)) is not None:
        return _yearless(m[1], 6 if m[2] == "上" else 12, None, year, month, nearest)
    if (m := _QUARTER.match(cell)) is not None:
        quarter = cn_number(m[2] or m[4])
        return _yearless(m[1] or m[3], 3 * quarter, None, year, month, nearest)
    if (m := _WINDOW.match(cell)) is not None:
        return _yearless(m[1], int(m[2]), m[3], year, month, nearest)
    if (m := _MONTH_DAY.match(cell)) is not None:
        return _yearless(None, int(m[1]), int(m[2]), year, month, nearest)
    if (m := _MONTH.match(cell)) is not None:
        return _yearless(None, int(m[1]), m[2], year, month, nearest)
    return Deadline(None)


def _core(text: str) -> str:
    """The date a deadline cell names, without its spaces, Chinese numerals (八月底 →
    8月底, 十月十五日 → 10月15日) and the words around it (确保…前完成)."""
    cell = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    cell = re.sub(r"\([^()]*\)$", "", cell)  # a note after the date: 2024年12月(调整后)
    cell = re.sub(rf"{_CN}{{1,2}}(?=月)", lambda m: str(cn_number(m[0])), cell)
    cell = re.sub(rf"(?<=月){_CN}{{1,3}}(?=[日号])", lambda m: str(cn_number(m[0])), cell)
    cell = re.sub(_BEFORE, "", cell)
    if re.match(r"年[之以]?前", cell):  # 年前: before the Spring Festival, no day named
        return ""
    return re.sub(_AFTER, "", cell)


def _yearless(
    written: str | None,
    named: int,
    part: str | int | None,
    year: int | None,
    month: int | None,
    nearest: bool,
) -> Deadline:
    """The span's end in the year written, else the sheet's ``year`` — moved to the
    adjacent year when ``nearest`` and the named month is :data:`ACROSS` or more months
    from the ledger's ``month`` across the new year. ``part``: a day, or a part of a month."""
    moved = 0
    if written:
        year = int(written)
    elif year is not None and nearest and month is not None:
        moved = -1 if named - month >= ACROSS else 1 if month - named >= ACROSS else 0
        year += moved
    if year is None:
        return Deadline(None)
    if isinstance(part, int):
        return Deadline(_safe(year, named, part), moved)
    return Deadline(_end(year, named, part), moved)


def _end(year: int, month: int, part: str | None) -> date | None:
    """The day ``part`` of ``month`` (:data:`_PARTS`) ends on; a month alone, its last."""
    if not 1 <= month <= 12:
        return None
    day = _PARTS[part] if part else None
    return date(year, month, day or calendar.monthrange(year, month)[1])


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:  # 2024-02-30, 13月
        return None


def sheet_month(layout: Layout) -> int | None:
    """The month a sheet reports (its 1-N月 column's N, else the month its title names):
    what a year-less 办结时限 is near. None when neither says one."""
    ends = {c.months[1] for c in layout.columns if c.field == "completed_ytd" and c.months}
    if len(ends) == 1:
        return ends.pop()
    return stated_month([("title", t) for t in layout.title_lines]) if not ends else None


def deadline_column(
    values: pl.Series, year: int | None, month: int | None, *, nearest: bool
) -> pl.Series:
    """A text column of deadlines → Dates (:func:`deadline_of`), once per distinct text; an
    Excel date cell (``2024-08-15 00:00:00``) is its day."""
    texts = values.to_frame("v").select(clean_text(pl.col("v"))).to_series()
    out = (
        texts.to_frame("t")
        .select(
            pl.coalesce(  # Excel's date cells as calamine gives them, a CSV's ISO dates
                pl.col("t").str.to_date("%Y-%m-%d %H:%M:%S", strict=False),
                pl.when(pl.col("t").str.contains(_ISO)).then(
                    pl.col("t").str.to_date("%Y-%m-%d", strict=False)
                ),
            )
        )
        .to_series()
        .alias(values.name)
    )
    need = out.is_null() & texts.is_not_null()
    if not need.any():
        return out
    idx = need.arg_true()
    rest = texts.gather(idx)
    found = {t: deadline_of(t, year, month, nearest=nearest).day for t in rest.unique()}
    return out.scatter(idx, pl.Series([found[t] for t in rest], dtype=pl.Date))


# A cell naming its year (2024年8月, 2024-08-15, 45519): never moved, never unread for want
# of one — only the others are read again for their findings.
_HAS_YEAR = r"\d{4}|^\s*\d{5}(?:\.\d+)?\s*$"


def deadline_findings(
    sheet: str,
    projects: pl.DataFrame,
    use: ColumnUse,
    local: str,
    dates: pl.Series,
    period: tuple[int | None, int | None],
) -> list[Finding]:
    """``deadline_unread`` for each filled 办结时限 cell that names no day, ``deadline_year``
    for each moved across the new year (:func:`deadline_of`); ``local`` is the cell column
    of ``projects``, ``dates`` its parsed deadlines, ``period`` the sheet's (year, month)."""
    texts = projects.select(clean_text(pl.col(local))).to_series()
    look = texts.is_not_null() & (dates.is_null() | ~texts.str.contains(_HAS_YEAR))
    if not look.any():
        return []
    year, month = period
    out: list[Finding] = []
    for row, text in zip(projects["_row"].filter(look), texts.filter(look), strict=True):
        read = deadline_of(text, year, month, nearest=True)
        if read.day is None:
            out.append(Finding(sheet, row, use.column, "deadline_unread",
                               f"{use.header}“{text}”{_why_unread(text, year)}，按未定时限处理："
                               "该问题不计逾期，督办单不列为逾期问题；请写明到日、旬或月的日期"
                               "（如8月31日、8月底前）"))  # fmt: skip
        elif read.moved:
            d, other = read.day, read.day.year - read.moved
            out.append(Finding(sheet, row, use.column, "deadline_year",
                               f"{use.header}“{text}”未写年份，按{d.year}年{d.month}月{d.day}日读取"
                               f"（台账为{year}年{month}月，相隔跨年取较近的"
                               f"{'上一年' if read.moved < 0 else '下一年'}）；"
                               f"如指{other}年，请写明年份"))  # fmt: skip
    return out


def _why_unread(text: str, year: int | None) -> str:
    """Why a deadline was not read: no year to take, or no day named."""
    if year is None and deadline_of(text, 2000, None, nearest=False).day is not None:
        return "未写年份，台账标题也未写年份，读不出日期"
    return "读不出日期"
