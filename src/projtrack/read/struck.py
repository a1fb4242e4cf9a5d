"""Projects struck through (删除线): counted and named, or left out when the sheet's 合计 does.

A struck-through name is the office's mark of a project taken off the list, but not a
sure one (a font can be a slip), so such a project is counted as the table lists it and
named in a ``struck_out`` warning — unless the sheet's own 合计 settles it: when the
合计 agrees with the projects without the struck ones, and not with them, the office
left them out of its own total, and so does projtrack (``struck_excluded``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from projtrack.errors import Finding

if TYPE_CHECKING:
    from projtrack.read.model import ColumnUse
    from projtrack.read.rawsheet import RawSheet

TOLERANCE = 0.01  # a 合计 typed with two decimals


def settle_struck(
    raw: RawSheet, rows: pl.DataFrame, projects: pl.DataFrame, uses: list[ColumnUse], offset: int
) -> tuple[pl.DataFrame, pl.DataFrame, list[Finding]]:
    """``rows`` and ``projects`` without the struck projects when the 合计 leaves them out
    (their ``_kind`` becomes ``struck``), and a finding for each struck project."""
    name = next((u for u in uses if u.field == "name"), None)
    if not raw.struck or name is None:
        return rows, projects, []
    struck = [r for r in projects["_row"].to_list() if (r, name.column) in raw.struck]
    if not struck:
        return rows, projects, []
    names = dict(projects.filter(pl.col("_row").is_in(struck)).select("_row", "name").iter_rows())
    if _total_leaves_out(rows, struck, uses, offset):
        rows = rows.with_columns(
            pl.when(pl.col("_row").is_in(struck)).then(pl.lit("struck")).otherwise("_kind")
            .alias("_kind")
        )  # fmt: skip
        projects = projects.filter(~pl.col("_row").is_in(struck))
        return rows, projects, [
            Finding(raw.name, row, name.column, "struck_excluded",
                    f"{names[row]}: 项目名称带删除线,本表合计也不含此项目,未计入")
            for row in struck
        ]  # fmt: skip
    return rows, projects, [
        Finding(raw.name, row, name.column, "struck_out",
                f"{names[row]}: 项目名称带删除线,仍计入项目和金额;如已调出重点项目名单,"
                "请删除此行或移出本表")
        for row in struck
    ]  # fmt: skip


def _total_leaves_out(rows: pl.DataFrame, struck: list[int], uses: list[ColumnUse],
                      offset: int) -> bool:  # fmt: skip
    """The sheet's one 合计 agrees, in every amount it states, with the projects without
    the struck rows, and in at least one of them not with the struck rows counted."""
    totals = rows.filter(pl.col("_kind") == "total")
    if totals.height != 1:
        return False
    projects = rows.filter(pl.col("_kind") == "project")
    kept = projects.filter(~pl.col("_row").is_in(struck))
    agree, differ = True, False
    for use in uses:
        column = f"_n{use.column - offset}"
        if use.field not in ("annual_plan", "completed_ytd") or column not in rows.columns:
            continue
        given = totals[column][0]
        if given is None:
            continue
        without = float(kept[column].fill_null(0.0).sum())
        with_all = float(projects[column].fill_null(0.0).sum())
        agree = agree and abs(given - without) <= TOLERANCE
        differ = differ or abs(given - with_all) > TOLERANCE
    return agree and differ
