"""What programs write for a missing value (pandas' ``nan``, R's ``NA``, SQL's ``NULL``)
is no value, read as empty like ``N/A`` or ``无``; infinity is out of range like ``1e309``."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.read.load import load_ledger

HEADER = ["序号", "县(市、区)", "项目名称", "总投资", "2024年计划投资", "1-6月完成投资", "存在问题"]


def rows(blank: str) -> list[list[object]]:
    """The tester's pandas export (t11_nan.csv), with ``blank`` where a value is missing."""
    return [
        [1, "旌阳区", "项目A", 3000, 1000, 500, blank],
        [2, "中江县", "项目B", blank, blank, 300, blank],
        [3, "罗江区", "项目C", 5000, 2000, blank, "无"],
    ]


def seen(path: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    ledger = load_ledger(path)
    findings = sorted((f.sheet, f.row, f.column, f.code, f.message) for f in ledger.findings)
    projects = ledger.projects.select(
        "name", "total_investment", "annual_plan", "completed_ytd", "problems"
    ).rows()
    return findings, projects


@pytest.mark.parametrize("word", ["nan", "NaN", "NAN", "NA", "None", "none", "null", "NULL",
                                  "<NA>"])  # fmt: skip
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_missing_value_word_reads_as_n_a_does(
    tidy: Callable[..., Path], word: str, suffix: str
) -> None:
    expected = seen(tidy(HEADER, rows("N/A"), name=f"a{suffix}"))
    got = seen(tidy(HEADER, rows(word), name=f"a{suffix}"))
    assert got == expected
    findings, projects = got
    assert projects == [("项目A", 3000.0, 1000.0, 500.0, None), ("项目B", None, None, 300.0, None),
                        ("项目C", 5000.0, 2000.0, None, None)]  # fmt: skip
    codes = [(row, code) for _, row, _, code, _ in findings]
    assert (5, "plan_missing") in codes and (6, "completed_missing") in codes
    assert not [c for c in codes if c[1] in ("not_a_number", "number_out_of_range")]


def test_the_pandas_export_ranks(tidy: Callable[..., Path], runner: CliRunner) -> None:
    path = tidy(HEADER, rows("nan"), name="t11_nan.csv")
    result = runner.invoke(app, ["rank", str(path), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert '"annual_plan": 3000.0' in result.stdout and '"completed_ytd": 800.0' in result.stdout


def test_a_numeric_nan_cell_is_empty(tidy: Callable[..., Path]) -> None:
    """A number cell a program stored as NaN (``<v>NaN</v>``) holds no value: empty, as a
    blank cell is."""
    blank = tidy(HEADER, rows(""), name="blank.xlsx")
    path = tidy(HEADER, rows(""), name="nan.xlsx")
    with zipfile.ZipFile(path) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet, n = re.subn(r'(<c r="E6"[^>]*>)<v>2000</v>', r"\1<v>NaN</v>", sheet)
    assert n == 1
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as book:
        for name, data in parts.items():
            book.writestr(name, data)
    findings, projects = seen(path)
    blank_findings, blank_projects = seen(blank)
    assert projects[2][2] is None and blank_projects[2][2] == 2000.0
    assert [f[3] for f in findings if f[1] == 6 and f[2] == 4] == ["plan_missing"]
    assert [f for f in findings if f[1] != 6] == [f for f in blank_findings if f[1] != 6]


@pytest.mark.parametrize("word", ["inf", "Infinity", "-inf", "INF"])
def test_infinity_is_out_of_range_as_1e309_is(
    tidy: Callable[..., Path], runner: CliRunner, word: str
) -> None:
    """docs/behaviour.md: 1e309 is read as empty with ``number_out_of_range`` in a money
    column, and stops the run (exit 1) in 年度计划投资 / 1-N月完成投资; inf does the same."""
    for column, letter, code in (("总投资", "D", 0), ("2024年计划投资", "E", 1)):
        outputs = []
        for text in ("1e309", word):
            data = rows("N/A")
            data[1][HEADER.index(column)] = text
            path = tidy(HEADER, data, name="t.csv")
            result = runner.invoke(app, ["rank", str(path)])
            assert result.exit_code == code, result.output
            outputs.append((result.stdout, result.stderr.replace(repr(text), "<cell>")))
            assert f"t!{letter}5" in result.stderr + result.stdout or code == 0
        assert outputs[0] == outputs[1]
    findings, _ = seen(tidy(HEADER, [*rows("N/A")[:1], [2, "中江县", "项目B", word, 800, 300, ""]],
                            name="o.csv"))  # fmt: skip
    assert [(f[1], f[2], f[3]) for f in findings if f[3] == "number_out_of_range"] == [(5, 3,
            "number_out_of_range")]  # fmt: skip
