"""Footers without a 合计 above them, and a long name broken onto a second line.

A note heading in the 序号 column with its text in the name column (填报说明： | 本表…),
a 备注： heading, and a signature line whose phone number sits in a money column must not
become projects; nor must "（含配套道路及管网工程）" under a numbered project. The expected
figures are the sums of the invented projects, computed here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from projtrack.read.load import load_ledger

HEADER = ["序号", "项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资"]
PROJECTS = [
    ("旌阳智能制造产业园", "旌阳区", 30000.0, 21000.0),
    ("旌东污水处理厂提标改造", "旌阳区", 3000.0, 2650.5),
    ("中江县人民医院新院区", "中江县", 25000.0, 23100.0),
    ("罗江物流园一期", "罗江区", 15000.0, 9100.25),
]
FOOTERS = {
    "heading_beside_text": [["填报说明：", "1.本表金额单位为万元；2.计划以下达为准。"]],
    "heading_then_numbered": [["填报说明：", "本表金额单位为万元。"], [1, "计划以下达为准。"],
                              [2, "每月5日前报送。"]],
    "beizhu_heading": [["备注：", "1.罗江物流园一期含上年结转计划。"],
                       [None, "2.中江人民医院已完成年度计划。"]],
    "phone_in_plan_column": [["填报说明：", "本表金额单位为万元。"],
                             ["填表人：", "张三", "联系电话：", 13812345678]],
    "signature_alone": [["填表人：", "张三", "联系电话：", 13812345678], ["填报日期：2024年7月5日"]],
    "signature_in_name_column": [[None, "填表人：张三", "联系电话：", 13812345678]],
    "zhu_heading_with_figure": [["注：", "罗江物流园一期含上年结转", None, None, 2000]],
}  # fmt: skip


def _rows() -> list[list[object]]:
    return [[i, n, r, p, c] for i, (n, r, p, c) in enumerate(PROJECTS, 1)]


def _read(path: Path) -> tuple[int, float, float]:
    frame = load_ledger(path).projects
    return frame.height, float(frame["annual_plan"].sum()), float(frame["completed_ytd"].sum())


def _expected() -> tuple[int, float, float]:
    return len(PROJECTS), sum(p[2] for p in PROJECTS), sum(p[3] for p in PROJECTS)


@pytest.mark.parametrize("footer", sorted(FOOTERS))
def test_footer_rows_are_not_projects(tidy: Callable[..., Path], footer: str) -> None:
    path = tidy(HEADER, [*_rows(), [None], *FOOTERS[footer]])
    assert _read(path) == pytest.approx(_expected())


def test_a_named_row_after_the_footer_heading_with_figures_stays_a_project(
    tidy: Callable[..., Path],
) -> None:
    """A 说明 line above rows with figures ends nothing: the rows below are projects."""
    extra = ("凯江河道综合治理", "中江县", 8000.0, 3500.0)
    rows = [*_rows(), ["说明：", "下列项目为新增"], [5, *extra]]
    n, plan, done = _expected()
    assert _read(tidy(HEADER, rows)) == pytest.approx((n + 1, plan + extra[2], done + extra[3]))


def test_a_bracketed_second_line_of_a_name_is_not_a_project(tidy: Callable[..., Path]) -> None:
    rows = _rows()
    rows.insert(2, [None, "（含配套道路及管网工程）"])
    assert _read(tidy(HEADER, rows)) == pytest.approx(_expected())


def test_a_bracketed_name_with_figures_stays_a_project(tidy: Callable[..., Path]) -> None:
    """The bracket alone proves nothing when the row carries amounts."""
    rows = _rows()
    rows.insert(2, [None, "（凯江河道综合治理）", "中江县", 8000.0, 3500.0])
    n, plan, done = _expected()
    assert _read(tidy(HEADER, rows)) == pytest.approx((n + 1, plan + 8000.0, done + 3500.0))


def _blocks(closing: dict[str, list[object]]) -> list[list[object]]:
    """The projects by county, each block closed by a row naming the county in 项目名称."""
    rows: list[list[object]] = []
    for county in ("旌阳区", "中江县", "罗江区"):
        block = [[i, *p] for i, p in enumerate(PROJECTS, 1) if p[1] == county]
        plan, done = sum(r[3] for r in block), sum(r[4] for r in block)  # type: ignore[misc]
        rows += [*block, closing.get(county, [None, county, None, plan, done])]
    return rows


def test_a_county_row_after_its_block_closes_it(tidy: Callable[..., Path]) -> None:
    """旌阳区 | 33000 | 23650.5 under the 旌阳区 projects is their 小计, not a heading."""
    path = tidy(HEADER, _blocks({}))
    assert _read(path) == pytest.approx(_expected())
    ledger = load_ledger(path)
    by_county = dict(ledger.projects.group_by("region").agg(pl.len()).sort("region").iter_rows())
    assert by_county == {"中江县": 1, "旌阳区": 2, "罗江区": 1}
    assert not [f for f in ledger.findings if f.code == "subtotal_mismatch"]


def test_a_closing_county_row_that_does_not_add_up_is_named(tidy: Callable[..., Path]) -> None:
    path = tidy(HEADER, _blocks({"中江县": [None, "中江县", None, 25000.0, 23000.0]}))
    ledger = load_ledger(path)
    n, _, done = _expected()
    assert ledger.projects.height == n
    assert float(ledger.projects["completed_ytd"].sum()) == pytest.approx(done)
    assert [f.code for f in ledger.findings if f.code == "subtotal_mismatch"]


def test_a_note_line_right_under_the_header_ends_nothing(tmp_path: Path) -> None:
    """A 前期 sheet: 备注：前期项目不下达年度计划 over numbered projects without figures (no
    row after the note has any): they are projects, not notes."""
    import xlsxwriter

    book = xlsxwriter.Workbook(tmp_path / "台账.xlsx")
    for name, rows in (
        ("在建", [[1, "物流园项目", "罗江区", 500.0, 100.0], [2, "污水厂项目", "旌阳区", 300.0, 60.0]]),
        ("前期", [["备注：前期项目不下达年度计划"], [1, "通用机场项目", "旌阳区"],
                  [2, "城际铁路项目", "中江县"]]),
    ):  # fmt: skip
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, ["2024年重点项目推进情况表"])
        sheet.write_row(1, 0, HEADER)
        for r, row in enumerate(rows, 2):
            sheet.write_row(r, 0, row)
    book.close()
    names = load_ledger(tmp_path / "台账.xlsx").projects["name"].to_list()
    assert names == ["物流园项目", "污水厂项目", "通用机场项目", "城际铁路项目"]
