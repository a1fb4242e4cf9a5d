"""Sheets repeating each other's projects are never added together (found by a tester: a
报送版 in 亿元, a 全部项目 sheet after the county sheets, a 总表 beside its 省重点 part and
a 上月 sheet beside 本月 each doubled the totals with only per-row duplicate hints)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import xlsxwriter

from projtrack.cli.app import app

Sheet = tuple[str, list[str], list[list[object]]]  # title, header, rows


def book(path: Path, sheets: dict[str, Sheet]) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    for name, (title, header, rows) in sheets.items():
        ws = wb.add_worksheet(name)
        ws.write_row(0, 0, [title])
        ws.write_row(1, 0, header)
        for r, row in enumerate(rows, start=2):
            ws.write_row(r, 0, row)
    wb.close()
    return path


TITLE = "2024年重点项目推进情况表（1-6月）"
HEAD = ["项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资"]
PROJECTS = [  # name, county, plan, completed (万元)
    ("通用机场项目", "旌阳区", 9367.5, 4369.1),
    ("物流园区项目", "中江县", 48869.6, 35266.4),
    ("污水处理厂提标改造项目", "罗江区", 45972.8, 3602.7),
    ("精细化工项目", "旌阳区", 6688.9, 2080.9),
    ("智能制造产业园项目", "中江县", 29320.0, 17113.9),
    ("天然气管网项目", "罗江区", 29880.1, 13803.6),
]
PLAN = sum(p[2] for p in PROJECTS)
DONE = sum(p[3] for p in PROJECTS)


def rank(runner, path: Path, *args: str) -> dict:
    result = runner.invoke(app, ["rank", str(path), "-f", "json", "--by", "region", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def codes(data: dict) -> set[tuple[str, str]]:
    return {(w["where"], w["code"]) for w in data["warnings"]}


def test_a_copy_in_yi_yuan_is_left_out_and_the_wan_yuan_sheet_read(runner, tmp_path) -> None:
    in_yi = [[n, c, round(p / 1e4, 2), round(d / 1e4, 2)] for n, c, p, d in PROJECTS]
    head_yi = ["项目名称", "县(市、区)", "年度计划投资（亿元）", "1-6月完成投资（亿元）"]
    for order in (("台账", "报送版"), ("报送版", "台账")):
        sheets = {
            "台账": (TITLE, HEAD, [list(p) for p in PROJECTS]),
            "报送版": (TITLE, head_yi, in_yi),
        }
        path = book(tmp_path / f"{order[0]}.xlsx", {k: sheets[k] for k in order})
        data = rank(runner, path)
        assert data["total"]["projects"] == len(PROJECTS)
        assert data["total"]["annual_plan"] == pytest.approx(PLAN)
        assert data["total"]["completed_ytd"] == pytest.approx(DONE)
        assert ("报送版", "sheet_copy") in codes(data)


def test_an_all_projects_sheet_after_the_county_sheets_is_not_added(runner, tmp_path) -> None:
    sheets: dict[str, Sheet] = {}
    for county in ("旌阳区", "中江县", "罗江区"):
        rows = [[n, p, d] for n, c, p, d in PROJECTS if c == county]
        sheets[county] = (f"{county}{TITLE}", ["项目名称", "年度计划投资", "1-6月完成投资"], rows)
    sheets["全部项目"] = (TITLE, HEAD, [list(p) for p in PROJECTS])
    data = rank(runner, book(tmp_path / "市.xlsx", sheets))
    assert data["total"]["projects"] == len(PROJECTS)
    assert data["total"]["annual_plan"] == pytest.approx(PLAN)
    groups = {r["group"]: r["annual_plan"] for r in data["rows"]}
    expected = {
        c: sum(p for _, cc, p, _ in PROJECTS if cc == c) for c in ("旌阳区", "中江县", "罗江区")
    }
    assert groups == pytest.approx(expected)
    assert ("全部项目", "sheet_copy") in codes(data)


@pytest.mark.parametrize("first", ["总表", "省重点项目"])
def test_a_zongbiao_of_projects_is_the_full_list_beside_its_part(runner, tmp_path, first) -> None:
    part = [list(p) for p in PROJECTS[::2]]
    part[0][3] = PROJECTS[0][3]  # the same figures as in 总表
    sheets = {
        "总表": (TITLE, HEAD, [list(p) for p in PROJECTS]),
        "省重点项目": ("省重点项目（1-6月）", HEAD, part),
    }
    order = (first, *(k for k in sheets if k != first))
    data = rank(runner, book(tmp_path / "t.xlsx", {k: sheets[k] for k in order}))
    assert data["total"]["projects"] == len(PROJECTS)
    assert data["total"]["annual_plan"] == pytest.approx(PLAN)
    assert data["total"]["completed_ytd"] == pytest.approx(DONE)
    assert {w for w, c in codes(data) if c.startswith("sheet_")} == {"省重点项目"}


def test_a_summary_sheet_of_group_rows_is_still_a_summary(runner, tmp_path) -> None:
    sheets: dict[str, Sheet] = {}
    for county in ("旌阳区", "中江县"):
        rows = [[n, p, d] for n, c, p, d in PROJECTS if c == county]
        sheets[county] = (f"{county}{TITLE}", ["项目名称", "年度计划投资", "1-6月完成投资"], rows)
    sums = [[c, sum(p for _, cc, p, _ in PROJECTS if cc == c), 0.0] for c in sheets]
    sheets = {"汇总": (TITLE, ["项目名称", "年度计划投资", "1-6月完成投资"], sums), **sheets}
    data = rank(runner, book(tmp_path / "s.xlsx", sheets))
    assert data["total"]["projects"] == 4
    assert {r["group"] for r in data["rows"]} == {"旌阳区", "中江县"}


def test_last_months_sheet_is_not_added_to_this_months(runner, tmp_path) -> None:
    last = [[n, c, p, round(d * 0.8, 2)] for n, c, p, d in PROJECTS]
    sheets = {
        "本月": (TITLE, HEAD, [list(p) for p in PROJECTS]),
        "上月": ("2024年重点项目推进情况表（1-5月）", [*HEAD[:3], "1-5月完成投资"], last),
    }
    data = rank(runner, book(tmp_path / "m.xlsx", sheets))
    assert data["as_of"] == "2024-06-30"
    assert data["total"]["projects"] == len(PROJECTS)
    assert data["total"]["completed_ytd"] == pytest.approx(DONE)
    assert ("上月", "sheet_period") in codes(data)


def test_sheets_of_two_months_with_other_projects_are_refused(runner, tmp_path) -> None:
    other = [[f"其他项目{i}", "旌阳区", 1000.0, 300.0] for i in range(4)]
    sheets = {
        "本月": (TITLE, HEAD, [list(p) for p in PROJECTS]),
        "旧表": ("2024年重点项目推进情况表（1-5月）", [*HEAD[:3], "1-5月完成投资"], other),
    }
    result = runner.invoke(app, ["rank", str(book(tmp_path / "m.xlsx", sheets))])
    assert result.exit_code == 1 and result.stdout == ""
    assert "旧表 (2024年1-5月) and 本月 (2024年1-6月)" in result.stderr


def test_the_same_projects_with_other_completions_are_refused(runner, tmp_path) -> None:
    again = [[n, c, p, d + 100] for n, c, p, d in PROJECTS]
    head = [*HEAD[:3], "本年累计完成投资"]
    sheets = {"甲表": (TITLE, head, [list(p) for p in PROJECTS]), "乙表": (TITLE, head, again)}
    result = runner.invoke(app, ["rank", str(book(tmp_path / "v.xlsx", sheets))])
    assert result.exit_code == 1 and result.stdout == ""
    assert "甲表 and 乙表" in result.stderr and "different completions" in result.stderr


def test_sheets_sharing_part_of_their_projects_are_refused(runner, tmp_path) -> None:
    a = [list(p) for p in PROJECTS[:5]]
    b = [list(p) for p in PROJECTS[2:]] + [["新项目", "旌阳区", 500.0, 100.0]]
    sheets = {"省重点": (TITLE, HEAD, a), "市重点": (TITLE, HEAD, b)}
    result = runner.invoke(app, ["rank", str(book(tmp_path / "p.xlsx", sheets))])
    assert result.exit_code == 1 and result.stdout == ""
    assert "省重点 and 市重点 list 3 of the same projects" in result.stderr


def test_a_project_or_two_in_two_county_sheets_are_stacked(runner, tmp_path) -> None:
    a = [list(p) for p in PROJECTS[:4]]
    b = [list(p) for p in PROJECTS[2:4]] + [["新项目", "中江县", 500.0, 100.0]] * 1
    b += [[f"另{i}", "中江县", 700.0, 70.0] for i in range(3)]
    sheets = {"甲县": (TITLE, HEAD, a), "乙县": (TITLE, HEAD, b)}
    data = rank(runner, book(tmp_path / "d.xlsx", sheets))
    assert data["total"]["projects"] == 10
    plan = sum(r[2] for r in a) + sum(r[2] for r in b)  # type: ignore[misc]
    assert data["total"]["annual_plan"] == pytest.approx(plan)
    assert any(w["code"] == "duplicate" for w in data["warnings"])


def test_the_year_may_be_stated_on_the_summary_sheet_only(runner, tmp_path) -> None:
    """Titles of sheets not counted (a 汇总 of group rows, a 总表 read as the full list
    beside a part) still tell the year."""
    wb = xlsxwriter.Workbook(str(tmp_path / "y.xlsx"))
    ws = wb.add_worksheet("汇总")
    ws.write_row(0, 0, ["2024年重点项目推进情况汇总表"])
    ws.write_row(1, 0, ["县(市、区)", "项目个数", "年度计划投资", "1-6月完成投资"])
    counties = ("旌阳区", "中江县", "罗江区")
    for r, county in enumerate(counties, start=2):
        rows = [p for p in PROJECTS if p[1] == county]
        ws.write_row(r, 0, [county, len(rows), sum(p[2] for p in rows), sum(p[3] for p in rows)])
    for county in counties:
        sheet = wb.add_worksheet(county)
        sheet.write_row(0, 0, [f"{county}重点项目推进情况表"])
        sheet.write_row(1, 0, ["项目名称", "年度计划投资", "1-6月完成投资"])
        for r, (n, _, p, d) in enumerate((p for p in PROJECTS if p[1] == county), start=2):
            sheet.write_row(r, 0, [n, p, d])
    wb.close()
    data = rank(runner, tmp_path / "y.xlsx")
    assert data["as_of"] == "2024-06-30"
    assert data["total"]["annual_plan"] == pytest.approx(PLAN)
    sheets = {"总表": (TITLE, HEAD, [list(p) for p in PROJECTS]),
              "省重点项目": ("省重点项目（1-6月）", HEAD, [list(p) for p in PROJECTS[:3]])}  # fmt: skip
    data = rank(runner, book(tmp_path / "z.xlsx", sheets))
    assert data["as_of"] == "2024-06-30" and data["total"]["projects"] == len(PROJECTS)


@pytest.mark.parametrize("all_first", [True, False])
def test_county_sheets_and_their_sum_read_the_same_in_either_order(
    runner, tmp_path, all_first
) -> None:
    """The parts cover the 全部项目 sheet: the county sheets are read, whichever comes first
    (the 全部项目 sheet has no county column, so reading it would lose the counties)."""
    counties: dict[str, Sheet] = {}
    for county in ("旌阳区", "中江县", "罗江区"):
        rows = [[n, p, d] for n, c, p, d in PROJECTS if c == county]
        counties[county] = (f"{county}{TITLE}", ["项目名称", "年度计划投资", "1-6月完成投资"], rows)
    whole = ("全部项目", HEAD[:1] + HEAD[2:], [[n, p, d] for n, _, p, d in PROJECTS])
    both = {"全部项目": (TITLE, whole[1], whole[2])}
    sheets = {**both, **counties} if all_first else {**counties, **both}
    data = rank(runner, book(tmp_path / "o.xlsx", sheets))
    assert data["total"]["projects"] == len(PROJECTS)
    groups = {r["group"]: r["annual_plan"] for r in data["rows"]}
    expected = {c: sum(p for _, cc, p, _ in PROJECTS if cc == c) for c in counties}
    assert groups == pytest.approx(expected)
    assert ("全部项目", "sheet_copy") in codes(data)


def test_common_names_with_round_plans_in_county_sheets_are_stacked(runner, tmp_path) -> None:
    """高标准农田建设项目 with a plan of 1000 in two counties are two projects: their
    completions differ, and they are a few rows of each sheet."""
    common = ["高标准农田建设项目", "农村公路建设项目", "乡村振兴示范项目"]
    a = [[n, "甲县", 1000.0, 400.0] for n in common]
    a += [[f"甲县项目{i}", "甲县", 500.0 + i, 100.0] for i in range(4)]
    b = [[n, "乙县", 1000.0, 650.0] for n in common]
    b += [[f"乙县项目{i}", "乙县", 800.0 + i, 300.0] for i in range(4)]
    data = rank(
        runner, book(tmp_path / "c.xlsx", {"甲县": (TITLE, HEAD, a), "乙县": (TITLE, HEAD, b)})
    )
    assert data["total"]["projects"] == 14
    assert data["total"]["annual_plan"] == pytest.approx(sum(r[2] for r in a + b))  # type: ignore[misc]
    assert data["total"]["completed_ytd"] == pytest.approx(sum(r[3] for r in a + b))  # type: ignore[misc]


def test_a_summary_by_category_adding_up_to_the_others_is_not_counted(runner, tmp_path) -> None:
    """Its rows (工业项目, 基础设施项目) name no group the detail sheets carry, but its
    figures are their sum: a summary, not projects."""
    sheets: dict[str, Sheet] = {}
    for county in ("旌阳区", "中江县", "罗江区"):
        rows = [[n, p, d] for n, c, p, d in PROJECTS if c == county]
        sheets[county] = (f"{county}{TITLE}", ["项目名称", "年度计划投资", "1-6月完成投资"], rows)
    half = PROJECTS[:3], PROJECTS[3:]
    sums = [[label, sum(p[2] for p in part), sum(p[3] for p in part)]
            for label, part in zip(("工业项目", "基础设施项目"), half, strict=True)]  # fmt: skip
    sheets = {"汇总表": (TITLE, ["项目名称", "年度计划投资", "1-6月完成投资"], sums), **sheets}
    data = rank(runner, book(tmp_path / "k.xlsx", sheets))
    assert data["total"]["projects"] == len(PROJECTS)
    assert data["total"]["annual_plan"] == pytest.approx(PLAN)


def test_last_years_sheet_is_not_added_to_this_years(runner, tmp_path) -> None:
    """A 去年同期 sheet: the same names, last year's plans and completions."""
    last = [[n, c, p * 0.9, d * 0.7] for n, c, p, d in PROJECTS]
    sheets = {
        "本年": (TITLE, HEAD, [list(p) for p in PROJECTS]),
        "去年同期": ("2023年重点项目推进情况表（1-6月）", HEAD, last),
    }
    data = rank(runner, book(tmp_path / "y.xlsx", sheets))
    assert data["as_of"] == "2024-06-30"
    assert data["total"]["projects"] == len(PROJECTS)
    assert data["total"]["annual_plan"] == pytest.approx(PLAN)
    assert ("去年同期", "sheet_period") in codes(data)
    other = [[f"旧项目{i}", "旌阳区", 100.0, 50.0] for i in range(5)]
    sheets["去年同期"] = ("2023年重点项目推进情况表（1-6月）", HEAD, other)
    result = runner.invoke(app, ["rank", str(book(tmp_path / "z.xlsx", sheets))])
    assert result.exit_code == 1 and result.stdout == ""
    assert "去年同期 (2023年1-6月) and 本年 (2024年1-6月)" in result.stderr


