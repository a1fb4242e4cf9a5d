"""Planned starts written as a part of a month (2024年3月下旬, 3月中旬, 6月底): due from the
day that part starts (上旬 the 1st, 中旬 the 11th, 下旬 the 21st; 底/末 the last day), never
as the month's 1st with the 旬 dropped."""

from __future__ import annotations

import calendar
import json
from datetime import date

import polars as pl
import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.read.values import date_column

YEAR = 2024
_LAST = calendar.monthrange(YEAR, 3)[1]
# text → (month, day) by the rule, written out by hand for March of YEAR.
FORMS = {
    "2024年3月上旬": 1, "2024年3月中旬": 11, "2024年3月下旬": 21, "2024年3月中下旬": 11,
    "2024年3月初": 1, "2024年3月月初": 1, "2024年3月中": 11, "2024年3月月中": 11,
    "2024年3月底": _LAST, "2024年3月月底": _LAST, "2024年3月末": _LAST, "2024.3下旬": 21,
    "2024-03中旬": 11, "2024年3月份下旬": 21, "3月上旬": 1, "3月中旬": 11, "3月下旬": 21,
    "3月底": _LAST, "2024年三月下旬": 21, "三月中旬": 11, "三月初": 1, "三月底": _LAST,
    "2024年3月": 1, "3月": 1, "2024年3月15日": 15,
}  # fmt: skip


def test_each_part_of_a_month_reads_as_the_day_it_starts() -> None:
    texts = list(FORMS)
    got = date_column(pl.Series("c", texts), YEAR).to_list()
    assert dict(zip(texts, got, strict=True)) == {t: date(YEAR, 3, d) for t, d in FORMS.items()}


def test_february_end_in_a_leap_year() -> None:
    got = date_column(pl.Series("c", ["2024年2月底", "2023年2月下旬", "2023年2月末"]), YEAR)
    assert got.to_list() == [date(2024, 2, 29), date(2023, 2, 21), date(2023, 2, 28)]


HEADER = ["序号", "县(市、区)", "项目名称", "年度计划投资", "1-3月完成投资", "计划开工时间",
          "实际开工时间"]  # fmt: skip
# The tester's weekly dispatch (t19_tenday.xlsx): name → planned start as typed, and the
# day it is due from by the rule above.
STARTS = [
    ("甲", "2024年3月下旬", date(2024, 3, 21)),
    ("乙", "2024年3月中旬", date(2024, 3, 11)),
    ("丙", "3月底", date(2024, 3, 31)),
    ("丁", "2024年3月上旬", date(2024, 3, 1)),
    ("戊", "2024-03-25", date(2024, 3, 25)),
]


@pytest.mark.parametrize("day", [1, 10, 11, 15, 20, 21, 25, 30, 31])
def test_not_started_inside_the_month_follows_the_part_named(
    runner: CliRunner, tidy, day: int
) -> None:
    rows = [[i, "旌阳区", name, 1000, 0, text, None] for i, (name, text, _) in enumerate(STARTS, 1)]
    rows.append([9, "罗江区", "己", 1000, 100, "2024年2月", "2024.2"])  # started in February
    path = tidy(HEADER, rows, title="2024年德阳市重点项目推进情况表")
    as_of = date(YEAR, 3, day)
    result = runner.invoke(app, ["starts", str(path), "--as-of", as_of.isoformat(), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    due = {name for name, _, start in STARTS if start <= as_of}
    assert {r["name"] for r in data["not_started"]} == due
    assert data["due"] == len(due) + 1 and data["started"] == 1
    shown = {r["name"]: r["planned_start"] for r in data["not_started"]}
    assert shown == {n: s.isoformat() for n, _, s in STARTS if n in due}
