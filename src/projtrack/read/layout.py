"""Finding the structure of one sheet: title rows, the header block, and what each column is.

A ledger sheet is a title, a unit line, a header of one to three rows (merged parents
over children such as "1-3月完成投资" over "金额" | "占年度计划%"), then project rows mixed
with section rows, subtotals and notes. This module only looks at the top of the sheet
and at the header; row classification lives in :mod:`projtrack.rows`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from itertools import takewhile

import polars as pl

from projtrack.read.fields import (
    BARE_PLAN,
    HeaderMatch,
    header_months,
    match_header,
    normalize_text,
    strip_annotations,
)
from projtrack.read.header_block import (
    adds_children,
    combine,
    is_blank,
    spread_parents,
    unread_parts,
    unread_start_parents,
)
from projtrack.read.headrows import is_column_number_row, unit_row, without_unit_cells
from projtrack.read.months import arabic_month, month_blocks
from projtrack.read.prev_month import month_beside_ytd, previous_plus_month
from projtrack.read.running_totals import since_last_year
from projtrack.read.subcolumns import (
    ADJUSTED,
    LONE_RUNNING,
    SHARE,
    is_source,
    parts_of_the_year,
    plan_periods,
    read_through,
)
from projtrack.read.unit_lines import stated_units
from projtrack.read.year_share import plan_share, this_year_share
from projtrack.vocab import MONEY_FIELDS

HEADER_SCAN_ROWS = 30
MAX_DEPTH = 4  # header rows: a parent, a grouping row (资金来源), children, their parts


@dataclass(frozen=True)
class Column:
    """One column of the header: where it is, what it says, and what it was matched to."""

    index: int  # 0-based position in the RawSheet frame
    header: str  # the header as written, parent and child joined with "/"
    field: str | None  # canonical field, "seq", "rate" or None
    unit: str | None  # unit written in the header, if any
    months: tuple[int, int] | None = None  # months covered (1-3月 → (1, 3)), if named
    alternative: str | None = None  # the other field an ambiguous header may mean
    # A money header split into its sources (年度计划投资 over 中央 | 省级 | 市县, no total):
    # the column holds their sum (frame indices, this first); the others have ``part_of``.
    parts: tuple[int, ...] = ()
    part_of: int | None = None
    # Sub-columns neither sources nor a total (一季度 | 二季度): refused (read/parts.py).
    unsplit: tuple[str, ...] = ()
    # A running total less the one at last year's end (截至6月底累计 − 至上年底累计): the
    # column subtracted (frame index, with ``part_of`` this one), read/running_totals.py.
    minus: int | None = None


@dataclass
class Layout:
    """The structure found at the top of a sheet."""

    header_start: int  # 0-based frame row of the first header row
    header_depth: int
    columns: list[Column]
    title_lines: list[str] = field(default_factory=list)
    title_unit: str | None = None
    unit_conflict: str | None = None  # 单位：亿元、万元 — two units, no columns said
    numbered: int = 0  # 栏次 rows (1 | 2 | 3 …) right under the header, not data
    table_above: int | None = None  # 0-based row of another project header above, rows between

    @property
    def first_data_row(self) -> int:
        """0-based frame row of the first data row: below the header and its 栏次 row."""
        return self.header_start + self.header_depth + self.numbered

    def fields(self) -> dict[str, Column]:
        """Canonical field → the column used for it.

        The first column matched, except that among several columns naming months
        (1-2月完成投资, 1-3月完成投资, …) the one naming the latest month is taken; the
        loader picks the as-of month's column(s) of such wide ledgers itself
        (see :meth:`month_columns`).
        """
        found: dict[str, Column] = {}
        for col in self.columns:
            if col.field and col.field not in found:
                found[col.field] = col
        # A single later month (8月 over 当月完成投资额) is never the year-to-date when a
        # column from January (or without months) is there; with a month-less one it is
        # then the month's own figure (本月完成投资), as it would be without the 8月 above.
        ytd = [c for c in self.columns if c.field == "completed_ytd"]
        whole = [c for c in ytd if not c.months or c.months[0] == 1]
        if whole and found.get("completed_ytd") not in whole:
            found["completed_ytd"] = whole[0]
        own = [c for c in ytd if c.months and c.months[0] == c.months[1] > 1
               and re.search("当月|本月", normalize_text(c.header))]  # fmt: skip
        if own and "completed_month" not in found and any(not c.months for c in whole):
            found["completed_month"] = replace(own[-1], field="completed_month", months=None)
        for name in ("completed_ytd", "progress_text"):
            months = self.month_columns(name)
            if name in found and found[name].months and months:
                # The latest month, from January where both 9月 and 1-9月 are there.
                found[name] = max(months, key=lambda c: (c.months or (0, 0))[1] * 100
                                  - (c.months or (0, 0))[0])  # fmt: skip
        return found

    def month_columns(self, name: str) -> list[Column]:
        """The columns of a field that name their months, when there are two or more."""
        cols = [c for c in self.columns if c.field == name and c.months]
        return cols if len({c.months for c in cols}) > 1 else []

    def score(self) -> int:
        """How much of a project header this is: distinct canonical fields matched."""
        return len({c.field for c in self.columns if c.field not in (None, "seq", "rate")})


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    text = value.strip()
    return text or None


# A date cell as the reader renders it (2024-05-31 00:00:00): a value, never a header.
_DATE_CELL = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\d{1,2}:\d{2}(?::\d{2})?)?$")


def _is_numberish(text: str) -> bool:
    if _DATE_CELL.match(normalize_text(text)):
        return True
    t = normalize_text(text).replace(",", "").rstrip("%")
    try:
        float(t)
    except ValueError:
        return False
    return True


def _build_columns(rows: list[list[str | None]]) -> list[Column]:
    """Columns of a header block of 1-3 rows, spreading merged parents over their children."""
    grid = spread_parents(rows)
    width = len(grid[0])
    columns = []
    stacks: list[list[str]] = []
    for j in range(width):
        stack = [grid[k][j] for k in range(len(grid))]
        # As written, deduplicated ("项目名称" merged down over "项目名称").
        shown = "/".join(dict.fromkeys(t for t in stack if t))
        texts = read_through([arabic_month(t) for t in stack if t])  # 八月 → 8月
        stacks.append(texts)
        if not texts:
            columns.append(Column(j, "", None, None))
            continue
        parents: list[str | None] = list(texts[:-1])
        match = combine(parents, texts[-1]) if len(texts) > 1 else match_header(texts[0])
        if len(texts) == 1 and not match.field and LONE_RUNNING.match(strip_annotations(texts[0])):
            match = HeaderMatch("completed_ytd", match.unit)
        months = None
        if match.field in ("completed_ytd", "progress_text"):
            # Read from the nearest text naming months down to the child: "8月" over
            # "累计完成投资" is 1-8月, "1-3月完成投资" over "金额" is 1-3月.
            at = next((k for k in range(len(texts) - 1, -1, -1) if header_months(texts[k])), None)
            if at is not None:
                months = header_months("".join(texts[at:]))
        columns.append(Column(j, shown, match.field, match.unit, months, match.alternative))
    columns = _source_parts(columns, stacks)
    changed = month_blocks([c.field for c in columns], stacks)
    return _bare_plan([replace(c, field=changed[c.index][0], months=changed[c.index][1])
                       if c.index in changed else c for c in columns])  # fmt: skip


def _source_parts(columns: list[Column], stacks: list[list[str]]) -> list[Column]:
    """A money header merged over its sources with no total among them (年度计划投资 over
    中央预算内资金 | 地方配套资金): the field is the sum of the sources.

    Read otherwise, the first source would stand for the whole plan without a word. The
    sources are the run of children under one parent, none a money header (金额, 合计),
    each naming a source; a share (占比 %) among them is left out of the sum; any other
    child leaves the run as it was.
    """
    out = list(columns)
    j = 0
    while j < len(columns):
        texts = stacks[j]
        run = [j]
        while (run[-1] + 1 < len(columns) and len(texts) > 1
               and stacks[run[-1] + 1][:-1] == texts[:-1]
               and len(stacks[run[-1] + 1]) == len(texts)):  # fmt: skip
            run.append(run[-1] + 1)
        j = run[-1] + 1
        if len(run) < 2:
            continue
        parent = match_header(texts[-2])
        children = {k: normalize_text(stacks[k][-1]) for k in run}
        plan = parent.field == "annual_plan" or bool(BARE_PLAN.match(normalize_text(texts[-2])))
        periods = plan_periods([children[k] for k in run]) if plan else None
        if periods is not None:  # 2024年投资计划 over 全年 | 1-6月(累计): the plan and the period's
            for k, (name, months) in zip(run, periods, strict=True):
                unit = columns[k].unit or parent.unit
                out[k] = replace(columns[k], field=name, months=months, unit=unit)
            continue
        # A child may match a field of its own (市县 is a county header): under a money
        # parent it is a source; a money child (金额, 合计) means the run is not split.
        if any(columns[k].field in MONEY_FIELDS for k in run):
            continue
        # 其中：专项债券 is a share of the column before it, never a source to add; a money
        # header over 其中 shares alone has no column of the whole: refused (read/parts.py).
        shares = [k for k in run if children[k].startswith("其中")]
        if shares == run and parent.field in MONEY_FIELDS:
            out[run[0]] = replace(columns[run[0]], field=parent.field,
                                  unsplit=tuple(stacks[k][-1] for k in run))  # fmt: skip
            for k in run[1:]:
                out[k] = replace(columns[k], field=None, part_of=run[0])
            continue
        run = [k for k in run if k not in shares]
        sources = [k for k in run if not SHARE.search(children[k])]
        if parent.field not in MONEY_FIELDS or len(sources) < 2:
            continue
        adjusted = [k for k in run if ADJUSTED.match(children[k])]
        if len(adjusted) == 1:  # 原计划 | 调整后: the plan in force, the other left alone
            out[adjusted[0]] = replace(columns[adjusted[0]], field=parent.field,
                                       unit=columns[adjusted[0]].unit or parent.unit)  # fmt: skip
            continue
        first = columns[sources[0]]
        year = plan and parts_of_the_year([children[k] for k in sources])
        if not year and not all(is_source(children[k]) for k in sources):
            # Not sources, not a total: which sub-column is the field cannot be told.
            shown = tuple(stacks[k][-1] for k in sources)
            out[sources[0]] = replace(first, field=parent.field, unsplit=shown)
            for k in sources[1:]:
                out[k] = replace(columns[k], field=None, part_of=sources[0])
            continue
        out[sources[0]] = replace(
            first, header="+".join([first.header, *(stacks[k][-1] for k in sources[1:])]),
            field=parent.field, parts=tuple(sources),
            months=header_months("".join(texts[:-1])) if parent.field == "completed_ytd" else None,
        )  # fmt: skip
        for k in sources[1:]:
            out[k] = replace(columns[k], field=None, part_of=sources[0])
    return out


def _bare_plan(columns: list[Column]) -> list[Column]:
    """A bare 计划投资 is the annual plan when the sheet has no other plan column, and a
    总投资 (so it is not the total) and a year-to-date column (so the sheet is a year's)."""
    fields = {c.field for c in columns}
    bare = [c for c in columns if c.field is None and BARE_PLAN.match(strip_annotations(c.header))]
    ytd = "completed_ytd" in fields or any(c.months for c in columns)
    if len(bare) != 1 or "annual_plan" in fields or "total_investment" not in fields or not ytd:
        return columns
    return [replace(c, field="annual_plan") if c is bare[0] else c for c in columns]


# "填报单位:XX县发改局", "单位:万元", "填报日期:2024年4月5日": a line about the table.
_META = re.compile(r"^[^:]{1,8}:.")


def _header_like(row: list[str | None]) -> bool:
    """A row that can be part of a header block: two or more texts, no numbers.

    A title or a unit line ("单位:万元") is a single (merged) cell, never a header row;
    nor is a line of "label: value" cells ("填报单位:XX | 单位:万元").
    """
    cells = [c for c in (_clean(v) for v in row) if c]
    if len(cells) < 2 or any(_is_numberish(c) for c in cells):
        return False
    return not all(_META.match(normalize_text(c)) for c in cells)


def _grouping_like(row: list[str | None]) -> bool:
    """A row that may stand inside a header block: a header row, or one text alone (资金来源
    merged over the sources under it), no numbers."""
    cells = [c for c in (_clean(v) for v in row) if c]
    return _header_like(row) or (len(cells) == 1 and not _is_numberish(cells[0])
                                 and not _META.match(normalize_text(cells[0])))  # fmt: skip


def detect_layout(frame: pl.DataFrame) -> Layout | None:
    """Find the header block of a sheet, or None when the sheet has no project header.

    Each row among the first 30 that looks like a header starts a block that grows
    downwards by up to three rows while that completes a merged parent without losing
    fields (a blank second row, merged away into the parents, is passed over to the
    children under it; a row that loses fields read as the last, such as a grouping row
    资金来源 between 年度计划投资 and its sources, is kept when the row under it gives them
    back); the block matching the most canonical fields wins (the first on a tie).
    """
    if frame.height == 0 or frame.width == 0:
        return None
    raw_rows = [list(row) for row in frame.head(HEADER_SCAN_ROWS + MAX_DEPTH).iter_rows()]
    rows, unit_cell = without_unit_cells(raw_rows)
    best: Layout | None = None
    for start in range(min(HEADER_SCAN_ROWS, len(rows))):
        if not _header_like(rows[start]):
            continue
        layout = Layout(start, 1, _build_columns([rows[start]]))
        for depth in range(2, MAX_DEPTH + 1):
            end = start + depth
            if depth == 2 and end < len(rows) and is_blank(rows[end - 1]):
                continue  # a row merged away into the parents above: their children are below
            if end > len(rows) or not _grouping_like(rows[end - 1]):
                break
            block = rows[start:end]
            if _header_like(block[-1]) and adds_children(block):
                deeper = Layout(start, depth, _build_columns(block))
                if deeper.score() >= layout.score():
                    layout = deeper
                    continue
            if depth > layout.header_depth + 1:
                break  # two rows that are not the header's
            # else perhaps a grouping row (资金来源, 其中, 分季度安排) that says nothing read
            # as the last: the row under it may give its children, as two rows do
        if best is None or layout.score() > best.score():
            best = layout
    if best is None or not _is_project_header(best):
        return None
    best.table_above = _table_above(rows, best)
    below = best.header_start + best.header_depth
    units = unit_row(raw_rows[below]) if below < len(raw_rows) else None
    if units:  # （亿元） | （万元） on a row of their own under the header: part of it
        best.columns = [replace(c, unit=c.unit or units.get(c.index)) for c in best.columns]
        best.header_depth += 1
    below = best.header_start + best.header_depth
    if below < len(rows) and _header_like(rows[below]):  # 开工情况 without its 计划 | 实际
        for j in unread_start_parents([(c.header, c.field) for c in best.columns], rows[below]):
            best.columns[j] = replace(best.columns[j], field=None)
    under = list(takewhile(_grouping_like, rows[below : below + MAX_DEPTH]))
    for j, texts in unread_parts([(c.header, c.field) for c in best.columns], under).items():
        best.columns[j] = replace(best.columns[j], unsplit=texts)  # refused (read/parts.py)
    top = raw_rows[: best.header_start]
    best.title_lines = titles = [t for r in top if (t := " ".join(c for c in map(_clean, r) if c))]
    said = [(c.field, c.header, c.months) for c in best.columns]
    moved = this_year_share(said) | previous_plus_month(said, titles) | plan_share(said)
    moved |= month_beside_ytd(said)
    moved |= since_last_year(said, titles)
    best.columns = [replace(c, **moved.get(k, {})) for k, c in enumerate(best.columns)]
    headers = [(c.header, c.field) for c in best.columns]
    best.title_unit, given, best.unit_conflict = stated_units(titles, unit_cell, headers)
    best.columns = [replace(c, unit=c.unit or given.get(k)) for k, c in enumerate(best.columns)]
    below = best.header_start + best.header_depth
    while below + best.numbered < len(rows) and is_column_number_row(rows[below + best.numbered]):
        best.numbered += 1
    return best


def _is_project_header(layout: Layout) -> bool:
    fields = layout.fields()
    money = {"annual_plan", "completed_ytd", "total_investment"} & fields.keys()
    return "name" in fields and bool(money) and layout.score() >= 2


def _table_above(rows: list[list[str | None]], best: Layout) -> int | None:
    """The row of another project header above the one chosen, with rows between them
    (续建项目 under one header, 新开工项目 under another with one more column): read, the
    chosen header alone would lose the first table's projects without a word."""
    for start in range(best.header_start - 2, -1, -1):
        if _header_like(rows[start]):
            above = Layout(start, 1, _build_columns([rows[start]]))
            if _is_project_header(above) and above.fields().keys() != best.fields().keys():
                return start
    return None
