"""CSV from views (warn, starts, problems, trend): figures stay numbers, text is guarded."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.render.cells import csv_cell

HEADER = ["序号", "项目名称", "县(市、区)", "2024年计划投资", "1-3月完成投资", "存在问题"]


@pytest.mark.parametrize("figure", ["-12.3", "-1.5%", "+5.8", "-1,234", "0.0%"])
def test_a_figure_in_a_number_column_is_written_as_it_is(figure: str) -> None:
    assert csv_cell(figure, numeric=True) == figure
    assert csv_cell(figure, numeric=False) == ("'" + figure if figure[0] in "-+" else figure)


@pytest.mark.parametrize("text", ["-1+1", "=SUM(A1)", "-2+3+cmd|' /C calc'!A0", "+", "-"])
def test_text_that_is_no_plain_figure_is_guarded_even_in_a_number_column(text: str) -> None:
    assert csv_cell(text, numeric=True) == "'" + text


def test_warn_csv_writes_negative_figures_as_numbers(
    runner: CliRunner, tidy: Callable[..., Path]
) -> None:
    rows = [[1, "@甲项目", "旌阳区", 800, -12.3, "-用地"],
            [2, "乙项目", "罗江区", 1000, 100, ""]]  # fmt: skip
    path = tidy(HEADER, rows)
    result = runner.invoke(app, ["warn", str(path), "-f", "csv"])
    assert result.exit_code == 0, result.output
    table = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    head, *body = table
    by_name = {r[head.index("项目名称")]: r for r in body}
    first = by_name["'@甲项目"]
    rate = -12.3 / 800 * 100
    assert first[head.index("完成率")] == f"{rate:.1f}%"
    assert first[head.index("较时序进度")] == f"{rate - 25:.1f}"
    assert not any(cell.startswith("'-") for row in body for cell in row)
    problems = runner.invoke(app, ["problems", str(path), "-f", "csv"])
    assert problems.exit_code == 0, problems.output
    assert "'-用地" in problems.stdout
