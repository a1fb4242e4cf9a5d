"""Row labels as bureaus type them: totals, sections, notes and template rows.

Each ledger is built here from invented projects; the expected totals are the sums of
those projects, computed in the test, never read back from projtrack.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from projtrack.errors import LedgerError
from projtrack.read.load import load_ledger

HEADER = ["序号", "项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资"]
PROJECTS = [
    ("精细化工项目", "旌阳区", 58026.5, 45380.7),
    ("体育中心项目", "中江县", 7426.4, 1470.9),
    ("汽车零部件项目", "罗江区", 29299.5, 3310.6),
    ("职业中学迁建项目", "旌阳区", 30597.9, 21021.7),
    ("农村公路提档升级项目", "中江县", 33016.1, 6498.8),
    ("5G基站建设项目", "罗江区", 50245.2, 35002.5),
    ("污水处理厂项目", "旌阳区", 48689.1, 41381.4),
    ("电子元器件项目", "中江县", 29590.3, 20062.6),
    ("物流园区项目", "罗江区", 15281.8, 5847.6),
]


def _project_rows(projects=PROJECTS, start: int = 1) -> list[list[object]]:
    return [[start + i, n, r, p, c] for i, (n, r, p, c) in enumerate(projects)]


def _sums(projects=PROJECTS) -> tuple[int, float, float]:
    return len(projects), sum(p[2] for p in projects), sum(p[3] for p in projects)


def _read(path: Path) -> tuple[int, float, float]:
    frame = load_ledger(path).projects
    return frame.height, float(frame["annual_plan"].sum()), float(frame["completed_ytd"].sum())


def _assert_read(path: Path, expected: tuple[int, float, float]) -> None:
    n, plan, done = _read(path)
    assert n == expected[0]
    assert plan == pytest.approx(expected[1], abs=0.01)
    assert done == pytest.approx(expected[2], abs=0.01)


@pytest.mark.parametrize(
    "label",
    ["合计数", "合计（万元）", "总  计：", "合计(9)", "总数", "合计金额", "汇总数", "合 计：",
     "合计(单位：万元)", "總計數"],
)  # fmt: skip
@pytest.mark.parametrize("where", ["top", "bottom"])
def test_total_labels_with_units_counts_and_colons(
    tidy: Callable[..., Path], label: str, where: str
) -> None:
    n, plan, done = _sums()
    total = [None, label, None, round(plan, 1), round(done, 1)]
    rows = _project_rows()
    rows = [total, *rows] if where == "top" else [*rows, total]
    _assert_read(tidy(HEADER, rows), (n, plan, done))


@pytest.mark.parametrize(
    "fmt",
    ["{cn} {s}项目", "第{cn}部分 {s}项目", "【{s}项目】", "{s}项目{n}个", "{s}项目：",
     "第{cn}部分　{s}项目（{n}个）"],
)  # fmt: skip
def test_section_rows_with_figures_in_the_ways_bureaus_label_them(
    tidy: Callable[..., Path], fmt: str
) -> None:
    blocks = [("续建", PROJECTS[:3]), ("新开工", PROJECTS[3:6]), ("竣工", PROJECTS[6:])]
    rows: list[list[object]] = []
    seq = 1
    for k, (stage, items) in enumerate(blocks):
        _, plan, done = _sums(items)
        label = fmt.format(cn="一二三"[k], s=stage, n=len(items))
        rows.append([None, label, None, round(plan, 1), round(done, 1)])
        rows += _project_rows(items, seq)
        seq += len(items)
    path = tidy(HEADER, rows)
    _assert_read(path, _sums())
    ledger = load_ledger(path)
    assert not [f for f in ledger.findings if f.code in ("subtotal_mismatch", "count_mismatch")]


@pytest.mark.parametrize(
    "notes",
    [
        [[None, "填表说明：", None, None, None],
         [None, "1．年度计划投资以市发改委下达计划为准；", None, None, None],
         [None, "2．完成投资统计口径为1-6月，保留两位小数。", None, None, None]],
        [[None, "填表说明：", None, None, None],
         [1, "年度计划投资以市发改委下达计划为准。", None, None, None],
         [2, "完成投资统计口径为1-6月，单位万元。", None, None, None]],
        [["说明", None, None, None, None],
         [1, "数据截至6月底", None, 0, None]],
    ],
)  # fmt: skip
def test_text_under_the_bottom_total_is_notes(tidy: Callable[..., Path], notes) -> None:
    n, plan, done = _sums()
    rows = [*_project_rows(), [None, "合计", None, round(plan, 1), round(done, 1)], *notes]
    _assert_read(tidy(HEADER, rows), (n, plan, done))


def test_a_project_without_figures_under_a_top_total_stays_a_project(
    tidy: Callable[..., Path],
) -> None:
    n, plan, done = _sums()
    rows = [[None, "合计", None, round(plan, 1), round(done, 1)], *_project_rows()]
    rows.append([n + 1, "前期谋划项目", "旌阳区", None, None])
    _assert_read(tidy(HEADER, rows), (n + 1, plan, done))


def test_numbered_template_rows_with_zeros_are_skipped_and_counted(
    tidy: Callable[..., Path],
) -> None:
    n, plan, done = _sums()
    blanks = [[n + k, None, None, 0, 0] for k in range(1, 6)]
    rows = [*_project_rows(), *blanks, [None, "合计", None, round(plan, 1), round(done, 1)]]
    path = tidy(HEADER, rows)
    _assert_read(path, (n, plan, done))
    found = [f for f in load_ledger(path).findings if f.code == "template_rows"]
    assert len(found) == 1 and "5 行" in found[0].message
    assert set(load_ledger(path).projects["region"].to_list()) == {"旌阳区", "中江县", "罗江区"}


def test_a_second_table_below_the_ledger_is_not_read(tidy: Callable[..., Path]) -> None:
    n, plan, done = _sums()
    second = [
        ["附：项目建设存在问题清单", None, None, None, None],
        ["序号", "项目名称", "县(市、区)", "存在问题", "办结时限"],
        *[[k + 1, p[0], p[1], "用地报批未完成", "2024年8月底"] for k, p in enumerate(PROJECTS[:4])],
    ]
    rows = [*_project_rows(), [None, "合计", None, round(plan, 1), round(done, 1)], None, *second]
    rows = [r or [None] * 5 for r in rows]
    path = tidy(HEADER, rows)
    _assert_read(path, (n, plan, done))
    ledger = load_ledger(path)
    assert set(ledger.projects["region"].to_list()) == {"旌阳区", "中江县", "罗江区"}
    # title, unit line, header; 9 projects, 合计, blank, 附…, its header: its first row is 17.
    assert [f.row for f in ledger.findings if f.code == "second_table"] == [3 + 9 + 1 + 1 + 2 + 1]


def _by_region(path: Path) -> dict[str, tuple[int, float]]:
    frame = load_ledger(path).projects
    out: dict[str, tuple[int, float]] = {}
    for region, plan in zip(frame["region"], frame["annual_plan"], strict=True):
        n, total = out.get(region, (0, 0.0))
        out[region] = (n + 1, total + plan)
    return out


@pytest.mark.parametrize("region_column", [True, False])
def test_bare_county_heading_rows_with_figures_head_their_projects(
    tidy: Callable[..., Path], region_column: bool
) -> None:
    rows: list[list[object]] = []
    seq, expected = 1, {}
    for county in ("中江县", "旌阳区", "罗江区"):
        items = [p for p in PROJECTS if p[1] == county]
        _, plan, done = _sums(items)
        expected[county] = (len(items), plan)
        rows.append([None, county, None, round(plan, 1), round(done, 1)])
        rows += [[seq + k, n, r if region_column else None, p, c]
                 for k, (n, r, p, c) in enumerate(items)]  # fmt: skip
        seq += len(items)
    header = HEADER if region_column else ["序号", "项目名称", "备注", *HEADER[3:]]
    path = tidy(header, rows)
    _assert_read(path, _sums())
    got = _by_region(path)
    assert set(got) == set(expected)
    for county, (n, plan) in expected.items():
        assert got[county][0] == n and got[county][1] == pytest.approx(plan, abs=0.01)


def _with_parents(
    children: str, total: bool
) -> tuple[list[list[object]], tuple[int, float, float]]:
    """Projects 2 and 4 split into three sub-items each; the parent row holds their sum."""
    marks = {"dotted": lambda n, k: f"{n}.{k}", "bracketed": lambda n, k: f"（{k}）",
             "circled": lambda n, k: "①②③"[k - 1]}[children]  # fmt: skip
    rows: list[list[object]] = []
    leaves = []
    for n, (name, region, plan, done) in enumerate(PROJECTS[:5], start=1):
        if n in (2, 4):
            parts = [(0.5, 0.2), (0.3, 0.5), (0.2, 0.3)]
            kids = [(f"{name}子项目{k}", region, round(plan * a, 1), round(done * b, 1))
                    for k, (a, b) in enumerate(parts, start=1)]  # fmt: skip
            p_plan, p_done = sum(k[2] for k in kids), sum(k[3] for k in kids)
            rows.append([str(n), name, region, round(p_plan, 1), round(p_done, 1)])
            rows += [[marks(n, k), *kid] for k, kid in enumerate(kids, start=1)]
            leaves += kids
        else:
            rows.append([str(n), name, region, plan, done])
            leaves.append((name, region, plan, done))
    expected = _sums(leaves)
    if total:
        rows.append([None, "合计", None, round(expected[1], 1), round(expected[2], 1)])
    return rows, expected


@pytest.mark.parametrize("children", ["dotted", "bracketed", "circled"])
@pytest.mark.parametrize("total", [True, False])
def test_parent_rows_holding_their_sub_items_sum_are_counted_once(
    tidy: Callable[..., Path], children: str, total: bool
) -> None:
    rows, expected = _with_parents(children, total)
    path = tidy(HEADER, rows)
    _assert_read(path, expected)
    assert not [f for f in load_ledger(path).findings if f.code == "subtotal_mismatch"]


def test_a_parent_row_that_does_not_add_up_is_refused(tidy: Callable[..., Path]) -> None:
    rows, _ = _with_parents("dotted", total=False)
    rows[1][3] = 99999.0  # project 2's plan, no longer the sum of 2.1-2.3
    with pytest.raises(LedgerError, match=r"Sheet1!D5: 第5行.*99,999.*7,426.4"):
        load_ledger(tidy(HEADER, rows))


def test_a_county_heading_that_does_not_add_up_is_refused(tidy: Callable[..., Path]) -> None:
    items = [p for p in PROJECTS if p[1] == "中江县"]
    _, plan, done = _sums(items)
    rows = [[None, "中江县", None, round(plan + 100, 1), round(done, 1)], *_project_rows(items)]
    with pytest.raises(LedgerError, match=r"Sheet1!D4: 第4行.*地区或分类的标题行"):
        load_ledger(tidy(HEADER, rows))


@pytest.mark.parametrize("where", ["top", "bottom"])
def test_an_unlabelled_total_is_refused_not_counted(tidy: Callable[..., Path], where: str) -> None:
    _, plan, done = _sums()
    total = [None, "全县重点项目投资完成情况", None, round(plan, 1), round(done, 1)]
    rows = [total, *_project_rows()] if where == "top" else [*_project_rows(), total]
    row = 4 if where == "top" else 4 + len(PROJECTS)
    with pytest.raises(LedgerError, match=rf"Sheet1!B{row}: “全县重点项目投资完成情况”.*其余 9 个"):
        load_ledger(tidy(HEADER, rows))


def test_an_unlabelled_total_with_one_figure_off_is_refused(tidy: Callable[..., Path]) -> None:
    """总投资 and 年度计划投资 are exactly the sum of the rows above, the completion retyped
    5 off: still a total the reader does not know (it was counted as a project)."""
    header = ["序号", "项目名称", "县(市、区)", "总投资", "年度计划投资", "1-6月完成投资"]
    rows = [[i, n, r, p * 4, p, c] for i, (n, r, p, c) in enumerate(PROJECTS, start=1)]
    total = [sum(p[2] for p in PROJECTS) * 4, sum(p[2] for p in PROJECTS)]
    rows.append([None, "全县重点项目", None, *(round(t, 1) for t in total),
                 round(sum(p[3] for p in PROJECTS) - 5, 1)])  # fmt: skip
    with pytest.raises(LedgerError, match=r"“全县重点项目”.*其余 9 个"):
        load_ledger(tidy(header, rows))


def test_small_figures_near_half_the_total_are_projects(tidy: Callable[..., Path]) -> None:
    """A 亿元 ledger with no unit stated is read as 万元: a project of 2 / 1.64 beside seven
    summing to 2.46 / 1.35 is within half a unit of "the sum of the others" but is no
    total (the reader refused it as an unlabelled 合计, never saying the unit was the
    question). Small figures must agree to the cent; a unit_suspect says the rest."""
    projects = [("物流园冷链仓储中心", "旌阳区", 2.0, 1.64)] + [
        (f"项目{i}", "中江县", p, c)
        for i, (p, c) in enumerate([(0.5, 0.3), (0.3, 0.2), (0.42, 0.25), (0.36, 0.1),
                                    (0.28, 0.2), (0.3, 0.15), (0.3, 0.15)])
    ]  # fmt: skip
    _assert_read(tidy(HEADER, _project_rows(projects)), _sums(projects))


@pytest.mark.parametrize("unit", ["", "（亿元）"])
def test_a_rounded_unlabelled_total_among_small_figures_is_refused(
    tidy: Callable[..., Path], unit: str
) -> None:
    """62.6 / 10.9 / 5.1 typed by hand over six projects summing to 62.55 / 10.87 / 5.11 (亿元,
    stated or not): each figure is within the rounding of the digits it shows, so it is a
    total the labels miss — compared in the column's own unit, not in 万元."""
    header = ["序号", "项目名称", "县(市、区)", f"总投资{unit}", f"年度计划投资{unit}",
              f"1-6月完成投资{unit}"]  # fmt: skip
    figures = [(20.1, 3.2, 1.5), (12.35, 2.1, 1.01), (9.8, 1.57, 0.8), (8.2, 1.5, 0.7),
               (7.0, 1.3, 0.6), (5.1, 1.2, 0.5)]  # fmt: skip
    rows = [[i, f"项目{i}", "旌阳区", *f] for i, f in enumerate(figures, 1)]
    sums = [round(sum(f[k] for f in figures), 2) for k in range(3)]
    assert sums == [62.55, 10.87, 5.11]
    rows.insert(0, [None, "全县重点项目完成情况", None, 62.6, 10.9, 5.1])
    with pytest.raises(LedgerError, match=r"“全县重点项目完成情况”.*其余 6 个"):
        load_ledger(tidy(header, rows, unit_line=None))


