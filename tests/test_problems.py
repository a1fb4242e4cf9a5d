"""`projtrack problems`: states, overdue first, counts per responsible unit."""

from __future__ import annotations

import json
from datetime import datetime

from typer.testing import CliRunner

from projtrack.cli.app import app

HEADER = [
    "项目名称",
    "责任单位",
    "年度计划投资",
    "1-6月完成投资",
    "存在问题",
    "问题状态",
    "办结时限",
]
ROWS = [
    ["甲", "县住建局", 100, 50, "征地拆迁阻工", "正在协调", datetime(2024, 5, 31)],  # 30 days late
    ["乙", "县住建局", 100, 50, "施工许可未办", "未解决", "2024年6月"],  # by 6-30: not yet late
    ["丙", "县水利局", 100, 50, "资金未到位", "已解决", datetime(2024, 3, 1)],
    ["丁", "县水利局", 100, 50, "电力迁改", "已销号", None],
    ["戊", "县交通局", 100, 50, "用地指标", None, datetime(2024, 7, 15)],  # open, not yet due
    ["己", "县交通局", 100, 50, None, None, None],  # no problem: not listed
    ["庚", "县交通局", 100, 50, "环评", "办理中", "2024.06.30"],  # due today: not overdue
]


def test_states_overdue_and_counts(runner: CliRunner, tidy) -> None:
    ledger = tidy(HEADER, ROWS)
    result = runner.invoke(app, ["problems", str(ledger), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["as_of"] == "2024-06-30"
    assert data["counts"] == {"open": 4, "resolved": 1, "closed": 1, "overdue": 1, "total": 6}
    listed = [(p["name"], p["state"], p["overdue_days"]) for p in data["problems"]]
    assert listed == [
        ("甲", "open", 30),
        ("戊", "open", None),  # same unit: ledger order
        ("庚", "open", None),
        ("乙", "open", None),
        ("丙", "resolved", None),
        ("丁", "closed", None),
    ]
    by = {
        u["responsible"]: (u["open"], u["overdue"], u["resolved"], u["closed"]) for u in data["by"]
    }
    assert by == {"县住建局": (2, 1, 0, 0), "县交通局": (2, 0, 0, 0), "县水利局": (0, 0, 1, 1)}
    assert data["problems"][0]["where"] == "Sheet1!A4"


def test_markdown_shows_status_columns_only_when_the_ledger_has_them(runner, tidy, example):
    ledger = tidy(HEADER, ROWS)
    md = runner.invoke(app, ["problems", str(ledger), "-f", "md"]).stdout
    assert md.startswith("## 问题清单：共6个问题，未解决4个（其中逾期1个），已解决1个，已销号1个")
    assert "| 1 | 县住建局 | 甲 | 征地拆迁阻工 | 未解决 | 2024-05-31 | 30 | Sheet1!A4 |" in md
    plain = runner.invoke(app, ["problems", str(example), "-f", "md"]).stdout
    assert plain.startswith("## 问题清单：共12个问题，未解决12个\n")
    assert "| 序号 | 责任单位 | 项目名称 | 存在问题 | 位置 |" in plain


def test_awaiting_close_is_solved_and_no_problem_is_none(runner: CliRunner, tidy) -> None:
    """待销号 / 已解决待销号: solved, waiting for the formal close — not open, not overdue
    (a 督办 list built on it named solved problems); 存在问题 无问题 is no problem."""
    rows = [
        ["甲", "县住建局", 100, 50, "征地拆迁阻工", "已解决待销号", datetime(2024, 5, 31)],
        ["乙", "县住建局", 100, 50, "施工许可未办", "待销号", datetime(2024, 5, 1)],
        ["丙", "县水利局", 100, 50, "资金未到位", "未解决", datetime(2024, 5, 1)],
        ["丁", "县水利局", 100, 50, "无问题", None, None],
        ["戊", "县交通局", 100, 50, "暂无问题。", None, None],
    ]
    result = runner.invoke(app, ["problems", str(tidy(HEADER, rows)), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["counts"] == {"open": 1, "resolved": 2, "closed": 0, "overdue": 1, "total": 3}
    assert sorted(p["name"] for p in data["problems"]) == ["丙", "乙", "甲"]


def test_the_briefing_counts_open_problems_as_open(runner: CliRunner, tidy) -> None:
    """Six projects report a problem, two solved: the briefing said 共4个项目反映存在问题,
    read as every problem reported; it now says they are the unsolved ones and how many
    more were solved, in the Markdown, the workbook's 总览 and the JSON."""
    import openpyxl

    ledger = tidy(HEADER, ROWS)
    data = json.loads(runner.invoke(app, ["brief", str(ledger), "-f", "json"]).stdout)
    counts = json.loads(runner.invoke(app, ["problems", str(ledger), "-f", "json"]).stdout)
    settled = counts["counts"]["resolved"] + counts["counts"]["closed"]
    assert (len(data["problems"]), data["problems_settled"]) == (counts["counts"]["open"], settled)
    md = runner.invoke(app, ["brief", str(ledger), "-f", "md"]).stdout
    assert "共4个项目存在问题尚未解决（另有2个项目的问题已解决或销号），按责任单位列示如下。" in md
    target = ledger.parent / "简报.xlsx"
    assert runner.invoke(app, ["brief", str(ledger), "-o", str(target)]).exit_code == 0
    overview = {
        r[0]: r[1] for r in openpyxl.load_workbook(target)["总览"].iter_rows(values_only=True)
    }
    assert overview.get("存在未解决问题项目（个）") == 4
    sheet = openpyxl.load_workbook(target)["总览"]
    cell = next(r[1] for r in sheet.iter_rows() if r[0].value == "存在未解决问题项目（个）")
    assert cell.alignment.horizontal != "center"  # right, as the amounts beside it
    solved_none = tidy(HEADER[:5], [r[:5] for r in ROWS], name="无状态.xlsx")
    md = runner.invoke(app, ["brief", str(solved_none), "-f", "md"]).stdout
    assert "共6个项目反映存在问题，按责任单位列示如下。" in md
