"""The bottom row of a merged header read with the block: ``1-3月完成投资`` over
``金额（亿元） | 占年度计划%`` and ``开工情况`` over ``计划开工时间 | 实际开工时间``.

Left out (the depth stopped above it), the completion in 亿元 was read as 万元 (10⁴ too
small, the 合计 agreeing because misread alike), the ledger's own rate was never checked,
and 开工情况 stood for its first child, the planned dates, as the actual start (应开未开
gone). Figures are asserted against the rows written, computed here independently.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.read.header_block import unread_start_parents
from projtrack.read.layout import detect_layout
from projtrack.read.load import load_ledger
from projtrack.read.rawsheet import frame_from_rows

TO_WAN = {"亿元": 1e4, "万元": 1.0, None: 1.0}
# name, plan, completed (in the sheet's units), planned start, actual start
PROJECTS = [
    ("甲项目", 3.2, 0.9, "2023-05-01", "2023-05-20"),
    ("乙项目", 5.0, 1.1, "2024-02-01", None),  # due in February, not started: 应开未开
    ("丙项目", 1.5, 0.52, "2024-01-01", "2024-01-15"),
    ("丁项目", 2.0, 0.25, "2024-03-01", None),  # due in March: 0 months overdue
]


def _ledger(
    path: Path,
    *,
    amount: str,
    rate: str,
    plan: str = "年度计划投资（亿元）",
    shape: str = "two",
    dated: tuple[str, str, str] = ("开工情况", "计划开工时间", "实际开工时间"),
    rates: list[float] | None = None,
) -> Path:
    """A ledger whose header is ``shape``: ``two`` rows (parents over children), ``grand``
    (a 2024年度投资情况 row over them), or ``blank`` (parents merged over two rows, their
    children on the third, the middle row empty)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["某县2024年1-3月重点项目推进情况表"])
    depth = 2 if shape == "two" else 3
    low = 1 + depth  # the children's row
    for col, text in zip("ABF", ["序号", "项目名称", "责任单位"], strict=True):
        ws[f"{col}2"] = text
        ws.merge_cells(f"{col}2:{col}{low}")
    top = 2
    if shape == "grand":
        ws["C2"] = "2024年度投资情况"
        ws.merge_cells("C2:E2")
        top = 3
    ws[f"C{top}"] = plan
    ws.merge_cells(f"C{top}:C{low}")
    ws[f"D{top}"] = "1-3月完成投资"
    ws.merge_cells(f"D{top}:E{low - 1}")
    ws[f"D{low}"], ws[f"E{low}"] = amount, rate
    ws["G2"] = dated[0]
    ws.merge_cells(f"G2:H{low - 1}")
    ws[f"G{low}"], ws[f"H{low}"] = dated[1], dated[2]
    for k, (name, p, d, planned, actual) in enumerate(PROJECTS):
        stated = rates[k] if rates else round(d / p * 100, 1)
        ws.append([k + 1, name, p, d, stated, "县住建局", planned, actual])
    wb.save(path)
    return path


def _unit(header: str) -> str | None:
    return "亿元" if "亿元" in header else "万元" if "万元" in header else None


AMOUNTS = ["金额（亿元）", "金额(万元)", "完成额（万元）", "投资额", "金额"]


@pytest.mark.parametrize("shape", ["two", "grand", "blank"])
@pytest.mark.parametrize("amount", AMOUNTS)
def test_the_amount_child_is_read_in_its_own_unit(tmp_path: Path, shape: str, amount: str) -> None:
    path = _ledger(tmp_path / "l.xlsx", amount=amount, rate="占年度计划%", shape=shape)
    ledger = load_ledger(path)
    p = ledger.projects
    plan_factor, done_factor = TO_WAN["亿元"], TO_WAN[_unit(amount)]
    assert p["name"].to_list() == [x[0] for x in PROJECTS]
    assert p["annual_plan"].sum() == pytest.approx(sum(x[1] for x in PROJECTS) * plan_factor)
    assert p["completed_ytd"].sum() == pytest.approx(sum(x[2] for x in PROJECTS) * done_factor)
    assert ledger.ytd_month == 3
    used = {c.field: c for s in ledger.sheets for c in s.columns}
    assert used["completed_ytd"].unit == _unit(amount)
    assert used["completed_ytd"].months == (1, 3)
    # The dated children are read as what they say, not 开工情况 as the actual start.
    assert p["planned_start"].cast(pl.String).to_list() == [x[3] for x in PROJECTS]
    actual = p["actual_start"].cast(pl.String).to_list()
    assert actual == [x[4] for x in PROJECTS]


@pytest.mark.parametrize("shape", ["two", "grand", "blank"])
@pytest.mark.parametrize("rate", ["占年度计划%", "完成率"])
def test_the_rate_child_is_checked_against_completed_over_plan(
    tmp_path: Path, shape: str, rate: str
) -> None:
    """The ledger's own 占年度计划% is reconciled; one wrong cell is named."""
    good = load_ledger(_ledger(tmp_path / "g.xlsx", amount="金额（亿元）", rate=rate, shape=shape))
    assert (good.reconciliation.rates.checked, good.reconciliation.rates.agreed) == (4, 4)
    rates = [round(d / p * 100, 1) for _, p, d, _, _ in PROJECTS]
    rates[1] = 40.0  # 1.1 ÷ 5.0 is 22.0%
    bad = load_ledger(
        _ledger(tmp_path / "b.xlsx", amount="金额（亿元）", rate=rate, shape=shape, rates=rates)
    )
    assert (bad.reconciliation.rates.checked, bad.reconciliation.rates.agreed) == (4, 3)
    found = [f for f in bad.findings if f.code == "rate_mismatch"]
    depth = 2 if shape == "two" else 3
    assert [(f.row, f.column) for f in found] == [(1 + depth + 2, 4)]  # 乙项目's E cell


