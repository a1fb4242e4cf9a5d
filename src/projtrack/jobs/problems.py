"""The ``problems`` job: the 问题清单 of a ledger, by state and responsible unit."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Unpack

import polars as pl

from projtrack.config import Config
from projtrack.errors import Finding
from projtrack.figures.problems import STATES, classify_problems, count_by_unit
from projtrack.jobs.context import job_context, request
from projtrack.period import AsOf, PeriodArgs
from projtrack.read.ledger import Ledger


@dataclass
class ProblemsReport:
    """Every problem with its state, counts overall and per responsible unit."""

    as_of: AsOf
    problems: pl.DataFrame  # name, responsible, problem, status, state, deadline, overdue_days
    by_unit: pl.DataFrame  # responsible, open, overdue, resolved, closed
    has_status: bool
    has_deadline: bool
    warnings: list[Finding] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        """Problems per state, and how many open ones are overdue."""
        state = self.problems["state"]
        out = {s: int((state == s).sum()) for s in STATES}
        out["overdue"] = int(self.problems["overdue_days"].is_not_null().sum())
        out["total"] = self.problems.height
        return out

    def to_json(self) -> dict[str, Any]:
        """``{"as_of", "counts", "by": [...], "problems": [...]}`` (dates as ISO text)."""
        rows = self.problems.with_columns(pl.col("deadline").cast(pl.String)).to_dicts()
        return {
            "as_of": self.as_of.date.isoformat(),
            "counts": self.counts,
            "by": self.by_unit.to_dicts(),
            "problems": rows,
            "warnings": [w.to_json() for w in self.warnings],
        }


def problems(
    ledger: Path | str | Ledger,
    *,
    config: Config | None = None,
    **period: Unpack[PeriodArgs],
) -> ProblemsReport:
    """The problem list of a ledger."""
    ctx = job_context(ledger, config=config, period=request(period), grouped=False)
    listed = classify_problems(ctx.ledger.projects, ctx.as_of.date, ctx.ledger.name_cell())
    return ProblemsReport(
        as_of=ctx.as_of,
        problems=listed,
        by_unit=count_by_unit(listed),
        has_status="problem_status" in ctx.ledger.fields,
        has_deadline="problem_deadline" in ctx.ledger.fields,
        warnings=list(ctx.findings),
    )
