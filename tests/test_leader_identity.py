"""A leader is one person however the cell writes the name (王建国, 王建国同志, 赵强 副市长,
周涛（副市长）, 常务副市长 马骏): titles and honorifics are set aside, a title is never a
leader of its own, and a cell naming two titled people gives both — in every command that
groups by leader (rank, warn, starts, problems, notices, brief, trend).

The ledgers are small versions of a tester's files; every expected figure is summed here
by hand from the rows, never taken from projtrack's output.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.figures.persons import is_title, persons


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        # a title after the name: with a space, brackets, 、, or nothing between
        ("王建国同志", ("王建国",)),
        ("赵强 副市长", ("赵强",)),
        ("周涛（副市长）", ("周涛",)),
        ("周涛(副市长)", ("周涛",)),
        ("王建国副市长", ("王建国",)),
        ("李华 二级巡视员", ("李华",)),
        ("赵刚 区长助理", ("赵刚",)),
        ("陈明 管委会主任", ("陈明",)),
        ("周敏 人大常委会副主任", ("周敏",)),
        ("吴强 区政协副主席", ("吴强",)),
        ("郑军 常务副区长", ("郑军",)),
        ("王五 县委常委 副县长", ("王五",)),
        ("王五（县委常委、副县长）", ("王五",)),
        ("阿不都·热合曼 副县长", ("阿不都·热合曼",)),
        # a title before the name
        ("常务副市长 马骏", ("马骏",)),
        ("常务副市长马骏同志", ("马骏",)),
        ("县委常委、副县长 王五", ("王五",)),
        ("市委常委、常务副市长 马骏", ("马骏",)),
        ("住建局局长 王五", ("王五",)),
        ("县长（王五）", ("王五",)),
        # several people, each once
        ("张立新 副市长、刘洪波 副市长", ("张立新", "刘洪波")),
        ("张立新（副市长）\n刘洪波（副市长）", ("张立新", "刘洪波")),
        ("县委书记 李强、县长 王刚", ("李强", "王刚")),
        ("张三（牵头）、李四（配合）", ("张三", "李四")),
        ("马骏\n刘洪波", ("马骏", "刘洪波")),
        ("李明；赵强", ("李明", "赵强")),
        ("李明、赵强、李明同志", ("李明", "赵强")),
        # a surname with a title is how the ledger names that person: as written
        ("张书记、李县长", ("张书记", "李县长")),
        ("李副县长", ("李副县长",)),
        ("王 副县长", ("王副县长",)),
        ("欧阳副县长", ("欧阳副县长",)),
        ("欧阳明副县长", ("欧阳明",)),
        # padded names are one name
        ("王　伟", ("王伟",)),
        ("刘伟/陈 平", ("刘伟", "陈平")),
        # a post alone is the leader, as written
        ("县长", ("县长",)),
        ("分管副县长", ("分管副县长",)),
        ("县委常委、副县长", ("县委常委、副县长",)),
        # names that merely start or end like a title are names
        ("代明亮", ("代明亮",)),
        ("区长青", ("区长青",)),
        # nobody
        ("", ()),
        ("、", ()),
        (" / ", ()),
    ],
)
def test_persons_sets_titles_aside(cell: str, expected: tuple[str, ...]) -> None:
    assert persons(cell) == expected


@pytest.mark.parametrize(
    "word",
    ["同志", "书记", "县长", "副县长", "常务副市长", "区委常委", "二级巡视员", "人大常委会副主任",
     "政协副主席", "管委会主任", "区长助理", "秘书长", "部长", "局长", "县委", "常务",
     "住建局局长", "发改局党组书记"],
)  # fmt: skip
def test_titles_of_the_rule(word: str) -> None:
    assert is_title(word)


@pytest.mark.parametrize("word", ["王建国", "张书记", "李副县长", "马骏", "代明亮", "区长青"])
def test_names_are_not_titles(word: str) -> None:
    assert not is_title(word)


# The tester's August ledger, cut down: 王建国 written three ways, 赵强 and 周涛 two.
HEADER = ["序号", "项目名称", "责任单位", "包保领导", "建设性质", "年度计划投资", "1-8月完成投资",
          "计划开工时间", "实际开工时间", "存在问题", "办结时限"]  # fmt: skip
ROWS = [
    [1, "临港物流园", "市商务局", "王建国", "新开工", 5000, 0, "2024-02", None, "征地未谈妥",
     "2024-06-30"],
    [2, "人民医院新院区", "县卫健局", "王建国同志", "续建", 8000, 4400, None, None, None, None],
    [3, "标准厂房", "县经信局", "李明、赵强", "续建", 6000, 2800, None, None, None, None],
    [4, "旅游集散中心", "县文旅局", "赵强 副市长", "续建", 3000, 600, None, None, "设计变更待批",
     "2024-08-15"],
    [5, "锂电池隔膜", "高新区经发局", "陈卫东", "新开工", 12000, 5000, "2024-03", "2024-07-15",
     None, None],
    [6, "老旧小区改造", "城关区住建局", "常务副市长 王建国", "续建", 2000, 1500, None, None, None,
     None],
    [7, "污水管网提升", "县住建局", "周涛（副市长）", "续建", 2000, 1400, None, None, None, None],
    [8, "智慧停车", "城关区城管局", "李明/赵强", "新开工", 800, 600, "2024-04", None, None, None],
    [9, "半导体封测基地", "高新区经发局", "周涛", "续建", 15000, 10500, None, None, None, None],
]  # fmt: skip
# Per person, by hand: (projects, Σ plan, Σ completed).
EXPECTED = {
    "王建国": (3, 5000 + 8000 + 2000, 0 + 4400 + 1500),
    "李明": (2, 6000 + 800, 2800 + 600),
    "赵强": (3, 6000 + 3000 + 800, 2800 + 600 + 600),
    "陈卫东": (1, 12000, 5000),
    "周涛": (2, 2000 + 15000, 1400 + 10500),
}


@pytest.fixture
def ledger(tidy: Callable[..., Path]) -> Path:
    return tidy(HEADER, ROWS, title="2024年某市重点项目推进情况表（1-8月）")


def _json(runner: CliRunner, *args: str) -> dict:
    result = runner.invoke(app, [*args, "-f", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_rank_by_leader_counts_each_person_once(runner: CliRunner, ledger: Path) -> None:
    report = _json(runner, "rank", str(ledger), "--by", "leader")
    got = {
        r["group"]: (r["projects"], r["annual_plan"], r["completed_ytd"]) for r in report["rows"]
    }
    assert got == EXPECTED
    rate = {r["group"]: r["completion_rate"] for r in report["rows"]}
    assert rate["王建国"] == pytest.approx(5900 / 15000)  # 39.3%, not 0/5000 and 1500/2000
    assert report["shared_projects"] == 2  # 标准厂房 and 智慧停车


def test_warn_starts_problems_by_leader_name_persons(runner: CliRunner, ledger: Path) -> None:
    warned = _json(runner, "warn", str(ledger), "--by", "leader")
    counts = {r["group"]: r["red"] + r["yellow"] + r["blue"] for r in warned["by"]}
    assert counts == {name: n for name, (n, _, _) in EXPECTED.items()}
    # New starts due by August: 临港 (王建国, not started), 锂电 (陈卫东), 智慧停车 (李明, 赵强).
    starts = _json(runner, "starts", str(ledger), "--by", "leader")
    due = {r["group"]: (r["due"], r["started"]) for r in starts["by"]}
    assert due == {"王建国": (1, 0), "陈卫东": (1, 1), "李明": (1, 0), "赵强": (1, 0)}
    problems = _json(runner, "problems", str(ledger), "--by", "leader")
    assert {r["leader"]: r["open"] for r in problems["by"]} == {"王建国": 1, "赵强": 1}


def test_notices_per_leader_one_per_person(runner: CliRunner, ledger: Path) -> None:
    """王建国 and 赵强 each get one notice (they got two), none goes to a title."""
    data = _json(runner, "notices", str(ledger), "--per", "leader", "--dry-run")
    units = [n["unit"] for n in data["notices"]]
    assert sorted(units) == sorted(set(units))
    assert set(units) <= set(EXPECTED)
    assert {"王建国", "赵强"} <= set(units)


def test_brief_leader_table_counts_persons(runner: CliRunner, ledger: Path) -> None:
    data = _json(runner, "brief", str(ledger))
    rows = {r["leader"]: (r["projects"], r["annual_plan"], r["completed_ytd"])
            for r in data["leaders"]}  # fmt: skip
    assert rows == EXPECTED
    # in the order each person first appears in the ledger
    assert [r["leader"] for r in data["leaders"]] == ["王建国", "李明", "赵强", "陈卫东", "周涛"]
    md = runner.invoke(app, ["brief", str(ledger), "-f", "md"]).stdout
    assert "5位领导联系9个项目" in md


def test_titled_leaders_and_two_titled_in_one_cell(
    runner: CliRunner, tidy: Callable[..., Path]
) -> None:
    """The tester's 市重点 ledger: 常务副市长 is no leader, 张立新 副市长、刘洪波 副市长 two."""
    header = ["序号", "项目名称", "责任单位", "市级联系领导", "年度计划投资", "1-6月完成投资"]
    rows = [
        [1, "棚户区改造", "市住建局", "张立新 副市长、刘洪波 副市长", 1000, 100],
        [2, "体育中心", "市文广旅局", "张立新", 2000, 900],
        [3, "快速通道", "市交通局", "刘洪波", 3000, 1000],
        [4, "妇幼保健院", "市卫健委", "张立新（副市长）\n刘洪波（副市长）", 1500, 300],
        [5, "物流枢纽", "市发改委", "常务副市长 马骏", 4000, 400],
        [6, "环境治理", "市生态环境局", "马骏同志", 1000, 500],
        [7, "智慧城市", "市大数据局", "马骏\n刘洪波", 800, 400],
        [8, "防洪工程", "市水利局", "王　伟", 1200, 700],
        [9, "工业互联网", "市经信局", "王伟", 600, 100],
    ]
    path = tidy(header, rows, title="2024年某市市级重点项目推进情况（1-6月）")
    report = _json(runner, "rank", str(path), "--by", "leader")
    got = {
        r["group"]: (r["projects"], r["annual_plan"], r["completed_ytd"]) for r in report["rows"]
    }
    assert got == {
        "张立新": (3, 1000 + 2000 + 1500, 100 + 900 + 300),
        "刘洪波": (4, 1000 + 3000 + 1500 + 800, 100 + 1000 + 300 + 400),
        "马骏": (3, 4000 + 1000 + 800, 400 + 500 + 400),
        "王伟": (2, 1200 + 600, 700 + 100),
    }
    assert report["shared_projects"] == 3


