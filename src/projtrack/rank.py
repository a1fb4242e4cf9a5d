"""The ``rank`` job: a ledger in, the ranked groups with red and black lists out."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from .compare import Comparison, compare, total_change, with_changes
from .config import Config
from .errors import Finding, UsageError
from .fields import FIELD_LABELS
from .ledger import Ledger
from .metrics import time_progress, total_metrics, with_plan_progress
from .period import AsOf, infer_clues, resolve_as_of
from .ranking import ListRule, ranked_groups
from .store import Store

GROUP_FIELDS = ("region", "level", "responsible", "category", "stage")


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

    def to_json(self) -> dict[str, Any]:
        """The stable machine-readable shape (rates as fractions, amounts in 万元, unrounded)."""
        columns = ["group", "projects", "annual_plan", "completed_ytd", "completion_rate",
                   "variance_pp", "rank", "list"]  # fmt: skip
        columns += [c for c in ("time_progress", "sequence", "score") if c in self.rows.columns]
        if self.previous is not None:
            columns += ["prev_rank", "rank_change", "rate_change_pp", "variance_change_pp"]
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
        for comparison in (self.previous, self.year_ago):
            if comparison is not None:
                data[comparison.kind] = comparison.to_json() | {
                    "change": total_change(self.total, comparison)
                }
        return data


def default_group(ledger: Ledger) -> str:
    """region where the ledger has one, else the responsible unit, else level."""
    for name in ("region", "responsible", "level"):
        if name in ledger.fields:
            return name
    raise UsageError("the ledger has no region, responsible unit or level to group by; "
                     "choose --by category or --by stage")  # fmt: skip


def ledger_as_of(
    ledger: Ledger,
    *,
    as_of: date | None = None,
    year: int | None = None,
    month: int | None = None,
    quarter: str | None = None,
) -> AsOf:
    """Resolve the as-of date of a loaded ledger from options and what the ledger says."""
    headers = [("header", h) for h in ledger.header_texts("completed_ytd")]
    headers += [("header", h) for h in ledger.header_texts("annual_plan")]
    clues = infer_clues(headers, ledger.texts)
    return resolve_as_of(clues, path_name=str(ledger.path), as_of=as_of, year=year,
                         month=month, quarter=quarter)  # fmt: skip


def at_as_of(ledger: Ledger, as_of: AsOf) -> Ledger:
    """A wide ledger (a column per month) with its year-to-date figures as of ``as_of``.

    An ordinary ledger is returned as it is.
    """
    if ledger.months and as_of.date.month != ledger.ytd_month:
        return ledger.select_month(as_of.date.month)
    return ledger


def rank(
    *,
    ledger: Path | Ledger,
    by: str | None = None,
    top: int | None = None,
    as_of: date | None = None,
    year: int | None = None,
    month: int | None = None,
    quarter: str | None = None,
    convention: str | None = None,
    rule: ListRule | None = None,
    store: Store | None = None,
    stored_as_of: AsOf | None = None,
    config: Config | None = None,
) -> RankReport:
    """Rank the groups of a ledger by completion of the annual plan.

    With a ``store``, the ranking also carries the change against the previous stored
    period of the same year and against the same period a year earlier, when stored.
    ``stored_as_of`` is the as-of of a ledger rebuilt from the store. ``config`` gives the
    header synonyms, aliases, convention and list rule not given here.
    """
    if top is not None and top < 1:
        raise UsageError(f"--top must be at least 1, got {top}")
    cfg = config or Config()
    loaded = cfg.open(ledger)
    convention = convention or cfg.general.convention
    group_by = by or default_group(loaded)
    if group_by not in GROUP_FIELDS:
        raise UsageError(f"--by must be one of {', '.join(GROUP_FIELDS)}, got {group_by!r}")
    if group_by not in loaded.fields:
        have = [f for f in GROUP_FIELDS if f in loaded.fields]
        raise UsageError(
            f"the ledger has no {FIELD_LABELS[group_by]} column to group by "
            f"(--by {group_by}); it can be grouped by: {', '.join(have) or 'nothing'}"
        )
    resolved = stored_as_of or ledger_as_of(
        loaded, as_of=as_of, year=year, month=month, quarter=quarter
    )
    loaded = at_as_of(loaded, resolved)
    progress = time_progress(resolved.date, convention)
    plan_findings = []
    if convention == "plan":
        if "planned_ytd" not in loaded.fields:
            message = "台账没有1-N月计划投资列,按计划投资计算时序进度时以月度进度代替"
            plan_findings.append(Finding(None, None, None, "no_monthly_plan", message))
        loaded = replace(loaded, projects=with_plan_progress(loaded.projects, progress))
    rule = rule or cfg.list_rule(top)
    rows = ranked_groups(loaded.projects, group_by, as_of=resolved.date, progress=progress,
                         rule=rule, warn_rule=cfg.warnings)  # fmt: skip
    headers = loaded.header_texts(group_by)
    label = headers[0].split("/")[-1] if headers else FIELD_LABELS[group_by]
    previous = year_ago = None
    if store is not None:
        previous = _comparison(store, "previous", resolved.date, group_by, convention, rule, cfg)
        year_ago = _comparison(store, "year_ago", resolved.date, group_by, convention, rule, cfg)
        if previous is not None:
            rows = with_changes(rows, previous)
    return RankReport(
        previous=previous,
        year_ago=year_ago,
        ledger=loaded,
        as_of=resolved,
        convention=convention,
        time_progress=progress,
        group_by=group_by,
        group_label=label,
        rows=rows,
        total=total_metrics(loaded.projects, progress),
        rule=rule,
        warnings=[*plan_findings, *resolved.findings, *loaded.findings],
    )


def _comparison(
    store: Store, kind: str, as_of: date, by: str, convention: str, rule: ListRule, cfg: Config
) -> Comparison | None:
    """The earlier stored period of ``kind`` ("previous" or "year_ago"), if any."""
    from .period import period_label

    snapshot = store.previous(as_of) if kind == "previous" else store.year_before(as_of)
    if snapshot is None:
        return None
    label = (
        period_label(snapshot.as_of, kind="month")
        if kind == "previous"
        else (
            f"{snapshot.as_of.year}年{snapshot.meta.get('label') or period_label(snapshot.as_of)}"
        )
    )
    return compare(
        kind=kind,
        period=snapshot.period,
        as_of=snapshot.as_of,
        label=label,
        projects=store.read(snapshot),
        by=by,
        convention=convention,
        rule=rule,
        warn_rule=cfg.warnings,
    )
