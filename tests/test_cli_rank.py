"""`projtrack rank` end to end through the CLI, against independent computations."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.jobs.rank import rank
from projtrack.render.machine import to_json


def independent_sums(path: Path, key: str) -> dict[str, tuple[int, float, float]]:
    """Per-group (projects, plan, completed) read with openpyxl, not with projtrack."""
    ws = openpyxl.load_workbook(path, read_only=True).active
    rows = list(ws.iter_rows(values_only=True))
    header = list(rows[2])
    k, p, c = header.index(key), header.index("2024年计划投资"), header.index("1-3月完成投资")
    out: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0.0])
    for row in rows[3:]:
        if not isinstance(row[0], int):
            continue  # blank and note rows
        acc = out[row[k]]
        acc[0] += 1
        acc[1] += row[p] or 0
        acc[2] += row[c] or 0
    return {g: (int(n), plan, done) for g, (n, plan, done) in out.items()}


def run_json(runner: CliRunner, *args: str) -> dict:
    result = runner.invoke(app, ["rank", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_example_by_level_reproduces_the_published_figures(
    runner: CliRunner, example: Path
) -> None:
    data = run_json(runner, str(example), "--by", "level")
    assert data["as_of"] == "2024-03-31"
    assert data["period_label"] == "一季度"
    assert data["time_progress"] == 0.25
    assert data["group_by"] == "level"
    assert data["unit"] == "万元"
    total = data["total"]
    assert total["projects"] == 72
    assert total["completion_rate"] == pytest.approx(0.308, abs=0.0005)
    assert round(total["variance_pp"], 1) == 5.8
    rows = {r["group"]: r for r in data["rows"]}
    assert rows["省重点"]["projects"] == 6
    assert rows["省重点"]["completion_rate"] == pytest.approx(0.4336, abs=0.00005)
    assert rows["省重点"]["completed_ytd"] == 162000  # 16.2 亿元
    assert rows["市重点"]["projects"] == 66
    assert rows["市重点"]["completion_rate"] == pytest.approx(0.27, abs=0.00005)
    assert rows["市重点"]["completed_ytd"] == 333000  # 33.3 亿元
    assert round(rows["市重点"]["variance_pp"], 1) == 2.0


@pytest.mark.parametrize(("by", "column"), [("region", "所在乡镇"), ("responsible", "责任单位")])
def test_every_group_matches_an_independent_sum(
    runner: CliRunner, example: Path, by: str, column: str
) -> None:
    expected = independent_sums(example, column)
    data = run_json(runner, str(example), "--by", by)
    got = {r["group"]: r for r in data["rows"]}
    assert set(got) == set(expected)
    for group, (n, plan, done) in expected.items():
        assert got[group]["projects"] == n
        assert got[group]["annual_plan"] == pytest.approx(plan)
        assert got[group]["completed_ytd"] == pytest.approx(done)
        assert got[group]["completion_rate"] == pytest.approx(done / plan)
        assert got[group]["variance_pp"] == pytest.approx((done / plan - 0.25) * 100)
    ordered = sorted(expected, key=lambda g: -expected[g][2] / expected[g][1])
    assert [r["group"] for r in data["rows"]] == ordered
    reds = [r["group"] for r in data["rows"] if r["list"] == "red"]
    blacks = [r["group"] for r in data["rows"] if r["list"] == "black"]
    assert reds == ordered[:3]
    assert blacks == [g for g in ordered[-3:] if expected[g][2] / expected[g][1] < 0.25]


def test_default_group_is_region_and_csv_twin_agrees(runner: CliRunner, example: Path) -> None:
    xlsx = run_json(runner, str(example))
    assert xlsx["group_by"] == "region"
    csv_path = example.with_suffix(".csv")
    # The CSV has no title: the year and quarter must be given.
    twin = run_json(runner, str(csv_path), "--year", "2024", "--quarter", "Q1")
    assert twin["rows"] == xlsx["rows"]
    assert twin["total"] == xlsx["total"]


def test_json_is_the_library_result(runner: CliRunner, example: Path) -> None:
    data = run_json(runner, str(example), "--by", "responsible", "--top", "2")
    assert data == json.loads(to_json(rank(ledger=example, by="responsible", top=2).to_json()))
    assert sum(r["list"] == "red" for r in data["rows"]) == 2
    expected_keys = {"group", "projects", "annual_plan", "completed_ytd", "completion_rate",
                     "variance_pp", "rank", "list"}  # fmt: skip
    assert all(set(r) == expected_keys for r in data["rows"])
    assert {"as_of", "period_label", "time_progress", "convention", "group_by", "unit",
            "total", "rows", "warnings"} <= set(data)  # fmt: skip


def test_day_convention(runner: CliRunner, example: Path) -> None:
    data = run_json(runner, str(example), "--by", "level", "--convention", "day")
    assert data["convention"] == "day"
    assert data["time_progress"] == pytest.approx(91 / 366)
    assert data["total"]["variance_pp"] == pytest.approx((495000 / 1606949 - 91 / 366) * 100)


def test_table_is_plain_text_when_piped(runner: CliRunner, example: Path) -> None:
    result = runner.invoke(app, ["rank", str(example), "--by", "level"])
    assert result.exit_code == 0
    out = result.stdout
    assert "\x1b[" not in out
    assert "一季度重点项目投资完成情况排名（按项目级别）" in out
    assert "省重点" in out and "43.4%" in out and "+18.4" in out and "红榜" in out
    assert "合计" in out and "30.8%" in out and "+5.8" in out
    assert "时序进度25.0%" in out
    assert "红榜：完成率前3名且达到时序进度的单位" in out


def test_markdown_is_deterministic_and_written_atomically(
    runner: CliRunner, example: Path, tmp_path: Path
) -> None:
    out = tmp_path / "reports" / "rank.md"
    first = runner.invoke(app, ["rank", str(example), "-o", str(out)])
    assert first.exit_code == 0, first.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("## 一季度重点项目投资完成情况排名（按所在乡镇）")
    assert "| 排名 | 所在乡镇 | 项目数 |" in text
    again = runner.invoke(app, ["rank", str(example), "--format", "md"])
    assert again.stdout == text
    assert [p.name for p in out.parent.iterdir()] == ["rank.md"]  # no temp file left


def test_csv_output_has_bom_and_keeps_text_out_of_formulas(
    runner: CliRunner, tidy, tmp_path: Path
) -> None:
    ledger = tidy(
        ["项目名称", "县(市、区)", "年度计划投资", "1-3月完成投资"],
        [["甲", "=SUM(A1)", 100, 30], ["乙", "+东区", 100, 10], ["丙", "@西区", 100, 20]],
        name="ledger.csv",  # openpyxl would store "=SUM(A1)" as a formula
    )
    out = tmp_path / "rank.csv"
    result = runner.invoke(app, ["rank", str(ledger), "-o", str(out)])
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith("\ufeff".encode())
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("排名,县(市、区),项目数")
    assert lines[1].startswith("1,'=SUM(A1),1,100.0,30.0,0.3,")
    assert any(line.startswith("3,'+东区,") for line in lines)
    assert lines[-1].startswith(",合计,3,300.0,60.0,0.2,")


def test_synonyms_yi_yuan_title_and_file_name_period(runner: CliRunner, tidy) -> None:
    ledger = tidy(
        ["序号", "项目名称", "所在县区", "本年计划投资", "本年累计完成投资"],
        [[1, "甲", "东区", 1.5, 0.5], [2, "乙", "东区", "0.5", "0.25"], [3, "丙", "西区", 2, 0]],
        name="2023年6月台账.xlsx",
        title="XX市重点项目推进情况表",
        unit_line="单位:亿元",
    )
    data = run_json(runner, str(ledger))
    assert data["as_of"] == "2023-06-30"
    assert data["period_label"] == "上半年"
    rows = {r["group"]: r for r in data["rows"]}
    assert rows["东区"]["annual_plan"] == pytest.approx(20000)  # 2 亿元 = 20000 万元
    assert rows["东区"]["completed_ytd"] == pytest.approx(7500)
    assert rows["西区"]["completion_rate"] == 0
    assert data["total"]["completion_rate"] == pytest.approx(0.75 / 4)


def test_header_unit_wins_and_month_from_header(runner: CliRunner, tidy) -> None:
    ledger = tidy(
        ["项目名称", "责任单位", "2022年计划投资(元)", "1-9月完成投资(万元)"],
        [["甲", "县交通局", 1_000_000, 80], ["乙", "县水利局", 2_000_000, 150]],
        title=None,
        unit_line="单位:亿元",
    )
    data = run_json(runner, str(ledger))
    assert data["as_of"] == "2022-09-30"
    assert data["group_by"] == "responsible"
    rows = {r["group"]: r for r in data["rows"]}
    assert rows["县交通局"]["annual_plan"] == pytest.approx(100)  # 100万元 from 元
    assert rows["县交通局"]["completion_rate"] == pytest.approx(0.8)
    assert rows["县水利局"]["completion_rate"] == pytest.approx(0.75)


def test_zero_plan_group_is_last_unranked_and_warned(runner: CliRunner, tidy) -> None:
    ledger = tidy(
        ["项目名称", "县(市、区)", "年度计划投资", "1-3月完成投资"],
        [["甲", "东区", 100, 30], ["乙", "西区", 0, 10], ["丙", "南区", 100, 10]],
    )
    result = runner.invoke(app, ["rank", str(ledger), "-f", "json", "-v"])
    data = json.loads(result.stdout)
    assert [(r["group"], r["rank"], r["list"]) for r in data["rows"]] == [
        ("东区", 1, "red"),
        ("南区", 2, "black"),
        ("西区", None, None),
    ]
    assert data["warnings"] == [
        {"where": "Sheet1!C5", "code": "plan_zero", "message": "乙：年度计划投资为0，不计完成率"}
    ]
    assert "提示 Sheet1!C5：乙：年度计划投资为0，不计完成率" in result.stderr


def test_warning_count_without_verbose(runner: CliRunner, tidy) -> None:
    ledger = tidy(
        ["项目名称", "县(市、区)", "年度计划投资", "1-3月完成投资"],
        [["甲", "东区", 100, 400], ["乙", "西区", -5, 10]],
    )
    result = runner.invoke(app, ["rank", str(ledger)])
    assert result.exit_code == 0
    assert result.stderr.strip().endswith("提示：2 条（加 -v 查看详情）")


def test_missing_year_exit_1_with_how_to(runner: CliRunner, tidy) -> None:
    ledger = tidy(
        ["项目名称", "县(市、区)", "年度计划投资", "1-3月完成投资"],
        [["甲", "东区", 100, 30]],
        title="XX县重点项目表",
    )
    result = runner.invoke(app, ["rank", str(ledger)])
    assert result.exit_code == 1
    assert "ledger.xlsx" in result.stderr and "--year 2024" in result.stderr
    assert "Traceback" not in result.output
    ok = runner.invoke(app, ["rank", str(ledger), "--year", "2021", "-f", "json"])
    assert json.loads(ok.stdout)["as_of"] == "2021-03-31"


def test_missing_required_column_lists_headers(runner: CliRunner, tidy) -> None:
    ledger = tidy(["项目名称", "县(市、区)", "年度计划投资", "备注"], [["甲", "东区", 100, ""]])
    result = runner.invoke(app, ["rank", str(ledger)])
    assert result.exit_code == 1
    assert "ledger.xlsx" in result.stderr and "累计完成投资" in result.stderr
    assert "项目名称 | 县(市、区) | 年度计划投资" in result.stderr


def test_empty_ledger_is_a_clean_error(runner: CliRunner, tidy) -> None:
    ledger = tidy(["项目名称", "县(市、区)", "年度计划投资", "1-3月完成投资"], [])
    result = runner.invoke(app, ["rank", str(ledger)])
    assert result.exit_code == 1
    assert result.stderr.startswith("错误 Error: ledger.xlsx")
    assert "no sheet holds project rows" in result.stderr


def test_usage_errors_exit_2(runner: CliRunner, example: Path) -> None:
    result = runner.invoke(app, ["rank", str(example), "--by", "category"])
    assert result.exit_code == 2
    assert "no 项目类别 column" in result.stderr
    assert runner.invoke(app, ["rank", str(example), "--top", "0"]).exit_code == 2
    both = runner.invoke(app, ["rank", str(example), "--month", "3", "--quarter", "Q1"])
    assert both.exit_code == 2
    assert runner.invoke(app, ["rank", "no-such-file.xlsx"]).exit_code == 2


def test_help_and_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["rank", "--help"])
    assert result.exit_code == 0
    assert "--by" in result.stdout and "红黑榜" in result.stdout
    version = runner.invoke(app, ["--version"])
    assert version.stdout.startswith("projtrack ")


def test_startup_imports_no_data_library() -> None:
    code = (
        "import sys; from projtrack.cli.app import app\n"
        "heavy = {'polars', 'openpyxl', 'xlsxwriter', 'docx', 'jinja2', 'fastexcel'}\n"
        "print(sorted(heavy & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_wide_ledger_follows_the_requested_month(runner: CliRunner, tidy) -> None:
    ledger = tidy(
        ["项目名称", "县(市、区)", "年度计划投资", "1月完成投资", "2月完成投资", "3月完成投资"],
        [["甲", "东区", 100, 5, 10, 15], ["乙", "西区", 100, 1, 2, 0]],
    )
    latest = run_json(runner, str(ledger))
    assert latest["as_of"] == "2024-03-31" and latest["total"]["completed_ytd"] == 33
    feb = run_json(runner, str(ledger), "--month", "2")
    assert feb["as_of"] == "2024-02-29"
    assert feb["total"]["completed_ytd"] == 18  # 5 + 10 + 1 + 2, not the March figures
    assert {r["group"]: r["completed_ytd"] for r in feb["rows"]} == {"东区": 15, "西区": 3}
