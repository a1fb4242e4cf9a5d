"""Period-over-period change: against the previous stored period and a year earlier.

Rates are compared in percentage points ((rate − previous rate) × 100); ranks as places
moved (previous rank − rank, so +2 is "上升2位"); completed investment year on year as
a growth rate (同比增长).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import polars as pl

from projtrack.config import Warnings
from projtrack.figures.lists import ListRule, ranked_groups
from projtrack.figures.metrics import time_progress, total_metrics, with_plan_progress


@dataclass(frozen=True)
class Comparison:
    """The earlier period's figures, for the total and per group."""

    kind: str  # "previous" or "year_ago"
    period: str
    as_of: date
    label: str  # 1-2月 / 2023年一季度
    total: dict[str, Any]
    groups: pl.DataFrame  # group, prev_* columns
    # The current total's change against this period (see :func:`total_change`), set by
    # the job that compares, so that no renderer computes it again.
    change: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Plain values for the JSON output."""
        return {
            "period": self.period,
            "as_of": self.as_of.isoformat(),
            "label": self.label,
            "total": self.total,
        }


def compare(
    *,
    kind: str,
    period: str,
    as_of: date,
    label: str,
    projects: pl.DataFrame,
    by: str,
    convention: str,
    rule: ListRule,
    warn_rule: Warnings | None = None,
) -> Comparison:
    """Compute the earlier period's group figures and ranks with the same rule."""
    progress = time_progress(as_of, convention)
    if convention == "plan":
        projects = with_plan_progress(projects, progress)
    if by in projects.columns:
        ranked = ranked_groups(projects, by, as_of=as_of, progress=progress, rule=rule,
                               warn_rule=warn_rule)  # fmt: skip
    else:
        ranked = pl.DataFrame(schema={"group": pl.String})
    prev = ranked.select(
        "group",
        *(
            pl.col(c).alias(f"prev_{c}")
            for c in ("completed_ytd", "completion_rate", "variance_pp", "rank")
            if c in ranked.columns
        ),
    )
    return Comparison(kind, period, as_of, label, total_metrics(projects, progress), prev)


def with_changes(rows: pl.DataFrame, comparison: Comparison) -> pl.DataFrame:
    """Add prev_rank, rank_change, prev_listed, rate_change_pp, variance_change_pp to
    ranking rows."""
    cols = ["prev_rank", "prev_completion_rate", "prev_variance_pp"]
    if not set(cols) <= set(comparison.groups.columns):
        return rows.with_columns(
            pl.lit(None, pl.Int64).alias("prev_rank"),
            pl.lit(None, pl.Int64).alias("rank_change"),
            pl.lit(False).alias("prev_listed"),
            pl.lit(None, pl.Float64).alias("rate_change_pp"),
            pl.lit(None, pl.Float64).alias("variance_change_pp"),
        )
    earlier = comparison.groups.select("group", *cols, pl.lit(True).alias("prev_listed"))
    joined = rows.join(earlier, on="group", how="left")
    # prev_listed: the group was in the earlier period (ranked or not): it is no 新 unit.
    return joined.with_columns(
        pl.col("prev_listed").fill_null(False),
        (pl.col("prev_rank") - pl.col("rank")).alias("rank_change"),
        ((pl.col("completion_rate") - pl.col("prev_completion_rate")) * 100).alias(
            "rate_change_pp"
        ),
        (pl.col("variance_pp") - pl.col("prev_variance_pp")).alias("variance_change_pp"),
    ).drop("prev_completion_rate", "prev_variance_pp")


def total_change(total: dict[str, Any], comparison: Comparison) -> dict[str, Any]:
    """Change of the total: rate and variance in pp, completed investment growth."""
    prev = comparison.total

    def pp(a: float | None, b: float | None, scale: float) -> float | None:
        return None if a is None or b is None else (a - b) * scale

    growth = None
    if prev["completed_ytd"]:
        growth = total["completed_ytd"] / prev["completed_ytd"] - 1
    return {
        "rate_change_pp": pp(total["completion_rate"], prev["completion_rate"], 100),
        "variance_change_pp": pp(total["variance_pp"], prev["variance_pp"], 1),
        "completed_growth": growth,
    }