def test_a_project_holding_half_the_plan_alone_is_still_a_project(
    tidy: Callable[..., Path],
) -> None:
    projects = [("甲项目", "旌阳区", 100.0, 10.0), ("乙项目", "中江县", 60.0, 30.0),
                ("丙项目", "罗江区", 40.0, 20.0), ("丁项目", "旌阳区", 200.0, 55.0)]  # fmt: skip
    _assert_read(tidy(HEADER, _project_rows(projects)), _sums(projects))


def test_a_project_named_like_a_weak_section_is_counted_not_lost(
    tidy: Callable[..., Path],
) -> None:
    rows = [[None, n, r, p, c] for n, r, p, c in PROJECTS]
    base_station = ("新建5G基站200个", "罗江区", 3000.0, 1200.0)
    rows.insert(3, [None, *base_station])
    projects = [*PROJECTS[:3], base_station, *PROJECTS[3:]]
    _assert_read(tidy(HEADER, rows), _sums(projects))


@pytest.mark.parametrize("parent_figures", [True, False])
def test_sub_items_numbered_in_their_names_under_a_numbered_parent(
    tidy: Callable[..., Path], parent_figures: bool
) -> None:
    """序号 blank, the number in the name (①凯江东岸提升工程): the parent's sub-items."""
    kids = [
        ("①凯江东岸提升工程", "旌阳区", 1200.0, 500.5),
        ("②凯江西岸提升工程", "旌阳区", 800.0, 60.0),
    ]
    parent = [2, "凯江两岸综合整治工程", "旌阳区", 2000.0, 560.5] if parent_figures else \
        [2, "凯江两岸综合整治工程", "旌阳区", None, None]  # fmt: skip
    rows = [_project_rows(PROJECTS[:1])[0], parent, *[[None, *k] for k in kids],
            *_project_rows(PROJECTS[1:3], start=3)]  # fmt: skip
    _assert_read(tidy(HEADER, rows), _sums([PROJECTS[0], *kids, *PROJECTS[1:3]]))


