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
    out += _component_rows(raw, rows)
    other = rows.filter(pl.col("_kind") == "other_table")["_row"].to_list()
    if other:
        out.append(Finding(raw.name, other[0], None, "second_table",
                           f"第{other[0] - 1}行是另一张表的表头（另起一张表），"
                           f"其下 {len(other)} 行未作为项目读取"))  # fmt: skip
    return out


def _component_rows(raw: RawSheet, rows: pl.DataFrame) -> list[Finding]:
    """Rows without 序号 read as parts of the project above them (``read/components.py``)."""
    if "_part_of" not in rows.columns:
        return []
    parts = rows.filter(pl.col("_part_of").is_not_null())
    out = []
    confirmed = bool(parts["_part_confirmed"][0]) if parts.height else False
    names = dict(rows.filter(pl.col("_row").is_in(parts["_part_of"].implode()))
                 .select("_row", "_label").iter_rows())  # fmt: skip
    for (project,), group in parts.group_by("_part_of", maintain_order=True):
        at = group["_row"].to_list()
        where = f"第{at[0]}行" if len(at) == 1 else f"第{at[0]}—{at[-1]}行"
        named = "、".join(f"“{t}”" for t in group["_label"].to_list()[:3])
        more = f"等{len(at)}行" if len(at) > 3 else ""
        why = ("，与本表合计一致" if confirmed
               else "；若是单独的项目（漏填序号），请补填序号后重新读取")  # fmt: skip
        out.append(Finding(raw.name, at[0], None, "component_row",
                           f"{where}（{named}{more}）没有序号，紧随第{project}行“{names.get(project)}”"
                           f"的其中行、金额在该项目之内，读作该项目的组成部分，未单独计为项目{why}",
                           "info" if confirmed else "warning"))  # fmt: skip
    return out


def refuse_head(path: Path, raw: RawSheet, rec: dict[str, Any], use: ColumnUse, i: int) -> None:
    """A row read as heading others (a parent project, a place) whose figures are not theirs."""
    cell = cell_ref(raw.name, rec["_row"], use.column)
    what = "带子项目的项目" if rec["_kind"] == "parent" else "地区或分类的标题行"
    raise LedgerError(path, (
        f"{cell}: 第{rec['_row']}行读作上级行（{what}），但其{use.header} {fmt(rec[f'g{i}'])} "
        f"与其下各行之和 {fmt(rec[f'e{i}'])} 不符；无法判断应计入该行还是其下各行，"
        "请核对台账（上级行应等于其下各行之和）"), raw.name)  # fmt: skip


def refuse_unlabelled_total(
    path: Path,
    raw: RawSheet,
    rows: pl.DataFrame,
    projects: pl.DataFrame,
    money: list[ColumnUse],
    name_col: int | None,
) -> None:
    """A row read as a project whose figures are the sum of all the others: a total row
    whose label the reader does not know. Counting it would double every total.

    Compared in the column's own unit (``_n<j>`` of ``rows``), each figure within the
    rounding of the digits it shows (``62.6`` against 62.55; ``2`` against 2.46 too, but
    ``1.64`` not against 1.35), as a 合计 is checked on reconciling; two figures agreeing
    are enough (a completion retyped by hand may be off by a few, as the docs say) when they
    are at least half of the figures the row has.
    """
    if projects.height < 4 or "_row" not in projects.columns:
        return
    read = rows.filter(pl.col("_row").is_in(projects["_row"].implode()))
    columns = [(f"_n{j}", f"c{j}") for u in money
               if f"_n{(j := u.column - raw.col_offset)}" in read.columns]  # fmt: skip
    sums = {n: float(read[n].fill_null(0).sum()) for n, _ in columns}
    columns = [(n, c) for n, c in columns if sums[n] > 0]
    if len(columns) < 2:
        return
    agree, filled = [], []
    for number, text in columns:
        x = pl.col(number).fill_null(0)
        decimals = (
            pl.col(text).str.extract(r"\.(\d+)\s*$").str.len_chars().fill_null(0).cast(pl.Int32)
        )
        half = pl.max_horizontal(pl.lit(0.01), 0.5 * pl.lit(10.0).pow(-decimals))
        close = (2 * x - sums[number]).abs() <= half + 1e-9 * sums[number]
        agree.append((close & (x > 0)).cast(pl.Int8))
        filled.append((x > 0).cast(pl.Int8))
    # Two agreeing, and at least half of the row's figures: a total agrees in (nearly) every
    # column, while among a dozen month columns in 亿元 two may agree with the rest by chance.
    hits = pl.sum_horizontal(agree)
    hit = read.filter((hits >= 2) & (2 * hits >= pl.sum_horizontal(filled)))
    if hit.height == 0:
        return
    row = hit["_row"][0]
    name = projects.filter(pl.col("_row") == row)["name"][0]
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
