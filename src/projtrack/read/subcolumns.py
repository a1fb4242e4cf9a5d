"""What the sub-columns under a merged header say: a month alone, a source of the money,
a share, the plan in force among its versions, a period of the plan.

:mod:`projtrack.read.layout` reads a header of several rows with these words: a month
child takes its parent's field (完成投资 over 3月), sources under a money parent are added
(年度计划投资 over 中央 | 省级 | 市县), a plan over its periods reads the whole year.
"""

from __future__ import annotations

import re

from projtrack.read.fields import find_unit, header_months, strip_annotations
from projtrack.text import normalize_text, period_words

# A row between a money header and its sub-columns that says only how the money is split
# (资金来源, 按资金来源分, 资金构成, 分季度安排, 分月): the sub-columns are read as standing
# under the money header itself, and added where they partition it (sources, quarters).
SPLIT_ROW = re.compile(
    r"^(?:按|分)?(?:资金)?(?:来源|构成|渠道)(?:划?分|构成|渠道|情况)?$"
    r"|^(?:按|分|逐)(?:季度?|月份?)(?:安排|分解|计划|划?分|完成|投资)*(?:情况)?$"
)
# A row of 其中 over sub-columns: each is a share of the money above, never a part to add.
SHARE_ROW = re.compile(r"^其中[:：]?$")


def grouping_row(text: str) -> bool:
    """A header text that only groups the sub-columns under it: 资金来源, 分季度安排, 其中."""
    bare = strip_annotations(text)
    return bool(SPLIT_ROW.match(bare) or SHARE_ROW.match(bare))


def read_through(texts: list[str]) -> list[str]:
    """A column's header texts from the top row down, the grouping rows between a parent
    and the child read through: ``年度计划投资 / 资金来源 / 中央预算内`` reads as
    ``年度计划投资 / 中央预算内``, ``年度计划投资 / 其中 / 专项债`` as ``年度计划投资 /
    其中：专项债`` — what the same header says on two rows, where it is read right.

    Read as a level of its own, the grouping row matched nothing and the block stopped
    above it: the parent alone then stood for its first sub-column (the plan 8,000 of
    43,000). A unit the grouping row states (资金来源（亿元）) goes down to the child.
    """
    if len(texts) < 3:
        return texts
    out = [texts[0]]
    carried: list[str] = []  # what the rows read through say of the child: 其中, a unit
    for text in texts[1:-1]:
        if grouping_row(text):
            if SHARE_ROW.match(strip_annotations(text)):
                carried.insert(0, "其中：")
            if (unit := find_unit(text)) is not None:
                carried.append(f"（{unit}）")
            continue
        out.append(text)
    child = texts[-1]
    share = [c for c in carried if c == "其中："]
    if share and strip_annotations(child).startswith("其中"):
        share = []
    units = [c for c in carried if c != "其中："]
    if units and find_unit(child) is not None:
        units = []
    return [*out, "".join([*share, child, *units[:1]])]


# A child that names only months: 3月, 1-3月, 2024年1-3月累计, 截至3月底.
MONTH_ONLY = re.compile(
    r"^(?:\d{4}年)?(?:\d{1,2}-)?\d{1,2}月份?(?:累计)?$|^截至\d{1,2}月(?:底|末)?$"
)

# Child headers that name a source of the money: 中央预算内资金, 省级, 市县配套,
# 地方政府专项债券, 企业自筹, 银行贷款 …
SOURCE = re.compile(
    r"中央|国家|省|市|县|区|乡|镇|地方|本级|上级|财政|预算|专项|债|配套|自筹|社会|企业|民间|"
    r"银行|贷款|融资|外资|外商|基金|资金|政府|争取|其他|其它|PPP|EPC"
)
SHARE = re.compile(r"[%％]|比|率|占")  # 占比 | 完成率 beside the sources: not money
# A target set by someone (省下达计划 | 县定目标, 市下达 | 县自定): versions of the plan, not
# sources of the money, however they name a level.
TARGET = re.compile(r"下达|目标|任务|自定|确定|考核|计划")


def is_source(child: str) -> bool:
    """A child under a money header that names where the money comes from (中央, 企业自筹)."""
    return bool(SOURCE.search(child)) and not TARGET.search(child)


def is_version(child: str) -> bool:
    """A child naming a version of its parent's figure set by someone (市下达计划, 县定目标):
    one of them is the figure, their sum is none."""
    return bool(TARGET.search(normalize_text(child)))


# The plan in force among its versions: 调整后 (not 调整数 / 调整额, the change, nor 调整前).
ADJUSTED = re.compile(r"^(?:调整后|调增后|调减后|最新)")


def is_adjusted(header: str) -> bool:
    """A plan header naming the adjusted plan, in front (调整后年度计划投资) or in brackets
    after it (年度计划投资（调整后）), which :func:`strip_annotations` would drop."""
    text = normalize_text(header)
    bare = strip_annotations(text)
    bracketed = re.search(r"\((?:调整后|调增后|调减后)\)", text)
    # 调整计划投资, 调整年度计划投资: the adjusted plan (调整数 / 调整额 are the change).
    adjusted_plan = re.match(r"^调整(?:\d{4}年)?(?:年度|全年)?(?:计划|投资计划)", bare)
    return bool(ADJUSTED.match(bare) or bracketed or adjusted_plan)


WHOLE_YEAR = re.compile(r"^(?:全年|年度|本年度?|全年度|年)(?:计划)?(?:投资)?(?:额)?$")


