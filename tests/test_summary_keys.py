"""A 汇总 sheet is keyed by any unit column the reader knows, and read in its stated units.

Two ways a 汇总 went wrong: keyed by 乡镇 (or 所在乡镇, 乡镇（街道）, 镇街) it was not taken
for a summary at all, so a row 80 万元 short passed without a word; and a unit line naming a
unit per column (单位：总投资为亿元，其余为万元) was read as its first unit for every column,
so each 总投资 in 亿元 was compared with the detail sheets' sum in 万元 and all "disagreed".
The expected figures here are worked out from the rows written, not from the reader.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import write_sheets
from projtrack.read.load import load_ledger

# Per town: (name, total, plan, done) — 万元.
TOWNS: dict[str, list[tuple[str, float, float, float]]] = {
    "陵江镇": [("农贸市场改造", 2000, 1200, 950), ("污水管网", 1500, 800, 400)],
    "元坝镇": [("猕猴桃产业园", 8000, 3000, 1800), ("场镇提升", 1200, 900, 880)],
    "东青镇": [("示范片", 4000, 1500, 600), ("水库除险加固", 900, 700, 710),
               ("卫生院迁建", 2500, 1100, 300)],
}  # fmt: skip
DETAIL_HEAD = ["序号", "项目名称", "总投资", "年度计划投资", "本年累计完成投资", "形象进度"]


_save = write_sheets


def _sums(projects: list[tuple[str, float, float, float]]) -> tuple[float, float, float]:
    return (sum(p[1] for p in projects), sum(p[2] for p in projects),
            sum(p[3] for p in projects))  # fmt: skip


def _town_workbook(path: Path, key: str, short: str, by: float, name: str = "汇总") -> Path:
    """One sheet per town and a 汇总 keyed by ``key``; ``short`` states ``by`` 万元 less
    completion than its sheet holds."""
    summary: list[list[Any]] = [["某县2024年前三季度重点项目汇总表"], ["单位：万元"],
                                ["序号", key, "项目个数", "总投资", "年度计划投资", "本年累计完成投资"]]  # fmt: skip
    for i, (town, projects) in enumerate(TOWNS.items(), 1):
        total, plan, done = _sums(projects)
        summary.append([i, town, len(projects), total, plan, done - (by if town == short else 0)])
    every = [p for ps in TOWNS.values() for p in ps]
    summary.append([None, "合计", len(every), *_sums(every)])
    sheets = {name: summary}
    for town, projects in TOWNS.items():
        rows: list[list[Any]] = [[f"某县{town}2024年前三季度重点项目推进情况表"], ["单位：万元"],
                                 DETAIL_HEAD]  # fmt: skip
        rows += [[i, name, t, p, d, "推进中"] for i, (name, t, p, d) in enumerate(projects, 1)]
        sheets[town] = rows
    return _save(path, sheets)


KEYS = ["乡镇", "所在乡镇", "乡镇（街道）", "镇街", "乡镇名称", "县（市、区）", "单位", "所属乡镇",
        "街道"]  # fmt: skip


@pytest.mark.parametrize("key", KEYS)
def test_a_summary_keyed_by_any_unit_header_is_reconciled(key: str, tmp_path: Path) -> None:
    path = _town_workbook(tmp_path / "t.xlsx", key, "元坝镇", 80)
    rec = load_ledger(path).reconciliation
    # 3 town rows and 合计; only 元坝镇's completion (F5) is short, by exactly 80.
    assert (rec.summary.checked, rec.summary.agreed) == (4, 3)
    assert [(f.where, f.code) for f in rec.mismatches] == [("汇总!F5", "summary_mismatch")]
    done = _sums(TOWNS["元坝镇"])[2]
    assert f"{done - 80:,.0f} 与明细表之和 {done:,.0f}" in rec.mismatches[0].message
    assert "（差 -80）" in rec.mismatches[0].message


@pytest.mark.parametrize("key", KEYS)
def test_a_summary_keyed_by_a_unit_header_that_agrees_has_no_finding(
    key: str, tmp_path: Path
) -> None:
    rec = load_ledger(_town_workbook(tmp_path / "t.xlsx", key, "元坝镇", 0)).reconciliation
    assert (rec.summary.checked, rec.summary.agreed, rec.mismatches) == (4, 4, [])


# Per department: (name, total in 万元, plan, done).
DEPTS: dict[str, list[tuple[str, float, float, float]]] = {
    "县住建局": [("棚户区改造", 30000, 6000, 2600), ("停车场建设", 3000, 1500, 400)],
    "县交通运输局": [("县乡道改造", 25000, 9000, 4700), ("客运枢纽站", 12000, 3000, 900)],
}


def _dept_workbook(path: Path, key: str, unit_line: str, off: float = 0.0) -> Path:
    """Detail sheets and 汇总 both under ``unit_line`` (总投资 in 亿元, the rest in 万元);
    the first 汇总 row's 总投资 is ``off`` 亿元 above its sheet's."""
    summary: list[list[Any]] = [["某县2024年重点项目汇总表"], [unit_line],
                                ["序号", key, "项目个数", "总投资", "年度计划投资", "1-6月完成投资"]]  # fmt: skip
    for i, (dept, projects) in enumerate(DEPTS.items(), 1):
        total, plan, done = _sums(projects)
        summary.append([i, dept, len(projects), total / 1e4 + (off if i == 1 else 0), plan, done])
    every = [p for ps in DEPTS.values() for p in ps]
    total, plan, done = _sums(every)
    summary.append([None, "合计", len(every), total / 1e4, plan, done])
    sheets = {"汇总": summary}
    for dept, projects in DEPTS.items():
        rows: list[list[Any]] = [[f"某县2024年重点项目推进情况表（{dept}）"], [unit_line],
                                 ["序号", "项目名称", "总投资", "年度计划投资", "1-6月完成投资"]]  # fmt: skip
        rows += [[i, n, t / 1e4, p, d] for i, (n, t, p, d) in enumerate(projects, 1)]
        sheets[dept] = rows
    return _save(path, sheets)


@pytest.mark.parametrize("line", ["单位：总投资为亿元，其余为万元", "单位：万元；总投资：亿元"])
@pytest.mark.parametrize("key", ["责任单位", "牵头单位", "部门"])
def test_a_summary_reads_its_unit_line_per_column(line: str, key: str, tmp_path: Path) -> None:
    ledger = load_ledger(_dept_workbook(tmp_path / "d.xlsx", key, line))
    # The detail sheets read 总投资 in 亿元: 3.3 亿元 is 33,000 万元.
    assert ledger.projects["total_investment"].sum() == pytest.approx(
        sum(p[1] for ps in DEPTS.values() for p in ps)
    )
    rec = ledger.reconciliation
    assert (rec.summary.checked, rec.summary.agreed, rec.mismatches) == (3, 3, [])


def test_a_summary_total_off_in_its_own_unit_is_reported_in_it(tmp_path: Path) -> None:
    """Off by 0.1 亿元 in 总投资: the difference is said in the 汇总's 亿元, not as 10⁴ times."""
    path = _dept_workbook(tmp_path / "d.xlsx", "责任单位", "单位：总投资为亿元，其余为万元", 0.1)
    rec = load_ledger(path).reconciliation
    assert (rec.summary.checked, rec.summary.agreed) == (3, 2)
    assert [(f.where, f.code) for f in rec.mismatches] == [("汇总!D4", "summary_mismatch")]
    want = sum(p[1] for p in DEPTS["县住建局"]) / 1e4
    assert f"{want + 0.1:g} 与明细表之和 {want:g} 不符（差 0.1）" in rec.mismatches[0].message


