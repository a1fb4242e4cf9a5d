"""`projtrack lalian` reading judges' sheets as bureaus lay them out: lines derived from the
judges' scores (总分, 合计得分, 平均分, 得分, 名次, 备注, 评委签字) are never judges or units, in
either orientation; the figures they state are reconciled with the judges' scores; the
unit column may be headed 乡镇（街道） and need not come first. Expected figures are
computed here from the judges' scores, never taken from projtrack."""

from __future__ import annotations

import statistics
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from conftest import write_csv, write_sheets
from projtrack.cli.app import app
from projtrack.jobs.lalian import lalian

# A county's 观摩拉练: six towns, five judges (a tester's sheet).
TOWNS = {
    "凯江镇": [85.7, 87.5, 93.7, 85.9, 86.6],
    "南华镇": [88, 81.1, 86.7, 88.7, 91.5],
    "冯店镇": [79.6, 83.2, 79.5, 91.8, 89.8],
    "永太镇": [78.7, 94.7, 94.4, 89.1, 88.5],
    "兴隆镇": [80.7, 78.3, 87, 79, 81.2],
    "辑庆镇": [82.1, 78.5, 85.9, 85.5, 92.3],
}
JUDGES = ["评委1", "评委2", "评委3", "评委4", "评委5"]
TITLE = ["2024年上半年全县重点项目观摩拉练评分汇总表"]


def trimmed(values: list[float]) -> float:
    return statistics.mean(sorted(values)[1:-1])


def by_mean() -> list[str]:
    return sorted(TOWNS, key=lambda u: -statistics.mean(TOWNS[u]))


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def scores_of(report: object) -> dict[str, float]:
    units = report.units  # type: ignore[attr-defined]
    return dict(zip(units["unit"], units["score"], strict=True))


def flat(report: object, *codes: str) -> list[tuple[str | None, int | None, int | None, str]]:
    warnings = report.warnings  # type: ignore[attr-defined]
    return [(w.sheet, w.row, w.column, w.code) for w in warnings if w.code in codes]


def towns_sheet(tmp_path: Path, extra: dict[str, dict[str, object]], name: str = "汇总.xlsx",
                unit_header: str = "单位") -> Path:  # fmt: skip
    """序号 | 单位 | 评委1-5 | the extra columns (header → unit → cell), under a title."""
    rows: list[list[object]] = [TITLE, ["序号", unit_header, *JUDGES, *extra]]
    for i, (town, values) in enumerate(TOWNS.items(), start=1):
        rows.append([i, town, *values, *(column.get(town) for column in extra.values())])
    return write_sheets(tmp_path / name, {"汇总": rows})


RANKS = {u: i for i, u in enumerate(by_mean(), start=1)}
MEANS = {u: round(statistics.mean(v), 2) for u, v in TOWNS.items()}
SUMS = {u: round(sum(v), 1) for u, v in TOWNS.items()}


@pytest.mark.parametrize(
    "extra",
    [
        {"名次": RANKS},
        {"排名": RANKS},
        {"得分": MEANS},
        {"最终得分": MEANS},
        {"综合得分": MEANS},
        {"平均分": MEANS},
        {"总分": SUMS, "平均分": MEANS, "名次": {}},
        {"合计": SUMS, "备注": {"凯江镇": "优秀"}, "评委签字": {}},
    ],
    ids=lambda e: "+".join(e),
)
@pytest.mark.parametrize("method", ["mean", "trimmed"])
def test_derived_columns_are_not_judges(tmp_path: Path, extra: dict[str, dict[str, object]],
                                        method: str) -> None:  # fmt: skip
    """名次 was read as the score (兴隆镇, last at 81.24, "first with 6.00"), 得分 made the
    judges disappear (--method trimmed: "只有1名"), 平均分 was a sixth judge."""
    report = lalian(towns_sheet(tmp_path, extra), method=method)
    expected = {u: (trimmed(v) if method == "trimmed" else statistics.mean(v))
                for u, v in TOWNS.items()}  # fmt: skip
    assert scores_of(report) == pytest.approx(expected)
    assert report.units["judges"].to_list() == [5] * 6
    assert report.units["unit"].to_list() == sorted(expected, key=lambda u: -expected[u])
    assert flat(report, "missing") == []


