"""A briefing list cut at its length (10 most behind, 10 largest) says how many projects
level with its last one it left out; the list itself keeps its length."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.figures.briefing import TOP_PROJECTS

HEADER = ["序号", "项目名称", "县(市、区)", "2024年计划投资", "1-3月完成投资"]


def ledger(tidy: Callable[..., Path], done: list[float]) -> Path:
    rows = [[i, f"项目{i:02d}", "东区" if i % 2 else "西区", 1000, d]
            for i, d in enumerate(done, start=1)]  # fmt: skip
    return tidy(HEADER, rows)


@pytest.mark.parametrize(("zeros", "behind_rest"), [(13, 5), (10, 5), (4, 12), (12, 0)])
def test_ties_at_the_cut_are_counted(
    runner: CliRunner, tidy: Callable[..., Path], zeros: int, behind_rest: int
) -> None:
    # zeros projects with nothing done (exactly 25 pp behind), then some less behind,
    # then two ahead of time progress
    done = [0.0] * zeros + [100.0 + i for i in range(behind_rest)] + [400.0, 500.0]
    path = ledger(tidy, done)
    variances = sorted((d / 1000 - 0.25) * 100 for d in done if d / 1000 < 0.25)
    listed = variances[:TOP_PROJECTS]
    want = sum(1 for v in variances[TOP_PROJECTS:] if v == listed[-1]) if listed else 0
    data = json.loads(runner.invoke(app, ["brief", str(path), "-f", "json"]).stdout)
    assert len(data["behind"]) == min(TOP_PROJECTS, len(variances))
    assert data["tied_out"]["behind"] == want
    # the 滞后 section (and its note) is printed with [brief] fast_slow = false
    old = path.parent / "old_sections.toml"
    old.write_text("[brief]\nfast_slow = false\n", encoding="utf-8")
    md = runner.invoke(app, ["brief", str(path), "--config", str(old)]).stdout
    note = f"（另有{want}个项目与第{TOP_PROJECTS}名并列，滞后时序进度25.0个百分点，未列出。）"
    assert (note in md) == (want > 0)
    if want == 0:
        assert "个项目与第" not in md


def test_largest_ties_are_counted_too(runner: CliRunner, tidy: Callable[..., Path]) -> None:
    done = [900.0, 800.0] + [300.0] * 12
    data = json.loads(runner.invoke(app, ["brief", str(ledger(tidy, done)), "-f", "json"]).stdout)
    assert [r["completed_ytd"] for r in data["largest"]] == [900.0, 800.0] + [300.0] * 8
    assert data["tied_out"]["largest"] == 4
    md = runner.invoke(app, ["brief", str(ledger(tidy, done))]).stdout
    assert "（另有4个项目与第10名并列，完成投资300万元，未列出。）" in md


def test_ten_slowest_do_not_grow_with_hundreds_of_ties(
    runner: CliRunner, tidy: Callable[..., Path]
) -> None:
    """30 projects with nothing done tie for slowest: the briefing prints 10 and says how
    many more; the JSON (and rank --projects) keep them all."""
    done = [0.0] * 30 + [100.0 + i for i in range(10)]
    path = ledger(tidy, done)
    data = json.loads(runner.invoke(app, ["brief", str(path), "-f", "json"]).stdout)
    assert len(data["fast_slow"]["slow"]["rows"]) == 30
    md = runner.invoke(app, ["brief", str(path)]).stdout
    section = md.split("### （二）进度最慢的10个项目")[1].split("## ")[0]
    assert sum(1 for line in section.splitlines() if line.startswith("| 1 | 项目")) == 10
    assert "另有20个项目与上列第1名并列（较时序进度-25.0个百分点），未列出" in section
    assert "进度最快、最慢的项目各10个。" in md


def test_a_tie_nearer_the_bottom_is_not_fast(runner: CliRunner, tidy: Callable[..., Path]) -> None:
    """27 of 30 projects at 0 tie for 4th fastest and for slowest: they are the slow list;
    the fast list is the 3 with investment and says why it is short."""
    done = [0.0] * 27 + [300.0, 200.0, 100.0]
    path = ledger(tidy, done)
    data = json.loads(runner.invoke(app, ["brief", str(path), "-f", "json"]).stdout)
    fast, slow = data["fast_slow"]["fast"], data["fast_slow"]["slow"]
    assert [r["name"] for r in fast["rows"]] == ["项目28", "项目29", "项目30"]
    assert len(slow["rows"]) == 27 and {r["rank"] for r in slow["rows"]} == {1}
    md = runner.invoke(app, ["brief", str(path)]).stdout
    assert "另有27个项目并列第4名，超过参与排序项目的半数，不列入进度最快。" in md
    assert "进度最快、最慢的项目分别为3个、10个。" in md


def test_equal_rates_tie_whatever_the_float(runner: CliRunner, tidy: Callable[..., Path]) -> None:
    """1.2 of 3 and 400 of 1000 are both 40%: the same place, not 2nd and 3rd."""
    rows = [[1, "甲", "东区", 3, 1.2], [2, "乙", "西区", 1000, 400], [3, "丙", "东区", 100, 50],
            [4, "丁", "西区", 100, 10], [5, "戊", "东区", 100, 5]]  # fmt: skip
    path = tidy(HEADER, rows)
    data = json.loads(runner.invoke(app, ["warn", str(path), "-f", "json", "--all"]).stdout)
    places = {p["name"]: p["place"] for p in data["projects"]}
    assert places == {"丙": 1, "甲": 2, "乙": 2, "丁": 4, "戊": 5}


def test_two_projects_under_one_key_get_no_history(
    runner: CliRunner, tidy: Callable[..., Path]
) -> None:
    """Two rows named 甲 in 东区 (no 项目编号) cannot be told apart in another month: neither
    takes a streak, an earlier colour or an earlier place that may be the other's."""
    header = ["序号", "项目名称", "县(市、区)", "2024年计划投资", "1-{m}月完成投资"]

    def month(m: int, first: float, second: float) -> Path:
        rows = [[1, "甲", "东区", 1200, first], [2, "乙", "西区", 1200, 100.0 * m],
                [3, "甲", "东区", 1200, second]]  # fmt: skip
        return tidy([h.format(m=m) for h in header], rows, name=f"2024年{m}月台账.xlsx")

    assert runner.invoke(app, ["ingest", str(month(8, 0.0, 0.0))]).exit_code == 0
    result = runner.invoke(app, ["warn", str(month(9, 0.0, 1100.0)), "-f", "json", "--all"])
    rows = {(p["name"], p["where"]): p for p in json.loads(result.stdout)["projects"]}
    twins = [p for (name, _), p in rows.items() if name == "甲"]
    assert sorted(p["color"] for p in twins) == ["blue", "red"]
    for p in twins:
        assert p["prev_color"] is None and p["prev_place"] is None
        assert p["red_streak"] == (1 if p["color"] == "red" else 0)
    other = next(p for (name, _), p in rows.items() if name == "乙")
    assert other["prev_color"] == "blue" and other["prev_place"] == 1


