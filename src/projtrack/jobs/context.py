"""What every job does first, done once: the configuration, the loaded ledger, the as-of
date, the grouping and the time progress, held in one :class:`JobContext`.

A job builds its context with :func:`job_context` and then only computes what is its own;
no job imports another job. The as-of date is resolved from the options and what the
ledger says (:func:`ledger_as_of`); a wide ledger (a column per month) is then set to that
month (:func:`at_as_of`), so that every figure after this point is "as of" one date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import polars as pl

from projtrack.config import Config
from projtrack.data_period import (
    name_disagrees,
    require_data_day,
    require_data_month,
    require_data_year,
    require_sheet_month,
)
from projtrack.errors import Finding, LedgerError, UsageError, cell_ref
from projtrack.figures.metrics import time_progress, with_plan_progress
from projtrack.period import (
    AsOf,
    PeriodArgs,
    PeriodRequest,
    clues_from_text,
    infer_clues,
    plan_header_clues,
    resolve_as_of,
)
from projtrack.period_clues import LatestStart
from projtrack.read.labels import OWN_LEVEL, TOWN_END, TOWN_HEADER
from projtrack.read.ledger import Ledger
from projtrack.read.limits import Limits
from projtrack.read.load import load_ledger
from projtrack.read.merges import blank_group_findings
from projtrack.vocab import FIELD_LABELS, GROUP_FIELDS, UNSET_GROUP

# The word for groups that are towns when the ledger has no header of its own for them.
TOWN_LABEL = "乡镇"
NO_MONTHLY_PLAN = "台账没有1-N月计划投资列,按计划投资计算时序进度时以月度进度代替"


@dataclass(frozen=True)
class JobContext:
    """A ledger ready for figures: at its as-of date, grouped, with its time progress.

    ``findings`` are the as-of findings, then the ledger's own (in sheet and row order).
    ``group_by`` is "" for a job that groups nothing (``problems``).
    """

    config: Config
    ledger: Ledger
    as_of: AsOf
    group_by: str
    convention: str
    progress: float
    findings: list[Finding] = field(default_factory=list)


def open_ledger(config: Config, ledger: Path | str | Ledger) -> Ledger:
    """Load a ledger with the configuration's header synonyms and unit aliases.

    A ledger already loaded (or rebuilt from the store) is used as it is.
    """
    if isinstance(ledger, Ledger):
        return ledger
    limits = Limits(config.limits.max_cells, config.limits.max_unpacked_mb)
    return load_ledger(ledger, synonyms=config.columns, aliases=config.alias_map(),
                       include_hidden=config.reading.include_hidden, limits=limits)  # fmt: skip


def has_default_group(ledger: Ledger) -> bool:
    """The ledger has a column :func:`default_group` takes without asking (region,
    responsible unit or level)."""
    return any(name in ledger.fields for name in ("region", "responsible", "level"))


def default_group(ledger: Ledger) -> str:
    """region where the ledger has one, else the responsible unit, else level.

    Without any of them the user may still pick another grouping the ledger has (a usage
    matter, exit 2, naming those); a ledger with none at all lacks a required column (exit 1).
    """
    for name in ("region", "responsible", "level"):
        if name in ledger.fields:
            return name
    have = [f for f in GROUP_FIELDS if f in ledger.fields]
    if have:
        raise UsageError(
            "the ledger has no region, responsible unit or level to group by; choose "
            + " or ".join(f"--by {f}" for f in have)
        )
    raise LedgerError(ledger.path, no_grouping_message(ledger))


def no_grouping_message(ledger: Ledger) -> str:
    """Why a ledger cannot be ranked: no grouping column — with the headers that were not
    understood and the [columns] line that would make one of them the grouping."""
    wanted = "、".join(FIELD_LABELS[f] for f in GROUP_FIELDS)
    unread = [u for s in ledger.sheets if s.used for u in s.unread]
    text = f"no column to group the projects by; expected one of {wanted}"
    if not unread:
        return text + "; add such a column, or a synonym under [columns] in projtrack.toml"
    first = unread[0].split(" ", 1)[1].strip("'")
    return (f"{text}. Headers not understood: {', '.join(unread[:8])}. If one of them is the "
            f'grouping, add under [columns] in projtrack.toml, e.g. "{first}" = "region" '
            "(or responsible, level)")  # fmt: skip


def group_of(ledger: Ledger, by: str | None) -> str:
    """The grouping field: ``by`` if the ledger has it, else :func:`default_group`."""
    group_by = by or default_group(ledger)
    if group_by not in GROUP_FIELDS:
        raise UsageError(f"--by must be one of {', '.join(GROUP_FIELDS)}, got {group_by!r}")
    if group_by not in ledger.fields:
        have = [f for f in GROUP_FIELDS if f in ledger.fields]
        raise UsageError(
            f"the ledger has no {FIELD_LABELS[group_by]} column to group by "
            f"(--by {group_by}); it can be grouped by: {', '.join(have) or 'nothing'}"
        )
    return str(group_by)


def group_label(ledger: Ledger, field: str) -> str:
    """The ledger's own word for a grouping column (所在乡镇, 挂点领导), else the field's
    label; for leaders given at two levels (市领导 | 县领导 under 挂钩领导) the parent's word,
    since the column then holds both levels."""
    headers = ledger.header_texts(field)
    if not headers:
        if field == "region" and "region" in ledger.fields and _towns_without_header(ledger):
            return TOWN_LABEL
        return FIELD_LABELS[field]
    if field == "leader" and ledger.header_texts("leader_other"):
        return headers[0].split("/")[0] if "/" in headers[0] else FIELD_LABELS["leader"]
    if field == "region" and _counties_under_town_header(ledger, headers[0]):
        return FIELD_LABELS["region"]
    return headers[0].split("/")[-1]


def _towns_without_header(ledger: Ledger) -> bool:
    """The regions come from sheets or sections, not a column, and most of them are towns
    (陵江镇, 1.白驿镇（2个）, 一、龙台镇): a county's workbook of its towns, whose groups are
    乡镇 as under a 乡镇 column; a county's 高新区 among them does not make them counties,
    nor does its own unit (县直部门, 县本级), which is no place at all."""
    names = ledger.projects["region"].drop_nulls().unique()
    names = names.filter((names != UNSET_GROUP) & ~names.str.contains(OWN_LEVEL))
    towns = int(names.str.contains(TOWN_END).sum())
    return towns > 0 and 2 * towns > names.len()


def _counties_under_town_header(ledger: Ledger, header: str) -> bool:
    """The region column is a town column (所在乡镇) but its projects were given their
    counties (by sheet names or 一、旌阳区 sections): the groups are counties, not towns."""
    if not re.search(TOWN_HEADER, header):
        return False
    names = ledger.projects["region"].drop_nulls().unique()
    towns = names.str.contains(TOWN_END).sum()
    return names.len() > 0 and towns == 0


def ledger_as_of(ledger: Ledger, period: PeriodRequest | None = None) -> AsOf:
    """Resolve the as-of date of a loaded ledger from options and what the ledger says."""
    asked = period or PeriodRequest()
    ytd_texts, ytd_cells = _header_cells(ledger, "completed_ytd")
    ytd = [replace(c, where=w) for h, w in zip(ytd_texts, ytd_cells, strict=True)
           if (c := clues_from_text("header", h)) is not None]  # fmt: skip
    plans = plan_header_clues(*_header_cells(ledger, "annual_plan"))
    labels = infer_clues([], ledger.texts)  # titles, notes, the file name
    clues = [*ytd, *plans, *labels]
    resolved = resolve_as_of(clues, path_name=str(ledger.path), as_of=asked.as_of,
                             year=asked.year, month=asked.month, quarter=asked.quarter,
                             latest_start=latest_start(ledger))  # fmt: skip
    explicit = any(x is not None for x in (asked.as_of, asked.month, asked.quarter))
    if explicit and not ledger.months:  # a wide ledger holds every earlier month too
        require_data_day(resolved, ytd)
        require_data_month(resolved, ytd)
        left_out = [f.sheet or "" for f in ledger.findings if f.code == "sheet_period"]
        sheet_texts = [t for t in ledger.texts if t[0].startswith(("sheet name", "title"))]
        require_sheet_month(resolved, infer_clues([], sheet_texts), left_out)
    if explicit or asked.year is not None:
        require_data_year(resolved, [*ytd, *plans], labels)
    return resolved


def _header_cells(ledger: Ledger, name: str) -> tuple[list[str], list[str]]:
    """The header texts of a field's columns and their cells (重点项目!G3), in sheet order:
    a finding about a header's period names the cell to correct."""
    used = [c for s in ledger.sheets if s.used for c in s.columns if c.field == name]
    return [c.header for c in used], [cell_ref(c.sheet, c.header_row, c.column) for c in used]


