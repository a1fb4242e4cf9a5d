"""Rows that are not projects, and reconciling every figure a ledger states about itself.

Ledgers come from ``tests/corpus_totals.py``: totals, sections and 其中 rows with their
labels in any text column, the region given by a column, by sections above each block
or by named totals after it, stated counts right and wrong, 完成率 columns and 汇总
sheets right and wrong. The expected figures and mismatches are computed there, from
the invented projects and the rows written.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import write_sheets
from corpus import FEATURES
from corpus import build as corpus_build
from corpus_totals import LABEL_COLUMNS, SHEET, Built, TotalsSpec, build
from projtrack.cli.app import app
from projtrack.read.layout import detect_layout
from projtrack.read.load import load_ledger
from projtrack.read.rawsheet import frame_from_rows as _frame_from_rows
from projtrack.read.rows import classify_rows
from projtrack.vocab import FINDING_CODES

runner = CliRunner()
RECONCILE_CODES = {"subtotal_mismatch", "count_mismatch", "rate_mismatch", "summary_mismatch",
                   "summary_unmatched", "name_missing", "uncounted_row"}  # fmt: skip

CASES = {
    "labels-in-name": TotalsSpec(label_column="name", total="top", breakdown=True),
    "labels-in-seq": TotalsSpec(label_column="seq", regions="before", total="bottom"),
    "labels-in-content": TotalsSpec(label_column="content", regions="after", total="top"),
    "labels-in-region-column": TotalsSpec(label_column="region", regions="both", rate="right"),
    "labels-anywhere": TotalsSpec(label_column="random", regions="after", total="bottom",
                                  breakdown=True, rate="right", summary="right", n=20),
    "counts-wrong": TotalsSpec(regions="before", total="top", counts="wrong"),
    "rates-wrong": TotalsSpec(regions="after", rate="wrong", total="bottom"),
    "summary-right": TotalsSpec(summary="right", total="top"),
    "summary-wrong": TotalsSpec(summary="wrong", regions="before", total="bottom"),
    "unnamed-row": TotalsSpec(unnamed=True, regions="after", total="top", rate="right"),
    "everything-wrong": TotalsSpec(label_column="random", regions="both", total="bottom",
                                   counts="wrong", breakdown=True, rate="wrong",
                                   summary="wrong", unnamed=True, n=16),
}  # fmt: skip


def run(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


def assert_rank(built: Built) -> None:
    out = json.loads(run("rank", str(built.path), "--format", "json", "--by", "region").stdout)
    e = built.expected
    total = out["total"]
    assert (total["projects"], total["annual_plan"], total["completed_ytd"]) == (
        e.projects, pytest.approx(e.annual_plan), pytest.approx(e.completed_ytd))  # fmt: skip
    got = {r["group"]: (r["projects"], r["annual_plan"], r["completed_ytd"]) for r in out["rows"]}
    want = {g: (n, pytest.approx(p), pytest.approx(d)) for g, (n, p, d) in e.regions.items()}
    assert got == want
    # Every mismatch is a warning of rank too (the count includes them).
    warned = sorted((w["where"], w["code"]) for w in out["warnings"]
                    if w["code"] in RECONCILE_CODES)  # fmt: skip
    assert warned == e.mismatches


def assert_check(built: Built) -> None:
    out = json.loads(run("check", str(built.path), "--format", "json").stdout)
    e = built.expected
    rec = out["reconciliation"]
    tallies = tuple((rec[k]["checked"], rec[k]["agreed"])
                    for k in ("totals", "counts", "rates", "summary"))  # fmt: skip
    assert tallies == (e.totals, e.counts, e.rates, e.summary)
    found = sorted((f["where"], f["code"]) for f in out["findings"] if f["code"] in RECONCILE_CODES)
    assert found == e.mismatches
    listed = sorted((m["where"], m["code"]) for m in rec["mismatches"])
    assert listed == [m for m in e.mismatches if m[1] not in ("name_missing", "uncounted_row")]
    assert rec["unchecked"] == []


def expected_line(built: Built) -> str:
    e = built.expected
    parts = [f"{a}/{c} {label}一致" for (c, a), label in
             ((e.totals, "合计行"), (e.counts, "个数"), (e.summary, "汇总行"), (e.rates, "完成率"))
             if c]  # fmt: skip
    return "对账 Reconciled: " + "，".join(parts)


@pytest.mark.parametrize("name", list(CASES))
def test_case(name: str, tmp_path: Path) -> None:
    built = build(CASES[name], tmp_path, name)
    assert_rank(built)
    assert_check(built)
    text = run("check", str(built.path)).stdout
    lines = text.splitlines()
    assert expected_line(built) in lines
    for where, code in built.expected.mismatches:
        if code not in ("name_missing", "uncounted_row"):
            assert any(line.startswith(f"  ✗ {where}：") for line in lines), (where, text)


def test_wrong_total_names_both_numbers(tmp_path: Path) -> None:
    """A 合计 that disagrees with its rows names the stated figure and the sum read."""
    built = build(TotalsSpec(total="top", counts="none"), tmp_path, "t")
    from openpyxl import load_workbook

    wb = load_workbook(built.path)
    ws = wb[SHEET]
    stated = float(built.expected.annual_plan) + 1000
    ws["G3"] = stated
    label = next(c.value for c in ws[3] if isinstance(c.value, str))
    wb.save(built.path)
    ledger = load_ledger(built.path)
    hits = [f for f in ledger.findings if f.code == "subtotal_mismatch"]
    assert [f.where for f in hits] == [f"{SHEET}!G3"], label
    plan = built.expected.annual_plan
    assert f"{stated:,.2f}".rstrip("0").rstrip(".") in hits[0].message
    assert f"{plan:,.2f}".rstrip("0").rstrip(".") in hits[0].message
    assert ledger.reconciliation.totals.checked - ledger.reconciliation.totals.agreed == 1


def test_every_new_code_is_catalogued() -> None:
    assert RECONCILE_CODES <= FINDING_CODES.keys()


@pytest.mark.parametrize(
    ("label", "kind"),
    [("合计", "total"), ("合计60个", "total"), ("合计（100项）", "total"), ("合计(100项)", "total"),
     ("总计", "total"), ("全县合计", "total"), ("全镇合计", "total"), ("2024年度投资合计", "total"),
     ("合計", "total"), ("全县（市、区）合计", "total"), ("本页小计", "subtotal"),
     ("共60个项目", "total"), ("合计：共60个项目", "total"), ("小计：龙海市", "subtotal"),
     ("合计：漳浦县（12个）", "subtotal"), ("小计", "subtotal"),
     ("龙海市合计35个", "subtotal"), ("其中：省重点项目", "breakdown"),
     ("一、市本级（48项）", "section_top"), ("（一）在建（11项）", "section_sub"),
     ("（一）工业项目82个", "section_sub"), ("★甲项目", "project"), ("1●乙项目", "project"),
     ("（1）丙项目", "project"), ("1.丁项目", "project")],
)  # fmt: skip
def test_label_forms(label: str, kind: str) -> None:
    """The label forms of SPEC §5, whichever text column holds them."""
    header = ["序号", "县(市、区)", "项目名称", "建设内容", "年度计划投资", "累计完成投资"]
    for at in (0, 1, 2, 3):
        first = ["1", "龙海市", "戊项目", None, "5", "1"]
        row: list[str | None] = [None] * 6
        row[at] = label
        if kind == "project":
            row = ["2", None, label, None, "3", "1"]
        frame = _frame_from_rows([header, first, row, ["3", None, "己项目", None, "2", "1"]])
        layout = detect_layout(frame)
        assert layout is not None
        kinds = classify_rows(frame, layout)["_kind"].to_list()
        assert kinds[1] == kind, (label, at, kinds)


def test_region_rule() -> None:
    from projtrack.read.labels import section_role

    assert section_role("龙海市") == ("region", "龙海市")
    assert section_role("漳浦县项目") == ("region", "漳浦县")
    assert section_role("市本级") == ("region", "市本级")
    assert section_role("台商投资区") == ("region", "台商投资区")
    assert section_role("省重点项目") == ("level", "省重点")
    assert section_role("产业项目") == ("category", "产业项目")
    assert section_role("在建") == ("category", "在建")
    assert section_role("工业园区建设项目") == ("category", "工业园区建设项目")
    # A county's block of key projects is the county, not the level its last character
    # spells with 重点 (旌阳区重点 is not 区重点): read as a level, counties merged.
    assert section_role("旌阳区重点项目") == ("region", "旌阳区")
    assert section_role("中江县重点项目") == ("region", "中江县")
    assert section_role("旌阳区市重点项目") == ("region", "旌阳区")
    assert section_role("德阳市旌阳区重点项目") == ("region", "德阳市旌阳区")
    assert section_role("黄许镇重点项目") == ("region", "黄许镇")
    # A facility a project builds is no place, whatever its last character.
    assert section_role("县人民医院新院区项目") == ("category", "县人民医院新院区项目")
    assert section_role("实验学校新校区") == ("category", "实验学校新校区")
    assert section_role("县重点项目") == ("level", "县重点")
    assert section_role("全县重点项目") == ("level", "县重点")
    assert section_role("市县重点项目") == ("level", "县重点")


LABELS = ("合计", "合计60个", "龙海市合计35个", "其中：省重点项目", "合计（100项）", "合计(100项)",
          "一、市本级（48项）", "（一）在建（11项）", "（一）工业项目82个", "总计", "小计",
          "全县合计", "二、漳浦县", "漳浦县小计", "其中：新开工项目", "合計", "（二）基础设施类（3個）",
          "本页小计", "一、省重点项目", "（三）续建")  # fmt: skip


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    seed=st.integers(0, 10_000),
    regions=st.sampled_from(("column", "before", "after", "both")),
    extra=st.lists(
        st.tuples(st.integers(0, 40), st.sampled_from(LABELS), st.sampled_from(LABEL_COLUMNS),
                  st.one_of(st.none(), st.floats(0, 1e6, allow_nan=False))),
        max_size=6),
)  # fmt: skip
def test_inserted_rows_never_change_the_totals(
    seed: int, regions: str, extra: list[tuple[int, str, str, float | None]]
) -> None:
    """Total, section and 其中 rows inserted anywhere, labels in any text column: the
    projects and their sums stay what they were (the reconciliation may complain)."""
    with tempfile.TemporaryDirectory() as tmp:
        spec = TotalsSpec(regions=regions, total="none", counts="none", seed=seed, n=10,
                          extra=tuple(extra))  # fmt: skip
        built = build(spec, Path(tmp), "p")
        ledger = load_ledger(built.path)
        projects = ledger.projects
        e = built.expected
        assert projects.height == e.projects
        assert projects["annual_plan"].fill_null(0).sum() == pytest.approx(e.annual_plan)
        assert projects["completed_ytd"].fill_null(0).sum() == pytest.approx(e.completed_ytd)
        # A section of the own level (一、市本级) makes its projects the city's own unit over
        # their 所在县 cells (docs/ledgers.md): the grouping changes by design, not the sums.
        own = any("本级" in label for _, label, _, _ in extra)
        if regions == "column" and not own:
            by_region = dict(projects.group_by("region").len().iter_rows())
            assert by_region == {g: v[0] for g, v in e.regions.items()}


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    seed=st.integers(0, 10_000),
    label_column=st.sampled_from((*LABEL_COLUMNS, "random")),
    regions=st.sampled_from(("column", "before", "after", "both")),
    total=st.sampled_from(("none", "top", "bottom")),
    counts=st.sampled_from(("none", "right", "wrong")),
    breakdown=st.booleans(),
    rate=st.sampled_from(("none", "right", "wrong")),
    summary=st.sampled_from(("none", "right", "wrong")),
    unnamed=st.booleans(),
)
def test_any_mix_reconciles_exactly(**kw: Any) -> None:
    """Any mix of the row forms: exact figures, and exactly the mismatches written."""
    with tempfile.TemporaryDirectory() as tmp:
        built = build(TotalsSpec(**kw), Path(tmp), "m")
        ledger = load_ledger(built.path)
        e = built.expected
        projects = ledger.projects
        assert projects.height == e.projects
        assert projects["annual_plan"].fill_null(0).sum() == pytest.approx(e.annual_plan)
        got = {
            r: (n, pytest.approx(p), pytest.approx(d))
            for r, n, p, d in projects.group_by("region")
            .agg(pl_len(), pl_sum("annual_plan"), pl_sum("completed_ytd"))
            .iter_rows()
        }
        assert got == {g: (n, p, d) for g, (n, p, d) in e.regions.items()}
        rec = ledger.reconciliation
        assert ((rec.totals.checked, rec.totals.agreed), (rec.counts.checked, rec.counts.agreed),
                (rec.rates.checked, rec.rates.agreed), (rec.summary.checked, rec.summary.agreed)
                ) == (e.totals, e.counts, e.rates, e.summary)  # fmt: skip
        found = sorted((f.where, f.code) for f in ledger.findings if f.code in RECONCILE_CODES)
        assert found == e.mismatches


def pl_len() -> Any:
    import polars as pl

    return pl.len()


def pl_sum(name: str) -> Any:
    import polars as pl

    return pl.col(name).fill_null(0).sum()


_write = write_sheets


HEAD = ["序号", "县(市、区)", "项目名称", "年度计划投资(万元)", "1-3月完成投资(万元)"]


def test_section_named_like_a_region_value_sets_the_region(tmp_path: Path) -> None:
    """一、城关 has no place suffix, but 城关 is a 县(市、区) value elsewhere: a region."""
    rows: list[list[Any]] = [["2024年某县重点项目表（1-3月）"], HEAD,
            [None, "一、城关"], [1, None, "甲", 10, 5], [2, None, "乙", 20, 5],
            [None, "二、其他乡镇"], [3, "城关", "丙", 30, 10], [4, "东岭", "丁", 40, 10]]  # fmt: skip
    ledger = load_ledger(_write(tmp_path / "a.xlsx", {"重点项目": rows}))
    got = dict(ledger.projects.select("name", "region").iter_rows())
    assert got == {"甲": "城关", "乙": "城关", "丙": "城关", "丁": "东岭"}
    assert ledger.projects["category"].to_list() == [None, None, "其他乡镇", "其他乡镇"]


def test_money_without_a_label_is_reported_never_dropped_silently(tmp_path: Path) -> None:
    rows: list[list[Any]] = [["2024年某县重点项目表（1-3月）"], HEAD,
            [1, "城关", "甲", 10, 5], [None, None, None, 7, 3], [2, "城关", "乙", 20, 5]]  # fmt: skip
    ledger = load_ledger(_write(tmp_path / "b.xlsx", {"重点项目": rows}))
    assert ledger.projects.height == 2
    found = [(f.where, f.code) for f in ledger.findings if f.code == "uncounted_row"]
    assert found == [("重点项目!第4行", "uncounted_row")]
    assert "7" in next(f.message for f in ledger.findings if f.code == "uncounted_row")


def test_summary_row_naming_no_detail_group(tmp_path: Path) -> None:
    built = build(TotalsSpec(summary="right", total="none"), tmp_path, "s")
    from openpyxl import load_workbook

    wb = load_workbook(built.path)
    wb["汇总"].append(["云霄县", 2, 100, 50])
    wb.save(built.path)
    out = json.loads(run("check", str(built.path), "--format", "json").stdout)
    rec = out["reconciliation"]
    row = wb["汇总"].max_row
    assert [(m["where"], m["code"]) for m in rec["mismatches"]] == [
        (f"汇总!A{row}", "summary_unmatched")
    ]
    assert (rec["summary"]["checked"], rec["summary"]["agreed"]) == (6, 5)


@pytest.mark.parametrize("name", list(FEATURES))
def test_the_layout_corpus_reconciles(name: str, tmp_path: Path) -> None:
    """Every ledger of tests/corpus.py states figures that agree with what is read."""
    spec = FEATURES[name]
    case = corpus_build(spec, tmp_path, name)
    rec = load_ledger(case.path).reconciliation
    assert rec.mismatches == [] and rec.rows == [] and rec.unchecked == []
    for tally in (rec.totals, rec.counts, rec.summary, rec.rates):
        assert tally.agreed == tally.checked
    has_figures = spec.total != "none" or spec.section_figures or spec.subtotals
    assert (rec.totals.checked > 0) == has_figures
    assert (rec.summary.checked > 0) == (spec.sheets != "single")


def test_named_totals_above_their_blocks_head_them(tmp_path: Path) -> None:
    """龙海市合计（2项） written above its block (before the first project) heads it."""
    rows: list[list[Any]] = [
        ["2024年某市重点项目表（1-3月）"], HEAD,
        [None, None, "合计（3项）", 60, 20],
        [None, None, "龙海市合计（2项）", 30, 10], [1, None, "甲", 10, 5], [2, None, "乙", 20, 5],
        [None, None, "漳浦县合计（2项）", 30, 10], [3, None, "丙", 30, 10],
    ]  # fmt: skip
    ledger = load_ledger(_write(tmp_path / "c.xlsx", {"重点项目": rows}))
    assert dict(ledger.projects.select("name", "region").iter_rows()) == {
        "甲": "龙海市", "乙": "龙海市", "丙": "漳浦县"}  # fmt: skip
    rec = ledger.reconciliation
    assert (rec.totals.checked, rec.totals.agreed) == (3, 3)
    assert (rec.counts.checked, rec.counts.agreed) == (3, 2)
    assert [(f.where, f.code) for f in rec.mismatches] == [("重点项目!第7行", "count_mismatch")]
    assert "写明2个项目，所含项目读到1个" in rec.mismatches[0].message


def test_a_rate_column_worked_out_another_way_is_one_finding(tmp_path: Path) -> None:
    """完成率 against a 1-N月 plan disagrees on every row: one finding on the header."""
    head = [*HEAD, "完成率(%)"]
    rows: list[list[Any]] = [["2024年某县重点项目表（1-3月）"], head]
    for i in range(8):
        plan, done = 100.0 * (i + 1), 10.0 * (i + 2)
        rows.append([i + 1, "城关", f"项目{i}", plan, done, round(done / (plan / 4) * 100, 1)])
    ledger = load_ledger(_write(tmp_path / "r.xlsx", {"重点项目": rows}))
    rec = ledger.reconciliation
    assert (rec.rates.checked, rec.rates.agreed) == (8, 0)
    assert [(f.where, f.code) for f in rec.mismatches] == [("重点项目!F2", "rate_mismatch")]
    assert "8/8" in rec.mismatches[0].message and "F3" in rec.mismatches[0].message


def test_summary_rows_may_shorten_or_number_the_names(tmp_path: Path) -> None:
    built = build(TotalsSpec(summary="right", total="none"), tmp_path, "s")
    from openpyxl import load_workbook

    wb = load_workbook(built.path)
    ws = wb["汇总"]
    assert (ws["A3"].value, ws["A4"].value) == ("龙海市", "漳浦县")
    ws["A3"], ws["A4"] = "龙海", "（二）漳浦县"
    wb.save(built.path)
    rec = load_ledger(built.path).reconciliation
    assert (rec.summary.checked, rec.summary.agreed, rec.mismatches) == (5, 5, [])


def test_a_line_of_content_is_not_a_section(tmp_path: Path) -> None:
    """二、配套工程 on a row of its own in 建设内容 continues a project; 一、龙海市 there heads
    a block (it names a region)."""
    head = ["序号", "项目名称", "建设内容", "年度计划投资(万元)", "1-3月完成投资(万元)"]
    rows: list[list[Any]] = [
        ["2024年某市重点项目表（1-3月）"], head,
        [None, None, "一、龙海市"],
        [1, "甲", "一、主体工程", 10, 5], [None, None, "二、配套工程"],
        [2, "乙", "新建厂房", 20, 5],
        [None, None, "小计", 30, 10],
    ]  # fmt: skip
    ledger = load_ledger(_write(tmp_path / "d.xlsx", {"重点项目": rows}))
    got = ledger.projects.select("name", "region", "category").rows()
    assert got == [("甲", "龙海市", None), ("乙", "龙海市", None)]
    rec = ledger.reconciliation
    assert (rec.totals.checked, rec.totals.agreed, rec.mismatches) == (1, 1, [])


def test_a_breakdown_naming_nothing_read_is_said_unchecked(tmp_path: Path) -> None:
    rows: list[list[Any]] = [
        ["2024年某县重点项目表（1-3月）"], HEAD,
        [None, None, "合计（2个）", 30, 10], [None, None, "其中：省重点项目", 10, 5],
        [1, "城关", "甲", 10, 5], [2, "城关", "乙", 20, 5],
    ]  # fmt: skip
    path = _write(tmp_path / "e.xlsx", {"重点项目": rows})
    lines = run("check", str(path)).stdout.splitlines()
    assert (
        "对账 Reconciled: 1/1 合计行一致，1/1 个数一致，1 个其中行未能核对（重点项目!第4行）"
        in lines
    )
    out = json.loads(run("check", str(path), "--format", "json").stdout)
    assert out["reconciliation"]["unchecked"] == ["重点项目!第4行"]


def test_summary_columns_of_other_amounts_are_not_compared(tmp_path: Path) -> None:
    """A 汇总 with 1-3月计划 and 本月完成 beside the year's figures checks the year's only."""
    detail: list[list[Any]] = [["2024年某县重点项目表（1-3月）"], HEAD,
                               [1, "城关", "甲", 10, 5], [2, "东岭", "乙", 20, 5]]  # fmt: skip
    summary: list[list[Any]] = [
        ["县(市、区)", "项目个数", "1-3月计划投资", "年度计划投资", "本月完成投资", "1-3月完成投资"],
        ["城关", 1, 3, 10, 1, 5], ["东岭", 1, 6, 20, 2, 5], ["合计", 2, 9, 30, 3, 10],
    ]  # fmt: skip
    ledger = load_ledger(_write(tmp_path / "f.xlsx", {"汇总": summary, "明细": detail}))
    rec = ledger.reconciliation
    assert (rec.summary.checked, rec.summary.agreed, rec.mismatches) == (3, 3, [])


@pytest.mark.parametrize(
    ("stated", "agrees"), [(31, True), (30.8, True), (30.5, False), (32, False)]
)
def test_a_total_agrees_within_the_rounding_of_its_digits(
    tmp_path: Path, stated: float, agrees: bool
) -> None:
    """Projects sum to 30.8: 31 (typed whole) and 30.8 agree; 30.5 and 32 do not."""
    rows: list[list[Any]] = [["2024年某县重点项目表（1-3月）"], HEAD,
                             [1, "城关", "甲", 10.3, 5], [2, "城关", "乙", 20.5, 5],
                             [None, None, "合计", stated, 10]]  # fmt: skip
    rec = load_ledger(_write(tmp_path / "g.xlsx", {"重点项目": rows})).reconciliation
    assert (rec.totals.checked, rec.totals.agreed) == (1, int(agrees))
    assert [f.where for f in rec.mismatches] == ([] if agrees else ["重点项目!D5"])


@pytest.mark.parametrize("grand", ["总计", "全县合计", "合计"])
def test_section_totals_then_a_grand_total(tmp_path: Path, grand: str) -> None:
    """一、… 合计 | 二、… 合计 | 总计: each 合计 closes its section (checked against it), the
    last row is the sheet's total; a wrong section 合计 is named, the others agree."""
    from conftest import write_xlsx

    blocks = {"省重点项目": [(12000.0, 5300.0), (30000.0, 16250.5)],
              "市重点项目": [(8000.0, 2100.0), (15000.0, 9800.0), (9500.0, 4400.0)]}  # fmt: skip
    rows: list[list[object]] = [["2024年重点项目推进情况表（1-6月）"],
                                ["序号", "项目名称", "年度计划投资", "1-6月完成投资"]]  # fmt: skip
    for number, (name, items) in zip("一二", blocks.items(), strict=True):
        rows.append([number, name, None, None])
        rows += [[k, f"{name}{k}", p, c] for k, (p, c) in enumerate(items, 1)]
        rows.append([None, "合计", sum(p for p, _ in items), sum(c for _, c in items)])
    every = [x for items in blocks.values() for x in items]
    rows.append([None, grand, sum(p for p, _ in every), sum(c for _, c in every)])
    rows[-2][2] = float(rows[-2][2]) + 100  # type: ignore[arg-type]  # 市重点's 合计 off by 100
    ledger = load_ledger(write_xlsx(tmp_path / "s.xlsx", rows))
    assert ledger.projects.height == len(every)
    assert ledger.projects["annual_plan"].sum() == pytest.approx(sum(p for p, _ in every))
    bad = [f for f in ledger.findings if f.code == "subtotal_mismatch"]
    assert [f.where for f in bad] == [f"Sheet1!C{len(rows) - 1}"]


