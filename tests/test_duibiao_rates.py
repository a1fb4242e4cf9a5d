"""对标 of rates that are changes (增速): a cell with % or a rate word makes a rate, shown
as a percentage with its gap in 个百分点, and a change rate has no 达到X的 ratio; a table
with its units down and periods across is read; from the store, a 较上期 across a missing
month names the period it compares with. Expected figures are worked out by hand."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.figures.duibiao import skipped_months
from projtrack.jobs.duibiao import duibiao
from projtrack.render.duibiao import duibiao_sentence, duibiao_views
from projtrack.store import Store

# 射洪市, 蓬溪县 and 大英县's growth of fixed-asset investment, in percent.
GROWTH = {
    "2023年一季度": (8.5, 10.2, 6.1),
    "2023年上半年": (-2.3, 5.6, 3.0),
    "2023年前三季度": (1.5, 4.8, -1.2),
    "2023年": (3.2, 3.3, 2.0),
}


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def growth_wide(tmp_path: Path) -> Path:
    lines = ["射洪市固定资产投资增速对标表", "期别,射洪市,蓬溪县,大英县"]
    lines += [f"{p},{a}%,{b}%,{c}%" for p, (a, b, c) in GROWTH.items()]
    return write(tmp_path / "增速对标.csv", "\n".join(lines) + "\n")


def test_cells_with_percent_are_a_rate_and_a_change_has_no_ratio(tmp_path: Path) -> None:
    """8.5% was shown 0.09 against 0.10, the gap -0.01, and 达到蓬溪县的-41.1% was said."""
    report = duibiao(growth_wide(tmp_path), unit="射洪市", model="蓬溪县")
    assert report.rate and not report.ratios
    gaps = [round(a - b, 1) for a, b, _ in GROWTH.values()]  # -1.7, -7.9, -3.3, -0.1
    assert report.rows["gap"].to_list() == pytest.approx(gaps)
    assert report.rows["gap"].to_list()[0] == pytest.approx(-1.7)
    assert report.rows["gap"].to_list()[-1] == pytest.approx(-0.1)
    assert report.rows["gap_change"].to_list()[1:] == pytest.approx(
        [round(gaps[k] - gaps[k - 1], 1) for k in range(1, 4)]
    )
    assert report.rows["ratio"].to_list() == [None] * 4
    assert report.rows["ratio_change_pp"].to_list() == [None] * 4
    assert duibiao_sentence(report) == (
        "2023年，射洪市3.2%，低于蓬溪县0.1个百分点，差距较上期缩小3.2个百分点。"
    )
    (view,) = duibiao_views(report)
    assert view.headers == ["期别", "射洪市", "蓬溪县", "差距（个百分点）", "差距较上期"]
    assert view.rows[0] == ["2023年一季度", "8.5%", "10.2%", "-1.7", "—"]
    assert view.rows[1] == ["2023年上半年", "-2.3%", "5.6%", "-7.9", "-6.2"]
    data = json.loads(CliRunner().invoke(app, ["duibiao", str(growth_wide(tmp_path)), "--unit",
                                               "射洪市", "--model", "蓬溪县", "-f", "json"]).stdout)  # fmt: skip
    assert data["rate"] is True and data["ratios"] is False


@pytest.mark.parametrize("cell", ["{}%", "{}"])
def test_a_growth_indicator_is_a_rate_by_its_name(tmp_path: Path, cell: str) -> None:
    """固定资产投资增速 typed 8.5% or 8.5: a rate either way, in points, with no ratio."""
    lines = ["期别,单位,指标,值"]
    for period, (a, b, _) in list(GROWTH.items())[:2]:
        lines += [f"{period},射洪市,固定资产投资增速,{cell.format(a)}",
                  f"{period},蓬溪县,固定资产投资增速,{cell.format(b)}"]  # fmt: skip
    report = duibiao(write(tmp_path / "长表.csv", "\n".join(lines) + "\n"), unit="射洪市",
                     model="蓬溪县")  # fmt: skip
    assert report.rate and not report.ratios
    assert report.rows["value"].to_list() == pytest.approx([0.085, -0.023])
    assert report.rows["gap"].to_list() == pytest.approx([-1.7, -7.9])
    assert duibiao_sentence(report) == (
        "2023年上半年，射洪市固定资产投资增速-2.3%，低于蓬溪县7.9个百分点，"
        "差距较上期扩大6.2个百分点。"
    )


def test_a_share_in_percent_keeps_its_ratio(tmp_path: Path) -> None:
    """A share (never below 0) typed with % is a rate whose ratio means something."""
    path = write(tmp_path / "s.csv", "期别,甲县,乙县\n1-3月,20%,25%\n1-6月,45%,50%\n")
    report = duibiao(path, unit="甲县", model="乙县")
    assert report.rate and report.ratios
    assert report.rows["ratio"].to_list() == pytest.approx([0.20 / 0.25, 0.45 / 0.50])
    assert report.rows["gap"].to_list() == pytest.approx([-5.0, -5.0])
    assert "达到乙县的" in duibiao_views(report)[0].headers


def test_an_amount_below_zero_has_no_ratio(tmp_path: Path) -> None:
    """-5 is not -50% of 10: the ratio is left out and the gap is said in the unit."""
    path = write(tmp_path / "利润.csv",
                 "期别,单位,指标,值\n2022年,甲,利润（亿元）,4\n2022年,乙,利润（亿元）,8\n"
                 "2023年,甲,利润（亿元）,-5\n2023年,乙,利润（亿元）,10\n")  # fmt: skip
    report = duibiao(path, unit="甲", model="乙")
    assert not report.rate and report.ratios
    assert report.rows["ratio"].to_list() == pytest.approx([0.5, None])
    assert report.rows["gap"].to_list() == pytest.approx([-4.0, -15.0])
    assert duibiao_sentence(report) == "2023年，甲利润-5.00，低于乙15.00亿元。"


@pytest.mark.parametrize(
    ("corner", "indicator"),
    [("单位", ""), ("", ""), ("单位\\年份", ""), ("地区/时间", "锂电产值（亿元）")],
)
def test_units_down_and_periods_across(tmp_path: Path, corner: str, indicator: str) -> None:
    """单位 | 2020年 | 2021年 …, the printed report's layout, was refused (no series found)."""
    periods = ["2020年", "2021年", "2022年一季度", "2022年（预计）"]
    values = {"安居区": [1.07, 30, 13.8, 110], "溧阳": [100, 200, 60, 400]}
    head = [corner, *(["指标"] if indicator else []), *periods]
    lines = ["安居区锂电产业对标溧阳（产值，亿元）", ",".join(head)]
    for unit, row in values.items():
        lines.append(",".join([unit, *([indicator] if indicator else []), *map(str, row)]))
    report = duibiao(write(tmp_path / "横表.csv", "\n".join(lines) + "\n"), unit="安居区",
                     model="溧阳")  # fmt: skip
    assert report.rows["period"].to_list() == periods
    assert report.rows["value"].to_list() == pytest.approx(values["安居区"])
    assert report.rows["model_value"].to_list() == pytest.approx(values["溧阳"])
    assert report.rows["ratio"].to_list() == pytest.approx([0.0107, 0.15, 0.23, 0.275])
    assert report.indicator == indicator
    assert duibiao_sentence(report).endswith("达到溧阳的27.5%，较上期提高4.5个百分点。")


