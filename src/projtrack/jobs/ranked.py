"""The ranked groups of one period (:class:`RankReport`): what ``rank`` prints and what a
briefing ranks, built the same way for both.

With a store, the report also carries the change against the previous stored period of
the same year and against the same period a year earlier, when stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import polars as pl

from projtrack.errors import Finding
from projtrack.figures.compare import Comparison, compare, total_change, with_changes
from projtrack.figures.fastslow import FastSlow, fast_slow
from projtrack.figures.lists import ListRule, ranked_count, ranked_groups
from projtrack.figures.metrics import MULTI_GROUPS, RATE_FIELDS, shared_projects, total_metrics
from projtrack.jobs.context import JobContext, group_label
from projtrack.jobs.stored import read_stored
from projtrack.period import AsOf, period_label
from projtrack.read.ledger import Ledger
from projtrack.store import Store


@dataclass(frozen=True)
class Caveats:
    """What the ledger says of itself that a reader of the ranking must be told beside it,
    counted once from the findings (the renderers phrase it): units its 汇总 lists whose
    sheets are hidden (not ranked), 汇总 rows that differ from the detail sheets, and
    project rows repeating another row's name (each counted) — a ranking that drops a
    county or counts a project twice must not pass as the ledger's without a word."""

    hidden_in_summary: tuple[str, ...] = ()
    summary_rows_off: int = 0  # 汇总 rows whose figures (or group) the details do not give
    repeated: int = 0  # project rows with another row's name (duplicate, duplicate_elsewhere)

    @classmethod
    def of(cls, ledger: Ledger, findings: list[Finding]) -> Caveats:
        """The caveats of a ledger read with these findings."""
        off = {(f.sheet, f.row) for f in findings
               if f.code in ("summary_mismatch", "summary_unmatched")}  # fmt: skip
        twice = {(f.sheet, f.row) for f in findings
                 if f.code in ("duplicate", "duplicate_elsewhere")}  # fmt: skip
        return cls(tuple(ledger.summary_hidden), len(off), len(twice))


@dataclass
class RankReport:
    """Everything a renderer needs to show a ranking; ``to_json`` is SPEC §7."""

    ledger: Ledger
    as_of: AsOf
    convention: str
    time_progress: float
    group_by: str
    group_label: str
    rows: pl.DataFrame
    total: dict[str, Any]
    rule: ListRule
    warnings: list[Finding] = field(default_factory=list)
    previous: Comparison | None = None
    year_ago: Comparison | None = None
    fast_slow: FastSlow | None = None  # 十快/十慢 (rank --projects)
    punctuation: str = "full"  # [general] punctuation of the words around the figures
    shared: int = 0  # projects counted under several groups (a cell naming two leaders)
    caveats: Caveats = field(default_factory=Caveats)

    def to_json(self) -> dict[str, Any]:
        """The stable machine-readable shape (rates as fractions, amounts in 万元, unrounded)."""
        columns = ["group", "projects", "annual_plan", "completed_ytd", "completion_rate",
                   "variance_pp", "rank", "list"]  # fmt: skip
        columns += [c for c in ("time_progress", "sequence", "score") if c in self.rows.columns]
        if self.previous is not None:
            columns += [
                "prev_rank",
                "rank_change",
                "prev_listed",
                "rate_change_pp",
                "variance_change_pp",
            ]
        data = {
            "as_of": self.as_of.date.isoformat(),
            "period_label": self.as_of.label,
            "time_progress": self.time_progress,
            "convention": self.convention,
            "group_by": self.group_by,
            "unit": "万元",
            "total": self.total,
            "rows": self.rows.select(columns).to_dicts(),
            "rule": self.rule.describe(),
            "source": {"file": self.ledger.path.name, "as_of_source": self.as_of.source},
            "warnings": [w.to_json() for w in self.warnings],
        }
        if self.group_by in MULTI_GROUPS:
            data["shared_projects"] = self.shared
        for comparison in (self.previous, self.year_ago):
            if comparison is not None:
                data[comparison.kind] = comparison.to_json() | {"change": comparison.change}
        if self.fast_slow is not None:
            data["fast_slow"] = fast_slow_json(self.fast_slow)
        return data