def test_summary_rows_may_write_in_full_what_sheet_names_shorten(tmp_path: Path) -> None:
    """Sheets 旌阳 | 罗江 and a 汇总 of 旌阳区 | 罗江区: each row was summary_unmatched."""
    head = ["序号", "项目名称", "年度计划投资(万元)", "1-3月完成投资(万元)"]
    sheets: dict[str, list[list[Any]]] = {
        "旌阳": [["2024年重点项目表（1-3月）"], head, [1, "甲", 10, 5], [2, "乙", 20, 5]],
        "罗江": [["2024年重点项目表（1-3月）"], head, [1, "丙", 30, 10]],
        "汇总": [["汇总表"], ["县(市、区)", "项目个数", "年度计划投资(万元)", "1-3月完成投资(万元)"],
                 ["旌阳区", 2, 30, 10], ["罗江区", 1, 30, 10]],
    }  # fmt: skip
    rec = load_ledger(_write(tmp_path / "s.xlsx", sheets)).reconciliation
    assert (rec.summary.checked, rec.summary.agreed, rec.mismatches) == (2, 2, [])


def test_a_county_breakdown_under_the_total_is_checked(tmp_path: Path) -> None:
    """合计 | 其中：旌阳区 | 罗江区 | 中江县: the later lines were taken for footer notes and
    the last for a subtotal of nothing (a false subtotal_mismatch)."""
    head = ["序号", "项目名称", "县（市、区）", "年度计划投资", "1-3月完成投资"]
    projects = [[1, "甲", "旌阳区", 10, 5], [2, "乙", "罗江区", 20, 5], [3, "丙", "中江县", 30, 10],
                [4, "丁", "旌阳区", 40, 10]]  # fmt: skip
    rows: list[list[Any]] = [["2024年重点项目表（1-3月）"], head, *projects,
            [None, "合计", None, 100, 30], [None, "其中：旌阳区", None, 50, 15],
            [None, "罗江区", None, 20, 5], [None, "中江县", None, 30, 10]]  # fmt: skip
    ledger = load_ledger(_write(tmp_path / "b.xlsx", {"重点项目": rows}))
    rec = ledger.reconciliation
    assert ledger.projects.height == 4
    assert rec.mismatches == [] and rec.totals.checked == rec.totals.agreed == 4
    rows[-1][3] = 31  # a mistyped line is found
    rec = load_ledger(_write(tmp_path / "c.xlsx", {"重点项目": rows})).reconciliation
    assert [m.where for m in rec.mismatches] == ["重点项目!D10"]


