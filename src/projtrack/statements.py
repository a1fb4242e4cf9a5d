"""What a free-text cell states — 竣工, 开工, 在建, 调出 — read clause by clause.

A word of 建设性质, 形象进度, 备注 or 实际开工时间 counts only where the cell states it. Found
anywhere, 未完工, 尚未竣工, 拟投产 and 计划6月建成 read as finished (a project left off the
蜗牛 list), and 已开工，计划年底竣工 as not started (计划 anywhere in the cell). So a word is
not stated where, in its clause (the text between two marks: ，；。（） …):

- it is denied: 未 (尚未, 暂未, 仍未), 没 (没有), 不 (不能), 无法, 难以, 推迟, 延期 before it;
- it is planned or intended: 拟, 计划, 预计, 将, 争取, 力争, 确保, 准备, 待, 年内 … before it,
  or a date it is due by (6月底前完工, 年底前建成);
- it names a time, a condition or a paper: 竣工后, 竣工时间, 施工许可, 施工图, 开工手续 (and,
  for finishing words, a process: 解决中, 竣工中);
- (for finishing words, when asked) it is said of a part of the project: 主体完工, 一期竣工,
  部分建成, 3#楼封顶, 基本建成 — the project goes on.

已 before the word, in its clause, states it whatever date comes between (已于6月底前完工);
a denial or an intention nearer the word wins (已签约未开工). A cell states the word when one of
its clauses does: 已竣工，拟投产 is finished, 一期已竣工，二期在建 is not.

Pure Polars: the rules are regular expressions over the column (Rust's engine, which has
no look-around, so the qualified occurrences are first replaced by a mark and what is
left is searched) — about 0.08 s of CPU per 100,000 cells, against 0.02 s for the bare
search. (Passing only the cells that may need it through the replacements saved nothing:
a pass costs as much over null cells.)
"""

from __future__ import annotations

import polars as pl

# The marks that end a clause.
_SEP = r"，,；;。！!？?：:（）()【】\[\]《》<>\n\r"
# What replaces a qualified occurrence, and an affirmed one (private-use characters).
_GONE, _SAID = "\ue000", "\ue001"

DENIED = r"未|没|不|无法|难以|推迟|延期|延迟|延后|暂缓"
INTENDED = (
    r"拟|计划|预计|预期|预定|将|争取|力争|确保|力促|力求|准备|打算|目标|有望|待|谋划|筹备"
    r"|年内|明年|下半年|下月|近期"
)
# Finishing being worked towards: 正在竣工验收, 推进竣工验收, 申请竣工验收 (not for starting
# words: 正在施工, 加快施工 are under way).
UNDER_WAY_TO = r"正在|推进|加快|加紧|冲刺|申请|办理|组织|开展"
# A date something is due by: 6月底前, 年底前, 9月30日前, 三季度前, 春节前.
DUE_BY = r"(?:底|末|旬|[日号月年]|季度|节)[之以]?前"
# After the word: a time, a condition or a paper, not the thing itself.
NOT_THE_THING = (
    r"后|以后|之后|时|前|之前|以前|时间|日期|期限|节点|目标|计划|条件|要求|任务|手续|准备"
    r"|许可|招标|图|证|单位|合同|方案|设计|报告|延期|推迟|延后|滞后|困难|受阻"
)
# A part of the project before a finishing word (主体完工, 一期竣工, 3#楼封顶, 基本建成).
PHASE = r"[一二三四五六七八九十\d]+期|首期"
_PART_WORDS = (
    r"主体|部分|局部|土建|基础|桩基|地基|厂房|车间|单体|钢结构|标段|基本"
    r"|[\d一二三四五六七八九十]+(?:#|号)?(?:楼|栋|幢|标段?)"
)
_PART_TAIL = r"(?:结构|工程|项目|建设|部分)?(?:已经?|均已|已全部|已基本|基本|全面|全部|已全面)?"
PARTS = f"(?:{PHASE}|{_PART_WORDS}){_PART_TAIL}"
# The same without phases: for a project whose name names the phase (产业园一期: 一期竣工).
PARTS_BUT_PHASES = f"(?:{_PART_WORDS}){_PART_TAIL}"
# Words saying a project is finished (竣工, 建成 …) or has started (开工, 在建, and every
# finishing word: what is finished started).
FINISHED = r"竣工|完工|投产|建成|投运|投用|投入使用|投入运营|交付使用"
STARTING = r"开工|动工|开建|进场|在建|施工|建设中"
STARTED = STARTING + r"|停工|复工|" + FINISHED
# 形象进度 saying the works are under way or done (主体施工中, 封顶, 设备安装).
UNDER_WAY = STARTED + r"|封顶|装修|装饰|安装|浇筑|吊装"


def _marked(text: pl.Expr, words: str, *, finishing: bool, parts: str | None) -> pl.Expr:
    """``text`` with every occurrence of ``words`` that is not stated replaced by a mark,
    and the occurrences after 已 by another (see the module's rules)."""
    word = f"(?:{words})"
    strong = DENIED + "|" + INTENDED + (("|" + UNDER_WAY_TO) if finishing else "")
    out = text.str.replace_all(r"\s+", "")
    if parts is not None:
        out = out.str.replace_all(f"(?:{parts}){word}+", _GONE)
    after = NOT_THE_THING + ("|中" if finishing else "")  # 解决中, 竣工中: not yet
    out = out.str.replace_all(f"{word}(?:{after})", _GONE)
    # A denial or an intention up to the clause's last such word, with no 已 between.
    out = out.str.replace_all(f"(?:{strong})[^已{_SEP}]*{word}", _GONE)
    out = out.str.replace_all(f"已[^{_SEP}]*?{word}", _SAID)
    return out.str.replace_all(f"(?:{DUE_BY})[^已{_SEP}]*{word}", _GONE)


def stated(
    text: pl.Expr, words: str, *, finishing: bool = False, parts: str | None = None
) -> pl.Expr:
    """True where a clause of ``text`` states one of ``words`` (a regular expression);
    False for an empty cell. ``finishing``: the words say something was finished, which
    正在 / 推进 / 申请 … before them make not yet so; ``parts``: a pattern of the parts of a
    project (:data:`PARTS`) a word said of which is not said of the project."""
    left = _marked(text, words, finishing=finishing, parts=parts)
    return left.str.contains(f"{words}|{_SAID}").fill_null(False)


def qualified(
    text: pl.Expr, words: str, *, finishing: bool = False, parts: str | None = None
) -> pl.Expr:
    """True where a clause of ``text`` names one of ``words`` without stating it (denied,
    planned, said of a part or of a time), whatever its other clauses state: 已协调，未解决
    is not solved."""
    left = _marked(text, words, finishing=finishing, parts=parts)
    return left.str.contains(_GONE).fill_null(False)


def denied(text: pl.Expr, words: str, *, finishing: bool = False) -> pl.Expr:
    """True where ``text`` denies or only intends one of ``words`` (未开工, 拟开工, 计划10月
    开工, 待开工, 正在办理施工许可) and states none of them."""
    left = _marked(text, words, finishing=finishing, parts=None)
    return (left.str.contains(_GONE) & ~left.str.contains(f"{words}|{_SAID}")).fill_null(False)
