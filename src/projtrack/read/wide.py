"""Wide ledgers: a column per month (1月 … 12月, 1-2月 + 3月, quarterly blocks).

Such a ledger can give the year-to-date completion of several months. The loader keeps
each month's figure in ``_ytd_m<M>`` (see :mod:`projtrack.read.model`); these functions
find the month columns, chain them into year-to-date sums and pick one month.
"""

from __future__ import annotations

from dataclasses import replace

import polars as pl

from projtrack.read.layout import Column, Layout
from projtrack.read.model import ColumnUse, SheetInfo
from projtrack.vocab import CANONICAL_FIELDS


def wide_columns(layout: Layout) -> tuple[list[Column], list[Column]] | None:
    """The month columns of a wide ledger (year-to-date pieces, 形象进度), or None.

    A ledger is wide when its completion columns name two or more different month
    spans and none of them is a plain (month-less) year-to-date column.
    """
    ytd = layout.month_columns("completed_ytd")
    plain = [c for c in layout.columns if c.field == "completed_ytd" and not c.months]
    if not ytd or plain:
        return None
    progress = layout.month_columns("progress_text")
    # One column per span: the first one (a later duplicate is usually a rate).
    ytd = list({c.months: c for c in reversed(ytd)}.values())[::-1]
    return sorted(ytd, key=lambda c: c.months or (0, 0)), progress


def month_chains(uses: list[ColumnUse]) -> dict[int, list[ColumnUse]]:
    """For each month M, the fewest columns that add up to January-M.

    1-3月 alone if there is such a column; else 1-2月 + 3月, or 1月 + 2月 + 3月, or
    1-3月 + 4-6月 for quarterly columns.
    """
    spans = {u.months: u for u in uses if u.months}
    best: dict[int, list[ColumnUse]] = {}
    for m in range(1, 13):
        options = []
        if (1, m) in spans:
            options.append([spans[(1, m)]])
        for (first, last), use in spans.items():
            if last == m and first > 1 and first - 1 in best:
                options.append([*best[first - 1], use])
        if options:
            best[m] = min(options, key=len)
    return best


def latest_month(projects: pl.DataFrame, uses: list[ColumnUse], off: int) -> int | None:
    """The latest month whose own column holds a non-zero figure for some project."""
    if projects.height == 0:
        return None
    filled = projects.select(
        (pl.col(f"_n{u.column - off}").fill_null(0.0) != 0).any().alias(str(i))
        for i, u in enumerate(uses)
    ).row(0)
    months = [u.months[1] for u, ok in zip(uses, filled, strict=True) if ok and u.months]
    return max(months) if months else None


def ytd_header(month: int, chain: list[ColumnUse]) -> str:
    """How the year-to-date column of a wide ledger is shown: 1-3月完成投资(1-2月… + 3月…)."""
    if len(chain) == 1 and chain[0].months == (1, month) and month > 1:
        return chain[0].header
    span = f"1-{month}月" if month > 1 else "截至1月"
    return f"{span}完成投资({' + '.join(u.header for u in chain)})"


def with_month(projects: pl.DataFrame, month: int, latest: int | None) -> pl.DataFrame:
    """Set completed_ytd / completed_month / progress_text of the wide rows to ``month``.

    Each comes from the month's own columns; a plain 本月完成投资 or 形象进度 column
    (no month in its header) stands for the latest month only.
    """
    wide = pl.col("_wide")

    def at(prefix: str) -> pl.Expr:
        column = f"{prefix}{month}"
        return pl.col(column) if column in projects.columns else pl.lit(None)

    base = pl.lit(month == latest)
    month_value = pl.coalesce(at("_mon_m"), pl.when(base).then(pl.col("_mon_base")))
    progress = pl.coalesce(at("_prog_m"), pl.col("_prog_base"))
    return projects.with_columns(
        pl.when(wide).then(at("_ytd_m")).otherwise(pl.col("completed_ytd")).alias("completed_ytd"),
        pl.when(wide).then(month_value).otherwise(pl.col("completed_month"))
        .alias("completed_month"),
        pl.when(wide).then(progress).otherwise(pl.col("progress_text")).alias("progress_text"),
    )  # fmt: skip


def sheet_at_month(info: SheetInfo, month: int) -> SheetInfo:
    """The sheet's column list with the year-to-date column(s) of ``month``."""
    if not info.used or not info.ytd_chains:
        return info
    chain = info.ytd_chains.get(month)
    columns = [c for c in info.columns if c.field not in ("completed_ytd", "progress_text")]
    if chain:
        last = chain[-1]
        columns.append(replace(last, header=ytd_header(month, chain), months=(1, month)))
    progress = [c for c in info.month_columns if c.field == "progress_text"
                and c.months and c.months[1] == month]  # fmt: skip
    plain = [c for c in info.columns if c.field == "progress_text" and not c.months]
    columns.extend(progress[:1] or plain[:1])
    order = {c: i for i, c in enumerate(CANONICAL_FIELDS)}
    columns.sort(key=lambda c: (order.get(c.field, 99), c.column))
    return replace(info, columns=columns)
