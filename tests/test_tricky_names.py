"""Project names that start like a total, breakdown or footnote line are still projects,
and a numbered row with figures is never dropped (found by a tester on real-looking ledgers)."""

from __future__ import annotations

import json

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from projtrack.cli.app import app
from projtrack.text import name_key, name_keys

HEADER = ["序号", "项目名称", "年度计划投资（万元）", "1-3月完成投资（万元）", "责任单位"]
NAMES = ["其中学扩建项目", "制表机厂搬迁", "二、期工程", "联系人", "其中：龙湖片区开发",
         "合计划生育服务中心", "小计量检测中心", "普通项目"]  # fmt: skip


def test_numbered_rows_with_figures_are_projects(runner, tidy) -> None:
    rows = [[i, name, 1000 * i, 100 * i, "教育局"] for i, name in enumerate(NAMES, start=1)]
    result = runner.invoke(app, ["rank", str(tidy(HEADER, rows)), "--quarter", "Q1", "-f", "json"])
    assert result.exit_code == 0, result.output
    total = json.loads(result.stdout)["total"]
    n = len(NAMES)
    assert total["projects"] == n
    assert total["annual_plan"] == pytest.approx(1000 * n * (n + 1) / 2)
    assert total["completed_ytd"] == pytest.approx(100 * n * (n + 1) / 2)


def test_unnumbered_names_that_start_with_qizhong(runner, tidy) -> None:
    """Without 序号 too: 其中学… is a name, 其中：省重点项目 a breakdown (not counted)."""
    rows = [["", "其中学扩建项目", 1000, 200, "教育局"], ["", "城南道路", 3000, 600, "住建局"],
            ["", "其中：省重点项目", 1000, 200, ""]]  # fmt: skip
    result = runner.invoke(app, ["rank", str(tidy(HEADER, rows)), "--quarter", "Q1", "-f", "json"])
    assert result.exit_code == 0, result.output
    total = json.loads(result.stdout)["total"]
    assert (total["projects"], total["annual_plan"]) == (2, pytest.approx(4000))


# One project written twice, the second copy differing only in how it is typed.
TWICE = [
    ("康养小镇（一期）", "康养小镇(一期)"),  # bracket widths
    ("城北污水处理厂", "城北 污水处理厂"),  # a space typed inside
    ("产业园基础设施建设项目", "產業園基礎設施建設項目"),  # traditional characters
    ("物流园区【二期】", "物流园区二期"),  # brackets left out
]
DUP_HEADER = ["序号", "项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资"]


def test_a_project_typed_twice_differently_is_a_duplicate(runner, tidy) -> None:
    """Each copy is still counted (as an exact copy is), and the second is a `duplicate`
    warning naming the first row; different phases and different counties are not."""
    rows = [[i + 1, first, "旌阳区", 1000.0 * (i + 1), 100.0 * (i + 1)]
            for i, (first, _) in enumerate(TWICE)]  # fmt: skip
    rows += [[len(rows) + i + 1, second, "旌阳区", 1000.0 * (i + 1), 100.0 * (i + 1)]
             for i, (_, second) in enumerate(TWICE)]  # fmt: skip
    rows += [[9, "康养小镇（二期）", "旌阳区", 500.0, 50.0],  # another phase
             [10, "城北污水处理厂", "罗江区", 700.0, 70.0]]  # another county's  # fmt: skip
    ledger = tidy(DUP_HEADER, rows, title="2024年重点项目推进情况表（1-6月）", unit_line=None)
    result = runner.invoke(app, ["check", str(ledger), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    dups = [(f["where"], f["message"]) for f in data["findings"] if f["code"] == "duplicate"]
    # Title row 1, header row 2: the first copies are rows 3-6, the second ones rows 7-10.
    assert dups == [
        ("Sheet1!B7", "康养小镇（一期）：与 Sheet1 第3行 重复"),
        ("Sheet1!B8", "城北 污水处理厂：与 Sheet1 第4行（写作“城北污水处理厂”） 重复"),
        (
            "Sheet1!B9",
            "產業園基礎設施建設項目：与 Sheet1 第5行（写作“产业园基础设施建设项目”） 重复",
        ),
        ("Sheet1!B10", "物流园区二期：与 Sheet1 第6行（写作“物流园区【二期】”） 重复"),
    ]
    ranked = runner.invoke(app, ["rank", str(ledger), "-f", "json"])
    total = json.loads(ranked.stdout)["total"]
    assert (total["projects"], total["annual_plan"]) == (len(rows), sum(r[3] for r in rows))


@given(st.lists(st.text(alphabet="康养小镇產業園一期（）() 　\u200b－—-12ＡＢ至到\n【】", max_size=12),
                min_size=70, max_size=120, unique=True))  # fmt: skip
def test_names_keyed_together_are_keyed_as_one_by_one(names: list[str]) -> None:
    """name_keys joins the names to normalise them in one pass (a second saved on 100,000
    names); every key must be the one name_key gives."""
    distinct = pl.Series(names, dtype=pl.String).unique(maintain_order=True)
    keys = name_keys(distinct).to_list()
    assert keys == [name_key(n) or n for n in distinct.to_list()]
