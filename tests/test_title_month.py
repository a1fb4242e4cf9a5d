"""A title's bracketed month (推进情况表（1月）, (5月份)) gives the as-of month, as （1-6月）
does; a January ledger titled so is not refused for want of a month."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.period import clues_from_text

HEADER = ["序号", "项目名称", "县(市、区)", "2024年计划投资", "本年累计完成投资"]
ROWS = [[1, "甲项目", "东区", 1200, 0], [2, "乙项目", "西区", 2400, 100],
        [3, "丙项目", "东区", 600, 50]]  # fmt: skip


@pytest.mark.parametrize(("title", "month"), [("2024年重点项目推进情况表（1月）", 1),
                                              ("2024年重点项目推进情况(5月份)", 5),
                                              ("2024年重点项目推进情况表（1-6月）", 6)])  # fmt: skip
def test_bracketed_month(title: str, month: int) -> None:
    clue = clues_from_text("title", title)
    assert clue is not None and (clue.year, clue.month) == (2024, month)


def test_a_january_ledger_titled_with_its_month(runner: CliRunner, tidy) -> None:
    path = tidy(HEADER, ROWS, title="2024年重点项目推进情况表（1月）")
    result = runner.invoke(app, ["rank", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["as_of"] == "2024-01-31"
    assert data["total"]["annual_plan"] == 4200 and data["total"]["completed_ytd"] == 150
    assert data["time_progress"] == pytest.approx(1 / 12)


@pytest.mark.parametrize("label", ["统计截止时间：", "数据截至：", "截止日期"])
def test_a_cutoff_date_in_a_cell_of_its_own(runner: CliRunner, tmp_path, label: str) -> None:  # type: ignore[no-untyped-def]
    """统计截止时间： | 2024-05-31 (an Excel date cell) above the header: the as-of date; the
    row is a title line, not the top row of the header."""
    import datetime

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["××县重点项目推进情况表"])
    ws.append([label, datetime.datetime(2024, 5, 31), None, None, "单位：万元"])
    ws.append(HEADER)
    for row in ROWS:
        ws.append(row)
    wb.save(tmp_path / "d.xlsx")
    result = runner.invoke(app, ["rank", str(tmp_path / "d.xlsx"), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["as_of"] == "2024-05-31"
    assert report["total"]["annual_plan"] == sum(r[3] for r in ROWS)
