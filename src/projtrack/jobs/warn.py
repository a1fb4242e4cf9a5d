"""The ``warn`` job: every project of a ledger with its 红黄蓝 colour and the reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Unpack

import polars as pl

from projtrack.config import Config
from projtrack.errors import Finding
from projtrack.figures.colours import COLORS, count_by_group, describe_rules
from projtrack.figures.metrics import shared_projects, total_metrics
from projtrack.jobs.context import job_context, request
from projtrack.jobs.lookback import Lookback, coloured
from projtrack.jobs.reconciled import StatsBasis, statistics_for
from projtrack.period import AsOf, PeriodArgs
from projtrack.read.ledger import Ledger
from projtrack.store import Store


@dataclass
class WarnReport:
    """Every project with its colour and reason; counts overall and per group."""

    as_of: AsOf
    time_progress: float
    group_by: str
    projects: pl.DataFrame  # name, group, color, variance_pp, reason, + per-dimension colours
    by_group: pl.DataFrame  # group, red, yellow, blue
    rules: list[str]
    warnings: list[Finding] = field(default_factory=list)
    lookback: Lookback = field(default_factory=Lookback)  # the periods streaks are counted over
    statistics: StatsBasis | None = None  # the statistics list 入统 went by, if one was given
    convention: str = "month"  # how time progress was taken (the footer says so)
    total_progress: float | None = None  # under ``plan``: Σ planned to date / Σ annual plan
    shared: int = 0  # projects counted under each of the leaders their cell names

    @property
    def counts(self) -> dict[str, int]:
        """Projects per colour."""
        col = self.projects["color"]
        return {c: int((col == c).sum()) for c in COLORS}

    def to_json(self, *, frames: bool = False) -> dict[str, Any]:
        """``{"as_of", "counts", "projects": [{name, group, color, variance_pp, reason}]}``.

        ``frames``: the projects as a Polars frame instead of a list of dicts, for
        :func:`projtrack.render.machine.to_json`, which writes the same text from it
        column by column (the CLI's ``--format json``).
        """
        keys = [
            "name", "group", "color", "variance_pp", "reason", "progress", "start",
            "statistics", "streak", "red_streak", "yellow_streak", "action", "prev_color",
            "place", "prev_place", "where",
        ]  # fmt: skip
        projects = self.projects.select(keys)
        return {
            "as_of": self.as_of.date.isoformat(),
            "period_label": self.as_of.label,
            "time_progress": self.time_progress,
            "group_by": self.group_by,
            "counts": self.counts,
            "by": self.by_group.to_dicts(),
            **({"shared_projects": self.shared} if self.shared else {}),
            "projects": projects if frames else projects.to_dicts(),
            "rules": self.rules,
            "lookback": {"periods": self.lookback.periods, "gaps": self.lookback.gaps},
            "statistics_list": self.statistics.to_json() if self.statistics else None,
            "warnings": [w.to_json() for w in self.warnings],
        }


def warn(
    ledger: Path | str | Ledger,
    *,
    by: str | None = None,
    convention: str | None = None,
    store: Store | None = None,
    stats: Path | str | None = None,
    config: Config | None = None,
    **period: Unpack[PeriodArgs],
) -> WarnReport:
    """Colour every project of a ledger by the configured 红黄蓝 rules.

    ``convention`` overrides ``[general] convention`` (month, day or plan). With a
    ``store``, each project's streak over the stored months and the escalation ladder's
    action (``[supervision] ladder``) are added, and a rung may raise the colour.

    ``stats`` (else ``[rutong] stats``) is the statistics bureau's list: the 入统 dimension
    then goes by ``rutong``'s matching instead of the ledger's 是否入统 column, and every
    是否入统 cell that says otherwise is a ``stats_disagree`` finding.
    """
    ctx = job_context(ledger, config=config, period=request(period), by=by,
                      convention=convention)  # fmt: skip
    rule = ctx.config.warnings
    _, projects, basis, disagree = statistics_for(ctx, stats)
    classified, look = coloured(ctx, store, projects)
    return WarnReport(
        lookback=look,
        as_of=ctx.as_of,
        time_progress=ctx.progress,
        group_by=ctx.group_by,
        projects=classified,
        by_group=count_by_group(classified, ctx.group_by),
        rules=describe_rules(rule, ctx.config.supervision.ladder if look.has_history else ()),
        warnings=[*ctx.findings, *disagree],
        statistics=basis,
        convention=ctx.convention,
        shared=shared_projects(ctx.ledger.projects, ctx.group_by),
        total_progress=total_metrics(ctx.ledger.projects, ctx.progress).get("time_progress")
        if ctx.convention == "plan"
        else None,
    )
