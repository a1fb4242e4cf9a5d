"""What the workbook's structure says, read beside the values (#11): merged grouping cells,
hidden sheets, formulas without a saved value. Every expected figure comes from the
generated records (tests/corpus_structure.py), never from projtrack."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpus_structure import (
    Book,
    expected,
    html_rowspan,
    invent,
    ods_merged,
    spreadsheetml_mergedown,
    write_openpyxl,
    write_xlsxwriter,
    xls_merged,
)
from projtrack.cli.app import app


def rank(runner: CliRunner, path: Path, *extra: str) -> dict:
    result = runner.invoke(app, ["rank", str(path), "-f", "json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def assert_groups(data: dict, projects: list) -> None:
    """Every group and the total as the records say (counts exact, sums to the cent)."""
    want = expected(projects)
    got = {r["group"]: r for r in data["rows"]}
    assert set(got) == set(want)
    for group, (n, plan, done) in want.items():
        assert got[group]["projects"] == n, group
        assert got[group]["annual_plan"] == pytest.approx(plan), group
        assert got[group]["completed_ytd"] == pytest.approx(done), group
    total = data["total"]
    assert total["projects"] == len(projects)
    assert total["annual_plan"] == pytest.approx(sum(p.plan for p in projects))
    assert total["completed_ytd"] == pytest.approx(sum(p.done for p in projects))


def codes(data: dict) -> list[str]:
    return [w["code"] for w in data["warnings"]]


@pytest.mark.parametrize("writer", [write_xlsxwriter, write_openpyxl])
def test_a_merged_region_belongs_to_every_row_it_spans(
    runner: CliRunner, tmp_path: Path, writer
) -> None:
    projects = invent(random.Random(3), 14, ("旌阳区", "中江县", "罗江区", "广汉市"))
    path = writer(tmp_path / "merged.xlsx", Book([("项目", projects)], merge=("region",)))
    data = rank(runner, path)
    assert_groups(data, projects)
    assert "(未填写)" not in {r["group"] for r in data["rows"]}
    assert "group_blank" not in codes(data)


def test_merged_responsible_unit_ranks_by_it(runner: CliRunner, tmp_path: Path) -> None:
    projects = sorted(invent(random.Random(5), 12), key=lambda p: (p.unit, p.name))
    path = write_xlsxwriter(tmp_path / "u.xlsx", Book([("项目", projects)], merge=("unit",)))
    data = rank(runner, path, "--by", "responsible")
    by_unit: dict[str, tuple[int, float]] = {}
    for p in projects:
        n, plan = by_unit.get(p.unit, (0, 0.0))
        by_unit[p.unit] = (n + 1, plan + p.plan)
    got = {r["group"]: (r["projects"], r["annual_plan"]) for r in data["rows"]}
    assert got == by_unit  # whole numbers: exact


def test_a_blank_outside_any_merge_stays_blank_and_is_a_finding(
    runner: CliRunner, tmp_path: Path
) -> None:
    projects = invent(random.Random(8), 10)
    blank = projects[4]
    book = Book([("项目", projects)], blank_region=frozenset({blank.name}))
    data = rank(runner, write_xlsxwriter(tmp_path / "b.xlsx", book), "-v")
    rows = {r["group"]: r for r in data["rows"]}
    assert rows["(未填写)"]["projects"] == 1
    assert rows["(未填写)"]["annual_plan"] == blank.plan
    [finding] = [w for w in data["warnings"] if w["code"] == "group_blank"]
    assert finding["where"] == "项目!C7"  # row 3 + index 4


def test_a_merged_amount_over_several_projects_is_counted_once_and_named(
    runner: CliRunner, tmp_path: Path
) -> None:
    projects = invent(random.Random(11), 8)
    path = write_xlsxwriter(tmp_path / "m.xlsx", Book([("项目", projects)], merged_plan=(2, 4)))
    data = rank(runner, path)
    # Excel's SUM counts a merged cell once, in its first row; so does projtrack, aloud.
    plan = sum(p.plan for i, p in enumerate(projects) if i not in (3, 4))
    assert data["total"]["annual_plan"] == pytest.approx(plan)
    [finding] = [w for w in data["warnings"] if w["code"] == "merged_amount"]
    assert finding["where"] == "项目!E5" and "E5:E7" in finding["message"]


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_hidden_sheets_are_skipped_unless_asked(
    runner: CliRunner, tmp_path: Path, state: str
) -> None:
    this_year = invent(random.Random(1), 9)
    last_year = invent(random.Random(2), 7)
    book = Book([("2024", this_year), ("2023", last_year)], hidden={"2023": state})
    path = write_xlsxwriter(tmp_path / "h.xlsx", book)
    data = rank(runner, path)
    assert data["total"]["projects"] == len(this_year)
    assert data["total"]["annual_plan"] == pytest.approx(sum(p.plan for p in this_year))
    check = json.loads(runner.invoke(app, ["check", str(path), "-f", "json"]).stdout)
    [skipped] = [s for s in check["sheets"] if s["name"] == "2023"]
    assert skipped["used"] is False and "hidden" in skipped["reason"]
    # Read too, the hidden sheet is last year's: sheets of two periods are never added up.
    both = runner.invoke(app, ["rank", str(path), "--include-hidden"])
    assert both.exit_code == 1 and "different periods (2024、2023)" in both.stderr
    config = tmp_path / "projtrack.toml"
    config.write_text("[reading]\ninclude_hidden = true\n", encoding="utf-8")
    again = runner.invoke(app, ["rank", str(path), "--config", str(config)])
    assert again.exit_code == 1 and again.stderr == both.stderr


@pytest.mark.parametrize("writer", [write_xlsxwriter, write_openpyxl])
def test_formulas_without_a_saved_value_are_computed_and_said(
    runner: CliRunner, tmp_path: Path, writer
) -> None:
    projects = invent(random.Random(21), 12)
    path = writer(tmp_path / "f.xlsx", Book([("项目", projects)], formulas="placeholder"))
    data = rank(runner, path)
    assert_groups(data, projects)
    [finding] = [w for w in data["warnings"] if w["code"] == "formula_computed"]
    assert finding["where"] == "项目!H3" and "=F3+G3" in finding["message"]


def test_a_formula_that_cannot_be_computed_stops_naming_the_cells(
    runner: CliRunner, tmp_path: Path
) -> None:
    projects = invent(random.Random(4), 9)
    path = write_xlsxwriter(tmp_path / "v.xlsx", Book([("项目", projects)], formulas="x"))
    result = runner.invoke(app, ["rank", str(path), "-f", "json"])
    assert result.exit_code == 1
    assert result.stdout == ""
    message = " ".join(result.stderr.split())
    assert "9 formula cell(s)" in message and "H3" in message and "H7" in message
    assert "and 4 more" in message and "Excel/WPS" in message


def test_xls_html_xml_spreadsheet_and_ods_merges_fill_the_region(
    runner: CliRunner, tmp_path: Path
) -> None:
    projects = invent(random.Random(9), 11)
    for path in (html_rowspan(tmp_path / "h.xls", projects),
                 spreadsheetml_mergedown(tmp_path / "s.xls", projects),
                 ods_merged(tmp_path / "o.ods", projects),
                 xls_merged(tmp_path / "x.xls", projects)):  # fmt: skip
        assert_groups(rank(runner, path), projects)


def test_a_hidden_xls_sheet_is_skipped(runner: CliRunner, tmp_path: Path) -> None:
    projects, old = invent(random.Random(12), 8), invent(random.Random(13), 5)
    path = xls_merged(tmp_path / "x.xls", projects, hidden=old)
    assert_groups(rank(runner, path), projects)
    assert rank(runner, path, "--include-hidden")["total"]["projects"] == 13


def test_a_ledger_whose_project_sheet_is_hidden_says_so(runner: CliRunner, tmp_path: Path) -> None:
    projects = invent(random.Random(14), 5)
    book = Book([("说明", []), ("项目", projects)], hidden={"项目": "hidden"})
    path = write_xlsxwriter(tmp_path / "h.xlsx", book)
    result = runner.invoke(app, ["rank", str(path), "-f", "json"])
    assert result.exit_code == 1
    assert "hidden sheets not read: 项目 (--include-hidden reads them)" in result.stderr
    assert_groups(rank(runner, path, "--include-hidden"), projects)


def test_a_project_written_over_two_rows_under_a_merged_name(runner: CliRunner, tmp_path: Path):
    """序号, 项目名称 and 年度计划投资 merged over 一标段 | 二标段: one project whose completion is
    the sum of its rows (a tester found the second row's money left out)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append(["序号", "项目名称", "建设内容", "责任单位", "年度计划投资", "1-3月完成投资"])
    ws.append([1, "城南片区综合开发", "一标段", "住建局", 10000, 2000])
    ws.append([None, None, "二标段", None, None, 1500])
    ws.append([2, "城北学校", "教学楼", "教育局", 5000, 1500])
    for cols in ("A2:A3", "B2:B3", "D2:D3", "E2:E3"):
        ws.merge_cells(cols)
    path = tmp_path / "2024年一季度台账.xlsx"
    wb.save(path)
    data = rank(runner, path)
    assert data["total"]["projects"] == 2
    assert data["total"]["annual_plan"] == pytest.approx(15000)
    assert data["total"]["completed_ytd"] == pytest.approx(2000 + 1500 + 1500)
    rows = {r["group"]: r for r in data["rows"]}
    assert rows["住建局"]["completed_ytd"] == pytest.approx(3500)
    assert not [w for w in data["warnings"] if w["code"] == "uncounted_row"]


def test_a_merged_name_over_rows_of_two_counties_is_a_project_in_each(
    runner: CliRunner, tmp_path: Path
) -> None:
    """德中快速通道 merged over a 旌阳区 row and a 中江县 row, each with its own figures: the
    project's share in each county (the 中江县 row's money went to 旌阳区 without a word)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append(["序号", "项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资"])
    ws.append([1, "德中快速通道", "旌阳区", 4000, 2000])
    ws.append([None, None, "中江县", 3000, 500])
    ws.append([2, "旌阳区人民医院", "旌阳区", 5000, 2200])
    ws.append([3, "中江县污水处理厂", "中江县", 3000, 500])
    for cols in ("A2:A3", "B2:B3"):
        ws.merge_cells(cols)
    path = tmp_path / "2024年6月台账.xlsx"
    wb.save(path)
    rows = {r["group"]: r for r in rank(runner, path)["rows"]}
    assert (rows["旌阳区"]["annual_plan"], rows["旌阳区"]["projects"]) == (9000, 2)
    assert (rows["中江县"]["annual_plan"], rows["中江县"]["projects"]) == (6000, 2)


def test_hidden_rows_are_counted_and_named(runner: CliRunner, tmp_path: Path) -> None:
    """Rows hidden in Excel (已调出) are counted as Excel's SUM counts them, and each is
    named in a warning, so that a total never hides them without a word."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append(["序号", "项目名称", "责任单位", "年度计划投资", "1-3月完成投资"])
    for i in range(1, 5):
        ws.append([i, f"项目{i}", "住建局", 1000 * i, 100 * i])
    ws.row_dimensions[3].hidden = True
    path = tmp_path / "2024年一季度台账.xlsx"
    wb.save(path)
    data = rank(runner, path)
    assert data["total"]["projects"] == 4
    assert data["total"]["annual_plan"] == pytest.approx(10000)
    hidden = [w for w in data["warnings"] if w["code"] == "hidden_row"]
    assert [w["where"] for w in hidden] == ["台账!B3"] and "项目2" in hidden[0]["message"]
