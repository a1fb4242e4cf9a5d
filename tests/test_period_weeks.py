"""Weeks and days: a year-to-date header's day is the data's date (SPEC §5, as its month
range is); ``--week N`` is a span that keeps the ledger's own date when it lies inside;
ISO week 1 is named for its ISO year.

Found by testers: 截至7月17日完成 under ``brief --week 29`` was briefed as of 7月21日
(滞后19.0 points; true at 7-17: 17.9), ``rank --as-of 2024-07-31`` relabelled it 1-7月 with
a warning shown only under -v, and its column was headed 1-7月完成投资; the documented
cron line on Fri 2 Jan 2026 (``--week 1 --year 2026``) titled a 2025-12-31 store
蓬溪县2025年第1周 and wrote reports/2025-W01.md over last January's report."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.period import week_label, week_year

DAY_HEADER = ["序号", "项目名称", "县(市、区)", "2024年计划投资", "截至7月17日完成"]
ROWS = [[1, "甲", "东区", 400, 100], [2, "乙", "西区", 600, 300]]
WEEKLY_TITLE = "2024年XX县重点项目周调度表"


@pytest.mark.parametrize(
    ("day", "week", "year"),
    [(date(2025, 12, 31), 1, 2026), (date(2025, 12, 31), 52, 2025), (date(2024, 7, 17), 29, 2024),
     (date(2021, 1, 2), 53, 2020), (date(2024, 7, 17), 30, 2024)],
)  # fmt: skip
def test_the_year_of_a_week_is_the_one_holding_the_data_s_date(
    day: date, week: int, year: int
) -> None:
    """2025-12-31 is a Wednesday of ISO week 1 of 2026; 2021-01-02 a Saturday of week 53 of
    2020; 2024-07-17 is in week 29, not 30 (then its calendar year)."""
    assert week_year(day, week) == year


def test_week_labels_name_the_years_of_a_week_across_new_year() -> None:
    # 2024-07-15 is a Monday; 1 January 2026 a Thursday, so ISO week 1 of 2026 starts on
    # Monday 29 December 2025.
    assert week_label(2024, 29) == "第29周(7月15日-7月21日)"
    assert week_label(2026, 1) == "第1周(2025年12月29日-2026年1月4日)"
    assert week_label(2020, 53) == "第53周(2020年12月28日-2021年1月3日)"


@pytest.mark.parametrize(
    "option",
    [["rank", "--as-of", "2024-07-31"], ["rank", "--as-of", "2024-07-10"],
     ["rank", "--month", "7"], ["warn", "--quarter", "Q3"], ["brief", "--week", "30"]],
)  # fmt: skip
def test_an_option_naming_another_date_than_the_header_s_day_is_refused(
    runner: CliRunner, tidy: Callable[..., Path], option: list[str]
) -> None:
    path = tidy(DAY_HEADER, ROWS, title=WEEKLY_TITLE)
    result = runner.invoke(app, [option[0], str(path), *option[1:]])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "the ledger's column 「截至7月17日完成」 holds figures to 7月17日" in result.stderr


def test_a_week_holding_the_header_s_day_is_briefed_as_of_that_day(
    runner: CliRunner, tidy: Callable[..., Path]
) -> None:
    path = tidy(DAY_HEADER, ROWS, title=WEEKLY_TITLE)
    md = runner.invoke(app, ["brief", str(path), "--week", "29"])
    assert md.exit_code == 0, md.output
    assert "# 2024年第29周（7月15日-7月21日）重点项目推进情况" in md.stdout
    assert "（数据截至2024年7月17日）" in md.stdout
    # 400 / 1000 = 40.0% against (6 + 17/31) / 12 = 54.57%: 14.6 points behind (at 7-21,
    # (6 + 21/31) / 12 = 55.65%, it would be 15.6).
    assert "完成年度计划投资40.0%，滞后时序进度14.6个百分点" in md.stdout
    # The column says what the ledger's date says, not the whole of July.
    assert "截至7月17日完成投资" in md.stdout and "1-7月完成投资" not in md.stdout
    plain = json.loads(runner.invoke(app, ["rank", str(path), "-f", "json"]).stdout)
    assert plain["as_of"] == "2024-07-17"
    assert plain["total"]["variance_pp"] == pytest.approx(40 - (6 + 17 / 31) / 12 * 100)
    same = runner.invoke(app, ["rank", str(path), "--as-of", "2024-07-17"])
    assert same.exit_code == 0 and "截至7月17日完成投资" in same.stdout


def test_a_title_s_day_inside_the_week_is_the_as_of(
    runner: CliRunner, tidy: Callable[..., Path]
) -> None:
    """A week is a span: a title's 截至2024年6月14日 in week 24 (6月10日-6月16日) is the
    as-of, without a warning; the week's Sunday was taken before, with one."""
    header = ["序号", "项目名称", "县(市、区)", "年度计划投资", "本年累计完成投资"]
    path = tidy(header, ROWS, title="2024年重点项目周调度表（截至2024年6月14日）")
    result = runner.invoke(app, ["brief", str(path), "--week", "24", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["as_of"] == "2024-06-14"
    assert data["warnings"] == []


def test_a_month_ledger_in_a_week_outside_its_month_end_is_read_at_the_sunday(
    runner: CliRunner, tidy: Callable[..., Path]
) -> None:
    """1-7月完成投资 (no day) in week 29: the Sunday 7月21日, pro rata, as documented."""
    header = ["序号", "项目名称", "县(市、区)", "2024年计划投资", "1-7月完成投资"]
    path = tidy(header, ROWS)
    result = runner.invoke(app, ["brief", str(path), "--week", "29", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["as_of"] == "2024-07-21"


DEC_HEADER = ["序号", "项目名称", "县(市、区)", "2025年计划投资", "1-12月完成投资"]
DEC_ROWS = [[1, "甲", "东区", 400, 380], [2, "乙", "西区", 600, 420]]


def _week_one_checks(md: str) -> None:
    title = next(line for line in md.splitlines() if line.startswith("# "))
    assert title == "# 蓬溪县2026年第1周（2025年12月29日-2026年1月4日）重点项目推进情况"
    assert "（数据截至2025年12月31日）" in md
    # The figures are 2025's whole year: said so, not 第1周 over a year's figures.
    # 800 / 1000 = 80.0% against 100%.
    assert "\n2025年全年，全县2个重点项目累计完成投资" in md
    assert "完成年度计划投资80.0%，滞后时序进度20.0个百分点" in md


def test_iso_week_one_from_the_store_is_named_for_its_iso_year(
    runner: CliRunner, tidy: Callable[..., Path], tmp_path: Path
) -> None:
    path = tidy(DEC_HEADER, DEC_ROWS, name="2025年12月台账.xlsx",
                title="2025年蓬溪县重点项目推进情况表（1-12月）")  # fmt: skip
    store = tmp_path / "store"
    assert runner.invoke(app, ["ingest", str(path), "--store", str(store)]).exit_code == 0
    reports = tmp_path / "reports"
    last_year = reports / "2025-W01.md"  # last January's week-1 report
    reports.mkdir()
    last_year.write_text("2025年第1周", encoding="utf-8")
    result = runner.invoke(app, ["brief", "--store", str(store), "--week", "1", "--year",
                                 "2026", "-o", f"{reports}/{{year}}-{{period}}.md"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert last_year.read_text(encoding="utf-8") == "2025年第1周"
    _week_one_checks((reports / "2026-W01.md").read_text(encoding="utf-8"))
    # Without --year, the week is the one holding the newest stored period: 2026's week 1.
    (reports / "2026-W01.md").unlink()
    bare = runner.invoke(app, ["brief", "--store", str(store), "--week", "1", "-o",
                               f"{reports}/{{year}}-{{period}}.md"])  # fmt: skip
    assert bare.exit_code == 0, bare.output
    _week_one_checks((reports / "2026-W01.md").read_text(encoding="utf-8"))
    assert last_year.read_text(encoding="utf-8") == "2025年第1周"
    # The ledger itself, with or without --year (its 12-31 lies in 2026's week 1).
    for year in (["--year", "2026"], []):
        direct = runner.invoke(app, ["brief", str(path), "--week", "1", *year])
        assert direct.exit_code == 0, direct.output
        _week_one_checks(direct.stdout)
    assert date(2025, 12, 31).isocalendar()[:2] == (2026, 1)