@pytest.mark.parametrize(
    "line",
    [
        "以下为新增项目",
        "以上为续建项目",
        "以下是调整后增补项目：",
        "以上为续建项目，以下为2024年新开工项目",
    ],
)
def test_a_separator_line_between_blocks_is_not_a_project(
    tidy: Callable[..., Path], line: str
) -> None:
    rows = [*_project_rows(PROJECTS[:4]), [None, line, None, None, None],
            *_project_rows(PROJECTS[4:], start=5)]  # fmt: skip
    n, plan, done = _sums()
    _assert_read(tidy(HEADER, [*rows, [None, "合计", None, plan, done]]), (n, plan, done))


def test_circled_lines_without_figures_under_a_project_do_not_take_its_money(
    tidy: Callable[..., Path],
) -> None:
    """①河道清淤3公里 under a project with figures describes it; the project keeps its money
    and its county (found by a reviewer: the figures moved to a ① line without a county)."""
    parent = [2, "凯江综合整治工程", "旌阳区", 2000.0, 560.5]
    rows = [_project_rows(PROJECTS[:1])[0], parent, [None, "①河道清淤3公里", None, None, None],
            [None, "②新建堤防2公里", None, None, None]]  # fmt: skip
    frame = load_ledger(tidy(HEADER, rows)).projects
    own = frame.filter(frame["region"] == "旌阳区")
    assert float(own["annual_plan"].sum()) == pytest.approx(PROJECTS[0][2] + 2000.0)
    assert float(own["completed_ytd"].sum()) == pytest.approx(PROJECTS[0][3] + 560.5)


@pytest.mark.parametrize("marks", [("2.1", "2.2"), (None, None)])
def test_sub_items_without_a_county_stand_under_their_parents(
    tidy: Callable[..., Path], marks: tuple[str | None, str | None]
) -> None:
    """Sub-items writing only their name and figures (the county on the parent row) count
    under the parent's county, not under (未填写) (found by a reviewer)."""
    names = ("一标段", "二标段") if marks[0] else ("①一标段", "②二标段")
    kids = [(names[0], 1200.0, 500.5), (names[1], 800.0, 60.0)]
    rows = [_project_rows(PROJECTS[:1])[0], [2, "凯江综合整治工程", "中江县", 2000.0, 560.5],
            *[[m, n, None, p, d] for m, (n, p, d) in zip(marks, kids, strict=True)],
            *_project_rows(PROJECTS[1:3], start=3)]  # fmt: skip
    frame = load_ledger(tidy(HEADER, rows)).projects
    assert frame["region"].null_count() == 0
    zhong = frame.filter(frame["region"] == "中江县")
    want = [p for p in PROJECTS[1:3] if p[1] == "中江县"]
    assert zhong.height == 2 + len(want)
    assert float(zhong["annual_plan"].sum()) == pytest.approx(2000.0 + sum(p[2] for p in want))


def test_a_projects_money_split_by_source_on_circled_lines_is_not_counted_again(
    tidy: Callable[..., Path],
) -> None:
    """①中央资金 | ②地方配套 under a project break its money down by source: not projects."""
    rows = [_project_rows(PROJECTS[:1])[0], [2, "凯江综合整治工程", "中江县", 2000.0, 560.5],
            [None, "①中央资金", None, 1200.0, 300.0], [None, "②地方配套", None, 800.0, 260.5],
            *_project_rows(PROJECTS[1:3], start=3)]  # fmt: skip
    expected = _sums([PROJECTS[0], ("凯江综合整治工程", "中江县", 2000.0, 560.5), *PROJECTS[1:3]])
    _assert_read(tidy(HEADER, rows), expected)


@pytest.mark.parametrize("heading", [("填报说明：", None), ("注：", None), (None, "填报说明："),
                                     ("说明", None)])  # fmt: skip
@pytest.mark.parametrize("numbers", [("1", "2"), ("1.", "2."), ("1、", "2、")])
def test_numbered_notes_after_a_note_heading_are_not_projects(
    tmp_path: Path, heading: tuple[str | None, str | None], numbers: tuple[str, str]
) -> None:
    """No 合计 closes the table; 填报说明： then 1 | 年度计划投资以市发改委下达计划为准。:
    the numbered lines are notes, not two projects without a plan."""
    from conftest import write_xlsx

    projects = [("1", "甲项目", "旌阳区", 20.0, 8.0), ("2", "乙项目", "中江县", 10.0, 4.5)]
    rows: list[list[object]] = [["2024年重点项目推进情况表（1-6月）"],
                                ["序号", "项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资"]]  # fmt: skip
    rows += [list(p) for p in projects]
    rows += [[None] * 5, [*heading, None, None, None]]
    rows += [[numbers[0], "年度计划投资以市发改委下达计划为准。", None, None, None],
             [numbers[1], "完成投资数据由项目业主单位填报，责任单位审核。", None, None, None]]  # fmt: skip
    ledger = load_ledger(write_xlsx(tmp_path / "n.xlsx", rows))
    assert ledger.projects["name"].to_list() == ["甲项目", "乙项目"]


def test_a_note_line_above_projects_with_figures_ends_nothing(tmp_path: Path) -> None:
    """说明： under the header, then projects (one without any figure yet): all counted."""
    from conftest import write_xlsx

    rows: list[list[object]] = [["2024年重点项目推进情况表（1-6月）"],
                                ["序号", "项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资"],
                                ["说明：", None, None, None, None],
                                ["1", "甲项目", "旌阳区", 20.0, 8.0],
                                ["2", "乙项目", "中江县", None, None],
                                ["3", "丙项目", "中江县", 10.0, 2.0]]  # fmt: skip
    ledger = load_ledger(write_xlsx(tmp_path / "a.xlsx", rows))
    assert ledger.projects["name"].to_list() == ["甲项目", "乙项目", "丙项目"]


