"""One level written several ways (省重点, 省重点项目, 省级重点项目) is one group."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
from typer.testing import CliRunner

from conftest import write_xlsx
from projtrack.cli.app import app
from projtrack.read.values import merge_level_spellings

ROWS = [("甲", "省重点", 100.0, 40.0), ("乙", "省重点项目", 200.0, 50.0),
        ("丙", "省级重点项目", 300.0, 60.0), ("丁", "省级重点项目", 50.0, 5.0),
        ("戊", "市重点", 400.0, 100.0), ("己", "市级重点项目", 80.0, 8.0),
        ("庚", "县重點", 10.0, 1.0)]  # fmt: skip


def test_level_spellings_are_one_group(runner: CliRunner, tmp_path: Path) -> None:
    rows = [
        ["2024年重点项目推进情况表（1-6月）"],
        ["项目名称", "项目级别", "年度计划投资", "1-6月完成投资"],
    ]
    path = write_xlsx(tmp_path / "l.xlsx", [*rows, *[list(r) for r in ROWS]])
    result = runner.invoke(app, ["rank", str(path), "--by", "level", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    got = {r["group"]: (r["projects"], r["annual_plan"]) for r in json.loads(result.stdout)["rows"]}
    # the most common spelling names the group; on a tie the shortest
    assert got == {"省级重点项目": (4, 650.0), "市重点": (2, 480.0), "县重點": (1, 10.0)}


def test_other_levels_are_left_alone() -> None:
    values = pl.Series(["省重点", "省重大项目", "国家重点", None, "省重点项目", "其他"])
    assert merge_level_spellings(values).to_list() == [
        "省重点", "省重大项目", "国家重点", None, "省重点", "其他"
    ]  # fmt: skip


def test_a_bare_level_joins_the_one_word_of_its_level() -> None:
    """省级 / 市级项目 in a 项目级别 column beside 省重点 / 市重点 are those levels (a tester's
    ledger ranked 省重点 3 and 省级 1 as two groups); alone, or beside both 省重点 and 省重大,
    a bare 省级 is left as written."""
    values = pl.Series(["省重点", "省级", "省重点", "市级项目", "市重点", "县级"])
    assert merge_level_spellings(values).to_list() == [
        "省重点", "省重点", "省重点", "市重点", "市重点", "县级"
    ]  # fmt: skip
    both = pl.Series(["省重点", "省重大", "省级"])
    assert merge_level_spellings(both).to_list() == ["省重点", "省重大", "省级"]