def test_trend_by_leader_follows_a_person_written_two_ways(
    runner: CliRunner, tidy: Callable[..., Path]
) -> None:
    """March writes 王建国同志, June 赵强 副市长 and 王建国: one series per person."""
    cells = {"1-3月": ("王建国同志", "赵强 副市长"), "1-6月": ("王建国", "赵强")}
    done = {"1-3月": (100, 50), "1-6月": (300, 200)}
    for months, (wang, zhao) in cells.items():
        header = ["项目名称", "包保领导", "年度计划投资", f"{months}完成投资"]
        rows = [["甲", wang, 1000, done[months][0]], ["乙", zhao, 500, done[months][1]]]
        path = tidy(header, rows, name=f"{months}.xlsx", title="2024年重点项目推进情况")
        assert runner.invoke(app, ["ingest", str(path)]).exit_code == 0
    rows = _json(runner, "trend", "--by", "leader")["rows"]
    got = {(r["group"], r["period"]): r["completion_rate"] for r in rows if r["group"] != "合计"}
    assert got == pytest.approx({("王建国", "2024-03"): 100 / 1000, ("王建国", "2024-06"): 300 / 1000,
                                 ("赵强", "2024-03"): 50 / 500, ("赵强", "2024-06"): 200 / 500})  # fmt: skip


