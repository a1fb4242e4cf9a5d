"""Excel error values (#REF!, #DIV/0!, #N/A) in the cells a job reads: named, never a silent 0.

calamine reads an error cell as empty; the scans of .xlsx (``t="e"``) and .xls (``BOOLERR``,
``FORMULA`` with an error result) put the error's text back, and the loader reports it.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.read.cell_errors import fill_errors
from projtrack.read.error_values import xls_error_cell, xlsx_error_cells

HEAD = ["序号", "项目名称", "县区", "年度计划投资（万元）", "1-6月完成投资（万元）", "完成率"]
# name, county, plan, completed; None where the cell holds an error instead
PROJECTS = [
    ("甲项目", "旌阳区", 1000.0, 500.0),
    ("乙项目", "旌阳区", 2000.0, None),  # 完成: #DIV/0!
    ("丙项目", "罗江区", None, 600.0),  # 计划: #REF!
    ("丁项目", "罗江区", 500.0, 100.0),
    ("戊项目", None, 800.0, 400.0),  # 县区: #N/A (a VLOOKUP that found nothing)
]
ERRORS = {(3, 4): "#DIV/0!", (4, 3): "#REF!", (6, 2): "#N/A"}  # (1-based row, column)


def _xlsx(path: Path) -> Path:
    import xlsxwriter

    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Sheet1")
    sheet.write_row(0, 0, HEAD)
    for i, (name, county, plan, done) in enumerate(PROJECTS, 1):
        sheet.write_row(i, 0, [i, name, county, plan, done])
    for (row, col), error in ERRORS.items():
        sheet.write_formula(row - 1, col, "=1/0" if error == "#DIV/0!" else "=#REF!", None, error)
    sheet.write_formula(2, 5, "=E3/D3", None, "#DIV/0!")  # the ledger's own rate: not read
    book.close()
    return path


def _xls(path: Path) -> Path:
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Sheet1")
    for j, text in enumerate(HEAD[:5]):
        sheet.write(0, j, text)
    codes = {"#DIV/0!": 0x07, "#REF!": 0x17, "#N/A": 0x2A}
    for i, project in enumerate(PROJECTS, 1):
        for j, value in enumerate([i, *project]):
            if (i + 1, j) in ERRORS:
                sheet.row(i).set_cell_error(j, codes[ERRORS[(i + 1, j)]])
            elif value is not None:
                sheet.write(i, j, value)
    book.save(str(path))
    return path


@pytest.mark.parametrize("make", [_xlsx, _xls], ids=["xlsx", "xls"])
def test_error_cells_are_named_and_read_as_empty(
    runner: CliRunner, tmp_path: Path, make: object
) -> None:
    path = make(tmp_path / f"台账.{'xlsx' if make is _xlsx else 'xls'}")  # type: ignore[operator]
    result = runner.invoke(app, ["rank", str(path), "--year", "2026", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    # Independent figures: an error cell counts as empty (plan missing → no rate).
    assert report["total"]["projects"] == len(PROJECTS)
    assert report["total"]["annual_plan"] == sum(p[2] or 0 for p in PROJECTS)
    assert report["total"]["completed_ytd"] == sum(p[3] or 0 for p in PROJECTS)
    errors = {w["where"]: w["message"] for w in report["warnings"] if w["code"] == "formula_error"}
    assert set(errors) == {"Sheet1!E3", "Sheet1!D4", "Sheet1!C6"}
    assert "“#DIV/0!”" in errors["Sheet1!E3"] and "1-6月完成投资" in errors["Sheet1!E3"]
    assert "“#REF!”" in errors["Sheet1!D4"] and "“#N/A”" in errors["Sheet1!C6"]
    groups = {r["group"] for r in report["rows"]}
    assert "#N/A" not in groups  # read as empty, like the message says
    # The error says why the cell is empty: no second note calling it merely empty.
    empty = {w["where"] for w in report["warnings"] if w["code"].endswith("_missing")}
    assert not empty & set(errors)


def test_an_error_in_the_total_row_is_named(runner: CliRunner, tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "台账.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Sheet1")
    sheet.write_row(0, 0, HEAD[:5])
    sheet.write_row(1, 0, [None, "合计", None, 1500.0])
    sheet.write_formula(1, 4, "=SUM(E3:E4)+#REF!", None, "#REF!")
    sheet.write_row(2, 0, [1, "甲项目", "旌阳区", 1000.0, 500.0])
    sheet.write_row(3, 0, [2, "乙项目", "罗江区", 500.0, 100.0])
    book.close()
    report = json.loads(
        runner.invoke(app, ["rank", str(path), "--year", "2026", "-f", "json"]).stdout
    )
    assert report["total"]["completed_ytd"] == 600.0
    assert [w["where"] for w in report["warnings"] if w["code"] == "formula_error"] == ["Sheet1!E2"]


def test_check_prints_the_error_as_excel_shows_it(runner: CliRunner, tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "台账.xlsx")
    result = runner.invoke(app, ["check", str(path), "--year", "2026"], env={"COLUMNS": "200"})
    assert "formula_error" in result.stdout
    assert "“#DIV/0!”" in result.stdout  # not turned into a full-width ！
    assert "#DIV/0！" not in result.stdout


def test_xlsx_error_cells_from_the_sheet_xml() -> None:
    piece = (
        b'<row r="7"><c r="A7" t="s"><v>3</v></c><c r="AB7" s="2" t="e"><f>1/0</f>'
        b'<v>#DIV/0!</v></c><c r="C7" t="e"><v>#N/A</v></c><c r="D7"><v>5</v></c></row>'
        b'<x:row r="8"><x:c t="e" r="B8"><x:v>#REF!</x:v></x:c></x:row>'
    )
    assert xlsx_error_cells(piece) == {(7, 27): "#DIV/0!", (7, 2): "#N/A", (8, 1): "#REF!"}


def test_xls_error_records() -> None:
    boolerr = bytes([4, 0, 2, 0, 15, 0, 0x17, 1])  # row 5, column C, #REF!
    boolean = bytes([4, 0, 2, 0, 15, 0, 1, 0])  # TRUE: not an error
    formula = bytes([0, 0, 1, 0, 15, 0, 2, 0, 0x07, 0, 0, 0, 0xFF, 0xFF]) + bytes(8)
    number = bytes([0, 0, 1, 0, 15, 0]) + bytes(8) + bytes(8)
    assert xls_error_cell(0x0205, boolerr) == (5, 2, "#REF!")
    assert xls_error_cell(0x0205, boolean) is None
    assert xls_error_cell(0x0006, formula) == (1, 1, "#DIV/0!")
    assert xls_error_cell(0x0006, number) is None


def test_fill_errors_keeps_values_and_offsets() -> None:
    frame = pl.DataFrame({"c0": ["a", None, None], "c1": [None, "x", None]})
    filled = fill_errors(
        frame, 2, {(2, 2): "#REF!", (3, 3): "#N/A", (2, 3): "#NUM!", (9, 2): "#N/A"}
    )
    assert filled.to_dict(as_series=False) == {
        "c0": ["a", "#REF!", None],
        "c1": [None, "x", "#N/A"],
    }


@pytest.mark.parametrize("error", ["#SPILL!", "#CALC!", "#FIELD!", "#BUSY!"])
def test_an_excel_365_error_is_named_like_the_others(
    runner: CliRunner, tmp_path: Path, error: str
) -> None:
    """calamine refuses error values newer than Excel 2007 ("Unsupported cell error value
    '#SPILL!'", naming no cell): the whole ledger was refused. It is now read, the cell
    named as a #REF! is, and the figures are those of the other cells."""
    import xlsxwriter

    path = tmp_path / "新.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Sheet1")
    sheet.write_row(0, 0, HEAD)
    rows = [(1, "甲项目", "旌阳区", 1000.0, 500.0), (2, "乙项目", "罗江区", 2000.0, 300.0)]
    for i, row in enumerate(rows, 1):
        sheet.write_row(i, 0, row)
    sheet.write_formula(2, 4, "=FILTER(A1:A2,A1:A2>0)", None, error)
    book.close()
    _as_error_cells(path)  # xlsxwriter types an error it does not know as text; Excel does not
    result = runner.invoke(app, ["rank", str(path), "--year", "2026", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["total"]["annual_plan"] == 3000.0 and report["total"]["completed_ytd"] == 500.0
    errors = {w["where"]: w["message"] for w in report["warnings"] if w["code"] == "formula_error"}
    assert list(errors) == ["Sheet1!E3"] and f"“{error}”" in errors["Sheet1!E3"]
    assert path.read_bytes()[:2] == b"PK"  # (the file itself is left as it was)


def _as_error_cells(path: Path) -> None:
    """The workbook at ``path`` with its text formula results typed as errors (t="e")."""
    import zipfile

    parts = {}
    with zipfile.ZipFile(path) as old:
        for info in old.infolist():
            data = old.read(info)
            parts[info.filename] = (
                data.replace(b't="str"', b't="e"') if "worksheets/" in info.filename else data
            )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in parts.items():
            new.writestr(name, data)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_lookup_that_found_nothing_in_a_money_column_is_named(
    runner: CliRunner, tmp_path: Path, suffix: str
) -> None:
    """#N/A in 完成投资 (a VLOOKUP from the statistics sheet that found nothing, or its
    text in a CSV export) is reported as a formula error, not read as a blank 按0计."""
    rows = [[1, "甲项目", "旌阳区", 1000, 500], [2, "乙项目", "罗江区", 2000, "#N/A"]]
    path = tmp_path / f"台账{suffix}"
    if suffix == ".csv":
        path.write_text("\n".join(",".join(map(str, r)) for r in [HEAD[:5], *rows]) + "\n")
    else:
        import xlsxwriter

        book = xlsxwriter.Workbook(path)
        sheet = book.add_worksheet("Sheet1")
        sheet.write_row(0, 0, HEAD[:5])
        sheet.write_row(1, 0, rows[0])
        sheet.write_row(2, 0, rows[1][:4])
        sheet.write_formula(2, 4, "=VLOOKUP(B3,统计!A:B,2,0)", None, "#N/A")
        book.close()
    result = runner.invoke(app, ["rank", str(path), "--year", "2026", "-f", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["total"]["completed_ytd"] == 500.0
    found = {w["code"]: w["where"] for w in report["warnings"]}
    assert found.get("formula_error") == f"{path.stem if suffix == '.csv' else 'Sheet1'}!E3"
    assert "completed_missing" not in found