def test_a_stated_score_of_the_other_method_names_it(tmp_path: Path) -> None:
    """The sheet's 得分 is the plain mean: run trimmed, each cell is named, with the method
    that gives the sheet's figure."""
    report = lalian(towns_sheet(tmp_path, {"得分": MEANS}), method="trimmed")
    assert flat(report, "score_mismatch") == [("汇总", r, 7, "score_mismatch") for r in range(3, 9)]
    first = next(w for w in report.warnings if w.code == "score_mismatch")
    assert first.message.startswith(f"凯江镇：表列得分87.88与去掉一个最高分和一个最低分后的平均分"
                                     f"{trimmed(TOWNS['凯江镇']):.4f}".rstrip("0"))  # fmt: skip
    assert "--method mean" in first.message
    assert flat(lalian(towns_sheet(tmp_path, {"得分": MEANS}, "b.xlsx")), "score_mismatch") == []


def test_stated_totals_means_and_ranks_are_reconciled(tmp_path: Path) -> None:
    """总分 against the judges' sum, 平均分 against their mean (to the digits typed), 名次
    against the rank: a difference is a warning naming the cell; the judges' scores count."""
    sums = dict(SUMS, 南华镇=440)  # 436.0 by the judges
    # 84.78 typed 84.8 and 81.24 typed 81.2 agree (the digits typed); 89.08 typed 89.8 does not
    means = dict(MEANS, 冯店镇=84.8, 兴隆镇=81.2, 永太镇=89.8)
    ranks = dict(RANKS, 凯江镇=1, 永太镇=2)
    path = towns_sheet(tmp_path, {"总分": sums, "平均分": means, "名次": ranks})
    report = lalian(path)
    assert flat(report, "score_mismatch", "rank_mismatch") == [
        ("汇总", 4, 7, "score_mismatch"),  # 南华镇 总分 (H4)
        ("汇总", 6, 8, "score_mismatch"),  # 永太镇 平均分 (I6)
        ("汇总", 3, 9, "rank_mismatch"),  # 凯江镇 名次 (J3)
        ("汇总", 6, 9, "rank_mismatch"),  # 永太镇 名次 (J6)
    ]
    messages = [w.message for w in report.warnings if w.code == "score_mismatch"]
    assert messages[0] == "南华镇：表列总分440与评委得分之和436不符（按评委打分计算，表列数未用）"
    assert scores_of(report) == pytest.approx({u: statistics.mean(v) for u, v in TOWNS.items()})


def test_empty_rank_column_with_allow_missing_is_no_crash(tmp_path: Path) -> None:
    """总分 | 平均分 | 名次 with 名次 empty: refused as 缺少得分 at J3…, and with
    --allow-missing an internal error (cannot return empty fold)."""
    path = towns_sheet(tmp_path, {"总分": SUMS, "平均分": MEANS, "名次": {}})
    for flags in ([], ["--allow-missing"]):
        code, out, err = run("lalian", str(path), *flags)
        assert (code, err) == (0, "")
        top = by_mean()[0]
        assert f"{top}以{statistics.mean(TOWNS[top]):.2f}分位列第一" in out


def test_a_sheet_of_no_score_at_all_with_allow_missing_is_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "空.csv", [["评委", "甲县", "乙县"], ["评委1", "", ""],
                                           ["评委2", "", ""]])  # fmt: skip
    code, out, err = run("lalian", str(path), "--allow-missing")
    assert code == 1 and out == "" and "Internal" not in err
    assert "没有一处可用的得分" in err


