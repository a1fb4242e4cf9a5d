"""A running total to a month's end beside one to last year's end: 至上年底累计完成投资 |
截至6月底累计完成投资. Both count from the project's start; this year's completion is their
difference (read as this year's, the 截至6月底 column gave 23,000 where the year so far is
8,000). A 截至N月底累计 column holding the 开工累计 column's figures is that since-start
total. Expected figures are written out by hand from the rows below."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import write_xlsx
from projtrack.cli.app import app

TITLE = ["2024年绵阳市重点项目推进情况表"]
UNIT = ["单位：万元"]
# name, county, plan, total to last year's end (None: empty), total to 30 June
PROJECTS = [
    ("甲项目", "北川县", 6000, 10000, 13000),
    ("乙项目", "安州区", 2000, 0, 600),
    ("丙项目", "北川县", 4000, 5000, 7000),
    ("丁项目", "江油市", 8000, None, 2400),
]
# By hand: 13000-10000 + 600-0 + 7000-5000 + 2400-(empty, 0) = 3000 + 600 + 2000 + 2400.
PLAN, DONE = 20000.0, 8000.0
BY_COUNTY = {"北川县": (10000.0, 5000.0), "安州区": (2000.0, 600.0), "江油市": (8000.0, 2400.0)}


def rank(runner: CliRunner, path: Path) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, ["rank", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def assert_figures(report: dict) -> None:  # type: ignore[type-arg]
    assert report["total"]["annual_plan"] == pytest.approx(PLAN)
    assert report["total"]["completed_ytd"] == pytest.approx(DONE)
    assert report["total"]["completion_rate"] == pytest.approx(0.4)
    rows = {r["group"]: (r["annual_plan"], r["completed_ytd"]) for r in report["rows"]}
    assert rows.keys() == BY_COUNTY.keys()
    for county, figures in BY_COUNTY.items():
        assert rows[county] == pytest.approx(figures), county


def ledger(path: Path, prev: str, now: str, *, title: list[str] = TITLE,
           total: bool = False, since: str | None = None) -> Path:  # fmt: skip
    head = ["序号", "项目名称", "县（市、区）", prev, "年度计划投资", now]
    body = [[i, n, c, p, plan, s] for i, (n, c, plan, p, s) in enumerate(PROJECTS, 1)]
    if since:
        head.append(since)
        for row in body:
            row.append(row[-1])  # since the start: the same as the total to 30 June
    if total:  # 10000 + 0 + 5000, 6000 + 2000 + 4000 + 8000, 13000 + 600 + 7000 + 2400
        body.insert(0, [None, "合计", None, 15000, 20000, 23000, *([23000] if since else [])])
    return write_xlsx(path, [title, UNIT, head, *body])


@pytest.mark.parametrize(
    ("prev", "now", "title"),
    [
        ("至上年底累计完成投资", "截至6月底累计完成投资", TITLE),
        ("开工至上年底累计完成投资", "截至6月底累计完成", TITLE),
        ("至2023年底累计完成投资", "截至2024年6月底累计完成投资", TITLE),
        ("截至2023年底累计完成投资", "至6月末累计完成投资", ["2024年重点项目推进情况表（1-6月）"]),
        ("至2023年底累计完成投资", "截至6月底累计完成投资", ["重点项目推进情况表"]),  # no year
        ("至上年底累计完成", "至本月底累计完成", ["2024年重点项目推进情况表（1-6月）"]),
        ("至上年底累计完成投资", "截至本月底累计完成投资", ["2024年重点项目推进情况表（6月）"]),
        ("至上年底累计完成投资", "累计完成投资（截至6月底）", TITLE),
    ],
)
def test_this_year_is_the_difference(
    runner: CliRunner, tmp_path: Path, prev: str, now: str, title: list[str]
) -> None:
    report = rank(runner, ledger(tmp_path / "2024年台账.xlsx", prev, now, title=title))
    assert_figures(report)
    assert report["as_of"].endswith("-06-30")


def test_the_difference_is_said_and_the_total_row_agrees(runner: CliRunner, tmp_path: Path) -> None:
    path = ledger(tmp_path / "r.xlsx", "至上年底累计完成投资", "截至6月底累计完成投资",
                  total=True, since="开工累计完成投资")  # fmt: skip
    assert_figures(rank(runner, path))
    result = runner.invoke(app, ["check", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    codes = [(f["where"], f["code"]) for f in data["findings"]]
    assert codes == [("Sheet1!F3", "ytd_difference")]
    fields = {c["where"]: c["field"] for c in data["sheets"][0]["columns"]}
    assert fields["Sheet1!F3"] == "completed_ytd"
    assert fields["Sheet1!G3"] == "completed_since_start"
    assert "Sheet1!D3" not in fields  # read only to be subtracted


def test_two_dates_under_one_running_total(runner: CliRunner, tmp_path: Path) -> None:
    """累计完成投资 over 至上年底 | 至6月底 (was refused: "add a 合计 sub-column")."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(TITLE)
    ws.append(UNIT)
    ws.append(["序号", "项目名称", "县（市、区）", "年度计划投资", "累计完成投资", None])
    ws.append([None, None, None, None, "至上年底", "至6月底"])
    ws.merge_cells("E3:F3")
    for col in "ABCD":
        ws.merge_cells(f"{col}3:{col}4")
    for i, (n, c, plan, p, s) in enumerate(PROJECTS, 1):
        ws.append([i, n, c, plan, p, s])
    wb.save(tmp_path / "r.xlsx")
    assert_figures(rank(runner, tmp_path / "r.xlsx"))


