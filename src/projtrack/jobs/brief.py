"""The ``brief`` job: everything a briefing (简报) says, computed once as plain values.

Renderers (Markdown through Jinja2, Excel, Word) only format what is here, so the three
outputs can never disagree. Sentences follow the official style of SPEC §2-§4.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from projtrack.config import BriefConfig, Config
from projtrack.errors import LedgerError, NothingToDo, UsageError
from projtrack.figures.briefing import (
    largest,
    level_words,
    levels,
    most_behind,
    open_problems,
    scope_from_titles,
    settled_problems,
    tied_out,
)
from projtrack.figures.colours import describe_rules
from projtrack.figures.leaders import LeaderTable, has_leaders, leader_table
from projtrack.figures.lists import ListRule
from projtrack.figures.metrics import project_metrics
from projtrack.figures.notices import with_flags
from projtrack.figures.starts import StartSummary, summarize_starts
from projtrack.jobs.context import group_label, job_context, ledger_as_of, open_ledger
from projtrack.jobs.inbox import take_in
from projtrack.jobs.lookback import SnailList, coloured, snail_list
from projtrack.jobs.ranked import RankReport, rank_report
from projtrack.jobs.reconciled import RutongReport, StatsBasis, statistics_for
from projtrack.jobs.stored import default_year, requested_as_of, stored_ledger
from projtrack.period import AsOf, PeriodRequest, week_label, week_range, week_year
from projtrack.read.ledger import Ledger
from projtrack.store import Store


@dataclass
class Briefing:
    """The content of one briefing; amounts in 万元, rates as fractions, unrounded."""

    ranking: RankReport
    scope: str  # 全县 / 全市 / 全区, or "" when unknown
    place: str  # 中江县, from the title, or ""
    level_words: str  # 省市重点项目
    levels: pl.DataFrame  # group (level), projects, annual_plan, completed_ytd, rate, variance
    projects: pl.DataFrame  # every project with completion_rate and variance_pp
    behind: pl.DataFrame  # furthest behind time progress
    largest: pl.DataFrame  # largest by completed investment
    problems: pl.DataFrame  # open problems: responsible, name, problems
    warned: pl.DataFrame  # every project with its 红黄蓝 colour and reason (see figures/colours.py)
    warn_rules: list[str]
    starts: StartSummary | None
    week: int | None = None
    punctuation: str = "full"  # "half": the briefing's text keeps ,;:() (SPEC §4)
    settings: BriefConfig = field(default_factory=BriefConfig)  # [brief]: 版头, 版记, unit
    issue: int = 0  # 第N期 (0: 第×期), from [brief] issue or the store's numbering
    tied_out: dict[str, int] = field(default_factory=dict)  # behind/largest: ties left out
    leaders: LeaderTable | None = None  # figures/leaders.py, when the ledger names leaders
    snails: SnailList | None = None  # 蜗牛 projects (may be empty), with [brief] woniu
    leader_label: str = "包保领导"  # the ledger's header of the leader column
    region_label: str = "县(市、区)"  # the word for the regions: the ledger's header, or 乡镇
    deadlines: bool = False  # the ledger gives 办结时限 (problems can be overdue)
    problems_settled: int = 0  # projects whose problem is 已解决/已销号 (not in ``problems``)
    statistics: RutongReport | None = None  # --stats / [rutong] stats: the 入统 sheet
    stats_basis: StatsBasis | None = None  # what the 入统 colours went by (with a list)

    @property
    def show_source(self) -> bool:
        """Whether the ledger's file name is printed under the title."""
        return self.settings.show_source

    @property
    def as_of(self) -> AsOf:
        """The as-of date and label of the ranking."""
        return self.ranking.as_of

    @property
    def title(self) -> str:
        """e.g. 中江县2024年一季度重点项目推进情况."""
        year, label = self.as_of.label_year, self.as_of.label  # 2026年第1周 holds 2025-12-31
        if label.startswith("截至"):  # 截至2024年5月15日, not 2024年截至5月15日
            return f"{self.place}截至{year}年{label[2:]}重点项目推进情况"
        return f"{self.place}{year}年{label}重点项目推进情况"

    @property
    def colour_counts(self) -> dict[str, int]:
        """Projects per 红黄蓝 colour (red, yellow, blue), counted once for every format."""
        colours = self.warned["color"]
        return {c: int((colours == c).sum()) for c in ("red", "yellow", "blue")}

    @property
    def blue_without_plan(self) -> int:
        """Blue projects without an annual plan: their progress could not be rated, so the
        briefing does not call them 正常推进."""
        w = self.warned
        return int(((w["color"] == "blue") & ~(w["annual_plan"].fill_null(0.0) > 0)).sum())

    def to_json(self) -> dict[str, Any]:
        """The briefing's figures as plain values: ``brief --format json``.

        The ranking's SPEC §7 object, plus the title, the per-level figures, the lagging and
        largest projects, the 红黄蓝 counts, open problems and new starts (amounts in 万元,
        rates as fractions, unrounded); ``leaders`` (figures/leaders.py, in ledger order),
        ``woniu`` (the 十大蜗牛项目 and how many in all), the ranking's ``fast_slow`` and
        ``statistics`` (the ``rutong`` reconciliation, null without a statistics list).
        """
        data = self.ranking.to_json()
        data["title"] = self.title
        data["warning_counts"] = self.colour_counts
        data["blue_without_plan"] = self.blue_without_plan
        data["levels"] = self.levels.to_dicts() if self.levels.height else []
        data["behind"] = self.behind.to_dicts()
        data["largest"] = self.largest.to_dicts()
        data["tied_out"] = {k: self.tied_out.get(k, 0) for k in ("behind", "largest")}
        data["problems"] = self.problems.to_dicts()
        data["problems_settled"] = self.problems_settled  # 已解决/已销号, not listed
        data["leaders"] = [] if self.leaders is None else self.leaders.rows.to_dicts()
        # 入统 with a statistics list (brief --stats / [rutong] stats): rutong's JSON
        data["statistics"] = None if self.statistics is None else self.statistics.to_json()
        if self.snails is not None:
            snails = self.snails
            keys = ["rank", "name", "group", "criteria", "appearances", "sanction", "flag"]
            data["woniu"] = {
                "total": snails.projects.height,
                "top": snails.rule.top,
                "projects": snails.projects.head(snails.rule.top).select(keys).to_dicts(),
                "listing_periods": snails.listing_periods,
            }
        if self.starts is not None:
            data["starts"] = {
                "due": self.starts.due,
                "started": self.starts.started,
                "start_rate": self.starts.start_rate,
                "not_started": [
                    {**r, "planned_start": r["planned_start"].isoformat()}
                    for r in self.starts.not_started.select(
                        "name", "group", "planned_start", "months_overdue"
                    ).to_dicts()
                ],
            }
        return data


