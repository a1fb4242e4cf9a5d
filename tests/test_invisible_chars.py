"""Invisible format characters pasted from the web or WeChat (zero-width space, word
joiner, BOM): 东区\u200b was a second 东区 in the ranking (the same county on the red and
the black list), 10\u200b00 was not a number, and 甲\u200b项目 beside 甲项目 no duplicate.
Expected figures are the sums of the cells written here."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.read.load import load_ledger

HEADER = ["序号", "项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资"]
ROWS = [[1, "甲项目", "东区", 1000, 300], [2, "乙项目", "东区", 2000, 400],
        [3, "丙项目", "西区", 500, 100]]  # fmt: skip


@pytest.mark.parametrize("mark", ["\u200b", "\ufeff", "\u2060", "\u200c"])
def test_an_invisible_mark_in_a_county_is_the_same_county(
    runner: CliRunner, tidy: Callable[..., Path], mark: str
) -> None:
    rows = [list(r) for r in ROWS]
    rows[1][2] = f"东区{mark}"
    result = runner.invoke(app, ["rank", str(tidy(HEADER, rows)), "-f", "json"])
    assert result.exit_code == 0, result.output
    groups = {
        r["group"]: (r["projects"], r["annual_plan"]) for r in json.loads(result.stdout)["rows"]
    }
    assert groups == {"东区": (2, 3000.0), "西区": (1, 500.0)}


def test_an_invisible_mark_inside_a_number_and_a_name(tidy: Callable[..., Path]) -> None:
    rows = [list(r) for r in ROWS] + [[4, "甲\u200b项目", "东区", "10\u200b00", 5]]
    ledger = load_ledger(tidy(HEADER, rows))
    assert ledger.projects["annual_plan"].sum() == pytest.approx(3500 + 1000)
    assert not [f for f in ledger.findings if f.code == "not_a_number"]
    assert [f.row for f in ledger.findings if f.code == "duplicate"] == [7]
