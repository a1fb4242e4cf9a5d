"""How the rows of a header block read together: a merged parent spread over its
children, a child read under its parents, and whether one more row belongs to the block.

:mod:`projtrack.read.layout` grows a header block downwards row by row. A row of
children under merged parents — ``1-3月完成投资`` over ``金额（亿元） | 占年度计划%``,
``开工情况`` over ``计划开工时间 | 实际开工时间`` — must be read with the block: left out,
the parent alone stands for its first child (the completion in 万元 where the child says
亿元, 10⁴ too small; the planned start dates read as actual ones), and the totals agree
because they are misread the same way.
"""

from __future__ import annotations

import re

from projtrack.read.fields import (
    HeaderMatch,
    find_unit,
    match_header,
    normalize_text,
    strip_annotations,
)
from projtrack.read.months import by_month_stem
from projtrack.read.subcolumns import (
    DATED_PARENT,
    MONTH_ONLY,
    SHARE,
    child_reading,
    completion_parent,
)
from projtrack.text import period_words
from projtrack.vocab import MONEY_FIELDS

__all__ = [
    "GENERIC_CHILDREN",
    "adds_children",
    "combine",
    "is_blank",
    "is_generic",
    "spread_parents",
    "unread_parts",
    "unread_start_parents",
]

GENERIC_CHILDREN = {  # children that only say "the amount" of the parent: 金额 under 1-3月完成投资
    "金额", "投资额", "数额", "额度", "投资", "完成", "万元", "亿元", "元", "合计", "小计", "总计",
    "总额", "计划总额", "合计数", "总数", "完成额", "完成数", "计"}  # fmt: skip

# Fields a parent over dated children (开工情况 over 计划开工时间 | 实际开工时间) may match alone.
_DATE_FIELDS = ("planned_start", "actual_start", "planned_finish")


def is_generic(child: str) -> bool:
    """A child that says only "the amount" of its parent, in a unit or not: 金额,
    金额（亿元）, 金额(万元), 完成额（万元）, （亿元）. Its unit is the column's; the field is
    the parent's."""
    return strip_annotations(child).strip("()") in GENERIC_CHILDREN


def is_blank(row: list[str | None]) -> bool:
    """No text in any cell: a header row merged away into the rows above it."""
    return not any(v and v.strip() for v in row)


def spread_parents(rows: list[list[str | None]]) -> list[list[str | None]]:
    """The block as a grid, each horizontally merged parent carried over its children.

    Excel keeps a merged parent's text in its first cell only: it is carried right over
    the cells that have a child below and an empty cell of their own. It never crosses a
    column where a row above it starts a text: a merged cell lies within its parent
    (``1-3月完成投资`` on row 3 does not run on under ``开工情况`` merged over rows 2-3).
    """
    width = max(len(r) for r in rows)
    written = [[_clean(r[j]) if j < len(r) else None for j in range(width)] for r in rows]
    grid = [list(r) for r in written]
    for level in range(len(grid) - 1):
        carried: str | None = None
        for j in range(width):
            below = any(grid[k][j] for k in range(level + 1, len(grid)))
            if grid[level][j] is not None:
                carried = grid[level][j] if below else None
            elif any(written[k][j] for k in range(level)):
                carried = None  # a parent above starts here: this level's merge has ended
            elif carried is not None and below:
                grid[level][j] = carried
            else:
                carried = None
    return grid


def adds_children(block: list[list[str | None]]) -> bool:
    """True when the last row has text under an empty cell of the row above it (a merged
    parent); a blank row between them (merged into the rows above) is passed over."""
    *above_rows, last = block
    filled = [r for r in above_rows if not is_blank(r)]
    above = filled[-1] if filled else []
    return any(
        _clean(value) and (j >= len(above) or _clean(above[j]) is None)
        for j, value in enumerate(last)
    )


