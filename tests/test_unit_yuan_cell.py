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


def test_one_project_typed_in_yiyuan_is_flagged_at_its_cells(
    runner: CliRunner, tmp_path: Path
) -> None:
    """2.5 and 1.1 among plans of 20,000–45,000 万元: typed in 亿元 (25,000 万元)."""
    rows = [r[:] for r in ROWS]
    rows[3] = ["丁", "中江县", 80000, 2.5, 1.1]
    found = [w for w in _warnings(runner, tmp_path, rows) if w["code"] == "unit_suspect"]
    assert [w["where"] for w in found] == ["Sheet1!D7", "Sheet1!E7"]
    assert "像是以亿元填报（合 25,000 万元）" in found[0]["message"]


def test_a_small_completion_early_in_the_year_is_not_flagged(
    runner: CliRunner, tmp_path: Path
) -> None:
    rows = [r[:] for r in ROWS]
    rows[3] = ["丁", "中江县", 80000, 30000, 150]  # 150 万元 done: small, not 亿元
    assert not [w for w in _warnings(runner, tmp_path, rows) if w["code"] == "unit_suspect"]


def test_one_project_typed_in_wanyuan_in_a_yiyuan_column_is_flagged(
    runner: CliRunner, tmp_path: Path
) -> None:
    head = ["项目名称", "县(市、区)", "年度计划投资（亿元）", "1-6月完成投资（亿元）"]
    rows = [["甲", "旌阳区", 3.0, 1.2], ["乙", "中江县", 2000, 500], ["丙", "中江县", 1.0, 0.3],
            ["丁", "罗江区", 2.2, 0.9]]  # fmt: skip
    path = write_xlsx(tmp_path / "y.xlsx", [["2024年重点项目推进情况表（1-6月）"], head, *rows])
    result = runner.invoke(app, ["rank", str(path), "-f", "json"])
    found = [w for w in json.loads(result.stdout)["warnings"] if w["code"] == "unit_suspect"]
    assert [w["where"] for w in found] == ["Sheet1!C4", "Sheet1!D4"]
    assert "像是以万元填报（合 2,000 万元）" in found[0]["message"]


def test_a_cell_stating_its_own_unit_is_not_flagged(runner: CliRunner, tmp_path: Path) -> None:
    """``5000元`` in a 万元 column is read as 0.5 万元; it said its unit, so it is not "typed
    in 亿元" (the advice to correct it would have made it 10,000 times too large). The same
    figure typed bare (0.5) is still flagged."""
    rows = [r[:] for r in ROWS]
    rows[2][4] = "5000元"
    assert not [w for w in _warnings(runner, tmp_path, rows)
                if w["code"] == "unit_suspect" and w["where"] == "Sheet1!E6"]  # fmt: skip
    rows[2][4] = 0.5
    found = [w for w in _warnings(runner, tmp_path, rows) if w["code"] == "unit_suspect"]
    assert "Sheet1!E6" in [w["where"] for w in found]
