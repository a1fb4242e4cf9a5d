"""The ``starts`` job: new starts (新开工), 开工率 and the 应开未开 list of a ledger."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Unpack

from projtrack.config import Config
from projtrack.errors import Finding, LedgerError
from projtrack.figures.starts import StartSummary, summarize_starts
from projtrack.jobs.context import job_context, request
from projtrack.period import AsOf, PeriodArgs
from projtrack.read.ledger import Ledger


@dataclass
class StartsReport:
    """The ``starts`` job's result: as-of, grouping and the start figures."""

    as_of: AsOf
    group_by: str
    summary: StartSummary
    warnings: list[Finding]
    shared: int = 0  # projects counted under each of the leaders their cell names

    def to_json(self) -> dict[str, Any]:
        """``{"as_of", "due", "started", "start_rate", "by": [...], "not_started": [...]}``."""
        s = self.summary
        return {
            "as_of": self.as_of.date.isoformat(),
            "period_label": self.as_of.label,
            "group_by": self.group_by,
            "due": s.due,
            "started": s.started,
            "started_early": s.started_early,
            "start_rate": s.start_rate,
            "by": s.by.to_dicts(),
            "not_started": [
                {
                    "name": r["name"],
                    "group": r["group"],
                    "planned_start": r["planned_start"].isoformat(),
                    "months_overdue": r["months_overdue"],
                }
                for r in s.not_started.iter_rows(named=True)
            ],
            **({"shared_projects": self.shared} if self.shared else {}),
            "warnings": [w.to_json() for w in self.warnings],
        }


def starts(
    ledger: Path | str | Ledger,
    *,
    by: str | None = None,
    config: Config | None = None,
    **period: Unpack[PeriodArgs],
) -> StartsReport:
    """New-start figures of a ledger; a ledger without planned start dates is an error."""
    ctx = job_context(ledger, config=config, period=request(period), by=by)
    summary = summarize_starts(ctx.ledger.projects, ctx.as_of.date, ctx.group_by)
    if summary is None and "planned_start" in ctx.ledger.fields:
        raise LedgerError(
            ctx.ledger.path,
            "没有实际开工时间或是否开工列，无法判断项目是否开工（no 实际开工时间 column: "
            "whether a project started cannot be told; add a synonym under [columns] in "
            "projtrack.toml if the header differs)",
        )
    if summary is None:
        raise LedgerError(
            ctx.ledger.path,
            "no 计划开工时间 column: new starts need planned start dates "
            "(add a synonym under [columns] in projtrack.toml if the header differs)",
        )
    # The note under the table counts the projects in it: the due ones.
    return StartsReport(ctx.as_of, ctx.group_by, summary, list(ctx.findings), summary.shared)
