"""What every file format is read into: a :class:`RawSheet`, a frame of text cells.

Row *i* of the frame is the sheet's row ``i + 1``, so that each later step can name a cell
exactly as the user sees it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import polars as pl

from projtrack.errors import Finding
from projtrack.read.xlsx_scan import Merge


@dataclass(frozen=True)
class RawSheet:
    """One sheet as text: ``frame`` row i is sheet row ``i + 1``; column j is ``col_offset + j``."""

    name: str
    frame: pl.DataFrame
    col_offset: int = 0
    hidden: bool = False
    state: str = "visible"  # visible | hidden | veryHidden
    merges: tuple[Merge, ...] = ()  # merged ranges (1-based rows and columns)
    # (row, 0-based column) → formula text: formula cells whose saved value is missing
    missing: dict[tuple[int, int], str] = field(default_factory=dict)
    computed: tuple[tuple[int, int, str, float], ...] = ()  # filled in by read/formulas.py
    findings: tuple[Finding, ...] = ()  # what reading the file found (encoding, CSV rows)
    hidden_rows: tuple[int, ...] = ()  # rows hidden in Excel (1-based)
    struck: frozenset[tuple[int, int]] = frozenset()  # cells struck through (row, column)
    # 0-based column → 1-based rows of its number cells shown as percentages (.xlsx)
    percent: dict[int, tuple[int, ...]] = field(default_factory=dict)


def frame_from_rows(rows: Sequence[Sequence[str | None]]) -> pl.DataFrame:
    """Rows of text (ragged) → a frame of text columns c0…, empty cells as null."""
    width = max((len(r) for r in rows), default=0)
    if width == 0:
        return pl.DataFrame()
    padded = [r if len(r) == width else [*r, *([None] * (width - len(r)))] for r in rows]
    columns = zip(*padded, strict=True)  # transposed in C, not cell by cell
    frame = pl.DataFrame(
        [pl.Series(f"c{j}", col, dtype=pl.String) for j, col in enumerate(columns)]
    )
    return frame.with_columns(pl.when(pl.all() != "").then(pl.all()).name.keep())
