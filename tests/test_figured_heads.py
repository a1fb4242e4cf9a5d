"""Headings found by their figures (read/figured_heads.py) and county blocks of key projects.

Each ledger is written here from a list of projects; the expected figures are the sums
of those projects, computed in the test, never read back from projtrack. Counting a
heading that carries its block's subtotals as a project doubles every amount.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from projtrack.read.load import load_ledger

HEADER = ["序号", "项目名称", "县(市、区)", "总投资", "年度计划投资", "1-3月完成投资"]
Project = tuple[str, str, float, float, float]
BLOCKS: list[tuple[str, list[Project]]] = [
    ("先进制造业", [("锂电新材料项目", "旌阳区", 124440.0, 20740.0, 5301.0),
                    ("综合管廊项目", "罗江区", 79000.0, 19750.0, 5016.0),
                    ("污水处理厂提标改造项目", "中江县", 182800.0, 45700.0, 7722.0)]),
    ("现代服务业", [("天然气管网改扩建项目", "什邡市", 47080.0, 23540.0, 3203.0),
                    ("滨江公园项目", "旌阳区", 224700.0, 44940.0, 4314.0)]),
    ("社会民生", [("职业技术学校新校区项目", "罗江区", 76050.0, 25350.0, 3194.0),
                  ("城东安置小区项目", "什邡市", 75600.0, 15120.0, 2662.0),
                  ("县人民医院新院区项目", "旌阳区", 139160.0, 34790.0, 9591.0)]),
]  # fmt: skip


def _all(blocks: list[tuple[str, list[Project]]]) -> list[Project]:
    return [p for _, ps in blocks for p in ps]


def _truth(projects: list[Project]) -> dict[str, object]:
    by: dict[str, list[float]] = {}
    for _, region, _, plan, done in projects:
        by.setdefault(region, [0, 0.0, 0.0])
        by[region][0] += 1
        by[region][1] += plan
        by[region][2] += done
    return _rounded(len(projects), sum(p[3] for p in projects), sum(p[4] for p in projects), by)


def _read(path: Path) -> dict[str, object]:
    frame = load_ledger(path).projects
    by: dict[str, list[float]] = {}
    for row in frame.select("region", "annual_plan", "completed_ytd").iter_rows():
        by.setdefault(row[0], [0, 0.0, 0.0])
        by[row[0]][0] += 1
        by[row[0]][1] += row[1] or 0.0
        by[row[0]][2] += row[2] or 0.0
    return _rounded(frame.height, float(frame["annual_plan"].sum()),
                    float(frame["completed_ytd"].sum()), by)  # fmt: skip


def _rounded(n: int, plan: float, done: float, by: dict[str, list[float]]) -> dict[str, object]:
    regions = {r: (int(v[0]), round(v[1], 2), round(v[2], 2)) for r, v in by.items()}
    return {"projects": n, "plan": round(plan, 2), "done": round(done, 2), "regions": regions}


def _sums(projects: list[Project]) -> list[float]:
    return [sum(p[k] for p in projects) for k in (2, 3, 4)]


def _numbered(
    heading_seq: Callable[[int], object],
    label: Callable[[int, str], str],
    blocks: list[tuple[str, list[Project]]] = BLOCKS,
) -> list[list[object]]:
    """Each block's heading (its subtotals), then its projects numbered 1, 2, … on."""
    rows: list[list[object]] = []
    n = 0
    for b, (name, projects) in enumerate(blocks):
        rows.append([heading_seq(b), label(b, name), None, *_sums(projects)])
        for p in projects:
            n += 1
            rows.append([n, *p])
    return rows


ROMAN = "ⅠⅡⅢ"
CAPITAL = "壹贰叁"
FORMS: dict[str, tuple[Callable[[int], object], Callable[[int, str], str]]] = {
    "blank 序号": (lambda b: None, lambda b, n: n),
    "Roman 序号": (lambda b: ROMAN[b], lambda b, n: n),
    "壹 序号": (lambda b: CAPITAL[b], lambda b, n: n),
    "Latin 序号": (lambda b: "ABC"[b], lambda b, n: n),
    "壹、 in the name": (lambda b: None, lambda b, n: f"{CAPITAL[b]}、{n}"),
    "Ⅰ、 in the name": (lambda b: None, lambda b, n: f"{ROMAN[b]}、{n}"),
    "1. in the name": (lambda b: None, lambda b, n: f"{b + 1}.{n}"),
    "（1） in the name": (lambda b: None, lambda b, n: f"（{b + 1}）{n}"),
}