@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_repeats_in_xls_and_ods(runner, tmp_path, fmt) -> None:
    """The same rules whatever the format: a copy in 亿元 and a 总表 beside its part."""
    from corpus import Sheet as Grid
    from corpus import write

    def grid(name: str, title: str, header: list[str], rows: list[list[object]]) -> Grid:
        return Grid(name, [[title], header, *rows])  # type: ignore[list-item]

    in_yi = [[n, c, round(p / 1e4, 2), round(d / 1e4, 2)] for n, c, p, d in PROJECTS]
    head_yi = ["项目名称", "县(市、区)", "年度计划投资（亿元）", "1-6月完成投资（亿元）"]
    sheets = [
        grid("总表", TITLE, HEAD, [list(p) for p in PROJECTS]),
        grid("报送版", TITLE, head_yi, in_yi),
        grid("省重点项目", "省重点项目（1-6月）", HEAD, [list(p) for p in PROJECTS[1::2]]),
    ]
    path = tmp_path / f"r.{fmt}"
    write(sheets, path, fmt)
    data = rank(runner, path)
    assert data["total"]["projects"] == len(PROJECTS)
    assert data["total"]["annual_plan"] == pytest.approx(PLAN)
    assert data["total"]["completed_ytd"] == pytest.approx(DONE)
    assert {w for w, c in codes(data) if c.startswith("sheet_")} == {"报送版", "省重点项目"}