def plan_periods(children: list[str]) -> list[tuple[str, tuple[int, int] | None]] | None:
    """Children of a plan header that name periods (全年 | 1-6月 | 上半年): the whole year
    is the annual plan, a month range that period's plan. None unless every child is a
    period and one of them the whole year."""
    found: list[tuple[str, tuple[int, int] | None]] = []
    for text in children:
        t = strip_annotations(text)
        months = header_months(t)
        if WHOLE_YEAR.match(t):
            found.append(("annual_plan", None))
        elif months is not None and MONTH_ONLY.match(period_words(t)):
            found.append(("planned_ytd", months))
        else:
            return None
    return found if [f for f, _ in found].count("annual_plan") == 1 else None


def parts_of_the_year(children: list[str]) -> bool:
    """Children of a plan header that split the year into its periods, each once, in
    order: 一季度 | 二季度 | 三季度 | 四季度, 上半年 | 下半年, 1月 | 2月 | … | 12月. The
    annual plan is their sum; periods that run from January (1-3月 | 1-6月) or leave a
    gap say no such thing."""
    spans = []
    for text in children:
        t = period_words(strip_annotations(text))
        months = header_months(t)
        if months is None or not MONTH_ONLY.match(t):
            return False
        spans.append(months)
    ends = [0, *(last for _, last in spans)]
    return (
        len(spans) >= 2
        and ends[-1] == 12
        and all(first == ends[k] + 1 for k, (first, _) in enumerate(spans))
    )


# A parent that only says "the completed investment": 完成投资情况, 投资完成情况, 完成情况.
COMPLETION_PARENT = re.compile(r"^(\d{4}年度?)?(?:投资完成|完成投资|完成)(?:情况|额)?$")
# A child saying which running total it is: 本年累计 / 1-6月累计 / 开工累计 under 完成投资.
# (A bare 累计 is not one: beside 1月 … 6月 under 2024年完成投资 it is their sum, read from
# the months, and alone it may count from the start — it stays the since-start figure.)
RUNNING_CHILD = re.compile(r"^(?:本年|年度|今年|当年|\d{1,2}-\d{1,2}月|自?开工(?:以来)?)累计$")


def completion_parent(text: str) -> str:
    """完成投资情况 (万元) → 完成投资: the children under it read as under 完成投资."""
    m = COMPLETION_PARENT.match(strip_annotations(text))
    return f"{m[1] or ''}完成投资" if m else text


# A child naming only the date a running total runs to: 至上年底, 截至2024年6月底, 至6月末.
DATED_CHILD = re.compile(
    r"^(?:截[至止]|截止至|至|到)(?:\d{4}年度?|上一?年度?|去年)?(?:\d{1,2}月(?:\d{1,2}日)?)?(?:底|末)?$"
)

# A child naming only whose span a completion is: 本年, 今年, 2024年, 开工以来 (其中：本年).
SCOPE_CHILD = re.compile(r"^(?:其中:?)?(本年度?|今年|当年|\d{4}年度?|自?开工(?:以来)?|建设以来)$")

# A header of one row that says only "from January to month N, in all": 1-6月累计. Alone
# (no parent naming a plan over it) it is the year's completion, as 1-6月累计完成 is.
LONE_RUNNING = re.compile(r"^(?:\d{4}年)?(?:1|一)-\d{1,2}月(?:份)?累计$")


# A parent naming this year's investment: 2024年投资, 本年完成投资, 今年完成投资情况.
YEAR_SCOPE = re.compile(r"^(?:\d{4}年度?|本年度?|今年|当年)")


# A dated parent (开工情况, 开工时间, 竣工时间) over the kind of date: 计划 | 实际.
DATED_PARENT = re.compile(r"^(开工|竣工|完工)(?:情况|时间|日期|年月)?$")
DATE_KIND = re.compile(r"^(?:计划|实际|拟|预计)$")


def child_reading(child: str, parent: str) -> str | None:
    """The header a child reads as under its parent, when the two joined say nothing:
    a running total (本年累计 under 2024年完成投资 → 本年累计完成投资, 开工累计 →
    开工累计完成投资); a bare 累计 under this year's completion (本年完成投资 over 本月 |
    累计 → 本年累计完成投资); a child under this year's investment alone (2024年投资 over
    计划投资 | 1-3月完成 → 2024年计划投资); the kind of a date under its event (开工情况
    over 计划 | 实际 → 计划开工时间 | 实际开工时间)."""
    c, p = normalize_text(child), strip_annotations(parent)
    if DATE_KIND.match(c) and (dated := DATED_PARENT.match(p)):
        return f"{c}{dated[1]}时间"
    if RUNNING_CHILD.match(c):
        return child + re.sub(r"^\d{4}年度?", "", parent)
    if DATED_CHILD.match(c) and "累计" in p:  # 至上年底 | 至6月底 under 累计完成投资
        return child + parent
    if (scoped := SCOPE_CHILD.match(c)) and ("完成" in p or "累计" in p):
        # 本年 | 开工累计 under 完成投资, 开工以来 | 其中：本年 under 累计完成投资: 本年完成投资,
        # 开工以来累计完成投资 (a 其中 share of a since-start total is this year's own)
        return scoped[1] + parent
    scope = YEAR_SCOPE.match(p)
    if scope is None:
        return None
    if re.fullmatch(r"累计(?:完成)?(?:数|额)?", c) and "完成" in p and not scope[0][0].isdigit():
        # (Under 2024年完成投资 a 累计 may close a run of months, 1月 … 6月 | 累计: their
        # sum, read from the months; 本年 names the year to date itself.)
        return f"{scope[0]}累计完成投资"
    stem = re.sub(r"(?:完成)?投资(?:情况|完成情况)?$", "", p)
    return stem + c if stem != p and stem == scope[0] else None
