"""A city's workbook (市发改委): county sheets whose town column (所在乡镇) is not the
ranking unit, a 省重点 sheet beside them, one sheet of county sections over town
sections with 旌阳区合计 rows, and projects repeated across counties.

Found by a tester; expected figures are the sums of the invented rows.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from typer.testing import CliRunner

from projtrack.cli.app import app

TITLE = "德阳市2024年重点项目推进情况表（1-6月）"
COUNTIES: dict[str, list[tuple[str, str, float, float]]] = {  # name, town, plan, done
    "旌阳区": [("黄许镇管网工程", "黄许镇", 24300.0, 13851.0),
               ("孝泉镇文旅项目", "孝泉镇", 27400.0, 15618.0)],
    "中江县": [("凯江镇安置小区", "凯江镇", 30000.0, 9000.0),
               ("南华镇冷链物流", "南华镇", 12000.0, 7000.0),
               ("龙台镇农业园", "龙台镇", 8000.0, 1000.0)],
    "罗江区": [("万安镇产业园", "万安镇", 15000.0, 9100.0)],
}  # fmt: skip
PROVINCIAL = [
    ("德中快速通道", "旌阳区", 50000.0, 30000.0),
    ("中江光伏电站", "中江县", 20000.0, 4000.0),
]


def _rank(runner: CliRunner, path: Path, *args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["rank", str(path), "-f", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _by_group(report: dict[str, Any]) -> dict[str, tuple[int, float, float]]:
    return {
        r["group"]: (r["projects"], r["annual_plan"], r["completed_ytd"]) for r in report["rows"]
    }


def _county_sums(
    extra: tuple[tuple[str, str, float, float], ...] = (),
) -> dict[str, tuple[int, float, float]]:
    out: dict[str, tuple[int, float, float]] = {}
    rows = [(c, p, d) for c, items in COUNTIES.items() for _, _, p, d in items]
    rows += [(c, p, d) for _, c, p, d in extra]
    for county, plan, done in rows:
        n, sp, sd = out.get(county, (0, 0.0, 0.0))
        out[county] = (n + 1, sp + plan, sd + done)
    return out


@pytest.mark.parametrize("suffix", ["", "重点项目明细表"])
def test_a_provincial_sheet_beside_county_sheets_with_town_columns(
    runner: CliRunner, tmp_path: Path, suffix: str
) -> None:
    """罗江区 or 罗江区重点项目明细表 beside 省重点: the second names a county, not a level."""
    book = xlsxwriter.Workbook(tmp_path / "市.xlsx")
    sheet = book.add_worksheet("省重点")
    sheet.write_row(0, 0, [TITLE])
    sheet.write_row(1, 0, ["序号", "项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资"])
    for i, row in enumerate(PROVINCIAL, 1):
        sheet.write_row(i + 1, 0, [i, *row])
    for county, items in COUNTIES.items():
        sheet = book.add_worksheet(county + suffix)
        sheet.write_row(0, 0, [f"{county}2024年市重点项目推进情况表（1-6月）"])
        sheet.write_row(1, 0, ["序号", "项目名称", "所在乡镇", "年度计划投资", "1-6月完成投资"])
        for i, row in enumerate(items, 1):
            sheet.write_row(i + 1, 0, [i, *row])
    book.close()
    report = _rank(runner, tmp_path / "市.xlsx")
    assert _by_group(report) == _county_sums(PROVINCIAL)
    levels = _by_group(_rank(runner, tmp_path / "市.xlsx", "--by", "level"))
    assert levels["省重点"][0] == len(PROVINCIAL)
    out = runner.invoke(app, ["rank", str(tmp_path / "市.xlsx")], env={"COLUMNS": "200"}).stdout
    assert "排名（按县（市、区））" in out and "所在乡镇" not in out.splitlines()[0]


def _nested(path: Path, totals: bool) -> Path:
    """一、旌阳区（2个） over （一）黄许镇 … 小计 …, 旌阳区合计, and a 所在乡镇 column."""
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("全市")
    lines: list[list[Any]] = [
        [TITLE],
        ["序号", "项目名称", "所在乡镇", "年度计划投资", "1-6月完成投资"],
    ]
    seq = 1
    for k, (county, items) in enumerate(COUNTIES.items()):
        lines.append([None, f"{'一二三'[k]}、{county}（{len(items)}个）"])
        for j, (name, town, plan, done) in enumerate(items):
            lines.append([None, f"（{'一二三'[j]}）{town}"])
            lines.append([seq, name, town, plan, done])
            lines.append([None, "小计", None, plan, done])
            seq += 1
        if totals:
            lines.append([None, f"{county}合计", None, sum(i[2] for i in items),
                          sum(i[3] for i in items)])  # fmt: skip
    for r, line in enumerate(lines):
        sheet.write_row(r, 0, line)
    book.close()
    return path


@pytest.mark.parametrize("totals", [True, False])
def test_county_sections_over_town_sections_rank_counties(
    runner: CliRunner, tmp_path: Path, totals: bool
) -> None:
    report = _rank(runner, _nested(tmp_path / "全市.xlsx", totals))
    assert _by_group(report) == _county_sums()
    assert not [w for w in report["warnings"] if w["code"] == "subtotal_mismatch"]
    check = runner.invoke(app, ["check", str(tmp_path / "全市.xlsx")], env={"COLUMNS": "200"})
    reconciled = next(line for line in check.stdout.splitlines() if line.startswith("对账"))
    n = sum(len(items) for items in COUNTIES.values()) + (len(COUNTIES) if totals else 0)
    assert f"{n}/{n} 合计行一致" in reconciled


def test_projects_repeated_under_another_county_are_named(
    runner: CliRunner, tmp_path: Path
) -> None:
    book = xlsxwriter.Workbook(tmp_path / "市.xlsx")
    sheet = book.add_worksheet("台账")
    sheet.write_row(0, 0, [TITLE])
    sheet.write_row(1, 0, ["序号", "项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资"])
    rows = [("甲项目", "旌阳区", 100.0, 50.0), ("乙项目", "中江县", 200.0, 20.0),
            ("甲项目", "罗江区", 100.0, 50.0), ("丙项目", "旌阳区、中江县", 80.0, 8.0),
            ("丁项目", "罗江区", 100.0, 50.0)]  # fmt: skip
    for i, row in enumerate(rows, 1):
        sheet.write_row(i + 1, 0, [i, *row])
    book.close()
    report = _rank(runner, tmp_path / "市.xlsx")
    assert report["total"]["projects"] == len(rows)  # counted as written, and said
    codes = {(w["code"], w["where"]) for w in report["warnings"]}
    assert ("duplicate_elsewhere", "台账!B5") in codes  # 甲 again, under 罗江区
    assert ("region_joined", "台账!C6") in codes
    assert not any(c == "duplicate_elsewhere" and w == "台账!B7" for c, w in codes)  # 丁 differs


def test_one_county_s_sections_keep_its_towns(runner: CliRunner, tmp_path: Path) -> None:
    """一、旌阳区（2个） over （一）黄许镇 | （二）孝泉镇 on a county's own ledger: the towns are
    its units (the county rule needs sections of several counties)."""
    book = xlsxwriter.Workbook(tmp_path / "旌阳区.xlsx")
    sheet = book.add_worksheet("旌阳区")
    lines: list[list[Any]] = [[TITLE], ["序号", "项目名称", "所在乡镇", "年度计划投资", "1-6月完成投资"],
                              [None, "一、旌阳区（2个）"]]  # fmt: skip
    for j, (name, town, plan, done) in enumerate(COUNTIES["旌阳区"]):
        lines += [[None, f"（{'一二'[j]}）{town}"], [j + 1, name, town, plan, done]]
    for r, line in enumerate(lines):
        sheet.write_row(r, 0, line)
    book.close()
    report = _rank(runner, tmp_path / "旌阳区.xlsx")
    want = {town: (1, plan, done) for _, town, plan, done in COUNTIES["旌阳区"]}
    assert _by_group(report) == want
