"""A cell that only states the unit (单位：亿元) set beside the title or in a corner of
the header: it is the sheet's unit, and it makes neither the title row a header row nor
the column under it the only one in that unit. Expected totals are computed here from
the amounts written, times the unit's factor to 万元."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from conftest import write_csv
from projtrack.cli.app import app
from projtrack.read.load import load_ledger

TITLE = "2024年重点项目推进情况表（1-6月）"
HEAD = ["序号", "项目名称", "县(市、区)", "总投资", "年度计划投资", "1-6月完成投资", "备注"]
PROJECTS = [
    (1, "甲项目", "旌阳区", 9.0, 1.5, 0.8, None),
    (2, "乙项目", "中江县", 6.0, 0.75, 0.5, ""),
]
FACTOR = {"亿元": 10_000.0, "万元": 1.0, "元": 1e-4}


def expected(unit: str) -> tuple[float, float]:
    return (sum(p[4] for p in PROJECTS) * FACTOR[unit], sum(p[5] for p in PROJECTS) * FACTOR[unit])


def rank(runner: CliRunner, path: Path) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, ["rank", str(path), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize("merged", [True, False])
@pytest.mark.parametrize(
    ("unit_text", "unit"),
    [
        ("单位：亿元", "亿元"),
        ("（单位：亿元）", "亿元"),
        ("金额单位:元", "元"),
        ("单位：万元、个", "万元"),
        ("单位：个、亿元", "亿元"),
    ],
)
def test_a_unit_beside_the_title(
    runner: CliRunner, tmp_path: Path, merged: bool, unit_text: str, unit: str
) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([TITLE, None, None, None, None, None, unit_text])
    if merged:
        ws.merge_cells("A1:F1")
    ws.append(HEAD)
    for p in PROJECTS:
        ws.append(list(p))
    wb.save(tmp_path / "t.xlsx")
    report = rank(runner, tmp_path / "t.xlsx")
    plan, done = expected(unit)
    assert report["total"]["annual_plan"] == pytest.approx(plan)
    assert report["total"]["completed_ytd"] == pytest.approx(done)
    assert report["total"]["projects"] == len(PROJECTS)
    assert report["as_of"] == "2024-06-30"


def test_a_unit_in_the_corner_of_a_two_row_header(runner: CliRunner, tmp_path: Path) -> None:
    """投资情况 merged over 年度计划投资 | 1-6月完成投资, 单位：亿元 right of the header."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([TITLE])
    ws.append(["序号", "项目名称", "县(市、区)", "总投资", "投资情况", None, "备注", "单位：亿元"])
    ws.append([None, None, None, None, "年度计划投资", "1-6月完成投资", None])
    for col in (1, 2, 3, 4, 7):
        ws.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
    ws.merge_cells("E2:F2")
    for p in PROJECTS:
        ws.append(list(p))
    wb.save(tmp_path / "c.xlsx")
    plan, done = expected("亿元")
    total = rank(runner, tmp_path / "c.xlsx")["total"]
    assert total["annual_plan"] == pytest.approx(plan)
    assert total["completed_ytd"] == pytest.approx(done)


def test_a_unit_at_the_end_of_the_header_row_of_a_csv(runner: CliRunner, tmp_path: Path) -> None:
    rows = [
        [TITLE],
        [*HEAD, "单位：亿元"],
        *[[("" if v is None else v) for v in p] for p in PROJECTS],
    ]
    plan, done = expected("亿元")
    total = rank(runner, write_csv(tmp_path / "u.csv", rows))["total"]
    assert total["annual_plan"] == pytest.approx(plan)
    assert total["completed_ytd"] == pytest.approx(done)