def test_a_table_of_units_down_names_a_bad_cell(tmp_path: Path) -> None:
    path = write(tmp_path / "横表.csv", "单位,2020年,2021年\n安居区,1.07,abc\n溧阳,100,200\n")
    result = CliRunner().invoke(app, ["duibiao", str(path), "--unit", "安居区", "--model", "溧阳"])
    assert result.exit_code == 1
    assert "横表!C2" in result.stderr and "“abc”不是数值" in result.stderr


@pytest.mark.parametrize(
    ("months", "skipped"),
    [([3, 5], [None, "2024年4月"]), ([3, 6, 9], [None, "2024年4-5月", "2024年7-8月"]),
     ([1, 2, 3], [None, None, None]), ([3, 3], [None, None])],
)  # fmt: skip
def test_skipped_months(months: list[int], skipped: list[str | None]) -> None:
    dates = [date(2024, m, 28) for m in months]
    assert skipped_months(dates, [False] * len(dates)) == skipped


def test_a_missing_month_is_named_not_called_the_period_before(
    runner: CliRunner, tidy, tmp_path: Path
) -> None:
    """1-5月 against 一季度 with 4月 not stored was labelled 较上期 with no note."""
    done = {3: (30, 40), 5: (45, 50)}  # 东区's and 西区's completed of a plan of 100
    for m, (east, west) in done.items():
        header = ["项目名称", "县(市、区)", "年度计划投资", f"1-{m}月完成投资"]
        path = tidy(header, [["甲", "东区", 100, east], ["乙", "西区", 100, west]],
                    name=f"m{m}.xlsx", title="2024年重点项目推进情况")  # fmt: skip
        assert runner.invoke(app, ["ingest", str(path)]).exit_code == 0
    report = duibiao(unit="东区", model="西区", store=Store(Path("projtrack-data")))
    assert report.rows["period"].to_list() == ["2024年一季度", "2024年1-5月"]
    assert report.rows["gap"].to_list() == pytest.approx([-10.0, -5.0])
    assert report.rows["against"].to_list() == [None, "2024年一季度"]
    assert report.rows["skipped"].to_list() == [None, "2024年4月"]
    assert duibiao_sentence(report) == (
        "2024年1-5月，东区完成率45.0%，低于西区5.0个百分点，差距较2024年一季度缩小5.0个百分点。"
    )
    (view,) = duibiao_views(report)
    assert view.notes[-1] == "较上期：2024年1-5月与2024年一季度比较（2024年4月未入库）。"


def test_the_workbook_of_a_change_rate_has_no_ratio_chart(tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "对标.xlsx"
    result = CliRunner().invoke(app, ["duibiao", str(growth_wide(tmp_path)), "--unit", "射洪市",
                                      "--model", "蓬溪县", "-o", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out).active
    assert [c.value for c in ws[2]] == [
        "期别",
        "射洪市",
        "蓬溪县",
        "差距（个百分点）",
        "差距较上期",
    ]
    assert ws["D3"].value == pytest.approx(-1.7)
    assert len(ws._charts) == 1  # the two series; no 达到蓬溪县的 columns
