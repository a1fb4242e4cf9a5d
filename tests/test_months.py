"""Ledgers whose completions are given by month only (issue #11).

Every figure is checked against :func:`corpus_months.expect`, which adds up the invented
monthly figures itself; projtrack is only run through ``rank --format json``.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from corpus_months import REGIONS, YEAR, Expected, MonthCase, MonthSpec, expect, write
from projtrack.cli.app import app
from projtrack.errors import UsageError
from projtrack.read.fields import header_months
from projtrack.read.load import load_ledger
from projtrack.render.punctuation import full_width

runner = CliRunner()

LAYOUTS = {
    "by-month": MonthSpec(),
    "by-month-分月": MonthSpec(parent="分月完成投资（万元）", filled=9, seed=3),
    "by-month-月度": MonthSpec(parent=f"{YEAR}年月度完成投资", filled=1, seed=4),
    "by-month-with-plan-months": MonthSpec(plan_months=True, filled=7, seed=5),
    "blocks": MonthSpec(kind="blocks", parent="", filled=4),
    "blocks-under-parent": MonthSpec(kind="blocks", parent=f"{YEAR}年逐月推进情况", filled=6),
    "blocks-with-cumulative": MonthSpec(kind="blocks", parent="", block_cumulative=True),
    "tenday-late": MonthSpec(kind="tenday", tenday_from=7, filled=8, seed=11),
    "tenday-running-total": MonthSpec(kind="tenday", tenday_from=4, filled=7, tenday_running=True),
    "tenday-no-total": MonthSpec(kind="tenday", tenday_from=7, filled=9, tenday_total=False),
    "by-month-一月": MonthSpec(chinese_months=True, filled=11, seed=9),
    "blocks-八月": MonthSpec(kind="blocks", chinese_months=True, parent="", filled=8, seed=8),
    "tenday-all": MonthSpec(kind="tenday", parent="", tenday_total=False, columns=6, filled=4),
}


def rank(path: Path, *args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["rank", str(path), "--format", "json", *args])
    assert result.exit_code == 0, result.stderr
    return dict(json.loads(result.stdout))


def assert_figures(out: dict[str, Any], want: Expected) -> None:
    """Total and per-region figures equal the ones added up from the records."""
    total = out["total"]
    got = (total["projects"], total["annual_plan"], total["completed_ytd"])
    assert got == (want.total[0], pytest.approx(want.total[1]), pytest.approx(want.total[2]))
    rows = {r["group"]: (r["projects"], r["annual_plan"], r["completed_ytd"]) for r in out["rows"]}
    assert rows == {
        g: (n, pytest.approx(plan), pytest.approx(done))
        for g, (n, plan, done) in want.groups.items()
    }
    assert total["completion_rate"] == pytest.approx(want.total[2] / want.total[1])
    assert out["as_of"] == want.as_of


def codes(out: dict[str, Any]) -> list[tuple[str, str]]:
    """The warnings by cell and code, leaving out projects that reported no month at all."""
    return [(w["where"], w["code"]) for w in out["warnings"] if w["code"] != "completed_missing"]


def assert_missing(out: dict[str, Any], case: MonthCase, month: int) -> None:
    """A project with every month up to ``month`` empty is named once (SPEC §6)."""
    got = [
        re.split("[:：]", w["message"])[0]
        for w in out["warnings"]
        if w["code"] == "completed_missing"
    ]
    assert got == [p.name for p in case.projects
                   if all(p.month(m) is None for m in range(1, month + 1))]  # fmt: skip


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_as_of_is_the_last_month_with_figures(name: str, tmp_path: Path) -> None:
    """No month in the title: the year-to-date runs to the last month with figures."""
    case = write(LAYOUTS[name], tmp_path, name)
    out = rank(case.path)
    assert_figures(out, expect(case.projects, case.spec.filled))
    assert codes(out) == []
    assert_missing(out, case, case.spec.filled)


@pytest.mark.parametrize("name", ["by-month", "blocks", "tenday-late", "tenday-all"])
def test_month_option_up_to_the_figures(name: str, tmp_path: Path) -> None:
    """--month N ≤ the last month with figures: January … N, labelled 1-N月."""
    case = write(LAYOUTS[name], tmp_path, name)
    for month in sorted({1, case.spec.filled - 1, case.spec.filled} - {0}):
        out = rank(case.path, "--month", str(month))
        assert_figures(out, expect(case.projects, month))
        assert out["period_label"] == ("1月" if month == 1 else f"1-{month}月")


@pytest.mark.parametrize("name", ["by-month", "blocks", "tenday-late"])
def test_month_option_beyond_the_figures_is_a_usage_error(name: str, tmp_path: Path) -> None:
    case = write(LAYOUTS[name], tmp_path, name)
    last = case.spec.filled
    for args in (["--month", str(last + 1)], ["--as-of", f"{YEAR}-12-31"]):
        result = runner.invoke(app, ["rank", str(case.path), "--format", "json", *args])
        assert result.exit_code == 2, result.output
        asked = last + 1 if args[0] == "--month" else 12
        assert f"截止月份{asked}月超出台账的月度数据" in result.stderr
        assert f"figures up to {last}月 only" in result.stderr
        assert result.stdout == ""
    with pytest.raises(UsageError, match=f"figures up to {last}月 only"):
        load_ledger(case.path, month=last + 1)


@pytest.mark.parametrize("title", ["(截至5月底)", "(1-5月)", "(截止2024年5月末)", "5月份调度"])
def test_as_of_from_the_title(title: str, tmp_path: Path) -> None:
    """The title's month wins over the last month with figures; later figures are named."""
    for kind in ("by-month", "blocks"):
        spec = MonthSpec(kind=kind, filled=7, title=title, parent="" if kind == "blocks" else
                         MonthSpec.parent)  # fmt: skip
        case = write(spec, tmp_path, f"{kind}-title")
        out = rank(case.path)
        assert_figures(out, expect(case.projects, 5))
        later = [w for w in out["warnings"] if w["code"] == "months_after_as_of"]
        assert [w["message"] for w in later] == [
            f"title （重点项目）「{YEAR}年重点项目推进情况表{full_width(title)}」所示截止月份为5月，"
            "6月、7月已填的数字不计入（如需计入，请用 --month 7）"
        ]
        # The same month asked for explicitly: nothing to say about months after it.
        out = rank(case.path, "--month", "5")
        assert codes(out) == []
        assert_figures(rank(case.path, "--month", "7"), expect(case.projects, 7))


