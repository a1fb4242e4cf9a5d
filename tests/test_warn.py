"""红黄蓝 warnings: every threshold edge, and behaviour that follows projtrack.toml."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app

HEADER = ["项目名称", "县(市、区)", "建设性质", "年度计划投资", "1-6月完成投资", "计划开工时间",
          "实际开工时间", "是否入统"]  # fmt: skip
D = datetime
# As of 2024-06-30 the time progress is 50%.
ROWS = [
    ["A 恰好滞后30", "东区", "续建", 100, 20, None, None, None],
    ["B 滞后30.1", "东区", "续建", 100, 19.9, None, None, None],
    ["C 恰好滞后10", "东区", "续建", 100, 40, None, None, None],
    ["D 滞后9.9", "东区", "续建", 100, 40.1, None, None, None],
    ["E 计划为0", "西区", "续建", 0, 5, None, None, None],
    ["F 零投资", "西区", "续建", 100, 0, None, None, None],
    ["G 本月应开", "西区", "新开工", 100, 60, D(2024, 6, 1), None, None],
    ["H 逾期3个月", "西区", "新开工", 100, 60, D(2024, 3, 1), None, None],
    ["I 逾期2个月", "西区", "新开工", 100, 60, "2024年4月", None, None],
    ["J 无计划开工", "西区", "新开工", 100, 60, None, None, None],
    ["K 开工3个月未入统", "南区", "续建", 100, 60, None, D(2024, 3, 5), "否"],
    ["L 开工1个月未入统", "南区", "续建", 100, 60, None, "2024.05", "否"],
    ["M 开工2个月未入统", "南区", "续建", 100, 60, None, "2024-04", None],
    ["N 本月开工", "南区", "续建", 100, 60, None, D(2024, 6, 3), "否"],
    ["O 已入统", "南区", "续建", 100, 60, None, D(2024, 1, 1), "是"],
]
EXPECTED = {
    "A 恰好滞后30": ("yellow", "滞后时序进度30.0个百分点"),
    "B 滞后30.1": ("red", "滞后时序进度30.1个百分点"),
    "C 恰好滞后10": ("yellow", "滞后时序进度10.0个百分点"),
    "D 滞后9.9": ("blue", None),
    "E 计划为0": ("blue", None),
    "F 零投资": ("red", "零投资"),
    "G 本月应开": ("yellow", "应开未开（逾期不足1个月）"),
    "H 逾期3个月": ("red", "应开未开（逾期3个月）"),
    "I 逾期2个月": ("yellow", "应开未开（逾期2个月）"),
    "J 无计划开工": ("blue", None),
    "K 开工3个月未入统": ("red", "开工3个月未入统"),
    "L 开工1个月未入统": ("yellow", "开工1个月未入统"),
    "M 开工2个月未入统": ("yellow", "开工2个月未入统"),
    "N 本月开工": ("blue", None),
    "O 已入统": ("blue", None),
}


@pytest.fixture
def ledger(tidy) -> Path:
    return tidy(HEADER, ROWS)


def run(runner: CliRunner, *args: str) -> dict:
    result = runner.invoke(app, ["warn", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_every_threshold_edge(runner: CliRunner, ledger: Path) -> None:
    data = run(runner, str(ledger))
    assert data["as_of"] == "2024-06-30"
    got = {p["name"]: (p["color"], p["reason"]) for p in data["projects"]}
    assert got == EXPECTED
    assert data["counts"] == {"red": 4, "yellow": 6, "blue": 5}
    by = {g["group"]: (g["red"], g["yellow"], g["blue"]) for g in data["by"]}
    assert by == {"东区": (1, 2, 1), "西区": (2, 2, 2), "南区": (1, 2, 2)}
    assert data["projects"][0]["color"] == "red"  # worst first
    where = {p["name"]: p["where"] for p in data["projects"]}
    assert where["A 恰好滞后30"] == "Sheet1!A4"


def test_worst_dimension_wins_and_reasons_join(runner: CliRunner, tidy) -> None:
    ledger = tidy(HEADER, [["X", "东区", "新开工", 100, 10, D(2024, 2, 1), None, None]])
    [project] = run(runner, str(ledger))["projects"]
    assert project["color"] == "red"
    assert (project["progress"], project["start"]) == ("red", "red")
    assert project["reason"] == "滞后时序进度40.0个百分点；应开未开（逾期4个月）"


def test_zero_investment_is_not_red_in_the_first_quarter(runner: CliRunner, tidy) -> None:
    ledger = tidy(
        ["项目名称", "县(市、区)", "年度计划投资", "1-3月完成投资"], [["Z", "东区", 100, 0]]
    )
    [project] = run(runner, str(ledger))["projects"]
    assert (project["color"], project["reason"]) == ("yellow", "滞后时序进度25.0个百分点")


def test_thresholds_follow_the_config(runner: CliRunner, ledger: Path, tmp_path: Path) -> None:
    config = tmp_path / "strict.toml"
    config.write_text(
        "[warnings]\nprogress_yellow_pp = 5\nprogress_red_pp = 20\nstart_red_months = 1\n",
        encoding="utf-8",
    )
    data = run(runner, str(ledger), "--config", str(config))
    got = {p["name"]: p["color"] for p in data["projects"]}
    assert got["A 恰好滞后30"] == "red"
    assert got["C 恰好滞后10"] == "yellow"
    assert got["D 滞后9.9"] == "yellow"
    assert got["I 逾期2个月"] == "red"
    assert "滞后时序进度5～20个百分点（含）为黄" in data["rules"][0]


def test_relative_rule(runner: CliRunner, ledger: Path, tmp_path: Path) -> None:
    config = tmp_path / "relative.toml"
    config.write_text(
        '[warnings]\nrule = "relative"\nrelative_yellow = 0.2\nrelative_red = 0.6\n',
        encoding="utf-8",
    )
    data = run(runner, str(ledger), "--config", str(config))
    got = {p["name"]: p["progress"] for p in data["projects"]}
    # Behind by 30 pp of a 50% time progress is a 60% gap: yellow (inclusive), 30.1 is red.
    assert got["A 恰好滞后30"] == "yellow"
    assert got["B 滞后30.1"] == "red"
    assert got["C 恰好滞后10"] == "yellow"  # 20% gap, inclusive
    assert got["D 滞后9.9"] == "blue"


def test_config_in_current_folder_is_found(
    runner: CliRunner, ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "projtrack.toml").write_text("[warnings]\nprogress_red_pp = 25\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    got = {p["name"]: p["color"] for p in run(runner, str(ledger))["projects"]}
    assert got["A 恰好滞后30"] == "red"


def test_table_and_markdown(runner: CliRunner, ledger: Path) -> None:
    result = runner.invoke(app, ["warn", str(ledger), "-f", "md"])
    assert result.exit_code == 0
    assert result.stdout.startswith("## 上半年重点项目红黄蓝预警（红4个、黄6个、蓝5个）")
    assert "| 红 | B 滞后30.1 | 东区 | 19.9% | -30.1 | 滞后时序进度30.1个百分点 | Sheet1!A5 |" in (
        result.stdout
    )
    table = runner.invoke(app, ["warn", str(ledger), "--all"])
    assert "O 已入统" in table.stdout and "蓝" in table.stdout


def test_the_column_and_the_reason_round_one_variance_alike(runner: CliRunner, tidy) -> None:
    """199.5 of 1,000 at half-year is 30.05 points behind (−30.049999999999997 in floats):
    −30.1 in the 较时序进度 column and 30.1 in the reason, half away from zero (SPEC §4)."""
    ledger = tidy(HEADER[:5], [["X", "东区", "续建", 1000, 199.5]])
    [project] = run(runner, str(ledger))["projects"]
    assert project["reason"] == "滞后时序进度30.1个百分点"
    table = runner.invoke(app, ["warn", str(ledger), "--format", "md"]).stdout
    [row] = [line for line in table.splitlines() if line.startswith("| 红 | X ")]
    assert "| -30.1 |" in row and "滞后时序进度30.1个百分点" in row
