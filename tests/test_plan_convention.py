"""Convention `plan`: time progress from the ledger's own 1-N月计划投资."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app

HEADER = ["项目名称", "县(市、区)", "年度计划投资", "1-6月计划投资", "1-6月完成投资"]
ROWS = [
    ["A1", "东区", 100, 20, 20],  # planned mostly for autumn: on plan
    ["A2", "东区", 100, 80, 40],  # 40 pp behind its own plan
    ["B1", "西区", 200, None, 90],  # no monthly plan: the month convention, 50%
]


def test_rank_against_the_monthly_plan(runner: CliRunner, tidy) -> None:
    ledger = tidy(HEADER, ROWS)
    result = runner.invoke(app, ["rank", str(ledger), "--convention", "plan", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["convention"] == "plan"
    rows = {r["group"]: r for r in data["rows"]}
    # 东区: done 60 of plan 200 = 30%; planned 100 of 200 = 50%: −20 pp.
    assert rows["东区"]["completion_rate"] == pytest.approx(0.3)
    assert rows["东区"]["time_progress"] == pytest.approx(0.5)
    assert rows["东区"]["variance_pp"] == pytest.approx(-20)
    # 西区 falls back to 200 × 50% planned: 45% − 50% = −5 pp.
    assert rows["西区"]["variance_pp"] == pytest.approx(-5)
    total = data["total"]
    assert total["time_progress"] == pytest.approx(0.5)  # (20 + 80 + 100) / 400
    assert total["variance_pp"] == pytest.approx((150 / 400 - 0.5) * 100)
    table = runner.invoke(app, ["rank", str(ledger), "--convention", "plan"]).stdout
    assert "时序进度按台账1-6月计划投资计算，合计为50.0%" in table  # the month, not "1-N月"
    md = runner.invoke(app, ["brief", str(ledger), "--convention", "plan", "-f", "md"]).stdout
    assert "（时序进度按1-6月计划投资计算，为50.0%）" in md


def test_warn_against_the_monthly_plan(runner: CliRunner, tidy, tmp_path: Path) -> None:
    ledger = tidy(HEADER, ROWS)
    config = tmp_path / "plan.toml"
    config.write_text('[general]\nconvention = "plan"\n', "utf-8")
    data = json.loads(
        runner.invoke(app, ["warn", str(ledger), "--config", str(config), "-f", "json"]).stdout
    )
    got = {p["name"]: (p["color"], p["variance_pp"]) for p in data["projects"]}
    assert got["A1"] == ("blue", pytest.approx(0))  # yellow under the month convention
    assert got["A2"] == ("red", pytest.approx(-40))
    assert got["B1"] == ("blue", pytest.approx(-5))
    month = json.loads(runner.invoke(app, ["warn", str(ledger), "-f", "json"]).stdout)
    assert {p["name"]: p["color"] for p in month["projects"]}["A1"] == "yellow"


def test_plan_without_a_monthly_plan_column_says_so(runner: CliRunner, tidy) -> None:
    ledger = tidy(
        ["项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资"], [["甲", "东区", 100, 50]]
    )
    data = json.loads(
        runner.invoke(app, ["rank", str(ledger), "--convention", "plan", "-f", "json"]).stdout
    )
    assert data["warnings"][0]["code"] == "no_monthly_plan"
    assert data["total"]["variance_pp"] == pytest.approx(0)
    # The month convention stood in, and nothing claims a monthly plan that was not there.
    assert data["convention"] == "month"
    md = runner.invoke(app, ["brief", str(ledger), "--convention", "plan", "-f", "md"]).stdout
    assert "计划投资计算" not in md
    table = runner.invoke(app, ["rank", str(ledger), "--convention", "plan"]).stdout
    assert "计划投资计算" not in table and "时序进度50.0%" in table


def test_warn_says_how_time_progress_was_taken(runner: CliRunner, tidy) -> None:
    """warn printed 时序进度50.0% under plan (each project against its own plan, the total
    35.2 % or whatever it is) and under day without 按日计算; it now says as rank does."""
    ledger = tidy(HEADER, ROWS)
    plan = runner.invoke(app, ["warn", str(ledger), "--convention", "plan", "-f", "md"]).stdout
    total = (20 + 80 + 200 * 0.5) / 400
    assert f"时序进度按台账1-6月计划投资计算（各项目对照本项目计划），合计为{total:.1%}。" in plan
    day = runner.invoke(app, ["warn", str(ledger), "--convention", "day", "-f", "md"]).stdout
    assert f"时序进度{182 / 366:.1%}，按日计算。" in day  # 2024-06-30: day 182 of 366
    month = runner.invoke(app, ["warn", str(ledger), "-f", "md"]).stdout
    assert "时序进度50.0%。" in month
