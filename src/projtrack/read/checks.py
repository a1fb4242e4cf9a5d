"""Content checks of SPEC §6: each finding names the cell it is about.

Warnings never stop a run: plan 0, completed > 3× plan, completed > total investment,
negative values, a required value missing, a duplicate project, a subtotal that does
not match its rows, and a column whose magnitudes look like 元 or 亿元 in a 万元 column.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from projtrack.errors import CellError, Finding
from projtrack.read.fields import unit_factor
from projtrack.read.values import parse_number
from projtrack.vocab import FIELD_LABELS, MONEY_FIELDS, REQUIRED_FIELDS

if TYPE_CHECKING:
    from projtrack.read.layout import Layout
    from projtrack.read.model import ColumnUse, SheetInfo
    from projtrack.read.sources import RawSheet

# Tolerance for a subtotal, in the column's own unit: ledgers type whole or 2-decimal values.
TOTAL_TOLERANCE = 0.01
OVERRUN_FACTOR = 3.0


def _fmt(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def check_projects(projects: pl.DataFrame, sheets: list[SheetInfo]) -> list[Finding]:
    """Row-level checks on the stacked projects (amounts already in 万元)."""
    cols = {(c.sheet, c.field): c.column for s in sheets for c in s.columns}
    out: list[Finding] = []

    def add(frame: pl.DataFrame, field: str, code: str, template: str) -> None:
        for rec in frame.iter_rows(named=True):
            col = cols.get((rec["_sheet"], field))
            out.append(Finding(rec["_sheet"], rec["_row"], col, code, template.format(**rec)))

    plan, done, total = pl.col("annual_plan"), pl.col("completed_ytd"), pl.col("total_investment")
    rules: list[tuple[pl.Expr, str, str, str]] = [
        (plan.is_null(), "annual_plan", "plan_missing",
         "{name}: 年度计划投资为空,不计完成率(仍计入项目个数)"),
        (plan == 0, "annual_plan", "plan_zero", "{name}: 年度计划投资为0,不计完成率"),
        (done.is_null() & plan.is_not_null(), "completed_ytd", "completed_missing",
         "{name}: 累计完成投资为空,按0计"),
        ((plan > 0) & (done > OVERRUN_FACTOR * plan), "completed_ytd", "completed_over_3x_plan",
         "{name}: 累计完成投资{completed_ytd:,.2f}万元超过年度计划"
         "{annual_plan:,.2f}万元的3倍,请核实"),
        ((total > 0) & (done > total), "completed_ytd", "completed_over_total",
         "{name}: 本年累计完成投资{completed_ytd:,.2f}万元超过总投资{total_investment:,.2f}万元"),
    ] + [
        (pl.col(field) < 0, field, "negative",
         f"{{name}}: {FIELD_LABELS[field]}为负数({{{field}}}万元)")
        for field in MONEY_FIELDS
    ]  # fmt: skip
    # Every rule's mask in one pass; only the rules that hit filter the projects.
    masks = projects.select(rule[0].fill_null(False).alias(f"m{i}") for i, rule in enumerate(rules))
    hits = masks.select(pl.all().any()).row(0)
    for i, (_, field, code, template) in enumerate(rules):
        if hits[i]:
            add(projects.filter(masks[f"m{i}"]), field, code, template)
    # A duplicate: the same name (and region, where there is one) appears twice.
    key = ["name", "region"]
    dup = projects.filter(pl.struct(key).is_duplicated() & pl.col("name").is_not_null())
    firsts = dup.group_by(key, maintain_order=True).agg(
        pl.col("_sheet").first().alias("_s"), pl.col("_row").first().alias("_r")
    )
    dup = dup.join(firsts, on=key, how="left", nulls_equal=True).filter(
        (pl.col("_sheet") != pl.col("_s")) | (pl.col("_row") != pl.col("_r"))
    )
    add(dup, "name", "duplicate", "{name}: 与 {_s} 第{_r}行 重复")
    return out


def check_totals(
    raw: RawSheet, layout: Layout, rows: pl.DataFrame, uses: list[ColumnUse], title_unit: str
) -> list[Finding]:
    """Compare each 合计/小计/section figure with the sum of the project rows it covers.

    合计/总计 covers every project of the sheet; 小计 covers the projects since the last
    section, 小计 or 合计 row; a section row's own figures cover the projects of that
    section (a top section includes its sub-sections). Done with cumulative sums, so
    the cost does not depend on how many totals there are.
    """
    money = [u for u in uses if u.field in ("total_investment", "annual_plan", "completed_ytd")]
    kind = pl.col("_kind")
    marks = ["total", "subtotal", "section_top", "section_sub"]
    if not money or not rows.select(kind.is_in(marks).any()).item():
        return []
    out: list[Finding] = []
    stops = {
        "subtotal": kind.is_in(["section_top", "section_sub", "subtotal", "total"]),
        "section_top": kind.is_in(["section_top", "total"]),
        "section_sub": kind.is_in(["section_top", "section_sub", "total"]),
    }
    # Two queries for all money columns: the figures and running sums, then what each
    # total row should say (naming the columns keeps the second plan small).
    firsts: list[pl.Expr] = []
    for i, use in enumerate(money):
        j = use.column - raw.col_offset
        # The loader parsed each money column once (_n<j>); parse here only if it did not.
        given = pl.col(f"_n{j}") if f"_n{j}" in rows.columns else parse_number(pl.col(f"c{j}"))
        v = pl.when(kind == "project").then(given.fill_null(0.0)).otherwise(0.0)
        firsts += [given.alias(f"g{i}"), v.alias(f"v{i}"), v.cum_sum().alias(f"p{i}")]
    sums = rows.select("_row", "_kind", *firsts)
    columns: list[pl.Expr] = []
    for i in range(len(money)):
        given, v, p = pl.col(f"g{i}"), pl.col(f"v{i}"), pl.col(f"p{i}")
        before, last = p - v, v.sum()
        since = pl.when(stops["subtotal"]).then(p).shift(1).forward_fill().fill_null(0.0)
        until_top = pl.when(stops["section_top"]).then(before).shift(-1).backward_fill()
        until_sub = pl.when(stops["section_sub"]).then(before).shift(-1).backward_fill()
        expected = (
            pl.when(kind == "total")
            .then(last)
            .when(kind == "subtotal")
            .then(p - since)
            .when(kind == "section_top")
            .then(until_top.fill_null(last) - p)
            .when(kind == "section_sub")
            .then(until_sub.fill_null(last) - p)
        )
        columns.append(expected.alias(f"e{i}"))
    frame = sums.with_columns(columns)
    wrong = [
        kind.is_in(marks)
        & pl.col(f"g{i}").is_not_null()
        & ((pl.col(f"g{i}") - pl.col(f"e{i}")).abs()
           > TOTAL_TOLERANCE + 1e-9 * pl.col(f"e{i}").abs()).fill_null(False)
        for i in range(len(money))
    ]  # fmt: skip
    bad = frame.filter(pl.any_horizontal(wrong))
    for i, use in enumerate(money if bad.height else []):
        for row, k, given, exp in (
            bad.filter(wrong[i]).select("_row", "_kind", f"g{i}", f"e{i}").iter_rows()
        ):
            label = {"total": "合计", "subtotal": "小计"}.get(k, "分类合计")
            out.append(
                Finding(raw.name, row, use.column, "subtotal_mismatch",
                        f"{label}行的{use.header} {_fmt(given)} 与所含项目之和 "
                        f"{_fmt(exp)} 不符(差 {_fmt(given - exp)})")
            )  # fmt: skip
    return out


def check_units(frame: pl.DataFrame, uses: list[ColumnUse], title_unit: str) -> list[Finding]:
    """Warn when a money column's magnitudes do not fit its unit (元 or 亿元 typed in 万元)."""
    out: list[Finding] = []
    checked = [u for u in uses if u.field in ("annual_plan", "completed_ytd", "total_investment")]
    if not checked:
        return out
    # Count, median and max of the positive values of every column, in one query.
    stats = frame.select(
        expr
        for i, use in enumerate(checked)
        for expr in (
            pl.col(use.field).filter(pl.col(use.field) > 0).count().alias(f"n{i}"),
            pl.col(use.field).filter(pl.col(use.field) > 0).median().alias(f"m{i}"),
            pl.col(use.field).filter(pl.col(use.field) > 0).max().alias(f"x{i}"),
        )
    ).row(0, named=True)
    for i, use in enumerate(checked):
        unit = use.unit or title_unit
        if stats[f"n{i}"] < 3:
            continue
        median = _number(stats[f"m{i}"]) / unit_factor(unit)  # back in the column unit
        hint = None
        if unit == "万元" and median > 500_000:
            hint = "元"
        elif unit == "万元" and median < 5 and _number(stats[f"x{i}"]) < 100:
            hint = "亿元"
        elif unit == "亿元" and median > 1_000:
            hint = "万元"
        if hint:
            out.append(
                Finding(use.sheet, use.header_row, use.column, "unit_suspect",
                        f"{use.header} 按{unit}读取,但数值中位数为 {_fmt(median)},"
                        f"看起来像是以{hint}填报;请在表头注明单位,如 ({hint})")
            )  # fmt: skip
    return out


def _number(value: object) -> float:
    """A Polars scalar aggregate as a float (0.0 when empty)."""
    return float(value) if isinstance(value, int | float) else 0.0


def out_of_range_finding(path: Path, sheet: str, row: int, use: ColumnUse, text: str) -> Finding:
    """A money cell beyond any real amount (``1e309``, read as empty).

    In a required column (年度计划投资, 1-N月完成投资) the ledger cannot be used: no figure
    computed from it would be right, so this raises :class:`CellError` (exit 1).
    """
    message = f"数值超出范围，不是可信的金额：{text!r}"
    if use.field in REQUIRED_FIELDS:
        raise CellError(path, message + "；请改正该单元格", sheet=sheet, row=row,
                        column=use.column, header=use.header)  # fmt: skip
    return Finding(sheet, row, use.column, "number_out_of_range",
                   f"{use.header} {message}，按空值处理")  # fmt: skip
