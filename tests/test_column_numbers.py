"""The 栏次 row (column numbers under the header) is never a project.

Ledgers built after statistical forms print ``1 | 2 | 3 …`` or ``甲 | 乙 | 1 | 2 | 3`` on a
row under the header. Read as data it is a project named "2" with small figures: every
total off by a few 万元 without a word. Expected figures are the sums of the invented
projects, computed here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from projtrack.read.headrows import is_column_number_row
from projtrack.read.load import load_ledger

HEADER = ["序号", "项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资", "备注"]
PROJECTS = [
    ("精细化工项目", "旌阳区", 5802.5, 4538.0),
    ("体育中心项目", "中江县", 742.0, 147.0),
    ("汽车零部件项目", "罗江区", 2929.5, 331.5),
    ("职业中学迁建项目", "旌阳区", 3059.0, 2102.0),
]
PLAN = sum(p[2] for p in PROJECTS)
DONE = sum(p[3] for p in PROJECTS)


def _rows() -> list[list[object]]:
    return [[i, n, r, p, c, None] for i, (n, r, p, c) in enumerate(PROJECTS, 1)]


@pytest.mark.parametrize(
    "numbers",
    [
        [1, 2, 3, 4, 5, 6],
        ["1", "2", "3", "4", "5", "6"],
        ["甲", "乙", "丙", 1, 2, "丁"],
        ["栏次", "A", "B", 1, 2, "C"],
        [None, None, None, 1, 2, None],
        ["甲", "乙", "丙", "1", "2=1×50%", "丁"],
        [3, 4, 5, 6, 7, 8],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
        ["甲", "乙", "丙", "（1）", "（2）", "丁"],
        ["第1栏", "第2栏", "第3栏", "第4栏", "第5栏", "第6栏"],
        ["A", "B", "C", "D", "E", "F"],
        ["甲", "乙", "丙", "丁", "戊", "己"],
    ],
)
@pytest.mark.parametrize("total", ["top", "bottom", None])
def test_a_column_number_row_under_the_header_is_skipped(
    tidy: Callable[..., Path], numbers: list[object], total: str | None
) -> None:
    rows = _rows()
    line = [None, "合计", None, PLAN, DONE, None]
    rows = [line, *rows] if total == "top" else [*rows, line] if total else rows
    ledger = load_ledger(tidy(HEADER, [numbers, *rows]))
    frame = ledger.projects
    assert frame.height == len(PROJECTS)
    assert float(frame["annual_plan"].sum()) == pytest.approx(PLAN)
    assert float(frame["completed_ytd"].sum()) == pytest.approx(DONE)
    assert not [f for f in ledger.reconciliation.mismatches]


def test_the_row_repeated_under_a_header_repeated_on_the_next_page(
    tidy: Callable[..., Path],
) -> None:
    numbers = [1, 2, 3, 4, 5, 6]
    rows = _rows()
    body = [numbers, *rows[:2], HEADER, numbers, *rows[2:]]
    frame = load_ledger(tidy(HEADER, body)).projects
    assert frame.height == len(PROJECTS)
    assert float(frame["annual_plan"].sum()) == pytest.approx(PLAN)


@pytest.mark.parametrize(
    "cells",
    [
        [1, "项目", "县", 3, 4, None],  # a project row with a name
        [1, "2", None, 3, 5, None],  # numbers that do not rise one by one
        [None, None, None, 1, None, None],  # one number is not a numbering
        ["A", 1, 2, None, None, None],  # too few to tell... but rising: still needs 3
        [5, "新建厂房", None, 6, 7, None],
        [1, 2, None, None, None, None],
    ],
)
def test_rows_that_are_not_column_numbers(cells: list[object]) -> None:
    text = [None if c is None else str(c) for c in cells]
    expected = cells == ["A", 1, 2, None, None, None]
    assert is_column_number_row(text) is expected
