"""A line under the header that only dates the table (截至2026年10月31日): the as-of date.

A 本年累计完成投资 header says no month; the bureau wrote the date on a row of its own
between the header and the first project. The figures are the sums of the rows.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app

HEADER = ["序号", "项目名称", "县(市、区)", "年度计划投资", "本年累计完成投资"]
ROWS = [[1, "甲项目", "旌阳区", 3000.0, 2100.0], [2, "乙项目", "中江县", 2500.0, 2310.0]]


@pytest.mark.parametrize("line", ["截至2026年10月31日", "数据截止2026年10月31日", "统计截至10月底"])
def test_a_dated_line_under_the_header_gives_the_as_of(
    runner: CliRunner, tidy: Callable[..., Path], line: str
) -> None:
    path = tidy(HEADER, [[line], *ROWS], title="2026年重点项目推进情况表", unit_line=None)
    result = runner.invoke(app, ["rank", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["as_of"] == "2026-10-31"
    assert report["total"]["projects"] == len(ROWS)
    assert report["total"]["completed_ytd"] == sum(r[4] for r in ROWS)


def test_without_the_line_the_month_is_asked_for(
    runner: CliRunner, tidy: Callable[..., Path]
) -> None:
    path = tidy(HEADER, ROWS, title="2026年重点项目推进情况表", unit_line=None)
    result = runner.invoke(app, ["rank", str(path), "-f", "json"])
    assert result.exit_code == 1
    assert "--month" in result.output or "--as-of" in result.output


@pytest.mark.parametrize("line", ["截至2026年12月底前须完成竣工验收", "截至10月31日"])
def test_a_deadline_or_a_line_between_projects_dates_nothing(
    runner: CliRunner, tidy: Callable[..., Path], line: str
) -> None:
    """Only a line that is the date, above the first project, dates the table."""
    rows = [ROWS[0], [line], ROWS[1]]
    path = tidy(HEADER, rows, title="2026年重点项目推进情况表", unit_line=None)
    result = runner.invoke(app, ["rank", str(path), "-f", "json"])
    assert result.exit_code == 1
    assert "--month" in result.output
