"""What an .ods says about its structure, read before calamine parses its cells.

The OpenDocument counterpart of :mod:`projtrack.read.xlsx_scan`: ``content.xml`` is
streamed once (never held whole) to find each table's used range — rows and cells carry
repeat counts, so a few bytes can claim a million rows of values, which calamine would
then allocate — its merged cells (``table:number-rows-spanned`` /
``number-columns-spanned``), and its formula cells without a saved value: a cell with
``table:formula`` but no ``office:value-type`` (written by odfpy or a platform export and
never opened in LibreOffice/Excel/WPS), which calamine would read as empty. Their formula
(``of:=[.E4]+[.F4]``, ``of:=SUM([.E5:.G5])``) is kept as A1 text (``E4+F4``) for
:mod:`projtrack.read.formulas` to compute or refuse.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import IO

from projtrack.errors import LedgerError, cell_ref
from projtrack.read.limits import EXCEL_COLUMNS, EXCEL_ROWS, Limits, raise_hint
from projtrack.read.xlsx_scan import SheetScan

_T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_O = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_CELLS = (f"{_T}table-cell", f"{_T}covered-table-cell")


class _Counted:
    """A part's stream that counts what it inflates against the budget."""

    def __init__(self, raw: IO[bytes], path: Path, limits: Limits) -> None:
        self.raw, self.path, self.limits, self.used = raw, path, limits, 0

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(n if n and n > 0 else 1 << 20)
        self.used += len(data)
        if self.used > self.limits.max_unpacked_bytes:
            mb = self.limits.max_unpacked_mb
            raise LedgerError(
                self.path,
                f"the spreadsheet inflates to more than {mb} MB when unpacked (a damaged file "
                "or a zip bomb); " + raise_hint("max_unpacked_mb", mb * 4),
            )
        return data


def scan_ods(archive: zipfile.ZipFile, path: Path, limits: Limits) -> dict[str, SheetScan]:
    """Table name → merges, after checking each table's used range against the limits."""
    import xml.etree.ElementTree as ET

    scans: dict[str, SheetScan] = {}
    with archive.open("content.xml") as raw:
        stream = _Counted(raw, path, limits)
        table: SheetScan | None = None
        row = col = last_row = last_col = 0
        far, filled = "", False
        for event, el in ET.iterparse(stream, events=("start", "end")):
            tag = el.tag
            if event == "start":
                if tag == f"{_T}table":
                    table = SheetScan(el.get(f"{_T}name", ""))
                    row = last_row = last_col = 0
                elif tag == f"{_T}table-row":
                    col, filled = 0, False
                continue
            if tag in _CELLS and table is not None:
                repeat = _count(el.get(f"{_T}number-columns-repeated"))
                rows_spanned = _count(el.get(f"{_T}number-rows-spanned"))
                cols_spanned = _count(el.get(f"{_T}number-columns-spanned"))
                if rows_spanned > 1 or cols_spanned > 1:
                    table.merges.append((row + 1, col + 1, row + rows_spanned, col + cols_spanned))
                formula = el.get(f"{_T}formula")
                if formula and not el.get(f"{_O}value-type"):
                    for j in range(col, col + min(repeat, EXCEL_COLUMNS)):
                        table.missing[(row + 1, j)] = a1_formula(formula)
                if el.get(f"{_O}value-type") or el.find(f"{_TEXT}p") is not None:
                    last_col = max(last_col, col + repeat)
                    if row + 1 > last_row:
                        far = cell_ref(None, row + 1, col + repeat - 1)
                    last_row = max(last_row, row + 1)
                    filled = True
                col += repeat
                el.clear()
            elif tag == f"{_T}table-row" and table is not None:
                repeat = _count(el.get(f"{_T}number-rows-repeated"))
                if repeat > 1 and filled:  # a row of values repeated: all of them count
                    last_row = row + repeat
                    far = cell_ref(None, last_row, max(last_col - 1, 0))
                row += repeat
                el.clear()
            elif tag == f"{_T}table" and table is not None:
                _check(path, table.name, last_row, last_col, far, limits)
                scans[table.name] = table
                table = None
                el.clear()
    return scans


_OF_CELL = re.compile(r"\[\.(\$?[A-Z]{1,3}\$?\d+)(?::\.(\$?[A-Z]{1,3}\$?\d+))?\]")


def a1_formula(formula: str) -> str:
    """An OpenFormula of this sheet as A1 text: ``of:=SUM([.E5:.G5])`` → ``SUM(E5:G5)``.

    References to other sheets (``[$Sheet2.E5]``) stay as written, so they are not computed.
    """
    text = formula.split(":", 1)[1] if re.match(r"^[a-z]+:", formula) else formula
    text = text.lstrip("=")
    text = _OF_CELL.sub(lambda m: m.group(1) + (f":{m.group(2)}" if m.group(2) else ""), text)
    return text.replace(";", ",")


def _count(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


def _check(path: Path, sheet: str, rows: int, cols: int, far: str, limits: Limits) -> None:
    if rows > EXCEL_ROWS or cols > EXCEL_COLUMNS:
        raise LedgerError(
            path,
            f"cells with values reach {far} ({rows:,} rows × {cols:,} columns), beyond "
            "Excel's last row or column; the file is damaged",
            sheet=sheet,
        )
    if rows * cols > limits.max_cells:
        raise LedgerError(
            path,
            f"the sheet's used range reaches {far} ({rows:,} rows × {cols:,} columns = "
            f"{rows * cols:,} cells), more than the limit of {limits.max_cells:,} cells; "
            "delete the stray entries far from the table and save, or "
            + raise_hint("max_cells", rows * cols),
            sheet=sheet,
        )
