"""A money header over a grouping row over its parts, on three rows or more:
年度计划投资 / 资金来源 / 中央预算内 | 专项债 | 企业自筹, 2024年计划投资 / 分季度安排 / 一季度 … 四季度.

The grouping row said nothing read alone, so the header block stopped above it and the
money header stood for its first part (the plan 3,300 where the parts add up to 20,000).
Read through, the parts are added as on two rows, where they partition the money; a 其中
level is never a partition: with no column of the whole the sheet is refused by name.
Expected figures are written out by hand from the rows below.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpus import Sheet, write_ods, write_xls, write_xlsx
from projtrack.cli.app import app

TITLE = "2024年绵阳市重点项目推进情况表（1-6月）"
# name, county, three parts of the plan, three parts of the 1-6月 completion
PROJECTS = [
    ("甲项目", "北川县", (1000, 2000, 3000), (500, 800, 1700)),
    ("乙项目", "安州区", (800, 0, 1200), (200, 0, 400)),
    ("丙项目", "北川县", (1500, 1500, 1000), (600, 900, 500)),
    ("丁项目", "江油市", (0, 5000, 3000), (0, 1000, 1400)),
]
# By hand: plans 6000 + 2000 + 4000 + 8000; completions 3000 + 600 + 2000 + 2400.
PLAN, DONE = 20000.0, 8000.0
BY_COUNTY = {"北川县": (10000.0, 5000.0), "安州区": (2000.0, 600.0), "江油市": (8000.0, 2400.0)}
SOURCES = ["中央预算内", "专项债", "企业自筹"]


def header(rows: list[list[str | None]], body: list[list[object]]) -> Sheet:
    """A sheet: title, unit line, the header rows, the body. In the header rows, a text
    followed by "" cells is merged over them; a text over None cells down to the last
    header row is merged down to it."""
    sheet = Sheet("Sheet1", [[TITLE], ["单位：万元"]])
    base, depth = 2, len(rows)
    for r, row in enumerate(rows):
        sheet.rows.append([v or None for v in row])
        for c, value in enumerate(row):
            if not value:
                continue
            right = c
            while right + 1 < len(row) and row[right + 1] == "":
                right += 1
            down = r
            while down + 1 < depth and rows[down + 1][c] is None and right == c:
                down += 1
            if (right, down) != (c, r):
                sheet.merges.append((base + r, c, base + down, right))
    sheet.rows.extend([list(b) for b in body])
    return sheet


def body(plan: bool = True, done: bool = True) -> list[list[object]]:
    rows: list[list[object]] = []
    for i, (name, county, p, d) in enumerate(PROJECTS, 1):
        rows.append([i, name, county, 90000, *(p if plan else [sum(p)]),
                     *(d if done else [sum(d)])])  # fmt: skip
    return rows


LEFT = ["序号", "项目名称", "县（市、区）", "总投资"]


def rank(runner: CliRunner, path: Path) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, ["rank", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def assert_figures(report: dict, plan: float = PLAN, done: float = DONE) -> None:  # type: ignore[type-arg]
    assert report["total"]["annual_plan"] == pytest.approx(plan)
    assert report["total"]["completed_ytd"] == pytest.approx(done)
    rows = {r["group"]: (r["annual_plan"], r["completed_ytd"]) for r in report["rows"]}
    assert rows.keys() == BY_COUNTY.keys()
    for county, figures in BY_COUNTY.items():
        assert rows[county] == pytest.approx(figures), county


WRITERS = {"xlsx": write_xlsx, "xls": write_xls, "ods": write_ods}


@pytest.mark.parametrize("grouping", ["资金来源", "按资金来源分", "资金构成"])
@pytest.mark.parametrize("suffix", ["xlsx", "xls", "ods"])
def test_sources_under_a_grouping_row_are_added(
    runner: CliRunner, tmp_path: Path, grouping: str, suffix: str
) -> None:
    rows: list[list[str | None]] = [
        [*LEFT, "年度计划投资", "", "", "1-6月完成投资", "", ""],
        [None, None, None, None, grouping, "", "", grouping, "", ""],
        [None, None, None, None, *SOURCES, *SOURCES],
    ]
    path = tmp_path / f"t.{suffix}"
    WRITERS[suffix]([header(rows, body())], path)
    report = rank(runner, path)
    assert_figures(report)
    assert report["total"]["completion_rate"] == pytest.approx(0.4)  # 8000 / 20000


def test_only_the_completion_split(runner: CliRunner, tmp_path: Path) -> None:
    rows: list[list[str | None]] = [
        [*LEFT, "年度计划投资", "1-6月完成投资", "", ""],
        [None, None, None, None, None, "资金来源", "", ""],
        [None, None, None, None, None, *SOURCES],
    ]
    write_xlsx([header(rows, body(plan=False))], tmp_path / "t.xlsx")
    assert_figures(rank(runner, tmp_path / "t.xlsx"))


def test_a_unit_on_the_grouping_row_is_the_parts(runner: CliRunner, tmp_path: Path) -> None:
    """资金来源（亿元）: the parts are in 亿元 (0.1 亿元 = 1,000 万元)."""
    rows: list[list[str | None]] = [
        [*LEFT, "年度计划投资", "", "", "1-6月完成投资"],
        [None, None, None, None, "资金来源（亿元）", "", "", None],
        [None, None, None, None, *SOURCES, None],
    ]
    lines = [[*r[:4], *(v / 10000 for v in r[4:7]), r[7]] for r in body(done=False)]
    write_xlsx([header(rows, lines)], tmp_path / "t.xlsx")
    assert_figures(rank(runner, tmp_path / "t.xlsx"))


QUARTERS = ["一季度", "二季度", "三季度", "四季度"]
# By hand, each project's plan in four quarters adding up to its plan above.
QUARTER_PLANS = [(1500, 1500, 1500, 1500), (500, 500, 500, 500), (1000, 1000, 1000, 1000),
                 (2000, 2000, 2000, 2000)]  # fmt: skip


@pytest.mark.parametrize("grouping", ["分季度安排", "按季度"])
def test_quarters_under_a_grouping_row_are_the_years_plan(
    runner: CliRunner, tmp_path: Path, grouping: str
) -> None:
    rows: list[list[str | None]] = [
        [*LEFT, "2024年计划投资", "", "", "", "1-6月完成投资"],
        [None, None, None, None, grouping, "", "", "", None],
        [None, None, None, None, *QUARTERS, None],
    ]
    lines = [[*r[:4], *q, r[-1]] for r, q in zip(body(plan=False, done=False), QUARTER_PLANS,
                                                 strict=True)]  # fmt: skip
    write_xlsx([header(rows, lines)], tmp_path / "t.xlsx")
    assert_figures(rank(runner, tmp_path / "t.xlsx"))


def test_four_header_rows(runner: CliRunner, tmp_path: Path) -> None:
    rows: list[list[str | None]] = [
        [*LEFT, "投资情况", "", "", "", "", ""],
        [None, None, None, None, "年度计划投资", "", "", "1-6月完成投资", "", ""],
        [None, None, None, None, "资金来源", "", "", "资金来源", "", ""],
        [None, None, None, None, *SOURCES, *SOURCES],
    ]
    write_xlsx([header(rows, body())], tmp_path / "t.xlsx")
    assert_figures(rank(runner, tmp_path / "t.xlsx"))


def test_shares_under_qizhong_without_the_whole_are_refused(
    runner: CliRunner, tmp_path: Path
) -> None:
    """中央预算内 | 专项债 under 其中 need not make the plan: the first is never the plan,
    nor their sum."""
    rows: list[list[str | None]] = [
        [*LEFT, "年度计划投资", "", "1-6月完成投资"],
        [None, None, None, None, "其中", "", None],
        [None, None, None, None, "中央预算内", "专项债", None],
    ]
    lines = [[*r[:4], r[4], r[5], r[-1]] for r in body(done=False)]
    write_xlsx([header(rows, lines)], tmp_path / "t.xlsx")
    result = runner.invoke(app, ["rank", str(tmp_path / "t.xlsx")])
    assert result.exit_code == 1
    assert "Sheet1" in result.stderr
    assert (
        "E3:F3 年度计划投资 lists only 其中 shares (其中：中央预算内 | 其中：专项债)"
        in result.stderr
    )
    assert "没有全额列" in result.stderr


def test_the_whole_beside_qizhong_is_the_figure(runner: CliRunner, tmp_path: Path) -> None:
    """合计 | 其中 / 中央预算内 | 专项债: the 合计 is read, never the shares (which here add
    up to less than it)."""
    rows: list[list[str | None]] = [
        [*LEFT, "年度计划投资", "", "", "1-6月完成投资"],
        [None, None, None, None, "合计", "其中", "", None],
        [None, None, None, None, None, "中央预算内", "专项债", None],
    ]
    lines = [[*r[:4], sum(r[4:7]), r[4], r[5], r[-1]] for r in body(done=False)]  # type: ignore[call-overload]
    write_xlsx([header(rows, lines)], tmp_path / "t.xlsx")
    assert_figures(rank(runner, tmp_path / "t.xlsx"))


def test_parts_below_the_rows_read_are_refused(runner: CliRunner, tmp_path: Path) -> None:
    """Five header rows: the block reads four; the sources on the fifth are not taken for
    the first of them without a word."""
    rows: list[list[str | None]] = [
        [*LEFT, "项目投资情况", "", "", "", "", ""],
        [None, None, None, None, "2024年", "", "", "", "", ""],
        [None, None, None, None, "年度计划投资", "", "", "1-6月完成投资", "", ""],
        [None, None, None, None, "财政资金及其他", "", "", "财政资金及其他", "", ""],
        [None, None, None, None, *SOURCES, *SOURCES],
    ]
    write_xlsx([header(rows, body())], tmp_path / "t.xlsx")
    result = runner.invoke(app, ["rank", str(tmp_path / "t.xlsx")])
    assert result.exit_code == 1, result.output
    assert "中央预算内 | 专项债 | 企业自筹" in result.stderr