def test_a_share_child_is_not_money(tmp_path: Path) -> None:
    """占比 beside 金额 under 1-3月完成投资: a share, neither refused nor summed."""
    ledger = load_ledger(_ledger(tmp_path / "s.xlsx", amount="金额（万元）", rate="占比"))
    assert ledger.projects["completed_ytd"].sum() == pytest.approx(sum(x[2] for x in PROJECTS))
    fields = [c.field for s in ledger.sheets for c in s.columns]
    assert fields.count("completed_ytd") == 1


DATED = [
    ("开工情况", "计划开工时间", "实际开工时间"),
    ("开工时间", "计划", "实际"),
    ("开工情况", "计划", "实际"),
]


@pytest.mark.parametrize("shape", ["two", "grand", "blank"])
@pytest.mark.parametrize("dated", DATED)
def test_starts_read_the_planned_dates_under_a_merged_parent(
    runner: CliRunner, tmp_path: Path, shape: str, dated: tuple[str, str, str]
) -> None:
    path = _ledger(tmp_path / "d.xlsx", amount="金额（亿元）", rate="占年度计划%", shape=shape,
                   dated=dated)  # fmt: skip
    result = runner.invoke(app, ["starts", str(path), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["as_of"] == "2024-03-31"
    # Planned this year and due by 03-31: 乙, 丙, 丁; started: 丙 only.
    due = [x for x in PROJECTS if "2024-01-01" <= x[3] <= "2024-03-31"]
    assert data["due"] == len(due) == 3
    assert data["started"] == sum(1 for x in due if x[4]) == 1
    late = [(r["name"], r["months_overdue"]) for r in data["not_started"]]
    assert late == [("乙项目", 1), ("丁项目", 0)]


def test_the_tester_brief_reads_yi_yuan(runner: CliRunner, tmp_path: Path) -> None:
    """In 亿元 where the child says so: 2.77亿元 of 11.7亿元 (23.7%), not 3万元 (0.0%)."""
    path = _ledger(tmp_path / "b.xlsx", amount="金额（亿元）", rate="占年度计划%", shape="grand")
    result = runner.invoke(app, ["rank", str(path), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    total = json.loads(result.stdout)["total"]
    plan, done = sum(x[1] for x in PROJECTS) * 1e4, sum(x[2] for x in PROJECTS) * 1e4
    assert total["annual_plan"] == pytest.approx(plan)
    assert total["completed_ytd"] == pytest.approx(done)
    assert total["completion_rate"] == pytest.approx(done / plan)


def test_a_parent_alone_over_dated_children_is_no_start() -> None:
    """开工情况 over 计划开工时间 | 实际开工时间 on a row the block did not take: the
    parent's column holds the planned dates, never read as the actual start."""
    headers = [("项目名称", "name"), ("开工情况", "actual_start"), ("", None), ("备注", "remarks")]
    assert unread_start_parents(headers, [None, "计划开工时间", "实际开工时间", None]) == [1]
    assert unread_start_parents(headers, [None, "计划", "实际", None]) == [1]
    # Status words under it (已开工), or a row of values: nothing unread.
    assert unread_start_parents(headers, [None, "已开工", "是", None]) == []
    assert unread_start_parents(headers, [None, "2024-01-01", None, None]) == []


def test_a_fourth_header_row_of_dates_is_read() -> None:
    """A header of four rows: 开工情况's 计划 | 实际 children on the fourth are read."""
    rows: list[list[str | None]] = [
        ["序号", "项目名称", "2024年投资情况", None, None, "开工情况", None],
        [None, None, "年度计划投资", "1-3月完成投资", None, None, None],
        [None, None, None, "金额", "占年度计划%", None, None],
        [None, None, None, None, None, "计划开工时间", "实际开工时间"],
        ["1", "甲项目", "100", "30", "30", "2024-01-01", "2024-01-05"],
    ]
    layout = detect_layout(frame_from_rows(rows))
    assert layout is not None and layout.header_depth == 4
    fields = layout.fields()
    assert (fields["planned_start"].index, fields["actual_start"].index) == (5, 6)


def test_a_fifth_header_row_of_dates_leaves_the_parent_unread() -> None:
    """A header of five rows (the block reads four): 开工情况 is not the actual start."""
    rows: list[list[str | None]] = [
        ["序号", "项目名称", "项目建设情况", None, None, None, None],
        [None, None, "2024年投资情况", None, None, "开工情况", None],
        [None, None, "年度计划投资", "1-3月完成投资", None, None, None],
        [None, None, None, "金额", "占年度计划%", None, None],
        [None, None, None, None, None, "计划开工时间", "实际开工时间"],
        ["1", "甲项目", "100", "30", "30", "2024-01-01", "2024-01-05"],
    ]
    layout = detect_layout(frame_from_rows(rows))
    assert layout is not None
    assert "actual_start" not in layout.fields()
