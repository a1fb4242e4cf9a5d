"""init, then warn / starts / problems / rank on a multi-sheet ledger with start dates."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app

HEADER = ["序号", "项目名称", "建设性质", "年度计划投资", "1-6月完成投资", "计划开工时间",
          "实际开工时间", "存在问题"]  # fmt: skip
SHEETS = {
    "东区": [
        [1, "东1", "新开工", 100, 45, datetime(2024, 2, 1), datetime(2024, 2, 20), None],
        [2, "东2", "新开工", 100, 10, "2024年3月", None, "用地未报批"],  # 3 months overdue
        [3, "东3", "续建", 200, 150, "2022-05", "2022-06", None],
    ],
    "西区": [
        [1, "西1", "新开工", 100, 45, "2024.06", None, None],  # due this month
        [2, "西2", "新开工", 100, 0, "2024-09", None, "资金未落实"],  # not yet due
        [3, "西3", "续建", 100, 25, "2023-01", "2023-02", None],  # 25 pp behind
    ],
}


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in SHEETS.items():
        ws = wb.create_sheet(name)
        ws.append(["2024年XX市重点项目推进情况表(1-6月)"])
        ws.append(HEADER)
        for row in rows:
            ws.append(row)
    path = tmp_path / "multi.xlsx"
    wb.save(path)
    return path


def run(runner: CliRunner, *args: str) -> dict:
    result = runner.invoke(app, [*args, "-f", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_supervision_on_a_multi_sheet_ledger(runner: CliRunner, ledger: Path, tmp_path: Path):
    assert runner.invoke(app, ["init", str(tmp_path)]).exit_code == 0
    config = str(tmp_path / "projtrack.toml")
    starts = run(runner, "starts", str(ledger), "--config", config)
    # Due by 2024-06: 东1 东2 西1 (西2 is due in September); started: 东1.
    assert (starts["due"], starts["started"]) == (3, 1)
    assert {g["group"]: (g["due"], g["started"]) for g in starts["by"]} == {
        "东区": (2, 1),
        "西区": (1, 0),
    }
    assert [(p["name"], p["months_overdue"]) for p in starts["not_started"]] == [
        ("东2", 3),
        ("西1", 0),
    ]
    warned = run(runner, "warn", str(ledger), "--config", config)
    colours = {p["name"]: p["color"] for p in warned["projects"]}
    # 东2: 10% vs 50% = 40 pp behind and 3 months overdue → red; 西2 零投资 after Q1 → red;
    # 西3: 25 pp behind → yellow; 西1: due this month → yellow.
    assert colours == {"东1": "blue", "东2": "red", "东3": "blue", "西1": "yellow",
                       "西2": "red", "西3": "yellow"}  # fmt: skip
    problems = run(runner, "problems", str(ledger), "--config", config)
    assert problems["counts"]["total"] == 2
    ranked = run(runner, "rank", str(ledger), "--config", config)
    assert ranked["group_by"] == "region"  # filled from the sheet names
    rows = {r["group"]: r for r in ranked["rows"]}
    assert rows["东区"]["completion_rate"] == pytest.approx(205 / 400)
    assert rows["西区"]["completion_rate"] == pytest.approx(70 / 300)
    # Stricter thresholds in the config change the colours.
    Path(config).write_text(
        Path(config)
        .read_text(encoding="utf-8")
        .replace("progress_red_pp = 30.0", "progress_red_pp = 20.0"),
        encoding="utf-8",
    )
    stricter = run(runner, "warn", str(ledger), "--config", config)
    assert {p["name"]: p["color"] for p in stricter["projects"]}["西3"] == "red"