def combine(parents: list[str | None], child: str | None) -> HeaderMatch:
    """Match a column whose header spans rows, from the most specific reading to the least.

    Tried in order: the texts joined from each level down to the child ("投资情况" +
    "1-3月" + "完成投资", then "1-3月完成投资", then the child alone); a month child
    before its parent ("完成投资" over "3月" → "3月完成投资"); then a generic child
    (金额, 金额（亿元）) takes its parent's field. The unit is the nearest one written on
    the way up: the child's own first.
    """
    texts = [p for p in parents if p]
    units = [u for u in (find_unit(t) for t in [child or "", *reversed(texts)]) if u]
    unit = units[0] if units else None
    texts = [completion_parent(t) for t in texts]

    def found(match: HeaderMatch) -> HeaderMatch:
        return HeaderMatch(match.field, unit, match.alternative)

    if child:
        for k in range(len(texts) + 1):
            joined = match_header("".join([*texts[k:], child]))
            if joined.field:
                return found(joined)
        month = MONTH_ONLY.match(normalize_text(child))
        if texts and (month or MONTH_ONLY.match(period_words(normalize_text(child)))):
            for text in reversed(texts):
                # 1月 under 2024年逐月完成投资 reads as 1月完成投资, 二季度 under 完成投资 as
                # 二季度完成投资 (its own months, 4-6月) — a quarter under a plan is a part of
                # the year's plan (2024年计划投资 over 一季度 … 四季度: their sum), not its own.
                for stem in dict.fromkeys((text, by_month_stem(text))):
                    swapped = match_header(child + stem)
                    if swapped.field and (month or swapped.field == "completed_ytd"):
                        return found(swapped)
        for text in reversed(texts):  # 本年累计 under 2024年完成投资, 计划 under 开工时间
            reading = child_reading(child, text)
            if reading and (swapped := match_header(reading)).field:
                return found(swapped)
        if texts and not is_generic(child):
            # A specific child (e.g. 占比) under a parent we know is not the parent itself.
            parent = match_header(texts[-1])
            if parent.field in ("rate", "progress_text", "problems", "remarks"):
                return found(parent)
            if parent.field in MONEY_FIELDS and SHARE.search(strip_annotations(child)):
                return HeaderMatch("rate", None)  # 占比 under 1-3月完成投资: a share, not money
            return HeaderMatch(None, unit)
    if child and len(texts) > 1:  # 金额 under 2024年投资 / 计划: as 计划 under 2024年投资
        above: list[str | None] = list(texts[:-1])
        whole = combine(above, texts[-1])
        if whole.field:
            return found(whole)
    for text in reversed(texts):
        parent = match_header(text)
        if parent.field:
            return found(parent)
    return HeaderMatch(None, unit)


def unread_start_parents(
    headers: list[tuple[str, str | None]], below: list[str | None]
) -> list[int]:
    """Columns whose date field was read from a parent alone while the row under the
    block holds its dated children: ``开工情况`` (read as 实际开工) over ``计划开工时间 |
    实际开工时间`` on a row the block did not take. The parent's column holds the first
    child's dates (the planned ones): read as actual, 应开未开 goes unseen.

    ``headers`` are (header as written, field) by column; ``below`` the row under the block.
    """
    if sum(1 for v in below if _clean(v)) < 2:
        return []
    found = []
    for j, (header, name) in enumerate(headers):
        # 开工情况 under 项目建设情况 too; never 开工情况/实际开工时间, read from its own child.
        own = strip_annotations(header.split("/")[-1])
        if name not in _DATE_FIELDS or not DATED_PARENT.match(own):
            continue
        span = [j]
        while span[-1] + 1 < len(headers) and not headers[span[-1] + 1][0]:
            span.append(span[-1] + 1)
        children = [c for k in span if k < len(below) and (c := _clean(below[k]))]
        if any(combine([header], c).field in _DATE_FIELDS for c in children):
            found.append(j)
    return found


# What a data cell holds for "nothing" (a text row of a project without figures): not a header.
_PLACEHOLDER = re.compile(r"^[-/\\无空0.]+$")


def unread_parts(
    headers: list[tuple[str, str | None]], below: list[list[str | None]]
) -> dict[int, tuple[str, ...]]:
    """Money columns merged over sub-columns that rows under the block hold: the block
    stopped above them, and the column read alone is its first sub-column (one source of
    three, one quarter of four). Column → the sub-columns' texts, to be refused by name.

    ``headers`` are (header as written, field) by column; ``below`` the rows under the
    block that may be header rows.
    """
    found: dict[int, tuple[str, ...]] = {}
    for j, (_, name) in enumerate(headers):
        if name not in MONEY_FIELDS:
            continue
        span = [j]
        while span[-1] + 1 < len(headers) and not headers[span[-1] + 1][0]:
            span.append(span[-1] + 1)
        texts = []
        for k in span:  # the lowest text under each column of the span
            cells = [c for row in below if k < len(row) and (c := _clean(row[k]))
                     and not _PLACEHOLDER.match(normalize_text(c))]  # fmt: skip
            if cells:
                texts.append(cells[-1])
        if len(span) > 1 and len(texts) > 1 and not is_generic(texts[0]):
            found[j] = tuple(texts)  # (金额 | 其中：… first: the column read is the whole)
    return found


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    text = value.strip()
    return text or None
