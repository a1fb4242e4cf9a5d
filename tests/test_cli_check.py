"""`projtrack check`: the layout as read and every finding with its cell."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.jobs.check import check


def test_check_example_layout_json(runner: CliRunner, example: Path) -> None:
    result = runner.invoke(app, ["check", str(example), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data == json.loads(json.dumps(check(ledger=example).to_json()))
    assert data["projects"] == 72
    assert data["as_of"]["date"] == "2024-03-31"
    assert "1-3月完成投资" in data["as_of"]["source"]
    [sheet] = data["sheets"]
    assert sheet["name"] == "重点项目" and sheet["used"] and sheet["header_rows"] == [3, 3]
    assert sheet["title"] == ["2024年中江县重点项目推进情况表(1-3月)", "单位:万元"]
    assert sheet["unit"] == "万元" and sheet["unit_source"] == "title"
    columns = {c["field"]: c["where"] for c in sheet["columns"]}
    assert columns["name"] == "重点项目!B3"
    assert columns["annual_plan"] == "重点项目!I3"
    assert columns["completed_ytd"] == "重点项目!J3"
    assert data["counts"] == {"errors": 0, "warnings": len(data["findings"])}


def test_check_lists_findings_with_cells(runner: CliRunner, tidy) -> None:
    ledger = tidy(
        ["序号", "项目名称", "县(市、区)", "总投资", "年度计划投资", "1-3月完成投资"],
        [
            [1, "甲", "东区", 500, 100, 30],
            [2, "乙", "东区", 500, 0, 10],  # plan 0
            [3, "丙", "西区", 50, 10, 60],  # > 3× plan and > total investment
            [4, "丁", "西区", 500, 100, -5],  # negative
            [5, "甲", "东区", 500, 100, "约三十"],  # duplicate, not a number
            [None, "合计", None, 2050, 300, 90],  # 300 ≠ 310 and 90 ≠ 95
        ],
    )
    result = runner.invoke(app, ["check", str(ledger), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    got = [(f["where"], f["code"]) for f in data["findings"]]
    assert got == [
        ("Sheet1!E5", "plan_zero"),
        ("Sheet1!F6", "completed_over_3x_plan"),
        ("Sheet1!F6", "completed_over_total"),
        ("Sheet1!F7", "negative"),
        ("Sheet1!B8", "duplicate"),
        ("Sheet1!F8", "completed_missing"),
        ("Sheet1!F8", "not_a_number"),
        ("Sheet1!E9", "subtotal_mismatch"),
        ("Sheet1!F9", "subtotal_mismatch"),
    ]
    messages = {(f["where"], f["code"]): f["message"] for f in data["findings"]}
    assert messages[("Sheet1!B8", "duplicate")] == "甲：与 Sheet1 第4行 重复"
    assert messages[("Sheet1!E9", "subtotal_mismatch")] == (
        "合计行的年度计划投资 300 与所含项目之和 310 不符（差 -10）"
    )
    assert data["projects"] == 5
    assert data["sheets"][0]["total_rows"] == [9]


def test_check_table_output_names_cells(runner: CliRunner, tidy) -> None:
    ledger = tidy(
        ["项目名称", "县(市、区)", "年度计划投资", "1-3月完成投资"],
        [["甲", "东区", 0, 30]],
    )
    result = runner.invoke(app, ["check", str(ledger)])
    assert result.exit_code == 0
    assert "工作表 [Sheet1]：1 个项目；表头 第3行；金额单位 万元（标题/单位行）" in result.stdout
    assert "Sheet1!C3" in result.stdout and "annual_plan 年度计划投资" in result.stdout
    assert "Sheet1!C4" in result.stdout and "plan_zero" in result.stdout


def test_check_without_year_reports_how_to_give_it(runner: CliRunner, tidy) -> None:
    ledger = tidy(
        ["项目名称", "县(市、区)", "年度计划投资", "1-3月完成投资"],
        [["甲", "东区", 100, 30]],
        title=None,
    )
    result = runner.invoke(app, ["check", str(ledger), "-f", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["as_of"] is None
    assert data["findings"][0]["code"] == "as_of_unknown"
    assert "--year" in data["findings"][0]["message"]


def test_check_bad_file_exit_1(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip")
    result = runner.invoke(app, ["check", str(bad)])
    assert result.exit_code == 1
    assert "broken.xlsx" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("plans", "unit_line", "hint"),
    [
        ([3_000_000, 5_200_000, 8_000_000, 950_000], "单位:万元", "元"),  # 元 typed in 万元
        ([1.2, 3.5, 0.8, 2.4], "单位:万元", "亿元"),  # 亿元 typed in 万元
        ([3_000, 5_200, 8_000, 950], "单位:亿元", "万元"),  # 万元 typed in 亿元
        ([3_000, 5_200, 8_000, 950], "单位:万元", None),  # plausible: no finding
        ([3_000_000, 5_200_000], "单位:万元", None),  # fewer than 3 values: no judgement
    ],
)
def test_unit_suspect_names_the_header_cell(
    runner: CliRunner, tidy, plans: list[float], unit_line: str, hint: str | None
) -> None:
    rows = [[f"项目{i}", "东区", plan, plan / 4] for i, plan in enumerate(plans)]
    ledger = tidy(["项目名称", "县(市、区)", "年度计划投资", "1-3月完成投资"], rows,
                  unit_line=unit_line)  # fmt: skip
    data = json.loads(runner.invoke(app, ["check", str(ledger), "--format", "json"]).stdout)
    found = [f for f in data["findings"] if f["code"] == "unit_suspect"]
    if hint is None:
        assert found == []
        return
    # Both money columns look wrong; each finding points at its own header cell (row 3).
    assert [f["where"] for f in found] == ["Sheet1!C3", "Sheet1!D3"]
    assert all(f"看起来像是以{hint}填报" in f["message"] for f in found)


def test_a_header_unit_against_the_unit_row_names_both(runner: CliRunner, tidy) -> None:
    """单位：亿元 above headers saying （万元）, figures like 亿元: the header's unit is used
    (a column's own unit wins), and the warning names the unit row that disagrees."""
    rows = [[f"项目{i}", "东区", plan, plan / 4] for i, plan in enumerate([3.0, 1.0, 2.2, 4.5])]
    ledger = tidy(["项目名称", "县(市、区)", "年度计划投资（万元）", "1-3月完成投资（万元）"],
                  rows, unit_line="单位：亿元")  # fmt: skip
    data = json.loads(runner.invoke(app, ["check", str(ledger), "--format", "json"]).stdout)
    found = [f["message"] for f in data["findings"] if f["code"] == "unit_suspect"]
    assert len(found) == 2
    assert all("按表头的万元读取" in m and "单位行写明亿元" in m for m in found), found
    ranked = json.loads(runner.invoke(app, ["rank", str(ledger), "-f", "json"]).stdout)
    assert ranked["total"]["annual_plan"] == pytest.approx(10.7)  # as the header says


def test_check_warns_when_nothing_can_group_the_projects(runner: CliRunner, tidy) -> None:
    """check passed (no finding about it) a ledger every ranking command then refused for
    want of a grouping column, and that refusal named no header. Both now name the headers
    not understood and the [columns] line that makes one of them the grouping."""
    ledger = tidy(["项目名称", "建设地点", "年度计划投资", "1-3月完成投资"],
                  [["甲", "东区", 100, 30], ["乙", "西区", 100, 20]])  # fmt: skip
    data = json.loads(runner.invoke(app, ["check", str(ledger), "-f", "json"]).stdout)
    [found] = [f for f in data["findings"] if f["code"] == "no_grouping"]
    assert "'建设地点'" in found["message"] and '"建设地点" = "region"' in found["message"]
    refused = runner.invoke(app, ["rank", str(ledger)])
    assert refused.exit_code == 1
    assert "'建设地点'" in refused.stderr and "[columns]" in refused.stderr


@pytest.mark.parametrize(
    ("units", "unit", "line"),
    [(["（亿元）", "（亿元）"], "亿元", "金额单位 亿元（各金额列表头注明）"),
     (["（亿元）", "（万元）"], None, "金额单位 见各列（各金额列表头注明）"),
     (["（亿元）", None], None, "金额单位 万元（未注明，按万元）")],
)  # fmt: skip
def test_the_sheet_unit_line_says_what_the_columns_are_read_in(
    runner: CliRunner, tidy, units: list[str | None], unit: str | None, line: str
) -> None:
    """A units row under the header (（亿元） | （亿元）) and no unit line: the sheet line
    said 万元（未注明，按万元） while every amount was read in 亿元."""
    ledger = tidy(["项目名称", "县(市、区)", "年度计划投资", "1-3月完成投资"],
                  [[None, None, *units], ["甲", "东区", 2, 1]], unit_line=None)  # fmt: skip
    result = runner.invoke(app, ["check", str(ledger), "--format", "json"])
    assert result.exit_code == 0, result.output
    sheet = json.loads(result.stdout)["sheets"][0]
    assert sheet["unit"] == unit
    text = runner.invoke(app, ["check", str(ledger)]).stdout
    assert f"表头 第2-3行；{line}" in text or f"表头 第2行；{line}" in text, text
