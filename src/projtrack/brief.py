"""The ``brief`` job: everything a briefing (简报) says, computed once as plain values.

Renderers (Markdown through Jinja2, Excel, Word) only format what is here, so the three
outputs can never disagree. Sentences follow the official style of SPEC §2-§4.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from .config import Config
from .errors import UsageError
from .fields import normalize_text
from .ledger import Ledger
from .metrics import UNSET_GROUP, group_metrics, project_metrics
from .period import AsOf, week_label, week_range
from .problems import classify_problems
from .rank import RankReport, rank
from .ranking import ListRule
from .starts import StartSummary, summarize_starts
from .store import Store
from .warn import classify, describe_rules

LEVEL_ORDER = ("省重点", "市重点", "县重点", "区重点")
TOP_PROJECTS = 10


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
    warned: pl.DataFrame  # every project with its 红黄蓝 colour and reason (see warn.py)
    warn_rules: list[str]
    starts: StartSummary | None
    week: int | None = None
    punctuation: str = "half"  # "full": the briefing's prose uses ，；：（）

    @property
    def as_of(self) -> AsOf:
        """The as-of date and label of the ranking."""
        return self.ranking.as_of

    @property
    def title(self) -> str:
        """e.g. 中江县2024年一季度重点项目推进情况."""
        year = self.as_of.date.year
        return f"{self.place}{year}年{self.as_of.label}重点项目推进情况"


def scope_from_titles(titles: list[str], file_name: str) -> tuple[str, str]:
    """(place, scope word): "2024年中江县重点项目…" → ("中江县", "全县")."""
    for text in [*titles, file_name]:
        t = normalize_text(text)
        t = re.sub(r"^20\d{2}年(度)?", "", t)
        match = re.search(r"全(县|市|区)", t)
        if match:
            return "", match.group(0)
        match = re.search(
            r"([\u4e00-\u9fff]{1,8}?(县|市|区|州|旗))(?:20\d{2}年)?(?:省市|市|县)?重点", t
        )
        if match:
            return match.group(1), "全" + match.group(2)
    return "", ""


def level_words(levels: list[str]) -> str:
    """省重点 + 市重点 → 省市重点项目; only 市重点 → 市重点项目; none → 重点项目."""
    short = [lvl[0] for lvl in LEVEL_ORDER if lvl in levels]
    return f"{''.join(short)}重点项目" if short else "重点项目"


def brief(
    *,
    ledger: Path | Ledger,
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
    loaded = cfg.open(ledger)
    if stored_as_of is not None:
        week = month = quarter = as_of = None
        full_year = False
    week_end = None
    if week is not None:
        if year is None:
            from .rank import ledger_as_of

            year = ledger_as_of(loaded).date.year
        week_end = week_range(year, week)[1]
    report = rank(
        ledger=loaded,
        by=by,
        top=top,
        as_of=week_end or as_of,
        year=year,
        month=12 if full_year else month,
        quarter=quarter,
        convention=convention,
        rule=rule,
        store=store,
        stored_as_of=stored_as_of,
        config=cfg,
    )
    if week is not None and year is not None:
        report.as_of = AsOf(report.as_of.date, week_label(year, week), f"option --week {week}",
                            report.as_of.findings)  # fmt: skip
    progress = report.time_progress
    loaded = report.ledger  # for a wide ledger: the figures as of the requested month
    projects = project_metrics(loaded.projects, progress)
    titles = [t for s in loaded.sheets if s.used for t in s.title_lines]
    found_place, scope_word = scope_from_titles(titles, loaded.path.stem)
    levels_present = [lvl for lvl in loaded.projects["level"].unique().to_list() if lvl]
    level_frame = _levels(loaded.projects, progress) if levels_present else pl.DataFrame()
    return Briefing(
        ranking=report,
        scope=scope or cfg.general.scope or scope_word,
        place=place or cfg.general.place or found_place,
        level_words=level_words(levels_present),
        levels=level_frame,
        projects=projects,
        behind=_behind(projects, report.group_by),
        largest=_largest(projects, report.group_by),
        problems=_problems(loaded, report.as_of.date),
        warned=classify(
            loaded.projects,
            as_of=report.as_of.date,
            progress=progress,
            rule=cfg.warnings,
            by=report.group_by,
            where=loaded.name_cell(),
        ),
        warn_rules=describe_rules(cfg.warnings),
        punctuation=cfg.general.punctuation,
        starts=summarize_starts(loaded.projects, report.as_of.date, report.group_by),
        week=week,
    )


def _levels(projects: pl.DataFrame, progress: float) -> pl.DataFrame:
    """Per-level figures in the official order 省, 市, 县, then the rest by name."""
    frame = group_metrics(projects, "level", progress).filter(pl.col("group") != UNSET_GROUP)
    order = {lvl: i for i, lvl in enumerate(LEVEL_ORDER)}
    return (
        frame.with_columns(pl.col("group").replace_strict(order, default=len(order)).alias("_o"))
        .sort(["_o", "group"])
        .drop("_o")
    )


def _project_columns(group_by: str) -> list[pl.Expr]:
    return [
        pl.col("name"),
        pl.col(group_by).fill_null(UNSET_GROUP).alias("group"),
        pl.col("annual_plan"),
        pl.col("completed_ytd").fill_null(0.0),
        pl.col("completion_rate"),
        pl.col("variance_pp"),
        pl.col("progress_text"),
    ]


def _behind(projects: pl.DataFrame, group_by: str) -> pl.DataFrame:
    """The projects furthest behind time progress (with a plan), worst first."""
    return (
        projects.filter(pl.col("variance_pp") < 0)
        .sort(["variance_pp", "annual_plan", "name"], descending=[False, True, False])
        .head(TOP_PROJECTS)
        .select(_project_columns(group_by))
    )


def _largest(projects: pl.DataFrame, group_by: str) -> pl.DataFrame:
    """The projects with the most investment completed this year."""
    return (
        projects.filter(pl.col("completed_ytd") > 0)
        .sort(["completed_ytd", "name"], descending=[True, False])
        .head(TOP_PROJECTS)
        .select(_project_columns(group_by))
    )


def _problems(ledger: Ledger, as_of: date) -> pl.DataFrame:
    """Open problems (存在问题 not yet solved or 销号), grouped by responsible unit."""
    with_problem = (
        classify_problems(ledger.projects, as_of)
        .filter(pl.col("state") == "open")
        .rename({"problem": "problems"})
    )
    counts = with_problem.group_by("responsible").agg(pl.len().alias("_n"))
    # Ledger order within a unit: sheet order (as read), then row.
    ordered = with_problem.with_row_index("_order")
    return (
        ordered.join(counts, on="responsible")
        .sort(["_n", "responsible", "_order"], descending=[True, False, False])
        .select("responsible", "name", "problems")
    )


def brief_json(b: Briefing) -> dict[str, Any]:
    """The briefing's figures as plain values: ``brief --format json``.

    The ranking's SPEC §7 object, plus the title, the per-level figures, the lagging and
    largest projects, the 红黄蓝 counts, open problems and new starts (amounts in 万元,
    rates as fractions, unrounded).
    """
    data = b.ranking.to_json()
    data["title"] = b.title
    colors = b.warned["color"]
    data["warning_counts"] = {c: int((colors == c).sum()) for c in ("red", "yellow", "blue")}
    data["levels"] = b.levels.to_dicts() if b.levels.height else []
    data["behind"] = b.behind.to_dicts()
    data["largest"] = b.largest.to_dicts()
    data["problems"] = b.problems.to_dicts()
    if b.starts is not None:
        data["starts"] = {
            "due": b.starts.due,
            "started": b.starts.started,
            "start_rate": b.starts.start_rate,
            "not_started": [
                {**r, "planned_start": r["planned_start"].isoformat()}
                for r in b.starts.not_started.select(
                    "name", "group", "planned_start", "months_overdue"
                ).to_dicts()
            ],
        }
    return data