def brief(
    ledger: Path | str | Ledger,
    *,
    by: str | None = None,
    top: int | None = None,
    week: int | None = None,
    month: int | None = None,
    quarter: str | None = None,
    year: int | None = None,
    full_year: bool = False,
    as_of: date | None = None,
    convention: str | None = None,
    scope: str | None = None,
    place: str | None = None,
    rule: ListRule | None = None,
    store: Store | None = None,
    stored_as_of: AsOf | None = None,
    stats: Path | str | None = None,
    config: Config | None = None,
) -> Briefing:
    """Compute a briefing for the period given by exactly one of week/month/quarter/year.

    ``store`` adds the change against earlier stored periods; ``stored_as_of`` is the
    as-of of a ledger rebuilt from the store (then the period options are not used).
    """
    chosen = sum(x is not None for x in (week, month, quarter, as_of)) + int(full_year)
    if chosen > 1:
        raise UsageError("give only one of --week, --month, --quarter, --full-year and --as-of")
    cfg = config or Config()
    loaded = open_ledger(cfg, ledger)
    if stored_as_of is not None:
        week = month = quarter = as_of = None
        full_year = False
    if week is not None:
        year, asked = _week_request(loaded, week, year)
    else:
        asked = PeriodRequest(as_of=as_of, year=year,
                              month=12 if full_year else month, quarter=quarter)  # fmt: skip
    ctx = job_context(loaded, config=cfg, period=asked, by=by or _sections_group(loaded),
                      convention=convention, stored_as_of=stored_as_of)  # fmt: skip
    report = rank_report(ctx, rule=rule or ListRule.from_config(cfg.lists, top), store=store,
                         projects=cfg.brief.fast_slow)  # fmt: skip
    if week is not None and year is not None:
        report.as_of = AsOf(report.as_of.date, week_label(year, week), f"option --week {week}",
                            report.as_of.findings, year=year)  # fmt: skip
    statistics, listed, basis, disagree = statistics_for(ctx, stats)  # 入统 by the list, as warn
    report.warnings += disagree
    progress = ctx.progress
    loaded = ctx.ledger  # for a wide ledger: the figures as of the requested month
    as_of_date = report.as_of.date
    projects = project_metrics(loaded.projects, progress)
    titles = [t for s in loaded.sheets if s.used for t in s.title_lines]
    found_place, scope_word = scope_from_titles(titles, loaded.path.stem)
    # 入统 by the statistics list when one is given (as warn); findings flag their rows
    escalated = coloured(ctx, store, with_flags(
        loaded.projects if listed is None else listed, ctx.findings))  # fmt: skip
    levels_present = [lvl for lvl in loaded.projects["level"].unique().to_list() if lvl]
    level_frame = levels(loaded.projects, progress) if levels_present else pl.DataFrame()
    return Briefing(
        ranking=report,
        scope=scope or cfg.general.scope or scope_word,
        place=place or cfg.general.place or found_place,
        level_words=level_words(levels_present),
        levels=level_frame,
        projects=projects,
        behind=most_behind(projects, ctx.group_by),
        largest=largest(projects, ctx.group_by),
        tied_out={k: tied_out(projects, k) for k in ("behind", "largest")},
        problems=open_problems(loaded.projects, as_of_date, areas="region" in loaded.fields),
        problems_settled=settled_problems(loaded.projects, as_of_date),
        warned=escalated[0],
        leaders=leader_table(loaded.projects, escalated[0], as_of=as_of_date, progress=progress)
        if cfg.brief.leaders and has_leaders(loaded.projects)
        else None,
        # The briefing reads the store's 蜗牛 register but never writes it (projtrack woniu
        # records a period's list); it may run while cron holds the store's lock.
        snails=snail_list(ctx, store, record=False, escalated=escalated)
        if cfg.brief.woniu
        else None,
        warn_rules=describe_rules(
            cfg.warnings, cfg.supervision.ladder if escalated[1].has_history else ()
        ),
        punctuation=cfg.general.punctuation,
        settings=cfg.brief,
        issue=issue_number(cfg.brief, store, report.as_of.date),
        leader_label=group_label(loaded, "leader"),
        region_label=group_label(loaded, "region"),
        deadlines="problem_deadline" in loaded.fields,
        starts=summarize_starts(loaded.projects, as_of_date, ctx.group_by),
        week=week,
        statistics=statistics,
        stats_basis=basis,
    )


