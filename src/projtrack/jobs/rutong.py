"""The ``rutong`` job: a ledger against the statistics bureau's list of projects in the
fixed-asset-investment database (入统, 应统尽统). The rules are in
:mod:`projtrack.figures.rutong`; the matching shared with ``warn`` and the briefing is in
:mod:`projtrack.jobs.reconciled`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Unpack

from projtrack.config import Config
from projtrack.jobs.context import has_default_group, job_context, open_ledger, request
from projtrack.jobs.reconciled import LISTED, RutongReport, reconciled
from projtrack.period import PeriodArgs
from projtrack.read.ledger import Ledger

__all__ = ["LISTED", "RutongReport", "rutong"]


def rutong(
    ledger: Path | str | Ledger,
    stats: Path | str,
    *,
    by: str | None = None,
    config: Config | None = None,
    **period: Unpack[PeriodArgs],
) -> RutongReport:
    """Match the ledger's projects to the statistics list and reconcile the two.

    A ledger with no column to group by (no 县(市、区), 责任单位 or 级别) is reconciled in
    total only: 入库率 and the lists need no unit, so it is not refused as ``rank`` must."""
    cfg = config or Config()
    loaded = open_ledger(cfg, ledger)
    grouped = by is not None or has_default_group(loaded)
    ctx = job_context(loaded, config=cfg, period=request(period), by=by, grouped=grouped)
    return reconciled(ctx, stats)
