"""A money header merged over the sources of the money, with no total among them:
年度计划投资 over 中央预算内资金 | 地方配套资金, 1-6月完成投资 over 中央 | 省级 | 市县.

The field is the sum of its sources (an empty source counts as 0, all empty is empty);
reading only the first source would understate the plan without a word. Expected
figures are summed here from the rows written, independently of the reader."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.read.load import load_ledger

TITLE = "2024年重点项目推进情况表（1-6月）"
# name, county, total, plan parts (3), completed parts (2)
PROJECTS = [
    ("甲项目", "旌阳区", 90000.0, (3000.0, 1500.0, 500.0), (1200.0, 800.5)),
    ("乙项目", "中江县", 60000.0, (2000.0, None, 1000.0), (900.0, None)),
    ("丙项目", "中江县", 40000.0, (None, None, None), (None, None)),
    ("丁项目", "旌阳区", 30000.0, (4000.0, 2500.0, 0.0), (3100.0, 400.0)),
]


def write(path: Path, plan_children: list[str], done_children: list[str],
          total_row: bool = False, plan_unit: str = "") -> Path:  # fmt: skip
    """Title; parents merged over their children on row 2; children on row 3; projects."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([TITLE])
    np, nd = len(plan_children), len(done_children)
    ws.append(["序号", "项目名称", "县(市、区)", "总投资", f"年度计划投资{plan_unit}",
               *[None] * (np - 1), "1-6月完成投资", *[None] * (nd - 1)])  # fmt: skip
    ws.append([None, None, None, None, *plan_children, *done_children])
    for col in range(1, 5):
        ws.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
    ws.merge_cells(start_row=2, start_column=5, end_row=2, end_column=4 + np)
    ws.merge_cells(start_row=2, start_column=5 + np, end_row=2, end_column=4 + np + nd)
    for i, (name, county, total, plan, done) in enumerate(PROJECTS, 1):
        ws.append([i, name, county, total, *plan[:np], *done[:nd]])
    if total_row:
        sums = [sum(p[2 + k][j] or 0 for p in PROJECTS) for k, n in ((1, np), (2, nd))
                for j in range(n)]  # fmt: skip
        ws.append([None, "合计", None, sum(p[2] for p in PROJECTS), *sums])
    wb.save(path)
    return path


def expected(np: int, nd: int, factor: float = 1.0) -> tuple[float, float]:
    plan = sum(sum(v or 0 for v in p[3][:np]) for p in PROJECTS) * factor
    done = sum(sum(v or 0 for v in p[4][:nd]) for p in PROJECTS)
    return plan, done


