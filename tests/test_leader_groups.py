"""``--by leader`` where one cell names several leaders (张书记、李县长): the project counts
under each of them in rank, warn and trend, as in the briefing's 包保领导 table; the 合计
counts it once; the projects without a leader are never ranked.

Expected figures are recomputed here from the rows.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.figures.metrics import per_group, shared_projects

HEADER = ["序号", "项目名称", "包抓领导", "年度计划投资", "1-6月完成投资"]
ROWS = [  # name, leader cell, plan, completed
    ("甲", "张书记", 1000.0, 600.0),
    ("乙", "张书记、李县长", 2000.0, 300.0),
    ("丙", "李县长", 500.0, 100.0),
    ("丁", "李县长/王副县长", 800.0, 700.0),
    ("戊", "王副县长", 400.0, 50.0),
    ("己", None, 300.0, 10.0),
    ("庚", "赵副县长 ", 600.0, 590.0),
]


def _expected() -> dict[str, tuple[int, float, float]]:
    out: dict[str, list[float]] = {}
    for _, cell, plan, done in ROWS:
        names = cell.replace("/", "、").strip().split("、") if cell else ["(未填写)"]
        for name in names:
            got = out.setdefault(name, [0, 0.0, 0.0])
            got[0] += 1
            got[1] += plan
            got[2] += done
    return {k: (int(v[0]), v[1], v[2]) for k, v in out.items()}


@pytest.fixture
def ledger(tidy: Callable[..., Path]) -> Path:
    rows = [[i, n, who, plan, done] for i, (n, who, plan, done) in enumerate(ROWS, 1)]
    return tidy(HEADER, rows, title="2024年重点项目推进情况表")


def _json(runner: CliRunner, *args: str) -> dict:
    result = runner.invoke(app, [*args, "-f", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_rank_by_leader_counts_a_shared_project_under_each(runner: CliRunner, ledger: Path) -> None:
    report = _json(runner, "rank", str(ledger), "--by", "leader")
    got = {
        r["group"]: (r["projects"], r["annual_plan"], r["completed_ytd"]) for r in report["rows"]
    }
    assert got == _expected()
    assert "张书记、李县长" not in got and "李县长/王副县长" not in got
    assert report["total"]["projects"] == len(ROWS)
    assert report["total"]["annual_plan"] == sum(r[2] for r in ROWS)
    assert report["shared_projects"] == 2
    unset = next(r for r in report["rows"] if r["group"] == "(未填写)")
    assert unset["rank"] is None and unset["list"] is None
    assert report["rows"][-1]["group"] == "(未填写)"
    ranked = [r for r in report["rows"] if r["rank"] is not None]
    rates = [r["completed_ytd"] / r["annual_plan"] for r in ranked]
    assert rates == sorted(rates, reverse=True)  # 赵 98.3%, 王 62.5%, 张 30%, 李 33.0% …


def test_rank_prints_how_many_projects_were_counted_twice(runner: CliRunner, ledger: Path) -> None:
    out = runner.invoke(app, ["rank", str(ledger), "--by", "leader"], env={"COLUMNS": "200"}).stdout
    assert "2个项目的包抓领导不止一位，在每位名下分别计入，合计中只计一次。" in out


@pytest.mark.parametrize("fmt", ["md", "xlsx"])  # CSV is the bare table (commands.md)
def test_every_format_of_a_leader_ranking_carries_the_shared_note(
    runner: CliRunner, ledger: Path, tmp_path: Path, fmt: str
) -> None:
    """The note is a third line under the table; the Markdown renderer once took exactly two."""
    out = tmp_path / f"r.{fmt}"
    result = runner.invoke(app, ["rank", str(ledger), "--by", "leader", "-o", str(out)])
    assert result.exit_code == 0, result.output
    if fmt == "xlsx":
        from openpyxl import load_workbook

        cells = [c for row in load_workbook(out).active.iter_rows(values_only=True) for c in row]
        text = "\n".join(str(c) for c in cells if c is not None)
    else:
        text = out.read_text("utf-8-sig")
    assert "2个项目的包抓领导不止一位" in text
    if fmt == "md":
        assert text.index("不评红黑榜") < text.index("2个项目的包抓领导不止一位")  # after the rule


def test_warn_by_leader_counts_each_leader(runner: CliRunner, ledger: Path) -> None:
    report = _json(runner, "warn", str(ledger), "--by", "leader")
    counts = {r["group"]: r["red"] + r["yellow"] + r["blue"] for r in report["by"]}
    assert counts == {k: v[0] for k, v in _expected().items()}
    assert len(report["projects"]) == len(ROWS)  # the project list names each project once


def test_rank_by_region_is_not_split(runner: CliRunner, tidy: Callable[..., Path]) -> None:
    """Only the leader grouping splits: a 县 cell with a 、 is one group."""
    header = ["序号", "项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资"]
    rows = [[1, "甲", "旌阳区、罗江区", 100, 50], [2, "乙", "旌阳区", 100, 20]]
    report = _json(runner, "rank", str(tidy(header, rows, title="2024年重点项目推进情况表")))
    assert {r["group"] for r in report["rows"]} == {"旌阳区、罗江区", "旌阳区"}
    assert "shared_projects" not in report


def test_per_group_and_shared_projects() -> None:
    import polars as pl

    cells = ["张书记、李县长", " 王县长 ", None, "、", "赵书记 钱县长", "王　伟", "刘伟/陈 平"]
    frame = pl.DataFrame({"leader": cells, "x": list(range(7))})
    split = per_group(frame, "leader")
    assert split["leader"].to_list() == [
        "张书记", "李县长", "王县长", None, None, "赵书记", "钱县长", "王伟", "刘伟", "陈平"
    ]  # fmt: skip
    assert split["x"].to_list() == [0, 0, 1, 2, 3, 4, 4, 5, 6, 6]
    assert shared_projects(frame, "leader") == 3
    assert per_group(frame, "region") is frame
    # A title standing beside a name is not a leader of its own: the leader is the name.
    titled = pl.DataFrame({"leader": ["张三 副县长", "县委常委、副县长 王五"]})
    assert per_group(titled, "leader")["leader"].to_list() == ["张三", "王五"]
    assert shared_projects(titled, "leader") == 0


def test_starts_by_leader_says_how_many_were_counted_twice(
    runner: CliRunner, tidy: Callable[..., Path]
) -> None:
    """Leader subtotals of 应开工 add up to more than the total: a line says why."""
    header = ["序号", "项目名称", "包抓领导", "年度计划投资", "1-6月完成投资", "计划开工时间",
              "实际开工时间"]  # fmt: skip
    rows = [[1, "甲", "张书记、李县长", 100, 50, "2024-03-01", None],
            [2, "乙", "李县长", 100, 20, "2024-02-01", None]]  # fmt: skip
    path = tidy(header, rows, title="2024年重点项目推进情况表（1-6月）")
    report = _json(runner, "starts", str(path), "--by", "leader")
    assert report["due"] == 2 and sum(r["due"] for r in report["by"]) == 3
    assert report["shared_projects"] == 1
    out = runner.invoke(app, ["starts", str(path), "--by", "leader"], env={"COLUMNS": "200"})
    assert "1个项目的领导不止一位，在每位名下分别计入，应开工、已开工总数中只计一次。" in out.stdout


def test_starts_counts_only_the_due_projects_it_lists_as_shared(
    runner: CliRunner, tidy: Callable[..., Path]
) -> None:
    """A shared project that is not due (it starts in August) is not in the 应开工 table."""
    header = ["序号", "项目名称", "包抓领导", "年度计划投资", "1-6月完成投资", "计划开工时间",
              "实际开工时间"]  # fmt: skip
    rows = [[1, "甲", "张书记、李县长", 100, 50, "2024-03-01", None],
            [2, "乙", "李县长、王县长", 100, 20, "2024-08-01", None],
            [3, "丙", "李县长", 100, 20, "2024-02-01", None]]  # fmt: skip
    path = tidy(header, rows, title="2024年重点项目推进情况表（1-6月）")
    report = _json(runner, "starts", str(path), "--by", "leader")
    assert sum(r["due"] for r in report["by"]) - report["due"] == report["shared_projects"] == 1


def test_warn_by_leader_says_how_many_were_counted_twice(runner: CliRunner, ledger: Path) -> None:
    report = _json(runner, "warn", str(ledger), "--by", "leader")
    listed = sum(r["red"] + r["yellow"] + r["blue"] for r in report["by"])
    assert listed - len(ROWS) == report["shared_projects"] == 2
    out = runner.invoke(app, ["warn", str(ledger), "--by", "leader"], env={"COLUMNS": "200"})
    assert "2个项目的领导不止一位，在每位名下分别计入，红黄蓝总数中只计一次。" in out.stdout


def test_problems_by_leader_counts_a_shared_problem_under_each(
    runner: CliRunner, tidy: Callable[..., Path]
) -> None:
    """As the briefing's 包保领导 table counts open problems: under each leader named."""
    header = ["序号", "项目名称", "包抓领导", "年度计划投资", "1-6月完成投资", "存在问题"]
    rows = [[1, "甲", "张书记、李县长", 100, 50, "征地未完成"], [2, "乙", "李县长", 100, 20, "资金未到位"],
            [3, "丙", "王县长", 100, 20, None]]  # fmt: skip
    path = tidy(header, rows, title="2024年重点项目推进情况表（1-6月）")
    report = _json(runner, "problems", str(path), "--by", "leader")
    assert {r["leader"]: r["open"] for r in report["by"]} == {"张书记": 1, "李县长": 2}
    assert report["counts"]["open"] == 2 and report["shared_problems"] == 1
    out = runner.invoke(app, ["problems", str(path), "--by", "leader"], env={"COLUMNS": "200"})
    assert "1个问题的包抓领导不止一位，在每位名下分别计入，总数中只计一次。" in out.stdout
