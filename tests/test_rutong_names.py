"""入统 matching that must not pair two projects: names differing in a distinguishing token
(a number, ordinal, phase, section, side, year or road code) are never a fuzzy pair; a fuzzy
pair is said wherever the list is used (``rutong``, ``warn --stats``); project codes match
in any writing; a ledger without a grouping column is reconciled in total. Expected figures
are worked out by hand from the rows below."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import write_csv, write_sheets
from projtrack.cli.app import app
from projtrack.figures.rutong import code_key
from projtrack.figures.rutong_names import apart, fuzzy_key, marks
from projtrack.jobs.rutong import rutong

TITLE = "2024年中江县重点项目推进情况表（1-9月）"
HEADER = ["序号", "项目名称", "所在乡镇", "总投资", "年度计划投资", "1-9月完成投资", "实际开工时间"]
# The ledger's name and the list's: alike enough to score 90 and more, and two projects
# each, but the last (三期 = 叁期).
PAIRS = [
    ("凯州新城地下综合管廊工程（Ⅱ期）", "凯州新城地下综合管廊工程(一期)"),
    ("中江县城乡供水一体化第一阶段工程", "中江县城乡供水一体化第二阶段工程"),
    ("中江高新区电子信息产业园A区标准厂房", "中江高新区电子信息产业园B区标准厂房"),
    ("凯江河生态治理工程东段", "凯江河生态治理工程西段"),
    ("中江县文化体育中心1#馆", "中江县文化体育中心2#馆"),
    ("成南高速中江互通连接线（2024年）", "成南高速中江互通连接线（2023年）"),
    ("中江县第二人民医院迁建项目", "中江县第三人民医院迁建项目"),
    ("中江县凯江镇老旧小区改造（2024年度）", "中江县凯江镇老旧小区改造（2023年度）"),
    ("中江县南华镇高标准农田建设项目(1.2万亩)", "中江县南华镇高标准农田建设项目(2.1万亩)"),
    ("中江县辑庆镇G350线改建工程", "中江县辑庆镇G351线改建工程"),
    ("中江县城北片区棚户区改造三期", "中江县城北片区棚户区改造叁期"),
]


@pytest.fixture
def pairs(tmp_path: Path) -> tuple[Path, Path]:
    ledger = [[TITLE], ["单位：万元"], HEADER]
    ledger += [
        [i, a, "凯江镇", 5000, 2000, 1500, "2024-03-01"] for i, (a, _) in enumerate(PAIRS, 1)
    ]
    stats = [["2024年1-9月固定资产投资项目入库清单"], ["项目名称", "入库时间", "1-9月完成投资(元)"]]
    stats += [[b, "2024-04-01", 14_000_000] for _, b in PAIRS]
    return (write_sheets(tmp_path / "台账.xlsx", {"Sheet": ledger}),
            write_sheets(tmp_path / "清单.xlsx", {"Sheet": stats}))  # fmt: skip


def test_names_differing_in_a_token_are_not_entered(pairs: tuple[Path, Path]) -> None:
    """10 of the 11 pairs were fuzzy matches (入库率90.9%): only 三期 = 叁期 is one project."""
    report = rutong(*pairs)
    assert (report.total["due"], report.total["entered"]) == (11, 1)
    assert report.total["entry_rate"] == pytest.approx(1 / 11)
    assert report.total["stats_completed"] == pytest.approx(1400.0)  # 14,000,000 元, once
    fuzzy = report.fuzzy.select("name", "stats_name").rows()
    assert fuzzy == [PAIRS[-1]]
    assert sorted(report.pending["name"]) == sorted(a for a, _ in PAIRS[:-1])
    assert set(report.pending["months"]) == {6} and set(report.pending["color"]) == {"red"}
    assert sorted(report.stats_only["name"]) == sorted(b for _, b in PAIRS[:-1])
    # the pair is a finding at its name cell (row 14: three rows above the eleven)
    found = [(f.sheet, f.row, f.column, f.code) for f in report.warnings]
    assert found == [("Sheet", 14, 1, "stats_fuzzy")]


def test_rutong_names_the_fuzzy_pair(pairs: tuple[Path, Path]) -> None:
    result = CliRunner().invoke(app, ["rutong", *map(str, pairs)])
    assert result.exit_code == 0
    assert "已入库1个，入库率9.1%" in result.stdout
    assert "模糊匹配（1对，请确认）" in result.stdout
    assert "提示：1 条（加 -v 查看详情）" in result.stderr


def test_warn_says_each_fuzzy_pair(pairs: tuple[Path, Path]) -> None:
    """warn --stats said 未入统1个 and nothing of the 10 pairs it had taken as entered."""
    ledger, stats = pairs
    result = CliRunner().invoke(app, ["warn", str(ledger), "--stats", str(stats), "-v"])
    assert result.exit_code == 0
    assert ("已开工未入库10个；名称相似而不一致、按同一项目计为已入库1个，须逐一确认（台账—清单："
            "“中江县城北片区棚户区改造三期”—“中江县城北片区棚户区改造叁期”；见警告）。"
            in result.stdout.replace("\n", ""))  # fmt: skip
    assert (
        "提示 Sheet!B14：台账“中江县城北片区棚户区改造三期”与统计清单《清单.xlsx》" in result.stderr
    )
    data = json.loads(CliRunner().invoke(app, ["warn", str(ledger), "--stats", str(stats),
                                               "-f", "json"]).stdout)  # fmt: skip
    assert data["statistics_list"]["fuzzy"] == 1 and data["statistics_list"]["pending"] == 10
    assert [w["code"] for w in data["warnings"]] == ["stats_fuzzy"]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [  # a number, ordinal, section, side, year or road code that differs: two projects
     ("城东污水处理厂", "城西污水处理厂", True), ("隧道左线", "隧道右线", True),
     ("体育中心1号馆", "体育中心一号馆", False),
     ("二〇二四年老旧小区改造", "老旧小区改造（2024）", False),
     ("县一中扩建", "县二中扩建", True), ("高标准农田1.20万亩", "高标准农田1.2万亩", False),
     ("ｇ３５０线改建", "G350线改建", False), ("棚户区改造贰期", "棚户区改造2期", False),
     ("年产3万吨锂电", "年产5万吨锂电", True), ("年产三万吨锂电", "年产3万吨锂电", False),
     ("解放一路改造", "解放二路改造", True), ("一百零五亩", "105亩", False),
     ("河道治理上游段", "河道治理下游段", True), ("第Ⅲ标段", "三标段", False),
     # one side names a part the other does not: a section, side or number keeps them apart,
     ("体育中心1#馆", "体育中心", True), ("县人民医院", "县第二人民医院", True),
     ("生态治理工程", "生态治理工程东段", True),
     # a phase or a year alone may pair (城东污水处理厂 is the 一期 the statistics entered),
     ("城东污水处理厂", "城东污水处理厂一期", False), ("老旧小区改造", "老旧小区改造（2024年）", False),
     # and words holding a numeral are words, the same on both sides or not
     ("四川某某新材料年产3万吨", "某某新材料年产3万吨", False), ("一站式服务中心", "服务中心", False),
     ("十四五规划项目库", "规划项目库", False), ("统一中心", "中心", False)],
)  # fmt: skip
def test_distinguishing_tokens(a: str, b: str, expected: bool) -> None:
    assert apart(marks(a), marks(b)) is expected
    assert apart(marks(b), marks(a)) is expected


@pytest.mark.parametrize(("a", "b"), PAIRS[:-1])
def test_the_tester_s_pairs_are_apart(a: str, b: str) -> None:
    assert apart(marks(a), marks(b))


def test_numerals_are_scored_as_their_values() -> None:
    """A short name does not fall below the threshold for a numeral's form."""
    assert fuzzy_key("棚改叁期") == fuzzy_key("棚改三期") == fuzzy_key("棚改3期") == "棚改3期"
    assert fuzzy_key("棚改Ⅲ期项目") == "棚改3期"


