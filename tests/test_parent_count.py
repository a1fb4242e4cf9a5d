"""A parent project over its 标段 is one project when the ledger's stated counts say so.

6 苍溪至阆中快速通道 over 6.1 一标段 and 6.2 二标段 under 合计（8个） and 新开工项目（4个):
the sub-items were counted, 9 projects, with two count_mismatch findings; the money was
right. The counts the ledger states decide which reading holds; without any, the parts are
counted (the documented rule for sub-numbered rows). Expected figures are worked out here
from the rows written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.errors import LedgerError
from projtrack.read.load import load_ledger

HEAD = ["序号", "项目名称", "总投资", "年度计划投资", "1-6月完成投资", "责任单位"]
# (序号, name, total, plan, done, unit) — 万元.
CONT = [(1, "城东片区综合开发", 90000, 20000, 11000, "县住建局"),
        (2, "标准化厂房三期", 30000, 9000, 4600, "县经开区管委会")]  # fmt: skip
ROAD = (4, "快速通道", 80000, 15000, 2500, "县交通运输局")
PARTS = [("4.1", "快速通道一标段", 50000, 9000, 1500, "县交通运输局"),
         ("4.2", "快速通道二标段", 30000, 6000, 1000, "县交通运输局")]  # fmt: skip
NEW = [(3, "冷链物流中心", 12000, 5000, 1200, "县农业农村局"), ROAD,
       (5, "城北学校新建工程", 8000, 3000, 0, "县教育局")]  # fmt: skip


def _sum(rows: list[tuple[Any, ...]], k: int) -> float:
    return float(sum(r[k] for r in rows))


def _ledger(path: Path, total_n: int | None, section_n: int | None, *,
            parent: tuple[Any, ...] = ROAD, parts: list[tuple[Any, ...]] = PARTS) -> Path:  # fmt: skip
    """续建 and 新开工 sections with 小计, a 合计; 新开工 holds the road over its parts."""

    def said(n: int | None) -> str:
        return f"（{n}个）" if n is not None else ""

    new = [p for p in NEW if p is not ROAD]
    once = CONT + NEW
    rows: list[list[Any]] = [["某县2024年上半年重点项目推进情况表"], ["单位：万元"], HEAD,
                             [None, "一、续建项目（2个）"], *map(list, CONT),
                             [None, "小计", _sum(CONT, 2), _sum(CONT, 3), _sum(CONT, 4)],
                             [None, f"二、新开工项目{said(section_n)}"], list(new[0]),
                             list(parent), *map(list, parts), *map(list, new[1:]),
                             [None, "小计", _sum(NEW, 2), _sum(NEW, 3), _sum(NEW, 4)],
                             [None, f"合计{said(total_n)}", _sum(once, 2), _sum(once, 3),
                              _sum(once, 4)]]  # fmt: skip
    wb = Workbook()
    ws = wb.active
    ws.title = "重点项目"
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _names(path: Path) -> list[str]:
    return sorted(load_ledger(path).projects["name"].to_list())


def test_counts_stating_the_parent_once_make_it_one_project(tmp_path: Path) -> None:
    path = _ledger(tmp_path / "a.xlsx", 5, 3)
    ledger = load_ledger(path)
    once = CONT + NEW
    assert sorted(ledger.projects["name"].to_list()) == sorted(p[1] for p in once)
    for field, k in (("total_investment", 2), ("annual_plan", 3), ("completed_ytd", 4)):
        assert ledger.projects[field].sum() == pytest.approx(_sum(once, k))
    rec = ledger.reconciliation
    assert rec.mismatches == []
    # 3 stated counts (续建（2个）, 新开工（3个）, 合计（5个）) agree.
    assert (rec.counts.checked, rec.counts.agreed) == (3, 3)
    # 2 小计, 合计, and the road checked against its two parts.
    assert (rec.totals.checked, rec.totals.agreed) == (4, 4)


def test_counts_stating_the_parts_keep_the_parts(tmp_path: Path) -> None:
    path = _ledger(tmp_path / "b.xlsx", 6, 4)
    parts = CONT + [p for p in NEW if p is not ROAD] + PARTS
    assert _names(path) == sorted(p[1] for p in parts)
    rec = load_ledger(path).reconciliation
    assert (rec.counts.checked, rec.counts.agreed, rec.mismatches) == (3, 3, [])


def test_without_stated_counts_the_parts_are_counted(tmp_path: Path) -> None:
    path = _ledger(tmp_path / "c.xlsx", None, None)
    parts = CONT + [p for p in NEW if p is not ROAD] + PARTS
    assert _names(path) == sorted(p[1] for p in parts)


def test_counts_agreeing_with_neither_reading_change_nothing(tmp_path: Path) -> None:
    """合计（5个） but 新开工（4个）: only one reading may be chosen by the counts, all agreeing."""
    path = _ledger(tmp_path / "d.xlsx", 5, 4)
    assert "快速通道" not in _names(path)
    codes = [f.code for f in load_ledger(path).reconciliation.mismatches]
    assert codes == ["count_mismatch"]


def test_a_grouping_row_without_figures_keeps_its_projects(tmp_path: Path) -> None:
    """A row with no figures over 4.1, 4.2 only groups them: counted once, its parts' money
    would be lost, so they stay the projects (and the stated count is reported)."""
    path = _ledger(tmp_path / "e.xlsx", 5, 3, parent=(4, "快速通道", None, None, None, None))
    ledger = load_ledger(path)
    assert "快速通道" not in ledger.projects["name"].to_list()
    assert ledger.projects["annual_plan"].sum() == pytest.approx(_sum(CONT + NEW, 3))
    assert sorted(f.code for f in ledger.reconciliation.mismatches) == ["count_mismatch"] * 2


def test_a_parent_filling_fewer_columns_than_its_parts_keeps_them(tmp_path: Path) -> None:
    """The road states only its 总投资; its parts hold the plan and completion."""
    parent = (4, "快速通道", 80000, None, None, "县交通运输局")
    ledger = load_ledger(_ledger(tmp_path / "f.xlsx", 5, 3, parent=parent))
    assert "快速通道" not in ledger.projects["name"].to_list()
    assert ledger.projects["completed_ytd"].sum() == pytest.approx(_sum(CONT + NEW, 4))


def test_a_total_only_the_parent_states_is_no_mismatch(tmp_path: Path) -> None:
    """The 标段 leave 总投资 empty (one figure for the whole road): counted once, the parent
    keeps it, and only the columns the parts fill are checked against them."""
    parts = [(s, n, None, plan, done, u) for s, n, _, plan, done, u in PARTS]
    ledger = load_ledger(_ledger(tmp_path / "t.xlsx", 5, 3, parts=parts))
    assert "快速通道" in ledger.projects["name"].to_list()
    assert ledger.projects["total_investment"].sum() == pytest.approx(_sum(CONT + NEW, 2))
    rec = ledger.reconciliation
    assert (rec.totals.checked, rec.totals.agreed, rec.mismatches) == (4, 4, [])


def test_a_parent_counted_once_is_still_checked_against_its_parts(tmp_path: Path) -> None:
    parts = [PARTS[0], ("4.2", "快速通道二标段", 30000, 6000, 900, "县交通运输局")]
    with pytest.raises(LedgerError, match=r"上级行.*1-6月完成投资 2,500 与其下各行之和 2,400"):
        load_ledger(_ledger(tmp_path / "g.xlsx", 5, 3, parts=parts))


def test_rank_warn_and_brief_count_the_parent_once(tmp_path: Path) -> None:
    path = str(_ledger(tmp_path / "h.xlsx", 5, 3))
    runner = CliRunner()
    rank = json.loads(runner.invoke(app, ["rank", path, "--format", "json"]).stdout)
    assert rank["total"]["projects"] == len(CONT + NEW)
    assert rank["total"]["completed_ytd"] == pytest.approx(_sum(CONT + NEW, 4))
    brief = runner.invoke(app, ["brief", path, "--format", "md"]).stdout
    assert f"上半年，全县{len(CONT + NEW)}个重点项目" in brief  # title 某县…: 全县
    warn = runner.invoke(app, ["warn", path]).stdout
    assert "快速通道一标段" not in warn and "快速通道" in warn  # 2500/15000: behind, named once


def test_a_parent_without_its_unit_takes_its_parts(tmp_path: Path) -> None:
    """The road's own 责任单位 blank, its 标段 both 县交通运输局: counted once, the road is
    县交通运输局's (it went to 未填写, and the unit left the ranking)."""
    parent = (*ROAD[:5], None)
    ledger = load_ledger(_ledger(tmp_path / "u.xlsx", 5, 3, parent=parent))
    road = ledger.projects.filter(ledger.projects["name"] == "快速通道")
    assert road["responsible"].to_list() == ["县交通运输局"]
    assert ledger.projects.height == len(CONT + NEW)


def test_parts_of_two_units_are_projects_of_their_own(tmp_path: Path) -> None:
    """标段 answered for by two units are two projects whatever the counts say: counting the
    road once would take one unit's share out of its figures."""
    parts = [PARTS[0], (*PARTS[1][:5], "县住建局")]
    ledger = load_ledger(_ledger(tmp_path / "v.xlsx", 5, 3, parent=(*ROAD[:5], None), parts=parts))
    names = ledger.projects["name"].to_list()
    assert "快速通道一标段" in names and "快速通道二标段" in names
    got = ledger.projects.filter(ledger.projects["responsible"] == "县住建局")
    assert got["annual_plan"].sum() == pytest.approx(CONT[0][3] + PARTS[1][3])
