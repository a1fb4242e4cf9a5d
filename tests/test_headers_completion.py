"""A completion block under a parent that says only "completed": 完成投资情况, 投资完成情况,
完成情况 over 6月 | 1-6月累计 | 开工累计, or 完成投资 over 当月 | 本年累计 | 开工累计 (both
were refused as "no header names this year's months"). The year-to-date child is the
completion; 开工累计 is the since-start figure, never summed as this year's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import write_xlsx
from projtrack.cli.app import app

# name, plan, this month, year to date, since start
PROJECTS = [("甲项目", 1000.0, 80.0, 420.0, 5200.0), ("乙项目", 600.0, 30.0, 150.0, 900.0),
            ("丙项目", 250.0, 0.0, 75.5, 75.5)]  # fmt: skip


PARENTS = ["完成投资情况", "投资完成情况", "完成情况", "2024年投资完成情况", "完成投资",
           "完成投资情况（万元）"]  # fmt: skip
CHILDREN = [("6月", "1-6月累计", "开工累计"), ("当月", "本年累计", "自开工累计"),
            ("本月", "1-6月累计", "开工以来累计")]  # fmt: skip


@pytest.mark.parametrize("parent", PARENTS)
@pytest.mark.parametrize("children", CHILDREN)
def test_the_running_total_under_a_completion_parent(
    runner: CliRunner, tmp_path: Path, parent: str, children: tuple[str, str, str]
) -> None:
    rows = [
        ["2024年某县重点项目推进情况表（1-6月）"],
        ["序号", "项目名称", "县(市、区)", "年度计划投资", parent, None, None],
        [None, None, None, None, *children],
        *[[i, n, "东区", plan, month, ytd, start] for i, (n, plan, month, ytd, start)
          in enumerate(PROJECTS, start=1)],
    ]  # fmt: skip
    path = write_xlsx(tmp_path / "c.xlsx", rows)
    result = runner.invoke(app, ["rank", str(path), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    total = json.loads(result.stdout)["total"]
    assert total["annual_plan"] == pytest.approx(sum(p[1] for p in PROJECTS))
    assert total["completed_ytd"] == pytest.approx(sum(p[3] for p in PROJECTS))


@pytest.mark.parametrize("header", ["1-6月累计", "1-6月累计（万元）", "2024年1-6月累计"])
def test_a_lone_running_total_header_is_the_completion(
    runner: CliRunner, tmp_path: Path, header: str
) -> None:
    """年度计划投资 | 1-6月累计 on one header row: the year's completion to June."""
    rows = [
        ["2024年某县重点项目推进情况表"],
        ["序号", "项目名称", "县(市、区)", "年度计划投资", header],
        *[[i, n, "东区", plan, ytd] for i, (n, plan, _, ytd, _) in enumerate(PROJECTS, start=1)],
    ]
    result = runner.invoke(app, ["rank", str(write_xlsx(tmp_path / "l.xlsx", rows)), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["as_of"] == "2024-06-30"
    assert data["total"]["completed_ytd"] == pytest.approx(sum(p[3] for p in PROJECTS))


def test_a_running_total_under_a_plan_parent_is_not_the_completion(
    runner: CliRunner, tmp_path: Path
) -> None:
    """计划投资 over 全年 | 1-6月累计: the months' plan, never the completion."""
    rows = [
        ["2024年某县重点项目推进情况表"],
        ["序号", "项目名称", "县(市、区)", "2024年计划投资", None, "1-6月完成投资"],
        [None, None, None, "全年", "1-6月累计", None],
        *[[i, n, "东区", plan, plan / 2, ytd]
          for i, (n, plan, _, ytd, _) in enumerate(PROJECTS, start=1)],
    ]  # fmt: skip
    result = runner.invoke(app, ["rank", str(write_xlsx(tmp_path / "p.xlsx", rows)), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    total = json.loads(result.stdout)["total"]
    assert total["annual_plan"] == pytest.approx(sum(p[1] for p in PROJECTS))
    assert total["completed_ytd"] == pytest.approx(sum(p[3] for p in PROJECTS))


def test_a_bare_running_total_beside_the_months_is_not_read_twice(
    runner: CliRunner, tmp_path: Path
) -> None:
    """2024年完成投资 over 1月 … 6月 | 累计: the months are the ledger (as of June); 累计, their
    sum, is not a second completion column."""
    months = [[round(p[3] / 6, 2)] * 5 + [p[3] - 5 * round(p[3] / 6, 2)] for p in PROJECTS]
    rows = [
        ["2024年某县重点项目推进情况表"],
        ["序号", "项目名称", "县(市、区)", "年度计划投资", "2024年完成投资", *[None] * 6],
        [None, None, None, None, *[f"{m}月" for m in range(1, 7)], "累计"],
        *[[i, n, "东区", plan, *m, ytd]
          for i, ((n, plan, _, ytd, _), m) in enumerate(zip(PROJECTS, months, strict=True), 1)],
    ]  # fmt: skip
    result = runner.invoke(app, ["rank", str(write_xlsx(tmp_path / "m.xlsx", rows)), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["as_of"] == "2024-06-30"
    assert data["total"]["completed_ytd"] == pytest.approx(sum(p[3] for p in PROJECTS))


def test_the_amount_beside_a_statistics_share(runner: CliRunner, tmp_path: Path) -> None:
    """1-6月完成投资 over 完成额 | 入统额: 完成额 is the completion (入统额 its 入统 share)."""
    rows = [
        ["2024年某县重点项目推进情况表"],
        ["序号", "项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资", None],
        [None, None, None, None, "完成额", "入统额"],
        *[
            [i, n, "东区", plan, ytd, ytd / 2]
            for i, (n, plan, _, ytd, _) in enumerate(PROJECTS, start=1)
        ],
    ]
    result = runner.invoke(app, ["rank", str(write_xlsx(tmp_path / "s.xlsx", rows)), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["total"]["completed_ytd"] == pytest.approx(
        sum(p[3] for p in PROJECTS)
    )