def test_overlapping_parts_covering_the_zongbiao_leave_the_zongbiao_read(runner, tmp_path) -> None:
    """省重点 and 新开工 together list every project of the 总表 but share two: reading the
    parts would count those two twice, so the 总表 is read."""
    sheets = {
        "总表": (TITLE, HEAD, [list(p) for p in PROJECTS]),
        "省重点": (TITLE, HEAD, [list(p) for p in PROJECTS[:4]]),
        "新开工": (TITLE, HEAD, [list(p) for p in PROJECTS[2:]]),
    }
    data = rank(runner, book(tmp_path / "o.xlsx", sheets))
    assert data["total"]["projects"] == len(PROJECTS)
    assert data["total"]["annual_plan"] == pytest.approx(PLAN)
    assert {w for w, c in codes(data) if c == "sheet_subset"} == {"省重点", "新开工"}


@pytest.mark.parametrize(
    ("names", "headers"),
    [
        (("1-5月", "1-6月"), ("1-5月完成投资", "1-6月完成投资")),
        (("2024年1-5月", "2024年1-6月"), ("1-5月完成投资", "1-6月完成投资")),
        (("5月份", "6月份"), ("1-5月完成投资", "1-6月完成投资")),
        (("5月份", "6月份"), ("本年累计完成投资", "本年累计完成投资")),
        (("一季度", "二季度"), ("1-3月完成投资", "1-6月完成投资")),
        (("5月", "6月"), ("1-5月完成投资", "1-6月完成投资")),
    ],
)
def test_one_sheet_per_month_named_for_its_period_reads_the_latest(
    runner, tmp_path, names: tuple[str, str], headers: tuple[str, str]
) -> None:
    """A workbook kept month by month, each sheet named for its period however written:
    the latest month is the report, the earlier sheets are left out with a note."""
    earlier = [[n, c, p, round(d * 0.7, 2)] for n, c, p, d in PROJECTS]
    sheets = {
        names[0]: ("2024年重点项目推进情况表", [*HEAD[:3], headers[0]], earlier),
        names[1]: ("2024年重点项目推进情况表", [*HEAD[:3], headers[1]],
                   [list(p) for p in PROJECTS]),
    }  # fmt: skip
    data = rank(runner, book(tmp_path / "m.xlsx", sheets))
    assert data["total"]["projects"] == len(PROJECTS)
    assert data["total"]["annual_plan"] == pytest.approx(PLAN)
    assert data["total"]["completed_ytd"] == pytest.approx(DONE)
    assert (names[0], "sheet_period") in codes(data)


