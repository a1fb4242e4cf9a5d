"""Which column is which field: ambiguity, [columns] picks, bare 累计完成投资, sheets without
figures, and date cells that are not dates."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpus_headers import TITLE, invent, table, total, write_xlsx
from projtrack import load_ledger
from projtrack.cli.app import app


def two_plan_columns(tmp_path: Path) -> tuple[Path, list, list[float]]:
    """Columns D and E both headed 2024年计划投资; E holds other figures (调整后)."""
    recs = invent(random.Random(11), 14)
    rows = table(recs, {"region": "县（市、区）", "annual_plan": "2024年计划投资",
                        "completed_ytd": "1-6月完成投资"})  # fmt: skip
    adjusted = [round((r.plan or 0) * 1.5 + 10, 2) for r in recs]
    for row, value in zip(rows[3:], adjusted, strict=True):
        row.insert(4, value)
    rows[2].insert(4, "2024年计划投资")
    return write_xlsx(tmp_path / "两列.xlsx", {"市重点": rows}), recs, adjusted


def test_two_columns_for_a_required_field_stop_the_run(tmp_path: Path, runner: CliRunner) -> None:
    path, _, _ = two_plan_columns(tmp_path)
    result = runner.invoke(app, ["rank", str(path), "--format", "json"])
    assert result.exit_code == 1
    assert result.stdout == ""
    message = " ".join(result.output.split())
    assert "2 columns match 年度计划投资 (annual_plan)" in message
    assert "市重点!D3（2024年计划投资）、市重点!E3（2024年计划投资）" in message
    assert '"市重点!D" = "annual_plan"' in message


@pytest.mark.parametrize("letter", ["D", "E"])
def test_columns_picks_one_by_its_letter(tmp_path: Path, runner: CliRunner, letter: str) -> None:
    path, recs, adjusted = two_plan_columns(tmp_path)
    config = tmp_path / "projtrack.toml"
    config.write_text(f'[columns]\n"市重点!{letter}" = "annual_plan"\n', encoding="utf-8")
    result = runner.invoke(app, ["rank", str(path), "--format", "json", "--config", str(config)])
    assert result.exit_code == 0, result.output
    plan = total(recs)[1] if letter == "D" else sum(adjusted)
    assert json.loads(result.stdout)["total"]["annual_plan"] == pytest.approx(plan)


def test_two_columns_for_an_optional_field_are_a_finding(tmp_path: Path) -> None:
    recs = invent(random.Random(2), 6)
    rows = table(recs, {"annual_plan": "年度计划投资", "completed_ytd": "1-6月完成投资",
                        "problems": "存在问题"})  # fmt: skip
    rows[2].append("需要省、市协调解决问题")
    for row in rows[3:]:
        row.append("需协调用地")
    path = write_xlsx(tmp_path / "问题.xlsx", {"Sheet1": rows})
    ledger = load_ledger(path)
    found = [(f.sheet, f.row, f.column, f.code) for f in ledger.findings if "column" in f.code]
    assert found == [("Sheet1", 3, 4, "column_ambiguous")]
    assert ledger.projects["problems"].to_list() == [r.problem for r in recs]


def test_a_text_column_is_not_a_second_plan(tmp_path: Path, runner: CliRunner) -> None:
    recs = invent(random.Random(4), 9)
    rows = table(recs, {"region": "区县", "annual_plan": "年度计划投资",
                        "completed_ytd": "1-6月完成投资"})  # fmt: skip
    rows[2].append("年度目标任务")
    for row in rows[3:]:
        row.append("完成主体结构施工")
    path = write_xlsx(tmp_path / "目标.xlsx", {"Sheet1": rows})
    result = runner.invoke(app, ["rank", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["total"]["annual_plan"] == pytest.approx(total(recs)[1])
    codes = [(f.row, f.column, f.code) for f in load_ledger(path).findings if "column" in f.code]
    assert codes == [(3, 5, "column_not_money")]


def bare_cumulative(tmp_path: Path) -> tuple[Path, list]:
    recs = invent(random.Random(8), 10)
    rows = table(recs, {"region": "县（市、区）", "annual_plan": "年度计划投资",
                        "completed_ytd": "累计完成投资（万元）"})  # fmt: skip
    return write_xlsx(tmp_path / "累计.xlsx", {"Sheet1": rows}), recs


def test_bare_cumulative_error_says_what_it_was_read_as(tmp_path: Path, runner: CliRunner) -> None:
    path, _ = bare_cumulative(tmp_path)
    result = runner.invoke(app, ["rank", str(path)])
    assert result.exit_code == 1
    message = " ".join(result.output.split())
    assert "no column for 累计完成投资" not in message
    assert "Sheet1!E3 '累计完成投资（万元）' was taken for 开工累计完成投资" in message
    assert "a bare '累计完成投资（万元）' does not say from when" in message
    assert "; no header names this year's months" in message
    assert (
        'add under [columns] in projtrack.toml: "累计完成投资（万元）" = "completed_ytd"' in message
    )


def test_bare_cumulative_mapped_by_columns(tmp_path: Path, runner: CliRunner) -> None:
    path, recs = bare_cumulative(tmp_path)
    config = tmp_path / "projtrack.toml"
    config.write_text('[columns]\n"累计完成投资（万元）" = "completed_ytd"\n', encoding="utf-8")
    result = runner.invoke(
        app, ["rank", str(path), "--format", "json", "--config", str(config), "--month", "6"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["total"]["completed_ytd"] == pytest.approx(total(recs)[2])


def test_sheets_without_investment_columns_are_skipped_with_a_note(
    tmp_path: Path, runner: CliRunner
) -> None:
    recs = invent(random.Random(9), 12)
    projects = table(recs, {"region": "县（市、区）", "annual_plan": "年度计划投资",
                            "completed_ytd": "1-6月完成投资"})  # fmt: skip
    notes = [["填表说明"], ["1", "项目名称：填写项目全称"], ["2", "金额单位：万元"]]
    early = [[TITLE], ["序号", "项目名称", "总投资（万元）", "前期工作进展", "责任单位"]]
    early += [[i, f"前期项目{i}", 5000 * i, "可研编制中", "发改局"] for i in range(1, 6)]
    path = write_xlsx(
        tmp_path / "三表.xlsx", {"说明": notes, "重点项目": projects, "前期项目": early}
    )
    result = runner.invoke(app, ["rank", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["total"]["projects"] == len(recs)
    assert data["total"]["annual_plan"] == pytest.approx(total(recs)[1])
    ledger = load_ledger(path)
    skipped = {f.sheet: f.message for f in ledger.findings if f.code == "sheet_skipped"}
    assert set(skipped) == {"说明", "前期项目"}
    assert (
        "没有年度计划投资或完成投资列（5个项目，其中总投资（万元）列的金额未计入）"
        in skipped["前期项目"]
    )
    # Alone, the checklist is still the clear error it was.
    alone = write_xlsx(tmp_path / "前期.xlsx", {"前期项目": early})
    result = runner.invoke(app, ["rank", str(alone)])
    assert result.exit_code == 1
    assert "no column for 年度计划投资、1-N月完成投资（本年累计完成投资）" in " ".join(
        result.output.split()
    )


def test_invalid_dates_are_findings_with_their_cells(tmp_path: Path) -> None:
    recs = invent(random.Random(6), 5)
    rows = table(recs, {"annual_plan": "年度计划投资", "completed_ytd": "1-6月完成投资",
                        "planned_start": "计划开工时间"})  # fmt: skip
    rows[4][4] = "2024-02-30"
    rows[6][4] = "年内开工"
    path = write_xlsx(tmp_path / "日期.xlsx", {"Sheet1": rows})
    found = [(f.sheet, f.row, f.column, f.code) for f in load_ledger(path).findings
             if f.code == "not_a_date"]  # fmt: skip
    assert found == [("Sheet1", 5, 4, "not_a_date"), ("Sheet1", 7, 4, "not_a_date")]


def test_a_since_start_header_with_a_past_year_is_explained(
    tmp_path: Path, runner: CliRunner
) -> None:
    recs = invent(random.Random(12), 4)
    rows = table(recs, {"annual_plan": "年度计划投资", "completed_ytd": "截至2023年底累计完成投资"})
    path = write_xlsx(tmp_path / "上年底.xlsx", {"Sheet1": rows})
    result = runner.invoke(app, ["rank", str(path)])
    assert result.exit_code == 1
    message = " ".join(result.output.split())
    assert (
        "Sheet1!D3 '截至2023年底累计完成投资' was taken for 开工累计完成投资 (completed_since_start), "
        "because '截至2023年底累计完成投资' is a running total to the end of a past year" in message
    )
    # Never the advice to read a total run to the end of 2023 as this year's completion.
    assert '"截至2023年底累计完成投资" = "completed_ytd"' not in message
    assert "read less it when its header names the month (截至6月底累计完成投资)" in message


def test_a_sheet_with_an_unknown_investment_header_is_refused_not_skipped(
    tmp_path: Path, runner: CliRunner
) -> None:
    recs = invent(random.Random(13), 6)
    good = table(recs, {"annual_plan": "年度计划投资", "completed_ytd": "1-6月完成投资"})
    odd = [[TITLE], ["序号", "项目名称", "总投资", "本期拨付投资额", "进展"]]
    odd += [[i, f"项目{i}", 1000 * i, 100 * i, "推进中"] for i in range(1, 4)]
    path = write_xlsx(tmp_path / "两表.xlsx", {"甲": good, "乙": odd})
    result = runner.invoke(app, ["rank", str(path)])
    assert result.exit_code == 1
    message = " ".join(result.output.split())
    assert "[乙]" in message
    assert "no column for 年度计划投资、1-N月完成投资（本年累计完成投资）" in message


@pytest.mark.parametrize(
    ("head", "towns", "groups"),
    [
        # A town column left of the county column: the towns of two counties (城关镇) were
        # ranked as one group, the counties not at all.
        (["项目名称", "所在乡镇", "县（市、区）", "年度计划投资", "1-6月完成投资"],
         ["旌阳区", "罗江区", "旌阳区"], {"旌阳区": 2, "罗江区": 1}),
        (["项目名称", "县（市、区）", "乡镇（街道）", "年度计划投资", "1-6月完成投资"],
         ["旌阳区", "罗江区", "旌阳区"], {"旌阳区": 2, "罗江区": 1}),
        # A county's own ledger names one county: its towns are what it ranks.
        (["项目名称", "所在乡镇", "县（市、区）", "年度计划投资", "1-6月完成投资"],
         ["中江县", "中江县", "中江县"], {"城关镇": 2, "南华镇": 1}),
    ],
)  # fmt: skip
def test_a_county_column_beside_a_town_column(
    tmp_path: Path, runner: CliRunner, head: list[str], towns: list[str], groups: dict
) -> None:
    county_first = head[1].startswith("县")
    projects = [("甲", "城关镇", 100, 50), ("乙", "城关镇", 100, 10), ("丙", "南华镇", 100, 20)]
    rows = [[TITLE], head]
    for (name, town, plan, done), county in zip(projects, towns, strict=True):
        pair = [county, town] if county_first else [town, county]
        rows.append([name, *pair, plan, done])
    path = write_xlsx(tmp_path / "t.xlsx", {"Sheet1": rows})
    result = runner.invoke(app, ["rank", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    got = {r["group"]: r["projects"] for r in json.loads(result.stdout)["rows"]}
    assert got == groups
