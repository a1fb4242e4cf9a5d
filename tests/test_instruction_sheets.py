"""Sheets that are no report: 填报说明 / 填表说明 / 模板 / 示例 (found by a tester: a 填报说明
sheet with a 填报示例 row under a copied header was ranked 3rd as a unit of 1 project, the
城市's own unit vanished into the counties, a city briefing ranked towns, and its text
「本表金额单位除注明外均为万元，嘉陵区报表为亿元」 stopped the run)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import write_sheets
from projtrack.cli.app import app

HEADER = ["序号", "项目名称", "所在乡镇", "年度计划投资", "1-9月完成投资"]
COUNTIES = {  # sheet → its projects (name, town, plan, completed), 万元
    "广安区": [("枣山物流园", "枣山街道", 37250, 20499.5), ("奎阁城市更新", "奎阁街道", 21150, 20124)],
    "岳池县": [("医药产业园", "九龙街道", 44250, 30997.2), ("中医医院迁建", "朝阳街道", 67800, 64436.5)],
}  # fmt: skip
OWN = (
    "市直部门",
    [("体育中心", "广安区", 13350, 9355.5), ("隧道改扩建", "岳池县", 58250, 55350.9)],
)
# What the three units add up to, by hand: 广安区 58400 / 40623.5; 岳池县 112050 / 95433.7;
# 市直部门 71600 / 64706.4.
EXPECTED = {
    "广安区": (2, 58400.0, 40623.5),
    "岳池县": (2, 112050.0, 95433.7),
    "市直部门": (2, 71600.0, 64706.4),
}


def _ledger(path: Path, first: tuple[str, list[list[object]]]) -> Path:
    """A city workbook: ``first`` (a sheet name and rows) before its county sheets and the
    city's own sheet."""
    sheets: dict[str, list[list[object]]] = {first[0]: first[1]}
    for county, rows in COUNTIES.items():
        sheets[county] = [[f"{county}2024年重点项目推进情况表（1-9月）"], ["单位：万元"], HEADER]
        sheets[county] += [[i, *row] for i, row in enumerate(rows, start=1)]
    name, rows = OWN
    sheets[name] = [["广安市市直部门2024年重点项目推进情况表（1-9月）"], ["单位：万元"],
                    ["序号", "项目名称", "所在县（市、区）", "年度计划投资", "1-9月完成投资"]]  # fmt: skip
    sheets[name] += [[i, *row] for i, row in enumerate(rows, start=1)]
    write_sheets(path, sheets)
    return path


def _rank(runner, path: Path) -> tuple[dict[str, tuple[int, float, float]], dict]:
    result = runner.invoke(app, ["rank", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    got = {r["group"]: (r["projects"], r["annual_plan"], round(r["completed_ytd"], 1))
           for r in data["rows"]}  # fmt: skip
    return got, data


INSTRUCTIONS = [
    "填报说明",
    "1．本表金额单位除注明外均为万元，嘉陵区报表为亿元。",  # several units: must not decide any
    "2．完成率=1-9月完成投资÷2024年计划投资。",
    "填报示例：",
    ["序号", "项目名称", "项目级别", "总投资", "2024年计划投资", "1-9月完成投资"],
]


@pytest.mark.parametrize(
    ("sheet", "example"),
    [
        ("填报说明", "示例：××区××产业园项目"),
        ("填表说明", "××县××产业园项目（示例）"),
        ("说明", "某某产业园项目"),
        ("模板", "XX项目"),
        ("1.填报示例", "例：城北路网工程"),
        ("附件说明", "城北新区路网工程"),  # a name that looks real: the sheet's name decides
    ],
)
def test_an_instructions_sheet_with_an_example_row_is_no_unit(
    runner, tmp_path, sheet, example
) -> None:
    rows = [[t] if isinstance(t, str) else t for t in INSTRUCTIONS]
    rows.append([1, example, "市重点", 50000, 10000, 6000])
    path = _ledger(tmp_path / "2024年1-9月广安市重点项目.xlsx", (sheet, rows))
    got, data = _rank(runner, path)
    assert got == EXPECTED
    total = data["total"]
    assert (total["projects"], total["annual_plan"]) == (6, 58400.0 + 112050.0 + 71600.0)
    skipped = [w for w in data["warnings"] if w["where"] == sheet]
    assert [w["code"] for w in skipped] == ["sheet_skipped"]


@pytest.mark.parametrize(
    "names",
    [("示例：××区××产业园项目", "XX县XX项目（样例）"), ("××区××产业园项目", "某某项目")],
)
def test_a_sheet_of_example_rows_is_no_report_whatever_its_name(runner, tmp_path, names) -> None:
    """Sheet1 holding only the form's example rows (示例, or placeholders ××, 某某 beside
    real sheets): no unit, no projects."""
    rows = [HEADER, [1, names[0], "××镇", 10000, 6000], [2, names[1], "XX镇", 20000, 1000]]
    path = _ledger(tmp_path / "2024年1-9月广安市重点项目.xlsx", ("Sheet1", rows))
    got, data = _rank(runner, path)
    assert got == EXPECTED
    assert any(w["where"] == "Sheet1" and "示例" in w["message"] for w in data["warnings"])


def test_one_sheet_named_template_with_real_projects_is_read(runner, tmp_path) -> None:
    """A form filled in and sent back under its name (模板): the name alone empties nothing."""
    rows = [["2024年岳池县重点项目推进情况表（1-9月）"], HEADER,
            [1, "医药产业园", "九龙街道", 44250, 30997.2], [2, "中医医院迁建", "朝阳街道", 67800, 64436.5]]  # fmt: skip
    path = write_sheets(tmp_path / "t.xlsx", {"模板": rows})
    got, _ = _rank(runner, path)
    assert got == {"九龙街道": (1, 44250.0, 30997.2), "朝阳街道": (1, 67800.0, 64436.5)}


def test_examples_alone_stop_the_run_saying_why(runner, tmp_path) -> None:
    rows = [
        ["2024年XX县重点项目推进情况表（1-9月）"],
        HEADER,
        [1, "示例：××产业园项目", "××镇", 100, 60],
    ]
    path = write_sheets(tmp_path / "t.xlsx", {"填报模板": rows})
    result = runner.invoke(app, ["rank", str(path)])
    assert result.exit_code == 1
    assert "no sheet holds project rows" in result.stderr
    assert "填报模板" in result.stderr and "examples" in result.stderr


def test_a_ledger_of_anonymous_names_alone_is_read(runner, tmp_path) -> None:
    """Placeholders (某某, ××) on every row of the only sheet: names made anonymous, read."""
    rows = [["2024年岳池县重点项目推进情况表（1-9月）"], HEADER,
            [1, "某某新材料有限公司年产5万吨项目", "九龙街道", 44250, 30997.2],
            [2, "××医院迁建", "朝阳街道", 67800, 64436.5]]  # fmt: skip
    path = write_sheets(tmp_path / "t.xlsx", {"岳池县": rows})
    got, _ = _rank(runner, path)
    assert got == {"九龙街道": (1, 44250.0, 30997.2), "朝阳街道": (1, 67800.0, 64436.5)}
