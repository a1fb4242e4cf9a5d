"""A block of projects listed a second time under a heading: 附：其中省重点项目（3个）.

County tables often append, under the full list, the provincial projects again (for the
province's form) or another cut of the same projects. Counted, they double every figure of
theirs (the 合计 mismatch said so, and each row was a ``duplicate``). A block is such a
repeat when it comes under a heading (a section, a 其中 line or a note), holds two projects
or more, and every one of them is another project of the same sheet with the same name,
county, plan and completion (one figure at least, not both empty or 0: a name alone is no
evidence): one listed above it, or, under a heading announcing a cut (其中：省重点项目,
附：…), one anywhere else (the cut may come first). Its rows are then
not read (``_kind`` becomes ``repeat``, the heading too, so that reconciling does not check
it against nothing) and one warning names it.
"""

from __future__ import annotations

import re
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
# A heading that announces a cut of the list: 其中：省重点项目, 附：…, 附表.
_CUT = re.compile(r"^(?:其中|附)")


def settle_repeats(
    raw: RawSheet, rows: pl.DataFrame, projects: pl.DataFrame, uses: list[ColumnUse]
) -> tuple[pl.DataFrame, pl.DataFrame, list[Finding]]:
    """``rows`` and ``projects`` without the repeated blocks, and a finding for each."""
    if projects.height < 4 or any(k not in projects.columns for k in _KEY):
        return rows, projects, []
    # Same name and no figure is no evidence of the same listing: a figure must agree.
    figured = pl.any_horizontal((pl.col(c).fill_null(0) != 0) for c in _KEY[2:])
    keyed = projects.filter(figured).select("_row", *_KEY)
    keyed = keyed.with_columns(pl.col("name").str.replace_all(r"\s", ""))
    twice = keyed.filter(pl.struct(*_KEY).is_duplicated())
    if twice.height < 4:  # most ledgers: no two projects listed twice
        return rows, projects, []
    copies: dict[tuple[object, ...], list[int]] = {}
    for row, *key in twice.rows():
        copies.setdefault(tuple(key), []).append(row)
    key_of = {row: key for key, rows_ in copies.items() for row in rows_}
    kind = pl.col("_kind")
    block = (~kind.is_in(["project", "blank"])).cast(pl.Int32).cum_sum()
    marked = rows.select("_row", "_kind", "_label", block.alias("b"))
    repeated: list[int] = []
    findings = []
    name = next((u.column for u in uses if u.field == "name"), raw.col_offset)
    for (_,), part in marked.group_by(["b"], maintain_order=True):
        head, body = part.head(1), part.filter(pl.col("_kind") == "project")["_row"].to_list()
        label = head["_label"][0] or ""
        if head["_kind"][0] not in _HEADINGS or len(body) < 2 or any(r not in key_of for r in body):
            continue
        # Listed again below the full list, or a 其中/附 cut of it above: another copy of
        # each row stays counted (two identical 其中 cuts do not both go).
        kept = [[c for c in copies[key_of[r]] if c not in body and c not in repeated] for r in body]
        earlier = all(min(copies[key_of[r]]) < r for r in body)
        if not all(kept) or not (earlier or _CUT.match(label.strip())):
            continue
        repeated += [head["_row"][0], *body]
        findings.append(
            Finding(raw.name, head["_row"][0], name, "repeated_block",
                    f"“{label}”下的 {len(body)} 个项目与表中另列的项目名称、年度计划、"
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