@pytest.mark.parametrize("own", ["{m}月完成投资", "本月完成投资", "当月完成"])
def test_month_sheets_with_the_months_own_column_read_the_latest(
    runner, tmp_path, own: str
) -> None:
    """Sheets 7月, 8月, 9月 each with the month's own figure beside 1-M月: a column per
    month in each sheet, but each sheet is one month's report, and the latest is read
    (they were refused as the same projects with other completions)."""
    sheets = {}
    for m, share in ((7, 0.6), (8, 0.8), (9, 1.0)):
        rows = [[n, c, p, round(d * 0.1, 1), round(d * share, 1)] for n, c, p, d in PROJECTS]
        head = [*HEAD[:3], own.format(m=m), f"1-{m}月完成投资"]
        sheets[f"{m}月"] = (f"2024年重点项目推进情况表（1-{m}月）", head, rows)
    data = rank(runner, book(tmp_path / "m.xlsx", sheets))
    assert data["as_of"] == "2024-09-30"
    assert data["total"]["projects"] == len(PROJECTS)
    assert data["total"]["completed_ytd"] == pytest.approx(sum(round(p[3], 1) for p in PROJECTS))
    assert {("7月", "sheet_period"), ("8月", "sheet_period")} <= codes(data)


def test_sheets_named_for_two_quarters_with_other_projects_are_refused(runner, tmp_path) -> None:
    other = [[f"其他项目{i}", "旌阳区", 1000.0, 300.0] for i in range(4)]
    sheets = {
        "一季度": ("2024年重点项目推进情况表", [*HEAD[:3], "累计完成投资额"], other),
        "二季度": ("2024年重点项目推进情况表", [*HEAD[:3], "累计完成投资额"],
                   [list(p) for p in PROJECTS]),
    }  # fmt: skip
    result = runner.invoke(app, ["rank", str(book(tmp_path / "q.xlsx", sheets))])
    assert result.exit_code == 1 and result.stdout == ""
    assert "一季度" in result.stderr and "二季度" in result.stderr