def test_a_column_of_its_own_unit_keeps_it(runner: CliRunner, tmp_path: Path) -> None:
    """单位：亿元 beside the title, 总投资（万元） in the header: the column's own word wins."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([TITLE, None, None, None, None, None, "单位：亿元"])
    ws.append(["序号", "项目名称", "县(市、区)", "总投资（万元）", *HEAD[4:]])
    for p in PROJECTS:
        ws.append(list(p))
    wb.save(tmp_path / "o.xlsx")
    report = rank(runner, tmp_path / "o.xlsx")
    plan, _ = expected("亿元")
    assert report["total"]["annual_plan"] == pytest.approx(plan)
    projects = load_ledger(tmp_path / "o.xlsx").projects
    assert projects["total_investment"].sum() == pytest.approx(sum(p[3] for p in PROJECTS))


@pytest.mark.parametrize("merged", [True, False])
@pytest.mark.parametrize(
    ("plan_unit", "done_unit"),
    [("（亿元）", "（万元）"), ("亿元", "万元"), ("万元", "亿元"), ("单位：亿元", "单位：亿元")],
)
def test_a_units_row_under_the_header(
    runner: CliRunner, tmp_path: Path, merged: bool, plan_unit: str, done_unit: str
) -> None:
    """年度计划投资 | 1-6月完成投资 over （亿元） | （万元）: each column in its own unit;
    the units row is part of the header, not a row of data."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([TITLE])
    ws.append(HEAD[:6])
    ws.append([None, None, None, "万元", plan_unit, done_unit])
    if merged:
        for col in (1, 2, 3):
            ws.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
    for p in PROJECTS:
        ws.append(list(p[:6]))
    wb.save(tmp_path / "r.xlsx")
    report = rank(runner, tmp_path / "r.xlsx")
    unit_of = {"（亿元）": "亿元", "亿元": "亿元", "（万元）": "万元", "万元": "万元",
               "单位：亿元": "亿元"}  # fmt: skip
    plan = sum(p[4] for p in PROJECTS) * FACTOR[unit_of[plan_unit]]
    done = sum(p[5] for p in PROJECTS) * FACTOR[unit_of[done_unit]]
    assert report["total"]["projects"] == len(PROJECTS)
    assert report["total"]["annual_plan"] == pytest.approx(plan)
    assert report["total"]["completed_ytd"] == pytest.approx(done)
    projects = load_ledger(tmp_path / "r.xlsx").projects
    assert projects["total_investment"].sum() == pytest.approx(sum(p[3] for p in PROJECTS))


@pytest.mark.parametrize("label", ["计量单位", "单位", "单位：", "（单位）"])
def test_a_labelled_units_row_and_its_rates(runner: CliRunner, tmp_path: Path, label: str) -> None:
    """计量单位 | | | 亿元 | 亿元 | 万元 | % under the header: the label in 序号 made the row
    unread, every 亿元 amount was taken for 万元 (rates of 500,000%); and the 完成率 column is
    checked with plan and completion in one unit (计划 4.54亿元 against 29,449万元 is 64.9%)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([TITLE])
    ws.append([*HEAD[:6], "完成率"])
    ws.append([label, None, None, "亿元", "亿元", "万元", "%"])
    rows = [
        (1, "甲项目", "旌阳区", 22.99, 4.54, 29449.0),
        (2, "乙项目", "中江县", 20.59, 4.53, 13954.0),
    ]
    for row in rows:
        ws.append([*row, round(row[5] / (row[4] * 1e4) * 100, 1)])
    wb.save(tmp_path / "l.xlsx")
    report = rank(runner, tmp_path / "l.xlsx")
    assert report["total"]["annual_plan"] == pytest.approx(sum(r[4] for r in rows) * 1e4)
    assert report["total"]["completed_ytd"] == pytest.approx(sum(r[5] for r in rows))
    assert not [w for w in report["warnings"] if w["code"] in ("rate_mismatch", "unit_suspect")]
    rec = load_ledger(tmp_path / "l.xlsx").reconciliation
    assert rec.rates.checked == rec.rates.agreed == 2


@pytest.mark.parametrize(
    ("note", "unit"),
    [
        ("注：本表金额单位均为亿元。", "亿元"),
        ("说明：1.金额单位为亿元；2.数据截至6月底。", "亿元"),
        ("注：金额以亿元为单位", "亿元"),
        ("备注：表中投资额单位：元", "元"),
        ("注：1-6月完成投资为统计口径", "万元"),  # no unit stated: 万元 as without notes
        # A note about one column, a second unit or a conversion says nothing of the table.
        ("注：总投资单位为亿元，其余为万元。", "万元"),
        ("注：1.项目投资以亿元计的，请换算为万元填报。", "万元"),
        ("注：总投资以亿元计，年度计划和完成投资以万元计", "万元"),
        ("注：各单位报送数据以元为单位的，已统一折算为万元。", "万元"),
        ("注：总投资单位：亿元", "万元"),
    ],
)
def test_a_unit_stated_only_in_a_note_under_the_table(
    runner: CliRunner, tmp_path: Path, note: str, unit: str
) -> None:
    """Some ledgers say the unit once, in the notes under the table: read as 万元 the
    amounts were 10⁴ too small with only a unit_suspect hint."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([TITLE])
    ws.append(HEAD)
    for p in PROJECTS:
        ws.append(list(p))
    ws.append([])
    ws.append([note])
    wb.save(tmp_path / "t.xlsx")
    report = rank(runner, tmp_path / "t.xlsx")
    plan, done = expected(unit)
    assert report["total"]["annual_plan"] == pytest.approx(plan)
    assert report["total"]["completed_ytd"] == pytest.approx(done)


def test_the_title_unit_wins_over_a_note(runner: CliRunner, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([TITLE + "（单位：万元）"])
    ws.append(HEAD)
    for p in PROJECTS:
        ws.append(list(p))
    ws.append(["注：本表金额单位均为亿元。"])
    wb.save(tmp_path / "t.xlsx")
    assert rank(runner, tmp_path / "t.xlsx")["total"]["annual_plan"] == pytest.approx(2.25)
