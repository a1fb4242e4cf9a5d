"""What the label of a section or total row says: its role, its name, its stated count.

Rows that are not projects (SPEC §5) carry their label in any text column, with 序号
blank: "合计", "合计60个", "龙海市合计35个", "其中:省重点项目", "合计(100项)",
"一、市本级(48项)", "(一)在建(11项)", "(一)工业项目82个". This module holds the patterns
(on labels normalised by :func:`projtrack.text.normalize_text`: simplified, half-width,
no spaces) and decides what a section's name stands for:

- a **level** when it names one (省重点项目, 市级重点项目 → 省重点, 市重点);
- a **region** when, without a trailing 项目, it ends in a place suffix (县, 市, 区, 旗, 州,
  盟, 镇, 乡, 街道, 开发区, 新区, 园区, 本级, 市直, 县直部门 …) and does not read as a kind of
  project (no 项目, 工程, 产业, 重点, 建设, 类 in it): 一、龙海市, (二)漳浦县项目, 市本级;
- a **category** otherwise (产业项目, 基础设施, 在建).
"""

from __future__ import annotations

import re

from projtrack.text import normalize_text

_CN_NUM = CN_NUM = "一二三四五六七八九十百零〇"
# A count stated in a label: (6个), (共6个项目), (48项), 合计37个, 工业项目82个.
COUNT_TAIL = r"(?:\(共?\d+(?:个|项)(?:项目)?\)|:?共?\d+(?:个|项)(?:项目)?)$"
_COUNT_RE = re.compile(r"\(?共?(\d+)(?:个|项)(?:项目)?\)?$")
# After a total word a count may also be of records, as a platform export counts them
# (共计15条, 合计12宗); a project's name ends so too (新建道路3条), so not a section's.
_RECORDS = r"(?:个|项|条|宗)"
_COUNT = rf"(?::?\(?共?\d+{_RECORDS}(?:项目)?\)?)?"
_TOTAL_COUNT_RE = re.compile(rf"\(?共?(\d+){_RECORDS}(?:项目)?\)?$")
# Totals of the whole sheet; a 全县/全市 prefix or 项目 is still the whole sheet.
TOTAL_WORD = r"(?:合计|总计|共计|总合计|汇总|总数)"
# What may follow a total word: 数 / 金额 (合计数, 合计金额, 汇总数), a unit or a count in
# brackets (合计（万元）, 合计(10)), a colon (总 计：), then a stated count.
_UNIT_PAREN = r"\((?:单位:?)?(?:万元|亿元|千元|元|万|亿)\)"
TOTAL_TAIL = rf"(?:数|金额|额)?(?:{_UNIT_PAREN}|\(\d+\)|:)*" + _COUNT + r"(?:\(\d+\)|:)*"
TOTAL_LABEL = (
    r"^(?:(?:全(?:县|市|区|州|省|旗|盟|镇|乡|部|年)|全县\(市、?区\)|全部项目|所有项目|项目|总"
    r"|(?:\d{4}年度?)?(?:全年|年度|本年)?(?:计划)?(?:总)?投资)?" + TOTAL_WORD + TOTAL_TAIL
    + rf"|全部项目|总体情况|共\d+{_RECORDS}(?:项目)?|全(?:县|市|区|州|省|旗|盟|镇|乡)共?\d+"
    + _RECORDS + r"(?:项目)?)" + _COUNT + "$"
)  # fmt: skip
SUBTOTAL_LABEL = r"^(?:小计|分计|本页小计|本页合计)" + TOTAL_TAIL + "$"
# "龙海市合计35个", "省重点项目小计": the total of a block, named by what precedes the word.
# Also written name last, after a colon: "小计:龙海市", "合计：漳浦县（12个）". Excel/WPS's
# 数据→分类汇总 writes "旌阳区 汇总" under each block: the same, ending in 汇总 after a space
# or a place (旌阳区汇总; a project named 数据汇总平台 or 统计数据汇总 is not one: see
# NAMED_TOTAL_RAW).
NAMED_TOTAL = (
    r"^(?:(.+?)(?:合计|总计|小计|汇总)" + _COUNT + "|(?:合计|总计|小计):(.+?)" + _COUNT + ")$"
)
# Labels that may be one of the above though they do not start like a section: the cheap
# test on the label as written (simplified or traditional, any width).
NAMED_TOTAL_RAW = (
    r"(?:[合总總小][计計]|[\s\u3000县縣区區市旗镇鎮乡鄉道][汇匯][总總])[\s\u3000]*[:：]?[\s\u3000]*[(（]?[\s\u3000]*共?[0-9０-９]*[\s\u3000]*"
    r"(?:[个個项項条條宗](?:项目|項目)?)?[\s\u3000]*[)）]?[\s\u3000]*$"
)
# The count as written at the end of a raw label, to strip it from a section's name.
RAW_COUNT = (
    r"[\s\u3000]*[:：]?[(（]?[\s\u3000]*共?[\s\u3000]*[0-9０-９]+[\s\u3000]*[个個项項]"
    r"(?:项目|項目)?[\s\u3000]*[)）]?[\s\u3000]*$"
)
RAW_TOTAL_WORD = (
    r"[\s\u3000]*(?:合计|合計|总计|總計|小计|小計|汇总|匯總)[\s\u3000]*$"
    r"|^[\s\u3000]*(?:合计|合計|总计|總計|小计|小計)[\s\u3000]*[:：]"
)

