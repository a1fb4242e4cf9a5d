"""A 同比 layout: last year's column beside this year's is set aside, not ambiguous."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import write_xlsx
from projtrack.cli.app import app

PROJECTS = [("甲项目", "旌阳区", 50000.0, 20181.6, 25227.0),
            ("乙项目", "中江县", 30000.0, 9000.0, 12000.5)]  # fmt: skip


def _run(runner: CliRunner, tmp_path: Path, title: str, head: list[str]):
    rows = [[title], head, *[list(p) for p in PROJECTS]]
    return runner.invoke(app, ["rank", str(write_xlsx(tmp_path / "y.xlsx", rows)), "-f", "json"])


@pytest.mark.parametrize(
    ("title", "plan"),
    [("2024年1-6月重点项目推进情况表", "年度计划投资"), ("重点项目推进情况表", "2024年计划投资")],
)
def test_last_years_column_is_set_aside(
    runner: CliRunner, tmp_path: Path, title: str, plan: str
) -> None:
    head = ["项目名称", "县(市、区)", plan, "2023年1-6月完成投资", "2024年1-6月完成投资"]
    result = _run(runner, tmp_path, title, head)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert abs(data["total"]["completed_ytd"] - sum(p[4] for p in PROJECTS)) < 1e-6
    assert abs(data["total"]["annual_plan"] - sum(p[2] for p in PROJECTS)) < 1e-6
    [note] = [w for w in data["warnings"] if w["code"] == "column_other_year"]
    assert note["where"] == "Sheet1!D2"


def test_years_without_a_stated_year_still_refuse(runner: CliRunner, tmp_path: Path) -> None:
    head = ["项目名称", "县(市、区)", "年度计划投资", "2023年1-6月完成投资", "2024年1-6月完成投资"]
    result = _run(runner, tmp_path, "重点项目推进情况表", head)
    assert result.exit_code == 1 and "2 columns match" in result.stderr


@pytest.mark.parametrize("done", ["2024年完成投资", "2024年度完成投资", "2024年累计完成投资",
                                  "2024年已完成投资", "2024年度累计完成投资"])  # fmt: skip
def test_a_completion_header_naming_the_sheets_year_is_the_year_to_date(
    runner: CliRunner, tmp_path: Path, done: str
) -> None:
    head = ["项目名称", "县(市、区)", "2024年计划投资", "2023年1-6月完成投资", done]
    result = _run(runner, tmp_path, "2024年重点项目推进情况表（1-6月）", head)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert abs(data["total"]["completed_ytd"] - sum(p[4] for p in PROJECTS)) < 1e-6
    assert data["as_of"] == "2024-06-30"


@pytest.mark.parametrize(("plan", "done"), [("计划", "完成"), ("计划投资", "完成投资")])
def test_a_year_over_plan_and_completion(
    runner: CliRunner, tmp_path: Path, plan: str, done: str
) -> None:
    """``2024年`` merged over ``计划 | 完成``: the year's plan and its completion so far."""
    rows = [["2024年重点项目推进情况表（1-6月）"], ["项目名称", "县(市、区)", "2024年", None],
            [None, None, plan, done], *[[n, c, p, d] for n, c, p, _, d in PROJECTS]]  # fmt: skip
    path = write_xlsx(tmp_path / "y.xlsx", rows)
    result = runner.invoke(app, ["rank", str(path), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert abs(data["total"]["annual_plan"] - sum(p[2] for p in PROJECTS)) < 1e-6
    assert abs(data["total"]["completed_ytd"] - sum(p[4] for p in PROJECTS)) < 1e-6


@pytest.mark.parametrize(
    ("title", "plan", "other"),
    [
        ("2024年重点项目推进情况表（1-6月）", "2024年计划投资", "2023年完成投资"),
        ("重点项目推进情况表（1-6月）", "年度计划投资", "2023年完成投资"),
        ("2024年重点项目推进情况表（1-6月）", "年度计划投资", "2023年1-6月完成投资"),
    ],
)
def test_last_years_column_before_this_years_is_set_aside(
    runner: CliRunner, tmp_path: Path, title: str, plan: str, other: str
) -> None:
    """2023年完成投资 (last year's whole figure) left of 1-6月完成投资: never this year's."""
    head = ["项目名称", "县(市、区)", plan, other, "1-6月完成投资"]
    rows = [[title], head, *[list(p) for p in PROJECTS]]
    path = write_xlsx(tmp_path / "y.xlsx", rows)
    year = [] if "2024" in title + plan else ["--year", "2024"]
    result = runner.invoke(app, ["rank", str(path), "-f", "json", *year])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert abs(data["total"]["completed_ytd"] - sum(p[4] for p in PROJECTS)) < 1e-6
    assert data["as_of"] == "2024-06-30"
    assert [w["where"] for w in data["warnings"] if w["code"] == "column_other_year"] == [
        "Sheet1!D2"
    ]


def test_last_years_whole_column_alone_is_never_this_years(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Found by a reviewer: 2023年完成投资 as the only year column on a 2024 sheet was read as
    this year's completion (and the as-of moved to 2023). It is set aside; the run refuses."""
    head = ["项目名称", "县(市、区)", "2024年计划投资", "2023年完成投资", "开工以来累计完成投资"]
    result = _run(runner, tmp_path, "2024年重点项目推进情况表（1-6月）", head)
    assert result.exit_code == 1 and result.stdout == ""
    assert "no column for this year's completion" in result.stderr


def test_two_years_over_plan_and_completion_with_no_year_in_the_title(
    runner: CliRunner, tmp_path: Path
) -> None:
    rows = [["重点项目推进情况表（1-6月）"],
            ["项目名称", "县(市、区)", "2023年", None, "2024年", None],
            [None, None, "计划投资", "完成投资", "计划投资", "1-6月完成投资"],
            *[[n, c, 1.1 * p, 0.9 * p, p, d] for n, c, p, _, d in PROJECTS]]  # fmt: skip
    result = runner.invoke(app, ["rank", str(write_xlsx(tmp_path / "y.xlsx", rows)), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["as_of"] == "2024-06-30"
    assert abs(data["total"]["annual_plan"] - sum(p[2] for p in PROJECTS)) < 1e-6
    assert abs(data["total"]["completed_ytd"] - sum(p[4] for p in PROJECTS)) < 1e-6


@pytest.mark.parametrize(
    ("other", "said"),
    [("至2023年底累计完成投资", "至2023年底累计完成投资 是截至2023年底的累计数，本表为2024年，"),
     ("2023年1-6月完成投资", "2023年1-6月完成投资 是2023年的数字，本表为2024年，")],
)  # fmt: skip
def test_what_the_other_years_column_is(
    runner: CliRunner, tmp_path: Path, other: str, said: str
) -> None:
    """A total run to the end of 2023 is not "2023's figure", and the note lists no year in
    brackets after the sheet's ("本表为2024年（2023）" read as garbled)."""
    head = ["项目名称", "县(市、区)", "年度计划投资", other, "1-6月完成投资", "开工累计完成投资"]
    rows = [["2024年重点项目推进情况表"], head, *[[*p, p[4]] for p in PROJECTS]]
    result = runner.invoke(app, ["check", str(write_xlsx(tmp_path / "y.xlsx", rows)), "-f", "json"])
    assert result.exit_code == 0, result.output
    notes = [f["message"] for f in json.loads(result.stdout)["findings"]
             if f["code"] == "column_other_year"]  # fmt: skip
    assert len(notes) == 1 and notes[0].startswith(said), notes
    assert "（20" not in notes[0]
