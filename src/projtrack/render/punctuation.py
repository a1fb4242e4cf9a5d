"""One punctuation pass over the Chinese text projtrack prints (SPEC §4).

Sentences are built with half-width marks; ``punctuate(text, "full")`` turns them into
the full-width marks of official documents （，；：（）！？～）. Numbers and ranges keep
their half-width marks: the thousands separator in ``1,234``, the time ``12:30``, the
decimal point and percent sign of ``30.8%`` and the hyphen of ``1-3月`` are left alone.
"""

from __future__ import annotations

import re
from typing import Literal

from projtrack.vocab import UNSET_GROUP

Punctuation = Literal["full", "half"]
PUNCTUATIONS: tuple[Punctuation, ...] = ("full", "half")

_FULL_WIDTH = str.maketrans(
    {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？", "~": "～"}
)
# A comma or colon between digits belongs to a number (1,234 / 12:30), not to the prose.
_IN_NUMBER = re.compile(r"(?<=\d)([,:])(?=\d)")
_GUARD = {",": "\x00", ":": "\x01"}


def full_width(text: str) -> str:
    """Half-width sentence punctuation to the full-width forms, numbers left alone."""
    guarded = _IN_NUMBER.sub(lambda m: _GUARD[m.group(1)], text)
    return guarded.translate(_FULL_WIDTH).replace("\x00", ",").replace("\x01", ":")


def punctuate(text: str, style: Punctuation | str) -> str:
    """``text`` in the configured style: "full" (the default) or "half" (unchanged)."""
    return full_width(text) if style == "full" else text


def item_number(n: int, style: Punctuation | str) -> str:
    """The number of a third-level item of an official document: ``1．`` (``1.`` if half)."""
    return f"{n}．" if style == "full" else f"{n}."


_CJK = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"
# A mark with Chinese on its left (spaces between allowed), or on its right.
_MARK_BY_CJK = re.compile(rf"(?<={_CJK})\s*([,;:!?])\s?|([,;:!?])\s?(?={_CJK})")
# A bracket pair with Chinese inside or a Chinese character just before it.
_BRACKETS_BY_CJK = re.compile(rf"((?<={_CJK})\s?\(([^()]*)\)|\(([^()]*{_CJK}[^()]*)\))")


# A range between numbers followed by Chinese (10~30个百分点), not a path or an option.
_RANGE = re.compile(rf"(?<=\d)~(?=\d+(?:\.\d+)?%?{_CJK})")


def mixed_width(text: str) -> str:
    """Full-width marks for the Chinese parts of a bilingual message, English left alone.

    Findings and hints read ``未计入: summary sheet (汇总) without project rows, not
    counted``: a mark next to Chinese becomes full-width and takes no space after it
    (``未计入：summary``, ``为0，不计``, ``（汇总）``); a mark between English words keeps
    its half-width form. Numbers are left alone as in :func:`full_width`.
    """
    guarded = _IN_NUMBER.sub(lambda m: _GUARD[m.group(1)], text)

    def bracket(m: re.Match[str]) -> str:
        inner = m.group(2) if m.group(2) is not None else m.group(3)
        return f"（{inner}）"

    guarded = _BRACKETS_BY_CJK.sub(bracket, guarded)
    guarded = _MARK_BY_CJK.sub(lambda m: (m.group(1) or m.group(2)).translate(_FULL_WIDTH), guarded)
    guarded = _RANGE.sub("～", guarded)  # 10~30个百分点 → 10～30个百分点, as SPEC §4 writes it
    return guarded.replace("\x00", ",").replace("\x01", ":")


def message_punctuation(text: str, style: Punctuation | str = "full") -> str:
    """A finding's message as printed for a reader: :func:`mixed_width` unless "half"."""
    return mixed_width(text) if style == "full" else text


def own_words(text: str, style: Punctuation | str) -> str:
    """A table cell with projtrack's own placeholder in the configured punctuation:
    ``(未填写)`` (a group or leader left blank in the ledger) prints ``（未填写）`` like the
    briefing's sentences, where the cell's ledger text is left as it is.

    The figures and JSON keep :data:`~projtrack.vocab.UNSET_GROUP` as it is (scripts and
    ``rank --format json`` consumers match on it); only what is shown changes.
    """
    if style != "full" or UNSET_GROUP not in text:
        return text
    return text.replace(UNSET_GROUP, full_width(UNSET_GROUP))