@pytest.mark.parametrize("header", ["乡镇（街道）", "乡镇", "镇(街道)", "街道", "县（市、区）",
                                    "区县", "部门", "参评单位"])  # fmt: skip
def test_a_unit_column_headed_by_place_words(tmp_path: Path, header: str) -> None:
    report = lalian(towns_sheet(tmp_path, {}, unit_header=header))
    assert report.units["unit"].to_list() == by_mean()
    assert report.label == "2024年上半年"  # the title's period, the file being 汇总.xlsx


# The judges' sums are 367, 343, 350, 324, their means 91.75, 85.75, 87.5, 81, their means
# without the highest and lowest 91.5, 85.5, 87.5, 81; ranked 旌阳区, 广汉市, 罗江区, 什邡市.
FOOT_ROWS = [["合计得分", 367, 343, 350, 324], ["平均得分", 91.75, 85.75, 87.5, 81.0],
             ["得分", 91.75, 85.75, 87.5, 80.5], ["名次", 1, 3, 2, 4], ["最高分", 94, 88, 89, 83],
             ["评委签字："], ["评委签名"], ["注：各评委按评分细则独立打分。"], ["制表人：张三"]]  # fmt: skip
JUDGED = {"旌阳区": [92, 90, 94, 91], "罗江区": [85, 86, 84, 88],
          "广汉市": [88, 87, 89, 86], "什邡市": [80, 82, 79, 83]}  # fmt: skip


@pytest.mark.parametrize("foot", FOOT_ROWS, ids=lambda r: str(r[0]))
@pytest.mark.parametrize("method", ["mean", "trimmed"])
def test_rows_under_the_judges_are_not_judges(tmp_path: Path, foot: list[object],
                                              method: str) -> None:  # fmt: skip
    """Judges down, units across: 合计得分 gave 旌阳区 138.00 (mean 92.00); 平均得分 made
    a fifth judge (trimmed 91.58, true 91.50); 评委签字： refused every cell as missing."""
    units = list(JUDGED)
    rows: list[list[object]] = [["2024年一季度拉练打分表"], ["评委", *units]]
    rows += [[f"评委{k + 1}", *(JUDGED[u][k] for u in units)] for k in range(4)]
    report = lalian(write_csv(tmp_path / "尾行.csv", [*rows, foot]), method=method)
    pick = trimmed if method == "trimmed" else statistics.mean
    assert scores_of(report) == pytest.approx({u: pick(v) for u, v in JUDGED.items()})
    assert report.units["judges"].to_list() == [4] * 4
    # The 得分 row is the mean but for 什邡市's 80.5 (81): under trimmed 旌阳区's and 罗江区's
    # differ too (91.5, 85.5).
    wrong = {"mean": [4], "trimmed": [1, 2, 4]}[method] if foot[0] == "得分" else []
    assert flat(report, "score_mismatch", "rank_mismatch") == [
        ("尾行", 7, j, "score_mismatch") for j in wrong
    ]


def test_columns_beside_the_units_are_not_units(tmp_path: Path) -> None:
    """Judges down, units across, each judge's 平均分 and 签字 at the right: not units."""
    units = list(JUDGED)
    rows: list[list[object]] = [["评委", *units, "平均分", "评委签字"]]
    for k in range(4):
        values = [JUDGED[u][k] for u in units]
        rows.append([f"评委{k + 1}", *values, statistics.mean(values), "（签字）"])
    report = lalian(write_csv(tmp_path / "x.csv", rows))
    assert sorted(report.units["unit"]) == sorted(units)
    assert scores_of(report) == pytest.approx({u: statistics.mean(v) for u, v in JUDGED.items()})


GROUPED = [["城区组", "旌阳区", 88, 90, 86, 89], ["城区组", "德阳经开区", 84, 83, 85, 86],
           ["县(市)组", "广汉市", 87, 88, 89, 86], ["县(市)组", "什邡市", 82, 81, 83, 84],
           ["县(市)组", "绵竹市", 85, 86, 84, 85]]  # fmt: skip


