"""Canonical fields of SPEC §5 and the header synonyms real ledgers use for them.

This is the one place that knows how a header text becomes a field: normalise it
(traditional → simplified with OpenCC, full-width → half-width with NFKC, dashes and
spaces unified), take the unit out of it, then try each field's patterns in order.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

import polars as pl

from projtrack.text import normalize_text, period_words, t2s

# Header text (normalised, unit removed) → field. First match wins, so specific
# patterns come before general ones. ``seq`` (序号) and ``rate`` (完成率) are
# recognised so that they are not mistaken for anything else, but are not fields.
_PERIOD = (
    r"(?:(?:今年|本年度?|当年)?\d{1,2}-\d{1,2}月份?|\d{1,2}月份?"
    r"|(?:截[至止]|截止至|至)(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日|底|末|[上中下]旬)?|\d{1,2}月(?:底|末)"
    r"|今年以来|本年|年度|全年|当年|本年度|今年|年初至(?:今|报告期(?:末)?|本月(?:末|底)?)"
    r"|自年初(?:以来|至今)?|年初(?:以来|至今))"  # not a bare 年初: 年初累计 is the opening figure
)
# A year-to-date period, or a year alone: 2024年完成投资 / 2024年度累计完成投资 on a sheet of
# that year is its completion so far (a column of another year is set aside: columns.py).
_M = rf"(?:\d{{4}}年度?{_PERIOD}?|{_PERIOD})"
# Places a region column is named by, written as one word or a chain: 县(市、区), 所属区(市)县,
# 所在县(市、区), 项目属地, 建设区域, 所在镇街 / 街镇 (广东, 上海), 责任乡镇. Matched on the
# header with brackets and 、 removed.
_PLACE = r"(?:县|市|区|州|旗|地区|区域|属地|隶属|乡镇|街道|园区|所在地|地|镇|乡|街)"
_REGION = (
    rf"^(?:项目)?(?:所属|所在|建设|隶属|责任|归属)?{_PLACE}{{1,5}}$"
    r"|^分(?:部门|行业)?(?:或分)?(?:县|市|区){1,3}项目$"
)
# 包保领导: a role word (挂点, 包保, 联系…) with an optional level (县级, 市), or a level alone
# (市领导 | 县领导 under a parent 挂钩领导).
_ROLE = r"(?:包保|包联|包抓|包挂|挂点|挂钩|挂联|联系|联络|分管|牵头|责任|督导|督办)"
_LEVEL = r"(?:省|市|县|区|镇|乡)级?"
_LEADER = rf"^(?:项目)?(?:{_LEVEL})?{_ROLE}(?:{_LEVEL})?领导(?:姓名)?$|^{_LEVEL}领导(?:姓名)?$"
# 业主单位 and the ways a table writes it (业主单位或筹办单位, 建设单位及责任人, 业主名称).
_OWNER_UNIT = r"(?:(?:项目)?业主(?:单位|名称)?|(?:建设|实施|项目|筹建|筹办)(?:单位|主体))"
_OWNER = (
    rf"^(?:项目)?{_OWNER_UNIT}(?:名称)?(?:[或及/、]{_OWNER_UNIT}(?:名称)?)?"
    r"(?:[及和、]其?(?:法人代表|法人|责任人|负责人))?$"
)
# 存在问题 and the sentences published tables use for it; never a status or deadline column.
_PROBLEMS = (
    r"^(?:项目)?(?:建设中|推进中|实施中)?(?:存在|面临|遇到)?(?:的)?(?:主要)?(?:困难|问题)"
    r"(?:[和及与、](?:困难|问题))?(?:[和及与、](?:工作)?(?:建议|意见|措施|诉求))?$"
    r"|^(?:需要?|请求|提请)?(?:(?:省|市|县|区|上级)[、]?)*(?:协调)?解决(?:的)?(?:主要)?"
    r"(?:困难|问题)(?:[和及与、](?:困难|问题|建议))?$"
)
SYNONYMS: tuple[tuple[str, str], ...] = (
    ("seq", r"^(?:序号|序|编号序号|NO\.?|No\.?)$"),
    ("rate", r"(?:完成率|占年度计划|占计划|完成比例|比例|百分比|%|进度比)"),
    ("id", r"^(?:项目编号|项目代码|项目编码|统一项目代码|项目id|ID)$"),
    (
        "name",
        r"^(?:建设)?项目(?:名称|名)$|^名称$|^建设项目$|^(?:建设)?工程(?:项目)?名称$"
        # 项目名称及建设内容 (published tables): the cell starts with the project's name
        r"|^(?:建设)?项目(?:名称)?(?:及|和|与)(?:主要)?建设(?:内容|规模)(?:及规模)?$",
    ),
    ("leader", _LEADER),
    (
        "region",
        r"^(?:县\(市、?区\)|县市区|县\(区\)|所在县区|所属县区|所在区县|区县|县区|市州"
        r"|所属地区|所在地区|地区|所在地|属地|所属区域|区域|所在乡镇(?:\(园区\))?|乡镇"
        r"|乡镇\(园区\)|乡镇\(街道\)|所在乡镇\(街道\)|所属乡镇|(?:所属|所在)?行政区划"
        r"|建设地点\((?:所属|所在)?(?:区县|县区|县\(市、?区\))\))$|" + _REGION,
    ),
    (
        "level",
        r"^(?:项目级别|项目层级|级别|项目类别|重点项目类别|重点类别|项目等级)$"
        # 省级或市级重点项目: two levels or more; 省重点项目 alone is a section label.
        r"|^(?:省|市|县|区)级?(?:[或/、和及](?:省|市|县|区)级?)+重点项目(?:级别|类别)?$",
    ),
    (
        "category",
        r"^(?:项目类型|类型|行业类别|所属行业|行业|产业类别|类别|项目分类|分类"
        r"|所属产业链|产业链|产业类型|行业分类|所属行业分类|项目行业|国民经济行业(?:分类)?)$",
    ),
    ("stage", r"^(?:建设性质|项目性质|建设阶段|项目阶段|项目状态|建设状态|性质)$"),
    ("owner", _OWNER),
    (
        "responsible",
        r"^(?:县级)?(?:责任单位|牵头单位|责任部门|主管部门|牵头部门|主责单位"
        r"|牵头责任单位|包抓单位)$",
    ),
    ("total_investment", r"^(?:计划|项目|估算|概算)?总投资(?:额)?$"),
    (
        "completed_since_start",
        r"^(?:自?开工(?:以来)?|建设以来|累计至今)累计?完成(?:投资)?(?:额)?$"
        r"|^累计完成投资(?:额)?$|^开工累计$"
        r"|^(?:自|项目)?开工(?:以来)?(?:截)?至(?:今|上一?年度?(?:底|末)|\d{4}年(?:度)?(?:底|末))"
        r"(?:累计)?完成(?:投资)?(?:额)?$"
        r"|^(?:截|截止)?至(?:上一?年度?|\d{4}年(?:度)?)(?:底|末)累计完成(?:投资)?(?:额)?$",
    ),
    ("completed_month", r"^(?:本月|当月)(?:完成)?(?:投资)?(?:额)?$"),
    (
        "planned_ytd",
        r"^(?:\d{4}年)?(?:\d{1,2}-\d{1,2}月|截至\d{1,2}月(?:底|末)?)(?:累计)?计划(?:完成)?投资(?:额)?$",
    ),
    (
        "annual_plan",
        # 调整后年度计划投资: the plan in force (原 / 调整前 年度计划投资 is not matched).
        r"^(?:调整后的?|调整|调增后|调减后|最新)?"
        r"(?:\d{4}年(?:度|全年)?|本年度?|年度|全年|当年|今年|年)(?:计划投资|投资计划|计划完成投资"
        r"|计划|目标任务|投资目标任务|投资任务|投资目标)(?:额)?$|^年度计划投资(?:额)?$"
        r"|^(?:调整后的?|调整|调增后|调减后|最新)(?:计划投资|投资计划|计划)(?:额)?$",
    ),
    (
        "completed_ytd",
        rf"^{_M}(?:实际|已|累计|共)*完成(?:投资)?(?:额)?$|^本年累计完成(?:投资)?(?:额)?$"
        rf"|^年度完成投资$|^{_M}累计完成$|^{_M}(?:累计)?投资完成(?:额)?$"
        # 5月完成投资 over 本月 | 1-5月累计: the child that runs from January is the 1-N月 figure
        rf"|^{_M}?(?:实际|已)?完成(?:投资)?(?:额)?(?:1|一)-\d{{1,2}}月(?:份)?累计(?:完成)?(?:投资)?(?:额)?$",
    ),
    ("planned_start", r"^(?:计划|拟|今年|预计|计划今年)开工(?:时间|日期|年月)?$"),
    (
        "actual_start",
        r"^(?:实际)?开工(?:时间|日期|年月)$|^实际开工$"
        # 是否开工 | 开工状态 hold 是/否, 已开工/未开工: read as words (read/dates.py).
        r"|^是否(?:已)?开工(?:建设)?$|^(?:项目)?开工(?:状态|情况)$",
    ),
    (
        "planned_finish",
        r"^(?:计划|拟|今年|预计|计划今年)(?:竣工|完工|建成)(?:投产)?(?:时间|日期|年月)?$"
        r"|^(?:竣工|完工)(?:时间|日期)$",
    ),
    ("progress_text", r"(?:形象进度|进展情况|推进情况|目前进展|项目进展|工程进度|建设进度)$"),
    (
        "problems",
        r"^(?:存在(?:的)?(?:主要)?问题|问题|困难问题|存在困难(?:和|及)问题"
        r"|需(?:协调)?解决(?:的)?问题|存在问题及建议|问题及建议)$|" + _PROBLEMS,
    ),
    ("in_stats", r"^(?:是否)?(?:入统|纳统|入库)(?:情况)?$"),
    ("remarks", r"^备注$"),
    (
        "problem_status",
        r"^问题状态$|^(?:问题)?(?:办理状态|整改状态|解决情况|办理情况|销号情况|是否销号"
        r"|处理情况|办结情况|解决进度|办理进度)$",
    ),
    (
        "problem_deadline",
        r"^(?:问题)?(?:办结|整改|解决|销号)(?:时限|时间|期限)$|^(?:要求)?完成时限$"
        r"|^要求完成时间$|^时限$",
    ),
)
# A bare 计划投资: the annual plan only on a sheet that also has a 总投资 and a year-to-date
# column and no other plan column (see layout.py); alone it may mean the total.
BARE_PLAN = re.compile(r"^(?:计划投资|投资计划|计划完成投资)(?:额)?$")
_COMPILED = tuple((field, re.compile(pattern)) for field, pattern in SYNONYMS)

# 单位：亿元, (万元), and a unit line that lists the count's unit first: 单位：个、亿元.
_UNIT_RE = re.compile(
    r"(?:单位[::]?\s*(?:[^、,/;:()\[\]元\d]{1,5}\s*[、,/;]\s*){0,3}|[\(\[【〔])\s*(亿元|万元|千元|元)"
    r"\s*[\)\]】〕]?"
)
_UNIT_FACTORS = {"元": 1e-4, "千元": 0.1, "万元": 1.0, "亿元": 1e4}


def unit_factor(unit: str) -> float:
    """Factor that turns an amount in ``unit`` into 万元 (the internal unit)."""
    return _UNIT_FACTORS[unit]


def find_unit(text: str) -> str | None:
    """The money unit written in a header or title (``(万元)``, ``单位:亿元``), if any."""
    match = _UNIT_RE.search(normalize_text(text))
    return match.group(1) if match else None


# A note that states the table's unit, as a clause of its own: 注：本表金额单位均为亿元,
# 1.金额单位为亿元, 金额以亿元为单位 — never 总投资单位为亿元 (one column) nor a note that
# names a second unit (…以元为单位的，已折算为万元; 总投资以亿元计，其余以万元计).
_CLAUSE = r"(?:^|[:,;。\s]|\d[.、])(?:注|说明|备注)?[:]?"
_WHOLE = r"(?:本表|表中|全表|以上|上表)?(?:金额|资金|投资额?|数据|数额)?(?:计量)?"
_NOTE_UNIT_RE = re.compile(
    rf"{_CLAUSE}{_WHOLE}单位(?:均|统一|一律)?(?:为|是|:)(亿元|万元|千元|元)"
    rf"|{_CLAUSE}{_WHOLE}(?:均|统一|一律)?以(亿元|万元|千元|元)(?:为单位|计)"
)
# Any money unit named in a text (元 alone, not the 元 of 万元).
MONEY_UNIT = r"亿元|万元|千元|(?<![亿万千])元"
_ANY_UNIT = re.compile(MONEY_UNIT)


def note_unit(labels: list[str | None]) -> str | None:
    """The money unit a note under the table states for the whole table (``注：本表金额单位
    均为亿元``, ``金额以亿元为单位``): the one place some ledgers say it. None if no note
    says one, if a note names a second unit or a conversion (换算, 折算), or if notes differ."""
    found = set()
    for text in (normalize_text(t) for t in labels if t):
        m = _NOTE_UNIT_RE.search(text)
        if m and len(set(_ANY_UNIT.findall(text))) == 1 and not re.search("换算|折算", text):
            found.add(m.group(1) or m.group(2))
    return found.pop() if len(found) == 1 else None


def strip_annotations(header: str) -> str:
    """A normalised header without bracketed parts such as units: ``总投资(亿元)`` → ``总投资``."""
    text = normalize_text(header)
    text = re.sub(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|〔[^〔〕]*〕", "", text)
    # Keep 县(市、区)-style headers, whose brackets are the name itself.
    return text if text else normalize_text(header)


def normalize_series(values: pl.Series) -> pl.Series:
    """:func:`normalize_text` over a column of labels, done once on the distinct values.

    The distinct texts are joined and converted in one OpenCC/NFKC call, so a 100k-row
    sheet costs one conversion, not 100k; the column itself is touched once, by the
    final lookup.
    """
    # Few queries: on a small sheet each query's fixed cost outweighs its work.
    pairs = (
        values.to_frame("v")
        .select(pl.col("v").drop_nulls().unique().alias("u"))
        .with_columns(pl.col("u").str.replace_all(r"[\r\n]+", " ").alias("flat"))
    )
    if pairs.height == 0:
        return values
    joined = unicodedata.normalize("NFKC", "\n".join(pairs["flat"].to_list()))
    converted = t2s().convert(joined).split("\n")
    if len(converted) != pairs.height:  # cannot happen (NFKC adds no newline); be safe
        return values.map_elements(normalize_text, return_dtype=pl.String)
    mapped = pl.DataFrame({"m": converted}, schema={"m": pl.String}).select(
        pl.col("m")
        .str.replace_all(r"[—–~〜～－‐−]+", "-")
        .str.replace_all(r"(\d)[至到](\d)", "${1}-${2}")
        .str.replace_all(r"\s+", "")
    )["m"]
    return values.replace_strict(pairs["u"], mapped, default=None, return_dtype=pl.String)


_SPAN = re.compile(r"(?<![\d.])(\d{1,2})-(\d{1,2})月")
# 截至5月, 至8月中旬, 5月底, 8月累计: from January to that month.
_UPTO = re.compile(
    r"(?<!\d)(?:截[至止]|截止至|至)(?:\d{4}年)?(\d{1,2})月"
    r"|(?<![\d.\-])(\d{1,2})月份?(?:底|末|累计)"
)
_ONE = re.compile(r"(?<![\d.\-本当上])(\d{1,2})月(?!\d)")


def header_months(text: str) -> tuple[int, int] | None:
    """The months a column covers, from its header: 1-3月 → (1, 3), 3月 → (3, 3), 截至5月,
    至5月中旬, 5月底 and 5月累计 → (1, 5).

    None when the header names no month (年度计划投资, 本月完成投资).
    """
    norm = normalize_text(text)
    lead = period[1] if (period := _BRACKET_PERIOD.search(norm)) else ""  # 完成投资(1-6月)
    t = period_words(lead + strip_annotations(text))
    span = _SPAN.search(t)
    if span:
        first, last = int(span[1]), int(span[2])
    elif upto := _UPTO.search(t):
        first, last = 1, int(upto[1] or upto[2])
    elif one := _ONE.search(t):
        first = last = int(one[1])
    else:
        return None
    return (first, last) if 1 <= first <= last <= 12 else None


@dataclass(frozen=True)
class HeaderMatch:
    """What one header cell means: the field (or seq/rate/None) and its unit.

    ``alternative`` is the field an ambiguous header may mean instead (项目类别 holds
    省重点/市重点 in some ledgers, 产业项目/基础设施 in others); the loader decides from
    the values.
    """

    field: str | None
    unit: str | None
    alternative: str | None = None


# Headers whose meaning depends on the values under them: header → other field.
AMBIGUOUS_HEADERS: dict[str, str] = {"项目类别": "category", "类别": "level"}


_USER_SYNONYMS: tuple[tuple[str, str], ...] = ()


@contextmanager
def user_synonyms(pairs: tuple[tuple[str, str], ...]) -> Iterator[None]:
    """Use the (header text, field) pairs of projtrack.toml [columns] while loading."""
    global _USER_SYNONYMS
    previous, _USER_SYNONYMS = _USER_SYNONYMS, tuple(pairs)
    try:
        yield
    finally:
        _USER_SYNONYMS = previous


def current_synonyms() -> tuple[tuple[str, str], ...]:
    """The (header text, field) pairs of projtrack.toml [columns] in use while loading."""
    return _USER_SYNONYMS


def match_header(header: str, extra: tuple[tuple[str, str], ...] | None = None) -> HeaderMatch:
    """Match one header text to a canonical field; user synonyms are tried first.

    ``extra`` pairs are (exact header text, field); by default those of projtrack.toml
    [columns] given to :func:`user_synonyms`.
    """
    return _match_header(header, _USER_SYNONYMS if extra is None else extra)


_BRACKET_PERIOD = re.compile(
    r"\(((?:\d{4}年度?)?(?:\d{1,2}-\d{1,2}月份?|\d{1,2}月份?|本年|今年|年度)?)\)"
)


@cache
def _match_header(header: str, extra: tuple[tuple[str, str], ...]) -> HeaderMatch:
    """Cached by header and synonyms, so a changed [columns] is never served stale."""
    unit = find_unit(header)
    full = normalize_text(header)
    for text, field in extra:
        if normalize_text(text) in (full, strip_annotations(header)):
            return HeaderMatch(field, unit)
    # Last, the text without brackets and 、: 所属区(市)县 → 所属区市县, 县(市、区) → 县市区;
    # a period in brackets after the words leads them: 完成投资(1-6月) → 1-6月完成投资.
    candidates = [full, strip_annotations(header), re.sub(r"[()\[\]、]", "", full)]
    if period := _BRACKET_PERIOD.search(full):
        candidates.insert(1, period[1] + strip_annotations(header))
    candidates += [p for c in candidates if (p := period_words(c)) != c]  # 上半年 → 1-6月
    # 1-9月完成投资情况, 年度计划投资情况: "the state of" adds nothing to the figure's words.
    candidates += [c.removesuffix("情况") for c in candidates if c.endswith("投资情况")]
    for candidate in candidates:
        for field, pattern in _COMPILED:
            if pattern.search(candidate):
                return HeaderMatch(field, unit, AMBIGUOUS_HEADERS.get(candidate))
    return HeaderMatch(None, unit)