@pytest.mark.parametrize("form", list(FORMS))
def test_a_heading_carrying_its_blocks_subtotals_is_not_counted(
    tidy: Callable[..., Path], form: str
) -> None:
    seq, label = FORMS[form]
    got = _read(tidy(HEADER, _numbered(seq, label)))
    assert got == (_truth(_all(BLOCKS)))


def test_the_heading_names_the_category_of_its_block(tidy: Callable[..., Path]) -> None:
    frame = load_ledger(tidy(HEADER, _numbered(lambda b: None, lambda b, n: n))).projects
    expected = [name for name, projects in BLOCKS for _ in projects]
    assert frame["category"].to_list() == expected


def test_headings_on_a_sheet_without_numbers(tidy: Callable[..., Path]) -> None:
    header = HEADER[1:]
    rows: list[list[object]] = []
    for name, projects in BLOCKS:
        rows.append([name, None, *_sums(projects)])
        rows += [list(p) for p in projects]
    assert _read(tidy(header, rows)) == (_truth(_all(BLOCKS)))


def test_a_project_with_its_parts_in_its_own_county_is_counted_once(
    tidy: Callable[..., Path],
) -> None:
    # No 序号: 凯江路 | 旌阳区 | sums over 一标段 | 旌阳区 and 二标段 | 旌阳区 — one project's
    # money, counted once (its parts, not a heading over two projects).
    header = HEADER[1:]
    parts = [
        ("一标段", "旌阳区", 30000.0, 8000.0, 2000.0),
        ("二标段", "旌阳区", 20000.0, 4000.0, 500.0),
    ]
    others = [("滨江公园项目", "罗江区", 50000.0, 10000.0, 3000.0)]
    rows = [["凯江路改造工程", "旌阳区", *_sums(parts)], *map(list, parts), *map(list, others)]
    got = _read(tidy(header, rows))
    assert (got["plan"], got["done"]) == (_sums(parts)[1] + others[0][3],
                                          _sums(parts)[2] + others[0][4])  # fmt: skip


def test_headings_without_figures_that_a_subtotal_closes(tidy: Callable[..., Path]) -> None:
    rows: list[list[object]] = []
    n = 0
    for name, projects in BLOCKS:
        rows.append([None, name, None, None, None, None])
        for p in projects:
            n += 1
            rows.append([n, *p])
        rows.append([None, "小计", None, *_sums(projects)])
    rows.append([None, "合计", None, *_sums(_all(BLOCKS))])
    assert _read(tidy(HEADER, rows)) == (_truth(_all(BLOCKS)))


def test_an_unnumbered_project_without_figures_and_no_subtotal_is_still_counted(
    tidy: Callable[..., Path],
) -> None:
    rows: list[list[object]] = [[1, *BLOCKS[0][1][0]], [None, "滨河大道延伸工程", "中江县", None, None, None],
                                [2, *BLOCKS[0][1][1]]]  # fmt: skip
    assert load_ledger(tidy(HEADER, rows)).projects.height == 3


def test_a_total_agreeing_with_the_row_counted_keeps_it_a_project(
    tidy: Callable[..., Path],
) -> None:
    # 序号 left blank on a project whose figures happen to equal the two below it: the
    # sheet's 合计 counts it, so it is a project.
    first, second = BLOCKS[0][1][0], BLOCKS[0][1][1]
    twin = (
        "滨河大道延伸工程",
        "旌阳区",
        first[2] + second[2],
        first[3] + second[3],
        first[4] + second[4],
    )
    projects = [twin, first, second]
    rows: list[list[object]] = [[None, *twin], [1, *first], [2, *second]]
    rows.append([None, "合计", None, *_sums(projects)])
    assert _read(tidy(HEADER, rows)) == (_truth(projects))


def test_a_sibling_heading_read_by_its_label_and_one_by_its_figures(
    tidy: Callable[..., Path],
) -> None:
    # 招商引资项目 (found by its figures) and 政府投资项目 (a block word) head two blocks.
    blocks = [("招商引资项目", BLOCKS[0][1]), ("政府投资项目", BLOCKS[2][1])]
    path = tidy(HEADER, _numbered(lambda b: None, lambda b, n: n, blocks))
    assert _read(path) == (_truth(_all(blocks)))
    assert not [f for f in load_ledger(path).findings if f.code == "subtotal_mismatch"]


