"""Deadlines (办结时限, 计划竣工时间) read as the last day of the span they name; a deadline
that names no day is a finding naming its cell, never dropped in silence."""

from __future__ import annotations

import json
from datetime import date

import pytest

from projtrack.cli.app import app
from projtrack.read.deadlines import deadline_of

# (cell, the day it is met by) in a 2024 ledger of September, worked out from the calendar.
CASES = [
    ("2024年7月底前", date(2024, 7, 31)), ("8月15日前", date(2024, 8, 15)),
    ("7月底前完成", date(2024, 7, 31)), ("2024年9月中旬", date(2024, 9, 20)),
    ("9月上旬", date(2024, 9, 10)), ("9月下旬", date(2024, 9, 30)), ("9月初", date(2024, 9, 10)),
    ("9月中", date(2024, 9, 20)), ("上中旬", None), ("2月", date(2024, 2, 29)),
    ("2024年2月", date(2024, 2, 29)), ("2024-08-15前", date(2024, 8, 15)),
    ("2024.8.20", date(2024, 8, 20)), ("8.15", date(2024, 8, 15)), ("202408", date(2024, 8, 31)),
    ("45519", date(2024, 8, 15)), ("三季度", date(2024, 9, 30)), ("第三季度", date(2024, 9, 30)),
    ("三季度末", date(2024, 9, 30)), ("2024Q2", date(2024, 6, 30)),
    ("上半年", date(2024, 6, 30)), ("下半年", date(2024, 12, 31)), ("年底前", date(2024, 12, 31)),
    ("年内", date(2024, 12, 31)), ("2024年", date(2024, 12, 31)), ("8-9月", date(2024, 9, 30)),
    ("确保8月底前完成整改", date(2024, 8, 31)), ("八月底前", date(2024, 8, 31)),
    ("十月十五日前", date(2024, 10, 15)), ("本月底", date(2024, 9, 30)),
    ("2024年12月（调整后）", date(2024, 12, 31)), ("长期", None), ("尽快", None),
    ("春节前", None), ("年前", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "day"), CASES)
def test_a_deadline_is_the_last_day_of_what_it_names(text: str, day: date | None) -> None:
    assert deadline_of(text, 2024, 9, nearest=True).day == day


@pytest.mark.parametrize(
    ("text", "year", "month", "day", "moved"),
    [("12月底前", 2025, 1, date(2024, 12, 31), -1), ("四季度", 2025, 1, date(2024, 12, 31), -1),
     ("11月", 2025, 1, date(2024, 11, 30), -1), ("10月", 2025, 1, date(2025, 10, 31), 0),
     ("1月15日前", 2024, 12, date(2025, 1, 15), 1), ("年底前", 2025, 1, date(2025, 12, 31), 0),
     ("2024年12月", 2025, 1, date(2024, 12, 31), 0), ("8月15日前", 2024, None, date(2024, 8, 15), 0),
     ("8月15日前", None, 9, None, 0)],
)  # fmt: skip
def test_a_year_less_deadline_is_near_the_ledger_s_month(
    text: str, year: int | None, month: int | None, day: date | None, moved: int
) -> None:
    got = deadline_of(text, year, month, nearest=True)
    assert (got.day, got.moved) == (day, moved)


def test_a_planned_finish_keeps_the_title_s_year() -> None:
    assert deadline_of("12月", 2025, 1, nearest=False).day == date(2025, 12, 31)


HEADER = [
    "项目名称",
    "责任单位",
    "年度计划投资",
    "1-9月完成投资",
    "存在问题",
    "办结时限",
    "问题状态",
]
AS_OF = date(2024, 9, 30)


def test_problems_and_notices_count_from_the_deadline_s_last_day(runner, tidy) -> None:
    """The tester's 时限 ledger: 2024年7月底前 was 7月1日 逾期91天, 8月15日前 and 7月底前完成
    were not read (no 督办单 for their units)."""
    rows = {  # name: (unit, deadline cell, the day it is met by)
        "甲": ("县住建局", "2024年8月15日前", date(2024, 8, 15)),
        "乙": ("县交通局", "8月15日前", date(2024, 8, 15)),
        "丙": ("县卫健局", "2024年7月底前", date(2024, 7, 31)),
        "丁": ("县教育局", "7月底前完成", date(2024, 7, 31)),
        "戊": ("县商务局", "2024年9月中旬", date(2024, 9, 20)),
        "己": ("县文旅局", "9月30日前", date(2024, 9, 30)),  # due today: not late
    }
    ledger = tidy(HEADER, [[n, u, 100, 90, "问题", t, "未解决"] for n, (u, t, _) in rows.items()],
                  name="2024年9月台账.csv", title="2024年某县重点项目推进情况（1-9月）")  # fmt: skip
    result = runner.invoke(app, ["problems", str(ledger), "-f", "json"])
    assert result.exit_code == 0, result.output
    got = {
        p["name"]: (p["deadline"], p["overdue_days"]) for p in json.loads(result.stdout)["problems"]
    }
    late = {n: (AS_OF - d).days for n, (_, _, d) in rows.items()}
    assert late == {"甲": 46, "乙": 46, "丙": 61, "丁": 61, "戊": 10, "己": 0}
    assert got == {n: (d.isoformat(), late[n] or None) for n, (_, _, d) in rows.items()}
    notices = runner.invoke(app, ["notices", str(ledger), "--dry-run", "-f", "json"])
    sent = {n["unit"]: [(p["name"], p["overdue_days"]) for p in n["overdue_problems"]]
            for n in json.loads(notices.stdout)["notices"]}  # fmt: skip
    assert sent == {u: [(n, late[n])] for n, (u, _, _) in rows.items() if late[n]}