@pytest.mark.parametrize("header", ["完成年计划比例", "占年计划比例(%)", "计划比例"])
def test_rate_headers_of_the_year_plan_are_checked(tmp_path: Path, header: str) -> None:
    """完成年计划比例 was not taken for a 完成率 column: a wrong rate in every row went
    unchecked (found by a tester)."""
    rows: list[list[Any]] = [["2024年某县重点项目表（1-3月）"], [*HEAD, header]]
    for i in range(4):
        plan, done = 100.0 * (i + 1), 10.0 * (i + 2)
        rows.append([i + 1, "城关", f"项目{i}", plan, done, f"{done / plan * 100:.1f}%"])
    rec = load_ledger(_write(tmp_path / "r.xlsx", {"重点项目": rows})).reconciliation
    assert (rec.rates.checked, rec.rates.agreed) == (4, 4)


@pytest.mark.parametrize(
    ("label", "stated"), [("共计3条", 3), ("合计：15宗", 15), ("总计（4条）", 4)]
)
def test_a_total_counting_records_is_a_total(tmp_path: Path, label: str, stated: int) -> None:
    """A platform export's closing row counts records (共计3条): a total whose stated count
    is checked, not a project (it was refused as a label unrecognised, or counted)."""
    rows: list[list[Any]] = [
        ["2024年某县重点项目表（1-3月）"], HEAD,
        [1, None, "甲", 10, 5], [2, None, "乙", 20, 5], [3, None, "丙", 30, 10],
        [None, None, label, 60, 20],
    ]  # fmt: skip
    ledger = load_ledger(_write(tmp_path / "c.xlsx", {"重点项目": rows}))
    assert ledger.projects["name"].to_list() == ["甲", "乙", "丙"]
    rec = ledger.reconciliation
    assert (rec.totals.checked, rec.totals.agreed) == (1, 1)
    assert (rec.counts.checked, rec.counts.agreed) == (1, int(stated == 3))