@pytest.mark.parametrize("group_first", [True, False])
def test_group_column_before_or_after_the_unit(tmp_path: Path, group_first: bool) -> None:
    """组别 | 单位 | 评委1… was refused (no score sheet found); 单位 | 组别 | … worked. The
    groups come in the file's order (城区组 first), not sorted."""
    head = ["组别", "单位"] if group_first else ["单位", "组别"]
    rows = [[g, u, *v] if group_first else [u, g, *v] for g, u, *v in GROUPED]
    path = write_csv(tmp_path / "分组.csv", [[*head, "评委1", "评委2", "评委3", "评委4"], *rows])
    report = lalian(path)
    assert report.groups == ["城区组", "县(市)组"]
    means = {u: statistics.mean(v) for _, u, *v in GROUPED}  # type: ignore[arg-type]
    assert scores_of(report) == pytest.approx(means)
    county = report.units.filter(report.units["group"] == "县(市)组")
    assert county["unit"].to_list() == ["广汉市", "绵竹市", "什邡市"]  # 87.5, 85, 82.5


def test_a_merged_group_cell_covers_its_units(tmp_path: Path) -> None:
    path = tmp_path / "合并.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["组别", "单位", "评委1", "评委2", "评委3", "评委4"])
    for g, u, *v in GROUPED:
        ws.append([g if u in ("旌阳区", "广汉市") else None, u, *v])
    ws.merge_cells("A2:A3")
    ws.merge_cells("A4:A6")
    wb.save(path)
    report = lalian(path)
    groups = dict(zip(report.units["unit"], report.units["group"], strict=True))
    assert groups == {u: g for g, u, *_ in GROUPED}


def test_a_group_row_over_the_units_columns(tmp_path: Path) -> None:
    """Judges down, units across, a 组别 row naming each unit's group."""
    units = [u for _, u, *_ in GROUPED]
    rows: list[list[object]] = [["评委", *units], ["组别", *(g for g, *_ in GROUPED)]]
    rows += [[f"评委{k + 1}", *(r[2 + k] for r in GROUPED)] for k in range(4)]
    report = lalian(write_csv(tmp_path / "g.csv", rows))
    assert report.groups == ["城区组", "县(市)组"]
    assert scores_of(report) == pytest.approx({u: statistics.mean(v) for _, u, *v in GROUPED})


def test_one_score_per_unit_is_the_one_score_case(tmp_path: Path) -> None:
    """单位 | 得分 with no judge's column: one score each; trimmed has 1 judge to drop from."""
    path = write_csv(tmp_path / "得分.csv", [["单位", "得分"], ["甲县", 91.5], ["乙县", 88]])
    assert scores_of(lalian(path)) == {"甲县": 91.5, "乙县": 88.0}
    code, _, err = run("lalian", str(path), "--method", "trimmed")
    assert code == 1 and "甲县：去掉最高分和最低分需要至少3名评委，只有1名" in err


def test_a_long_table_of_ranks_needs_the_vote_method(tmp_path: Path) -> None:
    """评委 | 单位 | 名次 averaged as scores put the last-ranked unit first."""
    rows = [["评委", "单位", "名次"], ["评委1", "甲", 1], ["评委1", "乙", 2], ["评委1", "丙", 3],
            ["评委2", "甲", 2], ["评委2", "乙", 1], ["评委2", "丙", 3]]  # fmt: skip
    path = write_csv(tmp_path / "投票.csv", rows)
    code, out, err = run("lalian", str(path))
    assert code == 1 and out == ""
    assert "投票!C1（名次）：该列是名次，不是得分；评委排名投票表请加 --method vote" in err
    # 甲: one 1st and one 2nd → (100 + 97) ÷ 2; 丙: two 3rd → 94.
    expected = {"甲": 98.5, "乙": 98.5, "丙": 94.0}
    assert scores_of(lalian(path, method="vote")) == pytest.approx(expected)