def test_a_summary_unit_row_under_its_header_is_read(tmp_path: Path) -> None:
    """（亿元）|（万元） on a row of its own under the 汇总's header gives each column its unit."""
    path = _dept_workbook(tmp_path / "d.xlsx", "责任单位", "单位：总投资为亿元，其余为万元")
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["汇总"]
    ws["A2"] = None
    ws.insert_rows(4)
    for col, unit in zip("DEF", ("（亿元）", "（万元）", "（万元）"), strict=True):
        ws[f"{col}4"] = unit
    wb.save(path)
    rec = load_ledger(path).reconciliation
    assert (rec.summary.checked, rec.summary.agreed, rec.mismatches) == (3, 3, [])


@pytest.mark.parametrize("name", ["全县", "苍溪县", "总体情况", "Sheet1"])
def test_a_summary_sheet_named_otherwise_is_reconciled(name: str, tmp_path: Path) -> None:
    """A county's or city's summary sheet named 全县 or for the place (苍溪县), not 汇总: it
    reads as a summary (a key column and the year's figures), so it is checked as one (a
    row 80 万元 short passed: the sheet was skipped as having no project header)."""
    path = _town_workbook(tmp_path / "t.xlsx", "乡镇", "元坝镇", 80, name=name)
    ledger = load_ledger(path)
    rec = ledger.reconciliation
    assert (rec.summary.checked, rec.summary.agreed) == (4, 3)
    assert [(f.where, f.code) for f in rec.mismatches] == [(f"{name}!F5", "summary_mismatch")]
    assert ledger.projects.height == sum(len(p) for p in TOWNS.values())


