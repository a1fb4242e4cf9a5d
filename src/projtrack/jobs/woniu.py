"""The ``woniu`` job: the 蜗牛 projects of a ledger (新昌's rule), 巴中's 十大蜗牛项目, and
how often each was listed (first 通报批评, then 曝光), counted in the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Unpack

import polars as pl

from projtrack.config import Config
from projtrack.errors import Finding
from projtrack.figures.notices import with_flags
from projtrack.figures.woniu import WoniuRule
from projtrack.jobs.context import job_context, request
from projtrack.jobs.lookback import Lookback, coloured, snail_list
from projtrack.jobs.reconciled import statistics_for
from projtrack.period import AsOf, PeriodArgs
from projtrack.read.ledger import Ledger
from projtrack.store import Store

JSON_KEYS = [
    "rank", "name", "group", "criteria", "n_criteria", "delay", "start_delay", "not_started",
    "finish_delay", "red_streak", "appearances", "sanction", "flag", "where",
]  # fmt: skip


@dataclass
class WoniuReport:
    """The 蜗牛 projects worst first, with their listings; ``top`` of them are the 十大."""

    as_of: AsOf
    group_by: str
    projects: pl.DataFrame  # see JSON_KEYS
    rule: WoniuRule
    lookback: Lookback
    recorded: bool  # this period's list was written to the store's woniu.json
    listing_periods: list[str] = field(default_factory=list)  # periods 列入次数 counts over
    warnings: list[Finding] = field(default_factory=list)

    @property
    def top(self) -> pl.DataFrame:
        """巴中's 十大蜗牛项目: the first ``rule.top`` of the list."""
        return self.projects.head(self.rule.top)

    def to_json(self) -> dict[str, Any]:
        """``{"as_of", "period", "rule", "projects": [...], "top": N, "lookback", …}``."""
        return {
            "as_of": self.as_of.date.isoformat(),
            "period_label": self.as_of.label,
            "group_by": self.group_by,
            "rule": {"start_months": self.rule.start_months, "red_periods": self.rule.red_periods,
                     "finish_months": self.rule.finish_months, "top": self.rule.top},
            "projects": self.projects.select(JSON_KEYS).to_dicts(),
            "top": min(self.rule.top, self.projects.height),
            "recorded": self.recorded,
            "listing_periods": self.listing_periods,
            "lookback": {"periods": self.lookback.periods, "gaps": self.lookback.gaps},
            "warnings": [w.to_json() for w in self.warnings],
        }  # fmt: skip


def woniu(
    ledger: Path | str | Ledger,
    *,
    by: str | None = None,
    store: Store | None = None,
    record: bool = True,
    stats: Path | str | None = None,
    config: Config | None = None,
    **period: Unpack[PeriodArgs],
) -> WoniuReport:
    """The 蜗牛 projects of a ledger by ``[supervision] woniu_*``.

    With a ``store`` (an existing folder), red streaks come from the stored months and,
    with ``record``, this period's list is kept in the store's ``woniu.json`` so that a
    project listed again is counted (re-running a period gives the same counts).
    ``stats`` (else ``[rutong] stats``): 入统 follows the statistics list, as in ``warn``.
    """
    ctx = job_context(ledger, config=config, period=request(period), by=by)
    # 入统 by the statistics list when one is given, as warn and the briefing
    _, listed, _, disagree = statistics_for(ctx, stats)
    projects = ctx.ledger.projects if listed is None else listed
    escalated = coloured(ctx, store, with_flags(projects, ctx.findings))
    snails = snail_list(ctx, store, record=record, escalated=escalated)
    return WoniuReport(
        as_of=ctx.as_of,
        group_by=ctx.group_by,
        projects=snails.projects,
        rule=snails.rule,
        lookback=snails.lookback,
        recorded=snails.recorded,
        listing_periods=snails.listing_periods,
        warnings=[*ctx.findings, *disagree],
    )
