"""A ledger's own 完成率 column, checked cell by cell against completed ÷ plan.

Part of the self-reconciliation (SPEC §5): a stated rate that disagrees with the figures
read says the columns or units were misread, or that the column is worked out another way
(against a 1-N月 plan, say: then one finding names the column, not every row).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import polars as pl

from projtrack.errors import Finding, cell_ref
from projtrack.read.fields import unit_factor
from projtrack.read.rowchecks import fmt
from projtrack.read.values import clean_text, number_column, parse_number
from projtrack.text import normalize_text

if TYPE_CHECKING:
    from projtrack.read.layout import Layout
    from projtrack.read.model import ColumnUse
    from projtrack.read.rawsheet import RawSheet

# A 完成率 column compared with completed ÷ plan: one about the year's plan only.
RATE_HEADER = re.compile(r"完成率|占年度|年度计划|年计划|占计划|完成比例|计划比例|完成进度")
NOT_PLAN_RATE = re.compile(r"总投资|形象|时序|序时|时间进度|开工|概算|同比|增长")
RATE_FLOOD = 5  # more 完成率 mismatches than this, and most rows: one finding for the column
_KINDS = ("project", "breakdown", "total", "subtotal", "section_top", "section_sub")


def stated_rates(
    raw: RawSheet, layout: Layout, rows: pl.DataFrame, uses: list[ColumnUse]
) -> tuple[int, int, list[Finding]]:
    """Each 完成率 cell against completed ÷ plan of its own row: (checked, agreed, findings).

    ``rows`` hold each money column in its own unit (``_n<j>``); the two are compared in
    one unit (计划 in 亿元 beside 完成 in 万元 under a 计量单位 row is 1:10⁴, not 1:1).
    """
    plans = [u for u in uses if u.field == "annual_plan"]
    dones = [u for u in uses if u.field == "completed_ytd"]
    if len(plans) != 1 or len(dones) != 1:
        return 0, 0, []
    plan, done = plans[0], dones[0]
    if done.months and done.months[0] != 1:
        return 0, 0, []
    rates = [c for c in layout.columns if c.field == "rate"
             and RATE_HEADER.search(normalize_text(c.header))
             and not NOT_PLAN_RATE.search(normalize_text(c.header))]  # fmt: skip
    if len(rates) != 1:
        return 0, 0, []
    col = rates[0]
    text = clean_text(pl.col(f"c{col.index}"))
    kept = rows.filter(pl.col("_kind").is_in(_KINDS))
    rate = number_column(kept[f"c{col.index}"])[0]  # parse_number's values, cast where it can
    frame = kept.select(
        "_row",
        text.alias("t"),
        pl.lit(rate).alias("r"),
        (_given(rows, plan, raw) * _factor(plan, layout)).alias("plan"),
        (_given(rows, done, raw) * _factor(done, layout)).alias("done"),
    ).filter(pl.col("r").is_not_null() & (pl.col("plan") > 0) & pl.col("done").is_not_null())
    # Half a unit of the last digit shown; a cell with % is read as a percentage, one
    # without as a fraction (0.4531) or a percentage (45.31), whichever it fits.
    t, r, want = pl.col("t"), pl.col("r"), pl.col("done") / pl.col("plan")
    digits = t.str.extract(r"\.(\d+)").str.len_chars().fill_null(0).cast(pl.Float64)
    half = 0.5 * pl.lit(10.0).pow(-digits) + 1e-9
    pct = t.str.ends_with("%") | t.str.ends_with("％")
    ok = (
        pl.when(pct)
        .then((r * 100 - want * 100).abs() <= half)
        .otherwise(((r - want).abs() <= half) | ((r - want * 100).abs() <= half))
    )
    frame = frame.with_columns(ok.alias("ok"))
    agreed = int(frame["ok"].sum())
    found: list[Finding] = []
    bad = frame.filter(~pl.col("ok")) if agreed < frame.height else frame.clear()
    where = col.index + raw.col_offset
    said = [f"{col.header} 写为 {written}，而{done.header}÷{plan.header} = "
            f"{fmt(d)}÷{fmt(p)} = {d / p * 100:.2f}%"
            for _row, written, _r, p, d, _ok in bad.iter_rows()]  # fmt: skip
    if len(said) > RATE_FLOOD and len(said) * 2 > frame.height:
        # Most rows disagree: the column is worked out another way (against a 1-N月 plan,
        # say). One finding on its header, not one per row.
        cells = "、".join(cell_ref(None, r, where) for r in bad["_row"].head(5).to_list())
        found.append(Finding(
            raw.name, plan.header_row, where, "rate_mismatch",
            f"{col.header} 有 {len(said)}/{frame.height} 行与 {done.header}÷{plan.header} "
            f"不符（如 {cells}；{said[0]}），该列可能按其他口径计算"))  # fmt: skip
        return frame.height, agreed, found
    for row, message in zip(bad["_row"].to_list(), said, strict=True):
        found.append(Finding(raw.name, row, where, "rate_mismatch", message))
    return frame.height, agreed, found


def _given(rows: pl.DataFrame, use: ColumnUse, raw: RawSheet) -> pl.Expr:
    j = use.column - raw.col_offset
    return pl.col(f"_n{j}") if f"_n{j}" in rows.columns else parse_number(pl.col(f"c{j}"))


def _factor(use: ColumnUse, layout: Layout) -> float:
    """The column's unit in 万元 (its own, else the sheet's stated one, else 万元)."""
    return unit_factor(use.unit or layout.title_unit or "万元") / unit_factor("万元")
