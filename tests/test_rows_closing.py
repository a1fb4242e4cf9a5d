"""Rows that close the block above them: Excel's 分类汇总 (`旌阳区 汇总`), a county row
under its projects (an outline with the summary below), and tables stacked on one sheet.

Each ledger is built here; the figures expected are the sums of the projects as written,
computed in the test, never read back from projtrack.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import write_xlsx
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
