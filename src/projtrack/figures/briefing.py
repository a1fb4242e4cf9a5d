"""Figures only a briefing shows: the per-level table, the projects most behind and the
largest, the open problems, and the place and scope words read from the title.
"""

from __future__ import annotations

import re
from datetime import date

import polars as pl

from projtrack.figures.metrics import group_metrics, group_of
from projtrack.figures.problems import classify_problems
from projtrack.text import normalize_text
from projtrack.vocab import BARE_LEVEL, LEVEL_SPELLING, UNSET_GROUP

LEVEL_ORDER = ("省重点", "市重点", "县重点", "区重点")


TOP_PROJECTS = 10


# The place a title names: a county-level or higher name (中江县, 达州市, 德阳高新区, 凉山州,
# 四川省) at the title's start, or after its year and period (2024年1-9月旌阳区…); then,
# before the subject (重点, 重大, 项目 …), only a town (苍溪县陵江镇…), a year, period words
# (1-12月, 前三季度, 上半年, 1月份, 全年, 年度) and level words (市级, 县, 省市, 省、市).
# Anchored, so a fragment of a period (the 月市 of 1-12月市重点) is never a place; the
# shortest name the subject allows, so 宣汉县县重点 is 宣汉县 and 德阳市省市重点 德阳市
# (达州市 is one name: a 州 followed by 市 is not a place's end).
_YEAR = r"(?:20\d{2}年度?)"
_PERIOD = (
    r"(?:截至)?(?:\d{1,2}(?:-\d{1,2})?月份?(?:\d{1,2}日)?"
    r"|[一二三四五六七八九十]{1,3}(?:至[一二三四五六七八九十]{1,3})?月份?"
    r"|第?[一二三四1-4]季度|前[二两三]季度|[上下]半年度?|全年度?|年度)"
)
_LEVEL = r"(?:国家|[省市州县区](?:[、,]?[省市州县区])*)级?"
_TOWN = r"(?![省市州县区])[\u4e00-\u9fff]{1,8}?(?:镇|乡|街道)"
_TITLE_PLACE = re.compile(
    rf"^(?:附件\d*[:.、]?)?(?:截至|截止)?{_YEAR}?(?:{_PERIOD})?(?!全[县市区州旗盟省])"
    r"([\u4e00-\u9fff]{1,12}?(?:州(?!市)|[县市区旗盟省]))"
    rf"(?=(?:{_TOWN})?{_YEAR}?(?:{_PERIOD})?(?:{_LEVEL})?"
    r"(?:重点|重大|新增|续建|新开工|项目|投资|建设|[(]|$))"
)


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
    """(place, scope word) of one title: the place by :data:`_TITLE_PLACE`, the scope word
    as the title writes it (全县) or from the place's ending (…县 → 全县, 高新区 → 全区)."""
    t = normalize_text(text)
    match = _TITLE_PLACE.match(t)
    place = match.group(1) if match else ""
    written = re.search(r"全(县|市|区)", t)
    if written:
        return place, written.group(0)
    if place:
        return place, "全" + place[-1]
    return "", ""


def level_names(values: list[str]) -> dict[str, str]:
    """The word the briefing says each level value by: 省级重点, 省级重点项目, 省重点项目 and
    省重點 are 省重点 (市级重点 → 市重点, …), 省重大项目 is 省重大, and a bare 省级 /
    市级项目 is 省重点 / 市重点 unless 省重大 / 市重大 is written too; anything else (国家重点,
    其他) as written.

    The reader keeps one of the ledger's spellings per level (the one most projects use,
    for ``--by level``); a sentence of an official document says the level's own word,
    whatever the clerk typed: 「全市120个省市重点项目…其中，21个省重点项目…」, never
    「99个市级重点项目…；21个省级重点项目…」 (the city first, no 省市) or 「省重点项目项目」.
    """
    names: dict[str, str] = {}
    for value in values:
        norm = normalize_text(value)
        if m := LEVEL_SPELLING.match(norm):
            names[value] = m[1] + ("重大" if "重大" in norm else "重点")
    major = {name[0] for name in names.values() if name.endswith("重大")}
    for value in values:
        bare = BARE_LEVEL.match(normalize_text(value))
        if bare and bare[1] not in major:
            names[value] = bare[1] + "重点"
    return {value: names.get(value, value) for value in values}


def level_words(levels: list[str]) -> str:
    """省重点 + 市重点 → 省市重点项目; only 市重点 → 市重点项目; none → 重点项目 (levels
    by any spelling :func:`level_names` knows: 省级重点 + 市级 → 省市重点项目)."""
    said = set(level_names(levels).values())
    short = [lvl[0] for lvl in LEVEL_ORDER if lvl in said]
    return f"{''.join(short)}重点项目" if short else "重点项目"


def levels(projects: pl.DataFrame, progress: float) -> pl.DataFrame:
    """Per-level figures in the official order 省, 市, 县, then the rest by name; each level
    under its own word (:func:`level_names`), however the ledger spells it."""
    written = projects["level"].drop_nulls().unique(maintain_order=True).to_list()
    named = projects.with_columns(pl.col("level").replace(level_names(written)))
    frame = group_metrics(named, "level", progress).filter(pl.col("group") != UNSET_GROUP)
    order = {lvl: i for i, lvl in enumerate(LEVEL_ORDER)}
    return (
        frame.with_columns(pl.col("group").replace_strict(order, default=len(order)).alias("_o"))
        .sort(["_o", "group"])
        .drop("_o")
    )


def project_columns(group_by: str) -> list[pl.Expr]:
    return [
        pl.col("name"),
        group_of(group_by).alias("group"),
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