def test_a_row_with_scores_and_no_name_is_refused(tmp_path: Path) -> None:
    rows = [["评委", "甲县", "乙县"], ["评委1", 90, 80], ["", 91, 82], ["评委3", 92, 81]]
    code, out, err = run("lalian", str(write_csv(tmp_path / "无名.csv", rows)))
    assert code == 1 and out == ""
    assert "无名!A3: 该行有得分但没有评委或单位名称" in err


def test_a_total_written_in_the_number_column(tmp_path: Path) -> None:
    """合计 typed under 序号 with the unit cell blank: the sheet's total, not a nameless row."""
    rows: list[list[object]] = [["序号", "单位", "评委1", "评委2", "评委3"],
                                [1, "甲县", 90, 92, 94], [2, "乙县", 80, 83, 86],
                                ["合计", None, 170, 175, 180]]  # fmt: skip
    report = lalian(write_csv(tmp_path / "合计.csv", rows))
    assert scores_of(report) == pytest.approx({"甲县": 92.0, "乙县": 83.0})


def test_item_sheets_with_averages_and_signature_lines(tmp_path: Path) -> None:
    """One sheet per item, judges down: each with a title, a 平均分 row (to 2 decimals) and a
    评委签字： or 注： line under it. The signature line was a judge refusing every cell;
    the 平均分 rows agree with the judges, so nothing is reported; the label is the title's."""
    units = ["旌阳区", "罗江区", "广汉市"]
    items = {"项目建设(40分)": [[31.5, 29.5, 35.5], [28.5, 33, 29], [35, 38.5, 34.5]],
             "投资完成(30分)": [[21.5, 26.5, 27.5], [26, 25, 28], [26.5, 29.5, 28]]}  # fmt: skip
    sheets: dict[str, list[list[object]]] = {}
    for (name, grid), foot in zip(items.items(), ["评委签字：", "注：满分100分。"], strict=True):
        item = name.split("(")[0]
        rows: list[list[object]] = [[f"2024年二季度全市重点项目现场拉练评比打分表——{item}"]]
        rows += [["评委", *units]] + [[f"评委{k + 1}", *grid[k]] for k in range(3)]
        rows += [["平均分", *(round(statistics.mean(g[j] for g in grid), 2) for j in range(3))]]
        sheets[name] = [*rows, [foot]]
    report = lalian(write_sheets(tmp_path / "注.xlsx", sheets))
    expected = {u: sum(statistics.mean(g[j] for g in grid) for grid in items.values())
                for j, u in enumerate(units)}  # fmt: skip
    assert scores_of(report) == pytest.approx(expected)
    assert report.item_max == {"项目建设": 40.0, "投资完成": 30.0}
    assert [w.code for w in report.warnings] == []
    assert report.label == "2024年二季度"


def test_a_sheet_of_results_only_takes_its_score_not_its_rank(tmp_path: Path) -> None:
    """单位 | 总分 | 名次, no judges: the 总分 is the one score (名次 is not a vote)."""
    rows = [["单位", "总分", "名次"], ["甲县", 91.5, 1], ["乙县", 88, 2], ["丙县", 90, 3]]
    report = lalian(write_csv(tmp_path / "结果.csv", rows))
    assert scores_of(report) == {"甲县": 91.5, "丙县": 90.0, "乙县": 88.0}


def test_group_subtotals_and_a_town_named_like_a_note(tmp_path: Path) -> None:
    """城区组小计 / 城区组平均分 rows are not units; 附城镇 is a town, not a 附注 line."""
    rows: list[list[object]] = [["单位", "评委1", "评委2"], ["附城镇", 90, 92],
                                ["城区组小计", 90, 92], ["城区组平均分", 90, 92], ["乙镇", 80, 84],
                                ["附：评分细则见通知"]]  # fmt: skip
    report = lalian(write_csv(tmp_path / "镇.csv", rows))
    assert scores_of(report) == {"附城镇": 91.0, "乙镇": 82.0}
