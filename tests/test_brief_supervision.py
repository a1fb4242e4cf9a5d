"""The briefing's supervision sections — 包保领导, 十大蜗牛项目, 十快十慢 — on a store of five
generated months, against an independent computation (tests/test_supervision_lists.py's),
and the same words in md, docx, html and the workbook."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from typer.testing import CliRunner

from corpus_supervision import MONTHS, PLAN, PROJECTS, monthly_ledgers
from projtrack.cli.app import app
from test_supervision_lists import (
    AS_OF,
    SEP,
    expected_woniu,
    is_red,
    overdue_problem,
    raw_colour,
    top_with_ties,
    variance,
)

LEADERS: dict[str, str | None] = {
    p.name: {"交通": "王县长", "水利": "李副县长", "住建": "赵副县长", "教育": "钱副县长"}.get(
        p.name[:2]
    )
    for p in PROJECTS
}
ORDER = ["王县长", "李副县长", "赵副县长", "钱副县长", "(未填写)"]  # first appearance; unset last


@pytest.fixture
def months(runner: CliRunner, tidy) -> dict[int, Path]:
    """Five months with a 包保领导 column; May to August ingested."""
    paths = monthly_ledgers(tidy, leaders=LEADERS)
    for m in MONTHS[:-1]:
        assert runner.invoke(app, ["ingest", str(paths[m])]).exit_code == 0
    return paths


def brief_json(runner: CliRunner, path: Path, *extra: str) -> dict:
    result = runner.invoke(app, ["brief", str(path), "-f", "json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def expected_leaders() -> list[dict]:
    rows = []
    for leader in ORDER:
        mine = [p for p in PROJECTS if (LEADERS[p.name] or "(未填写)") == leader]
        done = sum(p.completed(SEP) for p in mine)
        rate = done / (PLAN * len(mine))
        red = [p for p in mine if is_red(p, MONTHS)]
        yellow = [p for p in mine if p not in red and raw_colour(p, SEP) == "Y"]
        open_ = [p for p in mine if p.problem and p.status != "已解决"]
        rows.append({
            "leader": leader, "projects": len(mine), "completion_rate": rate,
            "variance_pp": (rate - SEP / 12) * 100, "red": len(red), "yellow": len(yellow),
            "open_problems": len(open_),
            "overdue_problems": sum(overdue_problem(p, AS_OF) for p in mine),
        })  # fmt: skip
    return rows


def test_leader_table_matches_an_independent_count(runner, months) -> None:
    data = brief_json(runner, months[SEP])
    got = data["leaders"]
    assert [r["leader"] for r in got] == ORDER
    for g, w in zip(got, expected_leaders(), strict=True):
        for key, value in w.items():
            assert g[key] == pytest.approx(value), (w["leader"], key)


def test_woniu_lists_the_rule_s_projects_worst_first(runner, months) -> None:
    data = brief_json(runner, months[SEP])
    want = expected_woniu(MONTHS)
    assert data["woniu"]["total"] == len(want)
    assert [p["name"] for p in data["woniu"]["projects"]] == [n for n, *_ in want][:10]
    # nothing recorded by `projtrack woniu` yet: every one is listed for the first time
    assert {p["appearances"] for p in data["woniu"]["projects"]} == {1}
    assert not (Path("projtrack-data") / "woniu.json").exists()  # the briefing never writes it


def test_woniu_counts_a_recorded_earlier_listing(runner, months) -> None:
    assert runner.invoke(app, ["woniu", str(months[8])]).exit_code == 0  # records 2024-08
    data = brief_json(runner, months[SEP])
    listed_in_august = {n for n, *_ in expected_woniu(MONTHS[:-1])}
    for p in data["woniu"]["projects"]:
        again = p["name"] in listed_in_august
        assert p["appearances"] == (2 if again else 1), p["name"]
        assert p["sanction"] == ("曝光" if again else "通报批评")


def test_fast_and_slow_lists_match(runner, months) -> None:
    data = brief_json(runner, months[SEP])
    values = [(p.name, variance(p, SEP)) for p in PROJECTS]
    fast = top_with_ties(values, 10)
    rest = [(n, -v) for n, v in values if n not in fast]
    slow = top_with_ties(rest, 10) if len(rest) >= 10 else [n for n, _ in rest]
    lists = data["fast_slow"]
    assert sorted(p["name"] for p in lists["fast"]["rows"]) == sorted(fast)
    assert sorted(p["name"] for p in lists["slow"]["rows"]) == sorted(slow)


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_every_format_prints_the_sections(runner, months, tmp_path: Path) -> None:
    md = runner.invoke(app, ["brief", str(months[SEP])]).stdout
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    titles = [h.split("、", 1)[1] for h in headings]
    assert titles[3] == "十快十慢项目"  # in place of 滞后时序进度较多的项目
    assert "滞后时序进度较多的项目" not in titles
    assert titles[-3:] == ["蜗牛项目", "包保领导联系项目推进情况", "存在问题"]
    lead = next(line for line in md.splitlines() if line.startswith("按包保领导统计"))
    assert lead == ("按包保领导统计，4位领导联系16个项目，其中1位领导联系项目的完成率达到或超过"
                    "时序进度，3位低于时序进度；另有4个项目未填写包保领导。")  # fmt: skip
    assert "| 王县长 | 5 | 67.0% | -8.0 | 3 | 0 | 1 | 1 |" in md
    out = {}
    for fmt in ("docx", "html", "xlsx"):
        out[fmt] = tmp_path / f"b.{fmt}"
        result = runner.invoke(app, ["brief", str(months[SEP]), "-f", fmt, "-o", str(out[fmt])])
        assert result.exit_code == 0, result.output
    text = docx_text(out["docx"].read_bytes())
    html = out["html"].read_text(encoding="utf-8")
    for heading in headings:
        assert heading[3:] in text and heading[3:] in html
    assert lead in text and lead in html
    book = openpyxl.load_workbook(out["xlsx"])
    assert {"十快十慢", "蜗牛项目", "包保领导"} <= set(book.sheetnames)
    sheet = list(book["包保领导"].iter_rows(min_row=3, max_row=7, values_only=True))
    want = expected_leaders()
    for row, w in zip(sheet, want, strict=True):
        assert row[1] == w["leader"].replace("(", "（").replace(")", "）") or row[1] == w["leader"]
        assert row[2] == w["projects"]
        assert row[5] == pytest.approx(w["completion_rate"])
        assert row[7:11] == (w["red"], w["yellow"], w["open_problems"], w["overdue_problems"])
    # 序号 numbers the four leaders; the projects without one are not a fifth leader
    assert [row[0] for row in sheet] == [1, 2, 3, 4, None]
    overview = [c for row in book["总览"].iter_rows(values_only=True) for c in row if c]
    assert lead in overview


def test_sections_can_be_turned_off(runner, months, tmp_path: Path) -> None:
    cfg = tmp_path / "off.toml"
    cfg.write_text("[brief]\nleaders = false\nwoniu = false\nfast_slow = false\n", "utf-8")
    md = runner.invoke(app, ["brief", str(months[SEP]), "--config", str(cfg)]).stdout
    assert "十快十慢" not in md and "蜗牛" not in md and "包保领导" not in md
    assert "滞后时序进度较多的项目" in md


def test_no_leader_column_no_leader_section(runner, tidy) -> None:
    paths = monthly_ledgers(tidy, months=[SEP])
    data = brief_json(runner, paths[SEP])
    assert data["leaders"] == []
    md = runner.invoke(app, ["brief", str(paths[SEP])]).stdout
    assert "包保领导" not in md
    # 蜗牛 without history says what it could not count, in words for the reader
    assert "连续红色预警只计本期，列入次数均按首次计（往期台账未入库）。" in md


def test_problems_by_leader(runner, months) -> None:
    result = runner.invoke(app, ["problems", str(months[SEP]), "--by", "leader", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["group_by"] == "leader"
    got = {r["leader"]: (r["open"], r["overdue"], r["resolved"]) for r in data["by"]}
    want: dict[str, tuple[int, int, int]] = {}
    for p in PROJECTS:
        if p.problem is None:
            continue
        leader = LEADERS[p.name] or "(未填写)"
        o, d, r = want.get(leader, (0, 0, 0))
        solved = p.status == "已解决"
        want[leader] = (o + (not solved), d + overdue_problem(p, AS_OF), r + solved)
    assert got == want
    md = runner.invoke(app, ["problems", str(months[SEP]), "--by", "leader", "-f", "md"]).stdout
    assert "| 包保领导 | 未解决 | 逾期 | 已解决 | 已销号 |" in md
    assert "| 1 | 王县长 | 县交通局 | 交通四 | 征地拆迁未完成 |" in md


def test_problems_by_leader_needs_the_column(runner, tidy) -> None:
    paths = monthly_ledgers(tidy, months=[SEP])
    result = runner.invoke(app, ["problems", str(paths[SEP]), "--by", "leader"])
    assert result.exit_code == 2
    assert "no 包保领导 column" in result.output and "responsible" in result.output
    default = runner.invoke(app, ["problems", str(paths[SEP]), "-f", "json"])
    assert json.loads(default.stdout)["group_by"] == "responsible"


def test_a_cell_with_two_leaders_counts_under_each(runner, tidy) -> None:
    header = ["项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资", "包保领导"]
    rows = [["甲", "东区", 100, 60, "张书记、李县长"], ["乙", "东区", 100, 20, "李县长"],
            ["丙", "西区", None, 5, "王副县长"], ["丁", "西区", 100, 50, "张书记 / 赵副县长"],
            ["戊", "西区", 100, 10, None]]  # fmt: skip
    path = tidy(header, rows, name="2024年6月台账.xlsx")
    data = brief_json(runner, path)
    got = {r["leader"]: (r["projects"], r["completion_rate"], r["on_track"])
           for r in data["leaders"]}  # fmt: skip
    assert list(got) == ["张书记", "李县长", "王副县长", "赵副县长", "(未填写)"]
    assert got["张书记"] == (2, pytest.approx(110 / 200), True)  # 甲 and 丁
    assert got["李县长"] == (2, pytest.approx(80 / 200), False)  # 甲 and 乙
    assert got["王副县长"] == (1, None, None)  # no annual plan: neither ahead nor behind
    assert got["赵副县长"] == (1, pytest.approx(0.5), True)
    assert got["(未填写)"][0] == 1
    md = runner.invoke(app, ["brief", str(path)]).stdout
    assert (
        "按包保领导统计，4位领导联系4个项目，其中2位领导联系项目的完成率达到或超过时序进度，"
        "1位低于时序进度，1位领导联系的项目无年度计划；另有1个项目未填写包保领导。"
    ) in md
    assert "2个项目由多位领导联系，在每位领导下各计一次，上文的联系项目总数中只计一次。" in md


def test_no_start_yet_is_said_in_words(runner, tidy) -> None:
    header = ["项目名称", "县(市、区)", "建设性质", "年度计划投资", "1-6月完成投资", "计划开工时间",
              "实际开工时间"]  # fmt: skip
    rows = [
        ["甲", "东区", "新开工", 100, 0, "2024-03", None],
        ["乙", "东区", "新开工", 100, 0, "2024-05", None],
    ]
    md = runner.invoke(app, ["brief", str(tidy(header, rows, name="2024年6月台账.xlsx"))]).stdout
    assert "截至6月30日，应开工新开工项目2个，均未开工。" in md
    assert "已开工0个" not in md


def test_without_a_start_column_no_project_is_said_not_started(runner, tidy) -> None:
    """Found by a tester: with 计划开工时间 and no 实际开工时间 column, every new start was
    said not started (开工率 0%) and named for 通报批评, whatever it had spent."""
    header = ["项目名称", "县(市、区)", "建设性质", "年度计划投资", "1-6月完成投资", "计划开工时间"]
    rows = [
        ["甲", "东区", "新开工", 100, 30, "2024-01"],
        ["乙", "东区", "新开工", 100, 20, "2024-03"],
    ]
    ledger = tidy(header, rows, name="2024年6月台账.xlsx")
    md = runner.invoke(app, ["brief", str(ledger)]).stdout
    assert "未开工" not in md.split("预警规则")[0] and "开工率" not in md
    starts = runner.invoke(app, ["starts", str(ledger)])
    assert starts.exit_code == 1 and "没有实际开工时间或是否开工列" in starts.stderr
    check = json.loads(runner.invoke(app, ["check", str(ledger), "-f", "json"]).stdout)
    assert [f["code"] for f in check["findings"]] == ["no_actual_start"]


def test_one_leader_is_not_each_leader(runner, tidy) -> None:
    header = ["项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资", "包保领导"]
    rows = [["甲", "东区", 100, 10, "张书记"], ["乙", "东区", 100, 10, "张书记"]]
    md = runner.invoke(app, ["brief", str(tidy(header, rows, name="2024年6月台账.xlsx"))]).stdout
    assert "按包保领导统计，1位领导联系2个项目，所联系项目的完成率低于时序进度。" in md


@pytest.mark.parametrize(
    ("done", "said"),
    [((10, 10, 10), "，各位领导联系项目的完成率均低于时序进度。"),
     ((60, 60, 60), "，各位领导联系项目的完成率均达到或超过时序进度。"),
     ((10, 10, None), "，其中2位领导联系项目的完成率低于时序进度，"),
     ((60, 60, None), "，其中2位领导联系项目的完成率达到或超过时序进度，")],
)  # fmt: skip
def test_the_leaders_lead_says_no_zero_leaders(runner, tidy, done, said: str) -> None:
    """No "其中0位领导…达到…，3位低于": 均 when every leader is on one side; with a leader
    whose projects have no plan, the side there is alone."""
    header = ["项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资", "包保领导"]
    plans = [100, 100, None if done[2] is None else 100]
    rows = [[n, "东区", p, d if d is not None else 5, who]
            for n, p, d, who in zip("甲乙丙", plans, done, ["张书记", "李县长", "王副县长"],
                                    strict=True)]  # fmt: skip
    md = runner.invoke(app, ["brief", str(tidy(header, rows, name="2024年6月台账.xlsx"))]).stdout
    lead = next(line for line in md.splitlines() if line.startswith("按包保领导统计"))
    assert lead.startswith("按包保领导统计，3位领导联系3个项目" + said), lead
    assert "0位" not in lead


@pytest.mark.parametrize(
    ("done", "said"),
    [((60, 60, 60), "按红黄蓝预警规则，无红色、黄色预警项目，全部3个项目正常推进（蓝色）。"),
     ((60, 60, 0), "按红黄蓝预警规则，红色预警项目1个，无黄色预警项目，其余2个项目正常推进（蓝色）。"),
     ((0, 0, 0), "按红黄蓝预警规则，红色预警项目3个，无黄色预警项目。")],
)  # fmt: skip
def test_the_warning_sentence_says_no_zero_projects(runner, tidy, done, said: str) -> None:
    header = ["项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资"]
    rows = [[n, "东区", 100, d] for n, d in zip("甲乙丙", done, strict=True)]
    md = runner.invoke(app, ["brief", str(tidy(header, rows, name="2024年6月台账.xlsx"))]).stdout
    assert said in md
    assert "0个" not in md.split("红黄蓝预警", 1)[1].split("\n\n", 2)[1]


def test_one_word_for_two_leader_levels(runner, tmp_path: Path) -> None:
    """挂钩领导 over 市领导 | 县领导: rank, the briefing and problems all say 挂钩领导."""
    from conftest import write_xlsx

    rows = [["2024年某县重点项目推进情况"], ["项目名称", "年度计划投资", "1-6月完成投资", "挂钩领导", None,
             "存在问题"], [None, None, None, "市领导", "县领导", None],
            ["甲", 100, 60, "张市长", "李县长", "用地未落实"], ["乙", 100, 40, None, "王副县长", None]]  # fmt: skip
    path = write_xlsx(tmp_path / "2024年6月台账.xlsx", rows)
    from openpyxl import load_workbook

    book = load_workbook(path)
    for cells in ("A2:A3", "B2:B3", "C2:C3", "D2:E2", "F2:F3"):
        book.active.merge_cells(cells)
    book.save(path)
    rank = json.loads(
        runner.invoke(app, ["rank", str(path), "--by", "leader", "-f", "json"]).stdout
    )
    md = runner.invoke(app, ["rank", str(path), "--by", "leader", "-f", "md"]).stdout
    assert "| 挂钩领导 |" in md and rank["group_by"] == "leader"
    brief = runner.invoke(app, ["brief", str(path), "--by", "leader"]).stdout
    assert "按挂钩领导统计" in brief
    problems = runner.invoke(app, ["problems", str(path), "--by", "leader", "-f", "md"]).stdout
    assert "| 挂钩领导 | 未解决 |" in problems


def test_the_workbook_lists_spell_names_as_the_briefing_does(runner, tidy, tmp_path) -> None:
    """十快十慢 printed 项目(一期) half-width in the workbook and （一期） in the Word
    briefing; the lists that repeat the briefing's now spell names as it does (明细 keeps
    the ledger's text, for checking against it)."""
    header = ["项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资"]
    rows = [[f"{town}项目{i}(一期)", town, 1000, 100 * (i + 1)]
            for i, town in enumerate(["东区", "西区", "南区", "北区"] * 6)]  # fmt: skip
    ledger = tidy(header, rows)
    target = tmp_path / "b.xlsx"
    assert runner.invoke(app, ["brief", str(ledger), "-o", str(target)]).exit_code == 0
    book = openpyxl.load_workbook(target)
    listed = [r[2] for r in book["十快十慢"].iter_rows(min_row=3, values_only=True) if r[1]]
    assert listed and all("（一期）" in n for n in listed), listed
    detail = [r[1] for r in book["明细"].iter_rows(min_row=3, values_only=True) if r[1]]
    assert any(n.endswith("(一期)") for n in detail)


