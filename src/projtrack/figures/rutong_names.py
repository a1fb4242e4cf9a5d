"""How 入统 compares project names: the text as written, the looser name key, and the
tokens that tell two projects apart (一期, 2024年, A区, 东段, 1#馆, G350, 第二, 1.2万亩) —
which a fuzzy pair must share.

Two keys, strict before loose: :func:`text_key` drops only what never tells projects apart
(width, traditional characters, punctuation, spaces); :func:`name_key` drops company words
and the generic endings 项目/工程/建设 as well. A list that holds both 人民医院住院楼 and
人民医院住院楼建设项目 has two rows under one name key; the ledger's 人民医院住院楼 must
take the row written as it is, not whichever comes first.

A fuzzy score cannot see what a name's few distinguishing characters mean: 凯江河治理东段
and 凯江河治理西段 score 91, 老旧小区改造（2024年度） and （2023年度） 94, G350 and G351 92 —
each a different project. :func:`marks` reads those tokens, their values as numbers
(三期 = 叁期 = 3期 = III期), and :func:`apart` keeps two names apart whenever they differ
in one. Only a phase (一期) or a year named on one side alone is forgiven: 城东污水处理厂 is
the 城东污水处理厂一期 the statistics entered, 老旧小区改造 the （2024年度） one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from projtrack.text import normalize_text

COMPANY = r"(?:股份有限公司|有限责任公司|有限公司|集团公司)"
PUNCTUATION = r"[\s()（）\[\]【】《》<>“”\"'‘’、,，.。:：;；·•\-—_/\\]"
# Generic endings, dropped again and again: 美丽乡村建设 = 美丽乡村建设项目 = 美丽乡村建设工程项目.
TRAILING = re.compile(r"(?:项目|工程|建设)$")

# Chinese numerals, the financial forms (叁, 贰) with them; 参 and 廿 are left out (参观,
# 廿里镇 are words far more often than numbers).
_DIGITS = {"〇": 0, "零": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3,
           "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8,
           "捌": 8, "九": 9, "玖": 9}  # fmt: skip
_POWERS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN = "[" + "".join([*_DIGITS, *_POWERS]) + "]+"
# What a Chinese numeral counts when it is a number, not part of a word (统一, 一体化, 四川,
# 十字路口): a phase, a section, a building, a quantity, a year … after it, or 第 before it.
# (统一标准, 一中心 and 一站式 are words again.)
_COUNTED = (r"期|阶段|标段|标(?!准)|段|批|号|#|区|片|栋|幢|座|层|楼|馆|厂|线|环|路|街|村|组"
            r"|中(?!心)|小|队|届|年|万|亿|吨|亩|米|公里|平方|个|台|套|条|所|站(?!式)|车间|车道"
            r"|地块|块|级|单元")  # fmt: skip
_PHASE = r"期|阶段"
_ROMAN = {"I": 1, "V": 5, "X": 10}
_SIDES = r"东|西|南|北"
# A side of a place that names a part of it (东段, 西区, 城南, 左线, 上游); 山东, 南华镇 and
# 河北 are names, not sides.
_SIDE_AFTER = r"段|区|片|侧|岸|线|环|翼|部|门|站|城|坡|幅|组团"
_TOKEN = re.compile(
    rf"(?P<phase1>首)(?=期)"
    rf"|(?<![A-Z])(?P<roman>[IVX]{{1,4}})(?=期|阶段|标|段|批|区|号)"
    rf"|(?<=第)(?P<roman_ordinal>[IVX]{{1,4}})(?![A-Z])"
    rf"|(?<![A-Z])(?P<code>[A-Z]{{1,3}}\d+|[A-Z](?![A-Z]))"
    rf"|(?P<arabic>\d+(?:\.\d+)?)"
    rf"|(?<=\()(?P<bracketed>{_CN})(?=\))"
    rf"|(?<=第)(?P<ordinal>{_CN})"
    rf"|(?P<counted>{_CN})(?={_COUNTED})"
    rf"|(?<=城)(?P<city_side>{_SIDES})"
    rf"|(?P<side>{_SIDES}|左|右)(?={_SIDE_AFTER})"
    rf"|(?P<stream>上|下)(?=游)",
    re.IGNORECASE,
)
# Tokens that are words, not numbers: kept as written in the fuzzy key.
_WORDS = ("city_side", "side", "stream")


def text_key(name: str | None) -> str:
    """The name as written, compared: width, traditional characters, punctuation and spaces
    do not count (人民医院住院楼（一期） = 人民医院住院楼(一期)), words do."""
    if not name:
        return ""
    return re.sub(PUNCTUATION, "", normalize_text(name))


def name_key(name: str | None) -> str:
    """The name as compared: 某某有限公司年产10万吨（一期）项目 → 某某年产10万吨一期,
    体育中心建设 and 体育中心建设项目 → 体育中心."""
    if not name:
        return ""
    text = normalize_text(name)
    text = re.sub(COMPANY, "", text)
    text = re.sub(PUNCTUATION, "", text)
    while (shorter := TRAILING.sub("", text)) != text and shorter:
        text = shorter
    return text


@dataclass(frozen=True)
class Marks:
    """The tokens of a name that tell projects apart, in the name's order, by kind.

    ``parts``: every number, ordinal, section, letter, road code and side (A区 → "A",
    1#馆 → 1, 第二 → 2, G350 → "G350", 东段 → "东", 1.2万亩 → 1.2); ``phases``: 一期,
    第二阶段 → 1, 2; ``years``: 2024年, （2023年度）, 二〇二四年 → 2024.
    """

    parts: tuple[int | float | str, ...] = ()
    phases: tuple[int | float | str, ...] = ()
    years: tuple[int | float | str, ...] = ()


@cache
def marks(name: str | None) -> Marks:
    """The distinguishing tokens of a name (see :class:`Marks`), values as numbers:
    三期, 叁期, 3期 and III期 are all the phase 3."""
    return _read(normalize_text(name or ""))[0]


def fuzzy_key(name: str | None) -> str:
    """:func:`name_key` with every numeral written as its value (叁期 → 3期, 第二 → 第2,
    II期 → 2期), for the fuzzy score: 棚改三期 and 棚改叁期 are one name to it, and a
    short name does not fall below the threshold for a numeral's form."""
    return name_key(_read(normalize_text(name or ""))[1])


def apart(a: Marks, b: Marks) -> bool:
    """True when two names are two projects however alike they read: their parts differ
    (one name's section, number, side or code missing from the other counts), or both name
    a phase or a year and these differ. A phase or year on one side alone may pair."""
    if a.parts != b.parts:
        return True
    return any(x and y and x != y for x, y in ((a.phases, b.phases), (a.years, b.years)))


@cache
def _read(text: str) -> tuple[Marks, str]:
    """The marks of a normalised name, and the name with each numeral as its value."""
    parts: list[int | float | str] = []
    phases: list[int | float | str] = []
    years: list[int | float | str] = []
    canonical: list[str] = []
    at = 0
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or ""
        after = text[m.end() :]
        value = m.group(kind) if kind in _WORDS else _value(kind, m.group(kind))
        canonical.append(text[at : m.start()] + str(value))
        at = m.end()
        if kind in _WORDS:
            parts.append(value)
        elif kind == "phase1" or re.match(_PHASE, after):
            phases.append(value)
        elif (
            isinstance(value, int)
            and 1900 <= value <= 2099
            and (after.startswith("年") or (kind == "arabic" and _bracketed(text, m)))
        ):
            years.append(value)
        else:
            parts.append(value)
    canonical.append(text[at:])
    return Marks(tuple(parts), tuple(phases), tuple(years)), "".join(canonical)


def _bracketed(text: str, m: re.Match[str]) -> bool:
    """A number alone in brackets: (2024) is a year as 2024年 is."""
    return text[m.start() - 1 : m.start()] == "(" and text[m.end() : m.end() + 1] == ")"


def _value(kind: str, raw: str) -> int | float | str:
    """The token's value: 1.20 → 1.2, 十二 → 12, 二〇二四 → 2024, II (before 期 or after
    第) → 2, 首 (期) → 1; a letter or road code as written, in capitals (A, G350)."""
    if kind == "phase1":
        return 1
    if kind == "arabic":
        number = float(raw)
        return int(number) if number.is_integer() else number
    if kind in ("roman", "roman_ordinal"):
        return _roman(raw.upper())
    if kind == "code":
        return raw.upper()
    return _chinese(raw)


def _roman(text: str) -> int:
    values = [_ROMAN[c] for c in text]
    return sum(-v if v < w else v for v, w in zip(values, [*values[1:], 0], strict=True))


def _chinese(text: str) -> int | str:
    """一 → 1, 十二 → 12, 二十 → 20, 一百零五 → 105, 二〇二四 → 2024 (digit by digit);
    anything else as written, so it equals only itself."""
    if all(c in _DIGITS for c in text):
        return int("".join(str(_DIGITS[c]) for c in text))
    total, digit = 0, None
    for c in text:
        if c in _DIGITS:
            if digit:  # 三五十: two digits before a power
                return text
            digit = _DIGITS[c]
        else:
            total += (1 if digit is None else digit) * _POWERS[c]
            digit = None
    return total + (digit or 0)
