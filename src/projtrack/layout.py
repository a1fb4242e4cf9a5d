"""Finding the structure of one sheet: title rows, the header block, and what each column is.

A ledger sheet is a title, a unit line, a header of one to three rows (merged parents
over children such as "1-3月完成投资" over "金额" | "占年度计划%"), then project rows mixed
with section rows, subtotals and notes. This module only looks at the top of the sheet
and at the header; row classification lives in :mod:`projtrack.rows`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from .fields import HeaderMatch, find_unit, match_header, normalize_text

HEADER_SCAN_ROWS = 30
# Child headers that only say "the amount" of the parent: 金额 under 1-3月完成投资.
GENERIC_CHILDREN = {"金额", "投资额", "数额", "额度", "投资", "完成", "万元", "亿元", "元", "合计"}


@dataclass(frozen=True)
class Column:
    """One column of the header: where it is, what it says, and what it was matched to."""

    index: int  # 0-based position in the RawSheet frame
    header: str  # the header as written, parent and child joined with "/"
    field: str | None  # canonical field, "seq", "rate" or None
    unit: str | None  # unit written in the header, if any


@dataclass
class Layout:
    """The structure found at the top of a sheet."""

    header_start: int  # 0-based frame row of the first header row
    header_depth: int
    columns: list[Column]
    title_lines: list[str] = field(default_factory=list)
    title_unit: str | None = None

    @property
    def first_data_row(self) -> int:
        """0-based frame row just below the header block."""
        return self.header_start + self.header_depth

    def fields(self) -> dict[str, Column]:
        """Canonical field → the first column matched to it."""
        found: dict[str, Column] = {}
        for col in self.columns:
            if col.field and col.field not in found:
                found[col.field] = col
        return found

    def score(self) -> int:
        """How much of a project header this is: distinct canonical fields matched."""
        return len({c.field for c in self.columns if c.field not in (None, "seq", "rate")})


def _top_rows(frame: pl.DataFrame) -> list[list[str | None]]:
    head = frame.head(HEADER_SCAN_ROWS + 3)
    return [list(row) for row in head.iter_rows()]


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    text = value.strip()
    return text or None


def _is_numberish(text: str) -> bool:
    t = normalize_text(text).replace(",", "").rstrip("%")
    try:
        float(t)
    except ValueError:
        return False
    return True


def _combine(parents: list[str | None], child: str | None) -> HeaderMatch:
    """Match a column whose header spans rows: the joined text, the child, then the parent."""
    texts = [p for p in parents if p]
    if child and texts:
        joined = match_header("".join([*texts, child]))
        if joined.field:
            return joined
    if child:
        own = match_header(child)
        if own.field:
            return own
        if texts and normalize_text(child).strip("()") not in GENERIC_CHILDREN:
            # A specific child (e.g. 占比) under a parent we know is not the parent itself.
            parent = match_header(texts[-1])
            if parent.field in ("rate", "progress_text", "problems", "remarks"):
                return HeaderMatch(parent.field, own.unit or parent.unit)
            return HeaderMatch(None, own.unit or parent.unit)
    for text in reversed(texts):
        parent = match_header(text)
        if parent.field:
            unit = (match_header(child).unit if child else None) or parent.unit
            return HeaderMatch(parent.field, unit)
    return HeaderMatch(None, match_header(child).unit if child else None)


def _build_columns(rows: list[list[str | None]]) -> list[Column]:
    """Columns of a header block of 1-3 rows, spreading merged parents over their children."""
    width = max(len(r) for r in rows)
    grid = [[_clean(r[j]) if j < len(r) else None for j in range(width)] for r in rows]
    # A horizontally merged parent keeps its text only in its first cell: carry it right
    # over the columns that have a child below and an empty parent cell.
    for level in range(len(grid) - 1):
        carried: str | None = None
        for j in range(width):
            below = any(grid[k][j] for k in range(level + 1, len(grid)))
            if grid[level][j] is not None:
                carried = grid[level][j] if below else None
            elif carried is not None and below:
                grid[level][j] = carried
            else:
                carried = None
    columns = []
    for j in range(width):
        stack = [grid[k][j] for k in range(len(grid))]
        texts = [t for t in stack if t]
        if not texts:
            columns.append(Column(j, "", None, None))
            continue
        match = _combine(texts[:-1], texts[-1]) if len(texts) > 1 else match_header(texts[0])
        # Deduplicate repeated texts from vertical merges ("项目名称" over "项目名称").
        shown = "/".join(dict.fromkeys(texts))
        columns.append(Column(j, shown, match.field, match.unit))
    return columns


def _header_like(row: list[str | None]) -> bool:
    """A row that can be part of a header block: two or more texts, and no numbers.

    A title or a unit line ("单位:万元") is a single (merged) cell, never a header row.
    """
    cells = [c for c in (_clean(v) for v in row) if c]
    return len(cells) >= 2 and not any(_is_numberish(c) for c in cells)


def detect_layout(frame: pl.DataFrame) -> Layout | None:
    """Find the header block of a sheet, or None when the sheet has no project header.

    The header row is the row (among the first 30) whose cells match the most canonical
    fields; the block grows downwards by up to two rows while that adds fields or
    completes a merged parent.
    """
    if frame.height == 0 or frame.width == 0:
        return None
    rows = _top_rows(frame)
    best: Layout | None = None
    for start in range(min(HEADER_SCAN_ROWS, len(rows))):
        if not _header_like(rows[start]):
            continue
        layout = Layout(start, 1, _build_columns([rows[start]]))
        if best is not None and layout.score() <= best.score():
            continue
        for depth in (2, 3):
            end = start + depth
            if end > len(rows) or not _header_like(rows[end - 1]):
                break
            deeper = Layout(start, depth, _build_columns(rows[start:end]))
            if deeper.score() < layout.score() or not _adds_children(rows[start:end]):
                break
            layout = deeper
        best = layout
    if best is None or not _is_project_header(best):
        return None
    titles = []
    for row in rows[: best.header_start]:
        text = " ".join(c for c in (_clean(v) for v in row) if c)
        if text:
            titles.append(text)
    best.title_lines = titles
    best.title_unit = next((u for u in map(find_unit, titles) if u), None)
    return best


def _adds_children(block: list[list[str | None]]) -> bool:
    """True when the last row has text under an empty cell of the row above (a merged parent)."""
    above, last = block[-2], block[-1]
    return any(
        _clean(value) and (j >= len(above) or _clean(above[j]) is None)
        for j, value in enumerate(last)
    )


def _is_project_header(layout: Layout) -> bool:
    fields = layout.fields()
    money = {"annual_plan", "completed_ytd", "total_investment"} & fields.keys()
    return "name" in fields and bool(money) and layout.score() >= 2
