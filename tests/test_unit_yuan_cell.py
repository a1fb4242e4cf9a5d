"""One project typed in 元 in a 万元 column is flagged at its cell (unit_suspect)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from conftest import write_xlsx
from projtrack.cli.app import app

HEAD = ["项目名称", "县(市、区)", "总投资", "年度计划投资", "1-6月完成投资"]
ROWS = [["甲", "旌阳区", 90000, 30000, 12000], ["乙", "中江县", 120000, 45000, 20000],
        ["丙", "旌阳区", 50000, 20000, 9000], ["丁", "中江县", 800000, 280578000, 15000],
        ["戊", "罗江区", 70000, 25000, 11000]]  # fmt: skip


def _warnings(runner: CliRunner, tmp_path: Path, rows: list[list[object]]) -> list[dict]:
    title = [["2024年重点项目推进情况表（1-6月）"], ["单位：万元"], HEAD]
    path = write_xlsx(tmp_path / "u.xlsx", [*title, *rows])
    result = runner.invoke(app, ["rank", str(path), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["warnings"]


def test_one_plan_typed_in_yuan_is_flagged_at_its_cell(runner: CliRunner, tmp_path: Path) -> None:
    found = [w for w in _warnings(runner, tmp_path, ROWS) if w["code"] == "unit_suspect"]
    assert [w["where"] for w in found] == ["Sheet1!D7"]
    assert "丁" in found[0]["message"] and "28,057.8" in found[0]["message"]


def test_a_large_but_plausible_project_is_not_flagged(runner: CliRunner, tmp_path: Path) -> None:
    rows = [r[:] for r in ROWS]
    rows[3][3] = 900000  # 90亿 this year: large, not 元
    assert not [w for w in _warnings(runner, tmp_path, rows) if w["code"] == "unit_suspect"]
