"""What a workbook's sheet names say about its projects: their county, level, kind or unit.

A workbook with one sheet per county and no region column is common, and there the sheet
name is the county. But sheets are also named for what is no place at all: a list carried
over to a second sheet (续表, 台账续, 广汉市（续）), pages (第1页, 上 | 下, 1 | 2, 表一, P1),
a month (9月), or generic words (重点项目1, 台账, 打印版). Taken for counties, such names
split one county's projects into groups of their own and put them on the 红黑榜 with
wrong figures. So a name gives the region only when something of a place is left once
those words are set aside: a continuation takes the place of the sheet it continues, and
a sheet named for no place takes the county its title names (``2025年1-9月旌阳区…``) —
only where that title tells sheets apart or names a county the ledger has elsewhere: a
city's name on every sheet says nothing of its counties.
"""

from __future__ import annotations

import re

import polars as pl

from projtrack.read.labels import COUNTY_END, TOWN_END, section_level, section_stage
from projtrack.read.model import SheetInfo
from projtrack.read.sheetsets import (
    AGENCY,
    DEFAULT_SHEET_NAME,
    LEVEL_SHEET,
    LEVEL_TAG,
    OFFICE_OF_A_PLACE,
    own_level,
    sheet_kind,
    sheet_place,
    title_place,
    town_column,
)
from projtrack.text import normalize_text

_COUNTY = re.compile(COUNTY_END)
_NUMERAL = r"[\d一二三四五六七八九十]"
# A continuation mark: 续, 续表, 续页, 续2, （续）, -续 (at either end of the name).
_CONTINUED = re.compile(r"^续表?[-_\s]*|[-_\s]*[（(]?续(?:表|页)?\d*[)）]?$")
# Numbering or paging after (or as) a name: 1, (2), （二）, 第1页, -2, P1, 一.
_PAGING = re.compile(rf"(?:[-_\s]*(?:第?{_NUMERAL}+[页张部分]?|[（(]{_NUMERAL}+[)）]|[Pp]\d+))+$")
# Halves or thirds of one list: 上 | 下, 上表 | 下表, 上页 (the whole name; 城中 is a place).
_HALVES = re.compile(r"^[上中下](?:表|页|半部|册)?$")
# A period for a name: 9月, 9月份, 1-9月, 2025年9月, 2025.9.
_PERIOD_NAME = re.compile(r"^(?:20\d{2}年?[.\-]?)?(?:\d{1,2}[-~至]?)?\d{0,2}月?份?$")
# Words that name a table, not a place: 重点项目, 台账, 打印版, 新表 …
_GENERIC = re.compile(
    r"^(?:重点)?(?:项目)?(?:推进|调度|进度|完成)?(?:情况)?(?:台账|明细表?|清单|一览表|统计表|表|数据"
    r"|汇总|打印|打印版|原表|原始|备份|修改|最新|正式|终稿|新表|旧表|附表|附件)?$"
)


def named_place(info: SheetInfo) -> tuple[str | None, bool]:
    """The place a sheet's name gives, if any, and whether the name marks a continuation
    (续表, 中江县续: the place, if any, is the one left when 续 is set aside)."""
    if re.match(DEFAULT_SHEET_NAME, info.name.strip(), re.IGNORECASE):
        return None, False
    place = sheet_place(info)
    bare = _CONTINUED.sub("", place).strip()
    continued = bare != place
    bare = _PAGING.sub("", bare).strip() or bare
    text = normalize_text(bare)
    if not text or _PAGING.fullmatch(text) or _HALVES.match(text) or _PERIOD_NAME.match(text):
        return None, continued
    if _GENERIC.fullmatch(text) or re.fullmatch(r"[\dA-Za-z._\-]+", text):
        return None, continued
    return bare, continued