def test_rank_by_leader_puts_no_person_on_a_list(runner: CliRunner, ledger: Path) -> None:
    """Leaders are ranked for the bureau's own use, never named on the 红榜 or 黑榜: with
    five leaders and top 3, 周涛 (70.0%, ahead of 66.7%) would have been red and 王建国
    (39.3%) black."""
    report = _json(runner, "rank", str(ledger), "--by", "leader")
    assert [r["list"] for r in report["rows"]] == [None] * len(EXPECTED)
    ranks = {r["group"]: r["rank"] for r in report["rows"]}
    by_rate = sorted(EXPECTED, key=lambda k: -EXPECTED[k][2] / EXPECTED[k][1])
    assert [ranks[k] for k in by_rate] == [1, 2, 3, 4, 5]
    assert "不评红黑榜" in report["rule"]
    text = runner.invoke(app, ["rank", str(ledger), "--by", "leader"], env={"COLUMNS": "200"})
    assert "红榜" not in text.stdout.replace("不评红黑榜", "")
    projects = _json(runner, "rank", str(ledger), "--by", "leader", "--projects")
    assert projects["fast_slow"]["leading_units"] == projects["fast_slow"]["lagging_units"] == []
    brief = runner.invoke(app, ["brief", str(ledger), "--by", "leader", "-f", "md"]).stdout
    assert "进入红榜" not in brief and "列入黑榜" not in brief


