"""A section right under the 其中 lines of a 合计 heads its projects, wherever its numbering is.

Found by a tester in county ledgers: `合计 | 其中：新开工项目（11个） | 续建项目（6个）` then
`一 | 省重点项目（3个）` (the numeral in 序号, the label in 项目名称) read the section as a
last line of the breakdown; its three projects lost their level (`rank --by level` put
them under 未填写, the briefing's level sentence left them out) and only two hidden hints
said so. With `其中：省重点项目（3个）` … above `一 | 续建项目（5个）` nothing said so at all
(the line was "unchecked"). The figures here are written by hand.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import write_xlsx
from projtrack.read.load import load_ledger

HEAD = ["序号", "项目名称", "项目级别", "建设性质", "年度计划投资", "1-6月完成投资"]
# name, level, stage, plan, done (万元)
A = ("甲", "省重点", "续建", 100.0, 40.0)
B = ("乙", "省重点", "新开工", 200.0, 50.0)
C = ("丙", "市重点", "续建", 300.0, 90.0)
D = ("丁", "市重点", "续建", 400.0, 100.0)
E = ("戊", "市重点", "新开工", 500.0, 120.0)
# 省重点 A+B: 300 | 90; 市重点 C+D+E: 1200 | 310; 新开工 B+E: 700 | 170; 续建 A+C+D: 800 | 230.
TOTAL = [None, "全县合计", None, None, 1500.0, 400.0]
BY_STAGE = [[None, "其中：新开工项目（2个）", None, None, 700.0, 170.0],
            [None, "续建项目（3个）", None, None, 800.0, 230.0]]  # fmt: skip
BY_LEVEL = [[None, "其中：省重点项目（2个）", None, None, 300.0, 90.0],
            [None, "其中：市重点项目（3个）", None, None, 1200.0, 310.0]]  # fmt: skip


def _project(k: int, p: tuple[str, str, str, float, float], *, level: bool = True) -> list[Any]:
    return [k, p[0], p[1] if level else None, p[2], p[3], p[4]]


# How the section line is written: numeral in 序号 and label in 项目名称, both in the name,
# or no numeral at all (then only the family of words tells it from the breakdown's lines).
FORMS = {
    "numeral-in-seq": lambda n, label: [n, label],
    "numeral-in-name": lambda n, label: [None, f"{n}、{label}"],
    "unnumbered": lambda n, label: [None, label],
}


@pytest.mark.parametrize("form", list(FORMS))
def test_a_level_section_under_stage_lines_heads_its_projects(tmp_path: Path, form: str) -> None:
    write = FORMS[form]
    rows: list[list[Any]] = [
        ["2024年某县重点项目推进情况表（1-6月）"], HEAD, TOTAL, *BY_STAGE,
        [*write("一", "省重点项目（2个）"), None, None, 300.0, 90.0],
        _project(1, A, level=False), _project(2, B, level=False),
        [*write("二", "市重点项目（3个）"), None, None, 1200.0, 310.0],
        _project(1, C, level=False), _project(2, D, level=False), _project(3, E, level=False),
    ]  # fmt: skip
    ledger = load_ledger(write_xlsx(tmp_path / "l.xlsx", rows))
    got = ledger.projects.select("name", "level").rows()
    assert got == [("甲", "省重点"), ("乙", "省重点"), ("丙", "市重点"), ("丁", "市重点"),
                   ("戊", "市重点")]  # fmt: skip
    rec = ledger.reconciliation
    # 合计, two 其中 lines, two sections: every figure agrees, every count too.
    assert (rec.totals.checked, rec.totals.agreed) == (5, 5)
    assert (rec.counts.checked, rec.counts.agreed) == (4, 4)
    assert rec.mismatches == [] and rec.unchecked == []


@pytest.mark.parametrize("form", ["numeral-in-seq", "numeral-in-name", "unnumbered"])
def test_a_stage_section_under_level_lines_heads_its_projects(tmp_path: Path, form: str) -> None:
    """其中：省重点项目 | 其中：市重点项目, then 一 | 续建项目（3个）: the 续建 line was taken for a
    third line of the level breakdown and left unchecked (its projects had no category)."""
    write = FORMS[form]
    rows: list[list[Any]] = [
        ["2024年某县重点项目推进情况表（1-6月）"], HEAD, TOTAL, *BY_LEVEL,
        [*write("一", "续建项目（3个）"), None, None, 800.0, 230.0],
        _project(1, A), _project(2, C), _project(3, D),
        [*write("二", "新开工项目（2个）"), None, None, 700.0, 170.0],
        _project(1, B), _project(2, E),
    ]  # fmt: skip
    ledger = load_ledger(write_xlsx(tmp_path / "l.xlsx", rows))
    got = ledger.projects.select("name", "category").rows()
    assert got == [("甲", "续建项目"), ("丙", "续建项目"), ("丁", "续建项目"),
                   ("乙", "新开工项目"), ("戊", "新开工项目")]  # fmt: skip
    assert ledger.projects["stage"].to_list() == ["续建"] * 3 + ["新开工"] * 2
    rec = ledger.reconciliation
    assert (rec.totals.checked, rec.totals.agreed) == (5, 5)
    assert (rec.counts.checked, rec.counts.agreed) == (4, 4)
    assert rec.mismatches == [] and rec.unchecked == []


def test_lines_of_the_same_family_still_continue_the_breakdown(tmp_path: Path) -> None:
    """其中：新开工项目 | 续建项目 (one family, no numbering) stay lines of the breakdown,
    reconciled against the stages of the 合计's projects; the sections below set levels."""
    rows: list[list[Any]] = [
        ["2024年某县重点项目推进情况表（1-6月）"], HEAD, TOTAL, *BY_STAGE,
        _project(1, A), _project(2, B), _project(3, C), _project(4, D), _project(5, E),
    ]  # fmt: skip
    ledger = load_ledger(write_xlsx(tmp_path / "l.xlsx", rows))
    assert ledger.projects.height == 5
    assert ledger.projects["category"].to_list() == [None] * 5
    rec = ledger.reconciliation
    assert (rec.totals.checked, rec.totals.agreed, rec.mismatches) == (3, 3, [])
    assert (rec.counts.checked, rec.counts.agreed) == (2, 2)


