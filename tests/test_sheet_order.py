"""Tied projects are listed sheet by sheet in the workbook's order, then by row — never by
the code points of the sheet names.

A 德阳 ledger holds 旌阳区, 罗江区, 中江县, 广汉市, 什邡市, 绵竹市, 市本级 in that order; its
tied zero-investment reds were listed 中江县, 什邡市, 市本级, 广汉市 … (code points), so the
briefing's first-50 cut named four counties. The sheets below are in an order their
names' code points contradict (中 < 市 < 旌 < 罗), and a stored period must give the same.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app

SHEETS = ["旌阳区", "罗江区", "中江县", "市本级"]  # the workbook's order
HEADER = ["序号", "项目名称", "建设性质", "年度计划投资", "1-9月完成投资", "计划开工时间",
          "实际开工时间", "存在问题"]  # fmt: skip
TIED = [f"{s}零{k}" for s in SHEETS for k in (1, 2)]  # in workbook then row order


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    assert sorted(SHEETS) != SHEETS  # the point of the test
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name in SHEETS:
        ws = wb.create_sheet(name)
        ws.append(["2024年XX市重点项目推进情况表（1-9月）"])
        ws.append(HEADER)
        # two projects with nothing done, due in January and not started: tied everywhere
        ws.append([1, f"{name}零1", "新开工", 1000, 0, "2024-01", None, "用地未批"])
        ws.append([2, f"{name}零2", "新开工", 1000, 0, "2024-01", None, "资金未到位"])
        ws.append([3, f"{name}快", "续建", 1000, 900, "2023-01", "2023-02", None])
    path = tmp_path / "德阳市1-9月.xlsx"
    wb.save(path)
    return path


def run(runner: CliRunner, *args: str) -> dict:
    result = runner.invoke(app, [*args, "-f", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def red_names(data: dict) -> list[str]:
    return [p["name"] for p in data["projects"] if p["color"] == "red"]


def red_table(md: str) -> list[str]:
    """The tied names in the order the briefing's red table prints them."""
    table = md.split("红色预警项目如下")[1].split("\n\n## ")[0]
    return sorted((n for n in TIED if f"| {n} |" in table), key=lambda n: table.index(f"| {n} |"))


def test_warn_brief_and_woniu_list_ties_in_workbook_order(runner: CliRunner, ledger: Path):
    assert red_names(run(runner, "warn", str(ledger))) == TIED
    brief = run(runner, "brief", str(ledger))
    assert [r["name"] for r in brief["fast_slow"]["slow"]["rows"]] == TIED
    assert [p["name"] for p in brief["woniu"]["projects"]] == TIED
    assert [p["name"] for p in run(runner, "woniu", str(ledger))["projects"]] == TIED
    assert red_table(runner.invoke(app, ["brief", str(ledger)]).stdout) == TIED
    # 应开未开 and 问题清单 tie the same way (all 8 months overdue, all open, no unit)
    starts = run(runner, "starts", str(ledger))
    assert [p["name"] for p in starts["not_started"]] == TIED
    assert [p["name"] for p in run(runner, "problems", str(ledger))["problems"]] == TIED


def test_a_stored_period_keeps_the_workbook_order(
    runner: CliRunner, ledger: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    assert runner.invoke(app, ["ingest", str(ledger), "--store", str(store)]).exit_code == 0
    stored = ["--store", str(store), "--month", "9"]
    brief = run(runner, "brief", *stored)
    assert [r["name"] for r in brief["fast_slow"]["slow"]["rows"]] == TIED
    assert [p["name"] for p in brief["woniu"]["projects"]] == TIED
    assert red_table(runner.invoke(app, ["brief", *stored]).stdout) == TIED
