"""Free text read for what it states (projtrack.statements): 未完工 is not finished, 拟开工
not started, 已开工，计划年底竣工 started, 已解决，未销号 solved — a word found anywhere in the
cell said the opposite of each."""

from __future__ import annotations

import json

import polars as pl
import pytest

from projtrack.cli.app import app
from projtrack.statements import (
    FINISHED,
    PARTS,
    STARTED,
    STARTING,
    UNDER_WAY,
    denied,
    stated,
)

# (建设性质, finished?) as a reader of the ledger takes them.
FINISH_CASES = [
    ("竣工", True), ("已竣工", True), ("已全面竣工", True), ("建成投产", True),
    ("已投入使用", True), ("已于6月底前完工", True), ("已竣工，拟投产", True),
    ("3#楼封顶，项目已竣工", True), ("已完工未验收", True),
    ("未完工", False), ("尚未竣工", False), ("没有完工", False), ("暂未投产", False),
    ("不能按期竣工", False), ("未按期竣工", False),
    ("拟投产", False), ("计划6月建成", False), ("预计年底竣工", False), ("将于10月投产", False),
    ("争取9月完工", False), ("力争年内建成", False), ("6月底前完工", False),
    ("续建（主体完工）", False), ("主体结构已完工", False), ("一期竣工", False),
    ("一期已竣工，二期在建", False), ("部分建成", False), ("基本建成", False),
    ("正在竣工验收", False), ("竣工时间推迟", False), ("建成后移交", False),
    ("续建", False), ("在建", False), ("", False), (None, False),
]  # fmt: skip


@pytest.mark.parametrize(("text", "finished"), FINISH_CASES)
def test_a_finishing_word_counts_only_where_it_is_stated(text: str | None, finished: bool) -> None:
    frame = pl.DataFrame({"t": [text]}, schema={"t": pl.String})
    got = frame.select(stated(pl.col("t"), FINISHED, finishing=True, parts=PARTS)).item()
    assert got is finished


# (实际开工时间 or 形象进度, started?, says not started?)
START_CASES = [
    ("已开工", True, False), ("在建", True, False), ("已竣工", True, False),
    ("已开工，计划年底竣工", True, False), ("主体结构施工中", True, False),
    ("施工单位进场", True, False), ("停工", True, False),
    ("未开工", False, True), ("尚未开工", False, True), ("拟开工", False, True),
    ("待开工", False, True), ("计划10月开工", False, True), ("年内开工", False, True),
    ("已签约未开工", False, True), ("计划7月开工建设", False, True),
    ("正在办理施工许可", False, True), ("前期工作", False, False), ("是", False, False),
]  # fmt: skip


@pytest.mark.parametrize(("text", "started", "not_started"), START_CASES)
def test_a_starting_word_counts_only_where_it_is_stated(
    text: str, started: bool, not_started: bool
) -> None:
    frame = pl.DataFrame({"t": [text]})
    got = frame.select(
        stated(pl.col("t"), STARTED).alias("s"), denied(pl.col("t"), STARTING).alias("d")
    ).row(0)
    assert got == (started, not_started)


WONIU_HEADER = ["项目名称", "责任单位", "建设性质", "年度计划投资", "1-10月完成投资",
                "计划开工时间", "实际开工时间", "计划竣工时间"]  # fmt: skip


def test_woniu_lists_projects_whose_stage_does_not_state_them_finished(runner, tidy) -> None:
    """As of October 2024, 6 months or more after the planned finish: every project whose
    建设性质 does not state it finished is listed (未完工, 拟投产 … were left off)."""
    rows = [  # name, stage, planned finish → expected months late (10 − month), or None
        ("城南学校扩建", "续建（主体完工）", "2024-02", 8),
        ("县道改造", "未完工", "2024-01", 9),
        ("光伏组件厂", "拟投产", "2024-03", 7),
        ("冷链物流中心", "续建", "2024-04", 6),
        ("污水处理厂二期", "已竣工", "2024-02", None),
        ("体育馆", "尚未竣工", "2024-04", 6),
        ("物流园", "计划6月建成", "2024-03", 7),
        ("产业园一期", "一期竣工", "2024-02", None),  # the project is the phase: finished
        ("科创园", "一期竣工", "2024-02", 8),  # the first phase of the project: it goes on
        ("数据中心", "已建成投产", "2024-01", None),
        ("安置房", "未完工", "2024-05", None),  # 5 months: under the 6 of the rule
    ]
    ledger = tidy(WONIU_HEADER, [[n, "县住建局", s, 100, 90, None, None, f]
                                 for n, s, f, _ in rows])  # fmt: skip
    result = runner.invoke(app, ["woniu", str(ledger), "--no-record", "-f", "json"])
    assert result.exit_code == 0, result.output
    got = [(p["name"], p["finish_delay"]) for p in json.loads(result.stdout)["projects"]]
    want = sorted(((n, late) for n, _, _, late in rows if late is not None),
                  key=lambda r: -r[1])  # fmt: skip
    assert got == want


NOTE_HEADER = ["项目名称", "责任单位", "建设性质", "年度计划投资", "{}完成投资", "计划竣工时间"]