@pytest.mark.parametrize(
    "form", ["一、{r}重点项目（{n}个）", "{r}重点项目", "{r}市重点项目（{n}个）"]
)
def test_a_county_block_of_key_projects_is_the_county(tidy: Callable[..., Path], form: str) -> None:
    header = ["序号", "项目名称", "总投资", "年度计划投资", "1-3月完成投资"]
    rows: list[list[object]] = []
    projects: list[Project] = []
    n = 0
    for k, region in enumerate(["旌阳区", "罗江区", "中江县"]):
        block = [(f"{region}项目{j}", region, 1000.0 * (k + j + 1), 500.0 * (k + 1), 100.0 * (j + 1))
                 for j in range(3)]  # fmt: skip
        projects += block
        label = "一二三"[k] + "、" + form[2:] if form.startswith("一、") else form
        rows.append([None, label.format(r=region, n=3), *_sums(block)])
        for p in block:
            n += 1
            rows.append([n, p[0], *p[2:]])
    frame = load_ledger(tidy(header, rows)).projects
    got = frame.group_by("region").agg(pl.len(), pl.col("annual_plan").sum()).sort("region")
    want = _truth(projects)["regions"]
    assert {r: (n, p) for r, n, p in got.iter_rows()} == {
        r: (v[0], pytest.approx(v[1]))
        for r, v in want.items()  # type: ignore[attr-defined]
    }


def test_projects_named_like_numbered_sections_on_a_sheet_without_numbers(
    tidy: Callable[..., Path],
) -> None:
    """二、三产业融合发展示范园项目 and 一、二级公路改造工程 name their county as projects do;
    their figures are not their blocks': projects (they were sections, their money lost)."""
    projects: list[Project] = [
        ("大数据汇总中心建设项目", "旌阳区", 82590.0, 27530.0, 7466.0),
        ("二、三产业融合发展示范园项目", "罗江区", 199900.0, 39980.0, 2597.0),
        ("一汽配套产业园项目", "中江县", 140350.0, 28070.0, 2873.0),
        ("一、二级公路改造工程", "罗江区", 17480.0, 4370.0, 1246.0),
        ("总部经济大楼", "什邡市", 75880.0, 37940.0, 4920.0),
    ]
    assert _read(tidy(HEADER[1:], [list(p) for p in projects])) == _truth(projects)


def test_a_numbered_county_section_that_sums_its_block_stays_a_section(
    tidy: Callable[..., Path],
) -> None:
    """一、旌阳区 | 旌阳区 | its block's sums: a section, its county cell filled too."""
    block = [*BLOCKS[0][1][:1], ("滨江公园项目", "旌阳区", 224700.0, 44940.0, 4314.0)]
    rows = [["一、旌阳区", "旌阳区", *_sums(block)], *map(list, block)]
    assert _read(tidy(HEADER[1:], rows)) == _truth(block)


def test_a_heading_whose_subtotal_was_mistyped_is_a_section_reported(
    tidy: Callable[..., Path],
) -> None:
    """One heading's plan 90 off: it is still a heading (its siblings' figures hold), and
    its 分类合计 is reported — counted as a project it doubled the sheet without a word."""
    rows = _numbered(lambda b: None, lambda b, n: n)
    typo = next(i for i, r in enumerate(rows) if r[1] == BLOCKS[1][0])
    rows[typo][4] = float(rows[typo][4]) + 90  # type: ignore[arg-type]
    path = tidy(HEADER, rows)
    assert _read(path) == _truth(_all(BLOCKS))
    mismatches = [f for f in load_ledger(path).findings if f.code == "subtotal_mismatch"]
    assert [(f.row, f.column) for f in mismatches] == [(4 + typo, 4)]


def test_two_levels_of_headings_found_by_their_figures(tidy: Callable[..., Path]) -> None:
    """产业发展类 (the sum of both blocks) over 先进制造业 and 现代服务业, each over its projects."""
    blocks = BLOCKS[:2]
    rows: list[list[object]] = [[None, "产业发展类", None, *_sums(_all(blocks))]]
    path = tidy(HEADER, rows + _numbered(lambda b: None, lambda b, n: n, blocks))
    assert _read(path) == _truth(_all(blocks))
    assert not [f for f in load_ledger(path).findings if f.code == "subtotal_mismatch"]