def test_a_project_counting_its_roads_is_no_section(tmp_path: Path) -> None:
    """新建道路3条 with no figures yet is a project, not a section stating a count."""
    rows: list[list[Any]] = [
        ["2024年某县重点项目表（1-3月）"], HEAD,
        [1, None, "甲", 10, 5], [2, None, "新建道路3条", None, None], [3, None, "丙", 30, 10],
    ]  # fmt: skip
    ledger = load_ledger(_write(tmp_path / "c.xlsx", {"重点项目": rows}))
    assert ledger.projects["name"].to_list() == ["甲", "新建道路3条", "丙"]


def test_breakdown_lines_count_every_spelling_of_their_level_and_county(tmp_path: Path) -> None:
    """合计 | 其中：省重点项目 | 其中：旌阳区 over projects written 省级重点 / 省重点项目 and
    德阳市旌阳区 / 旌阳: each line counts them as the ranking does (it compared only the rows
    spelt exactly 省重点 / 旌阳区 and reported a false 其中 mismatch)."""
    head = [
        "序号",
        "县(市、区)",
        "项目名称",
        "项目级别",
        "年度计划投资(万元)",
        "1-3月完成投资(万元)",
    ]
    projects = [
        [1, "旌阳区", "甲", "省重点", 100, 30], [2, "德阳市旌阳区", "乙", "省级重点", 200, 40],
        [3, "旌阳", "丙", "市重点", 300, 50], [4, "中江县", "丁", "省重点项目", 400, 60],
        [5, "中江县", "戊", "市级重点", 500, 70],
    ]  # fmt: skip

    def total(rows: list[list[Any]]) -> list[float]:
        return [sum(r[4] for r in rows), sum(r[5] for r in rows)]

    province = [r for r in projects if r[3].startswith("省")]
    jingyang = [r for r in projects if "旌阳" in r[1]]
    rows: list[list[Any]] = [
        ["2024年某市重点项目表（1-3月）"], head,
        [None, None, "合计", None, *total(projects)],
        [None, None, "其中：省重点项目", None, *total(province)],
        [None, None, "其中：旌阳区", None, *total(jingyang)],
        *projects,
    ]  # fmt: skip
    rec = load_ledger(_write(tmp_path / "b.xlsx", {"重点项目": rows})).reconciliation
    assert rec.mismatches == []
    assert (rec.totals.checked, rec.totals.agreed) == (3, 3)


