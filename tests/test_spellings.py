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
        (["羅江區"], "罗江区", False),  # traditional only: simplified as every sentence is
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


@pytest.mark.parametrize(
    ("spellings", "merged"),
    [
        # a chain: 四川省… was merged into 德阳市旌阳区, itself merged into 旌阳区
        (["旌阳区", "德阳市旌阳区", "四川省德阳市旌阳区"], ["德阳市旌阳区", "四川省德阳市旌阳区"]),
        (["旌阳区", "四川省德阳市旌阳区"], ["四川省德阳市旌阳区"]),  # province and city
        # no 旌阳区 written: the short form and the city's spelling meet at the county's name
        (["旌阳", "德阳市旌阳区"], ["旌阳", "德阳市旌阳区"]),
        (
            ["旌阳", "德阳市旌阳区", "四川省德阳市旌阳区"],
            ["旌阳", "德阳市旌阳区", "四川省德阳市旌阳区"],
        ),
    ],
)
def test_every_spelling_of_a_county_comes_to_its_name(
    runner: CliRunner, tmp_path: Path, spellings: list[str], merged: list[str]
) -> None:
    """A tester's ledgers kept a 德阳市旌阳区 or 四川省德阳市旌阳区 group beside 旌阳区, or
    旌阳 beside 德阳市旌阳区; each spelling's note names the group it is counted in."""
    rows = [[k + 1, f"项目{k}", spellings[k % len(spellings)], 1000.0 * (k + 1), 300.0 * k]
            for k in range(3 * len(spellings))]  # fmt: skip
    rows.append([len(rows) + 1, "另一项目", "罗江区", 5000.0, 2500.0])
    got, data = groups(runner, write_xlsx(tmp_path / "c.xlsx", [TITLE, HEAD, *rows]))
    assert got == {"旌阳区": (len(rows) - 1, sum(r[3] for r in rows[:-1])), "罗江区": (1, 5000.0)}
    notes = sorted(w["message"].split("（同一")[0] for w in data["warnings"]
                   if w["code"] == "label_merged")  # fmt: skip
    assert notes == sorted(f"县（市、区）“{s}”按“旌阳区”计" for s in merged)


def test_a_county_after_its_city_written_without_shi(runner: CliRunner, tmp_path: Path) -> None:
    """德阳广汉市 is 广汉市 where the ledger writes 德阳 as a city (德阳市旌阳区); 德阳 alone
    names nothing else."""
    cells = ["广汉市", "德阳广汉市", "旌阳区", "德阳市旌阳区"]
    rows = [[k + 1, f"项目{k}", cells[k % 4], 100.0 * (k + 1), 10.0 * k] for k in range(8)]
    got, _ = groups(runner, write_xlsx(tmp_path / "g.xlsx", [TITLE, HEAD, *rows]))
    want: dict[str, tuple[int, float]] = {}
    for row in rows:
        county = str(row[2]).removeprefix("德阳市").removeprefix("德阳")
        n, plan = want.get(county, (0, 0.0))
        want[county] = (n + 1, plan + float(row[3]))  # type: ignore[arg-type]
    assert got == want
