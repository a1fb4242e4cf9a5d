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

__all__ = ["fmt", "refuse_head", "refuse_undecided", "refuse_unlabelled_total", "skipped_rows"]


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
                           f"第{other[0] - 1}行是另一张表的表头（另起一张表），"
                           f"其下 {len(other)} 行未作为项目读取"))  # fmt: skip
    return out


def refuse_head(path: Path, raw: RawSheet, rec: dict[str, Any], use: ColumnUse, i: int) -> None:
    """A row read as heading others (a parent project, a place) whose figures are not theirs."""
    cell = cell_ref(raw.name, rec["_row"], use.column)
    what = "带子项目的项目" if rec["_kind"] == "parent" else "地区或分类的标题行"
    raise LedgerError(path, (
        f"{cell}: 第{rec['_row']}行读作上级行（{what}），但其{use.header} {fmt(rec[f'g{i}'])} "
        f"与其下各行之和 {fmt(rec[f'e{i}'])} 不符；无法判断应计入该行还是其下各行，"
        "请核对台账（上级行应等于其下各行之和）"), raw.name)  # fmt: skip


_SUMMED = ("total_investment", "annual_plan", "completed_ytd")


def refuse_unlabelled_total(
    path: Path, raw: RawSheet, projects: pl.DataFrame, name_col: int | None
) -> None:
    """A row read as a project whose figures are the sum of all the others: a total row
    whose label the reader does not know. Counting it would double every total."""
    if projects.height < 4 or "_row" not in projects.columns:
        return
    fields = [f for f in _SUMMED if f in projects.columns and projects[f].fill_null(0).sum() > 0]
    if len(fields) < 2:
        return
    sums = {f: float(projects[f].fill_null(0).sum()) for f in fields}
    # Half a unit of a total typed without decimals, half a tenth with one, when the total
    # is large enough for that to be a rounding (2 against 2.46 is not one: small figures,
    # a 亿元 ledger read as 万元, must agree to the cent); two figures agreeing are enough
    # (a completion retyped by hand may be off by a few, as the docs say).
    halves = []
    for f, s in sums.items():
        x = pl.col(f).fill_null(0)
        whole = pl.when(x == x.round(0)).then(0.5).otherwise(0.05)
        slack = pl.when(x >= 50).then(whole).otherwise(0.005)
        halves.append((((2 * x - s).abs() <= slack) & (x > 0)).cast(pl.Int8))
    hit = projects.filter(pl.sum_horizontal(halves) >= 2)
    if hit.height == 0:
        return
    row, name = hit["_row"][0], hit["name"][0]
    raise LedgerError(path, (
        f"{cell_ref(raw.name, row, name_col)}: “{name}”的金额（两项及以上）恰为其余"
        f" {projects.height - 1} 个项目之和，像是标签未被识别的合计行；计入会使合计翻倍。"
        "若是合计行请把标签写作“合计”，若确是项目请核对金额"), raw.name)  # fmt: skip


def refuse_undecided(path: Path, raw: RawSheet, rows: pl.DataFrame, name_col: int | None) -> None:
    """A name ending in a count or a colon (新建5G基站200个) under which the sheet's 合计
    agrees neither when it is read as a project nor as a section (marked ``_undecided``)."""
    if "_undecided" not in rows.columns:
        return
    hit = rows.filter(pl.col("_undecided").fill_null(False))
    if hit.height == 0:
        return
    row, label = hit["_row"][0], hit["_label"][0]
    raise LedgerError(path, (
        f"{cell_ref(raw.name, row, name_col)}: “{label}”可读作项目（名称以个数或冒号结尾），"
        "也可读作其下各行的分类标题，但两种读法下合计行均对不上；无法判断是否计入，"
        "请核对该行与合计行"), raw.name)  # fmt: skip