@pytest.mark.parametrize("where", ["last", "first"])
def test_a_cross_cut_sheet_of_projects_from_several_sheets_is_not_added(
    runner, tmp_path, where: str
) -> None:
    """旌阳区 | 中江县 | 罗江区 sheets, and 其中省重点项目 listing one project of each: no
    one sheet holds it all, but every project of it stands in the county sheets."""
    counties = {c: [list(p) for p in PROJECTS if p[1] == c] for c in ("旌阳区", "中江县", "罗江区")}
    cut = [counties[c][0] for c in counties]
    sheets: dict[str, Sheet] = {c: (TITLE, HEAD, rows) for c, rows in counties.items()}
    sheets = {"其中省重点项目": (TITLE, HEAD, cut), **sheets} if where == "first" else \
        {**sheets, "其中省重点项目": (TITLE, HEAD, cut)}  # fmt: skip
    data = rank(runner, book(tmp_path / "x.xlsx", sheets))
    assert data["total"]["projects"] == len(PROJECTS)
    assert data["total"]["annual_plan"] == pytest.approx(PLAN)
    assert data["total"]["completed_ytd"] == pytest.approx(DONE)
    assert ("其中省重点项目", "sheet_subset") in codes(data)


RESPELT = {  # the same three projects as another sheet types them
    "county short": [("污水处理厂提标改造项目", "罗江"), ("精细化工项目", "旌阳"),
                     ("智能制造产业园项目", "中江")],
    "city before county": [("污水处理厂提标改造项目", "德阳市罗江区"),
                           ("精细化工项目", "德阳市旌阳区"), ("智能制造产业园项目", "四川省德阳市中江县")],
    "names respelt": [("污水处理厂 提标改造项目", "罗江区"), ("精細化工項目", "旌阳区"),
                      ("（智能制造产业园项目）", "中江县")],
}  # fmt: skip


