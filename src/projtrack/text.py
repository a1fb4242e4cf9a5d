"""Normalising the Chinese text of headers, titles and labels before any rule reads it.

Ledgers mix simplified and traditional characters (項目名稱), full- and half-width forms
and every kind of dash; each rule would otherwise need every spelling. Kept apart from the
reader so that period inference (titles, file names) uses it without loading Polars.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

# Dashes, and 至/到 between numbers (1至3月 = 1-3月; 截至 stays as it is).
_DASH_RUN = r"[—–~〜～－‐−]+"
_DASHES = re.compile(_DASH_RUN + r"|(?<=\d)[至到](?=\d)")
# Spaces, and the invisible format characters text pasted from the web or WeChat carries
# (zero-width space and joiners, word joiner, BOM, soft hyphen): 东区\u200b is 东区.
INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\xad"
_SPACE = re.compile(rf"[\s{INVISIBLE}]+")


@cache
def t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


@cache
def normalize_text(text: str) -> str:
    """Normalise a header or label: simplified characters, half-width, one kind of dash, no spaces.

    Cached because a ledger repeats the same few headers, titles and labels.
    """
    text = unicodedata.normalize("NFKC", text)
    text = t2s().convert(text)
    text = _DASHES.sub("-", text)
    return _SPACE.sub("", text)


# Brackets a project's name may gain or lose from one month to the next (康养小镇一期 →
# 康养小镇(一期)): left out of the key it is recognised by (after normalize_text).
KEY_BRACKETS = r"[()\[\]【】〔〕]"


def name_key(name: str) -> str:
    """What a project's name is recognised by, in another period or as a duplicate:
    simplified, half-width, without spaces or brackets (康养小镇（一期）, 康养小镇(一期),
    康养小镇 一期 and 康養小鎮一期 are one project)."""
    return re.sub(KEY_BRACKETS, "", normalize_text(name))


@cache
def _key_drop() -> str:
    """A regex class of what a name's key drops: every character str.isspace calls a space
    (as ``\\s`` does in :func:`normalize_text`; all lie below U+3001), the invisible ones,
    and brackets."""
    spaces = "".join(c for c in map(chr, range(0x3001)) if c.isspace())
    return "[" + re.escape(spaces + INVISIBLE) + r"()\[\]【】〔〕" + "]+"


def name_keys(names: Any) -> Any:
    """:func:`name_key` of each name of a Polars Series of distinct names, the same keys
    (an empty key is the name itself), computed over the column (NFKC, then OpenCC on the
    names joined as one text): a ledger of 100,000 projects has 100,000 names, and the
    one-by-one calls cost a second."""
    import polars as pl

    if names.len() < 64:
        return pl.Series([name_key(n) or n for n in names.to_list()], dtype=pl.String)
    normal = names.str.replace_all(r"[\n\r]", " ").str.normalize("NFKC")
    joined = t2s().convert(normal.str.join("\n").item())
    simplified = pl.Series([joined], dtype=pl.String).str.split("\n").explode()
    if simplified.len() != names.len():
        return pl.Series([name_key(n) or n for n in names.to_list()], dtype=pl.String)
    keys = (
        simplified.str.replace_all(_DASH_RUN, "-")
        .str.replace_all(r"(\d)[至到](\d)", "${1}-${2}")
        .str.replace_all(r"(\d)[至到](\d)", "${1}-${2}")  # 1至2至3: the overlapping one
        .str.replace_all(_key_drop(), "")
    )
    return pl.select(pl.when(keys != "").then(keys).otherwise(names)).to_series()


_NUMERALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
             "九": 9, "十": 10, "十一": 11, "十二": 12}  # fmt: skip
_CN = r"(十[一二]|[一二两三四五六七八九十])"
_CN_SPAN = re.compile(rf"(?<![\d一二三四五六七八九十]){_CN}[至到\-]{_CN}月")
# Quarters and half years as month ranges, cumulative words first (前三季度 before 三季度).
_PERIOD_WORDS = (
    (re.compile(r"上半年|前(?:两|二|2)个?季度|(?:1|一)[-至到](?:2|二)季度"), "1-6月"),
    (re.compile(r"前(?:三|3)个?季度|(?:1|一)[-至到](?:3|三)季度"), "1-9月"),
    (re.compile(r"下半年"), "7-12月"),
    (re.compile(r"第?(?:一|1)季度"), "1-3月"),
    (re.compile(r"第?(?:二|2)季度"), "4-6月"),
    (re.compile(r"第?(?:三|3)季度"), "7-9月"),
    (re.compile(r"第?(?:四|4)季度"), "10-12月"),
)


_MONTH_TO_MONTH = re.compile(r"(?<!\d)(\d{1,2})月份?[-~至到](\d{1,2})月")
# 前10个月 / 前两个月 (the first N months: a year-to-date period, as 1-10月).
_FIRST_MONTHS = re.compile(rf"前(\d{{1,2}}|{_CN})个月")


def _first_months(match: re.Match[str]) -> str:
    months = int(match[1]) if match[1].isdigit() else _NUMERALS[match[1]]
    return f"1-{months}月" if 1 <= months <= 12 else match[0]


def period_words(text: str) -> str:
    """A header's period in month digits: 一至六月 → 1-6月, 1月-6月 → 1-6月, 前两个月 → 1-2月,
    上半年 → 1-6月, 前三季度 → 1-9月, 一季度 → 1-3月, 二季度 → 4-6月 (a quarter's own
    months). ``text`` is normalised."""
    text = _CN_SPAN.sub(lambda m: f"{_NUMERALS[m[1]]}-{_NUMERALS[m[2]]}月", text)
    text = _MONTH_TO_MONTH.sub(r"\1-\2月", text)  # 1月-6月 → 1-6月
    if "个月" in text:
        text = _FIRST_MONTHS.sub(_first_months, text)  # 前10个月 → 1-10月
    if "季度" in text or "半年" in text:
        for pattern, months in _PERIOD_WORDS:
            text = pattern.sub(months, text)
    return text


_CN_DIGITS = str.maketrans("〇零○Ｏ一二三四五六七八九", "0000123456789")
_CN_YEAR = re.compile(r"二[〇零○Ｏ][〇零○Ｏ一二三四五六七八九]{2}(?=年)")


_CN_MONTH_DAY = (
    re.compile(r"(?<=\d年)[一二三四五六七八九十]{1,2}(?=月)"),
    re.compile(r"(?<=\d月)[一二三四五六七八九十]{1,3}(?=[日号])"),
)


def cn_number(word: str) -> int:
    """一 … 九十九 in Chinese numerals: 六 → 6, 十二 → 12, 三十 → 30, 二十三 → 23."""
    digits = word.translate(_CN_DIGITS)
    if "十" not in digits:
        return int(digits)
    tens, _, ones = digits.partition("十")
    return int(tens or 1) * 10 + int(ones or 0)


def arabic_dates(text: str) -> str:
    """A 公文 date in Chinese numerals in digits: 二〇二四年六月三十日 → 2024年6月30日 (the year,
    then the month after a year, then the day after a month)."""
    text = _CN_YEAR.sub(lambda m: m[0].translate(_CN_DIGITS), text)
    for words in _CN_MONTH_DAY:
        text = words.sub(lambda m: str(cn_number(m[0])), text)
    return text
