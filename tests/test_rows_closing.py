"""Rows that close the block above them: Excel's 分类汇总 (`旌阳区 汇总`), a county row
under its projects (an outline with the summary below), and tables stacked on one sheet.

Each ledger is built here; the figures expected are the sums of the projects as written,
computed in the test, never read back from projtrack.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import write_xlsx
from projtrack.errors import LedgerError
from projtrack.read.load import load_ledger

TITLE = "2024年德阳市重点项目推进情况表（1-6月）"
BLOCKS = {
    "旌阳区": [("旌阳区智能制造产业园", 1000.0, 600.0), ("数据汇总平台建设项目", 2000.0, 900.0)],
    "中江县": [("中江县挂面产业园", 3000.0, 600.0), ("中江县凯江河道治理", 1000.0, 100.0),
               ("中江县人民医院门诊楼", 500.0, 400.0)],
    "罗江区": [("罗江区物流中心", 4000.0, 2500.0)],
}  # fmt: skip


def _sums(items: list[tuple[str, float, float]]) -> tuple[float, float]:
    return sum(p for _, p, _ in items), sum(d for *_, d in items)


def _by_region(path: Path) -> dict[str | None, tuple[int, float, float]]:
    projects = load_ledger(path).projects
    out: dict[str | None, tuple[int, float, float]] = {}
    for row in projects.iter_rows(named=True):
        n, p, d = out.get(row["region"], (0, 0.0, 0.0))
        out[row["region"]] = (n + 1, p + row["annual_plan"], d + row["completed_ytd"])
    return out


def _expected() -> dict[str | None, tuple[int, float, float]]:
    return {c: (len(items), *_sums(items)) for c, items in BLOCKS.items()}


@pytest.mark.parametrize("county_column", [True, False])
@pytest.mark.parametrize("word", ["{} 汇总", "{}汇总", "{}　匯總"])
def test_excel_subtotal_rows_close_their_blocks(
    tmp_path: Path, county_column: bool, word: str
) -> None:
    """数据→分类汇总: `旌阳区 汇总` under each block, `总计` at the end. Each closes its block
    and is reconciled like 旌阳区合计; without a 县 column it names its block's county; a
    project whose name holds 汇总 (数据汇总平台建设项目) stays a project."""
    head = ["序号", "县(市、区)", "项目名称", "年度计划投资", "1-6月完成投资"]
    rows: list[list[object]] = [[TITLE], ["单位：万元"], head]
    n = 0
    for county, items in BLOCKS.items():
        for name, plan, done in items:
            n += 1
            rows.append([n, county, name, plan, done])
        rows.append([None, word.format(county), None, *_sums(items)])
    every = [x for items in BLOCKS.values() for x in items]
    rows.append([None, "总计", None, *_sums(every)])
    rows[-2][3] = float(rows[-2][3]) + 10  # type: ignore[arg-type]  # 罗江区's row off by 10
    if not county_column:
        rows = [[r[0], r[2] if r[2] is not None else r[1], *r[3:]] if len(r) > 2 else r
                for r in rows]  # fmt: skip
        rows[2] = ["序号", "项目名称", "年度计划投资", "1-6月完成投资"]
    ledger = load_ledger(write_xlsx(tmp_path / "s.xlsx", rows))
    assert _by_region(tmp_path / "s.xlsx") == _expected()
    rec = ledger.reconciliation
    assert (rec.totals.checked, rec.totals.agreed) == (len(BLOCKS) + 1, len(BLOCKS))
    plan = "D" if county_column else "C"
    codes = sorted((f.where, f.code) for f in ledger.findings if f.code != "no_grouping")
    assert codes == [(f"Sheet1!{plan}{len(rows) - 1}", "subtotal_mismatch")]


def _stacked(last: str, off: float = 0.0, grand: bool = False) -> list[list[object]]:
    """Each county's table pasted under the previous one: title, unit line, header, its
    projects and its own 合计 (``last`` labels the final one; ``grand`` adds a 总计)."""
    rows: list[list[object]] = []
    for k, (county, items) in enumerate(BLOCKS.items()):
        rows += [[f"2024年{county}重点项目推进情况表（1-6月）"], ["单位：万元"],
                 ["序号", "项目名称", "年度计划投资", "1-6月完成投资", "形象进度"]]  # fmt: skip
        rows += [[j, name, p, d, "在建"] for j, (name, p, d) in enumerate(items, 1)]
        label = last.format(len(items)) if k == len(BLOCKS) - 1 else "合计"
        rows += [[None, label, *_sums(items), None], []]
    rows[-2][2] = float(rows[-2][2]) + off  # type: ignore[arg-type]
    if grand:
        every = [x for items in BLOCKS.values() for x in items]
        rows += [[None, "总计", *_sums(every), None]]
    return rows


@pytest.mark.parametrize("last", ["合计", "合计（{}个）"])
@pytest.mark.parametrize("grand", [False, True])
def test_stacked_tables_each_closed_by_its_own_total(
    tmp_path: Path, last: str, grand: bool
) -> None:
    """The last 合计 covers the rows since the 合计 before it (it was checked against every
    project of the sheet); a 总计 after them all is the grand total. Nothing to report."""
    ledger = load_ledger(write_xlsx(tmp_path / "t.xlsx", _stacked(last, grand=grand)))
    every = [x for items in BLOCKS.values() for x in items]
    assert ledger.projects.height == len(every)
    assert ledger.projects["annual_plan"].sum() == pytest.approx(_sums(every)[0])
    rec = ledger.reconciliation
    assert (rec.totals.checked, rec.totals.agreed) == (len(BLOCKS) + grand,) * 2
    assert (rec.counts.checked, rec.counts.agreed) == ((1, 1) if "个" in last else (0, 0))
    assert rec.mismatches == []


def test_a_wrong_last_total_is_told_against_its_own_table(tmp_path: Path) -> None:
    """Off by 100, the last 合计 is reported against the rows since the 合计 before it
    (nearer its figure than every project of the sheet), with that difference."""
    rows = _stacked("合计", off=100.0)
    ledger = load_ledger(write_xlsx(tmp_path / "t.xlsx", rows))
    own = _sums(BLOCKS["罗江区"])[0]
    bad = [(f.where, f.message) for f in ledger.reconciliation.mismatches]
    assert bad == [
        (
            f"Sheet1!C{len(rows) - 1}",
            f"合计行的年度计划投资 {own + 100:,.0f} 与所含项目之和 {own:,.0f} 不符(差 100)",
        )
    ]


def _outline(
    blocks: dict[str, list[tuple[str, float, float]]], numbered: bool, total: bool
) -> list[list[object]]:
    """An Excel outline with the summary row below each group: the projects, then the
    block's name and its sums (序号 blank, no 合计 word), then the next block."""
    rows: list[list[object]] = [[TITLE], ["单位：万元"],
                                ["序号", "项目名称", "年度计划投资", "1-6月完成投资", "形象进度"]]  # fmt: skip
    n = 0
    for label, items in blocks.items():
        for name, plan, done in items:
            n += 1
            rows.append([n if numbered else None, name, plan, done, "在建"])
        rows.append([None, label, *_sums(items), None])
    if total:
        every = [x for items in blocks.values() for x in items]
        rows.append([None, "合计", *_sums(every), None])
    return rows