def rank(runner: CliRunner, path: Path) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, ["rank", str(path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("plan_children", "done_children"),
    [
        (["中央预算内资金", "地方配套资金"], ["中央资金", "地方资金"]),
        (["中央", "省级", "市县"], ["财政资金", "社会资金"]),  # 市县 alone is a county header
        (["争取上级资金", "地方政府专项债券", "企业自筹"], ["银行贷款", "其他"]),
    ],
)
def test_the_field_is_the_sum_of_its_sources(
    runner: CliRunner, tmp_path: Path, plan_children: list[str], done_children: list[str]
) -> None:
    path = write(tmp_path / "s.xlsx", plan_children, done_children)
    plan, done = expected(len(plan_children), len(done_children))
    total = rank(runner, path)["total"]
    assert total["annual_plan"] == pytest.approx(plan)
    assert total["completed_ytd"] == pytest.approx(done)
    assert total["completion_rate"] == pytest.approx(done / plan)
    ledger = load_ledger(path)
    by_name = {r["name"]: r for r in ledger.projects.iter_rows(named=True)}
    second = sum(v or 0 for v in PROJECTS[1][3][: len(plan_children)])
    assert by_name["乙项目"]["annual_plan"] == pytest.approx(second)  # an empty source is 0
    assert by_name["丙项目"]["annual_plan"] is None  # every source empty: no plan
    [info] = ledger.sheets
    assert info.unread == []  # the sources are read, not "not understood"
    plan_use = next(u for u in info.columns if u.field == "annual_plan")
    assert plan_use.header.endswith("+".join(plan_children[1:]))


def test_a_total_row_is_reconciled_against_the_sums(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path / "t.xlsx", ["中央", "省级", "市县"], ["中央资金", "地方资金"],
                 total_row=True)  # fmt: skip
    ledger = load_ledger(path)
    assert ledger.projects.height == len(PROJECTS)
    assert ledger.reconciliation.totals.checked >= 1
    assert ledger.reconciliation.totals.agreed == ledger.reconciliation.totals.checked
    assert not [f for f in ledger.findings if f.code == "subtotal_mismatch"]


def test_a_wrong_source_in_the_total_row_is_named(tmp_path: Path) -> None:
    path = write(tmp_path / "w.xlsx", ["中央", "省级"], ["中央资金", "地方资金"], total_row=True)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    last = ws.max_row
    ws.cell(last, 6).value = ws.cell(last, 6).value + 100  # 省级 of the 合计 row
    wb.save(path)
    ledger = load_ledger(path)
    bad = [f for f in ledger.findings if f.code == "subtotal_mismatch"]
    assert bad and {f.column for f in bad} <= {4, 5}  # E (the sum) or F (省级 itself)


def test_a_unit_on_the_parent_applies_to_every_source(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path / "u.xlsx", ["中央", "地方"], ["中央资金", "地方资金"],
                 plan_unit="（亿元）")  # fmt: skip
    plan, done = expected(2, 2, factor=10_000)
    total = rank(runner, path)["total"]
    assert total["annual_plan"] == pytest.approx(plan)
    assert total["completed_ytd"] == pytest.approx(done)


def test_a_share_beside_the_sources_is_not_added(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path / "p.xlsx", ["中央", "地方"], ["中央资金", "地方资金", "占计划%"])
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    for row in range(4, 4 + len(PROJECTS)):
        ws.cell(row, 9).value = 55.5
    wb.save(path)
    plan, done = expected(2, 2)
    total = rank(runner, path)["total"]
    assert total["annual_plan"] == pytest.approx(plan)
    assert total["completed_ytd"] == pytest.approx(done)


def test_an_amount_child_is_still_the_field(runner: CliRunner, tmp_path: Path) -> None:
    """金额 | 占比 under 1-6月完成投资 is not a split: 金额 is the amount."""
    path = write(tmp_path / "a.xlsx", ["合计", "其中：中央"], ["金额", "地方资金"])
    plan = sum(p[3][0] or 0 for p in PROJECTS)
    done = sum(p[4][0] or 0 for p in PROJECTS)
    total = rank(runner, path)["total"]
    assert total["annual_plan"] == pytest.approx(plan)
    assert total["completed_ytd"] == pytest.approx(done)


def test_sub_columns_that_are_not_sources_are_refused(runner: CliRunner, tmp_path: Path) -> None:
    """一季度 | 二季度 under 年度计划投资: neither is the whole plan, nor are both together
    (half a year); the reader stops and names the cells."""
    path = write(tmp_path / "h.xlsx", ["一季度", "二季度"], ["中央资金", "地方资金"])
    result = runner.invoke(app, ["rank", str(path), "--format", "json"])
    assert result.exit_code == 1
    assert "E2:F2 年度计划投资" in result.stderr  # the merged parent
    assert "一季度 | 二季度" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("children", [["省下达计划", "县定目标"], ["市下达", "县自定"],
                                      ["保底目标", "力争目标"]])  # fmt: skip
def test_targets_of_the_plan_are_not_added(
    runner: CliRunner, tmp_path: Path, children: list[str]
) -> None:
    """省下达计划 | 县定目标 under 年度计划投资 name a level but are two targets, not sources
    of the money: adding them doubled the plan; which one is the plan is not guessed."""
    path = _two_row(tmp_path, "t.xlsx", children, [[5000.0, 6100.0, 800.0]])
    result = runner.invoke(app, ["rank", str(path), "--format", "json"])
    assert result.exit_code == 1 and " | ".join(children) in result.stderr
    # Two versions of the plan: adding a 合计 would mean nothing; choosing one is the way.
    assert "Add a 合计" not in result.stderr
    assert 'under [columns] in projtrack.toml, e.g. "Sheet!D" = "annual_plan"' in result.stderr


@pytest.mark.parametrize(("letter", "plan"), [("D", 5000.0), ("E", 6100.0)])
def test_a_version_of_the_plan_chosen_by_its_letter(
    runner: CliRunner, tmp_path: Path, letter: str, plan: float
) -> None:
    """The line the refusal gives works for either column, the first one included."""
    path = _two_row(tmp_path, "t.xlsx", ["市下达计划", "县定目标"], [[5000.0, 6100.0, 800.0]])
    Path("projtrack.toml").write_text(f'[columns]\n"Sheet!{letter}" = "annual_plan"\n')
    total = rank(runner, path)["total"]
    assert total["annual_plan"] == pytest.approx(plan)
    assert total["completed_ytd"] == pytest.approx(800.0)


@pytest.mark.parametrize(
    "children",
    [["一季度", "二季度", "三季度", "四季度"], ["上半年", "下半年"], ["1-6月", "7-12月"],
     [f"{m}月" for m in range(1, 13)]],
)  # fmt: skip
def test_a_plan_split_into_the_periods_of_the_year_is_their_sum(
    runner: CliRunner, tmp_path: Path, children: list[str]
) -> None:
    """年度计划投资 over 一季度 | 二季度 | 三季度 | 四季度: the periods make the year, so the
    annual plan is their sum (it was refused)."""
    rows = [[*(float(10 * (k + 1) + i) for k in range(len(children))), 5.0 + i]
            for i in range(3)]  # fmt: skip
    path = _two_row(tmp_path, "q.xlsx", children, rows)
    total = rank(runner, path)["total"]
    assert total["annual_plan"] == pytest.approx(sum(sum(r[:-1]) for r in rows))
    assert total["completed_ytd"] == pytest.approx(sum(r[-1] for r in rows))


def test_the_periods_of_a_plan_do_not_set_the_as_of(runner: CliRunner, tmp_path: Path) -> None:
    """一季度 | … | 四季度 under the plan are its parts, not the period: the ledger stays
    1-6月, with no as_of_conflict (一季度 read as the period made it March)."""
    rows = [[10.0, 20.0, 30.0, 40.0, 5.0], [1.0, 2.0, 3.0, 4.0, 1.0]]
    path = _two_row(tmp_path, "q.xlsx", ["一季度", "二季度", "三季度", "四季度"], rows)
    data = rank(runner, path)
    assert data["as_of"] == "2024-06-30"
    check = runner.invoke(app, ["check", str(path), "-f", "json"])
    assert "as_of_conflict" not in [f["code"] for f in json.loads(check.stdout)["findings"]]


def test_cumulative_plan_periods_are_not_added(runner: CliRunner, tmp_path: Path) -> None:
    """1-3月 | 1-6月 | 1-9月 | 1-12月 run from January: not parts to add; which one is the
    plan is not guessed (refused, naming them)."""
    rows = [[10.0, 20.0, 30.0, 40.0, 5.0], [1.0, 2.0, 3.0, 4.0, 1.0]]
    path = _two_row(tmp_path, "c.xlsx", ["1-3月", "1-6月", "1-9月", "1-12月"], rows)
    result = runner.invoke(app, ["rank", str(path), "--format", "json"])
    assert result.exit_code == 1 and "1-3月 | 1-6月 | 1-9月 | 1-12月" in result.stderr


def _two_row(
    tmp_path: Path, name: str, children: list[str], rows: list[list[float]],
    parent: str = "年度计划投资",
) -> Path:  # fmt: skip
    """``parent`` merged over ``children``; 1-6月完成投资 beside; one row per project."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([TITLE])
    n = len(children)
    ws.append(["序号", "项目名称", "县(市、区)", parent, *[None] * (n - 1), "1-6月完成投资"])
    ws.append([None, None, None, *children, None])
    for col in (1, 2, 3, 4 + n):
        ws.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
    ws.merge_cells(start_row=2, start_column=4, end_row=2, end_column=3 + n)
    for i, figures in enumerate(rows, 1):
        ws.append([i, f"项目{i}", "旌阳区", *figures])
    wb.save(tmp_path / name)
    return tmp_path / name


@pytest.mark.parametrize(
    ("children", "plan_at"),
    [(["全年", "1-6月"], 0), (["1-6月", "全年"], 1), (["年度", "上半年"], 0),
     (["全年计划", "1-6月计划"], 0)],
)  # fmt: skip
def test_a_plan_over_its_periods_is_the_whole_year(
    runner: CliRunner, tmp_path: Path, children: list[str], plan_at: int
) -> None:
    """2024年投资计划 over 全年 | 1-6月: 全年 is the annual plan, 1-6月 the half year's
    plan; neither is added to the other, nothing is refused."""
    figures = [(5000.0, 2400.0, 2100.0), (8000.0, 3000.0, 3500.5)]
    rows = [[*([y, h] if plan_at == 0 else [h, y]), done] for y, h, done in figures]
    path = _two_row(tmp_path, "y.xlsx", children, rows, parent="2024年投资计划（万元）")
    total = rank(runner, path)["total"]
    assert total["annual_plan"] == pytest.approx(sum(f[0] for f in figures))
    assert total["completed_ytd"] == pytest.approx(sum(f[2] for f in figures))


@pytest.mark.parametrize(
    ("children", "in_force"),
    [(["原计划", "调整后"], 1), (["调整后计划", "原计划"], 0), (["年初计划", "调整后计划"], 1)],
)
def test_a_plan_over_original_and_adjusted_is_the_adjusted(
    runner: CliRunner, tmp_path: Path, children: list[str], in_force: int
) -> None:
    """年度计划投资 over 原计划 | 调整后: the plan in force is the adjusted one."""
    figures = [((5000.0, 6000.0), 2100.0), ((8000.0, 7000.0), 3500.5)]
    path = _two_row(tmp_path, "a.xlsx", children, [[*pair, done] for pair, done in figures])
    total = rank(runner, path)["total"]
    assert total["annual_plan"] == pytest.approx(sum(pair[in_force] for pair, _ in figures))


ROWS3 = [
    [600.0, 500.0, 400.0, 400.0],
    [1000.0, 800.0, 1000.0, 900.0],
    [2000.0, 1500.0, 1000.0, 1600.0],
]


def test_a_nested_qizhong_child_is_not_added(runner: CliRunner, tmp_path: Path) -> None:
    """政府投资 | 其中：专项债券 | 社会投资: the plan is 政府 + 社会; 专项债 is inside 政府."""
    path = _two_row(tmp_path, "q.xlsx", ["政府投资", "其中：专项债券", "社会投资"], ROWS3)
    total = rank(runner, path)["total"]
    assert total["annual_plan"] == pytest.approx(sum(r[0] + r[2] for r in ROWS3))


@pytest.mark.parametrize("whole", ["总额", "小计", "总计", "计划总额", "计"])
def test_a_total_child_beside_a_qizhong_is_the_field(
    runner: CliRunner, tmp_path: Path, whole: str
) -> None:
    rows = [r[:2] + r[3:] for r in ROWS3]
    path = _two_row(tmp_path, "w.xlsx", [whole, "其中：中央资金"], rows)
    assert rank(runner, path)["total"]["annual_plan"] == pytest.approx(sum(r[0] for r in rows))


def test_before_and_after_adjustment_read_the_after(runner: CliRunner, tmp_path: Path) -> None:
    rows = [r[:2] + r[3:] for r in ROWS3]
    path = _two_row(tmp_path, "b.xlsx", ["调整前", "调整后"], rows)
    assert rank(runner, path)["total"]["annual_plan"] == pytest.approx(sum(r[1] for r in rows))


@pytest.mark.parametrize("change", ["调整数", "调整额"])
def test_a_plan_and_its_change_are_refused(runner: CliRunner, tmp_path: Path, change: str) -> None:
    """原计划 | 调整数: the change is not the plan (reading it gave a negative plan)."""
    rows = [r[:2] + r[3:] for r in ROWS3]
    path = _two_row(tmp_path, "c.xlsx", ["原计划", change], rows)
    result = runner.invoke(app, ["rank", str(path), "--format", "json"])
    assert result.exit_code == 1 and change in result.stderr
