"""Unit statements naming several units (单位：总投资为亿元，其余为万元) and a table unit in
a remarks header (备注（金额单位：亿元）). Found by a tester: the first unit named was read
for every column (amounts 10⁴ times too large), and the remarks header's unit was ignored
(amounts 10⁴ times too small), each with no more than a warning that figures looked odd."""

from __future__ import annotations

from pathlib import Path

import pytest
import xlsxwriter

from projtrack.errors import LedgerError
from projtrack.read.load import load_ledger
from projtrack.read.unit_lines import stated_units

HEADERS = [("项目名称", "name"), ("总投资", "total_investment"), ("年度计划投资", "annual_plan"),
           ("1-6月完成投资", "completed_ytd"), ("备注", "remarks")]  # fmt: skip


@pytest.mark.parametrize(
    ("line", "table", "given"),
    [
        ("单位：万元", "万元", {}),
        ("2024年重点项目推进情况表（万元）", "万元", {}),
        ("总投资10亿元以上项目推进情况（万元）", "万元", {}),  # no 单位: the bracket
        ("单位：个、亿元", "亿元", {}),
        ("单位：万元 注：总投资10亿元以上", "万元", {}),  # 亿元 in another sense
        ("单位：总投资为亿元，其余为万元", "万元", {1: "亿元"}),
        ("单位：万元（总投资为亿元）", "万元", {1: "亿元"}),
        ("金额单位：总投资亿元；其他均为万元", "万元", {1: "亿元"}),
        ("单位：总投资、年度计划投资为亿元，1-6月完成投资为万元", None,
         {1: "亿元", 2: "亿元", 3: "万元"}),
    ],
)  # fmt: skip
def test_unit_statements(line: str, table: str | None, given: dict[int, str]) -> None:
    unit, per_column, conflict = stated_units([line], None, HEADERS)
    assert (unit, per_column, conflict) == (table, given, None)


@pytest.mark.parametrize(
    "line", ["单位：亿元、万元", "单位：万元，亿元", "单位：总计为亿元，其余为万元"]
)
def test_several_units_for_no_column_in_particular_cannot_be_read(line: str) -> None:
    assert stated_units([line], None, HEADERS) == (None, {}, line)


def test_a_remarks_header_states_the_tables_unit() -> None:
    headers = [*HEADERS[:-1], ("备注（金额单位：亿元）", "remarks")]
    assert stated_units(["2024年重点项目推进情况"], None, headers) == ("亿元", {}, None)
    assert stated_units(["单位：万元"], None, headers)[0] == "万元"  # the title says first
    remarks = [*HEADERS[:-1], ("备注(单位：亿元)", None)]
    assert stated_units([], None, remarks)[0] == "亿元"
    other = [*HEADERS, ("中央资金（单位：亿元）", None)]  # a column of its own, not read
    assert stated_units([], None, other) == (None, {}, None)


def _ledger(path: Path, unit_line: str, remarks: str = "备注") -> Path:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Sheet1")
    ws.write_row(0, 0, ["2024年重点项目推进情况表（1-6月）"])
    ws.write(1, 5, unit_line)
    ws.write_row(
        2, 0, ["项目名称", "县（市、区）", "总投资", "年度计划投资", "1-6月完成投资", remarks]
    )
    ws.write_row(3, 0, ["甲项目", "旌阳区", 12.5, 30000, 12000])
    ws.write_row(4, 0, ["乙项目", "罗江区", 3.2, 8000, 2500])
    ws.write_row(5, 0, ["丙项目", "罗江区", 0.8, 2000, 900])
    wb.close()
    return path


def test_a_unit_line_per_column_reads_each_column_in_its_unit(tmp_path: Path) -> None:
    ledger = load_ledger(_ledger(tmp_path / "a.xlsx", "单位：总投资为亿元，其余为万元"))
    p = ledger.projects
    assert p["total_investment"].to_list() == pytest.approx([125000.0, 32000.0, 8000.0])
    assert p["annual_plan"].sum() == pytest.approx(40000.0)
    assert p["completed_ytd"].sum() == pytest.approx(15400.0)
    assert not [f for f in ledger.findings if f.code in ("unit_suspect", "completed_over_total")]


def test_a_unit_line_naming_two_units_stops_the_run(tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match="单位行「单位：亿元、万元」写了几种单位") as caught:
        load_ledger(_ledger(tmp_path / "b.xlsx", "单位：亿元、万元"))
    assert "Sheet1" in str(caught.value)


def test_a_unit_in_the_remarks_header_is_the_tables(tmp_path: Path) -> None:
    path = _ledger(tmp_path / "c.xlsx", "", remarks="备注（金额单位：亿元）")
    p = load_ledger(path).projects
    assert p["annual_plan"].sum() == pytest.approx(40000.0 * 1e4)
