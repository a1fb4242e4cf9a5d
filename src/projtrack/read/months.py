"""Headers that give completions month by month, read into the wide-ledger month columns.

Bureaus lay out "completed by month only" in a few ways, each read here into columns
that name their months (see :mod:`projtrack.read.wide` for how they add up):

- ``1月 … 12月`` under a merged parent such as ``2024年逐月完成投资(万元)``: each is the
  month's own completion (``months`` (M, M));
- a block per month, the month in the parent and the field in the child: ``8月`` over
  ``当月完成投资额 | 形象进度`` (the 当月 column is August's own completion, the 形象进度
  August's progress; a ``累计完成投资`` child is January-August);
- ten-day blocks: ``8月`` over ``上旬 | 中旬 | 下旬 | 累计``: the parts are marked
  :data:`TEN_DAY` and the block's 累计 is the month's own completion; without a 累计 the
  loader adds up the parts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from projtrack.read.fields import header_months, strip_annotations
from projtrack.read.subcolumns import YEAR_SCOPE
from projtrack.text import normalize_text

TEN_DAY = "tenday"  # the field of a 上旬/中旬/下旬 column: a part of one month's completion
# The days each ten-day part runs to (下旬: the month's last day).
TEN_DAY_ENDS = {"上旬": 10, "中旬": 20, "下旬": 31}

_AMOUNT = r"(?:完成)?(?:投资)?(?:额)?"
_TEN_DAY = re.compile(rf"^(?:本月|当月)?([上中下])旬{_AMOUNT}$")
_BLOCK_TOTAL = re.compile(rf"^(?:本月|当月|全月)?(?:累计|合计|小计|月计){_AMOUNT}$")
# A parent over 1月 … 12月 that says "by month": 2024年逐月完成投资, 分月完成情况, 月度完成投资.
_BY_MONTH = re.compile(
    r"^(?:\d{4}年度?)?(?:逐月|分月|各月|按月|月度|每月|分季度?|逐季度?|按季度?|各季度?|本年度?|今年)?(.+)$"
)
# Words that make a block a plan (or a target), not a completion.
_PLAN = re.compile(r"计划|目标|任务|预计")


_CN_MONTH = re.compile(r"^((?:\d{4}年)?)(十[一二]|[一二三四五六七八九十])(月份?)$")
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
              "十": 10, "十一": 11, "十二": 12}  # fmt: skip


def arabic_month(text: str) -> str:
    """A month label written in Chinese numerals in digits: ``八月`` → ``8月``, ``十二月份``
    → ``12月份``; any other text as it is."""
    match = _CN_MONTH.match(text.strip())
    return f"{match[1]}{_CN_DIGITS[match[2]]}{match[3]}" if match else text


def by_month_stem(parent: str) -> str:
    """The part of a parent over month columns that names the field: ``2024年逐月完成投资(万元)``
    → ``完成投资(万元)``, so that ``1月`` under it reads as ``1月完成投资(万元)``."""
    text = normalize_text(parent)
    match = _BY_MONTH.match(text)
    return match[1] if match else text


def _single_month(text: str) -> int | None:
    """The month of a text naming one month only (8月, 2024年8月份), else None."""
    months = header_months(text)
    return months[0] if months and months[0] == months[1] else None


def ten_day_part(text: str) -> str | None:
    """上旬/中旬/下旬 when a header is one ten-day part of a month, else None."""
    match = _TEN_DAY.match(strip_annotations(text))
    return f"{match[1]}旬" if match else None


def month_blocks(
    fields: Sequence[str | None], stacks: Sequence[Sequence[str]]
) -> dict[int, tuple[str, tuple[int, int]]]:
    """Columns to re-read where a parent names one month and its children the fields.

    ``fields`` holds what each column was matched to on its own and ``stacks`` its header
    texts from the top row down; the result maps a column's position to its new field and
    months. A 当月完成投资 child under ``8月`` becomes August's own completion; 上旬/中旬/
    下旬 under ``8月`` become :data:`TEN_DAY` parts of August and the 累计/合计 beside
    them August's total; a 累计 alone under ``8月`` is 1-8月. Blocks whose headers speak
    of a plan (计划, 目标) are left alone.
    """
    out: dict[int, tuple[str, tuple[int, int]]] = {}
    blocks: set[tuple[int, int]] = set()  # (header level, month) of the ten-day blocks
    totals: dict[tuple[int, int], list[int]] = {}
    for j, (field, texts) in enumerate(zip(fields, stacks, strict=True)):
        if len(texts) < 2 or any(_PLAN.search(normalize_text(t)) for t in texts):
            continue
        found = next(
            ((level, m) for level in range(len(texts) - 2, -1, -1)
             if (m := _single_month(texts[level]))),
            None,
        )  # fmt: skip
        if found is None:
            continue
        leaf, month = texts[-1], found[1]
        if field == "completed_month":
            out[j] = ("completed_ytd", (month, month))
        elif ten_day_part(leaf):
            out[j] = (TEN_DAY, (month, month))
            blocks.add(found)
        elif _BLOCK_TOTAL.match(strip_annotations(leaf)):
            totals.setdefault(found, []).append(j)
    for key, found_totals in totals.items():
        # Beside ten-day parts a 累计 is the month's own total; alone under 8月 it is 1-8月.
        month = key[1]
        if key in blocks:
            out[found_totals[0]] = ("completed_ytd", (month, month))
            continue
        for j in found_totals:
            if strip_annotations(stacks[j][-1]).startswith("累计") and fields[j] is None:
                out[j] = ("completed_ytd", (1, month))
    out.update(_whole_year(fields, stacks))
    out.update(_running_total(fields, stacks))
    return out


def _running_total(
    fields: Sequence[str | None], stacks: Sequence[Sequence[str]]
) -> dict[int, tuple[str, tuple[int, int]]]:
    """完成投资 over 1月 | 2月 | … | 6月 | 累计: the 累计 (合计, 小计) beside the months is their
    running total, 1-6月 — read as a span of the chain, so that a row with only its 累计
    filled keeps its figure (it was read as empty, said to be missing). Under a parent
    naming the year (2024年完成投资 over 6月 | 累计) one month beside it is enough: the
    累计 is the year so far, where under a bare 完成投资 it may count from the start."""
    out: dict[int, tuple[str, tuple[int, int]]] = {}
    for j, (field, texts) in enumerate(zip(fields, stacks, strict=True)):
        if field is not None or len(texts) < 2 or not _RUNNING.match(strip_annotations(texts[-1])):
            continue
        months = [header_months(stacks[k][-1]) for k, f in enumerate(fields)
                  if f == "completed_ytd" and stacks[k][:-1] == texts[:-1]]  # fmt: skip
        singles = [m for m in months if m and m[0] == m[1]]
        if len(singles) >= 2 and singles[0][0] == 1:
            out[j] = ("completed_ytd", (1, max(m[1] for m in singles)))
        elif singles and YEAR_SCOPE.match(strip_annotations(texts[-2])):
            # 2024年完成投资 over 6月 | 累计: the month and the year so far (1-6月), under a
            # parent naming the year; under a bare 完成投资 the 累计 may count from the start
            out[j] = ("completed_ytd", (1, max(m[1] for m in singles)))
    return out


_RUNNING = re.compile(r"^(?:累计|合计|小计)(?:完成)?(?:投资)?(?:额)?$")


def _whole_year(
    fields: Sequence[str | None], stacks: Sequence[Sequence[str]]
) -> dict[int, tuple[str, tuple[int, int]]]:
    """A 全年完成投资 column beside two or more month spans (1-3月 | 1-6月 | 1-9月 |
    全年完成投资) is the chain's last step, 1-12月, not a month-less year-to-date that
    would make the ledger an ordinary one read at its (empty) latest span."""
    ytd = [j for j, f in enumerate(fields) if f == "completed_ytd"]
    spans = {header_months("".join(stacks[j])) for j in ytd} - {None}
    if len(spans) < 2:
        return {}
    return {j: ("completed_ytd", (1, 12)) for j in ytd
            if header_months("".join(stacks[j])) is None
            and _YEAR_WORD.search(normalize_text("".join(stacks[j])))}  # fmt: skip


_YEAR_WORD = re.compile(r"全年")  # not 年度/本年: "this year so far" in many ledgers