@pytest.mark.parametrize("how", sorted(RESPELT))
def test_shared_projects_spelt_otherwise_are_refused(runner, tmp_path, how) -> None:
    """A tester's 市重点 sheet repeated 4 省重点 projects with 旌阳 (or 德阳市旌阳区) for
    旌阳区: they were counted twice, where the same spelling is refused."""
    figures = {p[0]: p[2:] for p in PROJECTS}
    shared = [PROJECTS[2:5][i][0] for i in range(3)]
    b = [[name, county, *figures[shared[i]]] for i, (name, county) in enumerate(RESPELT[how])]
    b.append(["新项目", "旌阳区", 500.0, 100.0])
    sheets = {"省重点": (TITLE, HEAD, [list(p) for p in PROJECTS[:5]]), "市重点": (TITLE, HEAD, b)}
    result = runner.invoke(app, ["rank", str(book(tmp_path / "r.xlsx", sheets))])
    assert result.exit_code == 1 and result.stdout == ""
    assert "省重点 and 市重点 list 3 of the same projects" in result.stderr


def test_a_copy_spelling_counties_and_names_otherwise_is_one_copy(runner, tmp_path) -> None:
    """A 报送版 writing 德阳市旌阳区 and full-width brackets is still a copy, not added."""
    copy = [[f"（{n}）", f"德阳市{c}", p, d] for n, c, p, d in PROJECTS]
    sheets = {"台账": (TITLE, HEAD, [list(p) for p in PROJECTS]), "报送版": (TITLE, HEAD, copy)}
    data = rank(runner, book(tmp_path / "c.xlsx", sheets))
    assert data["total"]["projects"] == len(PROJECTS)
    assert data["total"]["annual_plan"] == pytest.approx(PLAN)
    assert ("报送版", "sheet_copy") in codes(data)