@pytest.mark.parametrize("red_count", [3, 10])
def test_slow_projects_in_the_red_table_are_named_not_printed_twice(
    runner: CliRunner, tidy: Callable[..., Path], red_count: int
) -> None:
    """十慢 repeated the 红色预警 table (the slowest are mostly the red ones, with the same
    figures): a slow project the red table prints is named under the slow list instead."""
    header = ["序号", "项目名称", "县(市、区)", "2024年计划投资", "1-9月完成投资"]
    done = [0.0] * red_count + [700.0 + 10 * i for i in range(20 - red_count)]
    rows = [[i, f"项目{i:02d}", "东区" if i % 2 else "西区", 1000, d]
            for i, d in enumerate(done, start=1)]  # fmt: skip
    path = tidy(header, rows)
    warned = json.loads(runner.invoke(app, ["warn", str(path), "-f", "json"]).stdout)
    red = {p["name"] for p in warned["projects"] if p["color"] == "red"}
    slow = json.loads(runner.invoke(app, ["brief", str(path), "-f", "json"]).stdout)
    slow_names = [r["name"] for r in slow["fast_slow"]["slow"]["rows"]]
    assert set(slow_names) & red == {f"项目{i:02d}" for i in range(1, red_count + 1)}
    md = runner.invoke(app, ["brief", str(path)]).stdout
    section = md.split("## 四、十快十慢项目")[1].split("\n## ")[0]
    for name in slow_names:
        printed = f"| {name} |" in section
        assert printed == (name not in red), name
        assert md.count(f"| {name} |") == 1  # once: in the red table or the slow one
    if red_count == 10:
        assert "### （二）" not in section
        names = "、".join(f"项目{i:02d}" for i in range(1, 11))
        assert ("进度最慢的10个项目并列第1名（较时序进度-75.0个百分点），"
                f"均已列入上文红色预警项目表：{names}。") in section  # fmt: skip
    else:
        assert ("进度最慢的3个项目（并列第1名项目01、项目02、项目03）"
                "已列入上文红色预警项目表，不再重复列出。") in section  # fmt: skip


