"""Rows that may head others: names ending in a count or a colon, parents with 标段.

Each ledger is built here; the expected figures are the sums of the projects as written,
computed in the test, never read back from projtrack.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from projtrack.errors import LedgerError
from projtrack.read.load import load_ledger

HEADER = ["项目名称", "县(市、区)", "总投资", "2024年计划投资", "1-6月完成投资"]
CHARGERS = [
    ("旌阳区人民医院", "旌阳区", 60000.0, 12000.0, 0.0),
    ("新建充电桩500个", "旌阳区", 3000.0, 1500.0, 200.0),
    ("罗江区乡村道路", "罗江区", 2000.0, 1000.0, 150.0),
    ("罗江区城北公园", "罗江区", 1000.0, 500.0, 50.0),
]
BASE_STATIONS = [
    ("旌阳区人民医院", "旌阳区", 60000.0, 12000.0, 5000.0),
    ("新建5G基站200个", "旌阳区", 8000.0, 3000.0, 1600.0),
    ("罗江区污水处理厂", "罗江区", 8000.0, 3000.0, 1500.0),
]


def _truth(projects: list[tuple[str, str, float, float, float]]) -> tuple[int, float, float, float]:
    return (len(projects), sum(p[2] for p in projects), sum(p[3] for p in projects),
            sum(p[4] for p in projects))  # fmt: skip


def _read(path: Path) -> tuple[int, float, float, float]:
    frame = load_ledger(path).projects
    return (frame.height, float(frame["total_investment"].sum()),
            float(frame["annual_plan"].sum()), float(frame["completed_ytd"].sum()))  # fmt: skip


def _total(projects: list[tuple[str, str, float, float, float]]) -> list[object]:
    _, total, plan, done = _truth(projects)
    return ["合计", None, total, plan, done]


@pytest.mark.parametrize("with_total", [False, True])
def test_a_project_named_with_a_count_its_rows_add_up_to_is_still_counted(
    tidy: Callable[..., Path], with_total: bool
) -> None:
    rows: list[list[object]] = [list(p) for p in CHARGERS]
    if with_total:
        rows.append(_total(CHARGERS))
    assert _read(tidy(HEADER, rows)) == pytest.approx(_truth(CHARGERS))


def test_a_numbered_sheet_keeps_a_project_whose_number_was_left_blank(
    tidy: Callable[..., Path],
) -> None:
    header = ["序号", "项目名称", "总投资", "2024年计划投资", "1-6月完成投资"]
    projects = [("旌阳区人民医院", "", 60000.0, 12000.0, 100.0),
                ("改造提升农贸市场5个", "", 1000.0, 1000.0, 300.0),
                ("罗江区乡村道路", "", 1000.0, 1000.0, 300.0)]  # fmt: skip
    rows = [[1, *projects[0][:1], *projects[0][2:]], [None, projects[1][0], *projects[1][2:]],
            [2, projects[2][0], *projects[2][2:]]]  # fmt: skip
    assert _read(tidy(header, rows)) == pytest.approx(_truth(projects))


def test_a_bottom_total_agreeing_with_the_project_reading_is_not_refused(
    tidy: Callable[..., Path],
) -> None:
    rows: list[list[object]] = [*map(list, BASE_STATIONS), _total(BASE_STATIONS)]
    assert _read(tidy(HEADER, rows)) == pytest.approx(_truth(BASE_STATIONS))


def test_names_all_ending_in_a_count_are_projects(tidy: Callable[..., Path]) -> None:
    projects = [("新建5G基站200个", "旌阳区", 8000.0, 3000.0, 1600.0),
                ("改造老旧小区12个", "罗江区", 5000.0, 2000.0, 900.0),
                ("乡村振兴示范村建设10个", "中江县", 3000.0, 1000.0, 400.0)]  # fmt: skip
    assert _read(tidy(HEADER, [list(p) for p in projects])) == pytest.approx(_truth(projects))


def test_a_bottom_total_agreeing_with_neither_reading_is_refused(
    tidy: Callable[..., Path],
) -> None:
    total = _total(BASE_STATIONS)
    total[3] = 99999.0
    rows: list[list[object]] = [*map(list, BASE_STATIONS), total]
    with pytest.raises(LedgerError, match=r"Sheet1!A5.*新建5G基站200个"):
        load_ledger(tidy(HEADER, rows))


def test_a_weak_section_whose_count_and_figures_are_its_rows_stays_a_section(
    tidy: Callable[..., Path],
) -> None:
    projects = CHARGERS[2:]
    _, total, plan, done = _truth(projects)
    rows = [["续建项目2个", None, total, plan, done], *map(list, projects)]
    assert _read(tidy(HEADER, rows)) == pytest.approx(_truth(projects))


def test_a_parent_whose_sections_leave_total_investment_blank_keeps_it(
    tidy: Callable[..., Path],
) -> None:
    header = ["序号", "项目名称", "县(市、区)", "项目级别", "总投资", "2024年计划投资",
              "1-6月完成投资"]  # fmt: skip
    rows = [[1, "旌阳区人民医院", "旌阳区", "市重点", 60000.0, 12000.0, 5000.0],
            [2, "德阳至罗江快速通道", "罗江区", "省重点", 80000.0, 10000.0, 4000.0],
            ["2.1", "一标段", "罗江区", None, None, 6000.0, 2500.0],
            ["2.2", "二标段", "罗江区", None, None, 4000.0, 1500.0]]  # fmt: skip
    # Truth: the hospital, and the road's two 标段 (its 总投资 once, for the whole road).
    truth = (3, 60000.0 + 80000.0, 12000.0 + 6000.0 + 4000.0, 5000.0 + 2500.0 + 1500.0)
    assert _read(tidy(header, rows)) == pytest.approx(truth)


COUNTY_PARENTS = [  # (序号, name, total, plan, done): counties numbered 1, 2 over 1-1, 2-1 …
    ("1", "旌阳区", None, None, None),
    ("1-1", "甲项目", 100.0, 20.0, 8.0),
    ("1-2", "乙项目", 50.0, 10.0, 4.5),
    ("2", "中江县", None, None, None),
    ("2-1", "丙项目", 80.0, 16.0, 10.0),
]


@pytest.mark.parametrize("with_region_column", [False, True])
@pytest.mark.parametrize("with_subtotals", [False, True])
def test_a_numbered_county_over_sub_numbered_projects_gives_them_its_name(
    tmp_path: Path, with_region_column: bool, with_subtotals: bool
) -> None:
    """1 | 旌阳区 | subtotals over 1-1, 1-2: the projects are 旌阳区's, the county row is a
    heading (not a project, its figures not counted twice)."""
    from conftest import write_xlsx

    kids: dict[str, list[tuple[float, ...]]] = {}
    head = ""
    for seq, name, *figures in COUNTY_PARENTS:
        if "-" not in seq:
            head = name
        kids.setdefault(head, []).append(tuple(figures))  # type: ignore[arg-type]
    rows: list[list[object]] = [["2024年重点项目推进情况表（1-6月）"]]
    rows.append(["序号", "项目名称", *(["县(市、区)"] if with_region_column else []),
                 "总投资", "年度计划投资", "1-6月完成投资"])  # fmt: skip
    for seq, name, *figures in COUNTY_PARENTS:
        if "-" not in seq and with_subtotals and figures[0] is None:
            figures = [sum(f[k] for f in kids[name][1:]) for k in range(3)]
        rows.append([seq, name, *([""] if with_region_column else []), *figures])
    ledger = load_ledger(write_xlsx(tmp_path / "c.xlsx", rows))
    got = {
        r["name"]: (r["region"], r["annual_plan"]) for r in ledger.projects.iter_rows(named=True)
    }
    assert got == {"甲项目": ("旌阳区", 20.0), "乙项目": ("旌阳区", 10.0),
                   "丙项目": ("中江县", 16.0)}  # fmt: skip


def test_a_numbered_county_beside_numbered_projects_stays_a_parent(tmp_path: Path) -> None:
    """With 3 | 丁项目 at the counties' level, a 中江县 heading would run on over 丁项目:
    the county rows stay parents (their sub-items are the projects, counted once)."""
    from conftest import write_xlsx

    rows: list[list[object]] = [["2024年重点项目推进情况表（1-6月）"],
                                ["序号", "项目名称", "总投资", "年度计划投资", "1-6月完成投资"]]  # fmt: skip
    for seq, name, *figures in [*COUNTY_PARENTS, ("3", "丁项目", 40.0, 8.0, 2.0)]:
        rows.append([seq, name, *figures])
    ledger = load_ledger(write_xlsx(tmp_path / "m.xlsx", rows))
    assert sorted(ledger.projects["name"].to_list()) == ["丁项目", "丙项目", "乙项目", "甲项目"]
    assert ledger.projects["annual_plan"].sum() == 20.0 + 10.0 + 16.0 + 8.0


@pytest.mark.parametrize("mark", [".", "、", "．"])
@pytest.mark.parametrize("kids", [("{n}.1", "{n}.2"), ("（1）", "（2）"), ("①", "②")])
@pytest.mark.parametrize("parent_figures", [True, False])
def test_a_parent_numbered_with_a_mark_is_not_counted_beside_its_sub_items(
    tmp_path: Path, mark: str, kids: tuple[str, str], parent_figures: bool
) -> None:
    """4. | G108线改建工程 over 4.1 一标段 | 4.2 二标段: the 标段 are the projects; the
    "4." is the same number as 4, its mark only punctuation (it was added on top)."""
    from conftest import write_xlsx

    projects = [("1", "甲项目", 20.0, 8.0), ("2", "乙项目", 10.0, 4.5), ("3", "丙项目", 16.0, 10.0)]
    parts = [("一标段", 6000.0, 4000.0), ("二标段", 9000.0, 5800.0)]
    rows: list[list[object]] = [["2024年重点项目推进情况表（1-6月）"],
                                ["序号", "项目名称", "年度计划投资", "1-6月完成投资"]]  # fmt: skip
    rows += [[f"{s}{mark}", name, plan, done] for s, name, plan, done in projects]
    sums = [sum(p[1] for p in parts), sum(p[2] for p in parts)] if parent_figures else [None, None]
    rows.append([f"4{mark}", "G108线改建工程", *sums])
    rows += [
        [kid.format(n=4), name, plan, done]
        for kid, (name, plan, done) in zip(kids, parts, strict=True)
    ]
    ledger = load_ledger(write_xlsx(tmp_path / "p.xlsx", rows))
    assert ledger.projects.height == len(projects) + len(parts)
    expected = sum(p[2] for p in projects) + sum(p[1] for p in parts)
    assert ledger.projects["annual_plan"].sum() == pytest.approx(expected)
    assert "G108线改建工程" not in ledger.projects["name"].to_list()


@pytest.mark.parametrize(
    "parts",
    [["一标段", "二标段"], ["—岷江路", "—沱江路"], ["（1）岷江路", "（2）沱江路"],
     ["1.岷江路", "2.沱江路"], ["  岷江路", "  沱江路"]],
)  # fmt: skip
def test_parts_without_a_number_that_add_up_to_the_row_above_are_its_parts(
    tidy: Callable[..., Path], parts: list[str]
) -> None:
    """2 | 城区道路改造 (3000 | 1200 | 500) over two rows with no 序号 whose figures add up to
    it, no 合计 on the sheet: the rows are its parts, counted once (the county's plan was
    doubled)."""
    header = ["序号", "项目名称", "县(市、区)", "总投资", "2024年计划投资", "1-6月完成投资"]
    rows: list[list[object]] = [
        [1, "旌阳区人民医院", "旌阳区", 60000.0, 12000.0, 5000.0],
        [2, "城区道路改造", "旌阳区", 3000.0, 1200.0, 500.0],
        [None, parts[0], None, 2000.0, 700.0, 300.0],
        [None, parts[1], None, 1000.0, 500.0, 200.0],
        [3, "罗江区污水处理厂", "罗江区", 8000.0, 3000.0, 1500.0],
    ]
    frame = load_ledger(tidy(header, rows)).projects
    by = frame.group_by("region").agg(pl.len(), pl.col("annual_plan").sum()).sort("region")
    assert by.rows() == [("旌阳区", 3, 13200.0), ("罗江区", 1, 3000.0)]


def test_a_total_that_counts_the_row_keeps_it_a_project(tidy: Callable[..., Path]) -> None:
    """The same rows under a 合计 that adds every row as a project: they are projects."""
    header = ["序号", "项目名称", "县(市、区)", "总投资", "2024年计划投资", "1-6月完成投资"]
    rows: list[list[object]] = [
        [1, "城区道路改造", "旌阳区", 3000.0, 1200.0, 500.0],
        [None, "岷江路改造", "旌阳区", 2000.0, 700.0, 300.0],
        [None, "沱江路改造", "旌阳区", 1000.0, 500.0, 200.0],
        [None, "合计", None, 6000.0, 2400.0, 1000.0],
    ]
    assert load_ledger(tidy(header, rows)).projects.height == 3


BLOCKS = [("新开工项目", "续建项目", "category"), ("产业项目", "基础设施项目", "category"),
          ("省重点项目", "市重点项目", "level"), ("續建項目", "竣工项目", "category")]  # fmt: skip
# A category written only in traditional characters is named in simplified ones (spellings).
SIMPLIFIED = {"續建項目": "续建项目"}
DAMS = [("凯江堤防工程", "", 9000.0, 2500.0, 1000.0), ("黄许镇供水厂", "", 3000.0, 1000.0, 500.0),
        ("罗江区城北公园", "", 8000.0, 2500.0, 1500.0)]  # fmt: skip


@pytest.mark.parametrize("numbered", [True, False])
@pytest.mark.parametrize("figures", [True, False])
@pytest.mark.parametrize(("first", "second", "field"), BLOCKS)
def test_a_block_word_without_a_number_heads_its_projects(
    tidy: Callable[..., Path], numbered: bool, figures: bool, first: str, second: str, field: str
) -> None:
    """新开工项目 | 3500 | 1500, 序号 blank, over 1 甲 | 2 乙, then 续建项目 over 3 丙: headings
    with their blocks' subtotals, as 一、新开工项目 would be (they were counted as projects,
    silently doubling the plan where no 合计 showed it)."""
    header = [
        *(["序号"] if numbered else []),
        "项目名称",
        "总投资",
        "2024年计划投资",
        "1-6月完成投资",
    ]

    def heading(name: str, block: list[tuple[str, str, float, float, float]]) -> list[object]:
        sums = [sum(p[k] for p in block) for k in (2, 3, 4)] if figures else [None] * 3
        return [*([None] if numbered else []), name, *sums]

    rows = [heading(first, DAMS[:2])]
    rows += [[*([k + 1] if numbered else []), p[0], *p[2:]] for k, p in enumerate(DAMS[:2])]
    rows += [heading(second, DAMS[2:]), [*([3] if numbered else []), DAMS[2][0], *DAMS[2][2:]]]
    path = tidy(header, rows)
    assert _read(path) == pytest.approx(_truth(DAMS))
    frame = load_ledger(path).projects
    assert frame[field].to_list()[:3] == [
        re.sub(r"项目|項目$", "", n) if field == "level" else SIMPLIFIED.get(n, n)
        for n in (first, first, second)
    ]


def test_a_project_named_with_block_words_stays_a_project(tidy: Callable[..., Path]) -> None:
    header = ["序号", "项目名称", "总投资", "2024年计划投资", "1-6月完成投资"]
    named = [("新开工项目配套道路", "", 900.0, 300.0, 100.0), *DAMS]
    rows = [[None, *named[0][:1], *named[0][2:]]] + [
        [k + 1, p[0], *p[2:]] for k, p in enumerate(DAMS)
    ]
    assert _read(tidy(header, rows)) == pytest.approx(_truth(named))
