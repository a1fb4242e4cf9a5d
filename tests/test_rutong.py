"""`projtrack rutong` (入统): matching by code, name, alias and fuzzy name, 入库率 and the two
completion rates side by side (衢江: 平台 51.35% vs 统计入库 39.54%), against hand counts."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.config import Config, Rutong
from projtrack.figures.rutong import name_key
from projtrack.figures.rutong_names import apart, marks
from projtrack.jobs.rutong import rutong
from projtrack.render.machine import to_json

LEDGER_HEADER = ["项目编号", "项目名称", "县(市、区)", "总投资(万元)", "年度计划投资(万元)",
                 "1-6月完成投资(万元)", "实际开工时间"]  # fmt: skip
# name, code, region, total, plan, done, start; the comment says how it should match.
LEDGER = [
    ["2301-330803-04-01-111111", "衢江区城东污水处理厂", "衢江区", 8000, 3000, 1600, "2023-03-01"],  # code
    ["", "浙江某某新材料有限公司年产5万吨（一期）项目", "衢江区", 20000, 4000, 2100, "2024-02-10"],  # name
    ["", "衢江區高家鎮道路提升工程", "衢江区", 3000, 1000, 500, "2024-01-15"],  # name (traditional)
    ["", "廿里镇美丽乡村示范带建设", "衢江区", 1200, 600, 300, "2024-03-01"],  # fuzzy
    ["", "东港片区安置房", "柯城区", 9000, 900, 565, "2023-06-01"],  # alias
    ["", "柯城区体育中心", "柯城区", 6000, 200, 120, "2024-05-20"],  # due, not entered: 1 month
    ["", "柯城区智慧停车", "柯城区", 5000, 300, 100, "2024-01-05"],  # due, not entered: 5 months
    ["", "柯城区小微园", "柯城区", 400, 100, 50, "2024-02-01"],  # below 500 万元: not due
    ["", "柯城区文化馆", "柯城区", 7000, 0, 0, None],  # not started: not due
]  # fmt: skip
STATS_TITLE = "2024年1-6月固定资产投资项目入库清单"
STATS_HEADER = ["统一项目代码", "项目名称", "建设地点", "入库时间", "本年完成投资(元)"]
STATS = [
    ["2301-330803-04-01-111111", "城东污水处理厂一期", "衢江区", "2023-04-10", 12_000_000],
    ["", "浙江某某新材料年产5万吨(一期)", "衢江区", "2024-03-20", 21_000_000],
    ["", "衢江区高家镇道路提升", "衢江区", "2024-02-28", 4_000_000],
    ["", "廿里镇美丽乡村示范建设工程项目", "衢江区", "2024-04-01", 3_000_000],
    ["", "东港片区安置房（二期）", "柯城区", "2023-08-01", 2_000_000],
    ["", "航埠镇光伏电站", "柯城区", "2024-05-01", 1_500_000],  # not in the ledger
    ["", "合计", "", "", 43_500_000],
]  # fmt: skip
ALIASES = (("东港片区安置房", "东港片区安置房（二期）"),)


def write(path: Path, header: list[str], rows: list[list[object]], title: str = "") -> Path:
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("清单")
    r0 = 0
    if title:
        ws.write(0, 0, title)
        r0 = 1
    ws.write_row(r0, 0, header)
    for i, row in enumerate(rows, start=r0 + 1):
        for j, value in enumerate(row):
            if value not in (None, ""):
                ws.write(i, j, value)
    book.close()
    return path


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    ledger = write(tmp_path / "2024年6月台账.xlsx", LEDGER_HEADER, LEDGER,
                   "2024年衢州市重点项目推进情况表（1-6月）")  # fmt: skip
    stats = write(tmp_path / "入库清单.xlsx", STATS_HEADER, STATS, STATS_TITLE)
    return ledger, stats


def config() -> Config:
    return Config(rutong=Rutong(aliases=ALIASES))


def test_every_way_of_matching(files: tuple[Path, Path]) -> None:
    report = rutong(*files, config=config())
    how = dict(zip(report.projects["name"], report.projects["how"], strict=True))
    assert how == {
        "衢江区城东污水处理厂": "code",
        "浙江某某新材料有限公司年产5万吨（一期）项目": "name",
        "衢江區高家鎮道路提升工程": "name",
        "廿里镇美丽乡村示范带建设": "fuzzy",
        "东港片区安置房": "alias",
        "柯城区体育中心": None,
        "柯城区智慧停车": None,
        "柯城区小微园": None,
        "柯城区文化馆": None,
    }
    assert report.stats_only["name"].to_list() == ["航埠镇光伏电站"]  # 合计 is no project
    fuzzy = report.fuzzy.row(0, named=True)
    assert fuzzy["stats_name"] == "廿里镇美丽乡村示范建设工程项目" and 90 <= fuzzy["score"] < 100


def test_entry_rate_pending_and_colours(files: tuple[Path, Path]) -> None:
    report = rutong(*files, config=config())
    as_of = date(2024, 6, 30)
    due = [r for r in LEDGER if r[6] and date.fromisoformat(r[6]) <= as_of and r[3] >= 500]
    entered = 5  # the five matched projects, all due
    assert report.total["due"] == len(due) == 7
    assert report.total["entered"] == entered
    assert report.total["entry_rate"] == pytest.approx(entered / len(due))
    pending = report.pending
    assert pending["name"].to_list() == ["柯城区智慧停车", "柯城区体育中心"]
    assert pending["months"].to_list() == [5, 1]
    assert pending["color"].to_list() == ["red", "yellow"]


def test_completion_side_by_side_in_wan_yuan(files: tuple[Path, Path]) -> None:
    """Statistics amounts in 元 become 万元; both rates are over the ledger's annual plan."""
    report = rutong(*files, config=config())
    plan = sum(r[4] for r in LEDGER)
    ledger_done = sum(r[5] for r in LEDGER)
    stats_done = (12_000_000 + 21_000_000 + 4_000_000 + 3_000_000 + 2_000_000) / 10_000
    assert report.total["ledger_rate"] == pytest.approx(ledger_done / plan)
    assert report.total["stats_rate"] == pytest.approx(stats_done / plan)
    groups = {r["group"]: r for r in report.groups.iter_rows(named=True)}
    assert groups["衢江区"]["stats_completed"] == pytest.approx(4000.0)
    assert groups["柯城区"]["entry_rate"] == pytest.approx(1 / 3)
    dev = dict(zip(report.projects["name"], report.projects["deviation"], strict=True))
    assert dev["衢江区城东污水处理厂"] == pytest.approx((1600 - 1200) / 1200)
    assert report.deviating["name"].to_list()[0] == "东港片区安置房"  # (565 − 200) / 200