def test_slow_projects_in_the_red_table_are_named_with_their_places(
    runner: CliRunner, tidy: Callable[..., Path]
) -> None:
    """Three tied at the 1st place and two after them: "第1、4、5名项目" for five projects
    read as a mistake; the places are said with the names."""
    header = ["序号", "项目名称", "县(市、区)", "2024年计划投资", "1-9月完成投资"]
    done = [0.0, 0.0, 0.0, 100.0, 200.0] + [700.0 + 10 * i for i in range(15)]
    rows = [[i, f"项目{i:02d}", "东区" if i % 2 else "西区", 1000, d]
            for i, d in enumerate(done, start=1)]  # fmt: skip
    md = runner.invoke(app, ["brief", str(tidy(header, rows))]).stdout
    assert ("进度最慢的5个项目（并列第1名项目01、项目02、项目03；第4名项目04；第5名项目05）"
            "已列入上文红色预警项目表，不再重复列出。") in md  # fmt: skip


def fast_slow_part(md: str) -> str:
    return md.split("## 四、十快十慢项目")[1].split("\n## ")[0].split("\n---")[0]


@pytest.mark.parametrize(("count", "done"), [(30, 0.0), (4, 0.0), (5, 300.0)])
def test_when_every_project_ties_none_is_fast_or_slow(
    runner: CliRunner, tidy: Callable[..., Path], count: int, done: float
) -> None:
    """30 projects all at 0 printed ten "fastest" rows at 0.0%, "最慢0个" and an empty list
    said to be in a red table that was not there: with one rate for all, it says so."""
    path = ledger(tidy, [done] * count)
    data = json.loads(runner.invoke(app, ["brief", str(path), "-f", "json"]).stdout)
    lists = data["fast_slow"]
    assert lists["fast"]["rows"] == [] and lists["slow"]["rows"] == []
    assert lists["even"]["completion_rate"] == pytest.approx(done / 1000)
    variance = (done / 1000 - 0.25) * 100  # 1-3月: 时序进度 25%
    phrase = f"{'超' if variance > 0 else '滞后'}时序进度{abs(variance):.1f}个百分点"
    section = fast_slow_part(runner.invoke(app, ["brief", str(path)]).stdout)
    assert (f"（{count}个有年度计划的项目参与），各项目完成率均为{done / 10:.1f}%（{phrase}），"
            "不分快慢。") in section  # fmt: skip
    assert "###" not in section and "| " not in section  # no table
    assert "为0个" not in section and "、0个" not in section and "余下0个" not in section
    assert "：。" not in section and "红色预警" not in section


