"""One sheet per county: the county is the region (found by a tester: a 所在乡镇 column
merged the towns of three counties into 城关镇 and 南华镇, and sheet names such as
1.旌阳区, 中江县（4个）, 罗江区台账 became group names as written)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import xlsxwriter

from projtrack.cli.app import app

COUNTIES = {  # sheet name → (title, rows: name, town, plan, completed)
    "旌阳区": ("旌阳区", [("河道综合治理项目", "城关镇", 58707.8, 38271.9),
                          ("5G基站建设项目", "南华镇", 46045.1, 41159.8)]),
    "中江县": ("中江县", [("物流园区项目", "城关镇", 22007.1, 19793.5),
                          ("电子元器件项目", "南华镇", 10125.3, 1748.0),
                          ("职业中学迁建项目", "城关镇", 56823.4, 37790.7)]),
    "罗江区": ("罗江区", [("精细化工项目", "城关镇", 44043.8, 7139.7)]),
}  # fmt: skip


def book(path: Path, names: dict[str, str], *, town_column: bool = True) -> Path:
    """One sheet per county; ``names`` maps a county to the sheet name to write."""
    wb = xlsxwriter.Workbook(str(path))
    for county, (place, rows) in COUNTIES.items():
        ws = wb.add_worksheet(names[county])
        ws.write_row(0, 0, [f"{place}2024年重点项目推进情况表（1-6月）"])
        head = ["项目名称", "所在乡镇", "年度计划投资", "1-6月完成投资"]
        ws.write_row(1, 0, head if town_column else [head[0], *head[2:]])
        for r, row in enumerate(rows, start=2):
            ws.write_row(r, 0, row if town_column else [row[0], *row[2:]])
    wb.close()
    return path


def groups(runner, path: Path) -> dict[str, tuple[int, float, float]]:
    result = runner.invoke(app, ["rank", str(path), "-f", "json", "--by", "region"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["rows"]
    return {
        r["group"]: (r["projects"], round(r["annual_plan"], 4), round(r["completed_ytd"], 4))
        for r in rows
    }


def expected() -> dict[str, tuple[int, float, float]]:
    return {
        county: (len(rows), round(sum(r[2] for r in rows), 4), round(sum(r[3] for r in rows), 4))
        for county, (_, rows) in COUNTIES.items()
    }


def test_county_sheets_with_a_town_column_rank_the_counties(runner, tmp_path) -> None:
    got = groups(runner, book(tmp_path / "t.xlsx", {c: c for c in COUNTIES}))
    assert got == expected()


@pytest.mark.parametrize("town_column", [True, False])
def test_decorated_sheet_names_give_the_county(runner, tmp_path, town_column) -> None:
    names = {"旌阳区": "1.旌阳区", "中江县": "中江县（3个）", "罗江区": "罗江"}
    path = book(tmp_path / "d.xlsx", names, town_column=town_column)
    assert groups(runner, path) == expected()


def test_more_sheet_name_decorations() -> None:
    from projtrack.read.model import SheetInfo
    from projtrack.read.sheetsets import sheet_place

    cases = {
        "1.旌阳区": "旌阳区", "（二）中江县": "中江县", "三、罗江区": "罗江区",
        "中江县(12项)": "中江县", "罗江区台账": "罗江区", "旌阳区重点项目明细表": "旌阳区",
        "广汉市项目清单": "广汉市", "经开区": "经开区", "什邡": "什邡",
        "旌阳区重点项目": "旌阳区", "旌阳区市重点项目": "旌阳区", "中江县重点项目": "中江县",
    }  # fmt: skip
    assert {n: sheet_place(SheetInfo(n, True)) for n in cases} == cases
    titled = SheetInfo("什邡", True, title_lines=["什邡市2024年重点项目推进情况表"])
    assert sheet_place(titled) == "什邡市"


def test_numbered_sheets_titled_for_counties_give_the_counties(runner, tmp_path) -> None:
    names = {county: f"Sheet{i}" for i, county in enumerate(COUNTIES, start=1)}
    path = book(tmp_path / "n.xlsx", names, town_column=False)
    assert groups(runner, path) == expected()


def test_numbered_sheets_with_one_title_place_give_no_region(runner, tmp_path) -> None:
    """德阳市 on every sheet's title says nothing about the sheets: no region to group by."""
    wb = xlsxwriter.Workbook(str(tmp_path / "s.xlsx"))
    for i, (_, rows) in enumerate(COUNTIES.values(), start=1):
        ws = wb.add_worksheet(f"Sheet{i}")
        ws.write_row(0, 0, ["德阳市2024年重点项目推进情况表（1-6月）"])
        ws.write_row(1, 0, ["项目名称", "年度计划投资", "1-6月完成投资"])
        for r, row in enumerate(rows, start=2):
            ws.write_row(r, 0, [row[0], *row[2:]])
    wb.close()
    result = runner.invoke(app, ["rank", str(tmp_path / "s.xlsx"), "--by", "region"])
    assert result.exit_code == 2 and "no 县(市、区) column" in result.stderr