def test_title_month_after_the_figures_names_the_empty_month(tmp_path: Path) -> None:
    """截至5月底 on a ledger filled to April: 5月 counts as 0, and that is a finding."""
    case = write(MonthSpec(filled=4, title="(截至5月底)"), tmp_path, "late")
    out = rank(case.path)
    assert_figures(out, expect(case.projects, 5))
    assert codes(out) == [("重点项目!J3", "month_empty")]
    assert "5月的完成投资全部为空" in out["warnings"][0]["message"]


def test_an_empty_month_before_the_as_of_is_a_finding(tmp_path: Path) -> None:
    case = write(MonthSpec(filled=6, empty=(2, 4)), tmp_path, "holes")
    out = rank(case.path)
    assert_figures(out, expect(case.projects, 6))
    assert codes(out) == [("重点项目!G3", "month_empty")]
    assert out["warnings"][0]["message"].startswith("2月、4月的完成投资全部为空")
    # Asked for January only, February is after the as-of: nothing to say.
    assert "month_empty" not in [c for _, c in codes(rank(case.path, "--month", "1"))]


def test_ten_day_parts_that_stop_at_mid_month(tmp_path: Path) -> None:
    """上旬 and 中旬 filled, 下旬 empty for everyone: the as-of is the 20th of that month."""
    spec = MonthSpec(kind="tenday", tenday_from=7, filled=8, mid=True, tenday_total=False)
    case = write(spec, tmp_path, "mid")
    out = rank(case.path)
    assert_figures(out, expect(case.projects, 8, day=20))
    assert out["time_progress"] == pytest.approx((7 + 20 / 31) / 12)
    assert out["period_label"] == "截至8月20日"