def test_woniu_no_record_does_not_call_this_period_recorded(runner, tidy) -> None:
    """``--no-record`` counts this period's list from memory: the note said “快照库记录的1期
    蜗牛名单（2024-08）” of a period never recorded."""

    def ledger(month: int):
        header = [h.format(f"1-{month}月") for h in NOTE_HEADER]
        return tidy(header, [["甲", "县住建局", "未完工", 100, 50, "2024-01"]],
                    name=f"2024年{month}月台账.xlsx")  # fmt: skip

    august, september = ledger(8), ledger(9)
    assert runner.invoke(app, ["ingest", str(august)]).exit_code == 0
    first = runner.invoke(app, ["woniu", str(august), "--no-record"])
    assert first.exit_code == 0, first.output
    assert "快照库中没有本年此前各期的蜗牛名单记录，列入次数只计本期名单（本期未记入快照库）。" in (
        first.stdout
    )
    assert "快照库记录的1期" not in first.stdout and "本期名单已记入" not in first.stdout
    assert runner.invoke(app, ["woniu", str(august)]).exit_code == 0  # records 2024-08
    second = runner.invoke(app, ["woniu", str(september), "--no-record"])
    assert ("列入次数依据快照库记录的1期蜗牛名单（2024-08）和本期名单（本期未记入快照库）"
            "；未运行过 woniu 的月份不计。") in second.stdout  # fmt: skip
    recorded = runner.invoke(app, ["woniu", str(september)])
    assert "列入次数依据快照库记录的2期蜗牛名单（2024-08、2024-09）；" in recorded.stdout


START_HEADER = ["项目名称", "县(市、区)", "建设性质", "年度计划投资", "1-6月完成投资",
                "计划开工时间", "实际开工时间", "形象进度"]  # fmt: skip


def test_start_words_are_read_clause_by_clause(runner, tidy) -> None:
    """实际开工时间 已开工，计划年底竣工 is a start (计划 anywhere said not); 年内开工 and 拟开工
    are not (开工 anywhere said so); neither is a date left unread."""
    rows = [["甲", "东区", "新开工", 100, 10, "2024-02-01", "已开工，计划年底竣工", None],
            ["乙", "东区", "新开工", 100, 10, "2024-02-01", "年内开工", None],
            ["丙", "东区", "新开工", 100, 10, "2024-02-01", "拟开工", None],
            ["丁", "东区", "新开工", 100, 10, "2024-02-01", "已签约未开工", None]]  # fmt: skip
    path = tidy(START_HEADER, rows)
    data = json.loads(runner.invoke(app, ["starts", str(path), "-f", "json"]).stdout)
    assert (data["due"], data["started"]) == (4, 1)
    assert sorted(r["name"] for r in data["not_started"]) == ["丁", "丙", "乙"]
    check = json.loads(runner.invoke(app, ["check", str(path), "-f", "json"]).stdout)
    assert [f for f in check["findings"] if f["code"] == "not_a_date"] == []


def test_works_under_way_with_a_plan_in_another_clause_are_said(runner, tidy) -> None:
    """形象进度 主体施工中，计划10月封顶 is under way (计划 anywhere said it was not): with no
    实际开工时间 it is a start_unrecorded warning; 尚未开工，计划10月开工 is none."""
    rows = [["甲", "东区", "新开工", 100, 10, "2024-02-01", None, "主体施工中，计划10月封顶"],
            ["乙", "东区", "新开工", 100, 10, "2024-02-01", None, "尚未开工，计划10月开工"],
            ["丙", "西区", "新开工", 100, 50, "2024-02-10", "2024-02-10", "主体施工"]]  # fmt: skip
    check = json.loads(runner.invoke(app, ["check", str(tidy(START_HEADER, rows)),
                                           "-f", "json"]).stdout)  # fmt: skip
    found = [f["where"] for f in check["findings"] if f["code"] == "start_unrecorded"]
    assert found == ["Sheet1!G4"]


PROBLEM_HEADER = ["项目名称", "责任单位", "年度计划投资", "1-9月完成投资", "存在问题", "问题状态"]


def test_problem_states_are_read_clause_by_clause(runner, tidy) -> None:
    """已解决，未销号 is solved (未 anywhere made it open); 已协调，未解决 and 部分解决 are open;
    已销号 closed; 待销号 solved and waiting for the close."""
    states = {"甲": ("已解决，未销号", "resolved"), "乙": ("已协调，未解决", "open"),
              "丙": ("部分解决", "open"), "丁": ("已销号", "closed"),
              "戊": ("待销号", "resolved"), "己": ("尚未办结", "open")}  # fmt: skip
    rows = [[n, "县住建局", 100, 50, "问题", s] for n, (s, _) in states.items()]
    result = runner.invoke(app, ["problems", str(tidy(PROBLEM_HEADER, rows)), "-f", "json"])
    assert result.exit_code == 0, result.output
    got = {p["name"]: p["state"] for p in json.loads(result.stdout)["problems"]}
    assert got == {n: state for n, (_, state) in states.items()}


def test_a_denied_removal_is_no_removed_project(runner, tidy) -> None:
    header = ["项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资", "备注"]
    rows = [["甲", "东区", 100, 10, "未调出重点项目"], ["乙", "东区", 100, 10, "已调出"]]
    check = json.loads(runner.invoke(app, ["check", str(tidy(header, rows)), "-f", "json"]).stdout)
    assert [f["where"] for f in check["findings"] if f["code"] == "removed_project"] == [
        "Sheet1!E5"
    ]


def test_under_way_words_include_what_is_done() -> None:
    frame = pl.DataFrame({"t": ["主体封顶", "设备安装", "施工图设计", "尚未开工建设"]})
    assert frame.select(stated(pl.col("t"), UNDER_WAY)).to_series().to_list() == [
        True, True, False, False,
    ]  # fmt: skip