@pytest.mark.parametrize(
    ("a", "b"),
    [("24015106230401567812", "2401-510623-04-01-567812"),
     ("２４０１－５１０６２３－０４－０１－５６７８１２", "2401 510623 04 01 567812"),
     ("2401—510623—04—01—567812 ", "2401510623-04-01-567812"), ("a1b2", "A1-B2")],
)  # fmt: skip
def test_a_code_in_any_writing(a: str, b: str) -> None:
    assert code_key(a) == code_key(b) != ""


def test_codes_match_whatever_the_dashes(tmp_path: Path) -> None:
    """24015106230401567812 against 2401-510623-04-01-567812 read 入库率50%; 待赋码 on both
    sides is no code and pairs nothing."""
    ledger = [[TITLE], ["项目代码", "项目名称", "责任单位", "总投资", "年度计划投资", "1-9月完成投资",
                        "实际开工时间"],
              ["24015106230401567812", "县第一人民医院住院综合楼", "县卫健局", 12000, 4000, 3000,
               "2024-02-15"],
              ["２４０３－５１０６２３－０７－０２－１２３４５６", "南华污水厂提标", "县住建局", 2600, 1200,
               900, "2024-06-01"],
              ["待赋码", "冯店镇便民服务中心", "县民政局", 800, 400, 300, "2024-03-20"]]  # fmt: skip
    stats = [["2024年1-9月固定资产投资项目入库清单"], ["统一项目代码", "项目名称", "1-9月完成投资(万元)"],
             ["2401-510623-04-01-567812", "中江县人民医院住院楼建设工程", 2800],
             ["2403 510623 07 02 123456 ", "南华镇污水处理厂提标改造工程", 850],
             ["待赋码", "龙台镇光伏发电", 100]]  # fmt: skip
    report = rutong(write_sheets(tmp_path / "台账.xlsx", {"Sheet": ledger}),
                    write_sheets(tmp_path / "清单.xlsx", {"Sheet": stats}))  # fmt: skip
    assert report.projects["how"].to_list() == ["code", "code", None]
    assert (report.total["due"], report.total["entered"]) == (3, 2)
    assert report.total["stats_completed"] == pytest.approx(2800 + 850)
    assert report.stats_only["name"].to_list() == ["龙台镇光伏发电"]


