"""The words projtrack's library and CLI share: conventions, groupings, colours, list kinds,
composite-score indicators and the catalogue of finding codes.

Defined once here so that the CLI's choices (``--by``, ``--convention``), the configuration's
validation and the figures all name the same values. String enums, so a member compares
equal to its plain value (``GroupBy.region == "region"``) and JSON shows plain strings.
Imports nothing of projtrack.
"""

from __future__ import annotations

import re
from enum import StrEnum

# 省重点, 省重点项目, 省级重点项目, 省重點建设项目 (normalised): one level written several ways;
# the reader merges them into one label (read/values.py), the briefing says each level by
# its own word (省重点, figures/briefing.py). A bare 省级 / 市级项目 is that level's too
# where nothing else (省重大) can be meant.
LEVEL_SPELLING = re.compile(r"^(省|市|县|区|州|镇|乡)级?(?:重点|重大)(?:建设)?(?:项目)?$")
BARE_LEVEL = re.compile(r"^(省|市|县|区|州|镇|乡)级(?:项目)?$")


class Convention(StrEnum):
    """Time-progress conventions of SPEC §4."""

    month = "month"  # M/12, a month pro rata by days
    day = "day"  # day of year / days in year
    plan = "plan"  # each project against its own 1-N月计划投资


class GroupBy(StrEnum):
    """Fields a ranking, a warning list or a new-start list can group by."""

    region = "region"
    level = "level"
    responsible = "responsible"
    category = "category"
    stage = "stage"
    leader = "leader"  # 包保领导 / 挂点领导


class Colour(StrEnum):
    """红黄蓝 warning colours, worst first."""

    red = "red"
    yellow = "yellow"
    blue = "blue"


class ListKind(StrEnum):
    """红榜 (praised) and 黑榜 (named laggards)."""

    red = "red"
    black = "black"


class LalianMethod(StrEnum):
    """How a 拉练's judges' scores become a unit's score (see figures/lalian.py)."""

    mean = "mean"
    trimmed = "trimmed"
    weighted = "weighted"
    vote = "vote"
    periods = "periods"


class Punctuation(StrEnum):
    """Marks in printed Chinese text: full-width （，；：）as official documents, or half."""

    full = "full"
    half = "half"


CONVENTIONS: tuple[str, ...] = tuple(c.value for c in Convention)
GROUP_FIELDS: tuple[str, ...] = tuple(g.value for g in GroupBy)
COLOURS: tuple[str, ...] = tuple(c.value for c in Colour)
COLOUR_LABELS = {"red": "红", "yellow": "黄", "blue": "蓝"}
LIST_LABELS = {"red": "红榜", "black": "黑榜"}
UNSET_GROUP = "(未填写)"  # the group of projects whose grouping cell is empty

# The canonical fields of a project (SPEC §5) and their Chinese labels.
CANONICAL_FIELDS: tuple[str, ...] = (
    "id", "name", "region", "level", "category", "stage", "owner", "responsible", "leader",
    "leader_other", "total_investment", "annual_plan", "completed_ytd", "completed_month",
    "completed_since_start", "planned_ytd", "planned_start", "actual_start", "planned_finish",
    "progress_text", "problems", "in_stats", "remarks", "problem_status", "problem_deadline",
)  # fmt: skip

MONEY_FIELDS: tuple[str, ...] = (
    "total_investment", "annual_plan", "completed_ytd", "completed_month",
    "completed_since_start", "planned_ytd",
)  # fmt: skip
DATE_FIELDS: tuple[str, ...] = (
    "planned_start", "actual_start", "planned_finish", "problem_deadline",
)  # fmt: skip
REQUIRED_FIELDS: tuple[str, ...] = ("name", "annual_plan", "completed_ytd")

# Chinese label of each field, used in tables and messages.
FIELD_LABELS: dict[str, str] = {
    "id": "项目编号", "name": "项目名称", "region": "县(市、区)", "level": "项目级别",
    "category": "项目类别", "stage": "建设性质", "owner": "业主单位", "responsible": "责任单位",
    "leader": "包保领导", "leader_other": "其他层级包保领导",
    "total_investment": "总投资", "annual_plan": "年度计划投资", "completed_ytd": "累计完成投资",
    "completed_month": "本月完成投资", "completed_since_start": "开工累计完成投资",
    "planned_ytd": "1-N月计划投资",
    "planned_start": "计划开工时间", "actual_start": "实际开工时间",
    "planned_finish": "计划竣工时间", "progress_text": "形象进度", "problems": "存在问题",
    "in_stats": "是否入统", "remarks": "备注", "problem_status": "问题状态",
    "problem_deadline": "办结时限",
}  # fmt: skip

