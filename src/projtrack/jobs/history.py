"""The ``history`` and ``trend`` jobs: what the snapshot store holds, period after period.

Storing a ledger (``ingest``) and rebuilding a stored period as a ledger live in
:mod:`projtrack.jobs.stored`, which the cron form of ``brief`` shares.
"""

from __future__ import annotations

import polars as pl

from projtrack.config import Config
from projtrack.figures.metrics import (
    RATE_FIELDS,
    group_metrics,
    time_progress,
    total_metrics,
    with_plan_progress,
)
from projtrack.jobs.stored import IngestResult, ingest, read_stored, stored_as_of
from projtrack.store import Store

__all__ = ["IngestResult", "ingest", "trend"]


DEFAULT_BY = ("region", "responsible", "level")


def _default_by(projects: pl.DataFrame) -> str | None:
    """region where the stored projects have one, else the responsible unit, else level."""
    for name in DEFAULT_BY:
        if name in projects.columns and projects[name].null_count() < projects.height:
            return name
    return None


def trend(
    *, store: Store, by: str | None, convention: str = "month", config: Config | None = None
) -> tuple[pl.DataFrame, str | None]:
    """Completion rate and variance per stored period and group (and 合计 per period).

    Returns the frame and the grouping used (region, else responsible, else level when
    ``by`` is None).

    Columns: period, as_of, label, group, projects, annual_plan, completed_ytd,
    completion_rate, variance_pp, time_progress.

    Each period is read once, and only the columns the figures use (the grouping and
    :data:`RATE_FIELDS`), so the cost grows with the periods, not with what else the
    store keeps.
    """
    frames = []
    snapshots = store.snapshots()
    latest = None
    if snapshots:  # read first: it names the default grouping
        asked = {*RATE_FIELDS, *((by,) if by is not None else DEFAULT_BY)}
        latest = read_stored(store, snapshots[-1], config, asked)
        by = by if by is not None else _default_by(latest)
    used = {*RATE_FIELDS, *((by,) if by is not None else ())}
    for i, snapshot in enumerate(snapshots):
        if i == len(snapshots) - 1 and latest is not None:
            projects = latest
        else:
            projects = read_stored(store, snapshot, config, used)
        progress = time_progress(snapshot.as_of, convention)
        if convention == "plan":
            projects = with_plan_progress(projects, progress)
        head = {"period": snapshot.period, "as_of": snapshot.as_of,
                "label": stored_as_of(snapshot).label, "time_progress": progress}  # fmt: skip
        if by is not None and by in projects.columns and projects[by].null_count() < len(projects):
            groups = group_metrics(projects, by, progress)
            # Under the plan convention each group has its own time progress: kept.
            fill = {k: pl.lit(v) for k, v in head.items() if k not in groups.columns}
            frames.append(groups.with_columns(**fill))
        total = total_metrics(projects, progress)
        frames.append(pl.DataFrame([{**head, **total, "group": "合计"}]))
    if not frames:
        return pl.DataFrame(), by
    order = ["period", "as_of", "label", "group", "projects", "annual_plan", "completed_ytd",
             "completion_rate", "variance_pp", "time_progress"]  # fmt: skip
    return pl.concat([f.select(order) for f in frames], how="vertical_relaxed"), by