def test_a_summary_row_of_zeros_for_a_sheet_with_nothing_agrees(tmp_path: Path) -> None:
    """罗江区 0 | 0 | 0 in the 汇总 and its sheet only 无 under the header: nothing, as the
    汇总 says — not 汇总表“罗江区”行在明细表中没有对应的项目."""
    path = _town_workbook(tmp_path / "t.xlsx", "乡镇", "元坝镇", 0)
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["汇总"]
    ws.insert_rows(7)
    for col, value in enumerate([4, "白驿镇", 0, 0, 0, 0], start=1):
        ws.cell(7, col, value)
    empty = wb.create_sheet("白驿镇")
    for row in (
        ["某县白驿镇2024年前三季度重点项目推进情况表"],
        ["单位：万元"],
        DETAIL_HEAD,
        ["无"],
    ):
        empty.append(row)
    wb.save(path)
    rec = load_ledger(path).reconciliation
    assert rec.mismatches == []
    assert (rec.summary.checked, rec.summary.agreed) == (5, 5)


@pytest.mark.parametrize(
    ("name", "title", "header"),
    [
        ("说明", "2023年全年完成情况", ["乡镇", "项目个数", "2023年计划投资", "2023年完成投资"]),
        ("Sheet9", "上年同期情况（供参考）", ["乡镇", "项目个数", "年度计划投资", "完成投资"]),
        ("市本级", "市本级项目", ["建设单位", "建设内容", "年度计划投资", "完成投资"]),
        ("新开工", "2024年新开工项目分县统计", ["乡镇", "项目个数", "年度计划投资", "完成投资"]),
        ("Sheet5", "省重点项目分乡镇情况", ["乡镇", "项目个数", "年度计划投资", "完成投资"]),
    ],
)
def test_a_reference_table_or_a_project_list_is_no_summary(
    tmp_path: Path, name: str, title: str, header: list[str]
) -> None:
    """A sheet for reference (说明, 上年同期), of a part of the projects (新开工, 省重点) or
    listing projects under other headers is not this year's 汇总: no false mismatches, and
    its title (2023年) never dates the ledger."""
    path = _town_workbook(tmp_path / "t.xlsx", "乡镇", "元坝镇", 0, name="汇总")
    from openpyxl import load_workbook

    wb = load_workbook(path)
    del wb["汇总"]
    ws = wb.create_sheet(name, 0)
    for row in ([title], header, ["陵江镇", 2, 9000, 100], ["元坝镇", 3, 8000, 200]):
        ws.append(row)
    for town in TOWNS:
        wb[town]["A1"] = f"某县{town}2024年前三季度重点项目推进情况表"
    wb.save(path)
    ledger = load_ledger(path)
    assert ledger.reconciliation.mismatches == []
    assert ledger.reconciliation.summary.checked == 0
    assert ledger.projects.height == sum(len(p) for p in TOWNS.values())
