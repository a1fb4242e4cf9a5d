"""The messy city example ``examples/deyang_2022_1-9.xlsx`` (SPEC §3: 德阳市 2022 1-9月).

379 projects over eight county/park sheets after a 汇总 sheet, two-row merged headers,
a 合计 row, 省重点/市重点 section rows with their subtotals, nested sub-sections, notes,
amounts in 亿元. The expected figures are read here with openpyxl straight from the
workbook (project rows only), never through projtrack.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.render.numbers import fixed

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "deyang_2022_1-9.xlsx"
REGIONS = ("旌阳区", "罗江区", "广汉市", "什邡市", "绵竹市", "中江县", "德阳经开区", "德阳高新区")
YI = 1e4  # 亿元 → 万元
MONEY = ("total", "plan", "done")


@dataclass(frozen=True)
class Row:
    """A project row (or a 合计/section row) as the workbook holds it, amounts in 亿元."""

    sheet: str
    row: int
    label: str
    level: str | None
    total: float
    plan: float
    done: float


@dataclass(frozen=True)
class Ledger:
    projects: list[Row]
    sums: list[Row]  # 合计 and section rows with their figures
    columns: dict[str, str]  # money field → column letter (the same in every sheet)


@cache
def ledger() -> Ledger:
    """Read every county sheet: 序号 (an int) + a name make a project row; 合计 and
    section rows ("一、…", "(一)…") carry figures; title, header, notes are skipped."""
    wb = openpyxl.load_workbook(EXAMPLE)
    assert wb.sheetnames == ["汇总", *REGIONS]
    projects, sums = [], []
    columns: dict[str, str] = {}
    for ws in wb.worksheets[1:]:
        heads = {ws.cell(3, c).value: c for c in range(1, ws.max_column + 1)}
        subs = {ws.cell(4, c).value: c for c in range(1, ws.max_column + 1)}
        found = (heads["总投资"], heads["2022年计划投资"], subs["金额"])
        cols = dict(zip(MONEY, found, strict=True))
        assert heads["1-9月完成投资"] == subs["金额"]
        columns = {k: ws.cell(3, c).column_letter for k, c in cols.items()}
        level = None
        for r in range(5, ws.max_row + 1):
            seq, name = ws.cell(r, 1).value, ws.cell(r, 2).value
            label = str(seq if isinstance(seq, str) else name or "")
            money = {k: ws.cell(r, c).value or 0.0 for k, c in cols.items()}
            if label.startswith(("一、", "二、")):
                level = "省重点" if "省重点" in label else "市重点"
            if isinstance(seq, int) and name:
                projects.append(Row(ws.title, r, name, level, **money))
            elif label == "合计" or label.startswith(("一、", "二、", "(")):
                sums.append(Row(ws.title, r, label, level, **money))
    return Ledger(projects, sums, columns)


def in_sheet(sheet: str) -> list[Row]:
    return [p for p in ledger().projects if p.sheet == sheet]


def cents(rows: list[Row], key: str) -> int:
    """Σ of a money column in 0.01 亿元 (the example is exact at two decimals)."""
    return round(sum(getattr(p, key) for p in rows) * 100)


def invoke(*args: str) -> str:
    result = CliRunner().invoke(app, [*args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_example_reproduces_the_published_figures() -> None:
    projects = ledger().projects
    assert len(projects) == 379
    assert [cents(projects, k) for k in MONEY] == [505000, 85900, 92300]
    assert [sum(p.level == lvl for p in projects) for lvl in ("省重点", "市重点")] == [60, 319]
    assert {p.sheet for p in projects} == set(REGIONS)
    assert len({p.label for p in projects}) == 379


def test_example_subtotals_match_except_the_typed_slip() -> None:
    """Every 合计/section figure equals its rows, except 什邡市's 合计 1-9月 (+0.10 亿元)."""
    off = []
    for s in ledger().sums:
        rows = in_sheet(s.sheet)
        if s.label != "合计":
            if s.label.startswith(("一、", "二、")):
                rows = [p for p in rows if p.level == s.level]
            else:  # a sub-section: the projects up to the next sum row of the sheet
                nxt = min((t.row for t in ledger().sums if t.sheet == s.sheet and t.row > s.row),
                          default=10**6)  # fmt: skip
                rows = [p for p in rows if s.row < p.row < nxt]
        for key in MONEY:
            diff = round(getattr(s, key) * 100) - cents(rows, key)
            if diff:
                off.append((s.sheet, s.label, key, diff))
    assert off == [("什邡市", "合计", "done", 10)]


def test_rank_by_region_json() -> None:
    data = json.loads(invoke("rank", str(EXAMPLE), "--format", "json"))
    assert data["as_of"] == "2022-09-30"
    assert data["period_label"] == "前三季度"
    assert data["time_progress"] == 0.75
    assert data["group_by"] == "region" and data["unit"] == "万元"
    total = data["total"]
    assert total["projects"] == 379
    assert total["annual_plan"] == pytest.approx(8_590_000, rel=1e-12)
    assert total["completed_ytd"] == pytest.approx(9_230_000, rel=1e-12)
    assert total["completion_rate"] == pytest.approx(923 / 859, abs=1e-9)
    assert total["variance_pp"] == pytest.approx((923 / 859 - 0.75) * 100, abs=1e-7)
    assert fixed(total["completion_rate"] * 100, 1) == "107.5"
    assert fixed(total["variance_pp"], 1) == "32.5"  # 32.4505… → 32.5
    rows = {r["group"]: r for r in data["rows"]}
    assert sorted(rows) == sorted(REGIONS)
    for sheet in REGIONS:
        mine, row = in_sheet(sheet), rows[sheet]
        assert row["projects"] == len(mine), sheet
        plan, done = (sum(getattr(p, k) for p in mine) * YI for k in ("plan", "done"))
        assert row["annual_plan"] == pytest.approx(plan, rel=1e-9), sheet
        assert row["completed_ytd"] == pytest.approx(done, rel=1e-9), sheet
        assert row["completion_rate"] == pytest.approx(done / plan, rel=1e-9), sheet
    assert [r["rank"] for r in data["rows"]] == list(range(1, 9))
    by_rate = sorted(REGIONS, key=lambda g: -rows[g]["completion_rate"])
    assert [r["group"] for r in data["rows"]] == by_rate


