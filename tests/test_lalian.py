"""`projtrack lalian`: 拉练 scores against hand computations and the published worked numbers
(济宁's tie rule and vote formula, 禹州's 30/30/30/10 combination)."""

from __future__ import annotations

import json
import random
import statistics
from pathlib import Path

import pytest
import xlsxwriter
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.config import Config, Lalian
from projtrack.jobs.lalian import lalian
from projtrack.render.lalian import chinese_count, chinese_ordinal, lalian_sentence


def write_book(path: Path, sheets: dict[str, list[list[object]]], title: str = "") -> Path:
    """A workbook with one sheet per entry; an optional title row above each header."""
    book = xlsxwriter.Workbook(str(path))
    for name, rows in sheets.items():
        ws = book.add_worksheet(name)
        offset = 0
        if title:
            ws.write(0, 0, title)
            offset = 2
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    ws.write(r + offset, c, value)
    book.close()
    return path


def judges_by_units(units: list[str], scores: dict[str, list[float | None]]) -> list[list[object]]:
    """评委 down, units across: ``scores[judge][i]`` is unit i's score."""
    return [["评委", *units]] + [[judge, *row] for judge, row in scores.items()]


def run(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


# 济宁 2015 (published): 嘉祥 77.93 and 汶上 77.93 share 9th place, 梁山 is 11th.
JINING = {
    "任城区": 95.71, "兖州区": 93.20, "曲阜市": 90.05, "邹城市": 88.64, "微山县": 85.12,
    "鱼台县": 83.40, "金乡县": 81.96, "泗水县": 79.35, "嘉祥县": 77.93, "汶上县": 77.93,
    "梁山县": 75.02, "高新区": 72.48,
}  # fmt: skip


def jining_sheet(tmp_path: Path) -> Path:
    """Three judges whose scores average exactly to the published ones (±0.01 spread)."""
    units = list(JINING)
    rows = {
        "评委1": [JINING[u] + 0.01 for u in units],
        "评委2": [JINING[u] for u in units],
        "评委3": [JINING[u] - 0.01 for u in units],
    }
    return write_book(tmp_path / "2015年一季度拉练打分.xlsx", {"打分": judges_by_units(units, rows)},
                      title="2015年一季度重点项目拉练评比打分表")  # fmt: skip


def test_tie_shares_the_rank_and_skips_the_next(tmp_path: Path) -> None:
    report = lalian(jining_sheet(tmp_path))
    ranks = dict(zip(report.units["unit"], report.units["rank"], strict=True))
    assert (ranks["嘉祥县"], ranks["汶上县"], ranks["梁山县"]) == (9, 9, 11)
    expected = sorted(JINING.values(), reverse=True)
    assert [round(s, 2) for s in report.units["score"]] == expected
    assert report.label == "2015年一季度"
    assert report.units.filter(report.units["list"] == "top")["unit"].to_list() == [
        "任城区", "兖州区", "曲阜市"]  # fmt: skip


def test_bottom_list_takes_the_last_n_places(tmp_path: Path) -> None:
    report = lalian(jining_sheet(tmp_path))
    bottom = report.units.filter(report.units["list"] == "bottom")["unit"].to_list()
    # From the bottom: 高新区 12th, 梁山县 11th, then 嘉祥县/汶上县 tied 9th (one place from
    # the bottom counts both): the tie at the edge keeps both.
    assert sorted(bottom) == sorted(["汶上县", "嘉祥县", "梁山县", "高新区"])


def test_sentence_reads_like_a_tongbao(tmp_path: Path) -> None:
    report = lalian(jining_sheet(tmp_path))
    assert lalian_sentence(report) == (
        "2015年一季度拉练评比中，任城区以95.71分位列第一，兖州区、曲阜市分列第二、三名；"
        "嘉祥县、汶上县、梁山县、高新区位列后三名（含并列）。"
    )


def test_vote_formula_of_jining(tmp_path: Path) -> None:
    """总分 = Σ_k 第k名票数 × (100 − 3(k−1)) ÷ 总票数, each judge ranking every unit."""
    rng = random.Random(7)
    units = [f"单位{i}" for i in range(1, 9)]
    ballots = {}
    for j in range(1, 12):
        order = units[:]
        rng.shuffle(order)
        ballots[f"评委{j}"] = [order.index(u) + 1 for u in units]
    path = write_book(tmp_path / "vote.xlsx", {"投票": judges_by_units(units, ballots)})
    report = lalian(path, method="vote")
    got = dict(zip(report.units["unit"], report.units["score"], strict=True))
    for i, unit in enumerate(units):
        votes = [ballot[i] for ballot in ballots.values()]
        counts = {k: votes.count(k) for k in set(votes)}
        expected = sum(n * (100 - 3 * (k - 1)) for k, n in counts.items()) / len(votes)
        assert got[unit] == pytest.approx(expected)


def test_vote_rank_out_of_range_names_the_cell(tmp_path: Path) -> None:
    units = ["甲", "乙", "丙"]
    path = write_book(tmp_path / "vote.xlsx",
                      {"投票": judges_by_units(units, {"评委1": [1, 2, 3], "评委2": [1, 4, 2.5]})})  # fmt: skip
    code, out, err = run("lalian", str(path), "--method", "vote")
    assert code == 1 and out == ""
    assert "投票!C3" in err and "投票!D3" in err and "名次4应为1至3的整数" in err


def test_periods_combine_three_months_and_the_quarter(tmp_path: Path) -> None:
    """禹州: three monthly scores × 30% + the quarter's × 10%."""
    rows = [["单位", "1月", "2月", "3月", "季度"], ["甲县", 90, 80, 70, 60],
            ["乙县", 85.5, 88, 91.25, 79], ["丙区", 70, 75, 80, 99]]  # fmt: skip
    path = write_book(tmp_path / "一季度综合.xlsx", {"汇总": rows})
    cfg = Config(lalian=Lalian(period_weights=(("1月", 0.3), ("2月", 0.3), ("3月", 0.3),
                                               ("季度", 0.1))))  # fmt: skip
    report = lalian(path, method="periods", config=cfg)
    got = dict(zip(report.units["unit"], report.units["score"], strict=True))
    for name, *values in rows[1:]:
        expected = sum(w * v for w, v in zip((0.3, 0.3, 0.3, 0.1), values, strict=True))  # type: ignore[misc]
        assert got[name] == pytest.approx(expected)
    assert got["甲县"] == pytest.approx(78.0)


def test_periods_without_weights_is_a_usage_error(tmp_path: Path) -> None:
    path = write_book(tmp_path / "p.xlsx", {"s": [["单位", "1月"], ["甲", 1]]})
    code, _, err = run("lalian", str(path), "--method", "periods")
    assert code == 2 and "period_weights" in err


def item_book(tmp_path: Path, over: bool = False) -> tuple[Path, dict[str, dict[str, list[float]]]]:
    """Three item sheets (项目质量(40分), 投资规模(30分), 推进速度(30分)), units × judges."""
    rng = random.Random(3)
    units = ["甲县", "乙县", "丙区", "丁市"]
    maxima = {"项目质量": 40, "投资规模": 30, "推进速度": 30}
    data: dict[str, dict[str, list[float]]] = {}
    sheets = {}
    for item, top in maxima.items():
        data[item] = {u: [round(rng.uniform(top * 0.5, top), 1) for _ in range(4)] for u in units}
        rows: list[list[object]] = [["单位", "评委A", "评委B", "评委C", "评委D"]]
        rows += [[u, *data[item][u]] for u in units]
        sheets[f"{item}({top}分)"] = rows
    if over:
        sheets["投资规模(30分)"][2][3] = 31  # 乙县, 评委C: row 3, column D
    return write_book(tmp_path / "items.xlsx", sheets), data


def test_weighted_items_add_up_and_maxima_are_checked(tmp_path: Path) -> None:
    path, data = item_book(tmp_path)
    report = lalian(path, method="weighted")
    got = dict(zip(report.units["unit"], report.units["score"], strict=True))
    for unit in got:
        expected = sum(statistics.mean(data[item][unit]) for item in data)
        assert got[unit] == pytest.approx(expected)
    assert report.item_max == {"项目质量": 40.0, "投资规模": 30.0, "推进速度": 30.0}
    (tmp_path / "over").mkdir()
    bad, _ = item_book(tmp_path / "over", over=True)
    code, _, err = run("lalian", str(bad), "--method", "weighted")
    assert code == 1 and "投资规模(30分)!D3" in err and "得分31超过该项满分30" in err


def test_trimmed_drops_one_highest_and_one_lowest(tmp_path: Path) -> None:
    path, data = item_book(tmp_path)
    report = lalian(path, method="trimmed")
    got = dict(zip(report.units["unit"], report.units["score"], strict=True))
    for unit in got:
        expected = sum(statistics.mean(sorted(data[i][unit])[1:-1]) for i in data)
        assert got[unit] == pytest.approx(expected)


def test_trimmed_needs_three_judges(tmp_path: Path) -> None:
    path = write_book(tmp_path / "two.xlsx",
                      {"s": judges_by_units(["甲", "乙"], {"评委1": [90, 80], "评委2": [85, 70]})})  # fmt: skip
    code, _, err = run("lalian", str(path), "--method", "trimmed")
    assert code == 1 and "至少3名评委" in err


def test_long_table_with_groups_ranked_apart(tmp_path: Path) -> None:
    """焦作: 县(市)组 and 城区组 ranked on their own; long table 评委 | 单位 | 组别 | 得分."""
    rng = random.Random(11)
    groups = {"县(市)组": ["修武县", "博爱县", "武陟县", "温县", "沁阳市"],
              "城区组": ["解放区", "中站区", "马村区", "山阳区"]}  # fmt: skip
    rows: list[list[object]] = [["评委", "单位", "组别", "得分"]]
    raw: dict[str, list[float]] = {}
    for group, units in groups.items():
        for unit in units:
            for j in range(5):
                score = round(rng.uniform(60, 100), 2)
                raw.setdefault(unit, []).append(score)
                rows.append([f"评委{j + 1}", unit, group, score])
    path = write_book(tmp_path / "long.xlsx", {"打分": rows})
    report = lalian(path)
    for group, units in groups.items():
        part = report.units.filter(report.units["group"] == group)
        expected = sorted(units, key=lambda u: -round(statistics.mean(raw[u]), 2))
        assert part["unit"].to_list() == expected
        assert part["rank"].to_list()[0] == 1
    assert report.groups == ["县(市)组", "城区组"]


def test_missing_score_stops_or_is_left_out(tmp_path: Path) -> None:
    units = ["甲", "乙", "丙", "丁"]
    rows = {"评委1": [90, 80, 70, 60], "评委2": [92, None, 75, 65], "评委3": [94, 84, 71, 61]}
    path = write_book(tmp_path / "m.xlsx", {"打分": judges_by_units(units, rows)})
    code, out, err = run("lalian", str(path))
    assert code == 1 and out == "" and "打分!C3" in err and "缺少得分" in err
    assert "--allow-missing" in err
    report = lalian(path, allow_missing=True)
    got = dict(zip(report.units["unit"], report.units["score"], strict=True))
    assert got["乙"] == pytest.approx((80 + 84) / 2)
    assert [w.code for w in report.warnings] == ["missing"]


def test_unknown_unit_and_misspelt_unit_in_one_item_sheet(tmp_path: Path) -> None:
    cfg = tmp_path / "projtrack.toml"
    cfg.write_text('[lalian]\nunits = ["甲县", "乙县"]\n', encoding="utf-8")
    path = write_book(tmp_path / "u.xlsx",
                      {"打分": judges_by_units(["甲县", "乙具"], {"评委1": [90, 80]})})  # fmt: skip
    code, _, err = run("lalian", str(path), "--config", str(cfg))
    assert code == 1 and "打分!C2" in err and "乙具：不在参评单位名单" in err
    sheets = {
        "质量": [["单位", "评委1"], ["甲县", 30], ["乙县", 20]],
        "速度": [["单位", "评委1"], ["甲县", 30], ["乙具", 20]],
    }
    code, _, err = run("lalian", str(write_book(tmp_path / "v.xlsx", sheets)))
    assert code == 1 and "乙县：本表没有该单位的得分" in err and "乙具：本表没有" in err


def test_json_is_the_library_result_and_table_shows_ranks(tmp_path: Path) -> None:
    path = jining_sheet(tmp_path)
    code, out, _ = run("lalian", str(path), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data == json.loads(json.dumps(lalian(path).to_json()))
    assert [u["rank"] for u in data["units"]][8:] == [9, 9, 11, 12]
    code, out, _ = run("lalian", str(path), "--format", "md")
    assert "| 9 | 嘉祥县 | 77.93 |" in out and "| 11 | 梁山县 | 75.02 |" in out


def test_published_score_rounds_half_up_and_ties_on_it(tmp_path: Path) -> None:
    """77.925 is published as 77.93 (not the float's 77.92) and ties with 77.93."""
    units = ["甲", "乙", "丙"]
    path = write_book(tmp_path / "r.xlsx",
                      {"s": judges_by_units(units, {"评委1": [77.925, 77.93, 50]})})  # fmt: skip
    report = lalian(path)
    assert report.units["published"].to_list() == [77.93, 77.93, 50.0]
    assert report.units["rank"].to_list() == [1, 1, 3]


@pytest.mark.parametrize(
    ("n", "word"), [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (23, "二十三")]
)
def test_chinese_ordinals(n: int, word: str) -> None:
    assert chinese_ordinal(n) == word


@pytest.mark.parametrize(
    ("n", "word"), [(1, "一"), (2, "两"), (3, "三"), (10, "十"), (12, "十二"), (20, "二十")]
)
def test_chinese_counts_say_two_as_liang(n: int, word: str) -> None:
    assert chinese_count(n) == word


def test_a_bottom_list_of_two_is_hou_liang_ming(tmp_path: Path) -> None:
    """A count before 名 says 两: 位列后两名, never 后二名 (ordinals keep 二: 第二)."""
    report = lalian(jining_sheet(tmp_path), config=Config(lalian=Lalian(top_n=2)))
    assert lalian_sentence(report) == (
        "2015年一季度拉练评比中，任城区以95.71分位列第一，兖州区位列第二；"
        "梁山县、高新区位列后两名。"
    )


def test_mean_that_is_a_half_in_decimals_rounds_up_and_ties(tmp_path: Path) -> None:
    """80.02 and 80.07 average to 80.045 by hand (80.04499999999999 in floats): published
    80.05, level with 乙's 80.05 for 2nd place, as a judge's calculator would have it."""
    units = ["甲", "乙", "丙", "丁"]
    scores = {"评委1": [80.02, 80.05, 90, 70], "评委2": [80.07, 80.05, 90, 70]}
    report = lalian(write_book(tmp_path / "r.xlsx", {"s": judges_by_units(units, scores)}))
    published = dict(zip(report.units["unit"], report.units["published"], strict=True))
    ranks = dict(zip(report.units["unit"], report.units["rank"], strict=True))
    assert published["甲"] == published["乙"] == 80.05
    assert ranks == {"丙": 1, "甲": 2, "乙": 2, "丁": 4}


def test_a_long_table_s_items_carry_their_full_marks(tmp_path: Path) -> None:
    """指标 cells written 项目质量(40分) in a long table: the weighted method summed raw means
    (80.33) while saying it scaled them to 100, and no score was checked against its
    maximum; the cells now give the maxima as a header does (Σ means × 100 ÷ 90)."""
    maxima = {"项目质量": 40, "投资规模": 30, "推进速度": 20}
    rng = random.Random(7)
    scores = {(u, i): [round(rng.uniform(top * 0.6, top), 1) for _ in range(3)]
              for u in ("甲县", "乙县", "丙县") for i, top in maxima.items()}  # fmt: skip
    rows: list[list[object]] = [["评委", "单位", "指标", "得分"]]
    for (unit, item), values in scores.items():
        rows += [[f"评委{k}", unit, f"{item}({maxima[item]}分)", v] for k, v in enumerate(values)]
    path = write_book(tmp_path / "长表.xlsx", {"打分": rows})
    report = lalian(path, method="weighted")
    assert report.item_max == {k: float(v) for k, v in maxima.items()}
    got = dict(zip(report.units["unit"], report.units["score"], strict=True))
    for unit in got:
        total = sum(statistics.mean(scores[(unit, i)]) for i in maxima)
        assert got[unit] == pytest.approx(total * 100 / sum(maxima.values()))
    rows[1][3] = 41  # 甲县's first 项目质量 score above its 40
    bad = write_book(tmp_path / "超分.xlsx", {"打分": rows})
    code, _, err = run("lalian", str(bad), "--method", "weighted")
    assert code == 1 and "打分!D2" in err and "得分41超过该项满分40" in err


def test_periods_leave_a_missing_score_out_of_the_weighting(tmp_path: Path) -> None:
    """--allow-missing counted 丁县's blank January as 0 (63.00, last); its present weights
    now stand for the whole: (0.3·90 + 0.3·90 + 0.1·90) ÷ 0.7 = 90.00, first."""
    rows = [["单位", "1月", "2月", "3月", "季度"], ["甲县", 90, 80, 70, 100],
            ["乙县", 85, 85, 85, 85], ["丁县", None, 90, 90, 90]]  # fmt: skip
    path = write_book(tmp_path / "期别.xlsx", {"汇总": rows})
    cfg = Config(lalian=Lalian(period_weights=(("1月", 0.3), ("2月", 0.3), ("3月", 0.3),
                                               ("季度", 0.1))))  # fmt: skip
    report = lalian(path, method="periods", config=cfg, allow_missing=True)
    got = dict(zip(report.units["unit"], report.units["score"], strict=True))
    assert got["丁县"] == pytest.approx(90.0)
    assert got["甲县"] == pytest.approx(0.3 * 90 + 0.3 * 80 + 0.3 * 70 + 0.1 * 100)
    assert report.units["unit"][0] == "丁县"


@pytest.mark.parametrize(
    "header",
    [["评委", "甲县", "乙县"], ["单位", "评委1", "评委2"], ["评委", "单位", "指标", "得分"]],
)
def test_a_score_sheet_with_no_score_is_refused_not_an_internal_error(
    tmp_path: Path, header: list[str]
) -> None:
    path = write_book(tmp_path / "空表.xlsx", {"评分": [header, ["平均分"]]})
    code, out, err = run("lalian", str(path))
    assert code == 1 and out == ""
    assert "has its header but no score under it" in err and "Internal" not in err


@pytest.mark.parametrize("repeat", ["column", "row"])
def test_a_unit_scored_twice_by_one_judge_is_refused_with_both_cells(
    tmp_path: Path, repeat: str
) -> None:
    """评委 | 甲县 | 甲县 | 丙县 was averaged into one 甲县 score, and "judges": 4."""
    if repeat == "column":
        rows = [["评委", "甲县", "甲县", "丙县"], ["评委1", 90, 88, 80], ["评委2", 85, 86, 82]]
        cells = "评分!B2、评分!C2"
    else:
        rows = [["评委", "甲县", "乙县"], ["评委1", 90, 88], ["评委1", 85, 86], ["评委2", 80, 81]]
        cells = "评分!B2、评分!B3"
    path = write_book(tmp_path / "重复.xlsx", {"评分": rows})
    code, out, err = run("lalian", str(path))
    assert code == 1 and out == ""
    assert f"评委1对甲县的打分出现不止一次（{cells}）" in err
