"""Which year a ledger is for when its own sources disagree (docs/ledgers.md, the as-of
date): a plan header's year is a template's label and votes like a title or the file
name; a year-to-date header's year is data; a later 实际开工时间 rules a year out; a tie
is refused.

Found by testers: a January 2026 ledger made from 2025's template (title and file name
2026, a copied 2025年计划投资) was read as January 2025 — its briefing titled 2025年1月, a
同比 against itself (增长0.0%), a new start of 2026-01-28 counted as not yet due."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app

HEADER = ["序号", "项目名称", "县(市、区)", "2025年计划投资", "1月完成投资", "实际开工时间"]
ROWS = [[1, "甲", "东区", 400, 40, date(2024, 5, 6)], [2, "乙", "西区", 600, 30, None]]
TITLE_2026 = "2026年XX县重点项目推进情况表（1月）"


def conflicts(report: dict) -> list[str]:  # type: ignore[type-arg]
    return [w["message"] for w in report["warnings"] if w["code"] == "as_of_conflict"]


def test_title_and_file_name_agreeing_win_over_a_stale_plan_header(
    runner: CliRunner, tidy: Callable[..., Path]
) -> None:
    path = tidy(HEADER, ROWS, name="2026年1月台账.xlsx", title=TITLE_2026)
    result = runner.invoke(app, ["rank", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["as_of"] == "2026-01-31"
    # 1 of 12 months: 70 / 1000 = 7.0% against 8.33…%
    assert report["total"]["variance_pp"] == pytest.approx(7.0 - 100 / 12)
    [message] = conflicts(report)
    # Both sources named, the plan header with its cell (title row, unit row, header row 3)
    assert "表头「2025年计划投资」（Sheet1!D3）为2025年" in message
    assert f"标题「{TITLE_2026}」为2026年" in message and "采用2026年" in message
    assert "标题、文件名都为2026年" in message


def test_a_later_actual_start_rules_the_plan_year_out(
    runner: CliRunner, tidy: Callable[..., Path]
) -> None:
    """Title 2026 against plan 2025, the file name silent: a tie, which the ledger's own
    date settles — a project that started on 2026-01-28 is not in a 2025 ledger."""
    rows = [*ROWS, [3, "丙", "东区", 500, 0, date(2026, 1, 28)]]
    path = tidy(HEADER, rows, title=TITLE_2026)
    result = runner.invoke(app, ["rank", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["as_of"] == "2026-01-31"
    [message] = conflicts(report)
    assert "实际开工时间Sheet1!F6为2026-01-28，晚于2025年年底" in message


def test_sources_nothing_tells_apart_are_refused(
    runner: CliRunner, tidy: Callable[..., Path]
) -> None:
    """Title 2026 against plan 2025, no later start, no file name year: asked, not guessed
    (before, the plan header won)."""
    path = tidy(HEADER, ROWS, title=TITLE_2026)
    result = runner.invoke(app, ["rank", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "cannot tell the year of this ledger" in result.stderr
    assert "表头「2025年计划投资」(Sheet1!D3)为2025年" in result.stderr
    assert f"标题「{TITLE_2026}」为2026年" in result.stderr and "--year" in result.stderr
    for year in ("2025", "2026"):
        given = runner.invoke(app, ["rank", str(path), "--year", year, "-f", "json"])
        assert given.exit_code == 0, given.output
        assert json.loads(given.stdout)["as_of"] == f"{year}-01-31"


def test_a_title_and_a_file_name_naming_two_years_are_refused(
    runner: CliRunner, tidy: Callable[..., Path]
) -> None:
    header = ["序号", "项目名称", "县(市、区)", "年度计划投资", "1-12月完成投资"]
    path = tidy(header, [[1, "甲", "东区", 400, 380]], name="2025年12月台账.xlsx",
                title="2026年XX县重点项目推进情况表（1-12月）")  # fmt: skip
    result = runner.invoke(app, ["rank", str(path)])
    assert result.exit_code == 1
    assert "文件名「2025年12月台账」为2025年" in result.stderr


def test_a_year_to_date_header_s_year_is_data_and_wins(
    runner: CliRunner, tidy: Callable[..., Path]
) -> None:
    header = ["序号", "项目名称", "县(市、区)", "年度计划投资", "2025年1月完成投资"]
    path = tidy(header, [[1, "甲", "东区", 400, 40]], name="2026年1月台账.xlsx",
                title=TITLE_2026)  # fmt: skip
    result = runner.invoke(app, ["rank", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["as_of"] == "2025-01-31"
    [message] = conflicts(report)
    assert "表头「2025年1月完成投资」（Sheet1!E3）为2025年" in message


def test_the_briefing_of_a_stale_template_is_titled_and_counted_in_its_year(
    runner: CliRunner, tidy: Callable[..., Path]
) -> None:
    """The tester's briefing said 2025年1月, and a new start due in January 2026 and
    started on 2026-01-28 was not yet due under a 2025 as-of."""
    header = [*HEADER, "建设性质", "计划开工时间"]
    rows = [[1, "甲", "东区", 400, 40, date(2024, 5, 6), "续建", "2024年5月"],
            [2, "乙", "西区", 600, 30, date(2026, 1, 28), "新开工", "2026年1月"],
            [3, "丙", "西区", 500, 0, None, "新开工", "2026年1月"]]  # fmt: skip
    path = tidy(header, rows, name="2026年1月台账.xlsx", title=TITLE_2026)
    md = runner.invoke(app, ["brief", str(path)])
    assert md.exit_code == 0, md.output
    assert "\n# 2026年1月重点项目推进情况\n" in md.stdout
    starts = runner.invoke(app, ["starts", str(path), "-f", "json"])
    data = json.loads(starts.stdout)
    # Due by 2026-01-31: 乙 (started) and 丙 (not started) — 1 of 2 started.
    assert (data["due"], data["started"]) == (2, 1)


def test_ingest_says_where_the_month_and_the_year_came_from(
    runner: CliRunner, tidy: Callable[..., Path], tmp_path: Path
) -> None:
    """A file named 2026年1月 over a 2025 ledger (title and plan header 2025): stored as
    2025-01, the note saying the month came from the 1月 header and the year from the plan
    header — not 表头「1月完成投资」为2025年1月, which the header never said."""
    path = tidy(HEADER, ROWS, name="2026年1月台账.xlsx", title="2025年XX县重点项目推进情况表")
    result = runner.invoke(app, ["ingest", str(path), "--store", str(tmp_path / "store")])
    assert result.exit_code == 0, result.output
    assert ("文件名「2026年1月台账」为2026年1月，表头「1月完成投资」为1月、表头「2025年计划投资」为"
            "2025年，两者不一致；已按数据入库为 2025-01 期") in result.stderr  # fmt: skip
