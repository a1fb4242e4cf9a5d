"""Completion headers worded by week, quarter or half year, and quarterly columns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import write_xlsx
from projtrack.cli.app import app
from projtrack.read.fields import header_months, match_header

PROJECTS = [("甲项目", "旌阳区", 5000.0, 1200.5), ("乙项目", "中江县", 8000.0, 2500.0),
            ("丙项目", "中江县", 12000.0, 3000.25)]  # fmt: skip


def _rank(runner: CliRunner, path: Path, *options: str) -> dict:
    result = runner.invoke(app, ["rank", str(path), "-f", "json", *options])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("header", "as_of"),
    [
        ("截至6月20日完成投资", "2024-06-20"),
        ("截至6月20日累计完成投资", "2024-06-20"),
        ("上半年完成投资", "2024-06-30"),
        ("一季度完成投资", "2024-03-31"),
        ("前三季度完成投资", "2024-09-30"),
        ("一至六月完成投资", "2024-06-30"),
        ("1至5月完成投资", "2024-05-31"),
        ("今年1-4月完成投资（万元）", "2024-04-30"),  # 今年 before the months: was refused
        ("本年1-4月累计完成投资", "2024-04-30"),
        ("当年1至4月完成投资", "2024-04-30"),
        ("前两个月完成投资", "2024-02-29"),  # the first N months: was refused
        ("前10个月累计完成投资", "2024-10-31"),
    ],
)
def test_period_worded_completion_headers(
    runner: CliRunner, tmp_path: Path, header: str, as_of: str
) -> None:
    rows = [["2024年重点项目推进情况表"], ["项目名称", "县(市、区)", "年度计划投资", header]]
    rows += [list(p) for p in PROJECTS]
    data = _rank(runner, write_xlsx(tmp_path / "t.xlsx", rows))
    assert data["as_of"] == as_of
    assert abs(data["total"]["annual_plan"] - sum(p[2] for p in PROJECTS)) < 1e-6
    assert abs(data["total"]["completed_ytd"] - sum(p[3] for p in PROJECTS)) < 1e-6


def test_quarter_columns_add_up_to_the_as_of_quarter(runner: CliRunner, tmp_path: Path) -> None:
    head = ["项目名称", "县(市、区)", "年度计划投资", "一季度完成投资", "二季度完成投资"]
    rows = [["2024年重点项目推进情况表"], head]
    quarters = [(100.0, 250.5), (300.0, 0.0), (20.25, 40.0)]
    rows += [[*p[:3], *q] for p, q in zip(PROJECTS, quarters, strict=True)]
    data = _rank(runner, write_xlsx(tmp_path / "q.xlsx", rows))
    assert data["as_of"] == "2024-06-30"
    assert abs(data["total"]["completed_ytd"] - sum(a + b for a, b in quarters)) < 1e-6


@pytest.mark.parametrize("parent", ["完成投资", "2024年完成投资", "完成投资（万元）"])
def test_quarter_children_under_a_completion_header(
    runner: CliRunner, tmp_path: Path, parent: str
) -> None:
    """完成投资 merged over 一季度 | 二季度 | 三季度 | 四季度 (two empty): read as the quarters'
    own columns, as 一季度完成投资 | 二季度完成投资 are (it was refused: no 1-N月 column)."""
    import xlsxwriter

    path = tmp_path / "q.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    ws.write(0, 0, "2024年重点项目推进情况表")
    for j, h in enumerate(["项目名称", "县(市、区)", "年度计划投资"]):
        ws.merge_range(1, j, 2, j, h)
    ws.merge_range(1, 3, 1, 6, parent)
    ws.write_row(2, 3, ["一季度", "二季度", "三季度", "四季度"])
    quarters = [(100.0, 250.5), (300.0, 0.0), (20.25, 40.0)]
    for r, (p, q) in enumerate(zip(PROJECTS, quarters, strict=True), start=3):
        ws.write_row(r, 0, [*p[:3], *q])
    wb.close()
    data = _rank(runner, path)
    assert data["as_of"] == "2024-06-30"
    assert abs(data["total"]["completed_ytd"] - sum(a + b for a, b in quarters)) < 1e-6


def test_quarter_words_as_months() -> None:
    assert header_months("二季度完成投资") == (4, 6)
    assert header_months("第三季度完成投资") == (7, 9)
    assert header_months("前三季度完成投资") == (1, 9)
    assert header_months("前两个月完成投资") == (1, 2)
    assert header_months("前13个月完成投资") is None
    assert match_header("上半年完成投资").field == "completed_ytd"
    assert match_header("年度计划投资").field == "annual_plan"


def test_missing_field_error_names_headers_not_understood(
    runner: CliRunner, tmp_path: Path
) -> None:
    rows = [
        ["2024年重点项目推进情况表"],
        ["项目名称", "县(市、区)", "年度计划投资", "本期拨付投资额"],
    ]
    rows += [list(p) for p in PROJECTS]
    result = runner.invoke(app, ["rank", str(write_xlsx(tmp_path / "n.xlsx", rows))])
    assert result.exit_code == 1
    message = " ".join(result.stderr.split())
    assert "no column for" in message and "Headers not understood: D2 '本期拨付投资额'" in message


MONTH_HEADS = ["6月完成投资", "完成投资（6月）", "6月份完成投资"]


@pytest.mark.parametrize("header", MONTH_HEADS)
def test_a_lone_single_month_column_is_refused(
    runner: CliRunner, tmp_path: Path, header: str
) -> None:
    """One column naming one month after January, under a 1-6月 title: June alone or January
    to June? Read as the year-to-date it made every county 43 points behind; now refused."""
    rows = [
        ["2024年重点项目推进情况表（1-6月）"],
        ["项目名称", "县(市、区)", "年度计划投资", header],
    ]
    rows += [list(p) for p in PROJECTS]
    result = runner.invoke(app, ["rank", str(write_xlsx(tmp_path / "m.xlsx", rows)), "-f", "json"])
    assert result.exit_code == 1 and result.stdout == ""
    assert f"the only completion column (Sheet1!D2 {header})" in result.stderr


@pytest.mark.parametrize("header", MONTH_HEADS)
@pytest.mark.parametrize("title", ["2024年重点项目推进情况表（1-6月）", "2024年重点项目推进情况表"])
def test_last_month_s_total_beside_a_dated_month_is_the_year_so_far(
    runner: CliRunner, tmp_path: Path, header: str, title: str
) -> None:
    """截至上月累计 | 6月完成投资: 1-5月 + 6月, read at June whether or not the title names it
    (the dated column was refused as a lone month, the 截至上月累计 beside it unread)."""
    head = ["项目名称", "县(市、区)", "年度计划投资", "截至上月累计完成投资", header]
    rows = [[title], head] + [[*p[:3], p[3] * 0.8, p[3] * 0.2] for p in PROJECTS]
    data = _rank(runner, write_xlsx(tmp_path / "m.xlsx", rows))
    assert data["as_of"] == "2024-06-30"
    assert abs(data["total"]["completed_ytd"] - sum(p[3] for p in PROJECTS)) < 1e-6


def test_last_month_s_total_beside_a_month_the_title_contradicts_is_refused(
    runner: CliRunner, tmp_path: Path
) -> None:
    """A 1-5月 title over 截至上月累计 | 6月完成投资: which month is it? Refused, naming the column."""
    head = ["项目名称", "县(市、区)", "年度计划投资", "截至上月累计完成投资", "6月完成投资"]
    rows = [["2024年重点项目推进情况表（1-5月）"], head]
    rows += [[*p[:3], p[3] * 0.8, p[3] * 0.2] for p in PROJECTS]
    result = runner.invoke(app, ["rank", str(write_xlsx(tmp_path / "m.xlsx", rows))])
    assert result.exit_code == 1 and "(Sheet1!E2 6月完成投资)" in result.stderr


def test_a_lone_january_column_is_the_year_so_far(runner: CliRunner, tmp_path: Path) -> None:
    rows = [["2024年重点项目推进情况表"], ["项目名称", "县(市、区)", "年度计划投资", "1月完成投资"]]
    rows += [list(p) for p in PROJECTS]
    data = _rank(runner, write_xlsx(tmp_path / "jan.xlsx", rows))
    assert data["as_of"] == "2024-01-31"
    assert abs(data["total"]["completed_ytd"] - sum(p[3] for p in PROJECTS)) < 1e-6


@pytest.mark.parametrize("title", ["2024年重点项目推进情况表（1-6月）", "2024年重点项目推进情况表"])
@pytest.mark.parametrize("heads", [["1-3月", "1-6月", "1-9月"], ["一季度", "上半年", "前三季度"]])
def test_a_whole_year_column_ends_a_chain_of_spans(
    runner: CliRunner, tmp_path: Path, title: str, heads: list[str]
) -> None:
    """1-3月 | 1-6月 | 1-9月 | 全年完成投资, filled through June: the 全年 column is the
    chain's last span (1-12月), so the ledger is read at June (it was refused, naming the
    empty 1-9月 column)."""
    header = [
        "项目名称",
        "县(市、区)",
        "年度计划投资",
        *[f"{h}完成投资" for h in heads],
        "全年完成投资",
    ]
    rows = [[title], header]
    rows += [[*p[:3], p[3] * 0.4, p[3], None, None] for p in PROJECTS]
    data = _rank(runner, write_xlsx(tmp_path / "q.xlsx", rows))
    assert data["as_of"] == "2024-06-30"
    assert abs(data["total"]["completed_ytd"] - sum(p[3] for p in PROJECTS)) < 1e-6


def _by_month(tmp_path: Path, cells: list[list[object]]) -> Path:
    """完成投资 over 1月 … 6月 | 累计 (two header rows, the parent merged over the months)."""
    import xlsxwriter

    path = tmp_path / "cum.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["2024年重点项目推进情况表（1-6月）"])
    sheet.write_row(1, 0, ["项目名称", "县(市、区)", "年度计划投资"])
    sheet.merge_range(1, 3, 1, 9, "完成投资")
    for k in range(3):
        sheet.merge_range(1, k, 2, k, ["项目名称", "县(市、区)", "年度计划投资"][k])
    sheet.write_row(2, 3, [f"{m}月" for m in range(1, 7)] + ["累计"])
    for r, row in enumerate(cells, start=3):
        sheet.write_row(r, 0, row)
    book.close()
    return path


def test_a_running_total_beside_the_months_is_read_and_checked(
    runner: CliRunner, tmp_path: Path
) -> None:
    """The 累计 beside 1月 … 6月 is 1-6月: a row with only it filled keeps its figure (it was
    read as empty and said missing), and a row where it differs from its months is said
    (months_mismatch, the stated 累计 used)."""
    months = [10.0, 20.0, 30.0, 40.0, 50.0, 60.0]
    rows = [["甲", "旌阳区", 1000, *months, 210], ["乙", "中江县", 1000, *months, 1210],
            ["丙", "中江县", 1000, None, None, None, None, None, None, 333]]  # fmt: skip
    result = runner.invoke(app, ["rank", str(_by_month(tmp_path, rows)), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["as_of"] == "2024-06-30"
    assert data["total"]["completed_ytd"] == pytest.approx(210 + 1210 + 333)
    found = [w for w in data["warnings"] if w["code"] == "months_mismatch"]
    assert [w["where"] for w in found] == ["Sheet1!J5"]
    assert not [w for w in data["warnings"] if w["code"] == "completed_missing"]


@pytest.mark.parametrize(
    "previous", ["截至上月累计完成投资", "上月末累计完成", "截止上月底累计完成投资额"]
)
def test_last_month_s_total_plus_this_month_is_the_year_so_far(
    runner: CliRunner, tmp_path: Path, previous: str
) -> None:
    """截至上月累计 | 本月完成投资 with no 1-N月 column, under a 2024年6月 title: 1-5月 + 6月
    (it was refused, the 截至上月累计 header not understood)."""
    rows = [["2024年6月全县重点项目推进情况表"], ["填报日期：2024年7月5日"],
            ["项目名称", "县(市、区)", "年度计划投资", previous, "本月完成投资"]]  # fmt: skip
    rows += [[*p[:3], p[3] * 0.75, p[3] * 0.25] for p in PROJECTS]
    data = _rank(runner, write_xlsx(tmp_path / "prev.xlsx", rows))
    assert data["as_of"] == "2024-06-30"
    assert abs(data["total"]["completed_ytd"] - sum(p[3] for p in PROJECTS)) < 1e-6


def test_last_month_s_total_without_a_month_is_still_refused(
    runner: CliRunner, tmp_path: Path
) -> None:
    rows = [["2024年全县重点项目推进情况表"],
            ["项目名称", "县(市、区)", "年度计划投资", "截至上月累计完成投资", "本月完成投资"]]  # fmt: skip
    rows += [[*p[:3], p[3] * 0.75, p[3] * 0.25] for p in PROJECTS]
    result = runner.invoke(app, ["rank", str(write_xlsx(tmp_path / "p.xlsx", rows))])
    assert result.exit_code == 1 and "截至上月累计完成投资" in result.stderr


@pytest.mark.parametrize(
    "line", ["导出时间：2024-10-08 09:31:22", "下载日期：2024/10/12", "生成时间：2024年10月8日"]
)
def test_an_export_date_is_not_the_as_of(runner: CliRunner, tmp_path: Path, line: str) -> None:
    """A platform's export or download time under the title was taken for the as-of date
    (time progress to 8 October, without a word); like 填报日期 it says when, not what."""
    rows = [["2024年重点项目调度表"], [line],
            ["项目名称", "县(市、区)", "年度计划投资", "本年累计完成投资"]]  # fmt: skip
    rows += [list(p[:4]) for p in PROJECTS]
    path = write_xlsx(tmp_path / "e.xlsx", rows)
    result = runner.invoke(app, ["rank", str(path), "-f", "json"])
    assert result.exit_code == 1 and "cannot tell the as-of month" in result.stderr
    assert _rank(runner, path, "--month", "9")["as_of"] == "2024-09-30"


@pytest.mark.parametrize(
    ("parent", "children"),
    [("2024年计划投资（万元）", ["一季度", "二季度", "三季度", "四季度"]),
     ("2024年计划投资", ["上半年", "下半年"])],
)  # fmt: skip
def test_quarters_under_a_year_plan_add_up_to_it(
    runner: CliRunner, tmp_path: Path, parent: str, children: list[str]
) -> None:
    """2024年计划投资 over 一季度 … 四季度 is the year's plan split by quarter: their sum (a
    quarter under a plan is not read as that quarter's own plan, which refused the ledger)."""
    import xlsxwriter

    path = tmp_path / "p.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    ws.write(0, 0, "2024年重点项目推进情况表（1-9月）")
    last = 2 + len(children)
    for j, h in enumerate(["项目名称", "县(市、区)"]):
        ws.merge_range(1, j, 2, j, h)
    ws.merge_range(1, 2, 1, last - 1, parent)
    ws.write_row(2, 2, children)
    ws.merge_range(1, last, 2, last, "1-9月完成投资")
    splits = [[250.0] * len(children), [100.0] * len(children), [500.5] * len(children)]
    for r, (p, parts) in enumerate(zip(PROJECTS, splits, strict=True), start=3):
        ws.write_row(r, 0, [p[0], p[1], *parts, p[3]])
    wb.close()
    data = _rank(runner, path)
    assert abs(data["total"]["annual_plan"] - sum(sum(s) for s in splits)) < 1e-6
    assert abs(data["total"]["completed_ytd"] - sum(p[3] for p in PROJECTS)) < 1e-6
