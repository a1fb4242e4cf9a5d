"""Plan headers: 调整后年度计划投资, 年度投资目标, and a bare 计划投资 on a year's sheet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import write_xlsx
from projtrack.cli.app import app

TITLE = ["2024年重点项目推进情况表（1-6月）"]
PROJECTS = [("甲项目", "旌阳区", 90000.0, 5000.0, 4200.0, 1200.5),
            ("乙项目", "中江县", 60000.0, 8000.0, 7000.0, 2500.0)]  # fmt: skip


def _run(runner: CliRunner, tmp_path: Path, head: list[str], pick: list[int]):
    rows = [TITLE, head, *[[p[i] for i in pick] for p in PROJECTS]]
    return runner.invoke(app, ["rank", str(write_xlsx(tmp_path / "p.xlsx", rows)), "-f", "json"])


@pytest.mark.parametrize(
    ("head", "pick", "plan_at"),
    [
        (["项目名称", "县(市、区)", "原年度计划投资", "调整后年度计划投资", "1-6月完成投资"],
         [0, 1, 3, 4, 5], 4),
        (["项目名称", "县(市、区)", "总投资", "年度投资目标", "1-6月完成投资"], [0, 1, 2, 3, 5], 3),
        (["项目名称", "县(市、区)", "总投资", "计划投资", "1-6月完成投资"], [0, 1, 2, 3, 5], 3),
    ],
)  # fmt: skip
def test_plan_header_wordings(
    runner: CliRunner, tmp_path: Path, head: list[str], pick: list[int], plan_at: int
) -> None:
    result = _run(runner, tmp_path, head, pick)
    assert result.exit_code == 0, result.stderr
    total = json.loads(result.stdout)["total"]
    assert abs(total["annual_plan"] - sum(p[plan_at] for p in PROJECTS)) < 1e-6
    assert abs(total["completed_ytd"] - sum(p[5] for p in PROJECTS)) < 1e-6


def test_a_bare_plan_without_a_total_column_is_not_guessed(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = _run(runner, tmp_path, ["项目名称", "县(市、区)", "计划投资", "1-6月完成投资"],
                  [0, 1, 2, 5])  # fmt: skip
    assert result.exit_code == 1 and "no column for 年度计划投资" in result.stderr
