"""Jobs over the snapshot store: ingest a ledger, list periods, trends, stored ledgers.

A stored period can stand in for its ledger: :func:`ledger_from_snapshot` rebuilds a
:class:`~projtrack.ledger.Ledger` from the Parquet file and the header texts kept in the
manifest, so ``rank`` and ``brief`` run on it exactly as on the workbook.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from .config import Config
from .errors import Finding
from .ledger import ColumnUse, Ledger, SheetInfo
from .metrics import group_metrics, time_progress, total_metrics, with_plan_progress
from .period import AsOf, period_label
from .rank import ledger_as_of
from .store import Snapshot, Store, file_sha256

STORED_SHEET = "快照"


def store_for(config: Config, explicit: Path | None = None) -> Store:
    """The configured store (``--store`` wins over ``[store] dir``)."""
    return Store(explicit or Path(config.store.dir))


def snapshot_meta(ledger: Ledger) -> dict[str, Any]:
    """What a stored period keeps besides the projects: header texts and titles."""
    headers: dict[str, str] = {}
    for sheet in ledger.sheets:
        if sheet.used:
            for col in sheet.columns:
                headers.setdefault(col.field, col.header)
    titles = [t for s in ledger.sheets if s.used for t in s.title_lines]
    return {"headers": headers, "titles": titles}


@dataclass
class IngestResult:
    """What ``ingest`` did."""

    snapshot: Snapshot
    action: str  # stored | unchanged | replaced
    as_of: AsOf
    warnings: list[Finding]

    def to_json(self) -> dict[str, Any]:
        """The snapshot entry and the action."""
        return {"action": self.action, **self.snapshot.to_json()}


def ingest(
    *,
    ledger: Path,
    store: Store,
    period: str | None = None,
    replace: bool = False,
    as_of: date | None = None,
    year: int | None = None,
    month: int | None = None,
    quarter: str | None = None,
    lock_timeout: float = 300.0,
    lock: bool = True,
    config: Config | None = None,
) -> IngestResult:
    """Store the normalised projects of a ledger as the snapshot of its period.

    ``lock`` False is for a caller that already holds the store's lock.
    """
    sha = file_sha256(ledger)
    loaded = (config or Config()).open(ledger)
    resolved = ledger_as_of(loaded, as_of=as_of or _period_date(period), year=year,
                            month=month, quarter=quarter)  # fmt: skip
    guard = store.locked(timeout=lock_timeout) if lock else contextlib.nullcontext()
    with guard:
        snapshot, action = store.ingest(
            loaded.projects,
            as_of=resolved.date,
            source=ledger,
            sha256=sha,
            meta=snapshot_meta(loaded) | {"label": resolved.label},
            period=period,
            replace=replace,
        )
    return IngestResult(snapshot, action, resolved, [*resolved.findings, *loaded.findings])


def _period_date(period: str | None) -> date | None:
    """--period YYYY-MM → that month's end; YYYY-MM-DD → that date."""
    if period is None:
        return None
    import re

    from .errors import UsageError
    from .period import month_end

    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", period):
        return date.fromisoformat(period)
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", period)
    if not match or not 1 <= int(match[2]) <= 12:
        raise UsageError(f"--period must be YYYY-MM or YYYY-MM-DD, got {period!r}")
    return month_end(int(match[1]), int(match[2]))


def ledger_from_snapshot(store: Store, snapshot: Snapshot) -> Ledger:
    """A Ledger whose projects are the stored ones (no findings: they were shown at ingest)."""
    projects = store.read(snapshot)
    headers: dict[str, str] = snapshot.meta.get("headers", {})
    columns = [
        ColumnUse(STORED_SHEET, i, header, name, None, 1)
        for i, (name, header) in enumerate(headers.items())
    ]
    info = SheetInfo(STORED_SHEET, True, columns=columns,
                     title_lines=list(snapshot.meta.get("titles", [])))  # fmt: skip
    info.projects = projects.height
    return Ledger(Path(snapshot.source), projects, [info], [], [])


def stored_as_of(snapshot: Snapshot) -> AsOf:
    """The as-of of a stored period, labelled as when it was ingested."""
    label = snapshot.meta.get("label") or period_label(snapshot.as_of)
    return AsOf(snapshot.as_of, label, f"store: period {snapshot.period}")


def _default_by(projects: pl.DataFrame) -> str | None:
    """region where the stored projects have one, else the responsible unit, else level."""
    for name in ("region", "responsible", "level"):
        if name in projects.columns and projects[name].null_count() < projects.height:
            return name
    return None


def trend(
    *, store: Store, by: str | None, convention: str = "month"
) -> tuple[pl.DataFrame, str | None]:
    """Completion rate and variance per stored period and group (and 合计 per period).

    Returns the frame and the grouping used (region, else responsible, else level when
    ``by`` is None).

    Columns: period, as_of, label, group, projects, annual_plan, completed_ytd,
    completion_rate, variance_pp, time_progress.
    """
    frames = []
    snapshots = store.snapshots()
    if by is None and snapshots:
        by = _default_by(store.read(snapshots[-1]))
    for snapshot in snapshots:
        projects = store.read(snapshot)
        progress = time_progress(snapshot.as_of, convention)
        if convention == "plan":
            projects = with_plan_progress(projects, progress)
        head = {"period": snapshot.period, "as_of": snapshot.as_of,
                "label": stored_as_of(snapshot).label, "time_progress": progress}  # fmt: skip
        if by is not None and by in projects.columns and projects[by].null_count() < len(projects):
            groups = group_metrics(projects, by, progress)
            frames.append(groups.with_columns(**{k: pl.lit(v) for k, v in head.items()}))
        total = total_metrics(projects, progress)
        frames.append(pl.DataFrame([{**head, "group": "合计", **total}]))
    if not frames:
        return pl.DataFrame(), by
    order = ["period", "as_of", "label", "group", "projects", "annual_plan", "completed_ytd",
             "completion_rate", "variance_pp", "time_progress"]  # fmt: skip
    return pl.concat([f.select(order) for f in frames], how="vertical_relaxed"), by
