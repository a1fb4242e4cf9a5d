"""The plan in force where 调整后 is left blank.

A ledger whose plans were adjusted mid-year keeps the original beside the adjusted plan
(``年度计划投资`` over ``原计划 | 调整后``, or ``年度计划投资 | 调整后年度计划投资``) and
often fills 调整后 only for the projects whose plan changed: a blank means unchanged.
Reading the blank as "no plan" left those projects out of every rate's denominator, and a
county's briefing said 完成年度计划投资760.1%. The adjusted column is the plan; where its
cell is blank and the original's is not, the original is the plan in force, and a note
says how many projects that concerns.
"""

from __future__ import annotations

import re

import polars as pl

from projtrack.errors import Finding
from projtrack.read.fields import strip_annotations, unit_factor
from projtrack.read.layout import Column, Layout
from projtrack.read.subcolumns import is_adjusted

# The original plan, as its column (or sub-column) is headed: 年度计划投资, 2024年计划投资,
# 原计划, 年初计划, 调整前. Never a change (调整数, 调增额) nor a period's plan (1-9月计划).
_ORIGINAL = re.compile(
    r"^(?:原|年初|调整前的?|初始)?(?:20\d{2}年)?(?:年度|全年)?计划(?:投资)?(?:额|数)?$"
    r"|^(?:原|调整前|年初)$"
)


def _last(header: str) -> str:
    return strip_annotations(header.split("/")[-1])


def original_plan(layout: Layout) -> tuple[Column, Column] | None:
    """(the adjusted plan column, the original plan column), when the plan read is an
    adjusted one and exactly one column beside it is the original; else None."""
    plan = layout.fields().get("annual_plan")
    if plan is None or plan.parts or not is_adjusted(plan.header.split("/")[-1]):
        return None
    parent = plan.header.rsplit("/", 1)[0] if "/" in plan.header else None
    others = [
        c
        for c in layout.columns
        if c.field is None and c.part_of is None and c.index != plan.index and not c.months
        and _ORIGINAL.match(_last(c.header))
        and (parent is None or c.header.rsplit("/", 1)[0] == parent or "/" not in c.header)
    ]  # fmt: skip
    return (plan, others[0]) if len(others) == 1 else None


def original_index(layout: Layout) -> set[int]:
    """The frame index of the original plan column, to be parsed as money."""
    pair = original_plan(layout)
    return {pair[1].index} if pair else set()


def fill_unadjusted(
    sheet: str, rows: pl.DataFrame, layout: Layout, units: dict[int, str], header_row: int,
    offset: int,
) -> tuple[pl.DataFrame, list[Finding]]:  # fmt: skip
    """``rows`` with a blank adjusted plan (``_n<j>``) taken from the original plan, in the
    adjusted column's unit, for project and 合计 rows alike; and a note when any was."""
    pair = original_plan(layout)
    if pair is None:
        return rows, []
    plan, orig = pair
    adjusted, original = pl.col(f"_n{plan.index}"), pl.col(f"_n{orig.index}")
    factor = unit_factor(units[orig.index]) / unit_factor(units[plan.index])
    blank = adjusted.is_null() & original.is_not_null()
    filled = rows.select((blank & (pl.col("_kind") == "project")).sum()).item()
    if not filled:
        return rows, []
    note = Finding(
        sheet, header_row, plan.index + offset, "plan_unadjusted",
        f"{filled}个项目的“{plan.header}”为空，按“{orig.header}”读取年度计划投资"
        "（调整后留空视为未调整）", "info",
    )  # fmt: skip
    return rows.with_columns(pl.coalesce(adjusted, original * factor).alias(f"_n{plan.index}")), [
        note
    ]
