"""Where the figures are computed: time progress, completion rate, variance (SPEC §4).

Group rates are always Σ completed / Σ plan over the group's projects, never a mean of
project rates. Empty cells count as 0 in sums; a project with no plan still counts in
the number of projects; a group whose plan sums to 0 has no rate (null).
"""

from __future__ import annotations

import calendar
from datetime import date

import polars as pl

CONVENTIONS = ("month", "day")
UNSET_GROUP = "(未填写)"


def time_progress(as_of: date, convention: str = "month") -> float:
    """Share of the year elapsed at ``as_of``.

    ``month``: whole months count 1/12 each and the current month pro rata by days, so a
    month end gives M/12 (Q1 = 25%). ``day``: day of year / days in year.
    """
    if convention == "month":
        days = calendar.monthrange(as_of.year, as_of.month)[1]
        return (as_of.month - 1 + as_of.day / days) / 12
    if convention == "day":
        days_in_year = 366 if calendar.isleap(as_of.year) else 365
        return as_of.timetuple().tm_yday / days_in_year
    raise ValueError(f"unknown time-progress convention {convention!r}; use one of {CONVENTIONS}")


def completion_rate(completed: float, plan: float) -> float | None:
    """completed / plan, or None when there is no positive plan."""
    return completed / plan if plan and plan > 0 else None


def variance_pp(rate: float | None, progress: float) -> float | None:
    """(rate − time progress) in percentage points; None without a rate."""
    return None if rate is None else (rate - progress) * 100


def _aggregations(progress: float) -> list[pl.Expr]:
    plan = pl.col("annual_plan").fill_null(0.0).sum()
    done = pl.col("completed_ytd").fill_null(0.0).sum()
    return [
        pl.len().cast(pl.Int64).alias("projects"),
        plan.alias("annual_plan"),
        done.alias("completed_ytd"),
    ]


def _with_rates(frame: pl.DataFrame, progress: float) -> pl.DataFrame:
    rate = pl.when(pl.col("annual_plan") > 0).then(pl.col("completed_ytd") / pl.col("annual_plan"))
    return frame.with_columns(rate.alias("completion_rate")).with_columns(
        ((pl.col("completion_rate") - progress) * 100).alias("variance_pp")
    )


def group_metrics(projects: pl.DataFrame, by: str, progress: float) -> pl.DataFrame:
    """One row per group: group, projects, annual_plan, completed_ytd, rate, variance_pp."""
    keyed = projects.with_columns(pl.col(by).fill_null(UNSET_GROUP).alias("group"))
    grouped = keyed.group_by("group", maintain_order=True).agg(_aggregations(progress))
    return _with_rates(grouped, progress)


def total_metrics(projects: pl.DataFrame, progress: float) -> dict[str, float | int | None]:
    """The same figures over all projects."""
    row = _with_rates(projects.select(_aggregations(progress)), progress).row(0, named=True)
    return {k: row[k] for k in ("projects", "annual_plan", "completed_ytd", "completion_rate",
                                "variance_pp")}  # fmt: skip


def project_metrics(projects: pl.DataFrame, progress: float) -> pl.DataFrame:
    """Per-project rate and variance (used by warnings and detail sheets)."""
    plan = pl.col("annual_plan")
    rate = pl.when(plan > 0).then(pl.col("completed_ytd").fill_null(0.0) / plan)
    return projects.with_columns(rate.alias("completion_rate")).with_columns(
        ((pl.col("completion_rate") - progress) * 100).alias("variance_pp")
    )