# Composite-score indicators: name → (label, +1 higher is better / −1 lower is better).
INDICATORS: dict[str, tuple[str, int]] = {
    "completion_rate": ("完成率", 1),
    "variance_pp": ("较时序进度", 1),
    "start_rate": ("开工率", 1),
    "stats_rate": ("入统率", 1),
    "red_share": ("红色预警项目占比", -1),
}

# Every code a Finding may carry, with what it means. A test keeps this list complete.
FINDING_CODES: dict[str, str] = {
    "as_of_conflict": "the ledger's headers, titles, notes or file name (or an option) name "
    "different periods: the one used and the one set aside, with why",
    "as_of_unknown": "no as-of date could be inferred (check only; rank and brief stop)",
    "no_grouping": "no region, responsible unit, level … column: rank, warn and brief stop",
    "no_monthly_plan": "convention plan without a 1-N月计划投资 column",
    "sheet_skipped": "a sheet not counted (summary, empty, no project header, instructions or "
    "examples: 填报说明, 模板, 示例)",
    "no_actual_start": "planned starts without a column saying whether a project started",
    "synonym_unmatched": "a projtrack.toml [columns] header that no counted sheet has",
    "removed_project": "a project marked 已调出 / 已撤销 in its 形象进度, 备注 or 建设性质: "
    "still counted, to be deleted if it left the list",
    "no_completion_column": "a 前期 sheet with a plan and no completion column: counted with "
    "nothing completed this year",
    "hidden_row": "a project row hidden in Excel: counted, and named so a person can check",
    "sheet_copy": "a sheet repeating another sheet's projects and figures: not counted",
    "sheet_subset": "a sheet all of whose projects stand in a fuller sheet: not counted",
    "sheet_period": "an earlier period's sheet repeating the latest one's projects: not counted",
    "not_a_number": "a money cell that is not a number, read as empty",
    "amount_note": "a money cell with a note in brackets beside its figure, read as the figure",
    "struck_out": "a project whose name is struck through (删除线): still counted, said loudly",
    "struck_excluded": "a struck-through project the sheet's own 合计 leaves out: not counted",
    "formula_error": "a cell read holds an Excel error (#REF!, #DIV/0!, #N/A), read as empty",
    "number_out_of_range": "a money cell too large or not finite (1e309), read as empty",
    "plan_missing": "annual plan empty: no completion rate (still counted as a project)",
    "plan_unadjusted": "调整后 plan blank beside the original: the original is the plan (noted)",
    "plan_zero": "annual plan 0: no completion rate",
    "completed_missing": "year-to-date completion empty, counted as 0",
    "completed_over_3x_plan": "completed more than 3× the annual plan",
    "start_unrecorded": "half the plan done, or works under way, but no start recorded",
    "completed_over_total": "completed this year more than the total investment",
    "negative": "a negative amount",
    "duplicate": (
        "the same project (name and region) twice; names compared without spaces, brackets, "
        "widths or traditional forms"
    ),
    "region_joined": "a region cell naming two counties (旌阳区、中江县): ranked as one unit",
    "duplicate_elsewhere": "the same name, plan and completion under two regions: counted in both",
    "label_merged": "a county written short or with its city (旌阳, 德阳市旌阳区) read as 旌阳区",
    "subtotal_mismatch": "a 合计/小计 row that differs from the sum of its rows",
    "date_ambiguous": "a date written 2024.1: read as January, though an October typed 2024.10 "
    "into a number cell is stored so too",
    "months_mismatch": "a stated 1-N月 (累计 beside 1月 … N月) differs from the month columns "
    "added up on its row: the stated figure is used",
    "unit_suspect": "magnitudes that look like 元 or 亿元 in a column read as 万元 (a cell "
    "stating its own unit, 5000元, is converted and never flagged)",
    "column_ambiguous": "two or more columns match one field; the one used is named",
    "column_not_money": "a column matching a money field holds text, not amounts; not used",
    "column_other_year": "a column of another year than the sheet's (2023年 by 2024年); not used",
    "column_unit_names": "a column headed 单位 holding departments' names: read as 责任单位",
    "column_since_start": "截至N月底累计 beside 1-N月 and no smaller: read as since the start",
    "ytd_difference": "截至N月底累计 beside 至上年底累计 (both since the start): this year's "
    "completion read as their difference",
    "component_row": "rows without 序号 under a project's 其中 line, within its figures: "
    "read as its parts, not counted",
    "repeated_block": "projects listed again under a heading (附：…), same figures: not counted",
    "not_a_date": "a date cell that is not a date, read as empty (not in new-start counts)",
    "deadline_unread": "a 办结时限 naming no day (长期, 春节前): no deadline, never overdue",
    "deadline_year": "a 办结时限 without a year read in the year before or after the ledger's "
    "(12月底前 in a January ledger)",
    "text_encoding": "the encoding a text ledger was decoded with, when it is not UTF-8",
    "text_format": "a text (CSV/TSV) ledger saved under a spreadsheet name",
    "csv_row_delimiter": "a CSV row written with another delimiter, split by it",
    "csv_row_fields": "a CSV row with another field count than the header",
    # 拉练 score sheets (projtrack lalian)
    "missing": "a judge's score missing or not a number",
    "over_max": "a score above its item's maximum",
    "bad_rank": "a vote that is not a whole rank from 1 to the number of units",
    "too_few_judges": "fewer than 3 judges where the highest and lowest are dropped",
    "no_weight": "a period without a weight (method periods)",
    "unknown_unit": "a unit not taking part, or in no group",
    "score_mismatch": "a 总分, 平均分 or 得分 a score sheet states for a unit unlike its judges' "
    "scores (sum, mean, or the method's score): the judges' scores are used",
    "rank_mismatch": "a 名次 a score sheet states for a unit unlike the rank its score gets",
    # 入统 (projtrack warn --stats)
    "stats_disagree": "a 是否入统 cell that says otherwise than the statistics list, which wins",
    "no_total_investment": "no 总投资 column: every started project is due for 入统",
    "stats_same_name": "two or more statistics-list rows under one name (company words, 项目/"
    "工程/建设 aside) where a ledger project was paired by name: which it took is said",
    "stats_fuzzy": "a ledger project paired with a statistics-list row by a similar, not the "
    "same, name (counted as entered): both names and the score, for a person to confirm",
    # 对标 (projtrack duibiao)
    "no_figure": "a period without the unit's or the model's figure",
    "month_empty": "a month column up to the as-of month empty for every project of a sheet",
    "months_after_as_of": "month columns after the as-of month the title states hold figures",
    "tenday_mismatch": "a ten-day block's 累计 differs from the sum of its 上旬/中旬/下旬",
    "count_mismatch": "a project count stated in a label (合计37个, (6个)) unlike the rows read",
    "breakdown_unchecked": "a 其中 line with figures or a count naming projects no level, "
    "region, category or stage read names: not reconciled (a section read as one looks so)",
    "rate_mismatch": "a 完成率 cell that differs from completed ÷ plan of its row beyond rounding",
    "summary_mismatch": "a 汇总 sheet figure that differs from the sum of the detail sheets",
    "summary_unmatched": "a 汇总 sheet row naming a group the detail sheets do not hold",
    "summary_hidden": "a 汇总 sheet row naming a unit whose sheet is hidden: not read, not "
    "ranked (said under the ranking and in the briefing)",
    "name_missing": "a numbered row with figures but no 项目名称: counted as a project",
    "uncounted_row": "a row with figures but no name, 序号 or total word: not counted",
    "formula_computed": "formula cells without a saved value, computed from the cells they name",
    "merged_amount": "a merged money cell over several projects: counted once, in its first row",
    "group_blank": "projects whose grouping cell is blank (not inside a merged range)",
    "template_rows": "numbered rows with no name and no non-zero figure (empty template): skipped",
    "second_table": "another table below the ledger (its own header row): its rows not read",
}


def places_words(side: str, n: int) -> str:
    """前3名 / 后3名, and 第1名 / 倒数第1名 for one place (前1名 is not said)."""
    if n == 1:
        return "第1名" if side == "前" else "倒数第1名"
    return f"{side}{n}名"
