"""New starts (新开工): which projects are due to start, which started, 开工率, 应开未开.

A new-start project is one whose 建设性质 says 新开工 (新建) — the column's, or where there
is none its section's (二、新开工项目, read/sheetsets.py: section_stage_of) — or, where the
ledger has neither, one whose planned start falls in the as-of year. It is due when its
planned start month is not after the as-of month; months overdue = as-of month −
planned month (so due this month is 0). 开工率 = started ÷ due, over due projects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from projtrack.figures.metrics import group_of, per_group, shared_projects
from projtrack.statements import UNDER_WAY, stated
from projtrack.vocab import UNSET_GROUP

NEW_START_WORDS = r"新开工|新建|拟开工|计划新开工"


@dataclass(frozen=True)
class StartSummary:
    """Start figures for the whole ledger and per group."""

    due: int
    started: int
    started_early: int  # started although not yet due
    start_rate: float | None
    by: pl.DataFrame  # group, due, started, start_rate
    not_started: pl.DataFrame  # name, group, planned_start, months_overdue
    shared: int = 0  # due projects counted under each of the leaders their cell names


def most_overdue_first(late: pl.DataFrame) -> pl.DataFrame:
    """The 应开未开 order: most months overdue first, then the earliest planned start (a
    project due 07-01 before one due 07-25, both 0 months overdue), then ledger order."""
    return late.sort(
        ["months_overdue", "planned_start"], descending=[True, False], maintain_order=True
    )


def _month_index(expr: pl.Expr) -> pl.Expr:
    return expr.dt.year().cast(pl.Int64) * 12 + expr.dt.month().cast(pl.Int64)


def carried_over(projects: pl.DataFrame, as_of: date) -> pl.Expr:
    """Without a 建设性质 column: a project due in an earlier year that shows no sign of
    having started — no start date, its 实际开工 cell blank or saying not started, nothing
    invested this year or since a start, no works under way in its 形象进度. It is a new
    start carried over (结转), the one a 通报 must name, not a 续建 project: those have
    a start, investment or works. (With only "planned in the as-of year", a project due
    last December and still not started left the 应开未开 list on 1 January.)"""
    zero = [
        (pl.col(f).fill_null(0.0) == 0)
        for f in ("completed_ytd", "completed_since_start", "completed_month")
        if f in projects.columns
    ]
    works = (
        stated(pl.col("progress_text"), UNDER_WAY)
        if "progress_text" in projects.columns
        else pl.lit(False)
    )
    word = pl.col("_start_word") if "_start_word" in projects.columns else pl.lit(None)
    return (
        (pl.col("planned_start").dt.year() < as_of.year).fill_null(False)
        & pl.col("actual_start").is_null()
        & (word == pl.lit(False)).fill_null(False)
        & pl.all_horizontal(zero or [pl.lit(True)])
        & ~works
    )


def new_start_flags(projects: pl.DataFrame, as_of: date) -> pl.DataFrame | None:
    """Projects with ``_new``, ``_due``, ``_started`` and ``months_overdue``; None if unknowable
    (no planned start dates, or no column saying whether a project started)."""
    has_stage = projects["stage"].null_count() < projects.height
    has_plan_start = projects["planned_start"].null_count() < projects.height
    if not has_plan_start:
        return None
    if has_stage:
        new = pl.col("stage").str.contains(NEW_START_WORDS).fill_null(False)
    else:
        this_year = (pl.col("planned_start").dt.year() == as_of.year).fill_null(False)
        new = this_year | carried_over(projects, as_of)
    as_of_month = as_of.year * 12 + as_of.month
    # 实际开工时间 written as 已开工 (no date): started (see read/dates.py). A sheet without
    # such a column (null here) cannot tell a start: its projects are never 应开未开 — a
    # ledger with none such at all has no start figures (it listed every project as not
    # started, 开工率 0%, and named them for 通报批评).
    word = pl.col("_start_word") if "_start_word" in projects.columns else pl.lit(False)
    if not projects.select(word.is_not_null().any()).item():
        return None
    started = word.fill_null(False)
    overdue = pl.lit(as_of_month) - _month_index(pl.col("planned_start"))
    return projects.with_columns(
        new.alias("_new"),
        # Due by the as-of date: a month alone (5月) is its first day, so due all that month;
        # a full date (2024-05-25) only from that day.
        (
            new & (pl.col("planned_start") <= pl.lit(as_of)).fill_null(False) & word.is_not_null()
        ).alias("_due"),
        # Started by the as-of date: a start dated after it (a ledger filled at the month's
        # end, read --as-of the 15th) has not happened yet on that day.
        ((pl.col("actual_start") <= pl.lit(as_of)).fill_null(False) | started).alias("_started"),
        overdue.alias("months_overdue"),
    )


def summarize_starts(projects: pl.DataFrame, as_of: date, by: str) -> StartSummary | None:
    """Start figures, or None when the ledger has no planned start dates."""
    flagged = new_start_flags(projects, as_of)
    if flagged is None:
        return None
    flagged = flagged.with_columns(group_of(by).alias("group"))
    due = flagged.filter(pl.col("_due"))
    n_due = due.height
    n_started = int(due["_started"].sum())
    early = int(flagged.filter(pl.col("_new") & ~pl.col("_due") & pl.col("_started")).height)
    split = per_group(due, by, "group").with_columns(pl.col("group").fill_null(UNSET_GROUP))
    groups = (
        split.group_by("group", maintain_order=True)
        .agg(
            pl.len().cast(pl.Int64).alias("due"),
            pl.col("_started").sum().cast(pl.Int64).alias("started"),
        )
        .with_columns((pl.col("started") / pl.col("due")).alias("start_rate"))
        .sort(["start_rate", "group"], descending=[True, False])
    )
    not_started = most_overdue_first(due.filter(~pl.col("_started"))).select(
        "name", "group", "planned_start", "months_overdue", "responsible", "problems"
    )
    return StartSummary(
        due=n_due,
        started=n_started,
        started_early=early,
        start_rate=n_started / n_due if n_due else None,
        by=groups,
        not_started=not_started,
        shared=shared_projects(due, by),
    )
