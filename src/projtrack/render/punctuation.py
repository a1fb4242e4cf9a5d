"""One punctuation pass over the Chinese text projtrack prints (SPEC §4).

Sentences are built with half-width marks; ``punctuate(text, "full")`` turns them into
the full-width marks of official documents （，；：（）！？～）. Numbers and ranges keep
their half-width marks: the thousands separator in ``1,234``, the time ``12:30``, the
decimal point and percent sign of ``30.8%`` and the hyphen of ``1-3月`` are left alone.
"""

from __future__ import annotations

import re
from typing import Literal

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