def test_a_ledger_without_a_grouping_column(tmp_path: Path) -> None:
    """入库率 needs no unit: the ledger was refused (exit 1) for want of a grouping column."""
    ledger = write_csv(tmp_path / "台账.csv", [
        [TITLE], ["项目名称", "总投资(万元)", "年度计划投资(万元)", "1-9月完成投资(万元)", "实际开工时间"],
        ["县中学实训楼", 2200, 1200, 1100, "2024-01-08"],
        ["县供水管网改造", 3000, 1500, 1200, "2023-11-01"],
        ["县小微园", 400, 300, 100, "2024-02-01"],  # below 500 万元: not due
    ])  # fmt: skip
    stats = write_csv(tmp_path / "清单.csv", [["项目名称", "1-9月完成投资(万元)"],
                                               ["县中学实训楼", 1150]])  # fmt: skip
    result = CliRunner().invoke(app, ["rutong", str(ledger), str(stats), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["group_by"] is None and data["by"] == []
    total = data["total"]
    assert (total["projects"], total["due"], total["entered"]) == (3, 2, 1)
    assert total["ledger_rate"] == pytest.approx((1100 + 1200 + 100) / (1200 + 1500 + 300))
    assert total["stats_rate"] == pytest.approx(1150 / 3000)
    csv = CliRunner().invoke(app, ["rutong", str(ledger), str(stats), "-f", "csv"]).stdout
    assert csv.splitlines()[1] == '合计,3,2,1,50.0%,"3,000",80.0%,38.3%,+41.7'
    table = CliRunner().invoke(app, ["rutong", str(ledger), str(stats)]).stdout
    assert "入统情况（台账无分组列，仅列合计）" in table and "单位     总投资" not in table