def test_the_county_a_title_names() -> None:
    from projtrack.read.model import SheetInfo
    from projtrack.read.sheetsets import title_place

    cases = {
        "旌阳区2024年重点项目推进情况表（1-6月）": "旌阳区",
        "2024年旌阳区重点项目": "旌阳区",
        "中江县重点项目台账": "中江县",
        "2024年全市重点项目": None,
        "2024年市重点项目推进情况": None,
        "2024年重点项目推进情况表（1-6月）": None,
    }
    got = {t: title_place(SheetInfo("Sheet1", True, title_lines=[t])) for t in cases}
    assert got == cases


def test_sheets_named_for_departments_give_the_responsible_unit(runner, tmp_path) -> None:
    """县住建局 | 县交通局 | 县水利局 sheets, no region or 责任单位 column: the sheets are
    the units answering for the projects (责任单位), not counties to rank as such."""
    units = {"县住建局": [("老旧小区改造项目", 5000.0, 2100.0), ("城市更新项目", 3000.0, 900.0)],
             "县交通局": [("G108改建工程", 8000.0, 4100.0)],
             "县水利局": [("水库除险加固", 2000.0, 1500.0), ("灌区改造", 1000.0, 200.0)]}  # fmt: skip
    wb = xlsxwriter.Workbook(str(tmp_path / "u.xlsx"))
    for unit, rows in units.items():
        ws = wb.add_worksheet(unit)
        ws.write_row(0, 0, [f"{unit}2024年重点项目推进情况表（1-6月）"])
        ws.write_row(1, 0, ["项目名称", "年度计划投资", "1-6月完成投资"])
        for r, row in enumerate(rows, start=2):
            ws.write_row(r, 0, row)
    wb.close()
    result = runner.invoke(app, ["rank", str(tmp_path / "u.xlsx"), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["group_by"] == "responsible"
    got = {r["group"]: (r["projects"], r["annual_plan"]) for r in data["rows"]}
    assert got == {u: (len(rows), sum(p for _, p, _ in rows)) for u, rows in units.items()}
    by_region = runner.invoke(app, ["rank", str(tmp_path / "u.xlsx"), "--by", "region"])
    assert by_region.exit_code == 2


def test_sheets_named_for_street_offices_are_places(runner, tmp_path) -> None:
    """…街道办事处 ends like a department (…处) but is the office of a place: 县(市、区)."""
    wb = xlsxwriter.Workbook(str(tmp_path / "j.xlsx"))
    for k, office in enumerate(["东湖街道办事处", "旌湖街道办事处"]):
        ws = wb.add_worksheet(office)
        ws.write_row(0, 0, ["2024年重点项目推进情况表（1-6月）"])
        ws.write_row(1, 0, ["项目名称", "年度计划投资", "1-6月完成投资"])
        ws.write_row(2, 0, [f"项目{k}", 1000.0 * (k + 1), 400.0])
    wb.close()
    result = runner.invoke(app, ["rank", str(tmp_path / "j.xlsx"), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["group_by"] == "region"
    assert {r["group"] for r in data["rows"]} == {"东湖街道办事处", "旌湖街道办事处"}


@pytest.mark.parametrize("header", ["所在乡镇", "乡镇(街道)", "建设地点(乡镇)"])
def test_county_sections_on_one_sheet_group_their_towns(runner, tmp_path: Path, header) -> None:
    """一、旌阳区（2个） | 二、中江县（3个） … over a 所在乡镇 column on one sheet: the county of
    the section is the group, not the town (城关镇 of three counties was one group)."""
    path = tmp_path / "one.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("汇总表")
    ws.write_row(0, 0, ["2024年德阳市重点项目推进情况表（1-6月）"])
    ws.write_row(1, 0, ["序号", "项目名称", header, "年度计划投资", "1-6月完成投资"])
    r = 2
    for k, (county, (_, rows)) in enumerate(COUNTIES.items()):
        plan, done = sum(x[2] for x in rows), sum(x[3] for x in rows)
        ws.write_row(r, 0, [None, f"{'一二三'[k]}、{county}（{len(rows)}个）", None, plan, done])
        r += 1
        for i, row in enumerate(rows, start=1):
            ws.write_row(r, 0, [i, *row])
            r += 1
    wb.close()
    expected = {county: (len(rows), round(sum(x[2] for x in rows), 2),
                         round(sum(x[3] for x in rows), 2))
                for county, (_, rows) in COUNTIES.items()}  # fmt: skip
    assert groups(runner, path) == expected


def test_town_sections_over_a_town_column_stay_towns(runner, tmp_path: Path) -> None:
    """一、城关镇 sections in a county ledger: the towns are the groups, as the column says."""
    path = tmp_path / "county.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("中江县")
    ws.write_row(0, 0, ["2024年中江县重点项目推进情况表（1-6月）"])
    ws.write_row(1, 0, ["序号", "项目名称", "所在乡镇", "年度计划投资", "1-6月完成投资"])
    ws.write_row(2, 0, [None, "一、城关镇（1个）", None, 100, 40])
    ws.write_row(3, 0, [1, "甲项目", "城关镇", 100, 40])
    ws.write_row(4, 0, [None, "二、南华镇（1个）", None, 50, 10])
    ws.write_row(5, 0, [1, "乙项目", "南华镇", 50, 10])
    wb.close()
    assert groups(runner, path) == {"城关镇": (1, 100.0, 40.0), "南华镇": (1, 50.0, 10.0)}


def test_area_sections_leave_the_town_column_alone(runner, tmp_path: Path) -> None:
    """一、城区项目 | 二、工业园区项目 in a county ledger over 所在乡镇（街道）: parts of the county,
    not counties — the towns stay the groups (three 街道 were merged into 城区)."""
    path = tmp_path / "area.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("中江县")
    ws.write_row(0, 0, ["2024年中江县重点项目推进情况表（1-6月）"])
    ws.write_row(1, 0, ["序号", "项目名称", "所在乡镇（街道）", "年度计划投资", "1-6月完成投资"])
    rows = [["一、城区项目（2个）", None, 300, 90], [1, "甲项目", "东城街道", 100, 40],
            [2, "乙项目", "西城街道", 200, 50], ["二、工业园区项目（1个）", None, 50, 10],
            [1, "丙项目", "城关镇", 50, 10]]  # fmt: skip
    for r, row in enumerate(rows, start=2):
        ws.write_row(r, 0, [None, *row] if isinstance(row[0], str) else row)
    wb.close()
    assert groups(runner, path) == {
        "东城街道": (1, 100.0, 40.0), "西城街道": (1, 200.0, 50.0), "城关镇": (1, 50.0, 10.0)
    }  # fmt: skip


def test_a_county_sheet_with_nothing_to_report_leaves_the_others_ranked(
    runner, tmp_path: Path
) -> None:
    """旌阳区 with only 无 under its header, 中江县 with projects: 中江县's projects are
    中江县's (the run stopped: no column to group by)."""
    path = tmp_path / "w.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    empty = wb.add_worksheet("旌阳区")
    empty.write_row(0, 0, ["旌阳区2024年重点项目（1-6月）"])
    empty.write_row(1, 0, ["序号", "项目名称", "年度计划投资", "1-6月完成投资"])
    empty.write_row(2, 0, ["无", "无", "无", "无"])
    ws = wb.add_worksheet("中江县")
    ws.write_row(0, 0, ["中江县2024年重点项目（1-6月）"])
    ws.write_row(1, 0, ["序号", "项目名称", "年度计划投资", "1-6月完成投资"])
    ws.write_row(2, 0, [1, "中江甲", 4000, 1200])
    ws.write_row(3, 0, [2, "中江乙", 1000, 300])
    wb.close()
    assert groups(runner, path) == {"中江县": (2, 5000.0, 1500.0)}


@pytest.mark.parametrize("town_column", [True, False])
def test_a_county_heading_in_the_number_column(runner, tmp_path: Path, town_column) -> None:
    """旌阳区 alone in the 序号 column, merged across the row, over its projects: a heading
    (with or without a 所在乡镇 column, the projects were ranked by town or not at all)."""
    path = tmp_path / "h.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("台账")
    ws.write_row(0, 0, ["2024年德阳市重点项目台账（1-6月）"])
    head = ["序号", "项目名称", "所在乡镇", "年度计划投资", "1-6月完成投资"]
    ws.write_row(1, 0, head if town_column else [h for h in head if h != "所在乡镇"])
    r = 2
    for county, (_, rows) in COUNTIES.items():
        ws.merge_range(r, 0, r, 3 if not town_column else 4, county)
        r += 1
        for i, row in enumerate(rows, start=1):
            ws.write_row(r, 0, [i, *(row if town_column else (row[0], *row[2:]))])
            r += 1
    wb.close()
    assert groups(runner, path) == {
        county: (len(rows), round(sum(x[2] for x in rows), 4), round(sum(x[3] for x in rows), 4))
        for county, (_, rows) in COUNTIES.items()
    }


def _two_sheets(path: Path, names: tuple[str, str], titles: tuple[str, str]) -> Path:
    """One county's list over two sheets without a region column (rows of 中江县 above)."""
    _, rows = COUNTIES["中江县"]
    parts = (rows[:2], rows[2:])
    wb = xlsxwriter.Workbook(str(path))
    for name, title, part in zip(names, titles, parts, strict=True):
        ws = wb.add_worksheet(name)
        ws.write_row(0, 0, [title])
        ws.write_row(1, 0, ["项目名称", "责任单位", "年度计划投资", "1-6月完成投资"])
        for r, row in enumerate(part, start=2):
            ws.write_row(r, 0, [row[0], "县住建局", *row[2:]])
    wb.close()
    return path


@pytest.mark.parametrize(
    "names",
    [("重点项目1", "重点项目2"), ("9月", "9月(续)"), ("台账", "台账续"), ("上", "下"),
     ("1", "2"), ("表一", "表二"), ("P1", "P2"), ("第1页", "第2页"),
     ("重点项目（一）", "重点项目（二）")],
)  # fmt: skip
def test_sheet_names_that_say_no_place_make_no_county(runner, tmp_path, names) -> None:
    """Found by a tester: each such sheet became a county of its own, both on the 黑榜,
    one county's projects split in two without a word."""
    title = "2024年广汉市重点项目推进情况表（1-6月）"
    path = _two_sheets(tmp_path / "p.xlsx", names, (title, title))
    result = runner.invoke(app, ["rank", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["group_by"] == "responsible"  # no county column, none from the names
    assert [r["group"] for r in data["rows"]] == ["县住建局"]


@pytest.mark.parametrize("second", ["续表", "中江县续", "中江县（续）", "续"])
def test_a_continued_sheet_is_the_county_it_continues(runner, tmp_path, second) -> None:
    path = _two_sheets(
        tmp_path / "c.xlsx", ("中江县", second), ("2024年中江县重点项目（1-6月）", "")
    )
    assert groups(runner, path) == {"中江县": expected()["中江县"]}


@pytest.mark.parametrize("names", [("第1页", "第2页"), ("1", "2"), ("新增项目", "续建项目")])
def test_sheets_named_for_no_place_take_the_county_their_titles_name(
    runner, tmp_path, names
) -> None:
    """Titles naming different counties tell the sheets apart (after a year and period:
    2024年1-6月旌阳区…)."""
    _, rows = COUNTIES["中江县"]
    titles = ("2024年1-6月旌阳区新增重点项目", "2024年罗江区重点项目推进情况")
    path = _two_sheets(tmp_path / "t.xlsx", names, titles)
    got = groups(runner, path)
    plan, done = (round(sum(r[k] for r in rows[:2]), 4) for k in (2, 3))
    assert got["旌阳区"] == (2, plan, done)
    assert got["罗江区"][0] == 1


def test_a_kind_sheet_without_a_county_column_takes_its_titles_county(runner, tmp_path) -> None:
    """Sheet 重点项目 has a 县（市、区） column; sheet 新增项目 has none, its title names
    旌阳区: its projects were a county named 新增项目."""
    wb = xlsxwriter.Workbook(str(tmp_path / "k.xlsx"))
    ws = wb.add_worksheet("重点项目")
    ws.write_row(0, 0, ["2024年1-6月重点项目推进情况"])
    ws.write_row(1, 0, ["项目名称", "县（市、区）", "年度计划投资", "1-6月完成投资"])
    ws.write_row(2, 0, ["甲项目", "旌阳区", 100, 40])
    ws.write_row(3, 0, ["乙项目", "罗江区", 200, 50])
    ws = wb.add_worksheet("新增项目")
    ws.write_row(0, 0, ["2024年1-6月旌阳区新增重点项目"])
    ws.write_row(1, 0, ["项目名称", "年度计划投资", "1-6月完成投资"])
    ws.write_row(2, 0, ["丙项目", 300, 90])
    wb.close()
    assert groups(runner, tmp_path / "k.xlsx") == {
        "旌阳区": (2, 400.0, 130.0),
        "罗江区": (1, 200.0, 50.0),
    }


OWN_NAMES = ["市本级", "市直部门", "2.市本级", "市级部门", "市级", "市级项目", "市直属", "市本级项目",
             "市属国企", "市本级（含市属国企）", "市直单位（2个）", "州本级", "南充市本级"]  # fmt: skip


@pytest.mark.parametrize("own", OWN_NAMES)
def test_the_citys_own_sheet_is_its_unit_whatever_its_county_column(
    runner, tmp_path, own: str
) -> None:
    """County sheets without a county column beside a 市本级 sheet whose 所在县（市、区）
    says where each project is built: 市本级 is ranked as one unit (its 奥体中心 went to
    旌阳区's figures and put 旌阳区 on the 红榜, without a word)."""
    path = tmp_path / "2024年重点项目.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    for county, (_, rows) in COUNTIES.items():
        ws = wb.add_worksheet(county)
        ws.write_row(0, 0, ["项目名称", "年度计划投资", "1-6月完成投资"])
        for r, (name, _town, plan, done) in enumerate(rows, start=1):
            ws.write_row(r, 0, [name, plan, done])
    ws = wb.add_worksheet(own)
    ws.write_row(0, 0, ["项目名称", "所在县（市、区）", "年度计划投资", "1-6月完成投资"])
    ws.write_row(1, 0, ["奥体中心项目", "旌阳区", 100000.0, 90000.0])
    ws.write_row(2, 0, ["天府大道北延线", "中江县", 50000.0, 1000.0])
    wb.close()
    got = groups(runner, path)
    unit = own.removeprefix("2.").removesuffix("（2个）")
    assert got[unit] == (2, 150000.0, 91000.0)
    for county, (_, rows) in COUNTIES.items():
        assert got[county] == (
            len(rows),
            pytest.approx(sum(r[2] for r in rows)),
            pytest.approx(sum(r[3] for r in rows)),
        )


def test_own_level_names_are_a_rule_not_a_list() -> None:
    """A level word, then 本级 | 级 | 直 | 属 | 直属, then what it holds (部门, 单位, 项目,
    国企 …), with or without （含…）: the workbook's own unit. A level of projects (市重点,
    市级重点项目), a county, a department or a town is not."""
    from projtrack.read.sheetsets import own_level

    yes = ["市本级", "市级", "市直", "市直属", "市属国企", "市级部门", "市级项目", "市直单位",
           "市本级项目", "市本级（含市属国企）", "市本级(含市属国企)", "市本级含市属国企", "州直部门",
           "县本级", "县直部门", "县直单位", "区本级", "区直", "本级", "广安市市直部门", "市属企业"]  # fmt: skip
    no = ["市重点", "市级重点项目", "阆中市", "旌阳区", "中江县", "县住建局", "城关镇", "经开区",
          "南充航空港", "重点项目", "市场监管局", "直属", "级"]  # fmt: skip
    assert {n: own_level(n) for n in yes + no} == {n: n in yes for n in yes + no}


def test_a_citys_own_sheet_beside_county_sheets_with_town_columns(runner, tmp_path) -> None:
    """County sheets with 所在乡镇 and the city's own sheet named 市级部门 with 所在县（市、区）
    (a tester's 广安 ledger): the counties and 市级部门 are ranked, never the towns (奎阁街道
    and 华蓥市 were ranked side by side as towns)."""
    path = book(tmp_path / "g.xlsx", {c: c for c in COUNTIES})
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet("市级部门")
    ws.append(["广安市市级部门2024年重点项目推进情况表（1-6月）"])
    ws.append(["项目名称", "所在县（市、区）", "年度计划投资", "1-6月完成投资"])
    ws.append(["市体育中心", "旌阳区", 13350.0, 9355.5])
    ws.append(["隧道改扩建", "中江县", 58250.0, 55350.9])
    wb.save(path)
    assert groups(runner, path) == expected() | {"市级部门": (2, 71600.0, 64706.4)}


def test_a_county_ledgers_own_sheet_beside_its_town_sheets(runner, tmp_path) -> None:
    """A county's workbook: one sheet per town and 县直单位 with a 所在乡镇 column. The
    county's own departments are one unit; their projects were added to the towns."""
    import openpyxl

    path = tmp_path / "2024年中江县重点项目.xlsx"
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for town, row in {"城关镇": ("甲项目", 100.0, 40.0), "南华镇": ("乙项目", 50.0, 10.0)}.items():
        ws = wb.create_sheet(town)
        ws.append(["项目名称", "年度计划投资", "1-6月完成投资"])
        ws.append(row)
    ws = wb.create_sheet("县直单位")
    ws.append(["项目名称", "所在乡镇", "年度计划投资", "1-6月完成投资"])
    ws.append(["县医院迁建", "城关镇", 300.0, 210.0])
    ws.append(["县城供水", "南华镇", 200.0, 20.0])
    wb.save(path)
    assert groups(runner, path) == {
        "城关镇": (1, 100.0, 40.0), "南华镇": (1, 50.0, 10.0), "县直单位": (2, 500.0, 230.0)
    }  # fmt: skip


def test_a_sheet_named_for_no_county_leaves_the_county_sheets_counties(runner, tmp_path) -> None:
    """County sheets with 所在乡镇 beside a sheet named for something else (航空港) with a
    county column: the county sheets still rank as counties, not their towns; the other
    sheet's projects go where its column says."""
    path = book(tmp_path / "a.xlsx", {c: c for c in COUNTIES})
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet("航空港")
    ws.append(["项目名称", "所在县（市、区）", "年度计划投资", "1-6月完成投资"])
    ws.append(["物流枢纽", "罗江区", 1000.0, 500.0])
    wb.save(path)
    want = expected()
    count, plan, done = want["罗江区"]
    want["罗江区"] = (count + 1, round(plan + 1000.0, 4), round(done + 500.0, 4))
    assert groups(runner, path) == want
