"""The briefing's 包保领导 table: per leader, the projects' completion against 时序进度, the
red and yellow warnings and the open (of them overdue) problems.

Leaders are listed in the order they first appear in the ledger, not by their rate: a
ledger lists its leaders in protocol order (书记, 县长, 副县长 …), and a briefing that
ranked leaders against each other would be sent back. Projects without a leader are the
last row, ``(未填写)``.

A cell naming several leaders (``张书记、李县长``, ``张三/李四``) counts the project under
each of them; the summary counts it once. For a project with one leader the rate is the
figure of ``rank --by leader``: Σ completed ÷ Σ annual plan over the leader's projects.
``on_track`` compares the variance as it is printed (one decimal), so a leader shown at
``0.0`` is not counted as behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from projtrack.figures.metrics import group_metrics, named, per_group, shared_projects
from projtrack.figures.problems import classify_problems
from projtrack.figures.rounding import published
from projtrack.vocab import UNSET_GROUP

COLUMNS = ["leader", "projects", "annual_plan", "completed_ytd", "completion_rate",
           "variance_pp", "on_track", "red", "yellow", "open_problems",
           "overdue_problems"]  # fmt: skip


@dataclass(frozen=True)
class LeaderTable:
    """The rows (see :data:`COLUMNS`) and what the lead sentence counts."""

    rows: pl.DataFrame
    projects: int  # projects with at least one leader, each counted once
    unset: int  # projects without a leader
    shared: int  # projects naming more than one leader


def has_leaders(projects: pl.DataFrame) -> bool:
    """Whether the ledger names a leader for at least one project."""
    return "leader" in projects.columns and projects["leader"].is_not_null().any()


def one_row_per_leader(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with a row per (project, leader): a cell with several names is split."""
    return per_group(frame, "leader").with_columns(pl.col("leader").fill_null(UNSET_GROUP))


def leader_table(
    projects: pl.DataFrame, warned: pl.DataFrame, *, as_of: date, progress: float
) -> LeaderTable:
    """One row per leader, in ledger order, ``(未填写)`` last.

    ``projects`` are the ledger's projects, ``warned`` the same projects with their final
    ``color`` (after the ladder); ``progress`` the time progress of the period.
    """
    split = one_row_per_leader(projects)
    order = (
        split.select("leader")
        .unique(maintain_order=True)
        .with_row_index("_order")
        .with_columns((pl.col("leader") == UNSET_GROUP).alias("_unset"))
    )
    metrics = group_metrics(split, "leader", progress).rename({"group": "leader"})
    colours = (
        one_row_per_leader(warned)
        .group_by("leader")
        .agg(
            (pl.col("color") == "red").sum().cast(pl.Int64).alias("red"),
            (pl.col("color") == "yellow").sum().cast(pl.Int64).alias("yellow"),
        )
    )
    problems = (
        classify_problems(split, as_of, keep=("leader",))
        .filter(pl.col("state") == "open")
        .group_by("leader")
        .agg(
            pl.len().cast(pl.Int64).alias("open_problems"),
            pl.col("overdue_days").is_not_null().sum().cast(pl.Int64).alias("overdue_problems"),
        )
    )
    shown = pl.col("variance_pp").map_elements(lambda v: published(v, 1), return_dtype=pl.Float64)
    rows = (
        order.join(metrics, on="leader", how="left")
        .join(colours, on="leader", how="left")
        .join(problems, on="leader", how="left")
        .with_columns(
            pl.col("red", "yellow", "open_problems", "overdue_problems").fill_null(0),
            (shown >= 0).alias("on_track"),
        )
        .sort("_unset", "_order")
        .select(COLUMNS)
    )
    # A cell naming nobody (blank, a lone 、) is a project without a leader, as counted above.
    with_leader = projects.select(named("leader").is_not_null())["leader"]
    shared = shared_projects(projects, "leader")
    return LeaderTable(rows, int(with_leader.sum()), int((~with_leader).sum()), shared)
