"""``trend`` over periods of different years: the year goes into the column titles; and
``trend -o 趋势.xlsx`` writes a workbook (as rank and brief do)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app

HEADER = ["项目名称", "县(市、区)", "年度计划投资", "1-3月完成投资"]
Q1_2023 = [["甲", "东区", 100, 20], ["乙", "西区", 200, 30]]
Q1_2024 = [["甲", "东区", 100, 40], ["乙", "西区", 400, 60]]


@pytest.fixture
def two_years(runner: CliRunner, tidy: Callable[..., Path]) -> None:
    for year, rows in ((2023, Q1_2023), (2024, Q1_2024)):
        path = tidy(HEADER, rows, name=f"{year}.xlsx", title=f"{year}年重点项目推进情况")
        result = runner.invoke(app, ["ingest", str(path)])
        assert result.exit_code == 0, result.output


def test_columns_of_two_years_are_told_apart(runner: CliRunner, two_years: None) -> None:
    md = runner.invoke(app, ["trend", "-f", "md"])
    assert md.exit_code == 0, md.output
    head = next(line for line in md.stdout.splitlines() if line.startswith("| 分组"))
    titles = [c.strip() for c in head.strip("|").split("|")]
    assert titles == ["分组", "2023年一季度完成率", "2023年一季度较时序",
                      "2024年一季度完成率", "2024年一季度较时序"]  # fmt: skip
    east = next(line for line in md.stdout.splitlines() if line.startswith("| 东区"))
    assert [c.strip() for c in east.strip("|").split("|")][1::2] == ["20.0%", "40.0%"]
    data = json.loads(runner.invoke(app, ["trend", "-f", "json"]).stdout)
    total = {r["period"]: r for r in data["rows"] if r["group"] == "合计"}
    assert total["2024-03"]["completion_rate"] == pytest.approx(100 / 500)


def test_trend_o_xlsx_is_a_workbook_with_year_titles(
    runner: CliRunner, two_years: None, tmp_path: Path
) -> None:
    out = tmp_path / "趋势.xlsx"
    result = runner.invoke(app, ["trend", "-o", str(out)])
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out)["趋势"]
    assert [ws["B1"].value, ws["C1"].value] == ["2023年一季度完成率", "2024年一季度完成率"]
    assert (ws["A2"].value, ws["B2"].value, ws["C2"].value) == ("东区", 0.2, 0.4)
    # Printed on A4 landscape, one page wide, header row repeated, pages numbered.
    setup = ws.page_setup
    assert (int(setup.paperSize), setup.orientation) == (9, "landscape")
    # one page wide (1, the default, left out), as many long as needed
    assert ws.sheet_properties.pageSetUpPr.fitToPage and setup.fitToWidth in (None, 1)
    assert setup.fitToHeight == 0
    assert ws.print_title_rows == "$1:$1" and "&P" in ws.oddFooter.center.text


def test_trend_csv_keeps_negative_figures_numbers_and_no_bom(
    runner: CliRunner, two_years: None, tmp_path: Path
) -> None:
    """Every negative variance was written '-18.9 (the formula guard for text); and
    trend -o t.csv had a BOM, which the docs say its long form (for scripts) has not."""
    import csv
    import io

    text = runner.invoke(app, ["trend", "-f", "csv"]).stdout
    head, *rows = list(csv.reader(io.StringIO(text)))
    at = head.index("较时序进度(百分点)")
    variances = [r[at] for r in rows if r[at]]
    assert any(v.startswith("-") for v in variances)
    assert all(not v.startswith("'") and float(v) for v in variances)
    target = tmp_path / "t.csv"
    assert runner.invoke(app, ["trend", "-o", str(target)]).exit_code == 0
    assert not target.read_bytes().startswith(b"\xef\xbb\xbf")
    assert target.read_text("utf-8") == text


def test_a_wrong_format_is_a_usage_error_even_on_an_empty_store(runner: CliRunner) -> None:
    """trend -f html exited 3 (nothing to do) on an empty store and 2 on a full one."""
    result = runner.invoke(app, ["trend", "-f", "html", "--store", "no-store-here"])
    assert result.exit_code == 2 and "--format" in result.stderr