def latest_start(ledger: Ledger) -> LatestStart | None:
    """The latest 实际开工时间 of the ledger and its cell, or None without one: a project
    that started after a year's end cannot stand in that year's ledger
    (:func:`projtrack.period_clues.choose_year`)."""
    if "actual_start" not in ledger.fields or "actual_start" not in ledger.projects.columns:
        return None
    started = ledger.projects.filter(pl.col("actual_start").is_not_null())
    if started.is_empty():
        return None
    top = started.sort("actual_start", "_row", descending=[True, False]).row(0, named=True)
    column = next((c.column for s in ledger.sheets if s.used for c in s.columns
                   if c.field == "actual_start" and c.sheet == top["_sheet"]), None)  # fmt: skip
    return LatestStart(top["actual_start"], cell_ref(top["_sheet"], top["_row"], column))


def file_name_conflict(ledger: Ledger, resolved: AsOf) -> str | None:
    """The file name's period against the resolved one, in words, when they differ (see
    :func:`projtrack.data_period.name_disagrees`); None when they agree or the name says
    nothing. The inbox will not store such a file; ``ingest`` says it above its count."""
    named = infer_clues([], [t for t in ledger.texts if t[0] == "file name"])
    return name_disagrees(resolved, named[0] if named else None)


def at_as_of(ledger: Ledger, as_of: AsOf) -> Ledger:
    """A wide ledger (a column per month) with its year-to-date figures as of ``as_of``.

    An ordinary ledger is returned as it is.
    """
    if ledger.months and as_of.date.month != ledger.ytd_month:
        try:
            return ledger.select_month(as_of.date.month)
        except LedgerError as error:
            if not as_of.source.startswith("option"):
                raise
            # The month columns are data: an option naming a month they cannot give is
            # a usage error (SPEC §5), said with both months.
            option = as_of.source.split(" (")[0]  # without "(year from …)"
            raise UsageError(f"{option} → {as_of.date.month}月: {error}") from None
    if ledger.months and as_of.source.startswith("option"):
        # The month was asked for: that later months are left out goes without saying.
        kept = [f for f in ledger.findings if f.code != "months_after_as_of"]
        return replace(ledger, findings=kept)
    return ledger


