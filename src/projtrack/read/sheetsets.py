"""Sheets that must not be added together: a copy of another sheet (a 打印版 beside the
台账), and sheets of different periods (2024年1-6月 beside 2023年1-6月: see
:mod:`projtrack.read.sheet_periods`); and what a sheet's name says (a county, a level, a kind).

A workbook with one sheet per county is stacked; but a second visible sheet holding the
same projects with the same figures is a copy, and counting it would double every total;
sheets named for different periods hold figures of different years or months, and no sum
of them is a figure of either. The copy is left out with a note; different periods stop
the run with a message naming the sheets (hide or delete the others, or split the file).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import polars as pl

from projtrack.errors import Finding
from projtrack.period import FILING_DATE
from projtrack.read.labels import (
    AREA_END,
    COUNTY_END,
    OFFICE_OF_A_PLACE_WORDS,
    OWN_LEVEL,
    PLACE_KEY_PROJECTS,
    PLACE_OFFICE,
    SECTION_AGENCY,
    TOWN_END,
    TOWN_HEADER,
)
from projtrack.read.model import SheetInfo
from projtrack.read.rawsheet import RawSheet
from projtrack.text import normalize_text

DEFAULT_SHEET_NAME = r"^(?:sheet|工作表|表)\d*$"
MIN_COPY = 2  # a sheet of one project repeated is not called a copy


def _signature(frame: pl.DataFrame, keys: list[str]) -> set[tuple[object, ...]]:
    """The projects of a sheet as (name, plan, completed, *keys), rounded to the 万元 cent."""
    rows = frame.select(
        pl.col("name").fill_null(""),
        pl.col("annual_plan").fill_null(0.0).round(2),
        pl.col("completed_ytd").fill_null(0.0).round(2),
        *(pl.col(k).cast(pl.String).fill_null("").str.strip_chars() for k in keys),
    ).iter_rows()
    return set(rows)


def drop_copies(
    infos: list[SheetInfo], parts: list[pl.DataFrame]
) -> tuple[list[pl.DataFrame], list[Finding]]:
    """Leave out a used sheet whose projects are those of an earlier used sheet, with the
    same figures and the same units (region, town, responsible … where both read them);
    its info is marked unused in place (``parts`` follow ``infos``). Sheets named or titled
    for different counties are never copies. A sheet listing part of another's projects is
    for :mod:`projtrack.read.overlaps`, which reads the same whichever sheet comes first."""
    used = [i for i in infos if i.used]
    if len(used) < 2:  # nothing to be a copy of (and a signature costs a pass over 100k rows)
        return parts, []
    kept: list[tuple[SheetInfo, pl.DataFrame]] = []
    signatures: dict[tuple[int, tuple[str, ...]], set[tuple[object, ...]]] = {}  # when needed

    def signature(frame: pl.DataFrame, keys: list[str]) -> set[tuple[object, ...]]:
        if (id(frame), tuple(keys)) not in signatures:
            signatures[id(frame), tuple(keys)] = _signature(frame, keys)
        return signatures[id(frame), tuple(keys)]

    frames: list[pl.DataFrame] = []
    notes: list[Finding] = []
    for info, frame in zip(used, parts, strict=True):
        # A copy's first project stands in the original: sheets whose first project's
        # name is in no earlier sheet need no signature (a pass over all their projects).
        first = frame["name"].fill_null("").head(1)
        candidates = [
            (k, f) for k, f in kept if first.is_in(f["name"].fill_null("").implode()).all()
            and not places_differ(info, k)
        ]  # fmt: skip
        original, n = None, 0
        for k, f in candidates if frame.height >= MIN_COPY else []:
            keys = compared_fields(info, k)
            sig = signature(frame, keys)
            if len(sig) >= MIN_COPY and sig == signature(f, keys):
                original, n = k, len(sig)
                break
        if original is None:
            kept.append((info, frame))
            frames.append(frame)
            continue
        info.used = False
        info.reason = f"a copy of sheet {original.name} (the same {n} projects and figures)"
        notes.append(Finding(info.name, None, None, "sheet_copy",
                             f"未计入：与工作表 {original.name} 的{n}个项目及金额完全相同，"
                             "视为副本（如打印版），以免重复计算"))  # fmt: skip
    return frames, notes


SUMMARY_REASON = "summary sheet (汇总), not counted"


def summaries_apart(
    infos: list[SheetInfo],
    parts: list[pl.DataFrame],
    named: list[RawSheet],
    summaries: list[RawSheet],
    unnamed: Sequence[tuple[RawSheet, object]] = (),  # (sheet, layout) of every sheet
) -> list[pl.DataFrame]:
    """A sheet named 汇总/总表 whose rows share no project with the other sheets is a
    summary when most of its rows name their groups (a sheet name, a county, a level) or
    its figures are the sum of the others': left out and reconciled with the others
    (``summaries``); with rows naming projects of its own it is counted like any sheet.

    A sheet named otherwise (Sheet1, 德阳市, 统计) is a summary when both hold: its rows
    name the other sheets' groups and its plan and completion are theirs, added up (it
    was counted, doubling every figure)."""
    used = [i for i in infos if i.used]
    frames = dict(zip([i.name for i in used], parts, strict=True))
    loose = {raw.name for raw in named}
    for raw in [*named, *(r for r, _ in unnamed if r.name not in loose)]:
        others = [f for n, f in frames.items() if n != raw.name]
        if raw.name not in frames or not others:
            continue
        own = frames[raw.name]
        labels = _group_labels(own, others, [n for n in frames if n != raw.name])
        if (
            (labels or _sum_of(own, others))
            if raw.name in loose
            else (labels and _sum_of(own, others))
        ):
            info = next(i for i in used if i.name == raw.name)
            info.used = False
            info.reason = SUMMARY_REASON
            summaries.append(raw)
            del frames[raw.name]
    return [frames[i.name] for i in used if i.name in frames]


def _sum_of(frame: pl.DataFrame, others: list[pl.DataFrame]) -> bool:
    """Whether a sheet's plan and completion add up to the other sheets' (a 汇总 by
    category whose rows the reader took for projects)."""
    for field in ("annual_plan", "completed_ytd"):
        own = float(frame[field].fill_null(0.0).sum())
        rest = sum(float(o[field].fill_null(0.0).sum()) for o in others)
        if abs(own - rest) > max(1.0, 0.001 * abs(rest)) or rest == 0:
            return False
    return True


def _group_labels(frame: pl.DataFrame, others: list[pl.DataFrame], names: list[str]) -> bool:
    labels = set(names)
    for other in others:
        for col in ("region", "level", "category", "responsible"):
            labels |= set(other[col].drop_nulls().to_list())
    own = [str(n).strip() for n in frame["name"].drop_nulls().to_list()]
    return sum(n in labels or bool(re.search(r"合计|小计|总计", n)) for n in own) * 2 >= len(own)


# A sheet name's decorations: numbering in front (1. 一、 （一）), a count in brackets and
# 台账/明细/清单/表 at the end (1.旌阳区, 中江县（4个）, 罗江区台账 → the county).
SHEET_NUMBERING = (
    r"^\s*(?:\d+(?:\.\d+)*[.、．\s)）]|[一二三四五六七八九十]+[、.．]"
    r"|[（(][一二三四五六七八九十\d]+[)）])\s*"
)
_COUNT = r"\s*[（(【\[][^()（）]*\d[^()（）]*[)）】\]]\s*$"
_FORM = r"(?:重点)?(?:项目)?(?:推进情况)?(?:台账|明细表?|清单|一览表|统计表|表)$"
_COUNTY = re.compile(COUNTY_END)
# A title's place before its year or subject, after a year and period if any (2025年1-9月
# 旌阳区新增重点项目, 2024年中江县重点项目…, 旌阳区2024年…).
_TITLE_PLACE = (
    r"(?:20\d{2}年度?)?(?:[\d\-—–~～至]+月份?|[一二三四]季度|上半年|前三季度)?"
    r"(?!全)([^\s\d（(]{1,12}?(?:自治县|县|区|市|旗))(?=20\d{2}|新增|重点|项目|[（(]|$)"
)
_TOWN = TOWN_END
# A sheet named for a level and nothing before it: 省重点, 1.市重点项目 (not 什邡市重点项目表).
LEVEL_SHEET = r"^[\d.、．\s（）()一二三四五六七八九十]*(?:国家|省|市|州|县|区)级?重点"
# A level in brackets after a place (旌阳区（省重点）, 中江县(市重点项目)).
LEVEL_TAG = r"\s*[（(【\[]\s*(?:国家|省|市|州|县|区)级?重[点點](?:项目|項目)?\s*[)）】\]]\s*$"
UNIT_FIELDS = ("region", "responsible", "owner", "leader")  # columns telling units apart
# A sheet named for a department, not a place: 县住建局, 交通运输局, 县发改委, 城投公司.
AGENCY = re.compile(r"(?:局|委|办|办公室|中心|公司|集团|院|站|所|处|队|指挥部|委员会)$")
# …街道办事处, …镇人民政府办, …开发区管委会: the office of a place, which is the place.
OFFICE_OF_A_PLACE = re.compile(OFFICE_OF_A_PLACE_WORDS)


def sheet_place(info: SheetInfo) -> str:
    """The unit a sheet is named for, without numbering, counts or 台账/表; a name the
    title writes with its suffix (旌阳 → 旌阳区) is taken from the title."""
    name = re.sub(SHEET_NUMBERING, "", info.name).strip()
    name = re.sub(_COUNT, "", name).strip()
    name = re.sub(LEVEL_TAG, "", name).strip() or name
    name = re.sub(_FORM, "", name).strip() or name
    placed = PLACE_KEY_PROJECTS.match(normalize_text(name))
    if placed:  # 旌阳区重点项目, 旌阳区市重点项目: the county (see labels.section_role)
        name = re.sub(r"[\s\u3000]", "", name)[: len(placed[1])]
    if name and not _COUNTY.search(name):
        for line in info.title_lines:
            found = re.search(re.escape(name) + r"(?:自治县|县|区|市|旗)", line)
            if found:
                return found[0]
    return name or info.name


# What a sheet of projects of one kind is named: their stage (续建, 新开工, 前期, 竣工 …) or
# their sector (产业, 基础设施, 社会民生 …), as the sections of a single sheet name them.
_KIND = re.compile(
    # Stage words no county is named: enough alone (续建, 新开工, 前期 …).
    r"^(?:计划|拟)?(?:续建|新开工|新增|前期|储备|谋划|竣工|在建|已开工|未开工)(?:类)?(?:重点)?"
    r"(?:项目|工程)?$"
    # Sectors no county is named either (工业, 社会事业, 基础设施 …): enough alone too.
    r"|^(?:工业|农业|服务业|现代服务业|基础设施|新型基础设施|社会事业|社会民生|民生保障"
    r"|生态环保|生态环境|文化旅游|科技创新|乡村振兴|城镇建设|城乡建设)(?:类)?(?:重点)?(?:项目|工程)?$"
    # Words a place may be named (新建区, 交通 …): a kind only as …项目 / …类.
    r"|^(?:新建|投产|开工|签约|招引|产业|工业|农业|服务业|现代服务业|基础设施|交通|水利"
    r"|能源|城建|城镇建设|社会事业|社会民生|民生|民生保障|生态环保|生态环境|文旅|文化旅游"
    r"|科技创新|新型基础设施|乡村振兴)(?:类|及其他)?(?:重点)?(?:项目|工程|类)$"
)


def sheet_kind(info: SheetInfo) -> str | None:
    """The kind of projects a sheet is named for (续建项目, 2.新开工项目（12个）), if any."""
    name = re.sub(SHEET_NUMBERING, "", info.name).strip()
    name = re.sub(_COUNT, "", name).strip()
    bare = re.sub(r"(?:推进情况)?(?:台账|明细表?|清单|一览表|统计表|表)$", "", name).strip() or name
    return bare if _KIND.match(normalize_text(bare)) else None


def title_place(info: SheetInfo) -> str | None:
    """The county a sheet's first title names before its year or subject
    (旌阳区2024年重点项目… → 旌阳区), if any."""
    for line in info.title_lines[:1]:
        found = re.match(_TITLE_PLACE, line.strip())
        if found:
            return found[1]
    return None


# A sheet named for its workbook's own level beside its counties: the city's (county's)
# own departments and enterprises, one unit of the ranking. Built from its parts — a level
# word, then 本级 | 级 | 直 | 属 | 直属, then what it holds — not listed: 市本级, 市级, 市直,
# 市直属, 市属国企, 市级部门, 市级项目, 县直单位, 区本级, 南充市本级, 市本级（含市属国企）.
# Never a level of projects (市级重点, 市重点: :data:`LEVEL_SHEET`).
_OWN_LEVEL = re.compile(
    r"(?:[省市州县区盟旗]?本级|[省市州县区盟旗](?:级|直属?|属))"
    r"(?:部门|单位|机关|项目|国企|国有企业|企业|平台公司)?$"
)
# What such a name may add after it: （含市属国企）, 含市属国企, 及国企, (12个).
_OWN_ADDED = r"(?:[（(【\[][^）)】\]]*[）)】\]]|(?:含|包含|包括|及|和|与)[^（(]*)$"


def own_level(place: str) -> bool:
    """Whether a sheet's place (:func:`sheet_place`) names the workbook's own level (市本级,
    市级部门, 县直单位, 市本级（含市属国企）): its projects are that unit's, wherever its
    所在县 column says they are built."""
    text = normalize_text(place)
    for _ in range(3):  # 市本级（含市属国企）(6个): a bracket or 含… at a time
        bare = re.sub(_OWN_ADDED, "", text)
        if bare == text or not bare:
            break
        text = bare
    return bool(_OWN_LEVEL.search(text))


def _named_for(info: SheetInfo) -> str | None:
    """The county (or the own level: 市本级, 市直部门) a sheet is named for (旌阳区,
    1.中江县), if any; none for a sheet of the whole (全市, 汇总, 总表) or of no place (台账,
    打印版, Sheet1)."""
    if re.search(r"全|汇总|总表|合计", info.name):
        return None
    place = sheet_place(info)
    return place if _COUNTY.search(place) or own_level(place) else None


def places_differ(a: SheetInfo, b: SheetInfo) -> bool:
    """Whether two sheets are named for different counties, or, neither name saying one,
    titled for different counties: then their projects are never the same, whatever
    their names and figures (a programme allocated evenly, 高标准农田 1000 万元 in every
    county). A county sheet beside one titled for the city (项目清单, 德阳市2024年…) may
    be a part of it: not told apart here."""
    named_a, named_b = _named_for(a), _named_for(b)
    if named_a or named_b:
        return bool(named_a and named_b and named_a != named_b)
    if re.search(r"全|汇总|总表|合计", a.name + b.name):
        return False
    title_a, title_b = title_place(a), title_place(b)
    return bool(title_a and title_b and title_a != title_b)


def town_column(info: SheetInfo) -> bool:
    """Whether the sheet's region column is a town column (所在乡镇, 乡镇(街道))."""
    return any(c.field == "region" and re.search(TOWN_HEADER, c.header) for c in info.columns)


