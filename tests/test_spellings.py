"""One county written several ways is one group (a tester's briefing named 广汉市 on both
the 红榜 and the 黑榜). Expected groups are summed here from the rows as written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import write_xlsx
from projtrack.cli.app import app

HEAD = ["序号", "项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资"]
TITLE = ["2024年重点项目推进情况表（1-6月）"]


def groups(runner: CliRunner, path: Path) -> tuple[dict[str, tuple[int, float]], dict]:  # type: ignore[type-arg]
    result = runner.invoke(app, ["rank", str(path), "--by", "region", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    return {r["group"]: (r["projects"], r["annual_plan"]) for r in data["rows"]}, data


@pytest.mark.parametrize(
    ("spellings", "label", "noted"),
    [
        (["旌阳区", "旌阳 区", "旌阳区　"], "旌阳区", False),  # spaces typed inside or after
        (["罗江区", "羅江區"], "罗江区", False),  # traditional
        (["高新区（旌阳）", "高新区(旌阳)"], "高新区（旌阳）", False),  # bracket widths
        (["中江县", "中江"], "中江县", True),  # the short form
        (["旌阳区", "德阳市旌阳区"], "旌阳区", True),  # the city before it
    ],
)
def test_one_county_written_several_ways_is_one_group(
    runner: CliRunner, tmp_path: Path, spellings: list[str], label: str, noted: bool
) -> None:
    rows = [[k + 1, f"项目{k}", spellings[k % len(spellings)], 1000.0 * (k + 1), 300.0 * k]
            for k in range(6)]  # fmt: skip
    rows.append([7, "另一项目", "广汉市", 5000.0, 2500.0])
    got, data = groups(runner, write_xlsx(tmp_path / "s.xlsx", [TITLE, HEAD, *rows]))
    assert got == {label: (6, sum(r[3] for r in rows[:6])), "广汉市": (1, 5000.0)}
    codes = [w["code"] for w in data["warnings"]]
    assert ("label_merged" in codes) == noted


def test_a_short_form_that_fits_two_counties_is_left_as_written(
    runner: CliRunner, tmp_path: Path
) -> None:
    """中江 beside 中江县 and 中江镇: which one is meant cannot be told."""
    rows = [[1, "甲", "中江县", 100.0, 10.0], [2, "乙", "中江镇", 200.0, 20.0],
            [3, "丙", "中江", 300.0, 30.0]]  # fmt: skip
    got, _ = groups(runner, write_xlsx(tmp_path / "t.xlsx", [TITLE, HEAD, *rows]))
    assert set(got) == {"中江县", "中江镇", "中江"}