@pytest.mark.parametrize("own", ["市直部门", "市本级", "市级部门"])
def test_the_citys_own_sheet_beside_a_full_list_is_a_part_of_it(runner, tmp_path, own) -> None:
    """A tester's 广安 ledger: 全部项目 (县（市、区）: 市直部门 for the city's projects), county
    sheets with 所在乡镇, and the city's own sheet whose 所在县（市、区） says where each
    project is built. The county sheets were left out as parts of 全部项目, the own sheet
    kept, and its projects added again to 旌阳区 and 中江县: 8 projects for 6."""
    city = [("体育中心", "旌阳区", 13350.0, 9355.5), ("隧道改扩建", "中江县", 58250.0, 55350.9)]
    counties = {"旌阳区": PROJECTS[0::3], "中江县": PROJECTS[1::3]}  # 2 projects each
    town = ["项目名称", "所在乡镇", "年度计划投资", "1-6月完成投资"]
    sheets: dict[str, Sheet] = {}
    full = [[n, c, p, d] for n, c, p, d in PROJECTS[0::3] + PROJECTS[1::3]]
    full += [[n, own, p, d] for n, _, p, d in city]
    sheets["全部项目"] = (TITLE, HEAD, full)
    for county, rows in counties.items():
        sheets[county] = (f"{county}{TITLE}", town, [[n, "城关镇", p, d] for n, _, p, d in rows])
    head = ["项目名称", "所在县（市、区）", "年度计划投资", "1-6月完成投资"]
    sheets[own] = (f"德阳市{own}{TITLE}", head, [list(p) for p in city])
    data = rank(runner, book(tmp_path / "2024年全市.xlsx", sheets))
    groups = {r["group"]: (r["projects"], r["annual_plan"]) for r in data["rows"]}
    # By hand: 旌阳区 9367.5 + 6688.9; 中江县 48869.6 + 29320.0; the city 13350 + 58250.
    assert groups == {"旌阳区": (2, 16056.4), "中江县": (2, 78189.6), own: (2, 71600.0)}
    assert data["total"]["projects"] == 6
    assert ("全部项目", "sheet_copy") in codes(data)


def test_shared_projects_under_other_counties_are_refused(runner, tmp_path) -> None:
    """Three projects with the same names and figures in two sheets, under other counties
    in one than in the other, neither sheet the whole of the other: counted twice before,
    with only per-row hints."""
    a = [list(p) for p in PROJECTS[:4]]
    b = [[n, "罗江区", p, d] for n, _, p, d in PROJECTS[:3]] + [["新项目", "旌阳区", 500.0, 100.0]]
    b += [["另一项目", "中江县", 800.0, 100.0]]
    sheets = {"台账": (TITLE, HEAD, a), "调度表": (TITLE, HEAD, b)}
    result = runner.invoke(app, ["rank", str(book(tmp_path / "s.xlsx", sheets))])
    assert result.exit_code == 1 and result.stdout == ""
    assert "台账 and 调度表 list 3 of the same projects" in result.stderr
    assert "under another 县(市、区)" in result.stderr
