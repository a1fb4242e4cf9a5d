"""``5月完成投资`` beside ``1-5月完成投资`` is the month's own figure (completed_month).

Found by a tester: read as a second year-to-date (the sheet a by-month ledger of spans 1-5月
and 5月), the column was missing from ``check``'s list and the ledger's own 完成率 column was
not checked at all (``rates checked 0``): a 完成率 typed 99.9 for 79.67 passed, while the same
sheet without the 9月 column flagged it. Rates are worked out by hand below.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from conftest import write_xlsx
from projtrack.cli.app import app
from projtrack.read.load import load_ledger

# name, plan, 1-5月, 5月 (万元); the rate column as typed: 40/100 = 40.0, 90/300 = 30.0,
# 47.8/60 = 79.67 typed 99.9 (wrong).
PROJECTS = [("甲", 100.0, 40.0, 10.0, 40.0), ("乙", 300.0, 90.0, 20.0, 30.0),
            ("丙", 60.0, 47.8, 5.0, 99.9)]  # fmt: skip


def _check(runner: CliRunner, path: Path) -> Any:
    result = runner.invoke(app, ["check", str(path), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _fields(data: Any) -> list[tuple[str, str]]:
    return [(c["header"], c["field"]) for c in data["sheets"][0]["columns"]]


def test_a_flat_month_column_is_the_months_own(tmp_path: Path, runner: CliRunner) -> None:
    head = ["序号", "项目名称", "2024年计划投资", "1-5月完成投资", "5月完成投资", "完成率（%）"]
    rows = [[k, n, p, ytd, month, rate] for k, (n, p, ytd, month, rate) in enumerate(PROJECTS, 1)]
    path = write_xlsx(tmp_path / "a.xlsx", [["某县2024年重点项目台账（5月）"], head, *rows])
    data = _check(runner, path)
    assert ("5月完成投资", "completed_month") in _fields(data)
    assert ("1-5月完成投资", "completed_ytd") in _fields(data)
    rates = data["reconciliation"]["rates"]
    assert (rates["checked"], rates["agreed"]) == (3, 2)
    assert [(f["where"], f["code"]) for f in data["findings"] if f["code"] == "rate_mismatch"] == [
        ("Sheet1!F5", "rate_mismatch")
    ]
    frame = load_ledger(path).projects
    assert frame.select("completed_ytd", "completed_month").rows() == [
        (40.0, 10.0), (90.0, 20.0), (47.8, 5.0)]  # fmt: skip


@pytest.mark.parametrize("rate_header", ["占年度计划%", "占年度计划（%）", "完成率"])
def test_a_month_column_after_a_merged_ytd_block(
    tmp_path: Path, runner: CliRunner, rate_header: str
) -> None:
    """1-9月完成投资 merged over 金额 | 占年度计划%, then 9月完成投资 (merged down)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["营山县2024年重点项目推进情况统计表（2024年1-9月）"])
    ws.append(["序号", "项目名称", "2024年计划投资", "1-9月完成投资", None, "9月完成投资"])
    ws.append([None, None, None, "金额", rate_header, None])
    for col in "ABCF":
        ws.merge_cells(f"{col}2:{col}3")
    ws.merge_cells("D2:E2")
    for k, (n, p, ytd, month, rate) in enumerate(PROJECTS, 1):
        ws.append([k, n, p, ytd, rate, month])
    path = tmp_path / "c.xlsx"
    wb.save(path)
    data = _check(runner, path)
    assert ("9月完成投资", "completed_month") in _fields(data)
    rates = data["reconciliation"]["rates"]
    assert (rates["checked"], rates["agreed"]) == (3, 2)
    assert [f["where"] for f in data["findings"] if f["code"] == "rate_mismatch"] == ["Sheet1!E6"]


def test_a_month_under_the_completion_block(tmp_path: Path, runner: CliRunner) -> None:
    """完成投资 merged over 12月 | 1-12月累计, then 完成率 as text with %."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["南部县2024年重点项目建设情况表（1-12月）"])
    ws.append(["序号", "项目名称", "2024年计划投资", "完成投资", None, "完成率"])
    ws.append([None, None, None, "12月", "1-12月累计", None])
    for col in "ABCF":
        ws.merge_cells(f"{col}2:{col}3")
    ws.merge_cells("D2:E2")
    for k, (n, p, ytd, month, rate) in enumerate(PROJECTS, 1):
        ws.append([k, n, p, month, ytd, f"{rate:.1f}%"])
    path = tmp_path / "f.xlsx"
    wb.save(path)
    data = _check(runner, path)
    assert ("完成投资/12月", "completed_month") in _fields(data)
    rates = data["reconciliation"]["rates"]
    assert (rates["checked"], rates["agreed"]) == (3, 2)
    assert [f["where"] for f in data["findings"] if f["code"] == "rate_mismatch"] == ["Sheet1!F6"]


def test_months_in_several_spans_stay_a_by_month_ledger(tmp_path: Path) -> None:
    """1-8月 | 9月 | 1-9月: three spans, a by-month ledger readable at August and September."""
    head = ["序号", "项目名称", "2024年计划投资", "1-8月完成投资", "9月完成投资", "1-9月完成投资"]
    rows = [[1, "甲", 100, 30, 10, 40], [2, "乙", 300, 70, 20, 90]]
    ledger = load_ledger(write_xlsx(tmp_path / "w.xlsx", [["2024年重点项目表"], head, *rows]))
    assert ledger.months == [8, 9]
