"""Formula cells without a saved value in .xls (xlwt) and .ods (odfpy): computed, never 0."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from projtrack.cli.app import app

HEAD = [
    "序号",
    "项目名称",
    "县(市、区)",
    "年度计划投资",
    "1-5月完成投资",
    "6月完成投资",
    "1-6月完成投资",
]
PROJECTS = [  # name, region, plan, Jan-May, June
    ("甲项目", "旌阳区", 5000.0, 1200.5, 300.25),
    ("乙项目", "旌阳区", 8000.0, 2500.0, 700.0),
    ("丙项目", "中江县", 12000.0, 3000.0, 1500.5),
    ("丁项目", "中江县", 4000.0, 100.0, 0.0),
]


def _truth() -> tuple[float, float]:
    return sum(p[2] for p in PROJECTS), sum(p[3] + p[4] for p in PROJECTS)


def _rank(runner: CliRunner, path: Path) -> dict:
    result = runner.invoke(app, ["rank", str(path), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _xlwt(path: Path, formula: str) -> Path:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("Sheet1")
    ws.write(0, 0, "2024年重点项目推进情况表（1-6月）")
    for c, text in enumerate(HEAD):
        ws.write(1, c, text)
    for i, (name, region, plan, a, b) in enumerate(PROJECTS):
        r = i + 2
        for c, value in enumerate([i + 1, name, region, plan, a, b]):
            ws.write(r, c, value)
        ws.write(r, 6, xlwt.Formula(formula.format(r=r + 1)))
    book.save(str(path))
    return path


def test_xlwt_formulas_are_computed_not_read_as_zero(runner: CliRunner, tmp_path: Path) -> None:
    plan, done = _truth()
    for formula in ("E{r}+F{r}", "SUM(E{r}:F{r})", "SUM(E{r})+F{r}"):
        data = _rank(runner, _xlwt(tmp_path / "x.xls", formula))
        assert abs(data["total"]["annual_plan"] - plan) < 1e-6
        assert abs(data["total"]["completed_ytd"] - done) < 1e-6, formula
        assert any(w["code"] == "formula_computed" for w in data["warnings"])


def test_xlwt_formula_it_cannot_compute_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    path = _xlwt(tmp_path / "x.xls", "ROUND(E{r}+F{r},2)")
    result = runner.invoke(app, ["rank", str(path), "-f", "json"])
    assert result.exit_code == 1 and result.stdout == ""
    message = " ".join(result.stderr.split())
    assert "4 formula cell(s)" in message and "G3" in message and "Excel/WPS" in message


def _odfpy(path: Path, formula: str) -> Path:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Sheet1")

    def row(values: list[object]) -> None:
        tr = TableRow()
        for v in values:
            if isinstance(v, str) and v.startswith("of:"):
                cell = TableCell(formula=v)
            elif isinstance(v, int | float):
                cell = TableCell(valuetype="float", value=v)
                cell.addElement(P(text=str(v)))
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=str(v)))
            tr.addElement(cell)
        table.addElement(tr)

    row(["2024年重点项目推进情况表（1-6月）"])
    row(HEAD)
    for i, (name, region, plan, a, b) in enumerate(PROJECTS):
        row([i + 1, name, region, plan, a, b, formula.format(r=i + 3)])
    doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


def test_odfpy_formulas_are_computed_not_read_as_zero(runner: CliRunner, tmp_path: Path) -> None:
    plan, done = _truth()
    for formula in ("of:=[.E{r}]+[.F{r}]", "of:=SUM([.E{r}:.F{r}])", "of:=SUM([.E{r}];[.F{r}])"):
        data = _rank(runner, _odfpy(tmp_path / "o.ods", formula))
        assert abs(data["total"]["completed_ytd"] - done) < 1e-6, formula
        assert abs(data["total"]["annual_plan"] - plan) < 1e-6


def test_odfpy_formula_on_another_sheet_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    path = _odfpy(tmp_path / "o.ods", "of:=[$Other.E{r}]+[.F{r}]")
    result = runner.invoke(app, ["rank", str(path), "-f", "json"])
    assert result.exit_code == 1 and "formula cell(s)" in " ".join(result.stderr.split())
