"""Sheets calamine refuses that a copy of the workbook can be read from.

- Excel 365's newer error values (#SPILL!, #CALC!, #FIELD! …): calamine knows those of
  Excel 2007 (#DIV/0!, #REF!, #N/A …) and stops the whole sheet, in English and naming no
  cell, on any other: a valid Excel-365 ledger with a #SPILL! in a column projtrack does
  not even read was refused. The copy types the error cells as text (``t="e"`` →
  ``t="str"``): each keeps its error text, which the reader reports with its cell as it
  does #REF! (a ``formula_error``; a money cell read as empty).
- A garbled ``<dimension>`` tag (``ZZZZ0:-1``): only a hint of the used range, which
  calamine takes at its word ("Range is missing the expected row component"); the copy
  leaves it out and calamine measures the cells themselves.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

_REPAIRABLE = ("unsupported cell error value", "range is missing the expected row")
_SHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*/>")


def is_new_error_refusal(exc: BaseException) -> bool:
    """Whether calamine refused a sheet for something a copy of the workbook repairs."""
    text = str(exc).lower()
    return any(reason in text for reason in _REPAIRABLE)


def errors_as_text(source: Path, target: Path) -> None:
    """Copy the .xlsx at ``source`` to ``target`` with every error cell typed as text and
    without the sheets' dimension tags."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if _SHEET_PART.match(info.filename):
                data = _DIMENSION.sub(b"", data.replace(b't="e"', b't="str"'), count=1)
            new.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