def test_an_own_column_of_this_year_is_read_instead(runner: CliRunner, tmp_path: Path) -> None:
    """至上年底 | 1-6月完成投资 | 截至6月底累计: the 1-6月 column is this year's."""
    head = ["序号", "项目名称", "县（市、区）", "至上年底累计完成投资", "年度计划投资",
            "1-6月完成投资", "截至6月底累计完成投资"]  # fmt: skip
    body = [[i, n, c, p, plan, s - (p or 0), s]
            for i, (n, c, plan, p, s) in enumerate(PROJECTS, 1)]  # fmt: skip
    body[0][5] = 2999  # not the difference: the column itself is read
    path = write_xlsx(tmp_path / "r.xlsx", [TITLE, UNIT, head, *body])
    report = rank(runner, path)
    assert report["total"]["completed_ytd"] == pytest.approx(DONE - 1)
    columns = json.loads(runner.invoke(app, ["check", str(path), "-f", "json"]).stdout)
    fields = {c["where"]: c["field"] for c in columns["sheets"][0]["columns"]}
    assert fields["Sheet1!G3"] == "completed_since_start" and "Sheet1!D3" not in fields


def test_a_subtracted_total_in_another_unit(runner: CliRunner, tmp_path: Path) -> None:
    """至上年底累计完成投资（亿元）: 1 亿元 = 10,000 万元 before it is subtracted."""
    head = ["序号", "项目名称", "县（市、区）", "至上年底累计完成投资（亿元）", "年度计划投资",
            "截至6月底累计完成投资"]  # fmt: skip
    body = [[i, n, c, None if p is None else p / 10000, plan, s]
            for i, (n, c, plan, p, s) in enumerate(PROJECTS, 1)]  # fmt: skip
    assert_figures(rank(runner, write_xlsx(tmp_path / "r.xlsx", [TITLE, UNIT, head, *body])))


def test_a_running_total_equal_to_the_since_start_one_is_refused(
    runner: CliRunner, tmp_path: Path
) -> None:
    """截至6月底累计完成投资 holding 开工累计完成投资's figures, no 至上年底: no column holds
    this year's completion; never the since-start total taken for it."""
    head = ["序号", "项目名称", "县（市、区）", "年度计划投资", "截至6月底累计完成投资",
            "开工累计完成投资"]  # fmt: skip
    body = [[i, n, c, plan, s, s] for i, (n, c, plan, _, s) in enumerate(PROJECTS, 1)]
    result = runner.invoke(app, ["rank", str(write_xlsx(tmp_path / "r.xlsx",
                                                        [TITLE, UNIT, head, *body]))])  # fmt: skip
    assert result.exit_code == 1
    assert ("Sheet1!E3（截至6月底累计完成投资） holds the same figures as "
            "Sheet1!F3（开工累计完成投资） in every project row") in result.stderr  # fmt: skip


def test_this_years_column_equal_to_the_since_start_one_is_read(
    runner: CliRunner, tmp_path: Path
) -> None:
    """1-6月完成投资 equal to 开工累计完成投资: every project started this year."""
    head = ["序号", "项目名称", "县（市、区）", "年度计划投资", "1-6月完成投资", "开工累计完成投资"]
    body = [[i, n, c, plan, s - (p or 0), s - (p or 0)]
            for i, (n, c, plan, p, s) in enumerate(PROJECTS, 1)]  # fmt: skip
    assert_figures(rank(runner, write_xlsx(tmp_path / "r.xlsx", [TITLE, UNIT, head, *body])))
