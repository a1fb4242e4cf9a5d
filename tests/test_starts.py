"""`projtrack starts`: due, started, 开工率 and 应开未开 against a hand count."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app

HEADER = ["项目名称", "责任单位", "建设性质", "年度计划投资", "1-6月完成投资", "计划开工时间",
          "实际开工时间"]  # fmt: skip
# As of 2024-06-30. Planned starts in every form SPEC §5 lists.
ROWS = [
    ["甲1", "县交通局", "新开工", 100, 10, datetime(2024, 2, 10), datetime(2024, 2, 20)],
    ["甲2", "县交通局", "新开工", 100, 10, "2024年3月", None],  # due, 3 months overdue
    ["甲3", "县交通局", "新开工", 100, 10, "2024.06", None],  # due this month: 0
    ["乙1", "县水利局", "新开工", 100, 10, "2024-05", "2024年5月"],
    ["乙2", "县水利局", "新开工", 100, 10, "2024/4/15", "2024.04.20"],
    ["乙3", "县水利局", "新开工", 100, 10, "2024年7月", "2024-06-01"],  # early start, not due
    ["丙1", "县住建局", "新开工", 100, 10, "2024年9月", None],  # not due
    ["丙2", "县住建局", "续建", 100, 10, "2022-03", "2022-04"],  # not a new start
    ["丙3", "县住建局", "新开工", 100, 10, None, None],  # no planned start: not due
    ["丁1", "县教育局", "新开工", 100, 10, "45306", None],  # Excel serial 2024-01-15
]


@pytest.fixture
def ledger(tidy) -> Path:
    return tidy(HEADER, ROWS)


def test_hand_count(runner: CliRunner, ledger: Path) -> None:
    result = runner.invoke(app, ["starts", str(ledger), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # Due: 甲1 甲2 甲3 乙1 乙2 丁1 = 6; started among them: 甲1 乙1 乙2 = 3.
    assert (data["due"], data["started"], data["started_early"]) == (6, 3, 1)
    assert data["start_rate"] == pytest.approx(0.5)
    by = {g["group"]: (g["due"], g["started"]) for g in data["by"]}
    assert by == {"县交通局": (3, 1), "县水利局": (2, 2), "县教育局": (1, 0)}
    assert data["not_started"] == [
        {"name": "丁1", "group": "县教育局", "planned_start": "2024-01-15", "months_overdue": 5},
        {"name": "甲2", "group": "县交通局", "planned_start": "2024-03-01", "months_overdue": 3},
        {"name": "甲3", "group": "县交通局", "planned_start": "2024-06-01", "months_overdue": 0},
    ]


def test_markdown(runner: CliRunner, ledger: Path) -> None:
    result = runner.invoke(app, ["starts", str(ledger), "-f", "md"])
    assert result.stdout.startswith(
        "## 上半年新开工项目：应开工6个，已开工3个，开工率50.0%；另有1个提前开工"
    )
    assert "| 2 | 甲2 | 县交通局 | 2024-03-01 | 3 |  |" in result.stdout


def test_no_planned_start_column_is_a_clear_error(runner: CliRunner, tidy) -> None:
    ledger = tidy(
        ["项目名称", "县(市、区)", "年度计划投资", "1-3月完成投资"], [["甲", "东区", 1, 1]]
    )
    result = runner.invoke(app, ["starts", str(ledger)])
    assert result.exit_code == 1
    assert "ledger.xlsx" in result.stderr and "计划开工时间" in result.stderr


def test_started_written_in_words(runner, tidy) -> None:
    """实际开工时间 written as 已开工 (no date) counts as started; 未开工 does not."""
    import json

    header = ["项目名称", "县(市、区)", "建设性质", "年度计划投资", "1-6月完成投资",
              "计划开工时间", "实际开工时间"]  # fmt: skip
    rows = [
        ["甲", "东区", "新开工", 100, 10, "2024-02-01", "已开工"],
        ["乙", "东区", "新开工", 100, 10, "2024-03-01", "未开工"],
        ["丙", "西区", "新开工", 100, 10, "2024-04-01", "2024-04-20"],
        ["丁", "西区", "新开工", 100, 0, "2024-05-01", None],
    ]
    path = tidy(header, rows)
    data = json.loads(
        runner.invoke(app, ["starts", str(path), "--quarter", "Q2", "-f", "json"]).stdout
    )
    assert (data["due"], data["started"]) == (4, 2)
    assert data["start_rate"] == 0.5
    assert sorted(r["name"] for r in data["not_started"]) == ["丁", "乙"]
    check = json.loads(runner.invoke(app, ["check", str(path), "-f", "json"]).stdout)
    flagged = {f["message"].split("：")[-1] for f in check["findings"] if f["code"] == "not_a_date"}
    assert not any("已开工" in m for m in flagged)  # a word that says it: no finding


@pytest.mark.parametrize(
    ("header", "yes", "no"),
    [("是否开工", "是", "否"), ("开工状态", "已开工", "未开工"), ("是否已开工", "√", "×"),
     ("开工情况", "已开工", "待开工")],
)  # fmt: skip
def test_a_start_status_column(runner, tidy, header: str, yes: str, no: str) -> None:
    """是否开工 = 是/否 (no 实际开工时间 column): 是 is started, 否 is 应开未开 — the column
    was not read and every due project was listed as not started."""
    head = ["项目名称", "县(市、区)", "建设性质", "年度计划投资", "1-6月完成投资",
            "计划开工时间", header]  # fmt: skip
    rows = [
        ["甲", "东区", "新开工", 100, 10, "2024-02-01", yes],
        ["乙", "东区", "新开工", 100, 10, "2024-03-01", no],
        ["丙", "西区", "新开工", 100, 10, "2024-04-01", yes],
        ["丁", "西区", "新开工", 100, 0, "2024-05-01", None],
        ["戊", "西区", "新开工", 100, 0, "2024-09-01", no],  # not due
    ]
    path = tidy(head, rows)
    data = json.loads(runner.invoke(app, ["starts", str(path), "-f", "json"]).stdout)
    assert (data["due"], data["started"]) == (4, 2)
    assert sorted(r["name"] for r in data["not_started"]) == ["丁", "乙"]
    check = json.loads(runner.invoke(app, ["check", str(path), "-f", "json"]).stdout)
    assert not [f for f in check["findings"] if f["code"] == "not_a_date"]


def test_dates_beside_a_start_status_column_are_read(runner, tidy) -> None:
    """实际开工时间 and 是否开工 both there: the dates are the field (no ambiguity note)."""
    head = ["项目名称", "县(市、区)", "建设性质", "年度计划投资", "1-6月完成投资",
            "计划开工时间", "是否开工", "实际开工时间"]  # fmt: skip
    rows = [
        ["甲", "东区", "新开工", 100, 10, "2024-02-01", "是", "2024-02-15"],
        ["乙", "东区", "新开工", 100, 10, "2024-03-01", "否", None],
    ]
    path = tidy(head, rows)
    data = json.loads(runner.invoke(app, ["starts", str(path), "-f", "json"]).stdout)
    assert (data["due"], data["started"]) == (2, 1)
    check = json.loads(runner.invoke(app, ["check", str(path), "-f", "json"]).stdout)
    assert not [f for f in check["findings"] if f["code"] == "column_ambiguous"]


def test_a_planned_start_written_as_a_month_alone_is_in_the_sheets_year(runner, tmp_path) -> None:
    """计划开工时间 3月 / 4月份 on a sheet titled 2024年…: March and April 2024 (the year a
    one-year ledger does not repeat); they were dropped with not_a_date and 开工率 was off."""
    from conftest import write_xlsx

    head = ["项目名称", "县(市、区)", "建设性质", "年度计划投资", "1-6月完成投资",
            "计划开工时间", "实际开工时间"]  # fmt: skip
    rows = [
        ["甲", "东区", "新开工", 100, 10, "3月", "2024-03-20"],
        ["乙", "东区", "新开工", 100, 10, "4月份", None],
        ["丙", "西区", "新开工", 100, 10, "6月", None],
        ["丁", "西区", "新开工", 100, 0, "9月", None],  # not due
    ]
    path = write_xlsx(tmp_path / "m.xlsx", [["2024年重点项目推进情况表（1-6月）"], head, *rows])
    data = json.loads(runner.invoke(app, ["starts", str(path), "-f", "json"]).stdout)
    assert (data["due"], data["started"]) == (3, 1)
    assert data["not_started"] == [
        {"name": "乙", "group": "东区", "planned_start": "2024-04-01", "months_overdue": 2},
        {"name": "丙", "group": "西区", "planned_start": "2024-06-01", "months_overdue": 0},
    ]
    check = json.loads(runner.invoke(app, ["check", str(path), "-f", "json"]).stdout)
    assert not [f for f in check["findings"] if f["code"] == "not_a_date"]


def test_a_full_date_later_in_the_as_of_month_is_not_due(runner, tidy) -> None:
    """As of 15 May: 计划开工 2024-05-25 is not due yet; 5月 (a month alone) and 2024-05-10 are."""
    header = ["项目名称", "县(市、区)", "建设性质", "年度计划投资", "1-5月完成投资", "计划开工时间",
              "实际开工时间"]  # fmt: skip
    rows = [
        ["甲", "东区", "新开工", 100, 0, datetime(2024, 5, 25), None],
        ["乙", "东区", "新开工", 100, 0, "5月", None],
        ["丙", "东区", "新开工", 100, 0, datetime(2024, 5, 10), None],
        ["丁", "东区", "新开工", 100, 10, datetime(2024, 4, 1), datetime(2024, 4, 3)],
    ]
    path = tidy(header, rows, title="2024年重点项目推进情况")
    result = runner.invoke(app, ["starts", str(path), "--as-of", "2024-05-15", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["due"] == 3 and data["started"] == 1
    assert sorted(r["name"] for r in data["not_started"]) == ["丙", "乙"]


@pytest.mark.parametrize(
    ("wan", "shown"),
    [(9960, "1.0"), (9940, "0.99"), (3500, "0.35"), (162000, "16.2"), (9999600, "1000.0"),
     (-9960, "-1.0")],
)  # fmt: skip
def test_yi_decides_its_decimals_on_the_value_shown(wan: float, shown: str) -> None:
    from projtrack.render.numbers import yi

    assert yi(wan) == shown


def test_a_start_after_the_as_of_date_has_not_happened_yet(runner: CliRunner, tidy) -> None:
    """Read --as-of 2024-06-15, a start dated 2024-06-20 (the ledger filled at the month's
    end) has not happened yet; one dated 2024-06-10 has."""
    rows = [["戊1", "县交通局", "新开工", 100, 10, "2024-06-01", "2024-06-20"],
            ["戊2", "县交通局", "新开工", 100, 10, "2024-06-01", "2024-06-10"]]  # fmt: skip
    result = runner.invoke(app, ["starts", str(tidy(HEADER, rows)), "--as-of", "2024-06-15",
                                 "-f", "json"])  # fmt: skip
    data = json.loads(result.stdout)
    assert (data["due"], data["started"]) == (2, 1)
    assert [r["name"] for r in data["not_started"]] == ["戊1"]


@pytest.mark.parametrize("text", ["2024年6-7月", "2024年6月-7月", "2024年6月至7月", "2024年6～7月"])
def test_a_window_of_months_starts_in_its_first(runner: CliRunner, tidy, text: str) -> None:
    """计划开工时间 2024年6-7月 is June to July (it was read as 7 June)."""
    rows = [["甲", "县交通局", "新开工", 100, 10, text, None]]
    result = runner.invoke(app, ["starts", str(tidy(HEADER, rows)), "--as-of", "2024-06-02",
                                 "-f", "json"])  # fmt: skip
    data = json.loads(result.stdout)
    assert data["due"] == 1 and data["not_started"][0]["planned_start"] == "2024-06-01"


def test_investment_without_a_recorded_start_is_said(runner, tidy) -> None:
    """A project 97.9 % complete with no 实际开工时间 was listed 应开未开 (and 蜗牛 未开工)
    with no word in check; the figures keep the ledger's word, and a warning names it."""
    header = ["项目名称", "县(市、区)", "建设性质", "年度计划投资", "1-6月完成投资",
              "计划开工时间", "实际开工时间"]  # fmt: skip
    rows = [["甲", "东区", "新开工", 100, 97.9, "2024-02-01", None],
            ["乙", "东区", "新开工", 100, 0, "2024-02-01", None],
            ["丙", "西区", "新开工", 100, 50, "2024-02-01", "2024-02-10"]]  # fmt: skip
    path = tidy(header, rows)
    check = json.loads(runner.invoke(app, ["check", str(path), "-f", "json"]).stdout)
    found = [f for f in check["findings"] if f["code"] == "start_unrecorded"]
    assert [f["where"] for f in found] == ["Sheet1!G4"]  # 甲 only: 乙 did nothing yet
    assert "已完成投资97.9万元" in found[0]["message"]
    data = json.loads(runner.invoke(app, ["starts", str(path), "-f", "json"]).stdout)
    assert sorted(r["name"] for r in data["not_started"]) == ["乙", "甲"]  # as the ledger says


