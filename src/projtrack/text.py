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
_DASHES = re.compile(r"[—–~〜～－‐−]+|(?<=\d)[至到](?=\d)")
_SPACE = re.compile(r"\s+")


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
