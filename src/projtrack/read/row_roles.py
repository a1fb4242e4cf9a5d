"""Projects written over two rows, a 计划 row and a 实际 row, told apart by a column.

Some tables give each project a row of plans and a row of actual figures under one merged
name (序号 | 项目名称 | 县(市、区) | 项目 | 年度计划投资 | 1-3月完成投资, the 项目 column
reading 计划 / 实际): the 1-3月 column holds the quarter's plan on one row and the
completion on the other. Read one row a project, or the rows added as one project's parts,
both are summed into the completion without a word. The reader does not guess which row
holds which figure: the sheet is refused, naming the column.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from projtrack.errors import LedgerError, cell_ref
from projtrack.read.layout import Layout
from projtrack.read.rawsheet import RawSheet
from projtrack.read.values import clean_text

__all__ = ["refuse_row_roles"]

_PLAN = r"^(?:计划|计划数|计划投资|计划完成|年度计划|目标|目标任务)$"
_ACTUAL = r"^(?:实际|实际数|实际完成|完成|完成数|完成投资|实绩)$"


def refuse_row_roles(path: Path, raw: RawSheet, layout: Layout, rows: pl.DataFrame) -> None:
    """Refuse a sheet whose rows are a project's 计划 and 实际 lines, told by a column the
    reader does not use (all its values such words, both kinds present, twice or more)."""
    for column in layout.columns:
        if column.field is not None or f"c{column.index}" not in rows.columns:
            continue
        values = rows.select(clean_text(pl.col(f"c{column.index}")).alias("v"))["v"].drop_nulls()
        if values.len() < 4:
            continue
        plan = int(values.str.contains(_PLAN).sum())
        actual = int(values.str.contains(_ACTUAL).sum())
        if plan >= 2 and actual >= 2 and plan + actual == values.len():
            where = cell_ref(raw.name, layout.header_start + 1, column.index + raw.col_offset)
            raise LedgerError(
                path,
                f"{where} “{column.header or '(无表头)'}”: each project is written over a 计划 "
                "row and a 实际 row; the reader reads one row a project and cannot tell which "
                "figure each row holds. Put the plan and the completion in columns of their "
                "own (年度计划投资 | 1-N月完成投资), one row a project",
            )
