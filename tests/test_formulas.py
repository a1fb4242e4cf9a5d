"""Formula cells without a saved value: the evaluator and Excel's shared formulas."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from corpus_structure import TITLE, _raw_xlsx
from projtrack.cli.app import app
from projtrack.read.formulas import resolve_formulas
from projtrack.read.rawsheet import RawSheet


def sheet(rows: list[list[str | None]], missing: dict[tuple[int, int], str]) -> RawSheet:
    columns = list(zip(*rows, strict=True))
    frame = pl.DataFrame(
        {f"c{j}": list(c) for j, c in enumerate(columns)},
        schema={f"c{j}": pl.String for j in range(len(columns))},
    )
    return RawSheet("S", frame, missing=missing)


@pytest.mark.parametrize(
    ("formula", "value"),
    [
        ("=SUM(A1:C1)", 6.0),
        ("=SUM(A1:C1,10)", 16.0),
        ("=A1+B1*C1", 7.0),
        ("=(A1+B1)*C1", 9.0),
        ("=-A1+$C$1/2", 0.5),
        ("=SUM(A1:D1)", 6.0),  # D1 is text: SUM skips it, as Excel does
        ("=sum(a1:c1)", 6.0),
        # The cell's own sheet named in the reference (S is the sheet), a percent, -(-x).
        ("=S!A1+'S'!B1", 3.0),
        ("=SUM(S!A1:S!C1)", 6.0),
        ("=C1*25%", 0.75),
        ("=A1-(-B1)", 3.0),
    ],
)
def test_plain_arithmetic_is_computed(formula: str, value: float) -> None:
    raw = resolve_formulas(sheet([["1", "2", "3", "备注", None]], {(1, 4): formula}))
    assert raw.computed == ((1, 4, formula, value),)
    assert raw.missing == {}
    assert raw.frame[0, 4] == repr(value)


@pytest.mark.parametrize(
    "formula",
    [
        "=A1+D1",
        "=A1/(B1-2)",
        "=VLOOKUP(A1,B1:C1,2,0)",
        "=其他!A1+1",
        "=IF(A1>0,1,0)",
        "=A1+",
        "=SS!A1+1",
        "='其他'!A1*10%",
    ],
)
def test_anything_else_stays_missing(formula: str) -> None:
    raw = resolve_formulas(sheet([["1", "2", "3", "备注", None]], {(1, 4): formula}))
    assert raw.computed == ()
    assert raw.missing == {(1, 4): formula}


def test_chains_and_cycles() -> None:
    rows = [["1", None, None], ["2", None, None]]
    chain = {(1, 1): "A1*2", (1, 2): "B1+1", (2, 1): "B2+1", (2, 2): "B2+1"}  # row 2: a cycle
    raw = resolve_formulas(sheet(rows, chain))
    assert {(r, c): v for r, c, _, v in raw.computed} == {(1, 1): 2.0, (1, 2): 3.0}
    assert set(raw.missing) == {(2, 1), (2, 2)}


def test_excel_shared_formulas_without_values(runner: CliRunner, tmp_path: Path) -> None:
    """One master formula (=D3+E3) shared down the column, no values saved."""
    head = [
        "项目名称",
        "县(市、区)",
        "年度计划投资",
        "其中:政府投资",
        "其中:社会投资",
        "1-3月完成投资",
    ]
    xml = ['<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>' + TITLE + "</t></is></c></row>"
           '<row r="2">' + "".join(f'<c r="{"ABCDEF"[j]}2" t="inlineStr"><is><t>{h}</t></is></c>'
                                    for j, h in enumerate(head)) + "</row>"]  # fmt: skip
    done = 0
    for r in range(3, 9):
        gov, soc = 10 * r, r
        done += gov + soc
        f = '<f t="shared" ref="F3:F8" si="0">D3+E3</f>' if r == 3 else '<f t="shared" si="0"/>'
        xml.append(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>项目{r}</t></is></c>'
                   f'<c r="B{r}" t="inlineStr"><is><t>东区</t></is></c>'
                   f'<c r="C{r}"><v>1000</v></c><c r="D{r}"><v>{gov}</v></c>'
                   f'<c r="E{r}"><v>{soc}</v></c><c r="F{r}">{f}</c></row>')  # fmt: skip
    xml.append("</sheetData></worksheet>")
    path = tmp_path / "shared.xlsx"
    path.write_bytes(_raw_xlsx("".join(xml).encode()))
    result = runner.invoke(app, ["rank", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["total"]["completed_ytd"] == done == 11 * sum(range(3, 9))
    [finding] = [w for w in data["warnings"] if w["code"] == "formula_computed"]
    assert "F4（=D4+E4 → 44）" in finding["message"]


def test_a_subtotal_in_the_total_row_is_computed_not_refused(tmp_path: Path) -> None:
    """=SUBTOTAL(9, …) without a saved value in a 合计 row is a sum; a Chinese sheet name in
    a formula is shown as written (a tester found a refusal and &#21442; in the message)."""
    import json

    import openpyxl
    from typer.testing import CliRunner

    from projtrack.cli.app import app

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append(["序号", "项目名称", "2024年计划投资", "1-3月完成投资"])
    ws.append(["合计", None, "=SUBTOTAL(9,C3:C5)", "=SUBTOTAL(109,D3:D5)"])
    for i in range(1, 4):
        ws.append([i, f"项目{i}", 1000 * i, 300 * i])
    path = tmp_path / "subtotal.xlsx"
    wb.save(path)
    result = CliRunner().invoke(app, ["check", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["projects"] == 3
    assert not [f for f in data["findings"] if f["code"] == "subtotal_mismatch"]


def test_a_subtotal_skips_the_subtotals_inside_its_range() -> None:
    """Excel's 分类汇总: =SUBTOTAL(9,A1:A2) under each block, =SUBTOTAL(9,A1:A6) at the end
    counts each project once (a SUM would add the block subtotals too), as Excel does;
    a SUM over the same cells still adds them."""
    rows = [["1000"], ["2000"], [None], ["3000"], ["500"], [None], [None], [None]]
    formulas = {(3, 0): "=SUBTOTAL(9,A1:A2)", (6, 0): "=SUBTOTAL(109,A4:A5)",
                (7, 0): "=SUBTOTAL(9,A1:A6)", (8, 0): "=SUM(A1:A6)"}  # fmt: skip
    raw = resolve_formulas(sheet(rows, formulas))
    projects = [1000.0, 2000.0, 3000.0, 500.0]
    blocks = sum(projects[:2]) + sum(projects[2:])
    assert {(r, c): v for r, c, _, v in raw.computed} == {
        (3, 0): sum(projects[:2]), (6, 0): sum(projects[2:]),
        (7, 0): sum(projects), (8, 0): sum(projects) + blocks,
    }  # fmt: skip
