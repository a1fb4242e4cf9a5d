"""Where the figures are computed: time progress, completion rate, variance (SPEC §4).

Group rates are always Σ completed / Σ plan over the group's projects, never a mean of
project rates. Empty cells count as 0 in sums; a project with no plan still counts in
the number of projects; a group whose plan sums to 0 has no rate (null).
"""

from __future__ import annotations

import calendar
from datetime import date

import polars as pl

from projtrack.figures.persons import persons
from projtrack.vocab import UNSET_GROUP

CONVENTIONS = ("month", "day", "plan")
PLANNED = "_planned"  # planned investment to date, under the plan convention
# The project fields group_metrics, total_metrics and with_plan_progress read (besides
# the grouping): what a job that only needs rates reads from a stored period.
RATE_FIELDS = ("annual_plan", "completed_ytd", "planned_ytd")
# Groupings whose cell may name several groups (张书记、李县长): the project counts in each.
MULTI_GROUPS = frozenset({"leader"})


# A project's sheet's place in the workbook (0, 1, …): with ``_row``, the order ties are
# broken in ("by sheet and row"), see :func:`with_sheet_no`.
SHEET_NO = "_sheet_no"
LEDGER_ORDER = (SHEET_NO, "_row")


def with_sheet_no(projects: pl.DataFrame) -> pl.DataFrame:
    """``projects`` with :data:`SHEET_NO`, kept when it is there already.

    Tied projects are listed sheet by sheet as the workbook holds them (旌阳区, 罗江区,
    中江县 … as the office orders its county sheets), never by the code points of the sheet
    names (中江县 before 什邡市 before 旌阳区: no order to a reader, and a first-50 cut
    of tied reds then named four counties). The reader puts a ledger's projects sheet by
    sheet in workbook order and a stored period keeps its rows' order, so a sheet's place
    is where its first project stands — in ``projects`` as the ledger gives them: call this
    before a sort or a join, and the column carries the order through them.
    """
    if SHEET_NO in projects.columns:
        return projects
    if "_sheet" not in projects.columns:
        return projects.with_columns(pl.lit(0, pl.Int64).alias(SHEET_NO))
    first = projects["_sheet"].unique(maintain_order=True).to_list()
    place = {name: k for k, name in enumerate(first)}
    return projects.with_columns(
        pl.col("_sheet").replace_strict(place, default=None, return_dtype=pl.Int64).alias(SHEET_NO)
    )


def time_progress(as_of: date, convention: str = "month") -> float:
    """Share of the year elapsed at ``as_of``.

    ``month``: whole months count 1/12 each and the current month pro rata by days, so a
    month end gives M/12 (Q1 = 25%). ``day``: day of year / days in year. ``plan``
    measures each project against its own 1-N月计划投资 (see :func:`with_plan_progress`);
    this scalar is then the ``month`` value, used where a project has no monthly plan.
    """
    if convention in ("month", "plan"):
        days = calendar.monthrange(as_of.year, as_of.month)[1]
        return (as_of.month - 1 + as_of.day / days) / 12
    if convention == "day":
        days_in_year = 366 if calendar.isleap(as_of.year) else 365
        return as_of.timetuple().tm_yday / days_in_year
    raise ValueError(f"unknown time-progress convention {convention!r}; use one of {CONVENTIONS}")


def with_plan_progress(projects: pl.DataFrame, progress: float) -> pl.DataFrame:
    """Convention ``plan``: each project's planned investment to date (``_planned``).

    It is the ledger's 1-N月计划投资 where given, else the annual plan × ``progress``.
    Every figure below then uses Σ planned / Σ plan as the group's time progress, so a
    project planned to spend mostly in autumn is not behind in spring.
    """
    planned = pl.col("planned_ytd") if "planned_ytd" in projects.columns else pl.lit(None)
    fallback = pl.col("annual_plan").fill_null(0.0) * progress
    return projects.with_columns(pl.coalesce(planned, fallback).cast(pl.Float64).alias(PLANNED))


def completion_rate(completed: float, plan: float) -> float | None:
    """completed / plan, or None when there is no positive plan."""
    return completed / plan if plan and plan > 0 else None


def variance_pp(rate: float | None, progress: float) -> float | None:
    """(rate − time progress) in percentage points; None without a rate."""
    return None if rate is None else (rate - progress) * 100


def _aggregations(planned: bool) -> list[pl.Expr]:
    plan = pl.col("annual_plan").fill_null(0.0).sum()
    done = pl.col("completed_ytd").fill_null(0.0).sum()
    aggs = [
        pl.len().cast(pl.Int64).alias("projects"),
        plan.alias("annual_plan"),
        done.alias("completed_ytd"),
    ]
    if planned:
        aggs.append(pl.col(PLANNED).fill_null(0.0).sum().alias(PLANNED))
    return aggs


def _progress(frame: pl.DataFrame, progress: float) -> pl.Expr:
    """The time progress each row is compared with: Σ planned / Σ plan under ``plan``."""
    if PLANNED not in frame.columns:
        return pl.lit(progress)
    return (
        pl.when(pl.col("annual_plan") > 0)
        .then(pl.col(PLANNED) / pl.col("annual_plan"))
        .otherwise(pl.lit(progress))
    )