def request(period: PeriodArgs) -> PeriodRequest:
    """The period keyword arguments of a job as one value."""
    return PeriodRequest(**period)


def job_context(
    ledger: Path | str | Ledger,
    *,
    config: Config | None = None,
    period: PeriodRequest | None = None,
    by: str | None = None,
    convention: str | None = None,
    stored_as_of: AsOf | None = None,
    grouped: bool = True,
) -> JobContext:
    """Open the ledger, pick the grouping, resolve the as-of and the time progress.

    ``stored_as_of`` is the as-of of a ledger rebuilt from the store (the options are then
    not consulted). Under the ``plan`` convention every project carries its planned
    investment to date (see :func:`projtrack.figures.metrics.with_plan_progress`).
    """
    cfg = config or Config()
    loaded = open_ledger(cfg, ledger)
    group_by = group_of(loaded, by) if grouped else ""
    resolved = stored_as_of or ledger_as_of(loaded, period)
    loaded = at_as_of(loaded, resolved)
    chosen = convention or cfg.general.convention
    progress = time_progress(resolved.date, chosen)
    notes: list[Finding] = []
    if chosen == "plan" and "planned_ytd" not in loaded.fields:
        # Without the column every project's plan to date would be its annual plan × the
        # month progress: the month convention, and said to be so — the sentences then do
        # not claim a 1-N月计划投资 that was not there.
        notes.append(Finding(None, None, None, "no_monthly_plan", NO_MONTHLY_PLAN))
        chosen = "month"
    if chosen == "plan":
        loaded = replace(loaded, projects=with_plan_progress(loaded.projects, progress))
    if group_by:
        notes += blank_group_findings(loaded.projects, group_by, loaded.sheets)
    findings = [*notes, *resolved.findings, *loaded.findings]
    return JobContext(cfg, loaded, resolved, group_by, chosen, progress, findings)