def table_rows(section: str, heading: str) -> int:
    """The rows of the table under the sub-heading starting with ``heading`` (0 if none)."""
    if heading not in section:
        return 0
    part = section.split(heading)[1].split("###")[0]
    return sum(1 for line in part.splitlines() if line.startswith("| ") and line[2].isdigit())


@pytest.mark.parametrize(
    "done",
    [
        [500.0, 400.0, 400.0, 100.0],
        [500.0, 0.0, 0.0, 0.0],
        [800.0, 700.0, 700.0, 600.0, 500.0, 300.0, 200.0, 100.0],
        [400.0, 300.0, 200.0, 100.0],
    ],
)
def test_the_fewer_projects_line_says_what_the_tables_show(
    runner: CliRunner, tidy: Callable[..., Path], done: list[float]
) -> None:
    """With fewer than 20 projects, "快、慢各列2个" stood under tables of 3 and 1 (a tie at
    the cut moved rows): the line counts the rows printed."""
    section = fast_slow_part(runner.invoke(app, ["brief", str(ledger(tidy, done))]).stdout)
    fast, slow = table_rows(section, "进度最快的"), table_rows(section, "进度最慢的")
    half = len(done) // 2
    assert fast + slow == len(done)  # in these ledgers every project is in one list
    if fast == slow == half:
        assert f"有年度计划的项目不足20个，快、慢各列{half}个。" in section
    else:
        assert (f"有年度计划的项目不足20个，快、慢各取{half}个；因名次并列，"
                f"实列最快{fast}个、最慢{slow}个。") in section  # fmt: skip
    assert f"进度最快、最慢的项目{'各' if fast == slow else '分别为'}" in section


def test_a_tied_slow_list_in_the_red_table_says_the_tie(
    runner: CliRunner, tidy: Callable[..., Path]
) -> None:
    """27 of 30 at 0 in 1-9月 tie for slowest and are all red: 10 were named "按名次" as if
    ranked, and the other 17 were not mentioned; then 17 were said 未列出 although the red
    table (50 rows) printed all 27 — the first 27 rows of it, said by 序号 (more than the
    20 a list names)."""
    header = ["序号", "项目名称", "县(市、区)", "2024年计划投资", "1-9月完成投资"]
    done = [0.0] * 27 + [800.0, 900.0, 1000.0]
    rows = [[i, f"项目{i:02d}", "东区", 1000, d] for i, d in enumerate(done, start=1)]
    md = runner.invoke(app, ["brief", str(tidy(header, rows))]).stdout
    red_table = [f"| {k} | 项目{k:02d} | 东区 | 0.0% | -75.0 |" for k in range(1, 28)]
    assert all(line in md for line in red_table)
    section = fast_slow_part(md)
    assert ("进度最慢的27个项目并列第1名（较时序进度-75.0个百分点），均已列入上文红色预警"
            "项目表（序号1至27）。") in section  # fmt: skip
    assert "按名次" not in section and "未列出" not in section


def test_slow_places_in_the_red_table_are_said_with_their_ties(
    runner: CliRunner, tidy: Callable[..., Path]
) -> None:
    header = ["序号", "项目名称", "县(市、区)", "2024年计划投资", "1-9月完成投资"]
    done = [0.0, 0.0, 100.0, 200.0, 200.0, 300.0, 310.0, 320.0, 330.0, 340.0]
    done += [700.0 + 10 * i for i in range(10)]
    rows = [[i, f"项目{i:02d}", "东区", 1000, d] for i, d in enumerate(done, start=1)]
    section = fast_slow_part(runner.invoke(app, ["brief", str(tidy(header, rows))]).stdout)
    places = {}  # rank (1 + number strictly slower) → names, computed here
    for i, d in enumerate(done[:10], start=1):
        places.setdefault(1 + sum(1 for e in done if e < d), []).append(f"项目{i:02d}")
    said = "；".join(("并列第" if len(ns) > 1 else "第") + f"{r}名" + "、".join(ns)
                    for r, ns in places.items())  # fmt: skip
    assert f"进度最慢的10个项目均已列入上文红色预警项目表，依次为：{said}。" in section
