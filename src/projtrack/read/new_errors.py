"""Excel 365's newer error values (#SPILL!, #CALC!, #FIELD! …), which calamine refuses.

calamine knows the error values of Excel 2007 (#DIV/0!, #REF!, #N/A …) and stops the
whole sheet, in English and naming no cell, on any other: a valid Excel-365 ledger with a
#SPILL! in a column projtrack does not even read was refused. The workbook is then read
from a copy whose error cells are typed as text (``t="e"`` → ``t="str"``): each keeps its
error text, which the reader reports with its cell as it does #REF! (a ``formula_error``;
a money cell read as empty).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

_UNSUPPORTED = "unsupported cell error value"
_SHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$")


def is_new_error_refusal(exc: BaseException) -> bool:
    """Whether calamine refused a sheet for an error value it does not know."""
    return _UNSUPPORTED in str(exc).lower()


def errors_as_text(source: Path, target: Path) -> None:
    """Copy the .xlsx at ``source`` to ``target`` with every error cell typed as text."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if _SHEET_PART.match(info.filename):
                data = data.replace(b't="e"', b't="str"')
            new.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
