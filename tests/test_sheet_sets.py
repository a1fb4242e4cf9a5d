"""A print copy beside the ledger is not counted twice; sheets named for different periods
are not added together (both found by a tester: the totals doubled without a word)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import xlsxwriter

from projtrack.cli.app import app

HEADER = ["项目名称", "年度计划投资", "1-6月完成投资"]


def book(
    path: Path,
    sheets: dict[str, list[list[object]]],
    heads: dict[str, tuple[str, list[str]]] | None = None,  # sheet → its own title and header
) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        title, header = (heads or {}).get(name, ("2024年重点项目推进情况表（1-6月）", HEADER))
        ws.write_row(0, 0, [title])
        ws.write_row(1, 0, header)
        for r, row in enumerate(rows, start=2):
            ws.write_row(r, 0, row)
    wb.close()
    return path


ROWS = [[f"项目{i}", 2500 * i, 900 * i] for i in range(1, 5)]


def test_a_print_copy_is_left_out_with_a_note(runner, tmp_path: Path) -> None:
    path = book(tmp_path / "台账.xlsx", {"台账": ROWS, "打印版": ROWS})
    result = runner.invoke(app, ["check", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["projects"] == 4
    codes = {(f["where"], f["code"]) for f in data["findings"]}
    assert ("打印版", "sheet_copy") in codes


def test_sheets_of_different_counties_are_stacked(runner, tmp_path: Path) -> None:
    other = [[f"项目{i}", 1000 * i, 300 * i] for i in range(1, 4)]
    path = book(tmp_path / "市.xlsx", {"旌阳区": ROWS, "罗江区": other})
    result = runner.invoke(app, ["rank", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    total = json.loads(result.stdout)["total"]
    assert total["projects"] == 7
    assert total["annual_plan"] == pytest.approx(2500 * 10 + 1000 * 6)


def test_sheets_of_two_years_are_refused(runner, tmp_path: Path) -> None:
    older = [[name, plan * 2, done * 2] for name, plan, done in ROWS]
    path = book(tmp_path / "两年.xlsx", {"2024年1-6月": ROWS, "2023年1-6月": older})
    result = runner.invoke(app, ["rank", str(path)])
    assert result.exit_code == 1 and result.stdout == ""
    assert "different periods" in result.stderr and "2024年1-6月" in result.stderr


@pytest.mark.parametrize("name", ["Sheet1", "德阳市", "统计"])
@pytest.mark.parametrize("column", ["名称", "项目名称"])
def test_a_summary_sheet_named_otherwise_is_not_counted(
    runner, tmp_path: Path, name: str, column: str
) -> None:
    """A first sheet of county rows (名称 | 年度计划投资 | 1-6月完成投资, then 合计) whose
    figures are the county sheets' added up, named Sheet1 or for the city: a summary. It was
    counted, doubling every figure and ranking 德阳市 beside the counties."""
    counties = {"旌阳区": ROWS, "罗江区": [[f"乙{i}", 1000 * i, 300 * i] for i in range(1, 4)]}
    sums = {c: [sum(r[1] for r in rows), sum(r[2] for r in rows)] for c, rows in counties.items()}
    summary = [[c, *s] for c, s in sums.items()]
    summary.append(["合计", sum(s[0] for s in sums.values()), sum(s[1] for s in sums.values())])
    head = ("2024年德阳市重点项目推进情况汇总表（1-6月）", [column, *HEADER[1:]])
    path = book(tmp_path / "市.xlsx", {name: summary, **counties}, heads={name: head})
    result = runner.invoke(app, ["rank", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["total"]["projects"] == 7
    assert report["total"]["annual_plan"] == pytest.approx(sum(s[0] for s in sums.values()))
    assert {r["group"] for r in report["rows"]} == set(counties)


def test_a_first_sheet_of_projects_named_for_counties_is_still_counted(
    runner, tmp_path: Path
) -> None:
    """Rows naming counties but figures that are not the others' sum: projects (counted)."""
    path = book(tmp_path / "市.xlsx", {"Sheet1": [["旌阳区", 100, 50], ["罗江区", 200, 60]],
                                        "旌阳区": ROWS})  # fmt: skip
    report = json.loads(runner.invoke(app, ["check", str(path), "-f", "json"]).stdout)
    assert report["projects"] == 6


def test_county_sheets_of_one_level_give_both(runner, tmp_path: Path) -> None:
    """旌阳区（省重点） | 旌阳区（市重点） | 罗江区（省重点）: the county is the region and the
    bracket the level (each full name was ranked as a county of its own)."""
    sheets = {"旌阳区（省重点）": ROWS[:2], "旌阳区（市重点）": ROWS[2:],
              "罗江区(省重点项目)": [[f"乙{i}", 1000 * i, 300 * i] for i in range(1, 4)]}  # fmt: skip
    path = book(tmp_path / "市.xlsx", sheets)
    by_region = json.loads(runner.invoke(app, ["rank", str(path), "-f", "json"]).stdout)
    got = {r["group"]: r["projects"] for r in by_region["rows"]}
    assert got == {"旌阳区": 4, "罗江区": 3}
    result = runner.invoke(app, ["rank", str(path), "--by", "level", "-f", "json"])
    assert result.exit_code == 0, result.output
    by_level = {r["group"]: r["annual_plan"] for r in json.loads(result.stdout)["rows"]}
    assert by_level == {"省重点": 2500 * 3 + 1000 * 6, "市重点": 2500 * 7}