def test_the_operator_s_check_mark_stays_out_of_what_is_sent(runner, tidy, tmp_path) -> None:
    """（台账核对有提示） after a name and the note explaining it are the operator's cue
    to check a row before sending: in the Markdown briefing, not in the Word one."""
    header = ["项目名称", "县(市、区)", "建设性质", "年度计划投资", "1-6月完成投资",
              "计划开工时间", "实际开工时间"]  # fmt: skip
    rows = [["甲项目", "东区", "新开工", 100, 350, "2024-01-01", None],  # 3.5× its plan: flagged
            ["乙项目", "西区", "新开工", 100, 0, "2024-01-01", None],
            ["丙项目", "西区", "续建", 100, 60, None, None]]  # fmt: skip
    ledger = tidy(header, rows)
    md = runner.invoke(app, ["brief", str(ledger)]).stdout
    assert "甲项目（台账核对有提示）" in md and "标“台账核对有提示”的项目" in md
    target = tmp_path / "b.docx"
    assert runner.invoke(app, ["brief", str(ledger), "-o", str(target)]).exit_code == 0
    text = docx_text(target.read_bytes())
    assert "甲项目" in text and "台账核对有提示" not in text


def test_the_rule_says_a_streak_raises_the_colour_when_the_store_counts_one(
    runner: CliRunner, months: dict[int, Path], tmp_path: Path
) -> None:
    """With earlier months stored, a yellow twice is red (三亚's ladder): the rule printed
    under the red table says so, else it shows projects 18 points behind as 红 against it."""
    sep = months[MONTHS[-1]]
    said = "连续2期黄色及以上升为红色"
    warned = json.loads(runner.invoke(app, ["warn", str(sep), "-f", "json"]).stdout)
    assert said in warned["rules"][0]
    assert said in runner.invoke(app, ["brief", str(sep)]).stdout
    alone = runner.invoke(app, ["warn", str(sep), "-f", "json", "--store", str(tmp_path / "x")])
    assert said not in json.loads(alone.stdout)["rules"][0]