def test_a_block_holding_a_funding_line_still_sums(tidy: Callable[..., Path]) -> None:
    rows = _numbered(lambda b: None, lambda b, n: n)
    rows.insert(3, [None, "其中：中央预算内资金", None, None, 5000.0, None])
    assert _read(tidy(HEADER, rows)) == _truth(_all(BLOCKS))


def test_a_project_whose_number_was_forgotten_naming_its_county_is_counted(
    tidy: Callable[..., Path],
) -> None:
    """Its figures those of the last project (two phases planned alike): a project, since
    it names its county as headings do not."""
    first = ("城北污水管网一期工程", "中江县", 10000.0, 5000.0, 1000.0)
    second = ("城南污水管网一期工程", "中江县", 10000.0, 5000.0, 1000.0)
    projects = [*BLOCKS[0][1], first, second]
    rows = [[i, *p] for i, p in enumerate(BLOCKS[0][1], start=1)]
    rows += [[None, *first], [4, *second]]
    assert _read(tidy(HEADER, rows)) == _truth(projects)


def test_the_first_of_stacked_town_tables_named_above_its_header(tmp_path: Path) -> None:
    """一、黄许镇 | its header | projects, 二、孝泉镇 | its header again | …: the first town's
    name stands above the sheet's header, where a title stands; its projects are its own."""
    from conftest import write_xlsx

    header = ["序号", "项目名称", "总投资", "年度计划投资", "1-3月完成投资"]
    towns = {"黄许镇": [(74580.0, 37290.0, 6168.0), (18320.0, 9160.0, 1284.0)],
             "孝泉镇": [(93440.0, 23360.0, 3095.0), (104750.0, 20950.0, 5907.0)],
             "德新镇": [(105570.0, 35190.0, 2390.0)]}  # fmt: skip
    rows: list[list[object]] = [["旌阳区2024年重点项目推进情况表（1-3月）"]]
    for k, (town, projects) in enumerate(towns.items()):
        rows += [[f"{'一二三'[k]}、{town}"], header]
        rows += [[i, f"{town}项目{i}", *p] for i, p in enumerate(projects, start=1)]
    frame = load_ledger(write_xlsx(tmp_path / "towns.xlsx", rows)).projects
    got = frame.group_by("region").agg(pl.len(), pl.col("annual_plan").sum())
    want = {t: (len(ps), sum(p[1] for p in ps)) for t, ps in towns.items()}
    assert {r: (n, p) for r, n, p in got.iter_rows()} == want


@pytest.mark.parametrize("where", ["middle", "end"])
def test_a_parent_without_number_over_its_numbered_parts_is_counted_once(
    tidy: Callable[..., Path], where: str
) -> None:
    """| 凯江路改造工程 | 旌阳区 | sums | over 3 | 凯江路改造工程一标段 and 4 | …二标段: the
    parent's figures are its parts'; counted too, they doubled the road."""
    parts = [("凯江路改造工程一标段", "旌阳区", 18000.0, 7000.0, 1800.0),
             ("凯江路改造工程二标段", "旌阳区", 12000.0, 5000.0, 1200.0)]  # fmt: skip
    before, after = BLOCKS[0][1][:2], BLOCKS[1][1] if where == "middle" else []
    rows = [[i, *p] for i, p in enumerate(before, start=1)]
    rows.append([None, "凯江路改造工程", "旌阳区", *_sums(parts)])
    rows += [[len(before) + i, *p] for i, p in enumerate([*parts, *after], start=1)]
    assert _read(tidy(HEADER, rows)) == _truth([*before, *parts, *after])


def test_an_unnumbered_project_whose_figures_add_up_to_the_next_two_is_counted(
    tidy: Callable[..., Path],
) -> None:
    """城区排水防涝项目 equals 城东学校项目 + 城西学校项目 by chance: they are not its parts."""
    projects = [("城区排水防涝项目", "中江县", 20000.0, 6000.0, 1200.0),
                ("城东学校项目", "中江县", 12000.0, 4000.0, 800.0),
                ("城西学校项目", "中江县", 8000.0, 2000.0, 400.0)]  # fmt: skip
    rows = [[1, *BLOCKS[0][1][0]], [None, *projects[0]], [2, *projects[1]], [3, *projects[2]]]
    assert _read(tidy(HEADER, rows)) == _truth([BLOCKS[0][1][0], *projects])