def test_a_subtotal_after_sub_sections_may_close_the_whole_top_section(tmp_path: Path) -> None:
    """一、省重点 | （一）产业 | （二）基础设施 | 小计: the 小计 is the whole 一、 block (a bureau
    writes it so); it was checked against （二） alone and reported false mismatches. A 小计
    that adds up to neither is still reported."""
    head = ["序号", "县(市、区)", "项目名称", "年度计划投资(万元)", "1-3月完成投资(万元)"]
    a, b, c, d, e = ([i, "旌阳区", n, p, q] for i, n, p, q in
                     ((1, "甲", 100, 30), (2, "乙", 200, 40), (1, "丙", 300, 50),
                      (2, "丁", 400, 60), (1, "戊", 500, 70)))  # fmt: skip
    rows: list[list[Any]] = [
        ["2024年某县重点项目表（1-3月）"], head,
        ["一", None, "省重点项目", None, None], ["（一）", None, "产业项目", None, None], a, b,
        ["（二）", None, "基础设施", None, None], c, d,
        [None, None, "小计", 1000, 180],
        ["二", None, "市重点项目", None, None], e,
        [None, None, "小计", 600, 70],
        [None, None, "合计", 1500, 250],
    ]  # fmt: skip
    rec = load_ledger(_write(tmp_path / "s.xlsx", {"重点项目": rows})).reconciliation
    assert [(f.where, f.code) for f in rec.mismatches] == [("重点项目!D13", "subtotal_mismatch")]
    assert "600 与所含项目之和 500" in rec.mismatches[0].message
    assert (rec.totals.checked, rec.totals.agreed) == (3, 2)
