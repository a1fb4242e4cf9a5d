"""Sheets named for a kind of project (续建项目 | 新开工项目 | 前期项目) are not counties.

Found by a tester: such a workbook was ranked 按县（市、区） with 续建项目 as a county at
the top of the 红榜. The kind is the projects' category (as a section 一、续建项目 on a
single sheet makes it); the region comes from the sheets' own columns, if any.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter

from projtrack.cli.app import app

HEAD = ["序号", "项目名称", "责任单位", "2024年计划投资", "1-6月完成投资"]
SHEETS: dict[str, list[list[Any]]] = {
    "续建项目": [[1, "物流园区项目", "县交通局", 4800.0, 3520.5],
                 [2, "污水处理厂项目", "县住建局", 2600.0, 800.0]],
    "新开工项目": [[1, "标准化厂房项目", "县经信局", 1500.0, 120.0],
                   [2, "安置小区项目", "县住建局", 3000.0, 450.0]],
    "前期项目": [[1, "通用机场项目", "县交通局", 800.0, 0.0]],
}  # fmt: skip


def _write(path: Path, sheets: list[tuple[str, str, list[str], list[list[Any]]]]) -> Path:
    """A workbook of (sheet name, title, header, rows) sheets."""
    wb = xlsxwriter.Workbook(str(path))
    for name, title, head, rows in sheets:
        ws = wb.add_worksheet(name)
        ws.write_row(0, 0, [title])
        ws.write_row(1, 0, head)
        for r, row in enumerate(rows, start=2):
            ws.write_row(r, 0, row)
    wb.close()
    return path


def _book(path: Path, names: dict[str, str]) -> Path:
    return _write(path, [(names[k], f"2024年中江县{k}推进情况表（1-6月）", HEAD, rows)
                         for k, rows in SHEETS.items()])  # fmt: skip


def _pair(path: Path, first: str, second: str) -> Path:
    """Sheets ``first`` and ``second`` holding the 续建 and the 新开工 projects."""
    title = "2024年重点项目推进情况表（1-6月）"
    return _write(path, [(first, title, HEAD, SHEETS["续建项目"]),
                         (second, title, HEAD, SHEETS["新开工项目"])])  # fmt: skip


def _rank(runner, path: Path, *args: str) -> dict:
    result = runner.invoke(app, ["rank", str(path), "-f", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    "names",
    [
        {k: k for k in SHEETS},
        {
            "续建项目": "1.续建项目（2个）",
            "新开工项目": "2.新开工项目",
            "前期项目": "3.前期项目台账",
        },
    ],
)
def test_sheets_named_for_kinds_set_the_category_not_the_region(runner, tmp_path, names) -> None:
    path = _book(tmp_path / "k.xlsx", names)
    data = _rank(runner, path)
    assert data["group_by"] == "responsible"
    by_unit: dict[str, list[float]] = {}
    for rows in SHEETS.values():
        for _, _, unit, plan, done in rows:
            by_unit.setdefault(unit, [0.0, 0.0])
            by_unit[unit][0] += plan
            by_unit[unit][1] += done
    got = {r["group"]: (r["annual_plan"], r["completed_ytd"]) for r in data["rows"]}
    assert set(got) == set(by_unit)
    for unit, (plan, done) in by_unit.items():
        assert got[unit] == pytest.approx((plan, done))
    kinds = _rank(runner, path, "--by", "category")
    want = {k: sum(r[3] for r in rows) for k, rows in SHEETS.items()}
    assert {r["group"]: r["annual_plan"] for r in kinds["rows"]} == pytest.approx(want)


def test_a_kind_sheet_beside_a_county_sheet_gives_no_region(runner, tmp_path) -> None:
    data = _rank(runner, _pair(tmp_path / "m.xlsx", "旌阳区", "续建项目"), "--by", "region")
    regions = {r["group"] for r in data["rows"]}
    assert "续建项目" not in regions and "旌阳区" in regions
    assert data["total"]["annual_plan"] == pytest.approx(
        sum(r[3] for r in SHEETS["续建项目"] + SHEETS["新开工项目"])
    )


def test_a_county_sheet_named_like_a_stage_word_keeps_its_region(runner, tmp_path) -> None:
    """新建 is a district of Nanchang: a county sheet so named is a place, not a kind."""
    data = _rank(runner, _pair(tmp_path / "c.xlsx", "东湖", "新建"), "--by", "region")
    got = {r["group"]: r["annual_plan"] for r in data["rows"]}
    assert got == pytest.approx({"东湖": sum(r[3] for r in SHEETS["续建项目"]),
                                 "新建": sum(r[3] for r in SHEETS["新开工项目"])})  # fmt: skip


def test_sheet_names_naming_projects_of_a_period_do_not_set_the_period(runner, tmp_path) -> None:
    """一季度开工项目 names the projects started in Q1, not the period the sheet reports."""
    head = ["序号", "项目名称", "责任单位", "2024年计划投资", "本年累计完成投资"]
    title = "2024年重点项目推进情况表"
    path = _write(tmp_path / "2024年1-6月台账.xlsx",
                  [("一季度开工项目", title, head, SHEETS["新开工项目"]),
                   ("续建项目", title, head, SHEETS["续建项目"])])  # fmt: skip
    data = _rank(runner, path)
    assert data["as_of"] == "2024-06-30" and data["time_progress"] == 0.5
    assert data["total"]["projects"] == len(SHEETS["新开工项目"]) + len(SHEETS["续建项目"])


def test_a_preparatory_sheet_without_completion_counts_its_plan(runner, tmp_path) -> None:
    """前期项目 with 年度计划投资 and no completion column beside 续建 | 新开工 sheets: its
    projects count with nothing completed (the workbook was refused); a warning says so. A
    续建 sheet without one is still refused: its completion is not known to be nothing."""
    title = "2024年某县重点项目推进情况（1-6月）"
    early = [[1, "通用机场项目", "县交通局", 800.0], [2, "抽水蓄能电站项目", "县发改局", 200.0]]
    sheets = [(name, title, HEAD, SHEETS[name]) for name in ("续建项目", "新开工项目")]
    path = _write(tmp_path / "q.xlsx", [*sheets, ("前期项目", title, HEAD[:4], early)])
    data = _rank(runner, path, "--by", "responsible")
    plans = [r[3] for rows in (SHEETS["续建项目"], SHEETS["新开工项目"], early) for r in rows]
    done = [r[4] for rows in (SHEETS["续建项目"], SHEETS["新开工项目"]) for r in rows]
    assert data["total"]["projects"] == 6
    assert data["total"]["annual_plan"] == pytest.approx(sum(plans))
    assert data["total"]["completed_ytd"] == pytest.approx(sum(done))
    result = runner.invoke(app, ["check", str(path), "-f", "json"])
    codes = [f["code"] for f in json.loads(result.stdout)["findings"]]
    assert "no_completion_column" in codes
    refused = _write(tmp_path / "r.xlsx", [sheets[0], ("新开工项目", title, HEAD[:4], early)])
    assert runner.invoke(app, ["rank", str(refused)]).exit_code == 1


@pytest.mark.parametrize("header", ["实际完成前期投资", "1-6月前期工作投资", "累计完成投资"])
def test_a_preparatory_sheet_with_an_unread_money_column_is_refused(
    runner, tmp_path, header: str
) -> None:
    """A 前期 sheet whose completion is under a header the reader does not know is not
    counted as nothing done: the run stops, as for any sheet."""
    title = "2024年某县重点项目推进情况（1-6月）"
    early = [[1, "通用机场项目", "县交通局", 800.0, 300.0]]
    sheets = [(name, title, HEAD, SHEETS[name]) for name in ("续建项目", "新开工项目")]
    path = _write(tmp_path / "u.xlsx", [*sheets, ("前期项目", title, [*HEAD[:4], header], early)])
    assert runner.invoke(app, ["rank", str(path)]).exit_code == 1


def test_a_preparatory_sheet_gives_one_note_not_one_per_row(runner, tmp_path) -> None:
    title = "2024年某县重点项目推进情况（1-6月）"
    early = [[k, f"前期项目{k}", "县交通局", 100.0] for k in range(1, 41)]
    sheets = [(name, title, HEAD, SHEETS[name]) for name in ("续建项目", "新开工项目")]
    path = _write(tmp_path / "n.xlsx", [*sheets, ("前期项目", title, HEAD[:4], early)])
    result = runner.invoke(app, ["check", str(path), "-f", "json"])
    codes = [f["code"] for f in json.loads(result.stdout)["findings"]]
    assert codes.count("no_completion_column") == 1 and "completed_missing" not in codes


def test_sheets_named_for_sectors_alone_are_categories(runner, tmp_path) -> None:
    """工业 | 农业 | 社会事业 (no 项目 after them): sectors no county is named, not counties."""
    sectors = dict(zip(["工业", "农业", "社会事业"], SHEETS.values(), strict=True))
    path = _write(tmp_path / "s.xlsx", [(name, f"2024年重点项目（{name}）推进情况表（1-6月）",
                                          HEAD, rows) for name, rows in sectors.items()])  # fmt: skip
    assert _rank(runner, path)["group_by"] == "responsible"
    kinds = _rank(runner, path, "--by", "category")
    want = {k: sum(r[3] for r in rows) for k, rows in sectors.items()}
    assert {r["group"]: r["annual_plan"] for r in kinds["rows"]} == pytest.approx(want)
    result = runner.invoke(app, ["rank", str(path), "--by", "region", "-f", "json"])
    assert result.exit_code == 2  # no county anywhere: 工业 is not one
