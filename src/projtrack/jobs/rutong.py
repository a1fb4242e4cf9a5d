"""The ``rutong`` job: a ledger against the statistics bureau's list of projects in the
fixed-asset-investment database (入统, 应统尽统). The rules are in
:mod:`projtrack.figures.rutong`; this job opens both files and puts the figures together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Unpack

import polars as pl

from projtrack.config import Config
from projtrack.errors import Finding
from projtrack.figures.rutong import by_group, match_projects, reconcile, total
from projtrack.jobs.context import job_context, request
from projtrack.period import AsOf, PeriodArgs
from projtrack.read.ledger import Ledger
from projtrack.read.statslist import read_stats_list

LISTED = [
    "name", "group", "total_investment", "actual_start", "months", "color", "how", "score",
    "stats_name", "completed_ytd", "stats_completed", "deviation", "where",
]  # fmt: skip


@dataclass
class RutongReport:
    """The match of every ledger project, 入库率 and completion per unit and in total."""

    as_of: AsOf
    group_by: str
    stats_file: str
    projects: pl.DataFrame  # every ledger project with its match (see LISTED)
    groups: pl.DataFrame  # group, projects, due, entered, entry_rate, ledger/stats rates
    total: dict[str, Any]
    stats_only: pl.DataFrame  # statistics rows no ledger project matched
    threshold_wan: float
    deviation: float
    warnings: list[Finding] = field(default_factory=list)

    @property
    def pending(self) -> pl.DataFrame:
        """已开工未入库: due and not matched, the longest since the start first."""
        return self.projects.filter(pl.col("due") & pl.col("stats_name").is_null()).sort(
            ["months", "name"], descending=[True, False], nulls_last=True
        )

    @property
    def fuzzy(self) -> pl.DataFrame:
        """Fuzzy matches, for a person to confirm (or pin in [rutong] aliases)."""
        return self.projects.filter(pl.col("how") == "fuzzy").sort("score")

    @property
    def deviating(self) -> pl.DataFrame:
        """Matched projects whose 偏离度 is above the threshold, largest first."""
        big = pl.col("deviation").abs() > self.deviation
        return self.projects.filter(big).sort(pl.col("deviation").abs(), descending=True)

    def to_json(self) -> dict[str, Any]:
        """Rates as fractions, amounts in 万元, dates as ISO text."""

        def plain(frame: pl.DataFrame) -> list[dict[str, Any]]:
            return frame.with_columns(pl.col(pl.Date).cast(pl.String)).to_dicts()

        return {
            "as_of": self.as_of.date.isoformat(),
            "group_by": self.group_by,
            "stats_file": self.stats_file,
            "threshold_wan": self.threshold_wan,
            "total": self.total,
            "by": self.groups.to_dicts(),
            "pending": plain(self.pending.select(LISTED)),
            "fuzzy": plain(self.fuzzy.select(LISTED)),
            "deviating": plain(self.deviating.select(LISTED)),
            "stats_only": plain(self.stats_only),
            "projects": plain(self.projects.select(LISTED)),
            "warnings": [w.to_json() for w in self.warnings],
        }


def rutong(
    ledger: Path | str | Ledger,
    stats: Path | str,
    *,
    by: str | None = None,
    config: Config | None = None,
    **period: Unpack[PeriodArgs],
) -> RutongReport:
    """Match the ledger's projects to the statistics list and reconcile the two."""
    ctx = job_context(ledger, config=config, period=request(period), by=by)
    rule = ctx.config.rutong
    listed = read_stats_list(stats)
    projects = ctx.ledger.projects.with_columns(ctx.ledger.name_cell().alias("where"))
    matches = match_projects(projects, listed.projects, aliases=dict(rule.aliases),
                             threshold=rule.fuzzy_threshold)  # fmt: skip
    rows = reconcile(
        projects, listed.projects, matches, as_of=ctx.as_of.date, by=ctx.group_by,
        threshold_wan=rule.threshold_wan, yellow_months=ctx.config.warnings.stats_yellow_months,
        red_months=ctx.config.warnings.stats_red_months,
    )  # fmt: skip
    used = set(rows["_sid"].drop_nulls().to_list())
    stats_only = (
        listed.projects.with_row_index("_sid")
        .filter(~pl.col("_sid").cast(pl.Int64).is_in(list(used)))
        .select("code", "name", "region", "entered", "completed", "_sheet", "_row")
    )
    return RutongReport(
        as_of=ctx.as_of,
        group_by=ctx.group_by,
        stats_file=listed.path.name,
        projects=rows,
        groups=by_group(rows),
        total=total(rows),
        stats_only=stats_only,
        threshold_wan=rule.threshold_wan,
        deviation=rule.deviation,
        warnings=list(ctx.findings),
    )
