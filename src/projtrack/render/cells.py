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


def escape_cell(text: str) -> str:
    """Make ledger text safe inside a Markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", " ").replace("\n", " ")
