"""How much work a ledger file may ask for, so that no file of a few MB takes the machine.

A real ledger is a few thousand rows by a few dozen columns; Excel itself stops at
1,048,576 rows × 16,384 columns. These limits sit far above real ledgers and far below
what exhausts memory: a stray cell in Excel's far corner, a garbled HTML ``rowspan`` or a
zip bomb stops with a message naming the limit and how to raise it (``[limits]`` in
projtrack.toml). This module imports nothing of projtrack.
"""

from __future__ import annotations

from dataclasses import dataclass

EXCEL_ROWS = 1_048_576
EXCEL_COLUMNS = 16_384
CEILING = 200_000_000  # max_cells can be raised to this, no further (config.MAX_CELLS_CEILING)


@dataclass(frozen=True)
class Limits:
    """``max_cells``: rows × columns of one sheet's used range (spans included);
    ``max_unpacked_mb``: what an .xlsx/.ods may inflate to, all its parts together."""

    max_cells: int = 10_000_000
    max_unpacked_mb: int = 500

    @property
    def max_unpacked_bytes(self) -> int:
        return self.max_unpacked_mb * 1024 * 1024


DEFAULT_LIMITS = Limits()


def raise_hint(key: str, value: int) -> str:
    """The sentence that tells the user how to raise a limit."""
    return f"to read it anyway, raise the limit in projtrack.toml: [limits] {key} = {value}"


class LimitError(Exception):
    """A file asks for more than a limit; the reader turns it into a LedgerError."""


def check_grid(cells: int, rows: int, columns: int, limits: Limits, what: str) -> None:
    """Refuse a grid of ``rows`` × ``columns`` (or ``cells`` spanned) past the limits."""
    if rows > EXCEL_ROWS or columns > EXCEL_COLUMNS:
        raise LimitError(
            f"{what} reaches row {rows:,}, column {columns:,}: beyond Excel's "
            f"{EXCEL_ROWS:,} rows × {EXCEL_COLUMNS:,} columns; the file is damaged"
        )
    if max(cells, rows * columns) > limits.max_cells:
        raise LimitError(
            f"{what} needs more than the limit of {limits.max_cells:,} cells; "
            + raise_hint("max_cells", max(cells, rows * columns))
        )