@pytest.mark.parametrize(
    ("progress", "said"),
    [("主体结构施工中", True), ("已完工", True), ("在建", True), ("主体封顶", True),
     ("正在办理施工许可", False), ("施工图设计", False), ("尚未开工建设", False),
     ("计划7月开工建设", False), ("前期工作", False)],
)  # fmt: skip
def test_works_under_way_without_a_recorded_start_are_said(
    runner, tidy, progress: str, said: bool
) -> None:
    """形象进度 主体结构施工中 with no 实际开工时间 and little spent yet: listed 应开未开 as the
    ledger says, and a warning names it (a 通报 naming a site under construction is sent
    back); 施工许可 being applied for, or 施工图, says nothing of the works."""
    header = ["项目名称", "县(市、区)", "建设性质", "年度计划投资", "1-6月完成投资",
              "计划开工时间", "实际开工时间", "形象进度"]  # fmt: skip
    rows = [["甲", "东区", "新开工", 100, 10, "2024-02-01", None, progress],
            ["丙", "西区", "新开工", 100, 50, "2024-02-10", "2024-02-10", "主体施工"]]  # fmt: skip
    path = tidy(header, rows)
    check = json.loads(runner.invoke(app, ["check", str(path), "-f", "json"]).stdout)
    found = [f for f in check["findings"] if f["code"] == "start_unrecorded"]
    assert [f["where"] for f in found] == (["Sheet1!G4"] if said else [])
    if said:
        assert f"形象进度为“{progress}”" in found[0]["message"]
    data = json.loads(runner.invoke(app, ["starts", str(path), "-f", "json"]).stdout)
    assert [r["name"] for r in data["not_started"]] == ["甲"]  # as the ledger says