def fill_from_sheet_names(projects: pl.DataFrame, used: list[SheetInfo]) -> pl.DataFrame:
    """Several project sheets: where region (or level) is not a column, the sheet name is it.

    Sheet names that say no place (Sheet1, 续表, 第2页, 9月, 重点项目1) are not used; a
    continuation takes the place of the sheet before it, and a sheet so named takes the
    county its title names where titles tell sheets apart (see the module doc).
    When every sheet is named for a county (旌阳区, 1.中江县, 罗江区台账), the county is
    the region of its projects even where a section names a town, and of every row of a
    sheet whose region column is a town column, whatever it says (所在乡镇: 城关镇, 城区 and
    工业园 are parts of the county, and those of several counties are not one group).
    """
    sheet_col = pl.col("_sheet")
    # 省重点 | 1.市重点项目; never 什邡市重点项目明细表, a county's sheet.
    names = [i.name for i in used]
    named = [n for n in names if re.match(LEVEL_SHEET, normalize_text(n))]
    levels = {n: lv for n in named if (lv := section_level(n))}
    # 旌阳区（省重点）: the county's sheet of one level, both said (the place below).
    tagged = {n: lv for n in names if (m := re.search(LEVEL_TAG, n)) and n not in levels
              and (lv := section_level(m[0]))}  # fmt: skip
    for found in (tagged, levels):  # 省重点 | 市重点 sheets: levels, beside county sheets too
        if found:
            level = sheet_col.replace_strict(found, default=None, return_dtype=pl.String)
            projects = projects.with_columns(pl.coalesce("level", level).alias("level"))
    kinds = {i.name: k for i in used if (k := sheet_kind(i)) and i.name not in levels}
    if kinds:  # 续建项目 | 新开工项目 | 前期项目: kinds, never counties
        kind = sheet_col.replace_strict(kinds, default=None, return_dtype=pl.String)
        projects = projects.with_columns(pl.coalesce("category", kind).alias("category"))
        # … and stages, as such sections are (labels.section_stage), where every project
        # then has one (see sheetsets.section_stage_of).
        stages = {n: s for n, k in kinds.items() if (s := section_stage(k))}
        stage = sheet_col.replace_strict(stages, default=None, return_dtype=pl.String)
        staged = pl.coalesce("stage", stage)
        if stages and projects.select(staged.is_not_null().all()).item():
            projects = projects.with_columns(staged.alias("stage"))
    places = _places(projects, [i for i in used if i.name not in kinds | levels.keys()])
    places |= _titled(projects, [i for i in used if i.name in kinds | levels.keys()], places)
    if not places:
        return projects
    if all(AGENCY.search(p) and not OFFICE_OF_A_PLACE.search(p) for p in places.values()):
        # 县住建局 | 县交通局 sheets: the units answering for the projects, not places.
        unit = sheet_col.replace_strict(places, default=None, return_dtype=pl.String)
        return projects.with_columns(pl.coalesce("responsible", unit).alias("responsible"))
    place = sheet_col.replace_strict(places, default=None, return_dtype=pl.String)
    region = pl.col("region")
    # Sheets named for counties (or the own level): each is its unit, whatever its town
    # column says. Beside a sheet named otherwise (航空港, 其他), they still are: one such
    # sheet put every sheet's 所在乡镇 in the ranking, towns of three counties side by side.
    units = [n for n, p in places.items() if _COUNTY.search(p) or own_level(p)]
    town = region.str.strip_chars().str.contains(TOWN_END).fill_null(False)
    towns = [i.name for i in used if town_column(i)]  # 所在乡镇: 城区, 工业园 too
    # 市本级 | 市级部门 | 市属国企 beside county sheets: the city's own unit, ranked as one;
    # its 所在县 column says where each project is built, not who answers for it (its 奥体
    # 中心 went to 旌阳区's figures and put 旌阳区 on the 红榜; named 市级部门, it vanished
    # into the counties).
    own = [n for n, p in places.items() if own_level(p)]
    town = sheet_col.is_in(units) & (
        region.is_null() | town | sheet_col.is_in(towns) | sheet_col.is_in(own)
    )
    by_sheet = pl.when(town).then(place).otherwise(pl.coalesce(region, place))
    return projects.with_columns(by_sheet.alias("region"))


def _places(projects: pl.DataFrame, sheets: list[SheetInfo]) -> dict[str, str]:
    """Sheet name → the place its name gives; a continuation takes the place before it."""
    places: dict[str, str] = {}
    before: str | None = None
    unnamed: list[SheetInfo] = []
    for info in sheets:
        place, continued = named_place(info)
        if place is None and continued and before is not None:
            place = before
        if place is None:
            unnamed.append(info)
            continue
        places[info.name] = before = place
    return places | _titled(projects, unnamed, places)


def _titled(
    projects: pl.DataFrame, sheets: list[SheetInfo], named: dict[str, str]
) -> dict[str, str]:
    """Sheets named for no place (or a kind, a level): the county each title names, where
    the titles name several, or one the ledger has elsewhere (a region cell, a sheet name)."""
    titled = {i.name: p for i in sheets if (p := title_place(i))}
    if not titled:
        return {}
    known = set(named.values())
    if "region" in projects.columns:
        known |= set(projects["region"].drop_nulls().str.strip_chars().to_list())
    distinct = len(set(titled.values())) > 1
    return {n: p for n, p in titled.items() if distinct or p in known}
