"""A block of projects listed a second time under a heading: 附：其中省重点项目（3个）.

County tables often append, under the full list, the provincial projects again (for the
province's form) or another cut of the same projects. Counted, they double every figure of
theirs (the 合计 mismatch said so, and each row was a ``duplicate``). A block is such a
repeat when it comes under a heading (a section, a 其中 line or a note), holds two projects
or more, and every one of them is a project above it on the same sheet with the same name,
county, plan and completion. Its rows are then not read (``_kind`` becomes ``repeat``, the heading
too, so that reconciling does not check it against nothing) and one warning names it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from projtrack.errors import Finding

if TYPE_CHECKING:
    from projtrack.read.model import ColumnUse
    from projtrack.read.rawsheet import RawSheet

# A 小计 closing a block is no heading of the next one (a county's rows after it).
_HEADINGS = ("section_top", "section_sub", "breakdown", "note")
# The region too: counties each listing the province's standard allocation (高标准农田
# 2000 | 1100) with the same figures are different projects.
_KEY = ("name", "region", "annual_plan", "completed_ytd")


def settle_repeats(
    raw: RawSheet, rows: pl.DataFrame, projects: pl.DataFrame, uses: list[ColumnUse]
) -> tuple[pl.DataFrame, pl.DataFrame, list[Finding]]:
    """``rows`` and ``projects`` without the repeated blocks, and a finding for each."""
    if projects.height < 4 or any(k not in projects.columns for k in _KEY):
        return rows, projects, []
    keyed = projects.select("_row", *_KEY).with_columns(pl.col("name").str.replace_all(r"\s", ""))
    again = keyed.filter(~pl.struct(*_KEY).is_first_distinct())["_row"]
    if again.len() < 2:  # most ledgers: no project listed twice
        return rows, projects, []
    kind = pl.col("_kind")
    block = (~kind.is_in(["project", "blank"])).cast(pl.Int32).cum_sum()
    marked = rows.select("_row", "_kind", "_label", block.alias("b"))
    repeated, findings = [], []
    name = next((u.column for u in uses if u.field == "name"), raw.col_offset)
    for (_,), part in marked.group_by(["b"], maintain_order=True):
        head, body = part.head(1), part.filter(pl.col("_kind") == "project")
        if head["_kind"][0] not in _HEADINGS or body.height < 2:
            continue
        if not body["_row"].is_in(again.implode()).all():
            continue
        repeated += [head["_row"][0], *body["_row"].to_list()]
        findings.append(
            Finding(raw.name, head["_row"][0], name, "repeated_block",
                    f"“{head['_label'][0]}”下的 {body.height} 个项目与上方项目名称、年度计划、"
                    "完成投资均相同，是再次列出，未重复计入")
        )  # fmt: skip
    if not repeated:
        return rows, projects, []
    rows = rows.with_columns(
        pl.when(pl.col("_row").is_in(repeated))
        .then(pl.lit("repeat"))
        .otherwise(kind)
        .alias("_kind")
    )
    return rows, projects.filter(~pl.col("_row").is_in(repeated)), findings
