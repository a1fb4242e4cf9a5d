"""The ``problems`` job: the 问题清单 of a ledger, by state and responsible unit."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Unpack

import polars as pl

from projtrack.config import Config
from projtrack.errors import Finding
from projtrack.figures.metrics import shared_projects
from projtrack.figures.problems import STATES, classify_problems, count_by_unit
from projtrack.jobs.context import group_label, job_context, request
from projtrack.period import AsOf, PeriodArgs
from projtrack.read.ledger import Ledger


@dataclass
class ProblemsReport:
    """Every problem with its state, counts overall and per responsible unit."""

    as_of: AsOf
    problems: pl.DataFrame  # name, responsible, problem, status, state, deadline, overdue_days
    by_unit: pl.DataFrame  # the group_by column (responsible), open, overdue, resolved, closed
    has_status: bool
    has_deadline: bool
    warnings: list[Finding] = field(default_factory=list)
    group_by: str = "responsible"  # --by: responsible (default), leader, region, …
    group_label: str = "责任单位"  # the ledger's header of that column
    shared: int = 0  # problems counted under each of the leaders their cell names

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
            "group_by": self.group_by,
            "by": self.by_unit.to_dicts(),
            **({"shared_problems": self.shared} if self.shared else {}),
            "problems": rows,
            "warnings": [w.to_json() for w in self.warnings],
        }


def problems(
    ledger: Path | str | Ledger,
    *,
    by: str | None = None,
    config: Config | None = None,
    **period: Unpack[PeriodArgs],
) -> ProblemsReport:
    """The problem list of a ledger, counted per responsible unit or per ``by`` (which the
    ledger must have: else a usage error naming the groupings it has)."""
    chosen = by not in (None, "responsible")
    ctx = job_context(ledger, config=config, period=request(period), by=by, grouped=chosen)
    group_by = ctx.group_by or "responsible"
    keep = (group_by,) if chosen else ()
    listed = classify_problems(ctx.ledger.projects, ctx.as_of.date, ctx.ledger.name_cell(), keep)
    return ProblemsReport(
        group_by=group_by,
        group_label=group_label(ctx.ledger, group_by),
        as_of=ctx.as_of,
        problems=listed,
        by_unit=count_by_unit(listed, group_by),
        has_status="problem_status" in ctx.ledger.fields,
        has_deadline="problem_deadline" in ctx.ledger.fields,
        warnings=list(ctx.findings),
        shared=shared_projects(listed, group_by),
    )
