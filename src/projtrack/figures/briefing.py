"""Figures only a briefing shows: the per-level table, the projects most behind and the
largest, the open problems, and the place and scope words read from the title.
"""

from __future__ import annotations

import re
from datetime import date

import polars as pl

from projtrack.figures.metrics import group_metrics
from projtrack.figures.problems import classify_problems
from projtrack.text import normalize_text
from projtrack.vocab import UNSET_GROUP

LEVEL_ORDER = ("省重点", "市重点", "县重点", "区重点")


TOP_PROJECTS = 10


def scope_from_titles(titles: list[str], file_name: str) -> tuple[str, str]:
    """(place, scope word): "2024年中江县重点项目…" → ("中江县", "全县").

    Sheets whose titles name different places (旌阳区2024年… | 中江县2024年…: a city's
    workbook of county sheets) speak for the level above: ("", "全市"), or "全省" over
    cities — never the first county as if it were the whole.
    """
    found = [scope for scope in map(_scope_of, titles) if scope[1]]
    places = {place for place, _ in found if place}
    if len(places) > 1:
        return "", "全省" if all(p.endswith(("市", "州")) for p in places) else "全市"
    if found:
        return found[0]
    return _scope_of(file_name)


def _scope_of(text: str) -> tuple[str, str]:
    t = re.sub(r"^20\d{2}年(度)?", "", normalize_text(text))
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


def levels(projects: pl.DataFrame, progress: float) -> pl.DataFrame:
    """Per-level figures in the official order 省, 市, 县, then the rest by name."""
    frame = group_metrics(projects, "level", progress).filter(pl.col("group") != UNSET_GROUP)
    order = {lvl: i for i, lvl in enumerate(LEVEL_ORDER)}
    return (
        frame.with_columns(pl.col("group").replace_strict(order, default=len(order)).alias("_o"))
        .sort(["_o", "group"])
        .drop("_o")
    )


def project_columns(group_by: str) -> list[pl.Expr]:
    return [
        pl.col("name"),
        pl.col(group_by).fill_null(UNSET_GROUP).alias("group"),
        pl.col("annual_plan"),
        pl.col("completed_ytd").fill_null(0.0),
        pl.col("completion_rate"),
        pl.col("variance_pp"),
        pl.col("progress_text"),
    ]


def most_behind(projects: pl.DataFrame, group_by: str) -> pl.DataFrame:
    """The projects furthest behind time progress (with a plan), worst first."""
    return _behind(projects, project_columns(group_by)).head(TOP_PROJECTS).collect()


def largest(projects: pl.DataFrame, group_by: str) -> pl.DataFrame:
    """The projects with the most investment completed this year."""
    return _largest(projects, project_columns(group_by)).head(TOP_PROJECTS).collect()


# Both lists are cut from a lazy query, so that the sort moves only the columns the list
# shows, not every column of a city ledger (a full sort was the briefing's peak memory).
def _behind(projects: pl.DataFrame, columns: list[pl.Expr] | None = None) -> pl.LazyFrame:
    return (
        projects.lazy()
        .filter(pl.col("variance_pp") < 0)
        .sort(["variance_pp", "annual_plan", "name"], descending=[False, True, False])
        .select(columns or ["variance_pp"])
    )


def _largest(projects: pl.DataFrame, columns: list[pl.Expr] | None = None) -> pl.LazyFrame:
    return (
        projects.lazy()
        .filter(pl.col("completed_ytd") > 0)
        .sort(["completed_ytd", "name"], descending=[True, False])
        .select(columns or ["completed_ytd"])
    )


def tied_out(projects: pl.DataFrame, which: str) -> int:
    """How many projects left out of a list cut at :data:`TOP_PROJECTS` ("behind" or
    "largest") stand level with its last one (the same variance, or the same amount).

    The list keeps its length — a briefing does not grow with the ties (a ledger can hold
    hundreds of projects with no investment, all exactly 25 pp behind in March) — and
    says how many tied projects it left out; ties are equal values, not equal roundings.
    """
    ordered, column = (_behind, "variance_pp") if which == "behind" else (_largest, "completed_ytd")
    values = ordered(projects).collect()[column]
    if values.len() <= TOP_PROJECTS:
        return 0
    last = values[TOP_PROJECTS - 1]
    return int((values[TOP_PROJECTS:] == last).sum())


def settled_problems(projects: pl.DataFrame, as_of: date) -> int:
    """How many projects' 存在问题 are 已解决 or 已销号: the briefing lists only the open
    ones, and says how many more the ledger reported, so that its count is not read as
    every problem reported (the 问题清单 of ``problems`` counts all)."""
    states = classify_problems(projects, as_of)["state"]
    return int((states != "open").sum())


def open_problems(projects: pl.DataFrame, as_of: date, *, areas: bool = False) -> pl.DataFrame:
    """Open problems (存在问题 not yet solved or 销号), grouped by responsible unit.

    With ``areas`` the frame has the project's ``region`` too and is ordered by 县(市、区)
    first (in ledger order), then by unit as without it.
    """
    with_problem = (
        classify_problems(projects, as_of, keep=("region",) if areas else ())
        .filter(pl.col("state") == "open")
        .rename({"problem": "problems"})
    )
    counts = with_problem.group_by("responsible").agg(pl.len().alias("_n"))
    # Ledger order within a unit: sheet order (as read), then row.
    ordered = with_problem.with_row_index("_order")
    keys, descending = ["_n", "responsible", "_order"], [True, False, False]
    columns = ["responsible", "name", "problems"]
    if areas:
        first = projects.select(pl.col("region").unique(maintain_order=True)).with_row_index(
            "_area"
        )  # 县(市、区) in ledger order
        ordered = ordered.join(first, on="region", how="left", nulls_equal=True)
        counts = with_problem.group_by("region", "responsible").agg(pl.len().alias("_n"))
        keys, descending = ["_area", *keys], [False, *descending]
        columns = ["region", *columns]
    return (
        ordered.join(counts, on=[*(["region"] if areas else []), "responsible"],
                     nulls_equal=True)
        .sort(keys, descending=descending)
        .select(columns)
    )  # fmt: skip
