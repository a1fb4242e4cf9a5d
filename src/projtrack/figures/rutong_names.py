"""How 入统 compares project names: the text as written, the looser name key, and the phase
or section a name names (一期, 二标段) — which two names of different phases never share.

Two keys, strict before loose: :func:`text_key` drops only what never tells projects apart
(width, traditional characters, punctuation, spaces); :func:`name_key` drops company words
and the generic endings 项目/工程/建设 as well. A list that holds both 人民医院住院楼 and
人民医院住院楼建设项目 has two rows under one name key; the ledger's 人民医院住院楼 must
take the row written as it is, not whichever comes first.
"""

from __future__ import annotations

import re

from projtrack.text import normalize_text

COMPANY = r"(?:股份有限公司|有限责任公司|有限公司|集团公司)"
PUNCTUATION = r"[\s()（）\[\]【】《》<>“”\"'‘’、,，.。:：;；·•\-—_/\\]"
# Generic endings, dropped again and again: 美丽乡村建设 = 美丽乡村建设项目 = 美丽乡村建设工程项目.
TRAILING = re.compile(r"(?:项目|工程|建设)$")

_NUMERAL = r"[一二两三四五六七八九十百首\d]+|[IVX]+"
# Phase and section markers (after normalize_text: Ⅱ is II, （ is (), by kind. A bracketed
# ordinal (一)/(2) numbers parts as 一期/二期 do; two digits at most (a year in brackets,
# (2024), is not an ordinal — though it too would tell two projects apart).
PHASES: dict[str, re.Pattern[str]] = {
    "期": re.compile(rf"第?({_NUMERAL})期", re.IGNORECASE),
    "标段": re.compile(rf"第?({_NUMERAL})(?:标段|段)|第({_NUMERAL})标", re.IGNORECASE),
    "批": re.compile(rf"第({_NUMERAL})批", re.IGNORECASE),
    "序": re.compile(r"\(([一二三四五六七八九十]+|\d{1,2})\)"),
}
_DIGITS = {"一": 1, "首": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
           "八": 8, "九": 9}  # fmt: skip
_ROMAN = {"I": 1, "V": 5, "X": 10}


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


def phases(name: str | None) -> dict[str, tuple[int | str, ...]]:
    """The phase and section markers of a name, by kind, their values as numbers:
    产业园（一期）二标段 → {期: (1,), 标段: (2,)}; 1期, I期, 首期 and 第一期 are all (1,)."""
    text = normalize_text(name or "")
    found: dict[str, tuple[int | str, ...]] = {}
    for kind, pattern in PHASES.items():
        values = [_number(next(g for g in m.groups() if g)) for m in pattern.finditer(text)]
        if values:
            found[kind] = tuple(values)
    return found


def other_phase(a: dict[str, tuple[int | str, ...]], b: dict[str, tuple[int | str, ...]]) -> bool:
    """True when both names mark a phase (or section) of one kind, with different values:
    一期 and 二期 are two projects however alike the rest of their names."""
    return any(kind in b and b[kind] != values for kind, values in a.items())


def _number(text: str) -> int | str:
    """一 → 1, 十二 → 12, 二十 → 20, 3 → 3, II → 2; anything else (一二: a list of
    phases) as written, so it equals only itself."""
    text = text.upper()
    if text.isdigit():
        return int(text)
    if set(text) <= set(_ROMAN):
        values = [_ROMAN[c] for c in text]
        return sum(-v if v < w else v for v, w in zip(values, [*values[1:], 0], strict=True))
    if len(text) == 1 and text in _DIGITS:
        return _DIGITS[text]
    tens, ten, ones = text.partition("十")
    if ten and len(tens) <= 1 and len(ones) <= 1 and {*tens, *ones} <= set(_DIGITS):
        return _DIGITS.get(tens, 1) * 10 + _DIGITS.get(ones, 0)
    return text