@pytest.mark.parametrize("region_column", [True, False])
@pytest.mark.parametrize("bottom_total", [True, False])
def test_county_rows_with_subtotals_on_a_sheet_without_numbers_head_their_projects(
    tidy: Callable[..., Path], region_column: bool, bottom_total: bool
) -> None:
    """No 序号 at all; 旌阳区 | its subtotals above its projects: a heading (the
    figures are the sum of the rows under it), not one more project counted twice."""
    rows: list[list[object]] = []
    expected = {}
    for county in ("中江县", "旌阳区", "罗江区"):
        items = [p for p in PROJECTS if p[1] == county]
        n, plan, done = _sums(items)
        expected[county] = (n, plan)
        rows.append([None, county, None, round(plan, 1), round(done, 1)])
        rows += [[None, name, region if region_column else None, p, c]
                 for name, region, p, c in items]  # fmt: skip
    if bottom_total:
        n, plan, done = _sums()
        rows.append([None, "合计", None, round(plan, 1), round(done, 1)])
    header = HEADER if region_column else ["序号", "项目名称", "备注", *HEADER[3:]]
    path = tidy(header, rows)
    _assert_read(path, _sums())
    got = _by_region(path)
    assert {k: v[0] for k, v in got.items()} == {k: v[0] for k, v in expected.items()}


def test_a_place_named_project_without_figures_on_a_sheet_without_numbers_is_counted(
    tidy: Callable[..., Path],
) -> None:
    """物流园区项目, planned, no figures yet, in the middle of an un-numbered sheet: a
    project (nothing says it heads the rows under it)."""
    rows = [[None, n, r, p, c] for n, r, p, c in PROJECTS]
    rows.insert(2, [None, "物流园区项目", "罗江区", None, None])
    frame = load_ledger(tidy(HEADER, rows)).projects
    assert frame.height == len(PROJECTS) + 1
    assert frame.filter(frame["name"] == "职业中学迁建项目")["region"].item() == "旌阳区"


def test_a_problem_list_under_a_ledger_without_a_total_is_another_table(
    tidy: Callable[..., Path],
) -> None:
    """No 合计; then 序号 | 项目名称 | 存在问题 | 责任单位 | 办结时限 and its rows: a 问题清单,
    none of whose rows is a project (their 存在问题 stood under 县(市、区))."""
    rows: list[list[object]] = [list(r) for r in _project_rows()]
    rows += [[None] * 5, ["序号", "项目名称", "存在问题", "责任单位", "办结时限"],
             [1, PROJECTS[0][0], "土地流转未完成", "县自然资源局", "2024年7月"],
             [2, PROJECTS[1][0], "林地手续未批", "县林业局", "2024年8月"]]  # fmt: skip
    path = tidy(HEADER, rows)
    _assert_read(path, _sums())
    assert [f.code for f in load_ledger(path).findings if f.code == "second_table"]


def test_the_header_repeated_on_a_page_leaves_the_projects_under_it(
    tidy: Callable[..., Path],
) -> None:
    """序号 | 项目名称 | 县(市、区) printed again half way (a new page, the money titles
    left out): the projects under it are still read."""
    rows: list[list[object]] = [list(r) for r in _project_rows(PROJECTS[:4])]
    rows.append(["序号", "项目名称", "县(市、区)", None, None])
    rows += [list(r) for r in _project_rows(PROJECTS[4:], start=5)]
    _assert_read(tidy(HEADER, rows), _sums())


@pytest.mark.parametrize("repeat", [["序号", "项目名称", "县(市、区)", "年度计划投资（万元）", "1-6月完成投资（万元）"],
                                    ["序号", "项目名称", "县(市、区)", "年度计划", "1-6月完成"]])  # fmt: skip
def test_a_header_repeated_with_units_or_shortened_leaves_the_projects(
    tidy: Callable[..., Path], repeat: list[str]
) -> None:
    rows: list[list[object]] = [list(r) for r in _project_rows(PROJECTS[:4])]
    rows.append(list(repeat))
    rows += [list(r) for r in _project_rows(PROJECTS[4:], start=5)]
    _assert_read(tidy(HEADER, rows), _sums())


@pytest.mark.parametrize("name", ["旌东安置小区", "物流园区", "城北片区", "滨江景区"])
def test_a_project_named_like_a_place_on_a_sheet_without_numbers_is_counted(
    tidy: Callable[..., Path], name: str
) -> None:
    """Its figures equal those of the project under it, no 合计: still a project."""
    rows = [[None, n, r, p, c] for n, r, p, c in PROJECTS[:3]]
    rows.insert(1, [None, name, "旌阳区", PROJECTS[1][2], PROJECTS[1][3]])
    extra = (name, "旌阳区", PROJECTS[1][2], PROJECTS[1][3])
    _assert_read(tidy(HEADER, rows), _sums([*PROJECTS[:3], extra]))


def test_two_tables_with_different_headers_on_one_sheet_are_refused(tmp_path: Path) -> None:
    """一、续建项目 under one header, 二、新开工项目 under another with a 计划开工时间 column:
    only one header can be read, and the first table was lost without a word."""
    from conftest import write_xlsx

    rows: list[list[object]] = [
        ["2024年重点项目推进情况表（1-6月）"], ["一、续建项目"],
        ["序号", "项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资"],
        [1, "甲项目", "旌阳区", 1000, 400], [2, "乙项目", "中江县", 2000, 900], [],
        ["二、新开工项目"],
        ["序号", "项目名称", "县(市、区)", "计划开工时间", "年度计划投资", "1-6月完成投资"],
        [1, "丙项目", "罗江区", "2024-03", 3000, 1600],
    ]  # fmt: skip
    with pytest.raises(LedgerError, match="rows 3 and 8 are both project headers"):
        load_ledger(write_xlsx(tmp_path / "two.xlsx", rows))


@pytest.mark.parametrize("total", [True, False])
def test_a_summary_table_under_the_ledger_is_not_read(
    tidy: Callable[..., Path], total: bool
) -> None:
    """分类统计 under the ledger: 类别 | 项目个数 | 年度计划投资 | 1-6月完成投资 — its rows have
    names (续建项目) and figures like projects, and doubled every total when read."""
    n, plan, done = _sums()
    rows: list[list[object]] = [list(r) for r in _project_rows()]
    if total:
        rows.append([None, "合计", None, round(plan, 1), round(done, 1)])
    rows += [[None] * 5, [None, "分类统计：", None, None, None],
             [None, "类别", "项目个数", "年度计划投资", "1-6月完成投资"],
             [None, "续建项目", 5, round(plan * 0.6, 1), round(done * 0.6, 1)],
             [None, "新开工项目", n - 5, round(plan * 0.4, 1), round(done * 0.4, 1)]]  # fmt: skip
    path = tidy(HEADER, rows)
    _assert_read(path, (n, plan, done))
    found = [f for f in load_ledger(path).findings if f.code == "second_table"]
    assert len(found) == 1 and "其下 2 行" in found[0].message


