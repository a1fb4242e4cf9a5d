"""Excel's error values as .xlsx and .xls files save them, found without Polars.

calamine reads an error cell (``#DIV/0!``, ``#REF!``, ``#N/A`` …) as empty. The workbook
scans (:mod:`projtrack.read.xlsx_scan`, :mod:`projtrack.read.xls_scan`) note each one with
the functions here; :mod:`projtrack.read.cell_errors` then writes them back into the text
frame and reports them. This module imports no data library: the scans run on the parse's
worker thread before Polars is imported (:mod:`projtrack.cli.launch`).
"""

from __future__ import annotations

import re

from projtrack.errors import column_number

# Excel's error values, as saved in the sheet XML and as Excel/WPS show them.
ERROR_VALUES = frozenset({
    "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
    "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#UNKNOWN!", "#CONNECT!", "#BUSY!",
    "#PYTHON!",
})  # fmt: skip
ERROR_MARK = b't="e"'
# The error codes of an .xls (BIFF8 ``BOOLERR`` cells and ``FORMULA`` results).
XLS_ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?",
              0x24: "#NUM!", 0x2A: "#N/A", 0x2B: "#GETTING_DATA"}  # fmt: skip
_CELL_TAG = re.compile(rb"<(?:\w+:)?c\s")
_CELL_REF = re.compile(rb'\sr="([A-Z]{1,4})(\d{1,8})"')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")


def is_error_value(text: object) -> bool:
    """Whether a cell's text is one of Excel's error values."""
    return isinstance(text, str) and text.strip().upper() in ERROR_VALUES


def xlsx_error_cells(piece: bytes) -> dict[tuple[int, int], str]:
    """(1-based row, 0-based column) → error text, for the ``t="e"`` cells of a piece of
    sheet XML (call only when :data:`ERROR_MARK` is in it). Each mark is found with a byte
    search and only its own cell is parsed: a 完成率 column full of #DIV/0! costs little."""
    found: dict[tuple[int, int], str] = {}
    at = piece.find(ERROR_MARK)
    while at >= 0:
        start = piece.rfind(b"<", 0, at)  # the cell's tag: no "<" inside attribute values
        close = piece.find(b">", at)
        ref = _CELL_REF.search(piece[start:close]) if _CELL_TAG.match(piece, start) else None
        if ref is not None:
            end = piece.find(b"c>", close)  # the cell's </c> (formula text escapes ">")
            value = _VALUE.search(piece, close, end if end >= 0 else len(piece))
            text = value.group(1).decode("utf-8", "replace").strip() if value else ""
            found[(int(ref.group(2)), column_number(ref.group(1)) - 1)] = text or "#VALUE!"
        at = piece.find(ERROR_MARK, at + 1)
    return found


def xls_error_cell(kind: int, body: bytes) -> tuple[int, int, str] | None:
    """(1-based row, 0-based column, error text) of an .xls ``BOOLERR`` (0x0205) cell or
    ``FORMULA`` (0x0006) record that holds an error; None for any other value."""
    if kind == 0x0205 and len(body) >= 8 and body[7] == 1:
        code = body[6]
    elif kind == 0x0006 and len(body) >= 14 and body[6] == 2 and body[12:14] == b"\xff\xff":
        code = body[8]
    else:
        return None
    row, col = int.from_bytes(body[0:2], "little"), int.from_bytes(body[2:4], "little")
    return row + 1, col, XLS_ERRORS.get(code, "#VALUE!")
