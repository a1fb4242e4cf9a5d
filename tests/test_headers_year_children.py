"""Children that say whose span a completion is, under a parent that says what it is:
2024年完成投资 over 6月 | 累计, 完成投资 over 开工累计 | 本年, 累计完成投资 over 开工以来 |
其中：本年, 完成投资 / 2024年逐月完成 / 1月 … 6月. Each was refused with a message that
missed the column holding the year so far. Expected figures are written out by hand."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app

TITLE = "绵阳市重点项目推进情况表（2024年6月）"
# name, county, plan, June's own completion, 1-6月, since the start
PROJECTS = [
    ("甲项目", "北川县", 6000, 500, 3000, 13000),
    ("乙项目", "安州区", 2000, 100, 600, 600),
    ("丙项目", "北川县", 4000, 400, 2000, 7000),
    ("丁项目", "江油市", 8000, 600, 2400, 2400),
]
PLAN, DONE = 20000.0, 8000.0  # 6000 + 2000 + 4000 + 8000; 3000 + 600 + 2000 + 2400


def two_rows(path: Path, parent: str, children: list[str], keys: list[int]) -> Path:
    """序号 | 项目名称 | 县 | 2024年计划投资 merged down, ``parent`` over ``children``;
    ``keys`` pick each child's figure from a project's tuple."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([TITLE])
    ws.append(["单位：万元"])
    ws.append(["序号", "项目名称", "县（市、区）", "2024年计划投资", parent,
               *[None] * (len(children) - 1)])  # fmt: skip
    ws.append([None, None, None, None, *children])
    for col in "ABCD":
        ws.merge_cells(f"{col}3:{col}4")
    ws.merge_cells(start_row=3, start_column=5, end_row=3, end_column=4 + len(children))
    for i, project in enumerate(PROJECTS, 1):
        ws.append([i, *project[:3], *(project[k] for k in keys)])
    wb.save(path)
    return path


def rank(runner: CliRunner, path: Path) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, ["rank", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("parent", "children", "keys"),
    [
        ("2024年完成投资", ["6月", "累计"], [3, 4]),  # 累计 under a parent naming the year
        ("完成投资", ["开工累计", "本年"], [5, 4]),
        ("累计完成投资", ["开工以来", "其中：本年"], [5, 4]),
        ("完成投资", ["本年", "开工以来"], [4, 5]),
    ],
)
def test_the_year_so_far_is_read(
    runner: CliRunner, tmp_path: Path, parent: str, children: list[str], keys: list[int]
) -> None:
    report = rank(runner, two_rows(tmp_path / "y.xlsx", parent, children, keys))
    assert report["total"]["annual_plan"] == pytest.approx(PLAN)
    assert report["total"]["completed_ytd"] == pytest.approx(DONE)
    assert report["as_of"] == "2024-06-30"


def test_a_bare_cumulative_beside_one_month_is_still_refused(
    runner: CliRunner, tmp_path: Path
) -> None:
    """完成投资 over 6月 | 累计: with no year over it the 累计 may count from the start."""
    path = two_rows(tmp_path / "y.xlsx", "完成投资", ["6月", "累计"], [3, 5])
    assert runner.invoke(app, ["rank", str(path)]).exit_code == 1


def test_months_under_a_year_row_under_completion(runner: CliRunner, tmp_path: Path) -> None:
    """完成投资 / 2024年逐月完成 / 1月 … 6月 (was "Headers not understood: F3 '完成投资'"):
    the months added, as on two rows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([TITLE])
    ws.append(["单位：万元"])
    ws.append(["序号", "项目名称", "县（市、区）", "年度计划投资", "完成投资", *[None] * 5])
    ws.append([None] * 4 + ["2024年逐月完成", *[None] * 5])
    ws.append([None] * 4 + [f"{m}月" for m in range(1, 7)])
    for col in "ABCD":
        ws.merge_cells(f"{col}3:{col}5")
    ws.merge_cells("E3:J3")
    ws.merge_cells("E4:J4")
    for i, (name, county, plan, june, ytd, _) in enumerate(PROJECTS, 1):
        before = (ytd - june) / 5  # January to May alike, June its own
        ws.append([i, name, county, plan, *[before] * 5, june])
    wb.save(tmp_path / "m.xlsx")
    report = rank(runner, tmp_path / "m.xlsx")
    assert report["total"]["completed_ytd"] == pytest.approx(DONE)
    assert report["as_of"] == "2024-06-30"
