"""``trend --by leader``: each 包保领导's completion over the stored periods (issue #15).

The figures are recomputed here from the rows, independently of projtrack: the sum of
完成投资 over the sum of 年度计划投资 of each leader's projects, per period.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app

HEADER = ["项目名称", "责任单位", "包保领导", "年度计划投资", "{m}完成投资"]
PLAN = {"甲": ("县交通局", "张三", 100), "乙": ("县水利局", "张三", 300),
        "丙": ("县住建局", "李四", 200), "丁": ("县住建局", "李四", 400)}  # fmt: skip
DONE = {"1-3月": {"甲": 20, "乙": 30, "丙": 50, "丁": 0},
        "1-6月": {"甲": 60, "乙": 150, "丙": 90, "丁": 100}}  # fmt: skip


@pytest.fixture
def stored(runner: CliRunner, tidy: Callable[..., Path]) -> None:
    for months, done in DONE.items():
        header = [h.format(m=months) for h in HEADER]
        rows = [
            [name, unit, leader, plan, done[name]] for name, (unit, leader, plan) in PLAN.items()
        ]
        path = tidy(header, rows, name=f"{months}.xlsx", title="2024年重点项目推进情况")
        result = runner.invoke(app, ["ingest", str(path)])
        assert result.exit_code == 0, result.output


def expected(leader: str, months: str) -> float:
    names = [n for n, (_, who, _) in PLAN.items() if who == leader]
    return sum(DONE[months][n] for n in names) / sum(PLAN[n][2] for n in names)


def test_trend_by_leader_follows_each_leader(runner: CliRunner, stored: None) -> None:
    result = runner.invoke(app, ["trend", "--by", "leader", "-f", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["rows"]
    got = {(r["group"], r["period"]): r["completion_rate"] for r in rows}
    for leader in ("张三", "李四"):
        assert got[(leader, "2024-03")] == pytest.approx(expected(leader, "1-3月"))
        assert got[(leader, "2024-06")] == pytest.approx(expected(leader, "1-6月"))
    md = runner.invoke(app, ["trend", "--by", "leader", "-f", "md"]).stdout
    line = next(x for x in md.splitlines() if x.startswith("| 李四"))
    assert [c.strip() for c in line.strip("|").split("|")][1::2] == ["8.3%", "31.7%"]
