"""Project names that start like a total, breakdown or footnote line are still projects,
and a numbered row with figures is never dropped (found by a tester on real-looking ledgers)."""

from __future__ import annotations

import json

import pytest

from projtrack.cli.app import app

HEADER = ["序号", "项目名称", "年度计划投资（万元）", "1-3月完成投资（万元）", "责任单位"]
NAMES = ["其中学扩建项目", "制表机厂搬迁", "二、期工程", "联系人", "其中：龙湖片区开发",
         "合计划生育服务中心", "小计量检测中心", "普通项目"]  # fmt: skip


def test_numbered_rows_with_figures_are_projects(runner, tidy) -> None:
    rows = [[i, name, 1000 * i, 100 * i, "教育局"] for i, name in enumerate(NAMES, start=1)]
    result = runner.invoke(app, ["rank", str(tidy(HEADER, rows)), "--quarter", "Q1", "-f", "json"])
    assert result.exit_code == 0, result.output
    total = json.loads(result.stdout)["total"]
    n = len(NAMES)
    assert total["projects"] == n
    assert total["annual_plan"] == pytest.approx(1000 * n * (n + 1) / 2)
    assert total["completed_ytd"] == pytest.approx(100 * n * (n + 1) / 2)


def test_unnumbered_names_that_start_with_qizhong(runner, tidy) -> None:
    """Without 序号 too: 其中学… is a name, 其中：省重点项目 a breakdown (not counted)."""
    rows = [["", "其中学扩建项目", 1000, 200, "教育局"], ["", "城南道路", 3000, 600, "住建局"],
            ["", "其中：省重点项目", 1000, 200, ""]]  # fmt: skip
    result = runner.invoke(app, ["rank", str(tidy(HEADER, rows)), "--quarter", "Q1", "-f", "json"])
    assert result.exit_code == 0, result.output
    total = json.loads(result.stdout)["total"]
    assert (total["projects"], total["annual_plan"]) == (2, pytest.approx(4000))
