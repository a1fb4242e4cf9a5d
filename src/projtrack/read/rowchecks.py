"""Rows reconciling reports on: rows not read, and rows read as heading others.

Split from :mod:`projtrack.read.reconcile`: empty template rows and a second table
below the ledger are reported (``template_rows``, ``second_table``); a row read as a
parent project or a place heading whose figures are not the sum of the rows under it
is refused, the reader being unable to tell which rows hold the money.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from projtrack.errors import Finding, LedgerError, cell_ref

if TYPE_CHECKING:
    from projtrack.read.model import ColumnUse
    from projtrack.read.rawsheet import RawSheet

__all__ = ["fmt", "refuse_head", "skipped_rows"]


def fmt(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def skipped_rows(raw: RawSheet, rows: pl.DataFrame) -> list[Finding]:
    """Empty template rows and a second table below the ledger, both not read."""
    out: list[Finding] = []
    template = rows.filter(pl.col("_kind") == "template")["_row"].to_list()
    if template:
        cells = "、".join(str(r) for r in template[:10]) + ("…" if len(template) > 10 else "")
        out.append(Finding(raw.name, template[0], None, "template_rows",
                           f"{len(template)} 行只有序号、没有项目名称和金额（空白模板行），"
                           f"未计入：第{cells}行", "info"))  # fmt: skip
    other = rows.filter(pl.col("_kind") == "other_table")["_row"].to_list()
    if other:
        out.append(Finding(raw.name, other[0], None, "second_table",
                           f"第{other[0] - 1}行重复“项目名称”表头、另起一张表，"
                           f"其下 {len(other)} 行未作为项目读取"))  # fmt: skip
    return out


def refuse_head(path: Path, raw: RawSheet, rec: dict[str, Any], use: ColumnUse, i: int) -> None:
    """A row read as heading others (a parent project, a place) whose figures are not theirs."""
    cell = cell_ref(raw.name, rec["_row"], use.column)
    what = "带子项目的项目" if rec["_kind"] == "parent" else "地区标题行"
    raise LedgerError(path, (
        f"{cell}: 第{rec['_row']}行读作上级行（{what}），但其{use.header} {fmt(rec[f'g{i}'])} "
        f"与其下各行之和 {fmt(rec[f'e{i}'])} 不符；无法判断应计入该行还是其下各行，"
        "请核对台账（上级行应等于其下各行之和）"), raw.name)  # fmt: skip
