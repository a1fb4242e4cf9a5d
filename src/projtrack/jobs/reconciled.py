"""Shared job plumbing for 入统: the ledger matched to the statistics bureau's list, as
``rutong`` prints it, ``warn`` colours its 入统 dimension by it and the briefing workbook
shows it on its 入统 sheet — one matching for all three."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from projtrack.config import Config
from projtrack.errors import Finding, LedgerError, UsageError
from projtrack.figures.colours import ledger_says_entered
from projtrack.figures.rutong import (
    by_group,
    deviates,
    disagreements,
    match_projects,
    reconcile,
    shared_names,
    stats_zero,
    total,
)
from projtrack.jobs.context import JobContext
from projtrack.period import AsOf, ytd_span
from projtrack.read.statslist import StatsList, read_stats_list

LISTED = [
    "name", "group", "total_investment", "actual_start", "months", "color", "how", "score",
    "stats_name", "completed_ytd", "stats_completed", "deviation", "where",
]  # fmt: skip


@dataclass
class RutongReport:
    """The match of every ledger project, 入库率 and completion per unit and in total."""

    as_of: AsOf
    group_by: str  # "" for a ledger reconciled in total only (no column to group by)
    stats_file: str
    projects: pl.DataFrame  # every ledger project with its match (see LISTED), ledger order
    groups: pl.DataFrame  # group, projects, due, entered, entry_rate, ledger/stats rates
    total: dict[str, Any]
    stats_only: pl.DataFrame  # statistics rows no ledger project matched
    threshold_wan: float
    deviation: float
    warnings: list[Finding] = field(default_factory=list)
    # What reading the list and matching it found (in ``warnings`` too): the jobs that
    # colour 入统 by the list (warn, woniu, notices, brief) pass these on.
    stats_findings: list[Finding] = field(default_factory=list)

    @property
    def unread(self) -> list[Finding]:
        """Rows of the statistics list not read whole: their projects may be missing from
        it, so some 已开工未入库 may be entered after all — said above the lists."""
        return [f for f in self.stats_findings if f.code == "csv_row_fields"]

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
        """Matched projects whose 偏离度 is above the threshold, largest first: those the
        statistics put at 0 (no ratio, 偏离度 null) before all, the ledger's largest first."""
        return self.projects.filter(deviates(self.deviation)).sort(
            [stats_zero(), pl.col("deviation").abs(), "completed_ytd"],
            descending=True,
            nulls_last=True,
        )

    def to_json(self) -> dict[str, Any]:
        """Rates as fractions, amounts in 万元, dates as ISO text."""

        def plain(frame: pl.DataFrame) -> list[dict[str, Any]]:
            return frame.with_columns(pl.col(pl.Date).cast(pl.String)).to_dicts()

        return {
            "as_of": self.as_of.date.isoformat(),
            "group_by": self.group_by or None,
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


def reconciled(ctx: JobContext, stats: Path | str) -> RutongReport:
    """Match the context's ledger to the statistics list ``stats`` and reconcile the two."""
    rule = ctx.config.rutong
    listed = read_stats_list(stats)
    require_same_period(listed, ctx.as_of)
    projects = ctx.ledger.projects.with_columns(ctx.ledger.name_cell().alias("where"))
    matches = match_projects(projects, listed.projects, aliases=dict(rule.aliases),
                             threshold=rule.fuzzy_threshold)  # fmt: skip
    rows = reconcile(
        projects, listed.projects, matches, as_of=ctx.as_of.date, by=ctx.group_by,
        threshold_wan=rule.threshold_wan, yellow_months=ctx.config.warnings.stats_yellow_months,
        red_months=ctx.config.warnings.stats_red_months,
    ).sort("_lid")  # fmt: skip
    same = shared_names(projects, listed.projects, matches, file=listed.path.name)
    fuzzy = _fuzzy_pairs(ctx, rows, listed.path.name)
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
        groups=by_group(rows) if ctx.group_by else by_group(rows).clear(),
        total=total(rows),
        stats_only=stats_only,
        threshold_wan=rule.threshold_wan,
        deviation=rule.deviation,
        warnings=[
            *ctx.findings,
            *listed.findings,
            *same,
            *fuzzy,
            *_unsized(ctx, rule.threshold_wan),
        ],
        stats_findings=[*listed.findings, *same, *fuzzy],
    )


def require_same_period(listed: StatsList, as_of: AsOf) -> None:
    """A statistics list of another period than the ledger's is refused (SPEC §5: a
    header's month range is data). A 1-9月 list against a 1-12月 ledger read 入库率 88.4%,
    36 projects deviating by ~39% and projects started after September as 未入库 — all
    from comparing two periods. A list that states no month is taken as of the ledger's;
    one stating only a year must state the ledger's year."""
    stated = listed.period
    if stated is None:
        return
    year_differs = stated.year is not None and stated.year != as_of.date.year
    if not year_differs and stated.month in (None, as_of.date.month):
        return
    theirs = f"{stated.year}年" if stated.year else ""
    theirs += "" if stated.month is None else ytd_span(stated.month)
    where = "表头" if stated.source == "header" else "标题"
    ledger = f"{as_of.date.year}年{ytd_span(as_of.date.month)}"
    raise UsageError(
        f"统计清单《{listed.path.name}》是{theirs}的数据（{where}「{stated.text.strip()}」），"
        f"台账是{ledger}的（截至{as_of.date.isoformat()}）：两期不同，不能核对入统。请用与台账"
        f"同期的统计清单，或与清单同期的台账（the statistics list is of {theirs}, the ledger "
        f"of {ledger}）"
    )