def findings(runner, path) -> list[tuple[str, str]]:
    check = json.loads(runner.invoke(app, ["check", str(path), "-f", "json"]).stdout)
    return [(f["where"], f["code"]) for f in check["findings"] if f["code"].startswith("deadline")]


def test_a_deadline_that_names_no_day_is_a_finding_naming_its_cell(runner, tidy) -> None:
    rows = [["甲", "县住建局", 100, 90, "问题", "长期", "未解决"],
            ["乙", "县住建局", 100, 90, "问题", "8月底前", "未解决"],
            ["丙", "县交通局", 100, 90, "问题", "春节前", "未解决"],
            ["丁", "县交通局", 100, 90, "问题", "—", "未解决"]]  # fmt: skip
    path = tidy(HEADER, rows, name="2024年9月台账.csv", title="2024年某县重点项目推进情况（1-9月）")
    assert findings(runner, path) == [("2024年9月台账!F4", "deadline_unread"),
                                      ("2024年9月台账!F6", "deadline_unread")]  # fmt: skip
    # Without a year anywhere on the sheet, 8月底前 has none to take: said, not dropped.
    bare = tidy(HEADER, rows[1:2], name="台账.csv", title="某县重点项目推进情况（1-9月）")
    result = runner.invoke(app, ["check", str(bare), "--year", "2024", "-f", "json"])
    said = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "deadline_unread"]
    assert [f["where"] for f in said] == ["台账!F4"]
    assert "未写年份，台账标题也未写年份" in said[0]["message"]


def test_a_december_deadline_in_a_january_ledger_is_last_year_s_and_said(runner, tidy) -> None:
    header = [h.replace("1-9月", "1月") for h in HEADER]
    rows = [["甲", "县住建局", 100, 10, "问题", "12月底前", "未解决"],
            ["乙", "县住建局", 100, 10, "问题", "年底前", "未解决"]]  # fmt: skip
    path = tidy(header, rows, name="2025年1月台账.csv", title="2025年某县重点项目推进情况（1月）")
    data = json.loads(runner.invoke(app, ["problems", str(path), "-f", "json"]).stdout)
    got = {p["name"]: (p["deadline"], p["overdue_days"]) for p in data["problems"]}
    assert got == {"甲": ("2024-12-31", (date(2025, 1, 31) - date(2024, 12, 31)).days),
                   "乙": ("2025-12-31", None)}  # fmt: skip
    assert findings(runner, path) == [("2025年1月台账!F4", "deadline_year")]


def test_a_planned_start_keeps_its_first_day_and_a_planned_finish_its_last(runner, tidy) -> None:
    """计划开工 2024年9月中旬 is due from the 11th (as of the 15th: 应开未开); 计划竣工 2024年三季度
    is met by 30 September, so 完工延后 as of March 2025 is 6 months (from July it was 8)."""
    header = ["项目名称", "责任单位", "建设性质", "年度计划投资", "1-9月完成投资",
              "计划开工时间", "实际开工时间", "计划竣工时间"]  # fmt: skip
    start = tidy(header, [["甲", "县住建局", "新开工", 100, 10, "2024年9月中旬", None, None]])
    data = json.loads(runner.invoke(app, ["starts", str(start), "--as-of", "2024-09-15",
                                          "-f", "json"]).stdout)  # fmt: skip
    assert [(r["name"], r["planned_start"]) for r in data["not_started"]] == [("甲", "2024-09-11")]
    finish = tidy([h.replace("1-9月", "1-3月") for h in header],
                  [["乙", "县住建局", "续建", 100, 10, None, None, "2024年三季度"]],
                  name="finish.xlsx", title="2025年XX县重点项目推进情况表")  # fmt: skip
    woniu = json.loads(runner.invoke(app, ["woniu", str(finish), "--no-record",
                                           "-f", "json"]).stdout)  # fmt: skip
    months = (2025 * 12 + 3) - (2024 * 12 + 9)
    assert [(p["name"], p["finish_delay"]) for p in woniu["projects"]] == [("乙", months)]
