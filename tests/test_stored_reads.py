"""Stored periods are read as today's ledger would be: with today's [aliases], and under
the plan convention each group keeps its own time progress in the trend."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.jobs.history import trend
from projtrack.store import Store


def month_ledger(tidy, month: int, name: str, east: str) -> Path:
    header = [
        "项目名称",
        "县(市、区)",
        "年度计划投资",
        f"1-{month}月计划投资",
        f"1-{month}月完成投资",
    ]
    rows = [["甲", east, 100, 10 * month, 8 * month], ["乙", "西区", 200, 15 * month, 20 * month]]
    return tidy(header, rows, name=name, title="2024年某县重点项目推进情况")


def test_a_unit_renamed_since_is_compared_with_itself(runner: CliRunner, tidy) -> None:
    feb = month_ledger(tidy, 2, "feb.xlsx", "经开区")
    mar = month_ledger(tidy, 3, "mar.xlsx", "德阳经开区")
    assert runner.invoke(app, ["ingest", str(feb)]).exit_code == 0  # stored as 经开区
    # The alias is added after February was stored: it applies to the stored period too.
    (Path("projtrack.toml")).write_text('[aliases]\n"德阳经开区" = ["经开区"]\n', "utf-8")
    result = runner.invoke(app, ["rank", str(mar), "-f", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["group"]: r for r in json.loads(result.stdout)["rows"]}
    assert set(rows) == {"德阳经开区", "西区"}
    east = rows["德阳经开区"]
    assert east["prev_rank"] is not None  # not 新: February's 经开区 is the same unit
    assert east["rate_change_pp"] == pytest.approx((24 / 100 - 16 / 100) * 100)


def test_trend_under_the_plan_convention_keeps_each_groups_time_progress(
    runner: CliRunner, tidy
) -> None:
    for m in (2, 3):
        path = month_ledger(tidy, m, f"m{m}.xlsx", "东区")
        assert runner.invoke(app, ["ingest", str(path)]).exit_code == 0
    frame, _ = trend(store=Store(Path("projtrack-data")), by="region", convention="plan")
    row = frame.filter((frame["period"] == "2024-03") & (frame["group"] == "东区")).row(
        0, named=True
    )
    assert row["time_progress"] == pytest.approx(30 / 100)  # its own 1-3月计划投资 / plan
    assert row["variance_pp"] == pytest.approx((24 / 100 - 30 / 100) * 100)
    total = frame.filter((frame["period"] == "2024-03") & (frame["group"] == "合计")).row(
        0, named=True
    )
    assert total["time_progress"] == pytest.approx((30 + 45) / 300)
