"""A running total at a date this year beside one at the end of last year: 至上年底累计完成投资 |
截至6月底累计完成投资 (or 累计完成投资 over 至上年底 | 至6月底).

Both count from the project's start: the second is the first plus what was invested this
year. Read as this year's completion, the 截至6月底 column gave 33,109 where the year so far
was 21,109 (77.0% for 49.1%) without a word. This year's completion is their difference,
read as such only when the sheet has no column naming this year's own figure (1-6月, 本年)
and the earlier total is last year's end (上年底, or the year before the sheet's where the
sheet's year is known); it is said in ``check`` (``ytd_difference``, read/since_start.py).
"""

from __future__ import annotations

import re
from typing import Any

from projtrack.period import FILING_DATE, stated_month
from projtrack.read.fields import strip_annotations
from projtrack.text import normalize_text

# A running total to the end of a year: 至上年底累计完成投资, 开工至2023年底累计完成, 截至上年末.
_YEAR_END = re.compile(
    r"^(?:(?:自|项目)?开工(?:以来)?)?(?:截[至止]|截止至|至|到)?(?:上一?年度?|去年|(\d{4})年度?)"
    r"(?:底|末)(?:止)?累计(?:完成)?(?:投资)?(?:额)?$"
)
# A running total to a month's end this year: 截至6月底累计完成投资, 至2024年6月底累计完成,
# 至本月底累计完成 (the month the title states).
_MONTH_END = re.compile(
    r"^(?:截[至止]|截止至|至|到)(?:(\d{4})年)?(\d{1,2}|本)月(?:\d{1,2}日|底|末)?(?:止)?累计"
    r"(?:完成)?(?:投资)?(?:额)?$"
)
# The date a total runs to written after it in brackets: 累计完成投资（截至6月底）.
_BRACKET_DATE = re.compile(r"\(((?:截[至止]|截止至|至|到)[^()]*)\)")
# Words that make a column this year's own figure (1-6月完成投资, 本年累计, 2024年完成投资).
_THIS_YEAR = re.compile(r"\d{1,2}-\d{1,2}月|本年|今年|当年|年初|年度|上半年|季度|^\d{4}年(?!\d)")

Spans = tuple[int, int] | None


def reading(header: str) -> str:
    """What a column's header says as one text: the child, with its parent when the child
    alone names only a date (累计完成投资 over 至上年底 → 至上年底累计完成投资)."""
    levels = [_dated(t) for t in header.split("/") if t]
    if not levels:
        return ""
    child = levels[-1]
    if len(levels) > 1 and "累计" not in child:
        return child + levels[-2]
    return child


def _dated(text: str) -> str:
    """A header without its brackets, a date in them leading it: 累计完成投资（截至6月底） →
    截至6月底累计完成投资."""
    date = _BRACKET_DATE.search(normalize_text(text))
    return (date[1] if date else "") + strip_annotations(text)


def since_last_year(
    columns: list[tuple[str | None, str, Spans]], titles: list[str]
) -> dict[int, dict[str, Any]]:
    """Positions → what to change, for each (field, header, months) column: the running
    total to a month's end becomes this year's completion minus the total to last year's
    end (``minus``), which is then read for that alone; beside a column naming this year's
    completion (1-6月完成投资), which is read, it is the since-start figure. Nothing when
    either is not one column, or the years do not follow."""
    ends = [j for j, (_, h, _) in enumerate(columns) if _YEAR_END.match(reading(h))]
    months = [j for j, (_, h, _) in enumerate(columns) if _MONTH_END.match(reading(h))]
    if len(ends) != 1 or len(months) != 1:
        return {}
    prev, now = ends[0], months[0]
    own = [j for j, (f, h, _) in enumerate(columns) if f == "completed_ytd" and j != now
           and _THIS_YEAR.search(reading(h))]  # fmt: skip
    if own:  # 1-6月完成投资 is there: it is read; the 截至6月底 total is since the start
        return {now: {"field": "completed_since_start", "months": None}, prev: {"field": None}}
    year_end = _YEAR_END.match(reading(columns[prev][1]))
    month_end = _MONTH_END.match(reading(columns[now][1]))
    assert year_end is not None and month_end is not None
    if year_end[1] is not None:  # 至2023年底: the year before the sheet's, when that is known
        years = {int(month_end[1])} if month_end[1] else _title_years(titles)
        if years and years != {int(year_end[1]) + 1}:
            return {}
    stated = stated_month([("title", re.sub(FILING_DATE, "", t)) for t in titles])
    month = stated if month_end[2] == "本" else int(month_end[2])
    if month is None or not 1 <= month <= 12:
        return {}  # 至本月底 with no month in the title: which months cannot be told
    header = columns[now][1]
    levels, before = header.split("/"), columns[prev][1].split("/")
    same = levels[:-1] == before[:-1] and len(levels) > 1  # 累计完成投资/至6月底−至上年底
    shown = f"{header}−{before[-1] if same else columns[prev][1]}"
    return {
        now: {
            "field": "completed_ytd",
            "months": (1, month),
            "minus": prev,
            "header": shown,
            "part_of": None,
            "unsplit": (),
        },
        prev: {"field": None, "part_of": now, "unsplit": ()},
    }


def _title_years(titles: list[str]) -> set[int]:
    return {int(y) for t in titles for y in re.findall(r"(20\d{2})年", normalize_text(t))}