def test_rank_by_unit_still_draws_the_lists(runner: CliRunner, ledger: Path) -> None:
    """The same ledger by 责任单位: units are listed as before."""
    report = _json(runner, "rank", str(ledger), "--by", "responsible")
    assert {r["list"] for r in report["rows"]} >= {"red", "black"}


def test_project_lists_name_leaders_as_the_group_tables_do(runner: CliRunner, ledger: Path) -> None:
    """warn's, starts' and problems' project rows and 十快十慢: 王建国同志 is listed as 王建国,
    李明/赵强 as 李明、赵强 — the names of the table of leaders above them."""
    by_name = {r[1]: r[3] for r in ROWS}
    people = {"王建国同志": "王建国", "赵强 副市长": "赵强", "常务副市长 王建国": "王建国",
              "周涛（副市长）": "周涛", "李明/赵强": "李明、赵强"}  # fmt: skip
    expected = {name: people.get(cell, cell) for name, cell in by_name.items()}
    warned = _json(runner, "warn", str(ledger), "--by", "leader")
    assert {p["name"]: p["group"] for p in warned["projects"]} == expected
    starts = _json(runner, "starts", str(ledger), "--by", "leader")
    assert {p["name"]: p["group"] for p in starts["not_started"]} == {
        "临港物流园": "王建国",
        "智慧停车": "李明、赵强",
    }
    problems = _json(runner, "problems", str(ledger), "--by", "leader")
    assert {p["name"]: p["leader"] for p in problems["problems"]} == {
        "临港物流园": "王建国",
        "旅游集散中心": "赵强",
    }
    ranked = _json(runner, "rank", str(ledger), "--by", "leader", "--projects")["fast_slow"]
    listed = {r["name"]: r["group"] for key in ("fast", "slow") for r in ranked[key]["rows"]}
    assert listed and all(listed[n] == expected[n] for n in listed)


def test_a_cell_naming_nobody_is_a_project_without_a_leader(
    runner: CliRunner, tidy: Callable[..., Path]
) -> None:
    """A lone 、 names nobody: the briefing's lead and the notices count it as unnamed, as the
    table puts it under (未填写)."""
    header = ["序号", "项目名称", "责任单位", "包保领导", "年度计划投资", "1-6月完成投资"]
    rows = [[1, "甲", "县住建局", "王五同志", 100, 10], [2, "乙", "县交通局", "、", 100, 10],
            [3, "丙", "县水利局", None, 100, 10]]  # fmt: skip
    path = tidy(header, rows, title="2024年某县重点项目推进情况（1-6月）")
    data = _json(runner, "brief", str(path))
    assert {r["leader"]: r["projects"] for r in data["leaders"]} == {"王五": 1, "(未填写)": 2}
    md = runner.invoke(app, ["brief", str(path), "-f", "md"]).stdout
    assert "1位领导联系1个项目" in md and "另有2个项目未填写包保领导" in md
    notices = _json(runner, "notices", str(path), "--per", "leader", "--dry-run")
    assert notices["unaddressed"]["projects"] == 2