def _flat(findings: list[Any], codes: set[str]) -> list[tuple[str | None, int | None, str]]:
    return [(f.sheet, f.row, f.code) for f in findings if f.code in codes]


SHOWN = {"count_mismatch", "subtotal_mismatch", "breakdown_unchecked"}


def test_a_breakdown_line_naming_nothing_read_is_a_warning(tmp_path: Path) -> None:
    """A 其中 line with figures whose projects no column or section names was only counted
    as "unchecked" by ``check``: a section read so (its projects then ungrouped) passed
    without a word. Now it is a warning naming its row; a bare 其中： heading is not."""
    head = ["序号", "项目名称", "年度计划投资", "1-6月完成投资"]
    rows: list[list[Any]] = [
        ["2024年某县重点项目推进情况表（1-6月）"], head,
        [None, "合计（3个）", 600.0, 180.0],
        [None, "其中：省重点项目（1个）", 100.0, 40.0],  # no level anywhere: row 4
        [1, "甲", 100.0, 40.0], [2, "乙", 200.0, 50.0], [3, "丙", 300.0, 90.0],
    ]  # fmt: skip
    ledger = load_ledger(write_xlsx(tmp_path / "l.xlsx", rows))
    assert ledger.reconciliation.unchecked == ["Sheet1!第4行"]
    assert _flat(ledger.findings, SHOWN) == [("Sheet1", 4, "breakdown_unchecked")]
    message = next(f.message for f in ledger.findings if f.code == "breakdown_unchecked")
    assert "其中：省重点项目（1个）" in message


def test_the_briefing_says_counts_and_lines_it_could_not_reconcile(
    tmp_path: Path, runner: Any
) -> None:
    """一、省重点项目（3个） over two projects and a 其中 line naming nothing read: the
    briefing's notes say both (a count mismatch was only a hint on stderr)."""
    from projtrack.cli.app import app

    rows: list[list[Any]] = [
        ["某县2024年重点项目推进情况表（1-6月）"], HEAD,
        [None, "合计（5个）", None, None, 1500.0, 400.0],
        [None, "其中：产业项目（2个）", None, None, 300.0, 90.0],
        ["一", "省重点项目（3个）", None, None, 300.0, 90.0],  # states 3, holds 2: row 5
        _project(1, A, level=False), _project(2, B, level=False),
        ["二", "市重点项目（3个）", None, None, 1200.0, 310.0],
        _project(1, C, level=False), _project(2, D, level=False), _project(3, E, level=False),
    ]  # fmt: skip
    path = write_xlsx(tmp_path / "l.xlsx", rows)
    ledger = load_ledger(path)
    assert _flat(ledger.findings, SHOWN) == [
        ("Sheet1", 4, "breakdown_unchecked"), ("Sheet1", 5, "count_mismatch")]  # fmt: skip
    result = runner.invoke(app, ["brief", str(path)])
    assert result.exit_code == 0, result.stderr
    notes = [line for line in result.stdout.splitlines() if line.startswith("注：")]
    assert notes == [
        "注：台账中1处写明的项目个数与所列项目不符，请核实分类行和合计行。",
        "注：台账中1处其中行所指的项目无法认出，未能核对，请核实。",
    ]