def fast_slow_json(lists: FastSlow) -> dict[str, Any]:
    """十快/十慢 as plain values: each list's rows (dates as ISO text), ties, the units."""
    out: dict[str, Any] = {"n": lists.n, "ranked_projects": lists.ranked_projects}
    if lists.even is not None:  # every project at one rate: both lists empty
        out["even"] = {"completion_rate": lists.even[0], "variance_pp": lists.even[1]}
    for key, ranked in lists.lists():
        rows = ranked.rows.drop("_sheet", "_row").to_dicts()
        for row in rows:
            for name in ("planned_start", "actual_start"):
                if name in row and row[name] is not None:
                    row[name] = row[name].isoformat()
        out[key] = {"rows": rows, "tied": ranked.tied}
    out["leading_units"], out["lagging_units"] = lists.leading, lists.lagging
    return out


def rank_report(
    ctx: JobContext, *, rule: ListRule, store: Store | None = None, projects: bool = False
) -> RankReport:
    """Rank the context's groups by completion of the annual plan (or the composite score);
    with ``projects``, also the 十快/十慢 projects and the 先进/后进 units."""
    loaded = ctx.ledger
    rule = rule.for_grouping(ctx.group_by)  # leaders are ranked, never on a 红黑榜
    rows = ranked_groups(
        loaded.projects,
        ctx.group_by,
        as_of=ctx.as_of.date,
        progress=ctx.progress,
        rule=rule,
        warn_rule=ctx.config.warnings,
    )
    label = group_label(loaded, ctx.group_by)
    total = total_metrics(loaded.projects, ctx.progress)
    previous = year_ago = None
    if store is not None:
        previous = _comparison(store, "previous", ctx, rule)
        year_ago = _comparison(store, "year_ago", ctx, rule)
        if previous is not None:
            rows = with_changes(rows, previous)
    lists = None
    if projects:
        sup = ctx.config.supervision
        gates = (rule.red_requires_on_track, rule.black_requires_behind)  # as the 红黑榜
        lists = fast_slow(loaded.projects, as_of=ctx.as_of.date, progress=ctx.progress,
                          by=ctx.group_by, n=sup.fast_slow_n, groups=rows,
                          units=0 if rule.persons else sup.fast_slow_units,
                          gates=gates)  # fmt: skip
    return RankReport(
        fast_slow=lists,
        previous=_with_change(previous, total),
        year_ago=_with_change(year_ago, total),
        ledger=loaded,
        as_of=ctx.as_of,
        convention=ctx.convention,
        time_progress=ctx.progress,
        group_by=ctx.group_by,
        group_label=label,
        rows=rows,
        total=total,
        rule=rule.for_units(ranked_count(rows)),
        warnings=list(ctx.findings),
        punctuation=ctx.config.general.punctuation,
        shared=shared_projects(loaded.projects, ctx.group_by),
        caveats=Caveats.of(loaded, list(ctx.findings)),
    )


def _with_change(comparison: Comparison | None, total: dict[str, Any]) -> Comparison | None:
    """The comparison with the current total's change against it."""
    if comparison is None:
        return None
    return replace(comparison, change=total_change(total, comparison))


def _comparison(store: Store, kind: str, ctx: JobContext, rule: ListRule) -> Comparison | None:
    """The earlier stored period of ``kind`` ("previous" or "year_ago"), if any, read with
    today's aliases and ranked by the same rule."""
    as_of = ctx.as_of.date
    snapshot = store.previous(as_of) if kind == "previous" else store.year_before(as_of)
    if snapshot is None:
        return None
    if kind == "previous":
        label = period_label(snapshot.as_of, kind="month")
    else:
        label = (
            f"{snapshot.as_of.year}年{snapshot.meta.get('label') or period_label(snapshot.as_of)}"
        )
    # Ranked by rate, the earlier period needs its groups' sums only; a composite score
    # also needs what its indicators read: everything.
    used = None if rule.weights else {ctx.group_by, *RATE_FIELDS}
    return compare(
        kind=kind,
        period=snapshot.period,
        as_of=snapshot.as_of,
        label=label,
        projects=read_stored(store, snapshot, ctx.config, used),
        by=ctx.group_by,
        convention=ctx.convention,
        rule=rule,
        warn_rule=ctx.config.warnings,
    )