def _week_request(ledger: Ledger, week: int, year: int | None) -> tuple[int, PeriodRequest]:
    """The ISO week-year and the period to read a ledger at for ``--week``.

    A week is a span, not a day: when the ledger's own as-of (a header's or title's day,
    else its month's end) lies in the week, that is the as-of — the figures are of that
    day (截至7月17日 in week 29; 2025-12-31 in 2026's week 1). Otherwise the week's Sunday
    is asked for, and a header's month or day says whether the ledger can give it.
    Without ``year`` the week is the one of the ledger's year that holds its as-of, if any.
    """
    if year is None:  # the ledger must say its year (else exit 1 asking for --year)
        own: date | None = ledger_as_of(ledger).date
        assert own is not None
        year = week_year(own, week)
    else:
        try:
            own = ledger_as_of(ledger).date
        except LedgerError:  # no year or month of its own: the week's Sunday says it
            own = None
    if own is not None and _in_week(own, year, week):
        return year, PeriodRequest(as_of=own)
    return year, PeriodRequest(as_of=week_range(year, week)[1])


def _in_week(day: date, year: int, week: int) -> bool:
    monday, sunday = week_range(year, week)
    return monday <= day <= sunday


# Without a unit column (县(市、区), 责任单位, 项目级别) a briefing ranks the ledger's own
# sections: its kinds (产业项目, 基础设施项目 …), else its stages (续建, 新开工).
SECTION_GROUPS = ("category", "stage")