def test_quzhou_rates(tmp_path: Path) -> None:
    """衢江: the platform's 51.35% beside the statistics' 39.54% of the same plan."""
    ledger = write(tmp_path / "2024年6月台账.xlsx", LEDGER_HEADER,
                   [["A1", "甲项目", "衢江区", 50000, 10000, 5135, "2024-01-01"]])  # fmt: skip
    stats = write(tmp_path / "s.xlsx", ["统一项目代码", "项目名称", "本年完成投资(万元)"],
                  [["A1", "甲", 3954]])  # fmt: skip
    report = rutong(ledger, stats)
    assert round(report.total["ledger_rate"] * 100, 2) == 51.35
    assert round(report.total["stats_rate"] * 100, 2) == 39.54


@pytest.mark.parametrize(
    ("a", "b"),
    [("浙江某某新材料有限公司年产5万吨（一期）项目", "浙江某某新材料年产5万吨(一期)"),
     ("衢江區高家鎮道路提升工程", "衢江区高家镇道路提升"),
     ("ＡＢＣ 产业园 项目", "ABC产业园"),
     ("体育中心建设", "体育中心建设项目"),
     ("廿里镇美麗鄉村建設", "廿里镇美丽乡村建设项目"),
     ("城南道路建设工程项目", "城南道路")],
)  # fmt: skip
def test_name_key(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


def test_cli_json_and_table(files: tuple[Path, Path], tmp_path: Path) -> None:
    cfg = tmp_path / "projtrack.toml"
    cfg.write_text('[rutong]\naliases = { "东港片区安置房" = "东港片区安置房（二期）" }\n',
                   encoding="utf-8")  # fmt: skip
    result = CliRunner().invoke(app, ["rutong", *map(str, files), "--config", str(cfg),
                                      "-f", "json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data == json.loads(to_json(rutong(*files, config=config()).to_json()))
    result = CliRunner().invoke(app, ["rutong", *map(str, files), "--config", str(cfg),
                                      "-f", "md"])  # fmt: skip
    assert "应入库项目7个" in result.stdout and "入库率71.4%" in result.stdout
    as_of = date.fromisoformat(data["as_of"])  # the sentence writes it as documents do
    assert f"入统核对（截至{as_of.year}年{as_of.month}月{as_of.day}日）" in result.stdout
    assert "| 柯城区智慧停车 | 柯城区 | 5,000 | 2024-01-05 | 5 | 红 |" in result.stdout


def test_a_file_without_a_stats_header_is_refused(files: tuple[Path, Path], tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.xlsx", ["序号", "备注"], [[1, "x"]])
    result = CliRunner().invoke(app, ["rutong", str(files[0]), str(bad)])
    assert result.exit_code == 1 and "未找到统计清单（no statistics list found）" in result.stderr


def test_two_projects_of_one_name_each_take_one_statistics_row(tmp_path: Path) -> None:
    """Two ledger rows and two statistics rows under one name pair up, none left over."""
    ledger = write(tmp_path / "2024年6月台账.xlsx", LEDGER_HEADER,
                   [["", "体育中心建设", "东区", 1000, 500, 400, "2024-01-01"],
                    ["", "体育中心建设", "西区", 1000, 500, 300, "2024-01-01"]])  # fmt: skip
    stats = write(tmp_path / "s.xlsx", ["统一项目代码", "项目名称", "本年完成投资(万元)"],
                  [["", "体育中心建设项目", 400], ["", "体育中心建设项目", 300]])  # fmt: skip
    report = rutong(ledger, stats)
    assert report.total["entered"] == 2 and report.stats_only.height == 0


def test_ledger_text_punctuated_in_the_documents_only(tmp_path: Path) -> None:
    """A ledger's 柯城区智慧停车(一期) prints （一期） in Markdown and Word, as the briefing
    would print it; the terminal keeps the ledger's text."""
    rows = [[*r[:1], "柯城区智慧停车(一期)", *r[2:]] if r[1] == "柯城区智慧停车" else r
            for r in LEDGER]  # fmt: skip
    files = [write(tmp_path / "2024年6月台账.xlsx", LEDGER_HEADER, rows,
                   "2024年衢州市重点项目推进情况表（1-6月）"),
             write(tmp_path / "入库清单.xlsx", STATS_HEADER, STATS, STATS_TITLE)]  # fmt: skip
    md = CliRunner().invoke(app, ["rutong", *map(str, files), "-f", "md"]).stdout
    assert "| 柯城区智慧停车（一期） |" in md and "(一期)" not in md
    out = tmp_path / "入统.docx"
    assert CliRunner().invoke(app, ["rutong", *map(str, files), "-o", str(out)]).exit_code == 0
    import docx

    doc = docx.Document(str(out))
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    assert "柯城区智慧停车（一期）" in cells
    assert not any("(一期)" in c for c in cells)
    # The sent document drops the operator's 位置 (台账!B7) column and config pointers.
    assert "位置" not in cells and not any("台账!" in c for c in cells)
    assert not any("aliases" in p.text for p in doc.paragraphs)
    table = CliRunner().invoke(app, ["rutong", *map(str, files)]).stdout
    assert "柯城区智慧停车(一期)" in table  # the terminal list is for checking: verbatim


CSV_LEDGER = """2024年某县重点项目推进情况表（1-6月）
项目名称,县(市、区),总投资(万元),年度计划投资(万元),1-6月完成投资(万元),实际开工时间
城乡供水一体化,东城区,7000,2500,1500,2024-03-01
智慧停车场,东城区,5000,300,100,2024-01-05
人民医院住院楼,西城区,9000,3000,1200,2024-02-01
实验中学扩建,西城区,800,400,100,2024-02-01
"""


def csv_files(tmp_path: Path, stats_rows: list[str], header: str = "本年完成投资") -> list[Path]:
    """The tester's ledger, and a list in 元 whose rows are written as given (unquoted)."""
    ledger = tmp_path / "2024年6月台账.csv"
    ledger.write_text(CSV_LEDGER, encoding="utf-8")
    stats = tmp_path / "入库清单.csv"
    lines = ["2024年1-6月固定资产投资项目入库清单", "单位：元", f"项目名称,入库时间,{header}"]
    stats.write_text("\n".join([*lines, *stats_rows, ""]), encoding="utf-8")
    return [ledger, stats]


def test_a_list_row_not_read_is_said_everywhere(tmp_path: Path) -> None:
    """智慧停车场,2024-02-01,1,000,000 has five fields under three headers: the row is lost,
    so its project reads 未入库 — said by a warning naming the row, above the lists, and by
    warn --stats (which colours 入统 by the same list)."""
    files = csv_files(tmp_path, ["城乡供水一体化工程,2024-04-15,15000000",
                                 "智慧停车场,2024-02-01,1,000,000",
                                 '实验中学扩建,2024-03-01,"1,000,000"'])  # fmt: skip
    report = rutong(*files)
    lost = ("入库清单!第5行", "csv_row_fields")  # title, 单位, header, row 4: line 5
    assert [(w.where, w.code) for w in report.warnings] == [lost]
    assert "入库清单.csv" in report.warnings[0].message
    # started by 30 June (all are) with a 总投资 of 500 万元 or more
    due = sum(1 for line in CSV_LEDGER.splitlines()[2:] if int(line.split(",")[2]) >= 500)
    assert report.total["due"] == due == 4
    assert report.total["entry_rate"] == pytest.approx(2 / due)  # 供水, 实验中学
    assert report.pending["name"].to_list() == ["智慧停车场", "人民医院住院楼"]
    md = CliRunner().invoke(app, ["rutong", *map(str, files), "-f", "md"]).stdout
    assert "注意：统计清单《入库清单.csv》有1行未能完整读入（第5行）" in md
    result = CliRunner().invoke(app, ["warn", str(files[0]), "--stats", str(files[1]),
                                      "-f", "json"])  # fmt: skip
    data = json.loads(result.stdout)
    assert [(w["where"], w["code"]) for w in data["warnings"]] == [lost]
    assert data["statistics_list"]["unread"] == 1
    from projtrack.jobs.woniu import woniu

    assert [(w.where, w.code) for w in woniu(files[0], stats=files[1]).warnings] == [lost]


def test_an_amount_that_is_no_number_is_said_a_dash_is_not(tmp_path: Path) -> None:
    """abc in the completion column is no figure, and a warning names its cell; — and / are
    "no figure" without a word, as in a ledger."""
    files = csv_files(tmp_path, ["城乡供水一体化工程,2024-04-15,—", "智慧停车场,2024-02-01,/",
                                 "人民医院住院楼,2024-03-05,约12000000",
                                 "实验中学扩建,2024-03-01,abc"], "本年完成投资（元）")  # fmt: skip
    report = rutong(*files)
    assert [(w.where, w.code) for w in report.warnings] == [("入库清单!C7", "not_a_number")]
    assert "“abc”" in report.warnings[0].message
    stats = dict(zip(report.projects["name"], report.projects["stats_completed"], strict=True))
    assert stats == {"城乡供水一体化": None, "智慧停车场": None,
                     "人民医院住院楼": 12_000_000 / 10_000, "实验中学扩建": None}  # fmt: skip


def test_a_name_as_written_wins_over_a_looser_one(tmp_path: Path) -> None:
    """The list has 人民医院住院楼建设项目 (900 万元) before 人民医院住院楼 (300 万元): one name
    key. The ledger's 人民医院住院楼 takes the row written as it is; the pairing was a
    choice, and a warning at the first of the two rows says which took which."""
    files = csv_files(tmp_path, ['人民医院住院楼建设项目,2024-03-01,"9,000,000"',
                                 '人民医院住院楼,2024-03-05,"3,000,000"'])  # fmt: skip
    report = rutong(*files)
    row = report.projects.filter(pl.col("name") == "人民医院住院楼").row(0, named=True)
    assert (row["how"], row["stats_name"], row["stats_completed"]) == (
        "name",
        "人民医院住院楼",
        3_000_000 / 10_000,
    )
    assert row["deviation"] == pytest.approx((1200 - 300) / 300)
    assert report.stats_only.select("name", "completed").rows() == [
        ("人民医院住院楼建设项目", 9_000_000 / 10_000)
    ]
    assert [(w.where, w.code) for w in report.warnings] == [("入库清单!第4行", "stats_same_name")]
    assert "第4行未配对；第5行配对台账“人民医院住院楼”" in report.warnings[0].message


def test_two_ledger_projects_each_take_the_row_of_their_own_name(tmp_path: Path) -> None:
    """Whatever the order of either side, each project takes its own row, not the first."""
    ledger = write(tmp_path / "2024年6月台账.xlsx", LEDGER_HEADER,
                   [["", "体育中心", "东区", 1000, 500, 400, "2024-01-01"],
                    ["", "体育中心建设项目", "西区", 1000, 500, 300, "2024-01-01"]])  # fmt: skip
    stats = write(tmp_path / "s.xlsx", ["项目名称", "本年完成投资(万元)"],
                  [["体育中心建设项目", 300], ["体育中心", 400]])  # fmt: skip
    report = rutong(ledger, stats)
    assert report.projects.select("name", "stats_name", "deviation").rows() == [
        ("体育中心", "体育中心", 0.0),
        ("体育中心建设项目", "体育中心建设项目", 0.0),
    ]


def test_a_statistics_figure_of_0_is_the_largest_deviation(tmp_path: Path) -> None:
    """城乡供水一体化: the ledger 1,500 万元, the list 0 — no ratio, listed first (JSON has no
    infinity: 偏离度 stays null), the table says 统计为0."""
    files = csv_files(tmp_path, ["城乡供水一体化工程,2024-04-15,0",
                                 '智慧停车场,2024-02-01,"1,000,000"',
                                 '人民医院住院楼,2024-03-05,"3,000,000"',
                                 '实验中学扩建,2024-03-01,"2,000,000"'])  # fmt: skip
    report = rutong(*files)
    ledger = {
        "城乡供水一体化": 1500,
        "智慧停车场": 100,
        "人民医院住院楼": 1200,
        "实验中学扩建": 100,
    }
    listed = {"城乡供水一体化": 0, "智慧停车场": 100, "人民医院住院楼": 300, "实验中学扩建": 200}
    ratios = {n: (ledger[n] - s) / s for n, s in listed.items() if s}
    over = sorted((n for n, d in ratios.items() if abs(d) > 0.2), key=lambda n: -abs(ratios[n]))
    assert report.deviating["name"].to_list() == ["城乡供水一体化", *over]
    assert report.deviating["deviation"].to_list() == [
        None,
        *(pytest.approx(ratios[n]) for n in over),
    ]
    data = json.loads(to_json(report.to_json()))
    assert (
        data["deviating"][0]["deviation"] is None and data["deviating"][0]["stats_completed"] == 0
    )
    md = CliRunner().invoke(app, ["rutong", *map(str, files), "-f", "md"]).stdout
    assert "| 城乡供水一体化 | 东城区 | 1,500 | 0 | 统计为0 |" in md
    assert "| 人民医院住院楼 | 西城区 | 1,200 | 300 | 300.0% |" in md


def test_one_phase_is_never_fuzzily_another(tmp_path: Path) -> None:
    """产业园（一期） and 产业园(二期) score 93 and were one project: two phases are not."""
    ledger = write(tmp_path / "2024年6月台账.xlsx", LEDGER_HEADER,
                   [["", "德阳市旌阳区智能制造产业园（一期）", "旌阳区", 15000, 5000, 2600, "2024-03-01"],
                    ["", "孝泉镇美丽乡村示范带建设", "旌阳区", 1200, 600, 300, "2024-03-01"]])  # fmt: skip
    stats = write(tmp_path / "s.xlsx", ["项目名称", "本年完成投资(万元)"],
                  [["德阳市旌阳区智能制造产业园(二期)", 2600],
                   ["孝泉镇美丽乡村示范建设工程项目", 300]])  # fmt: skip
    report = rutong(ledger, stats)
    assert report.fuzzy["name"].to_list() == ["孝泉镇美丽乡村示范带建设"]  # still fuzzy
    assert report.pending["name"].to_list() == ["德阳市旌阳区智能制造产业园（一期）"]
    assert (report.total["due"], report.total["entered"]) == (2, 1)
    assert report.stats_only["name"].to_list() == ["德阳市旌阳区智能制造产业园(二期)"]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [("产业园一期", "产业园二期", True), ("产业园1期", "产业园（一期）", False),
     ("产业园I期", "产业园2期", True), ("产业园首期", "产业园第一期", False),
     ("产业园Ⅱ期", "产业园二期", False), ("快速路一标段", "快速路二标段", True),
     ("快速路第3标", "快速路三标段", False), ("道路提升（一）", "道路提升(二)", True),
     ("产业园十二期", "产业园12期", False), ("产业园一期", "产业园", False),
     ("产业园一期一标段", "产业园一期二标段", True), ("统一标准厂房", "统二标准厂房", False)],
)  # fmt: skip
def test_phase_markers(a: str, b: str, expected: bool) -> None:
    assert apart(marks(a), marks(b)) is expected
