"""The ``notices`` job: one 督办单 per responsible unit (or leader), numbered in the store.

What a notice lists is :func:`projtrack.figures.notices.unit_items`; the numbers
(〔2024〕第N号) come from the store's ``notices.json`` (:mod:`projtrack.registers`): the same
period and unit always get the same number, a new one continues the year's sequence, and a
dry run writes nothing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Unpack

import polars as pl

from projtrack.config import Config
from projtrack.errors import Finding, UsageError
from projtrack.figures.notices import (
    Unaddressed,
    UnitItems,
    add_working_days,
    addressed,
    addressee_level,
    unit_items,
    unplaced,
    with_flags,
)
from projtrack.jobs.context import group_label, job_context, request
from projtrack.jobs.lookback import Lookback, coloured
from projtrack.jobs.reconciled import statistics_for
from projtrack.period import AsOf, PeriodArgs
from projtrack.read.ledger import Ledger
from projtrack.registers import notice_numbers
from projtrack.store import Store
from projtrack.store_files import period_key
from projtrack.vocab import FIELD_LABELS

PER = ("responsible", "leader")


@dataclass
class Notice:
    """One unit's 督办单."""

    unit: str
    year: int
    number: int
    new: bool  # numbered by this run (False: the number this period's notice already had)
    items: UnitItems

    @property
    def label(self) -> str:
        """``〔2024〕第3号``."""
        return f"〔{self.year}〕第{self.number}号"

    def counts(self) -> dict[str, int]:
        """Red projects, 应开未开 projects, overdue problems, flagged listings."""
        i = self.items
        return {"red": i.red.height, "not_started": i.not_started.height,
                "overdue_problems": i.problems.height, "flagged": i.flagged}  # fmt: skip


@dataclass
class NoticesReport:
    """The notices of one period: who gets one, its number, what it lists, the deadline."""

    as_of: AsOf
    issued: date
    reply_by: date
    per: str
    notices: list[Notice]
    lookback: Lookback
    dry_run: bool
    unplaced_findings: int  # findings on rows that are not projects (合计, 汇总): see check
    label: str = "责任单位"  # the ledger's word for whom notices go to (包保领导, 挂点领导)
    # Projects naming nobody to send a notice to: on no notice.
    unaddressed: Unaddressed = field(default_factory=lambda: Unaddressed(0, 0))
    warnings: list[Finding] = field(default_factory=list)
    issuer: str = ""  # [brief] issuer: the office that signs (发文机关署名); "" → ××发展和改革局

    def to_json(self) -> dict[str, Any]:
        """The notices as plain values (dates as ISO text)."""
        out = []
        for n in self.notices:
            i = n.items
            out.append({
                "unit": n.unit, "number": n.number, "year": n.year, "label": n.label,
                "new": n.new, "counts": n.counts(),
                "red": i.red.select(_RED).to_dicts(),
                "not_started": i.not_started.select(_LATE)
                .with_columns(pl.col("planned_start").cast(pl.String)).to_dicts(),
                "overdue_problems": i.problems.select(_PROBLEM)
                .with_columns(pl.col("deadline").cast(pl.String)).to_dicts(),
            })  # fmt: skip
        return {
            "as_of": self.as_of.date.isoformat(),
            "period_label": self.as_of.label,
            "issued": self.issued.isoformat(),
            "reply_by": self.reply_by.isoformat(),
            "per": self.per,
            "per_label": self.label,
            "dry_run": self.dry_run,
            "notices": out,
            "unplaced_findings": self.unplaced_findings,
            "unaddressed": asdict(self.unaddressed),
            "lookback": {"periods": self.lookback.periods, "gaps": self.lookback.gaps},
            "warnings": [w.to_json() for w in self.warnings],
        }


_RED = ["name", "completion_rate", "variance_pp", "reason", "streak", "red_streak", "action",
        "flag", "where"]  # fmt: skip
_LATE = ["name", "planned_start", "months_overdue", "flag", "where"]
_PROBLEM = ["name", "problem", "deadline", "overdue_days", "flag", "where"]


def has_field(ledger: Ledger, name: str) -> bool:
    """The ledger has a column for ``name``, or its projects carry it (a ledger built in
    Python, or a field the reader fills from sections)."""
    if name in ledger.fields:
        return True
    projects = ledger.projects
    return name in projects.columns and projects[name].null_count() < projects.height


def notices(
    ledger: Path | str | Ledger,
    *,
    per: str = "responsible",
    store: Store,
    issued: date | None = None,
    dry_run: bool = False,
    stats: Path | str | None = None,
    config: Config | None = None,
    **period: Unpack[PeriodArgs],
) -> NoticesReport:
    """The 督办单 of a ledger, one per ``per`` (responsible unit or leader).

    ``issued`` is the issue date (default: the as-of date); the reply deadline is
    ``[notices] reply_days`` working days after it. Numbers are kept in ``store``; a
    ``dry_run`` numbers nothing for good and writes nothing.
    """
    if per not in PER:
        raise UsageError(f"--per must be one of {', '.join(PER)}, got {per!r}")
    ctx = job_context(ledger, config=config, period=request(period), grouped=False)
    if not has_field(ctx.ledger, per):
        raise UsageError(
            f"{ctx.ledger.path.name}: the ledger has no {FIELD_LABELS[per]} column "
            f"(--per {per}); notices can be sent per "
            + (", ".join(p for p in PER if has_field(ctx.ledger, p)) or "nothing in this ledger")
        )
    cut_off = ctx.as_of.date
    if issued is not None and issued < cut_off:  # it would ask about figures not yet reported
        raise UsageError(
            f"--date {issued.isoformat()} is before the data's cut-off {cut_off.isoformat()}"
            f"（{ctx.as_of.label}）: a notice is signed on or after the date its figures run "
            "to; give a later --date, or leave it out to sign on the cut-off"
        )
    ctx = replace(ctx, group_by=per)  # the earlier periods are classified by it too
    where = ctx.ledger.name_cell()
    _, stats_listed, _, disagree = statistics_for(ctx, stats)  # 入统 by the list, as warn
    projects = with_flags(ctx.ledger.projects if stats_listed is None else stats_listed,
                          ctx.findings)  # fmt: skip
    escalated, look = coloured(ctx, store, projects, by=per)
    label = group_label(ctx.ledger, per)
    level = addressee_level(label) if per == "leader" else None
    items, left_out = addressed(
        unit_items(escalated, projects, as_of=ctx.as_of.date, per=per, where=where, level=level),
        ctx.ledger.projects,
        per,
    )
    day = issued or ctx.as_of.date
    numbers = notice_numbers(store, period=period_key(ctx.as_of.date), per=per, year=day.year,
                             units=[i.unit for i in items], record=not dry_run,
                             timeout=ctx.config.store.lock_timeout)  # fmt: skip
    listed = [Notice(i.unit, *numbers[i.unit], items=i) for i in items]
    return NoticesReport(
        as_of=ctx.as_of,
        issued=day,
        reply_by=add_working_days(day, ctx.config.notices.reply_days),
        per=per,
        notices=listed,
        lookback=look,
        dry_run=dry_run,
        unplaced_findings=unplaced(ctx.ledger.projects, ctx.findings),
        label=label,
        unaddressed=left_out,
        warnings=[*ctx.findings, *disagree],
        issuer=ctx.config.brief.issuer,
    )
