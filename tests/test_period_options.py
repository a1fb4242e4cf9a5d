"""A header's month range is the data's period (SPEC §5): an option naming another month
is a usage error naming both; a date inside that month is fine and labelled once; the
whole year is called 全年 whichever way it is asked for."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpus import Spec, build, expect
from projtrack.cli.app import app

HEADER = ["序号", "项目名称", "县(市、区)", "2024年计划投资", "1-{m}月完成投资"]


def ledger(tidy: Callable[..., Path], month: int) -> Path:
    header = [h.format(m=month) for h in HEADER]
    return tidy(header, [[1, "甲", "旌阳区", 400, 100], [2, "乙", "罗江区", 600, 300]])


@pytest.mark.parametrize("command", ["rank", "brief", "warn", "starts", "problems", "check"])
@pytest.mark.parametrize(
    ("option", "asked"),
    [(["--quarter", "Q2"], "上半年"), (["--month", "5"], "1-5月"),
     (["--as-of", "2024-04-10"], "截至4月10日"), (["--quarter", "Q4"], "全年")],
)  # fmt: skip
def test_an_option_naming_another_month_than_the_header_is_refused(
    runner: CliRunner, tidy: Callable[..., Path], command: str, option: list[str], asked: str
) -> None:
    path = ledger(tidy, 3)
    result = runner.invoke(app, [command, str(path), *option])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert (
        "错误 Error: the ledger's column 「1-3月完成投资」 holds 1-3月（一季度） figures, "
        f"not {asked} (to "
    ) in result.stderr


@pytest.mark.parametrize("header", ["截止3月完成投资", "截止3月累计完成投资", "3月累计完成投资"])
def test_a_year_to_date_header_spelt_with_jiezhi_names_its_month(
    runner: CliRunner, tidy: Callable[..., Path], header: str
) -> None:
    """截止 is how many offices write 截至: the header's month is still the data's period."""
    path = tidy(["序号", "项目名称", "县(市、区)", "2024年计划投资", header],
                [[1, "甲", "旌阳区", 400, 100], [2, "乙", "罗江区", 600, 300]])  # fmt: skip
    result = runner.invoke(app, ["rank", str(path), "--month", "6"])
    assert result.exit_code == 2, result.output
    assert f"「{header}」 holds 1-3月（一季度） figures, not 1-6月" in result.stderr
    read = runner.invoke(app, ["rank", str(path), "-f", "json"])
    assert json.loads(read.stdout)["as_of"] == "2024-03-31"


def test_brief_full_year_on_a_quarter_ledger_is_refused(
    runner: CliRunner, tidy: Callable[..., Path]
) -> None:
    result = runner.invoke(app, ["brief", str(ledger(tidy, 3)), "--full-year"])
    assert result.exit_code == 2
    assert "holds 1-3月（一季度） figures, not 全年 (to 2024-12-31)" in result.stderr


@pytest.mark.parametrize(
    "option", [["--quarter", "Q1"], ["--month", "3"], ["--as-of", "2024-03-15"]]
)
def test_an_option_inside_the_header_month_is_fine(
    runner: CliRunner, tidy: Callable[..., Path], option: list[str]
) -> None:
    result = runner.invoke(app, ["rank", str(ledger(tidy, 3)), *option, "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["total"]["completion_rate"] == pytest.approx(400 / 1000)
    assert data["as_of"].startswith("2024-03-")


@pytest.mark.parametrize("command", ["rank", "brief", "warn", "ingest"])
@pytest.mark.parametrize(
    "option", [["--as-of", "2030-03-31"], ["--year", "2030"], ["--quarter", "Q1", "--year", "2023"]]
)
def test_an_option_naming_another_year_than_the_header_is_refused(
    runner: CliRunner, tidy: Callable[..., Path], tmp_path: Path, command: str, option: list[str]
) -> None:
    """2024年计划投资 holds the 2024 plan: printed as 2030's (or stored as a 2030 period) it
    would be a period that never was. Nothing is printed and nothing is stored."""
    store = tmp_path / "store"
    extra = ["--store", str(store)] if command == "ingest" else []
    result = runner.invoke(app, [command, str(ledger(tidy, 3)), *option, *extra])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    asked = option[option.index("--year") + 1] if "--year" in option else "2030"
    assert f"「2024年计划投资」 holds 2024年 figures, not {asked}年" in result.stderr
    assert not list(store.rglob("*.parquet"))


def test_the_headers_year_as_an_option_is_fine(
    runner: CliRunner, tidy: Callable[..., Path]
) -> None:
    result = runner.invoke(app, ["rank", str(ledger(tidy, 3)), "--year", "2024", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["as_of"] == "2024-03-31"


def test_a_note_on_when_the_plan_was_set_is_not_its_year(
    runner: CliRunner, tidy: Callable[..., Path]
) -> None:
    """2025年计划投资（2024年12月下达）: the plan is 2025's; the bracket says when it was set."""
    header = ["序号", "项目名称", "县(市、区)", "2025年计划投资（2024年12月下达）", "1-3月完成投资"]
    path = tidy(header, [[1, "甲", "旌阳区", 400, 100]], title="2025年重点项目推进情况表")
    for extra in ([], ["--year", "2025"]):
        result = runner.invoke(app, ["rank", str(path), "-f", "json", *extra])
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["as_of"] == "2025-03-31"


