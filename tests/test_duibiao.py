"""`projtrack duibiao` (对标): ratio and gap series against hand computations, and the
published 安居区 vs 溧阳 series (1.07% → 15% → 23% → 27.5%)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.jobs.duibiao import duibiao
from projtrack.render.duibiao import duibiao_sentence
from projtrack.store import Store

# 溧阳's output and 安居区's, chosen so the ratios are the published ones.
LIYANG = {"2020年": 100.0, "2021年": 200.0, "2022年一季度": 60.0, "2022年（预计）": 400.0}
RATIOS = {"2020年": 0.0107, "2021年": 0.15, "2022年一季度": 0.23, "2022年（预计）": 0.275}


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def lithium_long(tmp_path: Path) -> Path:
    lines = ["安居区锂电产业对标溧阳", "期别,单位,指标,值"]
    for period, value in LIYANG.items():
        lines.append(f"{period},溧阳,锂电产值（亿元）,{value}")
        lines.append(f"{period},安居区,锂电产值（亿元）,{value * RATIOS[period]:.4f}")
    return write(tmp_path / "对标.csv", "\n".join(lines) + "\n")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_published_ratio_series(tmp_path: Path) -> None:
    report = duibiao(lithium_long(tmp_path), unit="安居区", model="溧阳")
    assert report.rows["period"].to_list() == list(LIYANG)  # file order, not sorted
    assert report.rows["ratio"].to_list() == pytest.approx(list(RATIOS.values()))
    changes = report.rows["ratio_change_pp"].to_list()
    assert changes[0] is None
    assert changes[1:] == pytest.approx([15 - 1.07, 23 - 15, 27.5 - 23])
    gaps = [LIYANG[p] * RATIOS[p] - LIYANG[p] for p in LIYANG]
    assert report.rows["gap"].to_list() == pytest.approx(gaps)
    assert report.indicator == "锂电产值（亿元）" and not report.rate
    assert duibiao_sentence(report) == (
        "2022年（预计），安居区锂电产值达到溧阳的27.5%，较上期提高4.5个百分点。"
    )


def test_markdown_shows_small_ratios_with_two_decimals(tmp_path: Path) -> None:
    code, out, _ = run("duibiao", str(lithium_long(tmp_path)), "--unit", "安居区",
                       "--model", "溧阳", "-f", "md")  # fmt: skip
    assert code == 0
    assert "| 2020年 | 1.07 | 100.00 | 1.07% |" in out
    assert "| 2022年（预计） | 110.00 | 400.00 | 27.5% | -290.00 | +4.5 |" in out


def test_wide_file_average_model_and_rates_in_points(tmp_path: Path) -> None:
    """Completion rates typed as percentages; the model is the mean of the units."""
    path = write(
        tmp_path / "rates.csv", "期别,甲县,乙县,丙县\n1-3月,30.5,25,28\n1-6月,52,48.5,51\n"
    )
    report = duibiao(path, unit="乙县", model="average", indicator=None)
    assert report.rate is False  # no rate word in a wide file without an indicator
    path = write(tmp_path / "rates2.csv",
                 "期别,单位,指标,值\n1-3月,甲县,完成率,30.5\n1-3月,乙县,完成率,25%\n"
                 "1-3月,丙县,完成率,28\n1-6月,甲县,完成率,52\n1-6月,乙县,完成率,48.5\n"
                 "1-6月,丙县,完成率,51\n")  # fmt: skip
    report = duibiao(path, unit="乙县", model="average")
    assert report.rate and report.model == "平均水平"
    mean_q1 = (0.305 + 0.25 + 0.28) / 3  # 27.8333…%, shown 27.8%
    mean_h1 = (0.52 + 0.485 + 0.51) / 3  # 50.5%
    assert report.rows["model_value"].to_list() == pytest.approx([mean_q1, mean_h1])
    # the gaps of the shown rates (25.0 − 27.8, 48.5 − 50.5), and their change
    assert report.rows["gap"].to_list() == [-2.8, -2.0]
    assert report.rows["gap_change"].to_list() == [None, 0.8]
    assert duibiao_sentence(report) == (
        "1-6月，乙县完成率48.5%，低于平均水平2.0个百分点，差距较上期缩小0.8个百分点。"
    )


def _rates(tmp_path: Path, periods: dict[str, tuple[float, float, float]]) -> Path:
    lines = ["期别,单位,指标,值"]
    for period, values in periods.items():
        lines += [
            f"{period},{u},完成率,{v}"
            for u, v in zip(("甲县", "乙县", "丙县"), values, strict=True)
        ]
    return write(tmp_path / "rates.csv", "\n".join(lines) + "\n")


@pytest.mark.parametrize(
    ("periods", "expected"),
    [
        # 乙县 2.3 points above the mean, then 1.0 below: the side changed, nothing "widened"
        ({"1-6月": (50.0, 52.3, 47.6), "1-9月": (70.0, 72.0, 77.0)},
         "1-9月，乙县完成率72.0%，由上期高于平均水平2.3个百分点转为低于1.0个百分点。"),
        ({"1-6月": (50.0, 47.0, 53.0), "1-9月": (70.0, 74.0, 72.0)},
         "1-9月，乙县完成率74.0%，由上期低于平均水平3.0个百分点转为高于2.0个百分点。"),
        ({"1-6月": (49.0, 52.0, 52.0), "1-9月": (70.0, 73.0, 73.0)},
         "1-9月，乙县完成率73.0%，高于平均水平1.0个百分点，领先幅度与上期持平。"),
        ({"1-6月": (50.0, 47.0, 53.0), "1-9月": (70.0, 71.0, 72.0)},
         "1-9月，乙县完成率71.0%，与平均水平持平（上期低于3.0个百分点）。"),
        ({"1-6月": (50.0, 50.0, 50.0), "1-9月": (70.0, 68.0, 72.0)},
         "1-9月，乙县完成率68.0%，低于平均水平2.0个百分点（上期与平均水平持平）。"),
    ],
)  # fmt: skip
def test_the_gap_sentence_follows_the_side(
    tmp_path: Path, periods: dict[str, tuple[float, float, float]], expected: str
) -> None:
    report = duibiao(_rates(tmp_path, periods), unit="乙县", model="average")
    means = [round(sum(v) / 3, 1) for v in periods.values()]  # as shown: 49.9666… is 50.0
    gaps = [(v[1] - m) for v, m in zip(periods.values(), means, strict=True)]
    assert report.rows["gap"].to_list() == pytest.approx(gaps)  # points: rates typed as 52.3
    assert duibiao_sentence(report) == expected


def test_the_table_signs_the_gap_of_rates(tmp_path: Path) -> None:
    path = _rates(tmp_path, {"1-6月": (50.0, 52.3, 47.6), "1-9月": (70.0, 72.0, 77.0)})
    code, out, _ = run("duibiao", str(path), "--unit", "乙县", "--model", "average", "-f", "md")
    assert code == 0
    assert "| 1-6月 | 52.3% | 50.0% | 104.7% | +2.3 |" in out
    assert "| 1-9月 | 72.0% | 73.0% | 98.6% | -1.0 |" in out


def test_bad_value_and_unknown_unit(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.csv", "期别,甲县,乙县\n2023年,10,约二十\n")
    code, out, err = run("duibiao", str(path), "--unit", "甲县", "--model", "乙县")
    assert code == 1 and out == "" and "bad!C2" in err and "“约二十”不是数值" in err
    good = write(tmp_path / "good.csv", "期别,甲县,乙县\n2023年,10,20\n")
    code, _, err = run("duibiao", str(good), "--unit", "甲县", "--model", "丁县")
    assert code == 2 and "no unit '丁县'" in err and "甲县、乙县" in err


def test_several_indicators_need_a_choice(tmp_path: Path) -> None:
    path = write(tmp_path / "two.csv", "期别,单位,指标,值\n2023,甲,产值,1\n2023,甲,税收,2\n"
                 "2023,乙,产值,3\n2023,乙,税收,4\n")  # fmt: skip
    code, _, err = run("duibiao", str(path), "--unit", "甲", "--model", "乙")
    assert code == 2 and "产值、税收" in err and "--indicator" in err
    report = duibiao(path, unit="甲", model="乙", indicator="税收")
    assert report.rows["ratio"].to_list() == pytest.approx([0.5])


def test_completion_rates_from_the_store(runner: CliRunner, tidy, tmp_path: Path) -> None:
    """No file: each stored period's Σ/Σ completion rate of the unit and of the model."""
    months = {
        2: [["甲", "东区", 100, 10], ["乙", "东区", 300, 30], ["丙", "西区", 200, 40],
            ["丁", "南区", 100, 2]],
        3: [["甲", "东区", 100, 30], ["乙", "东区", 300, 60], ["丙", "西区", 200, 50],
            ["丁", "南区", 100, 30]],
    }  # fmt: skip
    for m, rows in months.items():
        header = ["项目名称", "县(市、区)", "年度计划投资", f"1-{m}月完成投资"]
        path = tidy(header, rows, name=f"m{m}.xlsx", title="2024年绵竹市重点项目推进情况")
        assert runner.invoke(app, ["ingest", str(path)]).exit_code == 0
    report = duibiao(unit="东区", model="西区", store=Store(Path("projtrack-data")))
    east = [(10 + 30) / 400, (30 + 60) / 400]
    west = [40 / 200, 50 / 200]
    assert report.rows["value"].to_list() == pytest.approx(east)
    assert report.rows["gap"].to_list() == pytest.approx([(e - w) * 100 for e, w in
                                                          zip(east, west, strict=True)])  # fmt: skip
    assert report.rows["period"].to_list() == ["2024年1-2月", "2024年一季度"]
    average = duibiao(unit="南区", model="average", store=Store(Path("projtrack-data")))
    totals = [(10 + 30 + 40 + 2) / 700, (30 + 60 + 50 + 30) / 700]
    assert average.rows["model_value"].to_list() == pytest.approx(totals)
    result = runner.invoke(app, ["duibiao", "--unit", "东区", "--model", "西区", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == json.loads(json.dumps(report.to_json()))
    result = runner.invoke(app, ["duibiao", "--unit", "北区", "--model", "西区"])
    assert result.exit_code == 2 and "东区、南区、西区" in result.stderr


def test_an_unchanged_ratio_is_said_so(tmp_path: Path) -> None:
    path = write(tmp_path / "v.csv", "期别,甲,乙\n2020年,100,50\n2021年,200,100\n")
    report = duibiao(path, unit="乙", model="甲")
    assert duibiao_sentence(report) == "2021年，乙达到甲的50.0%，与上期持平。"


def test_no_change_is_stated_against_a_period_without_a_figure(tmp_path: Path) -> None:
    """溧阳 at 0 in 2022 leaves that year without a ratio: 2023's 比值较上期 was taken
    against 2021 (−5.0, 较上期下降) while its 差距较上期 was against 2022. 上期 is the
    period before: without its figure there is no change to state."""
    path = write(tmp_path / "产值.csv",
                 "期别,安居区,溧阳\n2021年,30,200\n2022年,45,0\n2023年,20,200\n")  # fmt: skip
    report = duibiao(path, unit="安居区", model="溧阳")
    assert report.rows["ratio"].to_list() == pytest.approx([0.15, None, 0.10])
    assert report.rows["ratio_change_pp"].to_list() == [None, None, None]
    assert report.rows["gap_change"].to_list() == pytest.approx([None, 45 + 170, -180 - 45])
    assert duibiao_sentence(report) == "2023年，安居区达到溧阳的10.0%。"


def test_a_new_year_s_first_period_is_not_compared_with_last_december(
    runner: CliRunner, tidy, tmp_path: Path
) -> None:
    """Year-to-date rates start again in January: 2025年1月 against 2024年全年 is no 较上期."""
    header_of = {(2024, 12): "1-12月完成投资", (2025, 1): "1月完成投资"}
    rows = {(2024, 12): [["甲", "东区", 100, 90], ["乙", "西区", 100, 60]],
            (2025, 1): [["甲", "东区", 100, 5], ["乙", "西区", 100, 9]]}  # fmt: skip
    for (year, month), body in rows.items():
        header = ["项目名称", "县(市、区)", "年度计划投资", header_of[(year, month)]]
        path = tidy(header, body, name=f"{year}-{month}.xlsx", title=f"{year}年重点项目推进情况")
        assert runner.invoke(app, ["ingest", str(path)]).exit_code == 0, path
    report = duibiao(unit="东区", model="西区", store=Store(Path("projtrack-data")))
    assert report.rows["period"].to_list() == ["2024年全年", "2025年1月"]
    assert report.rows["gap"].to_list() == pytest.approx([30.0, -4.0])
    assert report.rows["gap_change"].to_list() == [None, None]
    assert report.rows["ratio_change_pp"].to_list() == [None, None]
    assert duibiao_sentence(report) == "2025年1月，东区完成率5.0%，低于西区4.0个百分点。"


def test_a_period_given_twice_is_refused_with_its_cells(tmp_path: Path) -> None:
    path = write(tmp_path / "dup.csv", "期别,单位,指标,值\n2020,安居区,锂电产值,1\n"
                 "2020,安居区,锂电产值,2\n2020,溧阳,锂电产值,10\n")  # fmt: skip
    code, out, err = run("duibiao", str(path), "--unit", "安居区", "--model", "溧阳")
    assert code == 1 and out == ""
    assert "安居区 has more than one value for 2020 (dup!D2、dup!D3)" in err


def test_an_empty_series_and_an_empty_store(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path / "空.csv", "期别,单位,指标,值\n")
    code, _, err = run("duibiao", str(path), "--unit", "安居区", "--model", "溧阳")
    assert code == 1 and "has its header but no value under it" in err
    code, _, err = run("duibiao", "--unit", "东区", "--store", str(tmp_path / "none"))
    assert code == 3 and "还没有入库的期次" in err


def test_gaps_and_changes_are_those_of_the_shown_figures(tmp_path: Path) -> None:
    """72.95% shows as 73.0%: 70.0% against it is a gap of 3.0 points, as 80.0% against
    83.0% is, so the gap is unchanged (not 扩大0.1 from the raw 2.95); a lead of 2.6 that
    became 0.1 (40.05% shown 40.1% against 40.0%) narrowed by 2.5, as the table reads."""
    path = write(tmp_path / "t.csv", "期别,单位,指标,值\n"
                 "1-2月,中江县,完成率,12.3%\n1-2月,旌阳区,完成率,15.1\n"
                 "1-3月,中江县,完成率,25.0%\n1-3月,旌阳区,完成率,27.2\n"
                 "1-4月,中江县,完成率,33.6%\n1-4月,旌阳区,完成率,31.0\n"
                 "1-5月,中江县,完成率,40.05%\n1-5月,旌阳区,完成率,40.0\n"
                 "1-9月,中江县,完成率,70.0%\n1-9月,旌阳区,完成率,72.95\n"
                 "1-10月,中江县,完成率,80.0%\n1-10月,旌阳区,完成率,83.0\n")  # fmt: skip
    report = duibiao(path, unit="中江县", model="旌阳区")
    assert report.rows["gap"].to_list() == [-2.8, -2.2, 2.6, 0.1, -3.0, -3.0]
    assert report.rows["gap_change"].to_list() == [None, 0.6, 4.8, -2.5, -3.1, 0.0]
    # ratios 81.5% → 91.9%: +10.4 from the shown ones (10.45 from the raw ones)
    assert report.rows["ratio_change_pp"][1] == 10.4
    assert (
        duibiao_sentence(report)
        == "1-10月，中江县完成率80.0%，低于旌阳区3.0个百分点，差距与上期持平。"
    )
    code, out, _ = run("duibiao", str(path), "--unit", "中江县", "--model", "旌阳区", "-f", "md")
    assert code == 0
    assert "| 1-3月 | 25.0% | 27.2% | 91.9% | -2.2 | +10.4 | +0.6 |" in out
    assert "| 1-5月 | 40.1% | 40.0% | 100.1% | +0.1 | -8.3 | -2.5 |" in out
    assert "| 1-10月 | 80.0% | 83.0% | 96.4% | -3.0 | +0.4 | 0.0 |" in out
    five = write(tmp_path / "t5.csv", "\n".join(path.read_text(encoding="utf-8").splitlines()[:9]))
    assert duibiao_sentence(duibiao(five, unit="中江县", model="旌阳区")) == (
        "1-5月，中江县完成率40.1%，高于旌阳区0.1个百分点，领先幅度较上期缩小2.5个百分点。"
    )


def test_ratio_decimals_are_chosen_on_the_shown_value(tmp_path: Path) -> None:
    """9.996% shows as 10.0% (one decimal from 10% up), not 10.00%; a ratio that is not 0
    but shows as 0.00% is said as 不足…的0.01%, never 达到…的0.00%."""
    path = write(tmp_path / "r.csv", "期别,单位,指标,值\n2022年,甲,产值（亿元）,9.996\n"
                 "2022年,乙,产值（亿元）,100\n2023年,甲,产值（亿元）,0.004\n"
                 "2023年,乙,产值（亿元）,100\n")  # fmt: skip
    code, out, _ = run("duibiao", str(path), "--unit", "甲", "--model", "乙", "-f", "md")
    assert code == 0
    assert "| 2022年 | 10.00 | 100.00 | 10.0% | -90.00 | — | — |" in out
    assert "| 2023年 | 0.00 | 100.00 | 0.00% | -100.00 | -10.0 | -10.00 |" in out
    report = duibiao(path, unit="甲", model="乙")
    assert duibiao_sentence(report) == "2023年，甲产值不足乙的0.01%，较上期下降10.0个百分点。"
    zero = write(tmp_path / "z.csv", "期别,甲,乙\n2023年,0,100\n")
    assert duibiao_sentence(duibiao(zero, unit="甲", model="乙")) == "2023年，甲达到乙的0.00%。"


def test_a_unit_is_not_its_own_model_from_the_store_or_a_file(
    runner: CliRunner, tidy, tmp_path: Path
) -> None:
    """凯江镇 against 凯江镇 from the store was an internal error (ShapeError: the unit's and
    the model's rows were told apart by name, so each period came four times); from a file
    it was a table of 100% and 0 gaps. Both are now the same usage error, in Chinese."""
    for m in (2, 3):
        header = ["项目名称", "县(市、区)", "年度计划投资", f"1-{m}月完成投资"]
        rows = [["甲", "东区", 100, 10 * m], ["乙", "西区", 200, 15 * m]]
        path = tidy(header, rows, name=f"m{m}.xlsx", title="2024年绵竹市重点项目推进情况")
        assert runner.invoke(app, ["ingest", str(path)]).exit_code == 0
    result = runner.invoke(app, ["duibiao", "--unit", "东区", "--model", "东区"])
    assert result.exit_code == 2 and result.stdout == ""
    assert "--unit 与 --model 是同一单位（东区）" in result.stderr
    assert "内部错误" not in result.stderr
    series = write(tmp_path / "v.csv", "期别,甲县,乙县\n2023年,10,20\n2024年,12,20\n")
    code, out, err = run("duibiao", str(series), "--unit", "甲县", "--model", "甲县")
    assert code == 2 and out == "" and "--unit 与 --model 是同一单位（甲县）" in err
    Path("projtrack.toml").write_text('[aliases]\n"东区" = ["城东"]\n', encoding="utf-8")
    result = runner.invoke(app, ["duibiao", "--unit", "城东", "--model", "东区"])
    assert result.exit_code == 2 and "城东 与 东区 都指 东区" in result.stderr
    # Other models from the same store are unchanged: one row per stored period.
    report = duibiao(unit="东区", model="西区", store=Store(Path("projtrack-data")))
    assert report.rows["period"].to_list() == ["2024年1-2月", "2024年一季度"]
    assert report.rows["gap"].to_list() == pytest.approx([20.0 - 15.0, 30.0 - 22.5])


def test_benchmark_refuses_a_period_given_twice() -> None:
    """The figures count changes per period: repeated rows would misalign the columns."""
    import polars as pl

    from projtrack.figures.duibiao import benchmark

    one = pl.DataFrame({"period": ["a", "b"], "value": [1.0, 2.0]})
    twice = pl.DataFrame({"period": ["a", "a", "b"], "value": [1.0, 1.0, 2.0]})
    with pytest.raises(ValueError, match="more than one value"):
        benchmark(twice, one, periods=["a", "b"], rate=False)
    with pytest.raises(ValueError, match="a period repeats"):
        benchmark(one, one, periods=["a", "a"], rate=False)
    rows = benchmark(one, one.with_columns(pl.col("value") * 4), periods=["a", "b"], rate=False)
    assert rows["ratio"].to_list() == pytest.approx([0.25, 0.25])
