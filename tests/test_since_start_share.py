"""A cumulative column and this year's share of it: 截至6月底累计完成投资 over 金额 | 其中：
2024年1-6月完成, or beside 其中：本年完成投资 (四川, 河南 progress tables). The since-start
figure was read as this year's completion (157-196% where the counties stood at 35-56%)
without a word; the 其中 column is the year-to-date. Expected figures are the sums of the
cells written here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import xlsxwriter
from typer.testing import CliRunner

from conftest import write_xlsx
from projtrack.cli.app import app

# name, county, plan, this year to June, since start
PROJECTS = [("甲项目", "东区", 1000.0, 420.0, 5200.0), ("乙项目", "西区", 600.0, 150.0, 900.0),
            ("丙项目", "东区", 250.0, 75.5, 75.5)]  # fmt: skip
PLAN = sum(p[2] for p in PROJECTS)
YTD = sum(p[3] for p in PROJECTS)
TITLE = "2024年某市重点项目推进情况表"


def _rank(runner: CliRunner, path: Path) -> dict:
    result = runner.invoke(app, ["rank", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _check(data: dict) -> None:
    assert data["as_of"] == "2024-06-30"
    assert data["total"]["completed_ytd"] == pytest.approx(YTD)
    assert data["total"]["completion_rate"] == pytest.approx(YTD / PLAN)


@pytest.mark.parametrize("child", ["其中：2024年1-6月完成", "其中：本年完成", "其中:1-6月完成投资"])
def test_this_year_s_share_under_a_cumulative_parent(
    runner: CliRunner, tmp_path: Path, child: str
) -> None:
    path = tmp_path / "s.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("S")
    sheet.write_row(0, 0, [TITLE])
    for k, head in enumerate(["序号", "项目名称", "县", "2024年计划投资"]):
        sheet.merge_range(1, k, 2, k, head)
    sheet.merge_range(1, 4, 1, 5, "截至6月底累计完成投资")
    sheet.write_row(2, 4, ["金额", child])
    for i, (name, county, plan, ytd, start) in enumerate(PROJECTS, start=1):
        sheet.write_row(2 + i, 0, [i, name, county, plan, start, ytd])
    book.close()
    _check(_rank(runner, path))


@pytest.mark.parametrize(
    ("whole", "share"),
    [("截至6月底累计完成投资", "其中：2024年完成投资"), ("开工累计完成投资", "其中：本年完成投资"),
     ("截至2024年6月底累计完成投资", "其中：1-6月完成投资"),
     # the moment a running total stops at is not this year's span (季度, 上半年)
     ("截至二季度末累计完成投资", "其中：1-6月完成"), ("截至上半年末累计完成投资", "其中：本年完成"),
     ("截止第二季度末累计完成投资", "其中：2024年完成")],
)  # fmt: skip
def test_this_year_s_share_beside_a_cumulative_column(
    runner: CliRunner, tmp_path: Path, whole: str, share: str
) -> None:
    rows = [[f"{TITLE}（1-6月）"], ["序号", "项目名称", "县", "2024年计划投资", whole, share]]
    rows += [[i, n, c, plan, start, ytd] for i, (n, c, plan, ytd, start) in enumerate(PROJECTS, 1)]
    _check(_rank(runner, write_xlsx(tmp_path / "s.xlsx", rows)))


def test_a_share_of_this_year_s_column_is_left_alone(runner: CliRunner, tmp_path: Path) -> None:
    """1-6月完成投资 | 其中：本年中央预算内投资: a part of this year's figure, not read."""
    rows = [
        [TITLE],
        ["序号", "项目名称", "县", "2024年计划投资", "1-6月完成投资", "其中：省预算内"],
    ]
    rows += [[i, n, c, plan, ytd, 1.0] for i, (n, c, plan, ytd, _) in enumerate(PROJECTS, 1)]
    _check(_rank(runner, write_xlsx(tmp_path / "s.xlsx", rows)))


@pytest.mark.parametrize("order", ["since_first", "ytd_first"])
def test_a_cumulative_column_beside_this_year_s_is_since_start(
    runner: CliRunner, tmp_path: Path, order: str
) -> None:
    """截至6月底累计完成投资 | 1-6月完成投资, the first no smaller: since the start (said in
    an info finding); it was refused as two year-to-date columns."""
    heads = ["截至6月底累计完成投资", "1-6月完成投资"]
    cells = [lambda p: p[4], lambda p: p[3]]
    if order == "ytd_first":
        heads, cells = heads[::-1], cells[::-1]
    rows = [[TITLE], ["序号", "项目名称", "县", "2024年计划投资", *heads]]
    rows += [[i, p[0], p[1], p[2], *(f(p) for f in cells)] for i, p in enumerate(PROJECTS, 1)]
    data = _rank(runner, write_xlsx(tmp_path / "s.xlsx", rows))
    _check(data)
    assert [w["code"] for w in data["warnings"]] == ["column_since_start"]


def test_a_cumulative_column_smaller_than_this_year_s_is_still_refused(
    runner: CliRunner, tmp_path: Path
) -> None:
    rows = [
        [TITLE],
        ["序号", "项目名称", "县", "2024年计划投资", "截至6月底累计完成投资", "1-6月完成投资"],
    ]
    rows += [[i, n, c, plan, ytd / 2, ytd] for i, (n, c, plan, ytd, _) in enumerate(PROJECTS, 1)]
    result = runner.invoke(app, ["rank", str(write_xlsx(tmp_path / "s.xlsx", rows))])
    assert result.exit_code == 1 and "2 columns match" in result.stderr


@pytest.mark.parametrize(
    "share", ["其中：二季度完成投资", "其中：4-6月完成投资", "其中：6月完成投资"]
)
def test_a_share_of_part_of_the_year_leaves_the_total_this_year_s(
    runner: CliRunner, tmp_path: Path, share: str
) -> None:
    """截至6月底累计完成投资 | 其中：二季度 (or 6月): the total is this year's so far and the
    其中 a part of it; reading the 其中 as the year-to-date put a quarter in every rate."""
    rows = [[TITLE], ["序号", "项目名称", "县", "2024年计划投资", "截至6月底累计完成投资", share]]
    rows += [[i, n, c, plan, ytd, ytd / 3] for i, (n, c, plan, ytd, _) in enumerate(PROJECTS, 1)]
    _check(_rank(runner, write_xlsx(tmp_path / "s.xlsx", rows)))


def test_a_running_total_in_yi_beside_this_year_s_in_wan(runner: CliRunner, tmp_path: Path) -> None:
    """截至6月底累计（亿元） | 1-6月完成投资（万元）: compared in one unit (it was refused)."""
    heads = ["截至6月底累计完成投资（亿元）", "1-6月完成投资（万元）"]
    rows = [[TITLE], ["序号", "项目名称", "县", "2024年计划投资（万元）", *heads]]
    rows += [[i, n, c, plan, start / 1e4 + ytd / 1e4, ytd]
             for i, (n, c, plan, ytd, start) in enumerate(PROJECTS, 1)]  # fmt: skip
    _check(_rank(runner, write_xlsx(tmp_path / "s.xlsx", rows)))