# A section naming a department: fewer endings than a sheet name (学校、医院, 变电站 and
# 物流中心 are kinds of project), and never a list.
SECTION_AGENCY = r"^[^、,，]{2,}(?:局|委|委员会|办|办公室|公司|集团|指挥部)$"
# …街道办事处, …镇人民政府办, …开发区管委会: the office of a place, which is the place …
OFFICE_OF_A_PLACE_WORDS = r"街道|镇|乡|管委会|开发区|园区|新区"
# … unless it stands among departments (一、县住建局 | 二、县经开区管委会): one of them.
PLACE_OFFICE = r"(?:管委会|办事处|人民政府)$"

# Where the block a 小计 or section covers ends: the row kinds before a 小计 (it covers the
# rows since the last of them) and after a section (it covers the rows until the first).
# One table for reconciling, for counting a parent once and for rows closing a block.
BLOCK_ENDS: dict[str, tuple[str, ...]] = {
    "subtotal": ("section_top", "section_sub", "subtotal", "total"),
    "section_top": ("section_top", "total"),
    "section_sub": ("section_top", "section_sub", "total"),
}

LEVEL_WORDS = (("省重点", "省重点"), ("省级重点", "省重点"), ("市重点", "市重点"),
               ("市级重点", "市重点"), ("县重点", "县重点"), ("县级重点", "县重点"),
               ("区重点", "区重点"), ("区级重点", "区重点"))  # fmt: skip
# The level's own unit beside its counties or towns: 市本级, 市直, 县直部门, 区直单位 — the
# departments answering for their projects, ranked as one unit as a 市本级 sheet is.
OWN_LEVEL = r"(?:本级|市直|县直|区直)(?:部门|单位)?$"
REGION_SUFFIX = re.compile(
    r"(?:县|市|区|旗|州|盟|镇|乡|街道|开发区|新区|园区|管委会)$|" + OWN_LEVEL
)
# … and no facility a project builds (县人民医院新院区, 实验学校新校区, 城东小区).
NOT_REGION = re.compile(
    r"项目|工程|产业|重点|建设|类|其他|其它|医院|学校|学院|中学|小学|幼儿园|院区|校区|小区|片区"
    r"|景区|厂区|矿区|营区"
)
# A county's block of key projects: the place, then (a level and) 重点项目 — 旌阳区重点项目,
# 中江县市重点项目, 德阳市旌阳区重点项目; on the normalised name. Not 全县/本市 重点项目.
PLACE_KEY_PROJECTS = re.compile(
    r"^(?![全本各])(.{1,12}?(?:自治县|县|市|区|旗|州|盟|镇|乡|街道|开发区|新区))"
    r"(?:(?:国家|省|市|州|县|区)级?)?重点(?:项目)?$"
)
_NUMBERING = re.compile(rf"^(?:[{_CN_NUM}]+[、.,]|\([{_CN_NUM}\d]+\)|\d+[、.])")


def section_level(name: str) -> str | None:
    """The project level a section name stands for, if any (市级重点项目 → 市重点)."""
    norm = normalize_text(name)
    for word, level in LEVEL_WORDS:
        if word in norm:
            return level
    return None


