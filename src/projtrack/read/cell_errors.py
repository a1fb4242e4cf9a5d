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

from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from projtrack.errors import Finding
from projtrack.read.checks import out_of_range_finding
from projtrack.read.error_values import is_error_value
from projtrack.read.money_cells import percent_message
from projtrack.read.values import AMOUNT_WITH_NOTE, out_of_range
from projtrack.vocab import MONEY_FIELDS

if TYPE_CHECKING:
    from projtrack.read.model import ColumnUse


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
    not a number (``约50``, or 0.45 formatted to show ``45%``), out of range (``1e309``) or
    an error (``#REF!``) — each read as empty — and in any other column an error value.

    ``projects`` holds the rows of :data:`KIND_READ` with their text columns ``c<j>``
    and, for each money column, ``_bad<j>`` (the cells its number parse refused); in a
    合计 or 小计 row only an error is reported (the reconciliation says the rest).
    """
    findings: list[Finding] = []
    percent: set[int] = set()
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
            findings += _noted_amounts(sheet, projects, use, local)
            flag = f"_bad{use.column - offset}"
            if not projects[flag].any():  # the usual case, without a query
                continue
            bad = projects.filter(pl.col(flag))
            shown = f"_pct{use.column - offset}"  # numbers formatted as percentages
            percent = set(bad.filter(pl.col(shown))["_row"]) if shown in bad.columns else set()
        elif local in projects.columns and projects[local].str.starts_with("#").any():
            bad = projects.filter(pl.col(local).str.starts_with("#"))
        else:
            continue
        for row, text in zip(bad["_row"], bad[local], strict=True):
            if is_error_value(text):
                findings.append(_error(sheet, row, use, text))
            elif use.field not in MONEY_FIELDS:
                continue
            elif row in percent:
                findings.append(Finding(sheet, row, use.column, "not_a_number",
                                        percent_message(use.header, text)))  # fmt: skip
            elif out_of_range(text):
                findings.append(out_of_range_finding(path, sheet, row, use, text))
            else:
                findings.append(
                    Finding(sheet, row, use.column, "not_a_number",
                            f"{use.header} 不是数字: {text!r},按空值处理")
                )  # fmt: skip
    return findings


_UNIT_ONLY = r"[(（]\s*(?:亿元|万元|千元|元)\s*[)）]\s*$"


def _noted_amounts(sheet: str, projects: pl.DataFrame, use: ColumnUse, local: str) -> list[Finding]:
    """An ``amount_note`` for each money cell read with a note beside its figure
    (``37390（含调增1000）`` is 37390): the note is not counted, and the user is told."""
    if local not in projects.columns:
        return []
    text = pl.col(local)
    hit = projects.filter(text.str.contains(AMOUNT_WITH_NOTE) & ~text.str.contains(_UNIT_ONLY))
    return [
        Finding(sheet, row, use.column, "amount_note",
                f"{use.header}“{cell.strip()}”按括号前的金额读取,括号内的说明未计入")
        for row, cell in zip(hit["_row"], hit[local], strict=True)
    ]  # fmt: skip


# The rows whose cells :func:`cell_findings` looks at: projects, and the totals (with the
# 标段 of a parent counted once: their figures are checked against it, as a total's are).
KIND_READ = pl.col("_kind").is_in(["project", "total", "subtotal", "subitem"])


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