@pytest.mark.parametrize("numbered", [True, False])
@pytest.mark.parametrize("total", [True, False])
def test_a_county_row_under_its_projects_closes_them(
    tmp_path: Path, numbered: bool, total: bool
) -> None:
    """`旌阳区 | 3000 | 1500` after the 旌阳区 projects: not the heading of the 中江县 rows
    below it (refused: 与其下各行之和 4,500 不符) but their block's subtotal, naming it."""
    path = write_xlsx(tmp_path / "o.xlsx", _outline(BLOCKS, numbered, total))
    assert _by_region(path) == _expected()
    rec = load_ledger(path).reconciliation
    assert (rec.totals.checked, rec.totals.agreed) == (len(BLOCKS) + total,) * 2
    assert rec.mismatches == []


def test_category_rows_under_their_projects_close_them(tmp_path: Path) -> None:
    """The same with kinds of project (产业项目, 基础设施项目): each sets its block's category;
    the last one, under the last project, was a line breaking the total down."""
    kinds = {"产业项目": BLOCKS["旌阳区"] + BLOCKS["罗江区"], "基础设施项目": BLOCKS["中江县"]}
    ledger = load_ledger(write_xlsx(tmp_path / "c.xlsx", _outline(kinds, True, True)))
    got = {r["name"]: r["category"] for r in ledger.projects.iter_rows(named=True)}
    assert got == {name: kind for kind, items in kinds.items() for name, *_ in items}
    rec = ledger.reconciliation
    assert (rec.totals.checked, rec.totals.agreed, rec.mismatches) == (3, 3, [])


def test_a_county_row_adding_up_neither_way_is_still_refused(tmp_path: Path) -> None:
    """Off by one, the row is neither the rows above's nor the rows below's: the reader cannot
    tell which rows hold the money, and says so (exit 1) rather than guess."""
    rows = _outline(BLOCKS, True, True)
    rows[5][2] = float(rows[5][2]) + 1  # type: ignore[arg-type]  # 旌阳区 | 3001
    with pytest.raises(LedgerError, match=r"Sheet1!C6: 第6行读作上级行.*3,001 与其下各行之和"):
        load_ledger(write_xlsx(tmp_path / "r.xlsx", rows))


def test_a_project_alike_the_one_above_is_no_closing_row(tmp_path: Path) -> None:
    """No 序号: 白马关康养小镇 (a name ending like a town) with the figures of the one project
    above it is a project (it was read as that block's closing total and dropped, silently)."""
    rows: list[list[object]] = [
        ["2024年某市重点项目推进情况表（1-9月）"], ["项目名称", "县(市、区)", "年度计划投资", "1-9月完成投资"],
        ["一、产业项目"], ["电子信息产业园", "旌阳区", 50, 30], ["智能装备基地", "中江县", 40, 20],
        ["二、文旅项目"], ["三星堆文旅综合体", "广汉市", 12, 3], ["白马关康养小镇", "罗江区", 12, 3],
        ["智慧城市", "罗江区", 8, 2],
    ]  # fmt: skip
    projects = load_ledger(write_xlsx(tmp_path / "a.xlsx", rows)).projects
    assert projects.height == 5
    assert projects["annual_plan"].sum() == pytest.approx(122)


@pytest.mark.parametrize("name", ["统计数据汇总", "农产品冷链集配汇总", "数据汇总平台建设项目"])
def test_a_project_named_for_a_summary_stays_a_project(tmp_path: Path, name: str) -> None:
    rows: list[list[object]] = [
        ["2024年某县重点项目推进情况表（1-9月）"], ["项目名称", "县(市、区)", "年度计划投资", "1-9月完成投资"],
        ["甲项目", "旌阳区", 100, 40], [name, "旌阳区", 200, 50], ["乙项目", "中江县", 300, 60],
        ["合计", None, 600, 150],
    ]  # fmt: skip
    ledger = load_ledger(write_xlsx(tmp_path / "b.xlsx", rows))
    assert ledger.projects["name"].to_list() == ["甲项目", name, "乙项目"]
    assert ledger.reconciliation.mismatches == []