def stated_count(label: str | None) -> int | None:
    """The number of projects a total or section label states: 合计(100项) → 100."""
    if not label:
        return None
    norm = normalize_text(label)
    if re.search(TOTAL_WORD, norm):
        found = _TOTAL_COUNT_RE.search(norm)
        return int(found.group(1)) if found else None
    if not re.search(COUNT_TAIL, norm):
        return None
    found = _COUNT_RE.search(norm)
    return int(found.group(1)) if found else None


def section_role(name: str) -> tuple[str, str] | None:
    """(field, value) a section or block name sets on its rows: level, region or category.

    ``name`` is the section's name as written without numbering and count
    (省重点项目, 龙海市, 在建). None for an empty name.
    """
    norm = _NUMBERING.sub("", normalize_text(name)).strip(":")
    if not norm:
        return None
    placed = PLACE_KEY_PROJECTS.match(norm)
    if placed and not re.fullmatch(r"[省市州县区级全本各]+", placed[1][:-1] or "x"):
        # 旌阳区重点项目, 中江县市重点项目: the county's block (its level, if any, second).
        written = re.sub(r"[\s\u3000]", "", name)
        return ("region", written[: len(placed[1])])
    level = section_level(norm)
    if level:
        return ("level", level)
    place = re.sub(r"项目$", "", norm)
    if 2 <= len(place) <= 15 and REGION_SUFFIX.search(place) and not NOT_REGION.search(place):
        written = re.sub(r"[\s\u3000]*(?:项目|項目)$", "", name.strip())
        return ("region", written)
    return ("category", name.strip())


# A section naming a stage of construction — 一、新开工项目（6个）, （二）续建项目, 竣工项目,
# 2024年计划新开工项目, 新开工产业项目 — on the name without numbering or count: the stage
# word first. A kind alone (产业项目, 基础设施) names no stage, nor two stages (续建及新开工);
# 已开工 | 未开工 say whether a project started, not its 建设性质 (a sheet of new starts so
# split keeps its new starts); 新建 only alone (新建项目), a kind of works otherwise.
_STAGE_WORD = r"(新开工|续建|竣工|前期|储备|在建|谋划)"
_STAGE = re.compile(r"^(?:\d{4}年度?)?(?:计划|拟)?" + _STAGE_WORD)
_NEW_BUILD = re.compile(r"^(?:\d{4}年度?)?(?:计划|拟)?新建(?:类)?(?:项目|工程)?$")


def section_stage(name: str) -> str | None:
    """The 建设性质 a section name stands for, if any: 新开工项目 → 新开工, 续建 → 续建,
    计划新开工产业项目 → 新开工 (its kind, 产业项目, is its category), 新建项目 → 新开工."""
    norm = _NUMBERING.sub("", normalize_text(name)).strip(":")
    norm = re.sub(COUNT_TAIL, "", norm)
    if _NEW_BUILD.match(norm):
        return "新开工"
    found = _STAGE.match(norm)
    if found is None or re.search(_STAGE_WORD, norm[found.end() :]):
        return None
    return found[1]


def section_says(label: str) -> bool:
    """A section label that says what its rows are: a count, a level or a region."""
    if stated_count(label) is not None:
        return True
    name = re.sub(COUNT_TAIL, "", _NUMBERING.sub("", normalize_text(label)))
    role = section_role(name)
    return role is not None and role[0] in ("level", "region")


# What a named total's prefix must not be to name a block: a period, an amount, the whole.
NOT_A_BLOCK = re.compile(r"\d|投资|年度|全部|所有|本页|累计|总体")

