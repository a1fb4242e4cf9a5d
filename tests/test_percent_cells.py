"""A number formatted as a percentage in a money column (0.45 shown as ``45%``): a
``not_a_number`` finding at its cell and read as empty, as the text ``45%`` is — never
summed as 0.45 万元. Percent cells elsewhere (a 完成率 column) keep their value."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.read.load import load_ledger
from projtrack.read.xlsx_styles import is_percent_format

HEADER = ["序号", "所在乡镇", "项目名称", "年度计划投资", "1-6月完成投资", "完成率", "形象进度"]
PLANS = [1000, 800, 600, 400]
DONE = [500, 0.45, 300, 100]  # row 5 (项目2): a completion rate typed where the amount goes


def write(path: Path, fmt: str = "0%", *, as_text: bool = False) -> Path:
    """A ledger whose E5 holds DONE[1] formatted ``fmt`` (typed as text with ``as_text``);
    every 完成率 cell is a number formatted 0.0%."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "重点项目"
    ws.append(["2024年中江县重点项目推进情况表（1-6月）"])
    ws.append(["单位：万元"])
    ws.append(HEADER)
    for i, (plan, done) in enumerate(zip(PLANS, DONE, strict=True), 1):
        ws.append([i, "凯江镇" if i % 2 else "南华镇", f"项目{i}", plan, done, None, "在建"])
        ws.cell(ws.max_row, 6, done / plan).number_format = "0.0%"
    cell = ws["E5"]
    if as_text:
        cell.value = str(cell.value)
        cell.data_type = "s"
    cell.number_format = fmt
    wb.save(path)
    return path


@pytest.mark.parametrize(
    ("code", "percent"),
    [("0%", True), ("0.00%", True), ("0.0%;[Red]-0.0%", True), ("#,##0.0%", True),
     ('0.00"%"', False), ("0.00\\%", False), ("#,##0.00", False), ("General", False),
     ('"完成"0"%"', False), ("[>=1]0%;0.0%", True)],
)  # fmt: skip
def test_percent_format_codes(code: str, percent: bool) -> None:
    assert is_percent_format(code) is percent


@pytest.mark.parametrize("fmt", ["0%", "0.00%", "0.0%"])  # built-in 9, 10; a custom code
def test_a_money_cell_shown_as_a_percentage_is_said_and_read_as_empty(
    tmp_path: Path, fmt: str
) -> None:
    ledger = load_ledger(write(tmp_path / "t.xlsx", fmt))
    at = [(f.sheet, f.row, f.column, f.code, f.message) for f in ledger.findings if f.row == 5]
    assert ("重点项目", 5, 4, "not_a_number",
            "1-6月完成投资 为百分比格式的数值，显示为45%，不是金额，按空值处理"
            "（请填写金额，或取消该单元格的百分比格式）") in at  # fmt: skip
    done = ledger.projects["completed_ytd"].to_list()
    assert done == [DONE[0], None, DONE[2], DONE[3]]
    # the 完成率 column (numbers formatted 0.0%) is no money column: nothing said of it
    assert not [f for f in ledger.findings if f.column == 5]


def test_the_same_as_the_typed_text(tmp_path: Path) -> None:
    """The number shown 45% and the text 45% are read alike: empty, with not_a_number."""
    number = load_ledger(write(tmp_path / "n.xlsx"))
    text = load_ledger(write(tmp_path / "s.xlsx", as_text=True))
    text_cell = tmp_path / "t.xlsx"
    wb = openpyxl.load_workbook(write(text_cell))
    wb.active["E5"] = "45%"
    wb.save(text_cell)
    typed = load_ledger(text_cell)

    def codes(ledger: object) -> list[tuple[int | None, int | None, str]]:
        return sorted((f.row, f.column, f.code) for f in ledger.findings)  # type: ignore[attr-defined]

    assert codes(number) == codes(typed)
    assert number.projects["completed_ytd"].to_list() == typed.projects["completed_ytd"].to_list()
    # "0.45" typed as text in a percent-formatted cell shows 0.45: a number, nothing said
    assert text.projects["completed_ytd"].to_list() == DONE
    assert not [f for f in text.findings if f.row == 5 and f.code == "not_a_number"]


def test_rank_and_warn_leave_it_out(tmp_path: Path, runner: CliRunner) -> None:
    path = write(tmp_path / "t.xlsx")
    result = runner.invoke(app, ["rank", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["total"]["completed_ytd"] == pytest.approx(DONE[0] + DONE[2] + DONE[3])
    assert any(w["where"] == "重点项目!E5" and "显示为45%" in w["message"]
               for w in data["warnings"])  # fmt: skip


def test_a_ledger_without_percent_formats_records_none(tmp_path: Path) -> None:
    from projtrack.read.limits import DEFAULT_LIMITS
    from projtrack.read.xlsx_scan import scan_xlsx

    path = write(tmp_path / "t.xlsx")
    scans = scan_xlsx(path, DEFAULT_LIMITS)
    assert scans is not None
    assert {k: sorted(v) for k, v in scans["重点项目"].percent.items()} == {
        b"E": [5],
        b"F": [4, 5, 6, 7],
    }
    wb = openpyxl.load_workbook(path)
    for row in wb.active.iter_rows():
        for cell in row:
            cell.number_format = "General"
    wb.save(path)
    scans = scan_xlsx(path, DEFAULT_LIMITS)
    assert scans is not None and scans["重点项目"].percent == {}


def test_an_amount_formatted_as_a_percent_keeps_its_figure(tmp_path: Path) -> None:
    """2000 formatted 0% (shown 200000%) is an amount formatted wrong, not a rate typed where
    the amount belongs: it is read as 2000 (the share rule dropped it, and the county with
    it)."""
    import xlsxwriter

    path = tmp_path / "a.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("重点项目")
    pct = wb.add_format({"num_format": "0%"})
    ws.write_row(0, 0, ["2024年某县重点项目推进情况表（1-6月）"])
    ws.write_row(1, 0, ["项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资"])
    ws.write_row(2, 0, ["甲", "旌阳区", 2000])
    ws.write_number(2, 3, 1500, pct)
    ws.write_row(3, 0, ["乙", "中江县", 1000])
    ws.write_number(3, 3, 0.45, pct)
    wb.close()
    ledger = load_ledger(path)
    assert ledger.projects["completed_ytd"].to_list() == [1500.0, None]
    assert [f.where for f in ledger.findings if f.code == "not_a_number"] == ["重点项目!D4"]
