"""Numbers the store will not hold: a money cell beyond the float range (text ``1e309``
read as infinity) or a column whose sum overflows. Refused at ingest, naming the cell,
so that a stored period never breaks a later ``rank``, ``brief`` or ``trend``.
"""

from __future__ import annotations

import math

import polars as pl

from projtrack.errors import CellError, LedgerError
from projtrack.read.ledger import Ledger
from projtrack.vocab import FIELD_LABELS, MONEY_FIELDS


def refuse_non_finite(ledger: Ledger) -> None:
    """Raise CellError at the first money cell that is not a finite number, or LedgerError
    for a money column whose total is past the float range."""
    projects = ledger.projects
    for name in MONEY_FIELDS:
        if name not in projects.columns or not projects[name].dtype.is_float():
            continue
        bad = projects.filter(pl.col(name).is_not_null() & ~pl.col(name).is_finite())
        label = FIELD_LABELS.get(name, name)
        if bad.height:
            first = bad.row(0, named=True)
            sheet, row = first.get("_sheet"), first.get("_row")
            columns = [c for s in ledger.sheets if s.name == sheet for c in s.columns
                       if c.field == name]  # fmt: skip
            message = (
                f"{label} is {first[name]} — not a finite number (a value such as 1e309 is "
                f"past the range of numbers); {bad.height} such cell(s) in this ledger. "
                "Correct the cell; a ledger with it is not stored"
            )
            if columns and row is not None:
                raise CellError(ledger.path, message, sheet=sheet, row=int(row),
                                column=columns[0].column, header=columns[0].header)  # fmt: skip
            raise LedgerError(ledger.path, message, sheet=sheet)
        total = projects[name].sum()
        if isinstance(total, float) and not math.isfinite(total):
            raise LedgerError(
                ledger.path,
                f"the {label} column sums past the range of numbers (values near 1e308); "
                "check its unit and its largest values; a ledger with it is not stored",
            )