def _with_rates(frame: pl.DataFrame, progress: float) -> pl.DataFrame:
    rate = pl.when(pl.col("annual_plan") > 0).then(pl.col("completed_ytd") / pl.col("annual_plan"))
    tp = _progress(frame, progress)
    out = frame.with_columns(rate.alias("completion_rate")).with_columns(
        ((pl.col("completion_rate") - tp) * 100).alias("variance_pp")
    )
    if PLANNED in frame.columns:
        out = out.with_columns(tp.alias("time_progress")).drop(PLANNED)
    return out


def per_group(frame: pl.DataFrame, by: str, column: str | None = None) -> pl.DataFrame:
    """``frame`` with a row per (project, person) where the ``by`` grouping names people
    (the leader): a cell naming several (``张书记、李县长``, ``张立新 副市长、刘洪波 副市长``)
    counts the project under each of them, and one person is one group however the cell
    writes the name (王建国, 王建国同志, 常务副市长 王建国:
    :func:`~projtrack.figures.persons.persons`).
    ``column`` holds the names (``by`` unless given: ``group`` after
    :func:`~projtrack.figures.colours.classify`). Other groupings, and frames without the
    column, are returned as they are; a cell naming nobody is null.

    The cells are read once per distinct value (a ledger holds a few dozen), so a frame
    already split gives the same rows again.
    """
    column = column or by
    if by not in MULTI_GROUPS or column not in frame.columns:
        return frame
    cells = frame[column].cast(pl.String)
    people = {c: list(persons(c)) or None for c in cells.drop_nulls().unique().to_list()}
    named = (
        pl.col(column)
        .cast(pl.String)
        .replace_strict(people, default=None, return_dtype=pl.List(pl.String))
    )
    return frame.with_columns(named.alias(column)).explode(column)


def group_of(by: str) -> pl.Expr:
    """The group a project's row is listed under: the ``by`` cell, ``(未填写)`` when empty;
    for the leader the people it names as :func:`per_group` counts them, joined by 、
    (王建国同志 → 王建国, 李明/赵强 → 李明、赵强), so that a list of projects names each
    leader as the table of leaders above it does."""
    return named(by).fill_null(UNSET_GROUP)


def named(by: str) -> pl.Expr:
    """The ``by`` cell as :func:`group_of` lists it, left null when empty."""
    if by in MULTI_GROUPS:
        return pl.col(by).map_batches(_named_persons, return_dtype=pl.String)
    return pl.col(by)


def _named_persons(cells: pl.Series) -> pl.Series:
    """Each cell as the people it names, joined by 、 (null when it names nobody); read
    once per distinct cell."""
    text = cells.cast(pl.String)
    names = {c: "、".join(persons(c)) or None for c in text.drop_nulls().unique().to_list()}
    return text.replace_strict(names, default=None, return_dtype=pl.String)


def shared_projects(projects: pl.DataFrame, by: str) -> int:
    """How many projects name several groups in their ``by`` cell (0 for other groupings)."""
    if by not in MULTI_GROUPS or by not in projects.columns:
        return 0
    rows = per_group(projects.select(by).with_row_index("_p"), by).drop_nulls(by)
    return int((rows.group_by("_p").len()["len"] > 1).sum())


def group_metrics(projects: pl.DataFrame, by: str, progress: float) -> pl.DataFrame:
    """One row per group: group, projects, annual_plan, completed_ytd, rate, variance_pp.

    Under the ``plan`` convention (a ``_planned`` column) also the group's time_progress.
    A project whose cell names several leaders counts under each (:func:`per_group`).
    """
    keyed = per_group(projects, by).with_columns(pl.col(by).fill_null(UNSET_GROUP).alias("group"))
    planned = PLANNED in projects.columns
    grouped = keyed.group_by("group", maintain_order=True).agg(_aggregations(planned))
    return _with_rates(grouped, progress)


def total_metrics(projects: pl.DataFrame, progress: float) -> dict[str, float | int | None]:
    """The same figures over all projects."""
    planned = PLANNED in projects.columns
    row = _with_rates(projects.select(_aggregations(planned)), progress).row(0, named=True)
    keys = ["projects", "annual_plan", "completed_ytd", "completion_rate", "variance_pp"]
    if planned:
        keys.append("time_progress")
    return {k: row[k] for k in keys}


def project_metrics(projects: pl.DataFrame, progress: float) -> pl.DataFrame:
    """Per-project rate and variance (used by warnings and detail sheets)."""
    plan = pl.col("annual_plan")
    rate = pl.when(plan > 0).then(pl.col("completed_ytd").fill_null(0.0) / plan)
    tp = pl.lit(progress)
    if PLANNED in projects.columns:
        tp = pl.when(plan > 0).then(pl.col(PLANNED) / plan).otherwise(pl.lit(progress))
    return projects.with_columns(rate.alias("completion_rate"), tp.alias("_tp")).with_columns(
        ((pl.col("completion_rate") - pl.col("_tp")) * 100).alias("variance_pp")
    )