# Parts of a county that end like one (城区, 工业园区, 东部片区): no county of their own.
_AREA = AREA_END


def section_unit() -> list[pl.Expr]:
    """A project's category and responsible unit with its section's: a section naming a
    department (一、县住建局（4个）) names the unit answering for its projects, as a sheet so
    named does, not a category."""
    section = pl.col("_sec_category")
    name = section.str.strip_chars().str.replace(r"[（(].*$", "")
    agency = name.str.contains(SECTION_AGENCY) & ~name.str.contains(OFFICE_OF_A_PLACE.pattern)
    # Beside departments, a place's office (县经开区管委会) is one of them (see sections.py).
    agency = agency | (name.str.contains(PLACE_OFFICE) & agency.any())
    agency = agency.fill_null(False)
    return [
        pl.when(agency).then(pl.col("category")).otherwise(pl.coalesce("category", section))
        .alias("category"),
        pl.coalesce("responsible", pl.when(agency).then(name)).alias("responsible"),
    ]  # fmt: skip


def section_stage_of(frame: pl.DataFrame, column: bool) -> pl.Expr:
    """A project's 建设性质: its cell, else what its section says (二、新开工项目（6个）).

    Without a 建设性质 column, only where the sections give every project of the sheet one
    (续建 | 新开工 | 竣工): a stage for some rows only (一、产业项目 | 二、前期项目) would
    leave the others no stage, and new starts are then told by their planned start alone
    (figures/starts.py), as on a sheet without stages."""
    if column:
        return pl.coalesce("stage", "_sec_stage")
    if frame.height and frame["_sec_stage"].null_count() == 0:
        return pl.col("_sec_stage")
    return pl.col("stage")


