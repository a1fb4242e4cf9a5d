"""Sheets naming different places are never copies of each other, and on county sheets
the county is the region of every row, whatever the town column says (both found by a
tester: evenly allocated programmes lost two counties; 城区 became a region of its own)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter

from projtrack.cli.app import app

HEAD = ["序号", "项目名称", "所在乡镇", "总投资", "2024年计划投资", "1-6月完成投资"]
Row = list[Any]


def book(path: Path, sheets: dict[str, list[Row]], titles: dict[str, str] | None = None) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        ws.write_row(0, 0, [(titles or {}).get(name, "2024年重点项目推进情况表（1-6月）")])
        ws.write_row(1, 0, HEAD)
        for r, row in enumerate(rows, start=2):
            ws.write_row(r, 0, row)
    wb.close()
    return path


def rank(runner, path: Path) -> dict:
    result = runner.invoke(app, ["rank", str(path), "-f", "json", "--by", "region"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def groups(data: dict) -> dict[str, tuple[int, float, float]]:
    return {r["group"]: (r["projects"], round(r["annual_plan"], 2), round(r["completed_ytd"], 2))
            for r in data["rows"]}  # fmt: skip


def truth(sheets: dict[str, list[Row]]) -> dict[str, tuple[int, float, float]]:
    return {s: (len(rows), sum(float(r[4]) for r in rows), sum(float(r[5]) for r in rows))
            for s, rows in sheets.items()}  # fmt: skip


TOWNS = {
    "旌阳区": ("黄许镇", "孝泉镇"),
    "罗江区": ("金山镇", "万安镇"),
    "中江县": ("凯江镇", "南华镇"),
}


@pytest.mark.parametrize("done", [300, 0])  # a January ledger: every completion 0
@pytest.mark.parametrize("same_towns", [False, True])
def test_county_sheets_with_the_same_round_figures_are_all_counted(
    runner, tmp_path: Path, done: int, same_towns: bool
) -> None:
    sheets: dict[str, list[Row]] = {}
    for county, (t1, t2) in TOWNS.items():
        if same_towns:
            t1, t2 = "城关镇", "城关镇"
        sheets[county] = [
            [1, "高标准农田建设项目", t1, 1500, 1000, done],
            [2, "乡村道路", t2, 1500, 1000, done],
        ]
    data = rank(runner, book(tmp_path / "县.xlsx", sheets))
    want = truth(sheets)
    assert data["total"]["projects"] == sum(g[0] for g in want.values())
    assert data["total"]["annual_plan"] == pytest.approx(sum(g[1] for g in want.values()))
    assert data["total"]["completed_ytd"] == pytest.approx(sum(g[2] for g in want.values()))
    assert groups(data) == want
    assert not [w for w in data["warnings"] if w["code"].startswith("sheet_")]


def test_more_common_projects_on_county_sheets_are_not_refused(runner, tmp_path: Path) -> None:
    """Five evenly allocated programmes on each county sheet: neither copies nor parts."""
    names = ["高标准农田建设项目", "乡村道路", "饮水安全工程", "农村电网改造", "人居环境整治"]
    sheets = {c: [[i, n, t, 1500, 1000, 300] for i, (n, t) in enumerate(
        zip(names, [*towns, *towns, towns[0]], strict=True), start=1)]
        for c, towns in TOWNS.items()}  # fmt: skip
    data = rank(runner, book(tmp_path / "县.xlsx", sheets))
    assert groups(data) == truth(sheets)


def test_numbered_sheets_naming_other_towns_are_not_copies(runner, tmp_path: Path) -> None:
    """Sheet1/Sheet2 say no place, but their rows name other towns: not the same rows."""
    sheets = {f"Sheet{k}": [[1, "高标准农田建设项目", t1, 1500, 1000, 300],
                            [2, "乡村道路", t2, 1500, 1000, 300]]
              for k, (t1, t2) in enumerate(TOWNS.values(), start=1)}  # fmt: skip
    data = rank(runner, book(tmp_path / "表.xlsx", sheets))
    assert data["total"]["projects"] == 6
    assert data["total"]["annual_plan"] == pytest.approx(6000)


def test_sheets_titled_for_other_counties_are_not_copies(runner, tmp_path: Path) -> None:
    rows: list[Row] = [[1, "高标准农田建设项目", "城关镇", 1500, 1000, 300],
                       [2, "乡村道路", "城关镇", 1500, 1000, 300]]  # fmt: skip
    sheets = {"Sheet1": rows, "Sheet2": rows}
    titles = {
        "Sheet1": "旌阳区2024年重点项目推进情况表",
        "Sheet2": "罗江区2024年重点项目推进情况表",
    }
    data = rank(runner, book(tmp_path / "表.xlsx", sheets, titles))
    assert groups(data) == {"旌阳区": (2, 2000, 600), "罗江区": (2, 2000, 600)}


def test_a_print_copy_of_a_county_sheet_is_still_a_copy(runner, tmp_path: Path) -> None:
    rows: list[Row] = [[1, "高标准农田建设项目", "黄许镇", 1500, 1000, 300],
                       [2, "乡村道路", "孝泉镇", 1500, 1000, 300]]  # fmt: skip
    titles = {n: "旌阳区2024年重点项目推进情况表" for n in ("台账", "打印版")}
    data = rank(runner, book(tmp_path / "表.xlsx", {"台账": rows, "打印版": rows}, titles))
    assert data["total"]["projects"] == 2
    assert any(w["where"] == "打印版" and w["code"] == "sheet_copy" for w in data["warnings"])


def test_on_county_sheets_the_county_is_the_region_whatever_the_town(
    runner, tmp_path: Path
) -> None:
    sheets: dict[str, list[Row]] = {
        "旌阳区": [[1, "旌阳区甲", "城区", 100, 50, 20], [2, "旌阳区乙", "黄许镇", 100, 60, 25]],
        "罗江区": [[1, "罗江区甲", "城区", 100, 50, 20], [2, "罗江区乙", "金山镇", 100, 60, 25]],
        "中江县": [
            [1, "中江县甲", "工业园", 100, 30, 5],
            [2, "中江县乙", "罗江经开区", 100, 40, 7],
        ],
    }
    data = rank(runner, book(tmp_path / "县.xlsx", sheets))
    assert groups(data) == truth(sheets)


def test_a_full_list_titled_for_the_city_beside_county_sheets_is_not_added(
    runner, tmp_path: Path
) -> None:
    """项目清单 titled 德阳市… lists the projects of the county sheets: not a third place."""
    sheets: dict[str, list[Row]] = {
        c: [
            [1, f"{c}高标准农田建设项目", t1, 1500, 1000, 300],
            [2, f"{c}乡村道路", t2, 1500, 800, 200],
        ]
        for c, (t1, t2) in TOWNS.items()
    }
    sheets["项目清单"] = [row for rows in list(sheets.values()) for row in rows]
    titles = {"项目清单": "德阳市2024年重点项目推进情况表"}
    data = rank(runner, book(tmp_path / "市.xlsx", sheets, titles))
    counties = {c: rows for c, rows in sheets.items() if c != "项目清单"}
    assert groups(data) == truth(counties)