def test_rows_continuing_a_breakdown_are_parts_of_it(tidy: Callable[..., Path]) -> None:
    """总计 | 其中：旌阳区（3个） | 中江县（3个） | 罗江区（3个）, then the projects: the rows
    after 其中 are parts of its breakdown (they were sections over the projects below, with
    false count and total mismatches), and the total is reconciled against the projects."""
    n, plan, done = _sums()
    parts = []
    for k, county in enumerate(("旌阳区", "中江县", "罗江区")):
        mine = [p for p in PROJECTS if p[1] == county]
        label = f"{'其中：' if k == 0 else ''}{county}（{len(mine)}个）"
        parts.append([None, label, None, round(sum(p[2] for p in mine), 1),
                      round(sum(p[3] for p in mine), 1)])  # fmt: skip
    rows = [[None, f"总计（{n}个）", None, round(plan, 1), round(done, 1)], *parts,
            *_project_rows()]  # fmt: skip
    path = tidy(HEADER, rows)
    _assert_read(path, (n, plan, done))
    ledger = load_ledger(path)
    assert not [f for f in ledger.findings if f.code in ("count_mismatch", "subtotal_mismatch")]
    rec = ledger.reconciliation
    assert rec.totals.checked and rec.totals.agreed == rec.totals.checked


LEVELS = ["省重点", "市重点", "省重点", "县重点", "市重点", "省重点", "县重点", "市重点", "省重点"]


@pytest.mark.parametrize(
    "later",
    [["市重点项目", "县重点项目"], ["市重点", "县重点"], ["2.市重点项目", "3.县重点项目"],
     ["市級重點項目", "縣級重點項目"]],
)  # fmt: skip
@pytest.mark.parametrize("total_first", [True, False])
def test_breakdown_lines_without_a_count_are_parts_of_it(
    tidy: Callable[..., Path], later: list[str], total_first: bool
) -> None:
    """合计 | 其中：省重点项目 | 市重点项目 | 县重点项目 with figures and no count: the later
    lines are parts of the breakdown. They were read as projects: one more project, the
    total's plan nearly doubled, and only a 合计 mismatch said something was off."""
    header = ["序号", "项目名称", "县(市、区)", "项目级别", "年度计划投资", "1-6月完成投资"]
    projects = [[i + 1, n, r, LEVELS[i], p, c] for i, (n, r, p, c) in enumerate(PROJECTS)]
    n, plan, done = _sums()
    lines = []
    for k, level in enumerate(("省重点", "市重点", "县重点")):
        mine = [p for p, lv in zip(PROJECTS, LEVELS, strict=True) if lv == level]
        label = "其中：省重点项目" if k == 0 else later[k - 1]
        lines.append([None, label, None, None, round(sum(p[2] for p in mine), 1),
                      round(sum(p[3] for p in mine), 1)])  # fmt: skip
    total = [None, "合计", None, None, round(plan, 1), round(done, 1)]
    rows = [total, *lines, *projects] if total_first else [*projects, total, *lines]
    ledger = load_ledger(tidy(header, rows))
    _assert_read(tidy(header, rows), (n, plan, done))
    assert "（未填写）" not in ledger.projects["level"].to_list()
    assert not [f for f in ledger.findings if f.code in ("count_mismatch", "subtotal_mismatch")]
    rec = ledger.reconciliation
    assert rec.totals.checked == 4 and rec.totals.agreed == 4


@pytest.mark.parametrize("merged", [True, False])
def test_a_plain_subtotal_above_its_block_heads_it(tmp_path: Path, merged: bool) -> None:
    """合计 | 旌阳区 小计 (figures) | its projects | 中江县 小计 | …, the county merged down over
    the 小计 row and its projects (or written in every row): each 小计 covers the rows below
    it. It was checked against the block above: nine false subtotal_mismatch warnings."""
    import xlsxwriter

    path = tmp_path / "heads.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["2024年重点项目推进情况表（1-6月）"])
    sheet.write_row(1, 0, ["序号", "县(市、区)", "项目名称", "年度计划投资", "1-6月完成投资"])
    n, plan, done = _sums()
    sheet.write_row(2, 0, [None, None, "合计", round(plan, 1), round(done, 1)])
    row, seq = 3, 1
    for county in ("旌阳区", "中江县", "罗江区"):
        mine = [p for p in PROJECTS if p[1] == county]
        figures = [round(sum(p[2] for p in mine), 1), round(sum(p[3] for p in mine), 1)]
        sheet.write_row(row, 0, [None, county, "小计", *figures])
        for k, (name, _, p_plan, p_done) in enumerate(mine, 1):
            sheet.write_row(row + k, 0, [seq, None if merged else county, name, p_plan, p_done])
            seq += 1
        if merged:
            sheet.merge_range(row, 1, row + len(mine), 1, county)
        row += len(mine) + 1
    book.close()
    ledger = load_ledger(path)
    _assert_read(path, (n, plan, done))
    got = dict(ledger.projects.group_by("region").len().rows())
    assert got == {c: sum(p[1] == c for p in PROJECTS) for c in ("旌阳区", "中江县", "罗江区")}
    assert not [f for f in ledger.findings if f.code == "subtotal_mismatch"]
    rec = ledger.reconciliation
    assert rec.totals.checked == 4 and rec.totals.agreed == 4


def test_a_plain_subtotal_below_its_block_still_closes_it(tidy: Callable[..., Path]) -> None:
    rows: list[list[object]] = []
    for county in ("旌阳区", "中江县"):
        mine = [p for p in PROJECTS if p[1] == county]
        rows += [[i, n, c, p, d] for i, (n, c, p, d) in enumerate(mine, 1)]
        rows.append([None, "小计", county, round(sum(p[2] for p in mine), 1),
                     round(sum(p[3] for p in mine), 1)])  # fmt: skip
    ledger = load_ledger(tidy(HEADER, rows))
    assert not [f for f in ledger.findings if f.code == "subtotal_mismatch"]
    assert ledger.reconciliation.totals.checked == ledger.reconciliation.totals.agreed == 2


def test_an_empty_first_section_s_subtotal_does_not_turn_the_others(
    tidy: Callable[..., Path],
) -> None:
    """合计 | 一、省重点项目 | 小计 0 | 二、市重点项目 | projects | 小计 | 三、… | projects | 小计:
    the first 小计 comes before any project but closes an empty section; the others close
    theirs (read as heading the block below, they gave four false mismatches)."""
    header = ["序号", "项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资"]
    rows: list[list[object]] = [[None, "合计", None, 600, 300], [None, "一、省重点项目", None, None, None],
                                [None, "小计", None, 0, 0], [None, "二、市重点项目", None, None, None],
                                [1, "甲", "旌阳区", 100, 50], [2, "乙", "旌阳区", 200, 100],
                                [None, "小计", None, 300, 150], [None, "三、县重点项目", None, None, None],
                                [3, "丙", "中江县", 100, 50], [4, "丁", "中江县", 200, 100],
                                [None, "小计", None, 300, 150]]  # fmt: skip
    ledger = load_ledger(tidy(header, rows))
    assert ledger.projects.height == 4
    assert not [f for f in ledger.findings if f.code == "subtotal_mismatch"]
    assert ledger.reconciliation.totals.checked == ledger.reconciliation.totals.agreed == 4


def test_a_kind_heading_after_a_level_breakdown_is_not_part_of_it(
    tidy: Callable[..., Path],
) -> None:
    """合计 | 其中：省重点项目 | 市重点项目 | 新开工项目 (figures, heading its projects): the
    breakdown names levels, so 新开工项目 is not one of its lines."""
    from projtrack.read.sections import _breakdown_words

    frame = pl.DataFrame({"_kind": ["breakdown", "project", "project"],
                          "_label": ["其中：省重点项目", "市重点项目", "新开工项目"]})  # fmt: skip
    assert _breakdown_words(frame, pl.col("_kind") == "project") == {"市重点项目": "市重点项目"}