def test_a_stale_header_year_gives_way_to_the_title_and_the_option(
    runner: CliRunner, tidy: Callable[..., Path]
) -> None:
    """A template's 2024年计划投资 under a 2025 title and file name: --year 2025 is taken
    (with the as_of_conflict warning), --year 2030 (named nowhere but the option) is not."""
    header = ["序号", "项目名称", "县(市、区)", "2024年计划投资", "1-3月完成投资"]
    path = tidy(header, [[1, "甲", "旌阳区", 400, 100]], name="2025年3月台账.xlsx",
                title="2025年重点项目推进情况表")  # fmt: skip
    result = runner.invoke(app, ["rank", str(path), "--year", "2025", "-f", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["as_of"] == "2025-03-31"
    assert "as_of_conflict" in {w["code"] for w in report["warnings"]}
    assert runner.invoke(app, ["rank", str(path), "--year", "2030"]).exit_code == 2


def test_a_date_inside_the_month_is_labelled_once(
    runner: CliRunner, tidy: Callable[..., Path]
) -> None:
    path = ledger(tidy, 3)
    for command in ("rank", "brief"):
        result = runner.invoke(app, [command, str(path), "--as-of", "2024-03-15"])
        assert result.exit_code == 0, result.output
        # both in the full-width marks of SPEC §4
        assert "截至2024年3月15日，时序进度" in result.stdout
        assert "(截至3月15日)" not in result.stdout and "（截至3月15日）" not in result.stdout


def test_a_wide_ledger_may_still_be_read_at_an_earlier_month(tmp_path: Path) -> None:
    case = build(Spec(wide="monthly", month=5), tmp_path, "wide")
    result = CliRunner().invoke(app, ["rank", str(case.path), "--month", "4", "-f", "json"])
    assert result.exit_code == 0, result.output
    want = expect(case.projects, Spec(wide="monthly", month=4))
    assert json.loads(result.stdout)["total"]["completed_ytd"] == pytest.approx(want.completed_ytd)


def test_the_whole_year_is_called_one_name(
    runner: CliRunner, tidy: Callable[..., Path], tmp_path: Path
) -> None:
    path = ledger(tidy, 12)
    labels = set()
    for args in (["rank", str(path), "-f", "json"],
                 ["rank", str(path), "--quarter", "Q4", "-f", "json"],
                 ["rank", str(path), "--month", "12", "-f", "json"],
                 ["brief", str(path), "--full-year", "-f", "json"]):  # fmt: skip
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (args, result.output)
        data = json.loads(result.stdout)
        labels.add(data.get("period_label") or data["ranking"]["period_label"])
    assert labels == {"全年"}
    md = runner.invoke(app, ["brief", str(path), "--full-year"]).stdout
    title = next(line for line in md.split("\n") if line.startswith("# "))
    assert "1-12月" not in md.split("## ")[0] and "全年" in title


def test_an_option_for_another_day_than_the_titles_is_said(
    runner: CliRunner, tidy: Callable[..., Path]
) -> None:
    """A weekly title states the day (截至2024年6月14日): --quarter Q2 (6月30日) wins, with
    a warning naming both, since time progress differs (a tester found it silent)."""
    header = ["项目名称", "县(市、区)", "年度计划投资", "本年累计完成投资"]
    path = tidy(
        header, [["甲", "东区", 100, 30]], title="2024年重点项目周调度表（截至2024年6月14日）"
    )
    plain = json.loads(runner.invoke(app, ["rank", str(path), "-f", "json"]).stdout)
    assert plain["as_of"] == "2024-06-14" and plain["warnings"] == []
    data = json.loads(
        runner.invoke(app, ["rank", str(path), "--quarter", "Q2", "-f", "json"]).stdout
    )
    assert data["as_of"] == "2024-06-30"
    [warning] = [w for w in data["warnings"] if w["code"] == "as_of_conflict"]
    assert "6月30日" in warning["message"] and "6月14日" in warning["message"]


@pytest.mark.parametrize(
    "names", [("1月份", "2月份", "3月份"), ("1月", "2月", "3月"), ("一月", "二月", "三月"),
              ("2024.01", "2024.02", "2024.03")],
)  # fmt: skip
def test_a_period_option_against_a_workbook_of_period_sheets_is_a_usage_error(
    tmp_path: Path, names: tuple[str, str, str]
) -> None:
    """Sheets 1月份 … 3月份 (each the year so far): the latest is read, the others left out;
    --month 2 printed the 3月份 figures as 1-2月's (found by a tester), with only a
    warning that read as if February's were used. Sheets named 1月 / 一月 / 2024.01 were
    refused as two versions of the same projects."""
    import xlsxwriter

    path = tmp_path / "分月.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    for month, name in enumerate(names, start=1):
        ws = wb.add_worksheet(name)
        ws.write_row(0, 0, ["2024年重点项目推进情况表"])
        ws.write_row(1, 0, ["项目名称", "县(市、区)", "年度计划投资", "本年累计完成投资"])
        for r, name in enumerate("甲乙丙丁戊己", start=2):
            ws.write_row(r, 0, [f"{name}项目", "东区" if r % 2 else "西区", 1200, 25 * r * month])
    wb.close()
    runner = CliRunner()
    plain = runner.invoke(app, ["rank", str(path), "-f", "json"])
    assert plain.exit_code == 0, plain.output
    data = json.loads(plain.stdout)
    done = sum(25 * r * 3 for r in range(2, 8))  # the 3月份 sheet's
    assert (data["as_of"], data["total"]["completed_ytd"]) == ("2024-03-31", done)
    asked = runner.invoke(app, ["rank", str(path), "-f", "json", "--month", "2"])
    assert asked.exit_code == 2 and asked.stdout == ""
    assert "（3月）数据，不是1-2月" in asked.stderr and names[2] in asked.stderr
    same = runner.invoke(app, ["rank", str(path), "-f", "json", "--month", "3"])
    assert same.exit_code == 0