def test_up_to_mid_month_column(tmp_path: Path) -> None:
    """A 至8月中旬完成投资额 column: January to 20 August, time progress pro rata."""
    case = write(MonthSpec(kind="upto", filled=8, mid=True), tmp_path, "upto")
    out = rank(case.path)
    assert_figures(out, expect(case.projects, 8, day=20))
    assert out["time_progress"] == pytest.approx((7 + 20 / 31) / 12)
    assert codes(out) == []


def test_ten_day_total_that_disagrees_with_its_parts(tmp_path: Path) -> None:
    """The block's 累计 is used, and each row where it is not the sum of the parts is named."""
    spec = MonthSpec(kind="tenday", tenday_from=3, filled=5, skew=100.0)
    case = write(spec, tmp_path, "skew")
    out = rank(case.path)
    want = expect(case.projects, 5)
    region = REGIONS[0]
    n, plan, done = want.groups[region]
    skewed = replace(want, total=(*want.total[:2], want.total[2] + 100.0),
                     groups={**want.groups, region: (n, plan, done + 100.0)})  # fmt: skip
    assert_figures(out, skewed)
    # 序号 … 计划投资 (A-E), 1月 2月 (F, G), then four columns per ten-day block from 3月.
    column = "GHIJKLMNOPQRSTUVWXYZ"[1 + 4 * (5 - 3) + 3]
    assert codes(out) == [(f"重点项目!{column}6", "tenday_mismatch")]
    assert "不一致；采用前者" in out["warnings"][0]["message"]


@pytest.mark.parametrize("kind", ["by-month", "blocks"])
def test_single_months_without_january_are_refused(kind: str, tmp_path: Path) -> None:
    spec = MonthSpec(kind=kind, first=7, filled=8, parent="" if kind == "blocks" else
                     MonthSpec.parent)  # fmt: skip
    case = write(spec, tmp_path, "late")
    result = runner.invoke(app, ["rank", str(case.path), "--format", "json"])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "错误 Error: late.xlsx [重点项目]: the completion columns give "
    )
    assert "重点项目!F3" in result.stderr and "no year-to-date figure can be made" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("text", "months"),
    [("至8月中旬完成投资额", (1, 8)), ("8月累计完成投资", (1, 8)), ("截止5月底", (1, 5)),
     ("5月末累计", (1, 5)), ("8月", (8, 8)), ("8月当月完成投资额", (8, 8)), ("1-3月", (1, 3)),
     ("本月完成投资", None)],
)  # fmt: skip
def test_header_months(text: str, months: tuple[int, int] | None) -> None:
    assert header_months(text) == months


def test_no_figures_yet_needs_the_month(tmp_path: Path) -> None:
    """A new year's by-month ledger with every month empty: no as-of is guessed."""
    case = write(MonthSpec(filled=0), tmp_path, "blank")
    result = runner.invoke(app, ["rank", str(case.path), "--format", "json"])
    assert result.exit_code == 1
    assert "cannot tell the as-of month" in result.stderr and "--month N" in result.stderr
    out = rank(case.path, "--month", "3")
    assert_figures(out, expect(case.projects, 3))
    assert codes(out) == [("重点项目!F3", "month_empty")]
    assert out["warnings"][0]["message"].startswith("1月、2月、3月的完成投资全部为空")