def test_stage_lines_after_a_level_breakdown_are_not_projects(tidy: Callable[..., Path]) -> None:
    """合计 | 其中：省重点项目 | 市重点项目 | 新开工项目 | 续建项目 (all with figures, 序号 blank)
    over numbered projects: the stage lines were read as two projects (合计 mismatch)."""
    header = ["序号", "项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资"]
    projects = [[i + 1, n, r, p, c] for i, (n, r, p, c) in enumerate(PROJECTS)]
    n, plan, done = _sums()
    half = [round(plan / 2, 1), round(done / 2, 1)]
    rows = [[None, "合计", None, round(plan, 1), round(done, 1)],
            [None, "其中：省重点项目", None, *half], [None, "市重点项目", None, *half],
            [None, "新开工项目", None, *half], [None, "续建项目", None, *half], *projects]  # fmt: skip
    _assert_read(tidy(header, rows), (n, plan, done))


@pytest.mark.parametrize("county", ["罗江区", None])  # project 3's county, or left blank
@pytest.mark.parametrize("indent", ["", "\u3000\u3000"])
def test_lines_after_a_qizhong_under_a_project_are_its_parts(
    tidy: Callable[..., Path], county: str | None, indent: str
) -> None:
    """3 | 县人民医院 | figures, then 其中：安置房工程 | figures, then 市政配套道路 | figures
    (序号 blank): the second line is a part of project 3 too; it was counted as a project,
    its figures added beside the project's own, with no finding."""
    header = ["序号", "项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资"]
    projects = [[i + 1, n, r, p, c] for i, (n, r, p, c) in enumerate(PROJECTS)]
    n, plan, done = _sums()
    parts = [[None, "其中：安置房工程", county, 300.0, 100.0],
             [None, f"{indent}市政配套道路", county, 200.0, 50.0]]  # fmt: skip
    rows = [*projects[:3], *parts, *projects[3:]]
    _assert_read(tidy(header, rows), (n, plan, done))
    found = [f for f in load_ledger(tidy(header, rows)).findings if f.code == "component_row"]
    assert [(f.row, f.severity) for f in found] == [(8, "warning")]
    assert "第6行" in found[0].message and "市政配套道路" in found[0].message


def _late_rows(third: tuple[str, str | None]) -> list[list[object]]:
    """Project 1 with 其中：门诊楼工程, then two rows without 序号: ``third`` (name, county)
    and 黄鹿镇农贸市场项目, both within project 1's figures."""
    return [[1, "县人民医院新院区项目", "中江县", 30000, 15000],
            [None, "其中：门诊楼工程", "中江县", 12000, 6000],
            [None, third[0], third[1], 3000, 1200],
            [None, "黄鹿镇农贸市场项目", "中江县", 1500, 500],
            [2, "精细化工项目", "旌阳区", 20000, 9000],
            [3, "汽车零部件项目", "罗江区", 15000, 6000],
            [4, "物流园区项目", "罗江区", 10000, 4000]]  # fmt: skip


@pytest.mark.parametrize(
    "third",
    [
        ("城北污水管网改造项目", "中江县"),  # calls itself a 项目, the 其中 part does not
        ("城北污水管网改造", "旌阳区"),  # another county than project 1's
    ],
)
def test_a_late_project_after_a_qizhong_is_not_taken_for_a_part(
    tidy: Callable[..., Path], third: tuple[str, str | None]
) -> None:
    """1 | 县人民医院新院区项目 | 其中：门诊楼工程 | then a project whose 序号 was forgotten,
    small enough to fit within project 1: it was read as a part of project 1, silently
    (4 projects, 75,000 of 79,500 planned)."""
    rows = _late_rows(third)
    ledger = load_ledger(tidy(HEADER, rows))
    assert ledger.projects.height == 6
    assert float(ledger.projects["annual_plan"].sum()) == 79500
    assert float(ledger.projects["completed_ytd"].sum()) == 35700
    assert not [f for f in ledger.findings if f.code == "component_row"]


@pytest.mark.parametrize(("total", "parts"), [((79500, 35700), False), ((75000, 34000), True)])
def test_the_sheets_total_settles_parts_against_late_projects(
    tidy: Callable[..., Path], total: tuple[int, int], parts: bool
) -> None:
    """Rows the rules would read as parts (no 项目 in their names, the same county): the
    sheet's 合计 decides, with the rows as projects (79,500) or as parts (75,000)."""
    rows = [*_late_rows(("城北污水管网改造", "中江县")), [None, "合计", None, *total]]
    rows[3][1] = "黄鹿镇农贸市场"
    ledger = load_ledger(tidy(HEADER, rows))
    assert ledger.projects.height == (4 if parts else 6)
    assert float(ledger.projects["annual_plan"].sum()) == total[0]
    found = [f for f in ledger.findings if f.code == "component_row"]
    assert [(f.row, f.severity) for f in found] == ([(6, "info")] if parts else [])
    assert not [f for f in ledger.findings if f.code == "subtotal_mismatch"]


def test_a_project_after_a_qizhong_under_the_total_is_still_counted(
    tidy: Callable[..., Path],
) -> None:
    """合计 | 其中：省重点项目 | then an unnumbered project on a numbered sheet: the 其中 is
    the total's, not a project's, so the row after it is not a part."""
    header = ["序号", "项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资"]
    rows = [[None, "合计", None, 310, 155], [None, "其中：省重点项目", None, 100, 50],
            [None, "甲", "旌阳区", 100, 50], [1, "乙", "旌阳区", 200, 100],
            [2, "丙", "中江县", 10, 5]]  # fmt: skip
    assert _read(tidy(header, rows))[0] == 3


@pytest.mark.parametrize(
    "heading", ["附：其中省重点项目（3个）", "其中：省重点项目", "二、省重点项目"]
)
def test_projects_listed_again_under_a_heading_are_counted_once(
    tidy: Callable[..., Path], heading: str
) -> None:
    """合计 | the projects 1-9 | 附：其中省重点项目（3个） | three of them again, numbered 1-3:
    the repeat was counted (the 合计 mismatch and three duplicates said so)."""
    projects = [[i + 1, n, r, p, c] for i, (n, r, p, c) in enumerate(PROJECTS)]
    n, plan, done = _sums()
    again = [[k + 1, *PROJECTS[j]] for k, j in enumerate((0, 3, 5))]
    picked = [PROJECTS[j] for j in (0, 3, 5)]
    figures = [round(sum(p[2] for p in picked), 1), round(sum(p[3] for p in picked), 1)]
    rows = [[None, "合计", None, round(plan, 1), round(done, 1)], *projects,
            [None, heading, None, *figures], *again]  # fmt: skip
    ledger = load_ledger(tidy(HEADER, rows))
    _assert_read(tidy(HEADER, rows), (n, plan, done))
    found = [f for f in ledger.findings if f.code == "repeated_block"]
    assert len(found) == 1 and found[0].row == 4 + len(PROJECTS) + 1
    assert not [f for f in ledger.findings if f.code in ("duplicate", "subtotal_mismatch")]


def test_names_alone_under_two_headings_are_not_a_repeat(tidy: Callable[..., Path]) -> None:
    """Two parks each listing 标准厂房项目 | 配套道路项目 with no figure yet: the same names
    and nothing else in common are no evidence of a second listing; both stay counted."""
    projects = [[i + 1, n, r, p, c] for i, (n, r, p, c) in enumerate(PROJECTS)]
    n, plan, done = _sums()
    rows = [*projects]
    for park in ("一、经开区", "二、高新区"):
        rows += [
            [None, park, None, None, None],
            [1, "标准厂房项目", None, None, None],
            [2, "配套道路项目", None, None, None],
        ]
    ledger = load_ledger(tidy(HEADER, rows))
    _assert_read(tidy(HEADER, rows), (n + 4, plan, done))
    assert not [f for f in ledger.findings if f.code == "repeated_block"]


