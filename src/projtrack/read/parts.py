"""A money field read from several columns: 年度计划投资 split into 中央 | 省级 | 市县, or
this year's completion as 截至6月底累计 less 至上年底累计 (``Column.minus``).

:func:`projtrack.read.layout.detect_layout` marks such a field's first column with the
columns it is split into (``Column.parts``). The loader parses every part as money, then
:func:`sum_parts` puts their sum in the first part's parsed column (``_n<j>``), for the
project rows and the 合计/小计 rows alike, so that reading, reconciling and checking
the field treat the sum as one column; :func:`part_uses` gives the other parts, whose
own cells are checked (text where a number belongs) and reconciled one by one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import polars as pl

from projtrack.errors import LedgerError, cell_ref, column_letter
from projtrack.read.fields import unit_factor
from projtrack.read.layout import Column, Layout
from projtrack.read.model import ColumnUse
from projtrack.read.plan_fill import original_index
from projtrack.read.rawsheet import RawSheet
from projtrack.read.subcolumns import grouping_row, is_version
from projtrack.text import normalize_text
from projtrack.vocab import FIELD_LABELS


def sum_parts(
    path: Path, raw: RawSheet, rows: pl.DataFrame, layout: Layout, units: dict[int, str]
) -> pl.DataFrame:
    """``rows`` with each split field's ``_n<first>`` the sum of its parts, in the first
    part's unit; null where every part is empty, as one empty cell would be.

    Raises :class:`LedgerError` for a money header split into sub-columns that are
    neither sources nor a total: reading any one of them would be a guess.
    """
    refuse_unsplit(path, raw, layout)
    refuse_two_tables(path, raw, layout, rows)
    sums = []
    for column in layout.columns:
        if len(column.parts) < 2:
            continue
        base = unit_factor(units[column.index])
        pieces = [pl.col(f"_n{k}") * (unit_factor(units[k]) / base) for k in column.parts]
        present = pl.any_horizontal(p.is_not_null() for p in pieces)
        sums.append(pl.when(present).then(pl.sum_horizontal(pieces)).alias(f"_n{column.index}"))
    rows = rows.with_columns(sums) if sums else rows
    less = []
    for column in layout.columns:  # 截至6月底累计 − 至上年底累计 (an empty one counts 0)
        if column.minus is None:
            continue
        scale = unit_factor(units[column.minus]) / unit_factor(units[column.index])
        now, prev = pl.col(f"_n{column.index}"), pl.col(f"_n{column.minus}") * scale
        less.append(pl.when(now.is_not_null()).then(now - prev.fill_null(0.0))
                    .alias(f"_n{column.index}"))  # fmt: skip
    return rows.with_columns(less) if less else rows


def part_indices(layout: Layout) -> set[int]:
    """Frame indices of the columns read as money besides the fields' own: every part of a
    split field, and the original plan beside an adjusted one (:mod:`plan_fill`)."""
    subtracted = {c.minus for c in layout.columns if c.minus is not None}
    return {k for c in layout.columns for k in c.parts} | original_index(layout) | subtracted


def part_uses(layout: Layout, use_of: Callable[[Column], ColumnUse]) -> list[ColumnUse]:
    """The parts after the first of each split field, as columns of that field."""
    at = {c.index: c for c in layout.columns}
    return [use_of(replace(at[k], field=c.field)) for c in layout.columns
            for k in (*c.parts[1:], *([] if c.minus is None else [c.minus]))]  # fmt: skip


def refuse_unsplit(path: Path, raw: RawSheet, layout: Layout) -> None:
    """Stop on a money header over sub-columns that are neither sources nor a total, saying
    what they are: 其中 shares (parts that need not make the whole), versions of the figure
    (市下达计划 | 县定目标: adding them means nothing, one must be chosen), or words not
    understood."""
    for column in layout.columns:
        if not column.unsplit or column.field is None:
            continue
        levels = column.header.split("/")
        parent = next((t for t in reversed(levels[:-1]) if not grouping_row(t)), levels[0])
        if not normalize_text(column.unsplit[0]).endswith(normalize_text(levels[-1])):
            parent = levels[-1]  # the sub-columns are under the rows read: the column is theirs
        row = _row_of(raw, layout, column, parent)
        first = cell_ref(None, row, column.index + raw.col_offset)
        last = cell_ref(None, row, column.index + raw.col_offset + len(column.unsplit) - 1)
        label = FIELD_LABELS.get(column.field, column.field)
        shown = " | ".join(column.unsplit)
        line = f'"{raw.name}!{column_letter(column.index + raw.col_offset)}" = "{column.field}"'
        if all(normalize_text(c).startswith("其中") for c in column.unsplit):
            detail = (
                f"lists only 其中 shares ({shown}), parts that need not make up the whole, and "
                f"no column holds the whole {label}. Add the column of the whole (合计) "
                f"（{parent}下只有“其中”分项，没有全额列，请增加“合计”列）"
            )
        elif any(is_version(c) for c in column.unsplit):
            detail = (
                f"is given in versions ({shown}), not in parts: their sum means nothing, and "
                f"which one is the {label} cannot be told. Choose one by its column letter "
                f"under [columns] in projtrack.toml, e.g. {line} "
                f"（{parent}有{len(column.unsplit)}种口径，请在 projtrack.toml 的 [columns] "
                "中指定采用哪一列）"
            )
        elif parent == levels[-1]:
            detail = (  # sub-columns on rows under the header block read (read/header_block.py)
                f"is split into {shown} on a header row below the rows read (rows "
                f"{layout.header_start + 1}-{layout.header_start + layout.header_depth}): read "
                f"alone, the column would be its first sub-column, not the {label}. Add a 合计 "
                "sub-column, or keep the header within four rows, or choose one by its column "
                f"letter under [columns] in projtrack.toml, e.g. {line} "
                f"（{parent}下的子列不在所读表头行内，请增加“合计”列或在 [columns] 中指定）"
            )
        else:
            detail = (
                f"is split into {shown}, which are neither sources of the money (中央 | 省级 | "
                f"地方 | 企业自筹 …, added up) nor a 合计: which of them is the {label} cannot "
                "be told. Add a 合计 sub-column, or a column holding the whole amount, or "
                f"choose one by its column letter under [columns] in projtrack.toml, e.g. {line} "
                f"（{parent}下的子列无法判断哪一列是全额，请增加“合计”列或在 [columns] 中指定）"
            )
        raise LedgerError(path, f"{first}:{last} {parent} {detail}", sheet=raw.name)


def _row_of(raw: RawSheet, layout: Layout, column: Column, parent: str) -> int:
    """The 1-based row of a refused column's merged parent (its text, in its first cell)."""
    name, top = f"c{column.index}", layout.header_start
    for r in range(top, min(raw.frame.height, top + layout.header_depth)):
        cell = raw.frame[r, name] if name in raw.frame.columns else None
        if cell and normalize_text(cell) == normalize_text(parent):
            return r + 1
    return top + 1


def refuse_two_tables(path: Path, raw: RawSheet, layout: Layout, rows: pl.DataFrame) -> None:
    """Stop on a sheet holding two project tables under different headers: only one
    header can be read, and the other table's projects would be lost without a word (or
    read in the wrong columns). The other header is above the one read
    (``layout.table_above``) or anywhere below, its columns in another order (a row of
    kind ``foreign_header``, see :mod:`projtrack.read.headrows`)."""
    below = rows.filter(pl.col("_kind") == "foreign_header")["_row"].head(1).to_list()
    if layout.table_above is None and not below:
        return
    first = layout.table_above + 1 if layout.table_above is not None else layout.header_start + 1
    second = below[0] if below else layout.header_start + 1
    raise LedgerError(
        path,
        f"rows {first} and {second} are both project headers, with different columns: the "
        "sheet holds two tables (续建项目 | 新开工项目 …) and only one header can be read. "
        "Put each table on a sheet of its own, or give them the same columns "
        f"（第{first}行和第{second}行是两张不同表头的项目表，请分到两个工作表或统一列）",
        sheet=raw.name,
    )