def test_rank_by_level_from_section_rows() -> None:
    data = json.loads(invoke("rank", str(EXAMPLE), "--by", "level", "--format", "json"))
    assert data["group_by"] == "level"
    rows = {r["group"]: r for r in data["rows"]}
    assert sorted(rows) == ["市重点", "省重点"]
    for level, row in rows.items():
        mine = [p for p in ledger().projects if p.level == level]
        assert row["projects"] == len(mine) == {"省重点": 60, "市重点": 319}[level]
        assert row["annual_plan"] == pytest.approx(cents(mine, "plan") * 100, rel=1e-12)
        assert row["completed_ytd"] == pytest.approx(cents(mine, "done") * 100, rel=1e-12)


def check_json() -> dict:
    return json.loads(invoke("check", str(EXAMPLE), "--format", "json"))


def test_check_layout() -> None:
    data = check_json()
    assert data["projects"] == 379
    assert data["as_of"]["date"] == "2022-09-30" and data["as_of"]["label"] == "前三季度"
    sheets = {s["name"]: s for s in data["sheets"]}
    assert [s["name"] for s in data["sheets"]] == ["汇总", *REGIONS]
    assert not sheets["汇总"]["used"] and sheets["汇总"]["reason"]
    assert [s["name"] for s in data["sheets"] if s["used"]] == list(REGIONS)
    cols = ledger().columns
    for name in REGIONS:
        sheet = sheets[name]
        assert sheet["header_rows"] == [3, 4], name
        assert sheet["unit"] == "亿元", name
        assert sheet["projects"] == len(in_sheet(name)), name
        assert sheet["total_rows"] == [5], name
        by_field = {c["field"]: c for c in sheet["columns"]}
        done = by_field["completed_ytd"]
        assert "1-9月完成投资" in done["header"] and "金额" in done["header"], done
        assert done["where"] == f"{name}!{cols['done']}3"
        assert by_field["annual_plan"]["where"] == f"{name}!{cols['plan']}3"
        assert "region" not in by_field  # the region comes from the sheet name


def deliberate() -> set[tuple[str, str]]:
    """The three planted findings, located with openpyxl: (where, code)."""
    cols, out = ledger().columns, set()
    for p in ledger().projects:
        if p.plan == 0:
            out.add((f"{p.sheet}!{cols['plan']}{p.row}", "plan_zero"))
        elif p.done > 3 * p.plan:
            out.add((f"{p.sheet}!{cols['done']}{p.row}", "completed_over_3x_plan"))
    for s in ledger().sums:
        if s.label == "合计" and round(s.done * 100) != cents(in_sheet(s.sheet), "done"):
            out.add((f"{s.sheet}!{cols['done']}{s.row}", "subtotal_mismatch"))
    assert {code for _, code in out} == {"plan_zero", "completed_over_3x_plan",
                                         "subtotal_mismatch"}  # fmt: skip
    assert len(out) == 3
    return out


def test_check_reports_the_planted_findings() -> None:
    findings = check_json()["findings"]
    warnings = {(f["where"], f["code"]) for f in findings if f["severity"] == "warning"}
    assert deliberate() <= warnings
    skipped = [f for f in findings if f["code"] == "sheet_skipped"]
    assert [(f["where"], f["severity"]) for f in skipped] == [("汇总", "info")]
    message = next(f["message"] for f in findings if f["code"] == "subtotal_mismatch")
    assert "117.49" in message and "117.39" in message and "0.1" in message


def test_check_has_no_other_warnings() -> None:
    findings = check_json()["findings"]
    warnings = {(f["where"], f["code"]) for f in findings if f["severity"] == "warning"}
    assert warnings == deliberate()


def test_brief_headline() -> None:
    out = invoke("brief", str(EXAMPLE))
    assert out.startswith("重点项目建设简报\n")  # the masthead, then the title
    assert "\n# 德阳市2022年前三季度重点项目推进情况\n" in out
    assert (
        "前三季度，全市379个省市重点项目累计完成投资923.0亿元，完成年度计划投资107.5%，"
        "超时序进度32.5个百分点。"
    ) in out


def test_slow_projects_all_red_are_named_in_the_order_of_their_places() -> None:
    """No two of the ten slowest tie: their places are the order (第1名 … 第10名 was
    written before every name for a while, which no office writes)."""
    md = invoke("brief", str(EXAMPLE), "-f", "md")
    line = next(s for s in md.splitlines() if s.startswith("进度最慢的10个项目均已列入"))
    slow = json.loads(invoke("rank", str(EXAMPLE), "--projects", "-f", "json"))["fast_slow"]
    rows = slow["slow"]["rows"][:10]
    assert len({r["rank"] for r in rows}) == 10  # no tie among them
    names = [r["name"] for r in rows]
    assert (
        line == f"进度最慢的10个项目均已列入上文红色预警项目表，按名次依次为：{'、'.join(names)}。"
    )