def test_a_qizhong_cut_above_the_full_list_is_not_counted(tidy: Callable[..., Path]) -> None:
    """合计 | 其中：省重点项目 | three projects | 一、全部项目 | all nine, the three again: the cut
    comes first, the full list after it (the three were counted twice)."""
    projects = [[i + 1, n, r, p, c] for i, (n, r, p, c) in enumerate(PROJECTS)]
    n, plan, done = _sums()
    cut = [[k + 1, *PROJECTS[j]] for k, j in enumerate((0, 3, 5))]
    rows = [[None, "合计", None, round(plan, 1), round(done, 1)],
            [None, "其中：省重点项目", None, None, None], *cut,
            [None, "一、全部项目", None, None, None], *projects]  # fmt: skip
    ledger = load_ledger(tidy(HEADER, rows))
    _assert_read(tidy(HEADER, rows), (n, plan, done))
    assert [f.row for f in ledger.findings if f.code == "repeated_block"] == [5]


def test_a_block_that_differs_from_the_projects_above_is_counted(tidy: Callable[..., Path]) -> None:
    """The same names under 二、续建项目 with other figures are other rows: counted (and the
    duplicates said), never dropped on names alone."""
    projects = [[i + 1, n, r, p, c] for i, (n, r, p, c) in enumerate(PROJECTS)]
    again = [[1, *PROJECTS[0][:3], PROJECTS[0][3] + 1], [2, *PROJECTS[3]]]
    rows = [[None, "一、新开工项目", None, None, None], *projects,
            [None, "二、续建项目", None, None, None], *again]  # fmt: skip
    ledger = load_ledger(tidy(HEADER, rows))
    assert ledger.projects.height == len(PROJECTS) + 2
    assert not [f for f in ledger.findings if f.code == "repeated_block"]


@pytest.mark.parametrize(
    ("line", "late"),
    [("其中：中央预算内资金", (2300.0, 900.0)), ("其中：一期工程", (80000.0, 100.0))],
)
def test_a_project_after_a_project_s_qizhong_is_counted_when_it_is_no_part(
    tidy: Callable[..., Path], line: str, late: tuple[float, float]
) -> None:
    """3 | 项目 | then 其中：中央预算内资金 (funds: never parts), or 其中：一期工程 with a row
    after it whose figures go beyond project 3's own: a project whose 序号 was forgotten."""
    projects = [[i + 1, n, r, p, c] for i, (n, r, p, c) in enumerate(PROJECTS)]
    plan3, done3 = PROJECTS[2][2], PROJECTS[2][3]
    rows = [*projects[:3], [None, line, None, round(plan3 / 10, 1), round(done3 / 10, 1)],
            [None, "城东污水处理厂提标改造工程", "旌阳区", *late], *projects[3:]]  # fmt: skip
    n, plan, done = _sums()
    _assert_read(tidy(HEADER, rows), (n + 1, plan + late[0], done + late[1]))


def test_the_same_allocation_in_two_counties_is_counted_twice(tidy: Callable[..., Path]) -> None:
    """Each county lists the province's standard 高标准农田 (2000 | 1100) under its own
    heading: different projects with the same figures, both counted."""
    rows = [[None, "一、旌阳区", None, None, None], [1, "高标准农田建设项目", None, 2000, 1100],
            [2, "农村公路提质改造工程", None, 1500, 600], [3, "旌阳区污水厂", None, 800, 100],
            [None, "二、罗江区", None, None, None], [1, "高标准农田建设项目", None, 2000, 1100],
            [2, "农村公路提质改造工程", None, 1500, 600]]  # fmt: skip
    ledger = load_ledger(tidy(HEADER, rows))
    assert ledger.projects.height == 5 and ledger.projects["annual_plan"].sum() == 7800
    assert not [f for f in ledger.findings if f.code == "repeated_block"]


@pytest.mark.parametrize("where", ["under_total", "at_bottom"])
def test_stage_lines_without_qizhong_split_the_total(tidy: Callable[..., Path], where: str) -> None:
    """合计 | 新开工项目 | 续建项目 (figures, no 其中), then the projects, or the two lines
    under the last project: lines of a breakdown, neither projects nor empty headings (the
    first was refused as a heading over nothing, the bottom ones counted)."""
    projects = [[i + 1, n, r, p, c] for i, (n, r, p, c) in enumerate(PROJECTS)]
    n, plan, done = _sums()
    lines = [[None, "新开工项目", None, round(plan / 3, 1), round(done / 3, 1)],
             [None, "续建项目", None, round(plan * 2 / 3, 1), round(done * 2 / 3, 1)]]  # fmt: skip
    total = [None, "合计", None, round(plan, 1), round(done, 1)]
    rows = [total, *lines, *projects] if where == "under_total" else [*projects, *lines]
    _assert_read(tidy(HEADER, rows), (n, plan, done))


def test_a_lone_block_heading_that_does_not_add_up_is_said(tidy: Callable[..., Path]) -> None:
    """产业项目 (序号 blank, figures not its block's) over projects: a warning, as for 一、产业项目."""
    projects = [[i + 1, n, r, p, c] for i, (n, r, p, c) in enumerate(PROJECTS)]
    ledger = load_ledger(tidy(HEADER, [[None, "产业项目", None, 1.0, 1.0], *projects]))
    assert ledger.projects.height == len(PROJECTS)
    assert [f.code for f in ledger.findings if f.code == "subtotal_mismatch"]


def test_a_project_named_like_a_breakdown_word_stays_a_project(tidy: Callable[..., Path]) -> None:
    """Only rows right after a 其中 line continue it: a numbered 市重点项目前期工作经费 (or
    any project after the projects started) is a project."""
    header = ["序号", "项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资"]
    rows = [[None, "其中：省重点项目", None, 100, 50], [1, "市重点项目前期工作经费", "旌阳区", 100, 50],
            [2, "乙", "旌阳区", 10, 5]]  # fmt: skip
    assert _read(tidy(header, rows))[0] == 2


def test_sections_naming_departments_are_responsible_units(tidy: Callable[..., Path]) -> None:
    """一、县住建局（2个） | 二、县交通运输局（1个） over projects with no 责任单位 column:
    ranked 按责任单位 as with sheets so named (it stopped, asking for --by category)."""
    header = ["序号", "项目名称", "年度计划投资", "1-6月完成投资"]
    rows: list[list[object]] = [
        ["一、", "县住建局（2个）", 300, 120], [1, "老旧小区改造项目", 100, 20],
        [2, "城区供水管网改造工程", 200, 100],
        ["二、", "县交通运输局（1个）", 400, 300], [1, "农村公路提档升级项目", 400, 300],
        ["三、", "高新区管委会（1个）", 50, 5], [1, "标准化厂房建设项目", 50, 5],
    ]  # fmt: skip
    frame = load_ledger(tidy(header, rows)).projects
    got = {r: frame.filter(frame["responsible"] == r)["annual_plan"].sum()
           for r in frame["responsible"].unique().to_list() if r}  # fmt: skip
    # Beside departments, a place's office (高新区管委会) is one of them: it answers for its
    # projects, and is no county to rank against the departments' (未填写).
    assert got == {"县住建局": 300, "县交通运输局": 400, "高新区管委会": 50}
    assert frame["region"].null_count() == frame.height