def _fuzzy_pairs(ctx: JobContext, rows: pl.DataFrame, file: str) -> list[Finding]:
    """A ``stats_fuzzy`` finding at the 项目名称 cell of each project paired by a similar name
    only: it counts as entered, so ``warn``, ``woniu``, ``notices`` and the briefing colour it
    blue on a pair no one has confirmed; the analyst must see both names wherever the list
    is used, not only in ``rutong``'s table."""
    columns = {c.sheet: c.column for s in ctx.ledger.sheets if s.used
               for c in s.columns if c.field == "name"}  # fmt: skip
    found = []
    for r in rows.filter(pl.col("how") == "fuzzy").iter_rows(named=True):
        message = (f"台账“{r['name']}”与统计清单《{file}》“{r['stats_name']}”名称相似而不一致"
                   f"（相似度{r['score']:.1f}），按同一项目计为已入库；请核对，确认后可在 "
                   "[rutong] aliases 中固定，不是同一项目则在清单中补录")  # fmt: skip
        found.append(Finding(r["_sheet"], r["_row"], columns.get(r["_sheet"]), "stats_fuzzy",
                             message))  # fmt: skip
    return found


def _unsized(ctx: JobContext, threshold: float) -> list[Finding]:
    """A ledger without 总投资 cannot apply the size threshold: every started project is
    due for 入统, and the user is told so (rather than none being due)."""
    if ctx.ledger.projects["total_investment"].is_not_null().any():
        return []
    message = (f"the ledger gives no 总投资: every started project is counted as due for 入统 "
               f"(the {threshold:g} 万元 threshold cannot be applied)")  # fmt: skip
    return [Finding(None, None, None, "no_total_investment", message)]


def stats_path(config: Config, explicit: Path | str | None) -> Path | None:
    """The statistics list to use: the option, else ``[rutong] stats`` (relative to the
    current folder, as ``[store] dir``), else none."""
    if explicit:
        return Path(explicit)
    if not config.rutong.stats:
        return None
    path = Path(config.rutong.stats)
    if not path.is_file():
        raise LedgerError(path, f"no such file: [rutong] stats in {config.source} names it")
    return path


@dataclass(frozen=True)
class StatsBasis:
    """What ``warn``'s 入统 dimension went by when a statistics list was given."""

    file: str  # the list's file name
    pending: int  # 已开工未入库: due and not matched
    disagree: int  # projects whose 是否入统 cell says otherwise than the list
    threshold_wan: float  # started projects of at least this total investment are due
    unread: int = 0  # rows of the list not read whole (their projects may read 未入统)
    # projects paired by a similar name only (counted as entered, to confirm): the ledger's
    # name beside the list's
    fuzzy_pairs: tuple[tuple[str, str], ...] = ()

    @property
    def fuzzy(self) -> int:
        """How many projects were paired by a similar name only."""
        return len(self.fuzzy_pairs)

    def to_json(self) -> dict[str, Any]:
        """``{"file", "pending", "disagree", "threshold_wan", "unread", "fuzzy"}``."""
        return {"file": self.file, "pending": self.pending, "disagree": self.disagree,
                "threshold_wan": self.threshold_wan, "unread": self.unread,
                "fuzzy": self.fuzzy}  # fmt: skip


def with_stats_match(
    ctx: JobContext, report: RutongReport
) -> tuple[pl.DataFrame, StatsBasis, list[Finding]]:
    """The ledger's projects with ``_stats_pending`` (the 入统 dimension's input, see
    :func:`projtrack.figures.colours.statistics_colors`), what it went by, and a finding at
    every 是否入统 cell that says otherwise than the list."""
    rows = report.projects
    pending = rows["due"] & rows["stats_name"].is_null()
    projects = ctx.ledger.projects.with_columns(pl.Series("_stats_pending", pending))
    columns = {c.sheet: c.column for s in ctx.ledger.sheets if s.used
               for c in s.columns if c.field == "in_stats"}  # fmt: skip
    found = []
    for r in disagreements(rows, ledger_says_entered()).iter_rows(named=True):
        if r["kind"] == "listed_not_matched":
            text = f"是否入统 says “{r['in_stats']}” but {report.stats_file} has no such project"
        else:
            text = (f"是否入统 says “{r['in_stats']}” but {report.stats_file} lists it as "
                    f"“{r['stats_name']}”")  # fmt: skip
        message = f"{r['name']}: {text}; 入统 follows the list"
        found.append(Finding(r["_sheet"], r["_row"], columns.get(r["_sheet"]), "stats_disagree",
                             message))  # fmt: skip
    basis = StatsBasis(report.stats_file, int(pending.sum()), len(found), report.threshold_wan,
                       len(report.unread),
                       tuple(report.fuzzy.select("name", "stats_name").iter_rows()))  # fmt: skip
    return projects, basis, found


def statistics_for(
    ctx: JobContext, explicit: Path | str | None
) -> tuple[RutongReport | None, pl.DataFrame | None, StatsBasis | None, list[Finding]]:
    """With a statistics list (the option, else ``[rutong] stats``): the reconciliation,
    the projects to colour (with ``_stats_pending``), what 入统 went by, the
    ``stats_disagree`` findings and what reading and matching the list found (a row it
    could not read colours its project 未入统); without one, nothing."""
    listed = stats_path(ctx.config, explicit)
    if listed is None:
        return None, None, None, []
    report = reconciled(ctx, listed)
    projects, basis, found = with_stats_match(ctx, report)
    found = [*found, *report.stats_findings, *_unsized(ctx, report.threshold_wan)]
    return report, projects, basis, found