def test_the_filing_date_is_not_the_as_of(tmp_path: Path) -> None:
    """填报日期 under the title names June; the figures (and the as-of) end in May."""
    spec = MonthSpec(filled=5, line2=f"填报单位:县发改局  填报日期：{YEAR}年6月5日")
    case = write(spec, tmp_path, "filed")
    out = rank(case.path)
    assert_figures(out, expect(case.projects, 5))
    assert codes(out) == []


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    kind=st.sampled_from(["by-month", "blocks", "tenday"]),
    filled=st.integers(1, 11),
    stated=st.one_of(st.none(), st.integers(1, 12)),
    tenday_from=st.integers(1, 12),
    total=st.sampled_from(["month", "running", "none"]),
    seed=st.integers(0, 10_000),
)
def test_random_by_month_ledgers(kind: str, filled: int, stated: int | None, tenday_from: int,
                                 total: str, seed: int, tmp_path: Path) -> None:  # fmt: skip
    """Any layout, fill and title: the figures of the as-of month, or a clear refusal."""
    title = f"(截至{stated}月底)" if stated else ""
    spec = MonthSpec(kind=kind, filled=filled, title=title, tenday_from=tenday_from,
                     tenday_total=total != "none", tenday_running=total == "running",
                     seed=seed, n=6,
                     parent="" if kind == "blocks" and seed % 2 else MonthSpec.parent)  # fmt: skip
    case = write(spec, tmp_path, f"random-{kind}")
    month = stated or filled
    out = rank(case.path)
    assert_figures(out, expect(case.projects, month))
    assert_missing(out, case, month)
    want = [] if month <= filled else [("重点项目!", "month_empty")]
    assert [(w.rstrip("0123456789").rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), c)
            for w, c in codes(out) if c == "month_empty"] == want  # fmt: skip
    later = [c for _, c in codes(out) if c == "months_after_as_of"]
    assert later == (["months_after_as_of"] if month < filled else [])


def test_a_month_block_beside_a_year_to_date_column(tmp_path: Path) -> None:
    """8月 over 当月完成投资额 left of 本年累计完成投资: the latter is the year-to-date."""
    import xlsxwriter

    path = tmp_path / "beside.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("重点项目")
    ws.merge_range(0, 0, 0, 5, f"{YEAR}年重点项目推进情况表")
    for j, text in enumerate(["项目名称", "县(市、区)", f"{YEAR}年计划投资"]):
        ws.merge_range(1, j, 2, j, text)
    ws.merge_range(1, 3, 1, 4, "8月")
    ws.write(2, 3, "当月完成投资额")
    ws.write(2, 4, "形象进度")
    ws.merge_range(1, 5, 2, 5, "本年累计完成投资")
    rows = [("甲项目", "旌阳区", 1000, 30, "主体完工", 600), ("乙项目", "中江县", 800, 20, "", 500)]
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            ws.write(3 + i, j, value)
    wb.close()
    out = rank(path, "--month", "8")
    assert (out["total"]["annual_plan"], out["total"]["completed_ytd"]) == (1800, 1100)
    ledger = load_ledger(path)
    assert ledger.projects["completed_month"].to_list() == [30, 20]


def test_a_month_the_columns_cannot_give_is_a_usage_error(tmp_path: Path) -> None:
    """1-2月 + 3月 … columns cannot give January alone: --month 1 names both."""
    from corpus import Spec, build

    case = build(Spec(wide="jan-feb", month=5), tmp_path, "jan-feb")
    result = runner.invoke(app, ["rank", str(case.path), "--format", "json", "--month", "1"])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "错误 Error: option --month → 1月: jan-feb.xlsx: the month columns"
    )
    assert "for 2月、3月、4月、5月、6月 only, not for 1月" in result.stderr


def test_a_month_parent_over_its_own_figure_and_the_running_total(tmp_path: Path) -> None:
    """5月完成投资 over 本月 | 1-5月累计 (a tester found it refused): the 累计 child that runs
    from January is the year-to-date figure, 本月 the month's own."""
    import xlsxwriter

    from projtrack.read.load import load_ledger

    path = tmp_path / "2024年5月台账.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("台账")
    ws.write_row(0, 0, ["2024年重点项目推进情况表"])
    for col, text in enumerate(["序号", "项目名称", "年度计划投资"]):
        ws.merge_range(1, col, 2, col, text)
    ws.merge_range(1, 3, 1, 4, "5月完成投资")
    ws.write_row(2, 3, ["本月", "1-5月累计"])
    ws.write_row(3, 0, [1, "甲", 10000, 500, 3000])
    ws.write_row(4, 0, [2, "乙", 5000, 300, 2100])
    wb.close()
    ledger = load_ledger(path)
    assert ledger.projects["completed_ytd"].to_list() == [3000.0, 2100.0]
    assert ledger.projects["completed_month"].to_list() == [500.0, 300.0]