def test_a_place_office_among_county_sections_stays_a_place(tidy: Callable[..., Path]) -> None:
    """一、旌阳区 | 二、经开区管委会: among places, the office of a 开发区 is that place."""
    header = ["序号", "项目名称", "年度计划投资", "1-6月完成投资"]
    rows: list[list[object]] = [
        ["一、", "旌阳区（1个）", 300, 120], [1, "老旧小区改造项目", 300, 120],
        ["二、", "罗江区（1个）", 400, 300], [1, "农村公路提档升级项目", 400, 300],
        ["三、", "经开区管委会（1个）", 50, 5], [1, "标准化厂房建设项目", 50, 5],
    ]  # fmt: skip
    frame = load_ledger(tidy(header, rows)).projects
    assert frame["responsible"].null_count() == frame.height
    assert sorted(frame["region"].to_list()) == ["旌阳区", "经开区管委会", "罗江区"]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [("已调出", True), ("该项目已调出省重点项目名单", True), ("已撤销。", True), ("撤项", True),
     ("取消", True), ("主体完工，取消部分附属工程", False), ("调出资金到位", False),
     ("正在办理不再列入手续", True), ("主体施工", False)],
)  # fmt: skip
def test_a_project_marked_removed_is_named(
    tidy: Callable[..., Path], text: str, flagged: bool
) -> None:
    """形象进度 已调出 on a row left in the table: still counted, and a warning names it
    (the office may have struck it through and forgotten to delete it)."""
    rows = [[*r, "主体施工"] for r in _project_rows()]
    rows[4][-1] = text
    ledger = load_ledger(tidy([*HEADER, "形象进度"], rows))
    found = [f for f in ledger.findings if f.code == "removed_project"]
    assert len(found) == flagged
    assert ledger.projects.height == len(PROJECTS)
    if flagged:
        assert found[0].where == "Sheet1!F8" and PROJECTS[4][0] in found[0].message


def test_a_section_repeating_a_breakdown_line_heads_its_projects(
    tidy: Callable[..., Path],
) -> None:
    """合计 | 其中：旌阳区（3个） | 中江县（3个） | then 旌阳区（3个） again over its projects:
    the repeat is a section of the table (the breakdown ended before it), so its projects
    keep their county."""
    by_county = {c: [p for p in PROJECTS if p[1] == c] for c in ("旌阳区", "中江县")}
    n = sum(len(v) for v in by_county.values())

    def figures(ps: list[tuple[str, str, float, float]]) -> list[object]:
        return [round(sum(p[2] for p in ps), 1), round(sum(p[3] for p in ps), 1)]

    everyone = [p for ps in by_county.values() for p in ps]
    rows: list[list[object]] = [[None, f"合计（{n}个）", None, *figures(everyone)]]
    for k, (county, ps) in enumerate(by_county.items()):
        rows.append(
            [None, f"{'其中：' if k == 0 else ''}{county}（{len(ps)}个）", None, *figures(ps)]
        )
    seq = 1
    for county, ps in by_county.items():
        rows.append([None, f"{county}（{len(ps)}个）", None, *figures(ps)])
        for p in ps:
            rows.append([seq, p[0], None, p[2], p[3]])
            seq += 1
    ledger = load_ledger(tidy(HEADER, rows))
    got = ledger.projects.group_by("region").len().sort("region").rows()
    assert got == sorted((c, len(ps)) for c, ps in by_county.items())
    assert not [f for f in ledger.findings if f.code in ("count_mismatch", "subtotal_mismatch")]


def test_sections_naming_kinds_of_project_are_not_departments(tidy: Callable[..., Path]) -> None:
    """（一）学校、医院 | （二）变电站 | （三）物流配送中心: kinds of project, their category; only
    a department's name (…局, …委, …公司) is a 责任单位."""
    header = ["序号", "项目名称", "年度计划投资", "1-6月完成投资"]
    rows: list[list[object]] = [
        ["（一）", "学校、医院", 300, 120], [1, "县一中扩建项目", 300, 120],
        ["（二）", "变电站", 400, 300], [1, "110千伏变电站项目", 400, 300],
        ["（三）", "物流配送中心", 50, 5], [1, "冷链物流项目", 50, 5],
    ]  # fmt: skip
    frame = load_ledger(tidy(header, rows)).projects
    assert frame["responsible"].null_count() == frame.height
    assert sorted(frame["category"].to_list()) == sorted(["学校、医院", "物流配送中心", "变电站"])


def test_a_second_project_table_with_its_columns_reordered_is_refused(
    tidy: Callable[..., Path],
) -> None:
    """二、新开工项目 under its own header 序号 | 县(市、区) | 项目名称 …: its projects would be
    read in the wrong columns (names as counties) or dropped; the reader stops, naming both
    header rows."""
    rows: list[list[object]] = [
        *_project_rows(PROJECTS[:3]), [None] * 5, [None, "二、新开工项目（2个）", None, None, None],
        ["序号", "县(市、区)", "项目名称", "年度计划投资", "1-6月完成投资"],
        [1, "广汉市", "丙项目", 500, 250], [2, "旌阳区", "丁项目", 1000, 500],
    ]  # fmt: skip
    path = tidy(HEADER, rows)
    with pytest.raises(LedgerError, match=r"rows 3 and 9 are both project headers"):
        load_ledger(path)


@pytest.mark.parametrize("merged", [True, False])
def test_projects_over_a_plan_row_and_an_actual_row_are_refused(
    tidy: Callable[..., Path], merged: bool
) -> None:
    """项目 | 计划 / 实际 rows under one project: the 1-3月 column holds the quarter's plan on
    one row and the completion on the other; summed, the completion was doubled."""
    header = ["序号", "项目名称", "县(市、区)", "项目", "年度计划投资", "1-3月完成投资"]
    rows: list[list[object]] = []
    for i, (name, region, plan, done) in enumerate(PROJECTS[:3], start=1):
        rows.append([i, name, region, "计划", plan, round(plan / 4, 1)])
        rows.append([None if merged else i, None if merged else name,
                     None if merged else region, "实际", None, done])  # fmt: skip
    with pytest.raises(LedgerError, match=r"Sheet1!D3 “项目”: each project is written over a 计划"):
        load_ledger(tidy(header, rows))


@pytest.mark.parametrize(("label", "count"), [("合计", "12个"), ("全县", "12个项目"),
                                              ("合计", "（12个）")])  # fmt: skip
def test_a_total_written_in_the_county_column_with_its_count_in_the_name(
    tidy: Callable[..., Path], label: str, count: str
) -> None:
    """序号 | 县(市、区) | 项目名称: `| 合计 | 12个 |` was refused as an unlabelled total (its
    label read as 12个), though 合计 stands in the row; `| 全县 | 12个项目 |` likewise."""
    header = ["序号", "县(市、区)", "项目名称", "年度计划投资", "1-6月完成投资"]
    rows: list[list[object]] = [[i, r, n, p, c] for i, (n, r, p, c) in enumerate(PROJECTS, 1)]
    _, plan, done = _sums()
    rows.append([None, label, count.replace("12", str(len(PROJECTS))), round(plan, 1),
                 round(done, 1)])  # fmt: skip
    ledger = load_ledger(tidy(header, rows))
    assert ledger.projects.height == len(PROJECTS)
    assert float(ledger.projects["annual_plan"].sum()) == pytest.approx(plan)
    assert not [f for f in ledger.findings if f.code in ("subtotal_mismatch", "count_mismatch")]
