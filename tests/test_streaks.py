"""Streaks across stored months and the escalation ladder, against the colours the
generated ledgers were built to have (computed here, month by month, independently)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.figures.streaks import monthly_chain
from projtrack.jobs.warn import warn
from projtrack.store import Store

MONTHS = [5, 6, 7, 8, 9]
# Each project's colour from May to September 2024 (the last one is the current period).
PLAN = {
    "甲项目": "RRRRR",
    "乙项目": "BBBYY",
    "丙项目": "BBBBY",
    "丁项目": "BBBBB",
    "戊项目": "RBBBR",
    "己项目": "YYRYY",
    "庚项目": "BRBYR",
}
OFFSET = {"B": 0.0, "Y": -0.20, "R": -0.40}  # completion rate − time progress
LADDER = {  # 三亚: the last rung that applies
    ("yellow", 1): "项目负责人约谈",
    ("yellow", 2): "分管副市长约谈",
    ("red", 1): "分管市领导约谈",
}


def ledger_of(tidy, month: int, name: str) -> Path:
    rows = []
    for i, (project, colours) in enumerate(PLAN.items()):
        plan = 1200.0 * (i + 1)
        rate = month / 12 + OFFSET[colours[MONTHS.index(month)]]
        rows.append([project, "东区" if i % 2 else "西区", plan, round(plan * rate, 4)])
    header = ["项目名称", "县(市、区)", "年度计划投资", f"1-{month}月完成投资"]
    return tidy(header, rows, name=name, title="2024年某县重点项目推进情况")


def expected(colours: str, months_back: int) -> tuple[int, int, str | None, str]:
    """(red streak, yellow-or-worse streak, action, colour) from the planned colours."""
    seen = colours[len(colours) - months_back :]
    red = yellow = 0
    for c in reversed(seen):
        if c != "R":
            break
        red += 1
    for c in reversed(seen):
        if c == "B":
            break
        yellow += 1
    action, colour = None, {"B": "blue", "Y": "yellow", "R": "red"}[seen[-1]]
    for (level, n), text in LADDER.items():
        if (red if level == "red" else yellow) >= n:
            action = text
            if (level, n) == ("yellow", 2):
                colour = "red"
    return red, yellow, action, colour


def ingest_months(runner: CliRunner, tidy, months: list[int]) -> dict[int, Path]:
    paths = {m: ledger_of(tidy, m, f"2024年{m}月台账.xlsx") for m in MONTHS}
    for m in months:
        result = runner.invoke(app, ["ingest", str(paths[m])])
        assert result.exit_code == 0, result.output
    return paths


def test_streaks_and_ladder_over_five_stored_months(runner: CliRunner, tidy) -> None:
    paths = ingest_months(runner, tidy, MONTHS[:-1])
    report = warn(paths[9], store=Store(Path("projtrack-data")))
    got = {r["name"]: r for r in report.projects.iter_rows(named=True)}
    for project, colours in PLAN.items():
        red, yellow, action, colour = expected(colours, 5)
        row = got[project]
        assert (row["red_streak"], row["yellow_streak"], row["action"], row["color"]) == (
            red, yellow, action, colour), project  # fmt: skip
    assert report.lookback.periods == ["2024-09", "2024-08", "2024-07", "2024-06", "2024-05"]
    assert got["甲项目"]["streak"] == "连续5期红"
    assert got["乙项目"]["streak"] == "连续2期预警"
    assert "升为红色" in got["乙项目"]["reason"]
    assert report.counts["red"] == sum(expected(c, 5)[3] == "red" for c in PLAN.values())
    # A colour raised by the ladder moves its project up among the reds.
    order = {"red": 0, "yellow": 1, "blue": 2}
    colours = [order[c] for c in report.projects["color"]]
    assert colours == sorted(colours)


def test_a_missing_month_ends_every_streak(runner: CliRunner, tidy) -> None:
    paths = ingest_months(runner, tidy, [5, 6, 8])  # July is not stored
    report = warn(paths[9], store=Store(Path("projtrack-data")))
    assert report.lookback.periods == ["2024-09", "2024-08"]
    assert report.lookback.gaps == ["2024-07"]
    got = {r["name"]: r for r in report.projects.iter_rows(named=True)}
    for project, colours in PLAN.items():
        red, yellow, action, _ = expected(colours, 2)
        assert (got[project]["red_streak"], got[project]["yellow_streak"]) == (red, yellow)
        assert got[project]["action"] == action


def test_cli_table_json_and_no_history(runner: CliRunner, tidy) -> None:
    paths = ingest_months(runner, tidy, [])
    result = runner.invoke(app, ["warn", str(paths[9])])
    assert result.exit_code == 0 and "连续预警" not in result.stdout
    assert "快照库" not in result.stdout  # no store at all: nothing said about history
    paths = ingest_months(runner, tidy, [5])
    result = runner.invoke(app, ["warn", str(paths[9])])
    # May is stored, August is not: the month before is missing, and said so
    assert "快照库中2024-08缺期，连续期数只含本期" in result.stdout
    for m in (6, 7, 8):
        assert runner.invoke(app, ["ingest", str(paths[m])]).exit_code == 0
    result = runner.invoke(app, ["warn", str(paths[9]), "-f", "md"])
    assert result.exit_code == 0, result.output
    assert (
        "| 红 | 甲项目 | 西区 |" in result.stdout
        and "| 连续5期红 | 分管市领导约谈 |" in result.stdout
    )
    assert "连续期数依据2024-05至2024-09共5期。" in result.stdout
    data = json.loads(runner.invoke(app, ["warn", str(paths[9]), "-f", "json"]).stdout)
    assert data["lookback"] == {"periods": ["2024-09", "2024-08", "2024-07", "2024-06",
                                            "2024-05"], "gaps": []}  # fmt: skip
    yi = next(p for p in data["projects"] if p["name"] == "乙项目")
    assert (yi["streak"], yi["action"], yi["color"]) == ("连续2期预警", "分管副市长约谈", "red")


def test_ladder_from_the_config(runner: CliRunner, tidy, tmp_path: Path) -> None:
    paths = ingest_months(runner, tidy, MONTHS[:-1])
    cfg = tmp_path / "ladder.toml"
    cfg.write_text('[supervision]\nladder = [{ colour = "red", periods = 3, action = "挂牌督办" }]\n',
                   encoding="utf-8")  # fmt: skip
    result = runner.invoke(app, ["warn", str(paths[9]), "--config", str(cfg), "-f", "json"])
    data = json.loads(result.stdout)
    actions = {p["name"]: p["action"] for p in data["projects"]}
    assert actions == {name: ("挂牌督办" if expected(c, 5)[0] >= 3 else None)
                       for name, c in PLAN.items()}  # fmt: skip
    bad = tmp_path / "bad.toml"
    bad.write_text('[supervision]\nladder = [{ colour = "green", periods = 1, action = "x" }]\n',
                   encoding="utf-8")  # fmt: skip
    result = runner.invoke(app, ["warn", str(paths[9]), "--config", str(bad)])
    assert result.exit_code == 2 and "supervision.ladder entries are" in result.stderr


@pytest.mark.parametrize(
    ("stored", "chain", "gaps"),
    [
        ([date(2024, 8, 31), date(2024, 7, 31)], [date(2024, 8, 31), date(2024, 7, 31)], []),
        ([date(2024, 8, 9), date(2024, 8, 30), date(2024, 6, 30)], [date(2024, 8, 30)],
         ["2024-07"]),
        ([date(2024, 9, 6)], [], []),  # the same month as the current period: not earlier
        ([date(2023, 12, 31), date(2024, 1, 31)], [], ["2024-08"]),
        # 季度调度: quarter ends only, the previous period is the quarter before
        ([date(2024, 6, 30), date(2024, 3, 31)], [date(2024, 6, 30), date(2024, 3, 31)], []),
        ([date(2023, 12, 31), date(2024, 6, 30)], [date(2024, 6, 30)], ["2024-03"]),
        ([date(2024, 3, 31)], [], ["2024-06"]),
        # one month that is not a quarter end: a monthly store with months missing
        ([date(2024, 6, 30), date(2024, 5, 31)], [], ["2024-08"]),
    ],
)  # fmt: skip
def test_monthly_chain(stored: list[date], chain: list[date], gaps: list[str]) -> None:
    assert monthly_chain(date(2024, 9, 30), stored) == (chain, gaps)


def test_the_briefing_colours_as_warn_does_with_a_store(runner: CliRunner, tidy) -> None:
    """brief and warn print one classification: the ladder raises colours in both."""
    paths = ingest_months(runner, tidy, MONTHS[:-1])
    warned = json.loads(runner.invoke(app, ["warn", str(paths[9]), "-f", "json"]).stdout)
    briefed = json.loads(runner.invoke(app, ["brief", str(paths[9]), "-f", "json"]).stdout)
    assert briefed["warning_counts"] == warned["counts"]
    assert warned["counts"]["red"] == sum(expected(c, 5)[3] == "red" for c in PLAN.values())


def test_a_project_raised_to_red_takes_its_place_by_variance() -> None:
    """Red first, then worst variance first (docs/figures.md): a yellow raised to red by two
    periods of warnings, 25 points behind, comes before a red that is red for its 入统 or
    new start and ahead of time — it was put after every red of the current period."""
    import polars as pl

    from projtrack.config_sections import Rung
    from projtrack.figures.streaks import apply_ladder

    frame = pl.DataFrame({
        "name": ["进度红", "入统红", "升红", "黄", "蓝"],  # as classify_projects sorts them
        "color": ["red", "red", "yellow", "yellow", "blue"],
        "variance_pp": [-40.0, 13.5, -25.0, -12.0, 2.0],
        "red_streak": [1, 1, 0, 0, 0],
        "yellow_streak": [1, 1, 2, 1, 0],
        "reason": ["未入统", "滞后", "滞后", "滞后", None],
    })  # fmt: skip
    out = apply_ladder(frame, (Rung("yellow", 2, "约谈", raise_to="red"),))
    assert out["name"].to_list() == ["进度红", "升红", "入统红", "黄", "蓝"]
    assert out["color"].to_list() == ["red", "red", "red", "yellow", "blue"]
