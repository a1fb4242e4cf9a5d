"""Cells that hold an Excel error value (``#DIV/0!``, ``#REF!``, ``#N/A`` …).

calamine reads an error cell as empty, so a ``#REF!`` left in a 累计完成投资 column by a
deleted sheet would be summed as 0 without a word. The .xlsx scan notes every cell saved
with ``t="e"`` (:func:`xlsx_error_cells`); :func:`fill_errors` writes the error's text back
into the sheet's text frame, so that the loader sees it as the user does; a money cell
that holds one is then reported as ``formula_error`` (read as empty, like any text in a
money column), and so is one in any other column the job reads (a 责任单位 looked up with
VLOOKUP that shows ``#N/A``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from projtrack.errors import Finding, column_number
from projtrack.read.checks import out_of_range_finding
from projtrack.read.values import out_of_range
from projtrack.vocab import MONEY_FIELDS

if TYPE_CHECKING:
    from projtrack.read.model import ColumnUse

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
_ERROR_CELL = re.compile(
    rb'<(?:\w+:)?c\b(?=[^>]*\st="e")[^>]*?\sr="([A-Z]{1,4})(\d{1,8})"[^>]*>'
    rb"(?:(?!</(?:\w+:)?c>).)*?<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>",
    re.DOTALL,
)


def is_error_value(text: object) -> bool:
    """Whether a cell's text is one of Excel's error values."""
    return isinstance(text, str) and text.strip().upper() in ERROR_VALUES


def xlsx_error_cells(piece: bytes) -> dict[tuple[int, int], str]:
    """(1-based row, 0-based column) → error text, for the ``t="e"`` cells of a piece of
    sheet XML (call only when :data:`ERROR_MARK` is in it: the search is the fast part)."""
    found: dict[tuple[int, int], str] = {}
    for letters, row, value in _ERROR_CELL.findall(piece):
        found[(int(row), column_number(letters) - 1)] = (
            value.decode("utf-8", "replace").strip() or "#VALUE!"
        )
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


def fill_errors(
    frame: pl.DataFrame, offset: int, errors: dict[tuple[int, int], str]
) -> pl.DataFrame:
    """``frame`` (row i = sheet row i + 1, column j = ``offset + j``) with each error cell
    that calamine left empty holding its error text."""
    by_column: dict[int, list[tuple[int, str]]] = {}
    for (row, col), text in errors.items():
        j = col - offset
        if 0 <= j < frame.width and 1 <= row <= frame.height:
            by_column.setdefault(j, []).append((row - 1, text))
    if not by_column:
        return frame
    columns = []
    for j, cells in by_column.items():
        series = frame.to_series(j)
        values = series.to_list()
        for i, text in cells:
            if values[i] is None:
                values[i] = text
        columns.append(pl.Series(series.name, values, dtype=pl.String))
    return frame.with_columns(columns)


def cell_findings(
    path: Path, sheet: str, projects: pl.DataFrame, uses: list[ColumnUse], offset: int
) -> list[Finding]:
    """What each read column holds that is not a value: in a money column a cell that is
    not a number (``约50``), out of range (``1e309``) or an error (``#REF!``) — each read
    as empty — and in any other column an error value.

    ``projects`` holds the text columns ``c<j>`` and, for each money column, ``_bad<j>``
    (the cells its number parse refused).
    """
    findings: list[Finding] = []
    for use in uses:
        local = f"c{use.column - offset}"
        if use.field in MONEY_FIELDS:
            flag = f"_bad{use.column - offset}"
            if not projects[flag].any():  # the usual case, without a query
                continue
            bad = projects.filter(pl.col(flag))
        elif local in projects.columns and projects[local].str.starts_with("#").any():
            bad = projects.filter(pl.col(local).str.starts_with("#"))
        else:
            continue
        for row, text in zip(bad["_row"], bad[local], strict=True):
            if is_error_value(text):
                findings.append(
                    Finding(sheet, row, use.column, "formula_error",
                            f"{use.header}为公式错误值“{text.strip()}”，按空值处理"
                            "（请在 Excel/WPS 中改正公式）")
                )  # fmt: skip
            elif use.field not in MONEY_FIELDS:
                continue
            elif out_of_range(text):
                findings.append(out_of_range_finding(path, sheet, row, use, text))
            else:
                findings.append(
                    Finding(sheet, row, use.column, "not_a_number",
                            f"{use.header} 不是数字: {text!r},按空值处理")
                )  # fmt: skip
    return findings