# Row-label patterns (read/rows.py).
# First characters (as written, simplified or traditional) of every label that can be a
# section, a total or a note: the cheap test that spares OpenCC the project names.
SPECIAL_START = (
    rf"^(?:[{_CN_NUM}]+\s*[、.,，．]|[{_CN_NUM}]+[\s\u3000]+\S|[(（﹙【\[〔]|第"
    r"|[合总總共全汇匯小分本其注註说說备備填审審制联聯负負数數资資报報单單以])"
    r"|[:：]\s*$|[0-9０-９]\s*[个個项項](?:项目|項目)?\s*$"
)
# Patterns on the normalised label (simplified, half-width, no spaces).
TOP_SECTION = (
    rf"^[{_CN_NUM}]+[、.,]|^第[{_CN_NUM}\d]+(?:部分|类|批|篇|章)|^【[^】]+】$|^\[[^\]]+\]$"
)
# "一 续建项目": Chinese numbering and a space, on the label as written (spaces are gone
# once normalised).
SPACED_TOP = rf"^[\s\u3000]*[{_CN_NUM}]+[\s\u3000]+\S"
SUB_SECTION = rf"^\([{_CN_NUM}]+\)"
# Without brackets (续建项目3个, 续建项目：) the form is weaker: a project may be named so.
WEAK_SECTION = r"[^\d\W]共?\d+(?:个|项)(?:项目)?$|[^:]:$"
BRACKET_COUNT = r"\(共?\d+(?:个|项)(?:项目)?\)$"
COUNTED_SECTION = BRACKET_COUNT + "|" + WEAK_SECTION
# 其中 followed by a colon, or by the words a breakdown names (其中省重点项目), never by a
# name that happens to start with 其中 (其中学扩建项目).
BREAKDOWN_LABEL = (
    r"^其中(?:[:,]|$|(?:国家|中央|省|市|州|县|区)级?(?:重点|项目|投资)|新开工|续建|竣工|在建"
    r"|前期|产业|基础设施|民生|社会事业|政府投资|企业投资|民间投资|重大)"
)
# A later line of a 其中 breakdown written without a count (其中：省重点项目 | 市重点项目 |
# 2.县重点项目): the words a breakdown names, alone, after optional numbering. A closed list,
# so that no project name is taken for one; matched on the normalised label.
_PART_NUMBER = rf"^(?:其中:?)?(?:[{_CN_NUM}]+[、.,]|\d+[.、]|\([{_CN_NUM}\d]+\))?"
# The families of words a breakdown names; a later line continues it only in the family of
# its 其中 line (其中：省重点项目 | 市重点项目, not a 新开工项目 heading the projects below).
BREAKDOWN_FAMILIES = tuple(
    _PART_NUMBER + family + r"(?::|\(\))?$"
    for family in (
        r"(?:国家|中央|省|市|州|县|区)级?重点(?:建设)?(?:项目)?",
        r"(?:计划)?(?:新开工|续建|竣工|投产|在建|前期|储备)(?:类)?(?:项目)?",
        r"(?:产业|基础设施|民生|社会事业|政府投资|企业投资|民间投资|社会投资|重大)(?:类)?(?:项目)?",
        r"(?:中央预算内|中央|省级|市级|县级|地方政府专项债券?|专项债券?|银行贷款|企业自筹|自筹)"
        r"(?:资金|投资)?",
    )
)

# Signature and footnote lines: a role word with its colon (or alone), so that a project
# named 制表机厂搬迁 is not taken for 制表：….
NOTE_LABEL = (
    r"^(?:注\d*[:.、]|(?:填表说明|填报说明|说明|备注|审核|数据来源|资料来源|填报单位|填报日期|报送单位)[:]"
    r"|(?:填报人|填表人|审核人|制表人?|联系人|联系电话|负责人|单位负责人|分管领导)(?:[:]|$))"
    # A separator line between blocks: 以下为新增项目, 以上为续建项目 (no 序号, no figures).
    r"|^(?:以下|以上)(?:为|是|系|均为|所列|列)?[^;]{0,36}(?:项目|工程)[:.]?$"
)
# The same on the label as written (for the section name kept as the ledger writes it).
RAW_PREFIX = (
    rf"^[\s\u3000]*(?:[{_CN_NUM}]+[\s\u3000]*[、.,，．]|[{_CN_NUM}]+[\s\u3000]+"
    rf"|第[{_CN_NUM}\d]+(?:部分|类|批|篇|章)[\s\u3000]*|[【\[〔]"
    rf"|[(（][\s\u3000]*[{_CN_NUM}]+[\s\u3000]*[)）])"
)


# How a place's name ends: a county-level unit (县, 区, 市 …, and the 本级 of a city), a town
# (镇, 乡, 街道), or an area inside a county that is neither (城区, 园区, 片区 …).
COUNTY_END = r"(?:自治县|县|区|市|旗|州|盟|新区|开发区|园区|本级|市直|县直|区直)$"
TOWN_END = r"(?:镇|乡|街道|街道办事处|办事处)$"
# A town column's header (所在乡镇, 乡镇（街道）), not a county column's (县（市、区）).
TOWN_HEADER = r"乡|镇|街道"
AREA_END = (
    r"(?:城区|园区|片区|景区|社区|街区|小区|厂区|矿区|港区|功能区|示范区|集聚区|工业区)(?:项目)?$"
)
