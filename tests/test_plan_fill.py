"""调整后 left blank beside the original plan: the original is the plan in force."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import xlsxwriter

from projtrack.read.load import load_ledger

# name, original plan, adjusted plan (None: left blank, unchanged), completed (万元)
PROJECTS = [
    ("甲项目", 1000.0, 1500.0, 600.0),
    ("乙项目", 2000.0, None, 900.0),
    ("丙项目", 3000.0, None, 1200.0),
    ("丁项目", 4000.0, 2500.0, 1000.0),
]
IN_FORCE = [adj if adj is not None else orig for _, orig, adj, _ in PROJECTS]


def _book(path: Path, header: list[Any], rows: list[list[Any]], merged: bool) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("重点项目")
    ws.write(0, 0, "2024年某县重点项目推进情况表（1-7月）")
    if merged:  # 年度计划投资 over 原计划 | 调整后
        for j, h in enumerate(header):
            if j in (1, 2):
                continue
            ws.merge_range(1, j, 2, j, h) if j else ws.merge_range(1, 0, 2, 0, h)
        ws.merge_range(1, 1, 1, 2, "年度计划投资")
        ws.write_row(2, 1, [header[1], header[2]])
        first = 3
    else:
        ws.write_row(1, 0, header)
        first = 2
    for r, row in enumerate(rows):
        ws.write_row(first + r, 0, row)
    wb.close()
    return path


@pytest.mark.parametrize(
    ("original", "adjusted", "merged"),
    [
        ("原计划", "调整后", True),
        ("年初计划", "调整后", True),
        ("年度计划投资", "调整后年度计划投资", False),
        ("原年度计划投资", "调整后年度计划投资", False),
        ("2024年计划投资", "调整后计划投资", False),
    ],
)
def test_a_blank_adjusted_plan_is_the_original(
    tmp_path: Path, original: str, adjusted: str, merged: bool
) -> None:
    header = ["项目名称", original, adjusted, "1-7月完成投资"]
    rows = [[n, o, a, d] for n, o, a, d in PROJECTS]
    ledger = load_ledger(_book(tmp_path / "p.xlsx", header, rows, merged))
    assert ledger.projects["annual_plan"].to_list() == IN_FORCE
    notes = [f for f in ledger.findings if f.code == "plan_unadjusted"]
    assert len(notes) == 1 and notes[0].message.startswith("2个项目的")
    assert not [f for f in ledger.findings if f.code == "plan_missing"]


def test_the_total_row_is_filled_alike_and_reconciles(tmp_path: Path) -> None:
    """A 合计 row with 调整后 blank takes its original too; filled, the sum agrees."""
    header = ["项目名称", "原计划", "调整后", "1-7月完成投资"]
    rows = [[n, o, a, d] for n, o, a, d in PROJECTS]
    rows.append(["合计", 10000.0, sum(IN_FORCE), sum(p[3] for p in PROJECTS)])
    ledger = load_ledger(_book(tmp_path / "t.xlsx", header, rows, merged=True))
    assert ledger.projects["annual_plan"].sum() == pytest.approx(sum(IN_FORCE))
    assert not [f for f in ledger.findings if f.code == "subtotal_mismatch"]


def test_no_original_beside_leaves_the_blank_a_missing_plan(tmp_path: Path) -> None:
    """A period's plan (1-7月计划投资) is not the original annual plan."""
    header = ["项目名称", "1-7月计划投资", "调整后年度计划投资", "1-7月完成投资"]
    rows = [[n, o, a, d] for n, o, a, d in PROJECTS]
    ledger = load_ledger(_book(tmp_path / "n.xlsx", header, rows, merged=False))
    assert ledger.projects["annual_plan"].to_list() == [p[2] for p in PROJECTS]
    assert not [f for f in ledger.findings if f.code == "plan_unadjusted"]


def test_the_adjusted_plan_in_brackets_is_the_plan_in_force(tmp_path: Path) -> None:
    """年度计划投资 | 年度计划投资（调整后）: the bracketed 调整后 is the plan, not a tie."""
    header = ["项目名称", "年度计划投资", "年度计划投资（调整后）", "1-7月完成投资"]
    rows = [[n, o, a, d] for n, o, a, d in PROJECTS]
    ledger = load_ledger(_book(tmp_path / "b.xlsx", header, rows, merged=False))
    assert ledger.projects["annual_plan"].to_list() == IN_FORCE


@pytest.mark.parametrize(
    "adjusted", ["最新计划投资", "最新投资计划", "最新计划", "调整计划投资", "调整年度计划投资"]
)
def test_the_latest_or_adjusted_plan_beside_the_plain_one_is_the_plan(
    tmp_path: Path, adjusted: str
) -> None:
    """年度计划投资 | 最新计划投资: the latest plan is the plan in force (it was ignored, the
    plain plan read without a word), blanks falling back to the plain one."""
    header = ["项目名称", "年度计划投资", adjusted, "1-7月完成投资"]
    rows = [[n, o, a, d] for n, o, a, d in PROJECTS]
    ledger = load_ledger(_book(tmp_path / "l.xlsx", header, rows, merged=False))
    assert ledger.projects["annual_plan"].to_list() == IN_FORCE
