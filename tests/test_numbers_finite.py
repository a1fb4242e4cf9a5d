"""Amounts that no float can hold (``1e309``) or no project can have: a finding at their
cell, an error (exit 1) in a required column, never ``inf`` in a figure."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.errors import CellError
from projtrack.read.load import load_ledger
from projtrack.read.values import LARGEST_AMOUNT, number_column

HEADER = ["序号", "项目名称", "县(市、区)", "总投资", "2024年计划投资", "1-3月完成投资"]


def rows(plan: object = 500, done: object = 100, total: object = 1000) -> list[list[object]]:
    return [
        [1, "甲项目", "旌阳区", total, plan, done],
        [2, "乙项目", "罗江区", 2000, 800, 200],
    ]


@pytest.mark.parametrize("text", ["1e309", "-1e309", "1E400", "２e999", "9e15", "约1e20万元"])
def test_number_column_reads_out_of_range_text_as_empty_and_flags_it(text: str) -> None:
    import polars as pl

    values, bad = number_column(pl.Series("c", [text, "12.5", None]))
    assert values.to_list() == [None, 12.5, None]
    assert bad.to_list() == [True, False, False]


def test_the_bound_is_far_above_any_amount() -> None:
    import polars as pl

    below = LARGEST_AMOUNT / 10
    values, bad = number_column(pl.Series("c", [str(below)]))
    assert values.to_list() == [below] and bad.to_list() == [False]


@pytest.mark.parametrize(("column", "letter", "kwargs"), [
    ("1-3月完成投资", "F", {"done": "1e309"}),
    ("2024年计划投资", "E", {"plan": "-1e309"}),
    ("2024年计划投资", "E", {"plan": 1e300}),
])  # fmt: skip
def test_a_required_amount_out_of_range_stops_with_its_cell(
    tidy: Callable[..., Path], runner: CliRunner, column: str, letter: str, kwargs: dict
) -> None:
    path = tidy(HEADER, rows(**kwargs))
    with pytest.raises(CellError) as info:
        load_ledger(path)
    assert (info.value.sheet, info.value.row, info.value.header) == ("Sheet1", 4, column)
    for command in ("rank", "check", "brief", "warn"):
        result = runner.invoke(app, [command, str(path)])
        assert result.exit_code == 1, (command, result.output)
        assert f"ledger.xlsx Sheet1!{letter}4 ({column}): 数值超出范围" in result.stderr
        assert "Internal error" not in result.stderr and "inf" not in result.stdout


def test_an_optional_amount_out_of_range_is_a_warning_read_as_empty(
    tidy: Callable[..., Path], runner: CliRunner
) -> None:
    path = tidy(HEADER, rows(total="1e309"))
    ledger = load_ledger(path)
    found = [
        (f.sheet, f.row, f.column, f.code) for f in ledger.findings if f.code.startswith("number")
    ]
    assert found == [("Sheet1", 4, 3, "number_out_of_range")]
    totals = ledger.projects["total_investment"].to_list()
    assert totals == [None, 2000.0]
    result = runner.invoke(app, ["rank", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "Infinity" not in result.stdout and "NaN" not in result.stdout
    import json

    data = json.loads(result.stdout)
    assert math.isclose(data["total"]["completion_rate"], 300 / 1300)


def test_huge_values_that_would_overflow_a_sum_are_refused(
    tidy: Callable[..., Path], runner: CliRunner
) -> None:
    # Each is a finite float; their sum is not. The bound refuses them one by one.
    path = tidy(HEADER, [[i, f"项目{i}", "旌阳区", 1, 1.7e308, 1] for i in range(1, 4)])
    result = runner.invoke(app, ["rank", str(path)])
    assert result.exit_code == 1
    assert "Sheet1!E4 (2024年计划投资): 数值超出范围" in result.stderr


@pytest.mark.parametrize("value", ["1e309", "INF", "-inf"])
def test_a_numeric_cell_holding_infinity_stops_with_its_cell(
    tidy: Callable[..., Path], runner: CliRunner, value: str
) -> None:
    """A number cell (not text) whose stored value is infinite — a program's export, or
    1e309 in the XML — is read by the workbook reader as ``inf``: out of range, not an
    unreadable text dropped from the plan with the run going on. (NaN is a program's
    "no value": empty, see tests/test_missing_words.py.)"""
    import re
    import zipfile

    path = tidy(HEADER, rows(plan=500))
    with zipfile.ZipFile(path) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet, n = re.subn(r'(<c r="E4"[^>]*>)<v>500</v>', rf"\1<v>{value}</v>", sheet)
    assert n == 1
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as book:
        for name, data in parts.items():
            book.writestr(name, data)
    result = runner.invoke(app, ["rank", str(path)])
    assert result.exit_code == 1, result.output
    assert "ledger.xlsx Sheet1!E4 (2024年计划投资): 数值超出范围" in result.stderr
