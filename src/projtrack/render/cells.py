"""How ledger text goes into a cell of what projtrack writes: never as a formula in Excel or
CSV (SPEC §6), never as markup in a Markdown table."""

from __future__ import annotations

import re
from typing import Any

# A text cell starting with one of these is a formula (or a DDE payload) to Excel and WPS.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: Any) -> Any:
    """A text cell that Excel would take for a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


# A figure as projtrack displays it: -12.3, +5.8, 1,234, -1.5%. Never a formula.
DISPLAY_NUMBER = re.compile(r"^[+-]?\d[\d,]*(?:\.\d+)?%?$")


def csv_cell(value: Any, *, numeric: bool) -> Any:
    """A cell of a CSV table: a number column's figure as it is (``-12.3`` stays a number
    for Excel), everything else through :func:`safe_text`."""
    if numeric and isinstance(value, str) and DISPLAY_NUMBER.match(value):
        return value
    return safe_text(value)


# Characters that make Markdown (or the HTML it may hold) of plain text: backslash
# escapes keep them literal in every CommonMark/GFM reader. "_" only where it could open
# or close emphasis: inside a word (a file name such as 2024_q1) it is plain already.
_MARKUP = re.compile(r"[\\`*\[\]<>|&]|~~|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
# What would make a line a heading, a quote or a list item when ledger text starts it.
_LINE_START = re.compile(r"^(?:(#|>|[-+*](?=\s|$))|(\d{1,9})([.)])(?=\s|$))")


def escape_inline(text: str) -> str:
    """Ledger text with its markup escaped and its lines joined (a table cell, a word)."""
    text = " ".join(text.splitlines())
    return _MARKUP.sub(lambda m: "".join("\\" + ch for ch in m[0]), text)


def escape_markdown(text: str) -> str:
    """Make ledger text plain text inside Markdown prose: no heading, list, HTML or
    emphasis comes of it, wherever a template puts it, and it stays on its line."""
    text = escape_inline(text)
    start = _LINE_START.match(text)
    if start is None:
        return text
    if start[1]:  # "# x", "> x", "- x": escape the marker
        return "\\" + text
    return f"{start[2]}\\{start[3]}{text[start.end() :]}"  # "1. x" → "1\. x"


def escape_cell(text: str) -> str:
    """Make ledger text safe inside a Markdown table cell (``|`` and markup escaped)."""
    return escape_inline(text)
