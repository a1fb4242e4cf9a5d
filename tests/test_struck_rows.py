"""Rows struck through (删除线): the office's mark of a project taken off the list.

calamine reads values only; the .xlsx scan reads the struck fonts from styles.xml and the
cells written in them, and every project whose name is struck through is named.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.read.xlsx_styles import struck_cells, struck_styles

PROJECTS = [  # name, county, plan, completed, struck through
    ("甲项目", "旌阳区", 1000.0, 500.0, False),
    ("乙项目", "旌阳区", 2000.0, 800.0, True),
    ("丙项目", "罗江区", 1500.0, 600.0, False),
    ("丁项目", "罗江区", 500.0, 100.0, True),
]


def _ledger(path: Path) -> Path:
    import xlsxwriter

    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("市重点")
    struck = book.add_format({"font_strikeout": True, "border": 1})
    bold = book.add_format({"bold": True, "border": 1})  # another font: not struck
    sheet.write(0, 0, "2026年市重点项目1-6月推进情况表", bold)
    sheet.write_row(1, 0, ["序号", "项目名称", "县区", "年度计划投资", "1-6月完成投资"], bold)
    for i, (name, county, plan, done, strike) in enumerate(PROJECTS, 1):
        sheet.write_row(i + 1, 0, [i, name, county, plan, done], struck if strike else None)
    book.close()
    return path


def test_struck_projects_are_named_and_still_counted(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["rank", str(_ledger(tmp_path / "台账.xlsx")), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["total"]["projects"] == len(PROJECTS)
    assert report["total"]["annual_plan"] == sum(p[2] for p in PROJECTS)
    assert report["total"]["completed_ytd"] == sum(p[3] for p in PROJECTS)
    struck = {w["where"]: w["message"] for w in report["warnings"] if w["code"] == "struck_out"}
    assert set(struck) == {"市重点!B4", "市重点!B6"}  # 乙 on row 4, 丁 on row 6
    assert struck["市重点!B4"].startswith("乙项目") and "删除线" in struck["市重点!B4"]


def test_a_ledger_without_struck_cells_has_no_finding(runner: CliRunner, tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "台账.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("市重点")
    sheet.write_row(0, 0, ["序号", "项目名称", "县区", "年度计划投资", "1-6月完成投资"])
    sheet.write_row(1, 0, [1, "甲项目", "旌阳区", 100, 50], book.add_format({"italic": True}))
    book.close()
    report = json.loads(
        runner.invoke(app, ["rank", str(path), "--year", "2026", "-f", "json"]).stdout
    )
    assert not [w for w in report["warnings"] if w["code"] == "struck_out"]


STYLES = b"""<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<fonts count="4"><font><sz val="11"/></font><font><strike/><sz val="11"/></font>
<font><strike val="0"/></font><font><b/><strike val="1"/></font></fonts>
<cellXfs count="5"><xf fontId="0"/><xf fontId="1"/><xf fontId="2"/><xf fontId="3"/><xf/></cellXfs>
</styleSheet>"""


def test_struck_styles_read_fonts_and_formats() -> None:
    assert struck_styles(STYLES) == frozenset({1, 3})
    assert struck_styles(STYLES.replace(b"strike", b"shadow")) == frozenset()
    assert struck_styles(b"<not xml strike") == frozenset()


def test_struck_cells_of_a_piece() -> None:
    piece = (
        b'<row r="4"><c r="A4" s="1"><v>1</v></c><c r="B4" s="3" t="s"><v>0</v></c>'
        b'<c r="C4" s="2"><v>5</v></c><c s="1"><v>9</v></c></row>'
    )
    assert struck_cells(piece, frozenset({1, 3})) == [(4, 0), (4, 1)]


@pytest.mark.parametrize("total_without_struck", [True, False])
def test_a_total_that_leaves_the_struck_projects_out_settles_it(
    runner: CliRunner, tmp_path: Path, total_without_struck: bool
) -> None:
    """合计 = the projects without 乙 and 丁: the office left them out, so does projtrack. A
    合计 counting them keeps them counted (and named)."""
    import xlsxwriter

    live = [p for p in PROJECTS if not p[4]] if total_without_struck else PROJECTS
    book = xlsxwriter.Workbook(tmp_path / "台账.xlsx")
    sheet = book.add_worksheet("市重点")
    struck = book.add_format({"font_strikeout": True})
    sheet.write(0, 0, "2024年市重点项目1-6月推进情况表")
    sheet.write_row(1, 0, ["序号", "项目名称", "县区", "年度计划投资", "1-6月完成投资"])
    sheet.write_row(2, 0, [None, "合计", None, sum(p[2] for p in live), sum(p[3] for p in live)])
    for i, (name, county, plan, done, strike) in enumerate(PROJECTS, 1):
        sheet.write_row(i + 2, 0, [i, name, county, plan, done], struck if strike else None)
    book.close()
    report = json.loads(
        runner.invoke(app, ["rank", str(tmp_path / "台账.xlsx"), "-f", "json"]).stdout
    )
    assert report["total"]["projects"] == len(live)
    assert report["total"]["annual_plan"] == sum(p[2] for p in live)
    codes = [w["code"] for w in report["warnings"]]
    assert codes.count("struck_excluded" if total_without_struck else "struck_out") == 2
    assert "subtotal_mismatch" not in codes


def _xls_ledger(path: Path, total: float | None) -> Path:
    """The same projects in an Excel 97-2003 workbook (xlwt), 乙 and 丁 struck through."""
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("市重点")
    struck = xlwt.easyxf("font: struck_out on")
    bold = xlwt.easyxf("font: bold on")  # another font: not struck
    sheet.write(0, 0, "2026年市重点项目1-6月推进情况表", bold)
    for c, head in enumerate(["序号", "项目名称", "县区", "年度计划投资", "1-6月完成投资"]):
        sheet.write(1, c, head, bold)
    for i, (name, county, plan, done, strike) in enumerate(PROJECTS, 1):
        for c, value in enumerate([i, name, county, plan, done]):
            if strike:
                sheet.write(i + 1, c, value, struck)
            else:
                sheet.write(i + 1, c, value)
    if total is not None:
        sheet.write(len(PROJECTS) + 2, 1, "合计")
        sheet.write(len(PROJECTS) + 2, 3, total)
    book.save(str(path))
    return path


@pytest.mark.parametrize("total_leaves_them_out", [False, True])
def test_struck_projects_of_an_xls(
    runner: CliRunner, tmp_path: Path, total_leaves_them_out: bool
) -> None:
    """.xls: the struck fonts come from the BIFF8 FONT and XF records (read/xls_styles.py)."""
    kept = [p for p in PROJECTS if not p[4]]
    total = sum(p[2] for p in (kept if total_leaves_them_out else PROJECTS))
    path = _xls_ledger(tmp_path / "台账.xls", total)
    report = json.loads(runner.invoke(app, ["rank", str(path), "-f", "json"]).stdout)
    codes = {w["where"]: w["code"] for w in report["warnings"] if w["code"].startswith("struck")}
    code = "struck_excluded" if total_leaves_them_out else "struck_out"
    assert codes == {"市重点!B4": code, "市重点!B6": code}
    counted = kept if total_leaves_them_out else PROJECTS
    assert report["total"]["projects"] == len(counted)
    assert report["total"]["annual_plan"] == sum(p[2] for p in counted)


def test_struck_runs_of_cells_in_one_xls_record() -> None:
    """MULRK (numbers) and MULBLANK (empty cells) hold runs of cells, each with its XF."""
    from projtrack.read.xls_styles import struck_cell, struck_formats

    fonts = [(0x0031, b"\xc8\x00" + flags + b"\x00" * 10) for flags in
             (b"\x00\x00", b"\x00\x00", b"\x00\x00", b"\x00\x00", b"\x08\x00")]  # fmt: skip
    # XF 0..2 use fonts 0, 5 (the fifth FONT record: index 4 is never written) and 1.
    formats = [(0x00E0, struct.pack("<H", f) + b"\x00" * 18) for f in (0, 5, 1)]
    struck = struck_formats([*fonts, *formats])
    assert struck == frozenset({1})
    mulrk = struct.pack("<HH", 6, 2) + struct.pack("<HI", 1, 0) + struct.pack("<HI", 0, 0)
    assert struck_cell(0x00BD, mulrk + struct.pack("<H", 3), struck) == [(7, 2)]
    mulblank = struct.pack("<HHHHH", 3, 0, 0, 1, 1) + struct.pack("<H", 2)
    assert struck_cell(0x00BE, mulblank, struck) == [(4, 1), (4, 2)]
    assert struck_cell(0x00FD, struct.pack("<HHHI", 9, 4, 1, 0), struck) == [(10, 4)]
