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

    ``projects`` holds the rows of :data:`KIND_READ` with their text columns ``c<j>``
    and, for each money column, ``_bad<j>`` (the cells its number parse refused); in a
    合计 or 小计 row only an error is reported (the reconciliation says the rest).
    """
    findings: list[Finding] = []
    totals = projects.filter(pl.col("_kind") != "project")
    projects = projects.filter(pl.col("_kind") == "project")
    for use in uses:
        local = f"c{use.column - offset}"
        if local in totals.columns and totals[local].str.starts_with("#").any():
            hit = totals.filter(pl.col(local).str.starts_with("#"))  # a #REF! in the 合计 row
            findings += [_error(sheet, row, use, text)
                         for row, text in zip(hit["_row"], hit[local], strict=True)
                         if is_error_value(text)]  # fmt: skip
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
                findings.append(_error(sheet, row, use, text))
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


# The rows whose cells :func:`cell_findings` looks at: projects, and the totals.
KIND_READ = pl.col("_kind").is_in(["project", "total", "subtotal"])


def _error(sheet: str, row: int, use: ColumnUse, text: str) -> Finding:
    message = f"{use.header}为公式错误值“{text.strip()}”,按空值处理(请在 Excel/WPS 中改正公式)"
    return Finding(sheet, row, use.column, "formula_error", message)


def errors_first(findings: list[Finding]) -> list[Finding]:
    """Without the 为空 notes (plan_missing, completed_missing) of a cell whose
    ``formula_error`` already says why it is empty."""
    errors = {(f.sheet, f.row, f.column) for f in findings if f.code == "formula_error"}
    if not errors:
        return findings
    empty = ("plan_missing", "completed_missing")
    return [f for f in findings if f.code not in empty or (f.sheet, f.row, f.column) not in errors]
