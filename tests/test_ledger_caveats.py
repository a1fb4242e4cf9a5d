"""What the ledger says of itself is said beside the ranking and in the briefing (found by a
tester: a 汇总 sheet listing 西充县 beside a hidden 西充县 sheet gave 全市42个… with no note,
the briefing's note counted only 合计 mismatches, and a project counted twice passed with
a hint in `check` only)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from conftest import write_sheets
from projtrack.cli.app import app

HEADER = ["序号", "项目名称", "年度计划投资", "1-9月完成投资"]
COUNTIES = {  # sheet → (name, plan, completed), 万元
    "顺庆区": [("潆溪片区城市更新", 40000, 30000), ("冷链仓储中心", 20000, 8000)],
    "高坪区": [("航空港标准化厂房", 30000, 27000)],
    "西充县": [("有机农业产业园", 8900, 0), ("充国香桃加工基地", 48000, 51916)],
}


def _book(path: Path, *, hidden: str | None = "西充县", summary_plan: dict | None = None) -> Path:
    """County sheets, one of them hidden, and a 汇总 listing every county and the 合计."""
    sheets: dict[str, list[list[object]]] = {}
    summary: list[list[object]] = [["南充市2024年1-9月重点项目推进情况汇总表"], ["单位：万元"],
                                   ["序号", "县（市、区）", "项目个数", "年度计划投资", "1-9月完成投资"]]  # fmt: skip
    plans = {c: sum(p for _, p, _ in rows) for c, rows in COUNTIES.items()} | (summary_plan or {})
    for i, (county, rows) in enumerate(COUNTIES.items(), start=1):
        summary.append([i, county, len(rows), plans[county], sum(d for *_, d in rows)])
    summary.append([None, "合计", sum(len(r) for r in COUNTIES.values()), sum(plans.values()),
                    sum(d for rows in COUNTIES.values() for *_, d in rows)])  # fmt: skip
    sheets["汇总"] = summary
    for county, rows in COUNTIES.items():
        sheets[county] = [[f"{county}2024年重点项目推进情况表（1-9月）"], HEADER]
        sheets[county] += [[i, *row] for i, row in enumerate(rows, start=1)]
    write_sheets(path, sheets)
    if hidden:
        wb = openpyxl.load_workbook(path)
        wb[hidden].sheet_state = "hidden"
        wb.save(path)
    return path


def _rank(runner, path: Path, *args: str):
    result = runner.invoke(app, ["rank", str(path), *args])
    assert result.exit_code == 0, result.output
    return result


HIDDEN_NOTE = "汇总表列有西充县，其工作表为隐藏工作表，未计入本排名（如属本期报表，请取消隐藏或加 --include-hidden）。"


def test_a_hidden_county_the_summary_lists_is_said_under_the_ranking(runner, tmp_path) -> None:
    path = _book(tmp_path / "2024年南充市.xlsx")
    lines = _rank(runner, path).stdout.splitlines()
    # The 合计 row of the 汇总 differs too (it counts 西充县): one more row.
    assert lines[-2:] == [
        HIDDEN_NOTE,
        "汇总表另有1行与明细表之和不一致，本排名按明细表逐项汇总（详见 projtrack check）。",
    ]
    data = json.loads(_rank(runner, path, "-f", "json").stdout)
    # 顺庆区 and 高坪区 only: 3 projects, 40000 + 20000 + 30000 planned.
    assert (data["total"]["projects"], data["total"]["annual_plan"]) == (3, 90000.0)
    found = [(w["where"], w["code"]) for w in data["warnings"] if w["code"].startswith("summary")]
    assert found == [("汇总!B6", "summary_hidden"), ("汇总!C7", "summary_mismatch"),
                     ("汇总!D7", "summary_mismatch"), ("汇总!E7", "summary_mismatch")]  # fmt: skip


def test_the_briefing_says_it_in_its_notes(runner, tmp_path) -> None:
    path = _book(tmp_path / "2024年南充市.xlsx")
    result = runner.invoke(app, ["brief", str(path), "-f", "md"])
    assert result.exit_code == 0, result.output
    assert "注：汇总表列有西充县，其工作表为隐藏工作表，未计入本简报。\n" in result.stdout
    assert "注：汇总表另有1行与明细表之和不一致，本简报按明细表逐项汇总。\n" in result.stdout


def test_read_with_the_hidden_sheet_nothing_is_said(runner, tmp_path) -> None:
    path = _book(tmp_path / "2024年南充市.xlsx")
    result = _rank(runner, path, "--include-hidden", "-f", "json")
    data = json.loads(result.stdout)
    assert data["total"]["projects"] == 5
    assert not [w for w in data["warnings"] if w["code"].startswith("summary")]
    plain = _rank(runner, path, "--include-hidden").stdout
    assert "汇总表" not in plain


@pytest.mark.parametrize("this", ["rank", "brief"])
def test_summary_rows_unlike_the_details_are_counted_in_the_note(runner, tmp_path, this) -> None:
    """A 汇总 whose 顺庆区 plan is 1000 too many (and so its 合计): two rows."""
    path = _book(tmp_path / "2024年南充市.xlsx", hidden=None, summary_plan={"顺庆区": 61000})
    result = runner.invoke(app, [this, str(path), *(["-f", "md"] if this == "brief" else [])])
    assert result.exit_code == 0, result.output
    if this == "rank":
        assert (
            "汇总表2行与明细表之和不一致，本排名按明细表逐项汇总（详见 projtrack check）。"
            in result.stdout
        )
    else:
        assert "注：汇总表2行与明细表之和不一致，本简报按明细表逐项汇总。\n" in result.stdout


def test_a_project_repeated_in_two_county_sheets_is_said(runner, tmp_path) -> None:
    """One project typed into both county sheets with its figures: counted in both, and the
    ranking and the briefing say so (check alone said it before)."""
    sheets: dict[str, list[list[object]]] = {}
    for county, rows in COUNTIES.items():
        sheets[county] = [[f"{county}2024年重点项目推进情况表（1-9月）"], HEADER]
        sheets[county] += [[i, *row] for i, row in enumerate(rows, start=1)]
    sheets["高坪区"].append([2, *COUNTIES["顺庆区"][0]])
    path = write_sheets(tmp_path / "2024年南充市.xlsx", sheets)
    note = "1个项目与另一行的项目名称相同，各自计入本{}，如系重复填报请删除一处"
    assert note.format("排名") + "（详见 projtrack check）。" in _rank(runner, path).stdout
    result = runner.invoke(app, ["brief", str(path), "-f", "md"])
    assert result.exit_code == 0, result.output
    assert "注：" + note.format("简报") + "。\n" in result.stdout