def section_county(region_headers: list[str]) -> pl.Expr:
    """A project's region: its region cell, or the county its section names (一、旌阳区（4个）)
    where that cell names a town or the column is a town column (所在乡镇) — the towns of
    several counties on one sheet are not one group, as on sheets named for counties. A
    sheet with one county's section keeps its towns: they are that county's units.

    A section of the level's own unit (三、市本级, 四、县直部门（3个）) is its projects' unit
    whatever their cell says: the departments answer for them, and the cell (所在乡镇,
    所在县) says where each is built — as on a 市本级 sheet (sheet_regions.py)."""
    region, section = pl.col("region"), pl.col("_sec_region")
    name = section.str.strip_chars()
    county = (name.str.contains(_COUNTY.pattern) & ~name.str.contains(_AREA)).fill_null(False)
    # Only where the sheet has sections of several counties: one county's towns are its units.
    county = county & (pl.when(county).then(name).drop_nulls().n_unique() > 1)
    towns = any(re.search(TOWN_HEADER, h) for h in region_headers)
    town = region.str.strip_chars().str.contains(_TOWN).fill_null(False) | pl.lit(towns)
    own = name.str.contains(OWN_LEVEL).fill_null(False)
    return (
        pl.when((county & (region.is_null() | town)) | own)
        .then(section)
        .otherwise(pl.coalesce(region, section))
    )