def test_the_late_list_is_most_overdue_then_earliest_due_then_ledger_order(
    runner: CliRunner, tidy
) -> None:
    """Ties on months overdue go to the earliest planned start (06-01 before 06-25, not 乙
    before 甲 by code point), and a tie on the day keeps the ledger's order (戊 before 丁).
    The 督办单's 应开未开 section follows the same order."""
    rows = [
        ["乙道路", "县住建局", "新开工", 100, 0, "2024-06-25", None],
        ["甲污水厂", "县住建局", "新开工", 100, 0, "2024-06-01", None],
        ["戊市场", "县住建局", "新开工", 100, 0, "2024-06-10", None],
        ["丁园区", "县住建局", "新开工", 100, 0, "2024-06-10", None],
        ["庚公园", "县住建局", "新开工", 100, 0, "2024年3月", None],
    ]
    ledger = tidy(HEADER, rows)
    order = ["庚公园", "甲污水厂", "戊市场", "丁园区", "乙道路"]
    result = runner.invoke(app, ["starts", str(ledger), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert [p["name"] for p in json.loads(result.stdout)["not_started"]] == order
    result = runner.invoke(app, ["notices", str(ledger), "--dry-run", "-f", "json"])
    assert result.exit_code == 0, result.output
    (notice,) = json.loads(result.stdout)["notices"]
    assert [p["name"] for p in notice["not_started"]] == order


def test_a_new_start_carried_over_from_last_year_is_still_due(runner, tidy) -> None:
    """No 建设性质 column, a January ledger: a project due last July with no sign of a start
    (no date, 0 invested, 形象进度 of paperwork) is 应开未开, 6 months overdue; projects due
    last year with a start date, money this year or works under way are 续建, not due."""
    import json

    header = ["项目名称", "县(市、区)", "年度计划投资", "1月完成投资", "计划开工时间",
              "实际开工时间", "形象进度"]  # fmt: skip
    rows = [
        ["光伏组件", "东区", 1000, 0, "2025-07", None, "用地报批未完成"],  # carried over
        ["水厂", "东区", 1000, 0, "2025-03", "2025-04-10", "主体施工"],  # started: date
        ["学校", "西区", 1000, 80, "2025-05", None, None],  # money this year: started
        ["园区", "西区", 1000, 0, "2025-06", None, "主体结构施工中"],  # works under way
        ["停车场", "西区", 1000, 0, "2026-01", None, "选址"],  # due this month
    ]
    path = tidy(header, rows, title="2026年XX县重点项目推进情况表")
    data = json.loads(runner.invoke(app, ["starts", str(path), "-f", "json"]).stdout)
    late = {r["name"]: r["months_overdue"] for r in data["not_started"]}
    assert late == {"光伏组件": 6, "停车场": 0}
    assert (data["due"], data["started"]) == (2, 0)