def _sections_group(ledger: Ledger) -> str | None:
    """The grouping a briefing falls back on when the ledger has no unit to rank.

    ``rank`` asks which grouping to use (exit 2) — its ranking is all it prints; a
    briefing's ranking is one section of many, and a county ledger kept in 续建/新开工 and
    产业/基础设施 sections (no unit column: it is one county's) still wants its briefing.
    None when the ledger has a unit column, or no section grouping either.
    """
    if any(f in ledger.fields for f in ("region", "responsible", "level")):
        return None
    return next((f for f in SECTION_GROUPS if f in ledger.fields), None)


def issue_number(settings: BriefConfig, store: Store | None, as_of: date) -> int:
    """第N期: ``[brief] issue``; with ``numbering = "store"`` one more than the periods of
    the same year stored before this one (0 when neither says: 第×期 is printed)."""
    if settings.issue or settings.numbering != "store" or store is None:
        return settings.issue
    earlier = [s for s in store.snapshots() if s.as_of.year == as_of.year and s.as_of < as_of]
    return len(earlier) + 1


def brief_from_store(
    *,
    store: Store,
    config: Config,
    week: int | None = None,
    month: int | None = None,
    quarter: str | None = None,
    full_year: bool = False,
    as_of: date | None = None,
    year: int | None = None,
    report: Callable[[str, str], None] = lambda _kind, _line: None,
    **brief_options: Any,
) -> Briefing:
    """The cron form of ``brief``: the requested period from the store, after taking in
    the inbox's new or changed ledgers (``report`` gets what happened to each file and
    the line that says it: stored, skipped, quarantined).

    Holds the store's lock throughout, so two scheduled runs never overlap; raises
    NothingToDo (exit 3) when there is no data for the period. Without ``year`` the year is
    the newest stored period's (never the clock's).
    """
    if sum(x is not None for x in (week, month, quarter, as_of)) + int(full_year) > 1:
        raise UsageError("give only one of --week, --month, --quarter, --full-year and --as-of")
    inbox = Path(config.store.inbox) if config.store.inbox else None
    with store.locked(timeout=config.store.lock_timeout):
        for note in store.notes:
            report("quarantined", f"隔离 Quarantined: {note}")
        if inbox is not None:
            take_in(store, inbox, config, report)
        year = year or default_year(store, week=week)
        if year is None:
            where = f"{store.root}" + (f" or {inbox}" if inbox else "")
            raise NothingToDo(f"no data in {where}: nothing is stored yet")
        requested, start = requested_as_of(week=week, month=month, quarter=quarter,
                                           full_year=full_year, as_of=as_of, year=year)  # fmt: skip
        loaded, stored = stored_ledger(
            store=store, requested=requested, start=start, inbox=inbox, config=config
        )
        return brief(
            ledger=loaded, stored_as_of=stored, store=store, config=config, **brief_options
        )