def compared_fields(a: SheetInfo, b: SheetInfo) -> list[str]:
    """The columns telling units apart that both sheets read, to be equal in a copy: a
    town column beside a county column is not compared (one names parts of the other), nor
    the region column of the own level's sheet (市直部门's 所在县 says where a project is
    built, the full list's 县（市、区） the unit, 市直部门: compared, the sheet was kept
    beside the full list and its projects counted twice)."""
    fields_a = {c.field for c in a.columns} & set(UNIT_FIELDS)
    fields_b = {c.field for c in b.columns} & set(UNIT_FIELDS)
    both = [f for f in UNIT_FIELDS if f in fields_a and f in fields_b]
    own = any(_named_for(i) and own_level(sheet_place(i)) for i in (a, b))
    return [f for f in both if f != "region" or (town_column(a) == town_column(b) and not own)]


def summary_titles(raw: RawSheet) -> list[tuple[str, str]]:
    """The title lines of a 汇总 sheet that is not counted: the rows with one text above
    its first row of several cells (they may be all that states the year). A filing date
    (填报日期) is left out, as on the other sheets."""
    lines: list[tuple[str, str]] = []
    for row in raw.frame.head(10).iter_rows():
        cells = [str(c).strip() for c in row if c is not None and str(c).strip()]
        if len(cells) > 1:
            break
        text = re.sub(FILING_DATE, "", cells[0]).strip() if cells else ""
        if text:
            lines.append((f"title ({raw.name})", text))
    return lines
