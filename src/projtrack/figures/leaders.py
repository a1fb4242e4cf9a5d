"""The briefing's 包保领导 table: per leader, the projects' completion against 时序进度, the
red and yellow warnings and the open (of them overdue) problems.

Leaders are listed in the order they first appear in the ledger, not by their rate: a
ledger lists its leaders in protocol order (书记, 县长, 副县长 …), and a briefing that
ranked leaders against each other would be sent back. Projects without a leader are the
last row, ``(未填写)``. The rate is Σ completed ÷ Σ annual plan over the leader's projects,
the same figure as ``rank --by leader``.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from projtrack.figures.metrics import group_metrics
from projtrack.figures.problems import classify_problems
from projtrack.vocab import UNSET_GROUP

COLUMNS = ["leader", "projects", "annual_plan", "completed_ytd", "completion_rate",
           "variance_pp", "red", "yellow", "open_problems", "overdue_problems"]  # fmt: skip


def has_leaders(projects: pl.DataFrame) -> bool:
    """Whether the ledger names a leader for at least one project."""
    return "leader" in projects.columns and projects["leader"].is_not_null().any()


def leader_table(
    projects: pl.DataFrame, warned: pl.DataFrame, *, as_of: date, progress: float
) -> pl.DataFrame:
    """One row per leader (see :data:`COLUMNS`), in ledger order, ``(未填写)`` last.

    ``projects`` are the ledger's projects, ``warned`` the same projects with their final
    ``color`` (after the ladder); ``progress`` the time progress of the period.
    """
    key = pl.col("leader").fill_null(UNSET_GROUP).alias("leader")
    order = (
        projects.select(key)
        .unique(maintain_order=True)
        .with_row_index("_order")
        .with_columns((pl.col("leader") == UNSET_GROUP).alias("_unset"))
    )
    metrics = group_metrics(projects, "leader", progress).rename({"group": "leader"})
    colours = warned.group_by(key).agg(
        (pl.col("color") == "red").sum().cast(pl.Int64).alias("red"),
        (pl.col("color") == "yellow").sum().cast(pl.Int64).alias("yellow"),
    )
    problems = (
        classify_problems(projects.with_columns(key), as_of, keep=("leader",))
        .filter(pl.col("state") == "open")
        .group_by("leader")
        .agg(
            pl.len().cast(pl.Int64).alias("open_problems"),
            pl.col("overdue_days").is_not_null().sum().cast(pl.Int64).alias("overdue_problems"),
        )
    )
    return (
        order.join(metrics, on="leader", how="left")
        .join(colours, on="leader", how="left")
        .join(problems, on="leader", how="left")
        .with_columns(pl.col("red", "yellow", "open_problems", "overdue_problems").fill_null(0))
        .sort("_unset", "_order")
        .select(COLUMNS)
    )
