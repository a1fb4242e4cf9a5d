"""How 入统 compares project names: the text as written, and the looser name key.

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
