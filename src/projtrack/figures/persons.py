"""Who a leader cell names: each person once, by name, with titles and honorifics set aside.

A 包保领导 column is typed by many hands: 王建国, 王建国同志, 常务副市长 马骏, 周涛（副市长）,
张立新 副市长、刘洪波 副市长, 县委常委、副县长 王五. Taken as written, one person became
several leaders — a leader's projects split over two rows put him on the 黑榜 at a rate
that was not his, and sent him two 督办单 — and a title beside a name (常务副市长, 二级巡视员)
became a leader of its own. So a cell is read as the people it names:

- a **title** is a post word (县长, 书记, 主任, 主席, 巡视员, 调研员, 助理, 常委, 委员, 部长,
  秘书长, 领导 …, and the honorific 同志) with optional organs and qualifiers in front
  (常务, 副, 分管, 二级, 县委, 人大常委会, 政协, 管委会 …): 常务副市长, 县委常委, 二级巡视员,
  区长助理, 人大常委会副主任, 区政协副主席; as a word of its own also a unit's post
  (住建局局长) or an organ or qualifier alone (县委, （常务）);
- a title before or after a name, with a space, 、, brackets or nothing between
  (王建国同志, 副市长马骏), is set aside; the person is the name;
- a surname with a title and no given name (张书记, 李副县长, 王 县长) is how the ledger
  names that person: kept as written (without spaces), since 张 alone names nobody;
- names are separated by 、，,；;/ and line breaks, and by spaces when each word is a
  name of two characters or more (王　伟, padded to line up, is one name);
- a cell that holds only posts (县长, 分管副县长, 县委常委、副县长) names the post: it is the
  leader, as written (real ledgers do this);
- the same person twice in one cell counts once.

The identity is also the label printed: the name as the ledger writes it, without the
title (王建国, not 王建国同志 or 赵强 副市长), the same in every table and notice.

Limits, by design rather than by dictionary: a name run together with a unit's post
(王建国住建局局长) is kept as written, and a given name ending in a qualifier (代, 副) run
together with a title is read as a surname with a title. Names are compared as written:
王建國 and 王建国 in two cells are merged by the reader's spellings pass, not here.

Pure Python over the distinct cells of a column (a ledger holds a few dozen), no Polars.
"""

from __future__ import annotations

import re
from functools import cache

from projtrack.vocab import UNSET_GROUP

# Between the names of a cell with several leaders (spaces too, see :func:`persons`).
MARKS = r"[、，,；;/／|｜]+"
_MARKS = re.compile(MARKS)
_BRACKETS = re.compile(r"[（(【\[]([^（）()【】\[\]]*)[）)】\]]")

# Places that head an organ or a 长 post: 县委, 区政协, 高新区管委会, 县长, 市长.
_PLACE = r"(?:省|市|县|区|州|旗|盟|镇|乡|街道|高新区|开发区|经开区|新区|园区|自治县|自治州)"
_ORGAN = (
    r"(?:中共|党组|党委|党工委|工委|人大常委会|常委会|人大|政协|人民政府|政府|管委会|纪委监委|"
    r"纪委|监委|组织部|宣传部|统战部|政法委|办公室|组织|宣传|统战)"
)
_ORG = rf"(?:{_PLACE}?委|{_PLACE}?{_ORGAN})"
# Words that qualify a post: 常务副县长, 分管副县长, 二级巡视员, 代县长.
_QUAL = (
    r"(?:常务|第一|专职|执行|分管|挂点|挂钩|挂联|联系|包保|包联|包抓|牵头|配合|责任|督导|"
    r"挂职|驻村|代理|代|兼|副|一级|二级|三级|四级)"
)
# The post words a title ends in.
_POST = (
    rf"(?:{_PLACE}长|书记|常委|主任委员|委员|主任|主席|秘书长|部长|局长|厅长|处长|科长|院长|"
    r"校长|行长|社长|所长|站长|组长|指挥长|总指挥|政委|巡视员|调研员|专员|助理|成员|"
    r"负责人|领导|同志|董事长|总经理|经理)"
)
# A title that names a post: 副县长, 常务副市长, 县委常委, 区长助理, 人大常委会副主任.
_TITLE = re.compile(rf"(?:{_ORG}|{_QUAL}|{_POST})*{_POST}")
# As a word of its own, also an organ or a qualifier alone (县委, 常务 in （常务）) …
_AFFIX = re.compile(rf"(?:{_ORG}|{_QUAL})+")
# … or the post of a unit's head (住建局局长, 发改局党组书记, 城投公司董事长).
_UNIT_POST = re.compile(
    r"[\u4e00-\u9fff]{1,12}?(?:局|委|办|厅|部|院|中心|公司|集团|政府|管委会|指挥部|专班)"
    rf"(?:{_ORG}|{_QUAL}|{_POST})*{_POST}"
)
# Surnames of two characters: 欧阳 副县长 is a surname with a title, not a name.
_COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 端木 呼延 独孤 南宫 "
    "西门 轩辕 百里 东郭 闻人 万俟 澹台 公冶 宗政 濮阳 淳于 单于 申屠 太叔 仲孙 钟离".split()
)
_LONGEST_NAME = 4  # characters: a head longer than this beside a title is not a name


def is_title(word: str) -> bool:
    """Whether a word of a leader cell is a title or honorific, naming no person."""
    return bool(_TITLE.fullmatch(word) or _AFFIX.fullmatch(word) or _UNIT_POST.fullmatch(word))


def _without_leading_title(word: str) -> str:
    """副市长马骏 → 马骏: the longest title in front that leaves a name of two characters."""
    for cut in range(len(word) - 2, 0, -1):
        if _TITLE.fullmatch(word[:cut]):
            return word[cut:]
    return word


def _person(word: str) -> str:
    """The person a word that is not a title names: the name without its titles."""
    core = _without_leading_title(word)
    for cut in range(1, len(core)):
        if _TITLE.fullmatch(core[cut:]):
            head = core[:cut]
            if len(head) < 2 or head in _COMPOUND_SURNAMES:
                return core  # 张书记, 李副县长, 欧阳副县长: the surname with its title
            return head if len(head) <= _LONGEST_NAME else core
    return core


def _bracketed(match: re.Match[str]) -> str:
    """（副市长） is set aside; （王五） after a post is a name, kept as a word."""
    inside = match.group(1)
    words = [w for w in _MARKS.sub(" ", inside).split() if w]
    return " " if all(is_title(w) for w in words) else f" {inside} "


@cache
def persons(cell: str) -> tuple[str, ...]:
    """The people a leader cell names, each once, in the order written (see the module).

    Empty for a blank cell; the cell itself (spaces tidied) when it holds only posts.
    """
    text = cell.strip()
    if text == UNSET_GROUP:
        return (text,)
    if not re.sub(rf"{MARKS}|[\s（）()【】\[\]]", "", text):  # blank, or 、 alone
        return ()
    out: list[str] = []
    for piece in _MARKS.split(_BRACKETS.sub(_bracketed, text)):
        words = piece.split()
        names = [w for w in words if not is_title(w)]
        if not names:
            continue
        if min(len(w) for w in names) < 2:  # 王　伟: padded; 王 副县长: a surname and a title
            joined = "".join(names)
            out.append(_person(joined) if len(joined) >= 2 else "".join(words))
        else:
            out.extend(_person(w) for w in names)
    if not out:  # 县长, 分管副县长, 县委常委、副县长: a post is the leader, as written
        return (" ".join(text.split()),)
    return tuple(dict.fromkeys(out))
