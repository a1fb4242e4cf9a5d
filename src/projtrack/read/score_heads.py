"""What a 拉练 score sheet's headers and row labels say: who is scored, who scores, and
which lines the sheet derived from the judges' scores.

A judges' sheet carries, beside the judges' own scores, lines it computed or wrote from
them: 总分/合计, 平均分, 得分/最终得分 (the unit's result), 去掉最高最低分后平均分, 名次/排名,
最高分/最低分, and 备注, 签字/签名, 注：… lines. None of these is a judge or a unit, in
either orientation (units down and judges across, or judges down and units across): read
as one, a 名次 column became a score and a 合计得分 row a sixth judge. :func:`role` names
what a header or label is; the derived kinds that state a figure per unit (``STATED``)
are kept so that the figures can reconcile them with the judges' scores.
"""

from __future__ import annotations

import re

from projtrack.text import normalize_text

# A judge named down a column or a row: 评委 (the long table's column), 评委1, 专家3 …
JUDGE = r"^(?:评委|评审|评委姓名|评委编号|评审人|打分人|评分人|测评人|专家|考评人)\d*$"
# The long table's judge column: the word alone (评委1 is one judge's column of a grid).
JUDGE_COLUMN = r"^(?:评委|评审|评委姓名|评委编号|评审人|评审专家|打分人|评分人|测评人|专家|考评人)$"
# The units scored: 单位, 参评单位, 县(市、区), 乡镇(街道), 镇(街道), 部门, 单位名称 … matched
# with brackets and 、 left out (县(市、区) → 县市区), so any mix of place words heads it.
UNIT = (
    r"^(?:参评|被测评|被考评|被考核|被评|考核|所属|责任|牵头)?"
    r"(?:县|市|区|州|旗|乡|镇|街道|街|园区|开发区|功能区|片区|板块|部门|单位|地区|区域)+"
    r"(?:名称)?$|^(?:名称|(?:参评|测评|考评|考核|评比)?对象)$"
)
ITEM = r"^(?:指标|项目|测评项目|评分项目|考评项目|打分项目|测评指标|评分指标|考核指标)$"
GROUP = r"^(?:组别|分组|组|序列|类别)$"
NUMBER = r"^(?:序号|序|编号|NO\.?)$"
# 总分, 合计 … also at the end of a label (城区组小计, 评委总分), as 平均分 (城区组平均分).
TOTAL = r"(?:合计|总计|小计|总分|总得分|合计得分|得分合计|分数合计|总成绩|合计分数?|累计得分|总和)$"
MEAN = r"(?:平均|平均分|均分|平均得分|平均值|平均成绩|平均分数)$"
# A note line: 签字 / 签名 anywhere; 注：, 说明：, 制表人：, 审核：, 日期： … as its first word
# (a colon or nothing after it: 附城镇 is a town).
NOTE = (
    r"签字|签名|签章|盖章"
    r"|^(?:注|说明|备注|附|附注|附件|附表|制表|审核|填表|填报|联系|日期|监督)(?:人|单位|电话)?\d*(?::|$)"
)
SCORE = (
    r"^(?:最终|最后|综合|实际|折算|加权|测评|考核|考评|评比|拉练|评委)?"
    r"(?:得分|成绩|分数|评分|分值|打分)$|^票数$"
)
# Derived lines, by kind. 得分 is the score itself in a long table (评委 | 单位 | 得分) and in
# a sheet of one score per unit; beside judges it is their result.
DERIVED: tuple[tuple[str, str], ...] = (
    ("note", NOTE),
    ("trimmed", r"(?:去掉|去除|剔除|去)[^最]*最高.*最低|(?:去掉|去除|剔除|去)[^最]*最低.*最高"),
    ("rank", r"(?:名次|排名|排序|位次)$"),
    ("extreme", r"^(?:最高|最低)分?$"),
    ("total", TOTAL),
    ("mean", MEAN),
    ("score", SCORE),
)
DERIVED_KINDS = frozenset(kind for kind, _ in DERIVED)
# Kinds that state one figure per unit, reconciled with the judges' scores.
STATED = frozenset({"total", "mean", "trimmed", "score", "rank"})
# What a long table or a sheet of one score per unit takes as the score, best first (a
# 名次 last: a vote's ranks, only when the sheet states nothing else).
ONE_SCORE = ("score", "trimmed", "mean", "total", "rank")


def bare(text: str) -> str:
    """A header or label as compared: normalised, a trailing colon and bracketed notes
    (平均分(保留两位小数), 总分(100分)) left out."""
    text = normalize_text(text).rstrip(":")
    return re.sub(r"\([^()]*\)", "", text) or text


def role(text: str) -> str:
    """What a header cell (or a row's label) is: ``""`` (empty), ``number`` (序号),
    ``unit``, ``judge`` (the long table's 评委 column), ``item``, ``group``, a derived kind
    (``note``, ``trimmed``, ``rank``, ``extreme``, ``total``, ``mean``, ``score``), else
    ``other`` (a judge's, a unit's or a period's own column)."""
    if not text:
        return ""
    plain = normalize_text(text).rstrip(":")
    short = bare(text)
    if re.match(NUMBER, short, re.IGNORECASE):
        return "number"
    if re.match(UNIT, re.sub(r"[()、/,，]", "", plain)):
        return "unit"
    if re.match(JUDGE_COLUMN, short):
        return "judge"
    if re.match(ITEM, short):
        return "item"
    if re.match(GROUP, short):
        return "group"
    for kind, pattern in DERIVED:
        if re.search(pattern, plain if kind in ("note", "trimmed") else short):
            return kind
    return "other"


def is_judge(text: str) -> bool:
    """A header naming the judges down the first column (评委, 评委姓名, 专家)."""
    return bool(re.match(JUDGE, bare(text)))
