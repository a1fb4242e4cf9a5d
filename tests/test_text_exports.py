"""Text ledgers as Excel, WPS and platforms save them: encodings, misnamed files, misfit rows."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpus_headers import ENCODINGS, expected, invent, table, text_of, total, write_text
from projtrack import load_ledger
from projtrack.cli.app import app
from projtrack.read.textfile import decode_text

HEADERS = {
    "region": "所在县（市、区）",
    "annual_plan": "年度投资计划",
    "completed_ytd": "1-6月实际完成投资",
}


def rank_json(runner: CliRunner, path: Path) -> dict:
    result = runner.invoke(app, ["rank", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def assert_totals(data: dict, recs: list) -> None:
    n, plan, done = total(recs)
    assert data["total"]["projects"] == n
    assert data["total"]["annual_plan"] == pytest.approx(plan, abs=1e-6)
    assert data["total"]["completed_ytd"] == pytest.approx(done, abs=1e-6)
    got = {r["group"]: (r["projects"], r["annual_plan"], r["completed_ytd"]) for r in data["rows"]}
    want = expected(recs, "region")
    assert set(got) == set(want)
    for group, (count, p, c) in want.items():
        assert got[group] == (count, pytest.approx(p, abs=1e-6), pytest.approx(c, abs=1e-6))


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("suffix", [".csv", ".txt", ".xls", ".xlsx"])
def test_each_export_gives_exact_totals(
    tmp_path: Path, runner: CliRunner, encoding: str, suffix: str
) -> None:
    recs = invent(random.Random(sum(map(ord, encoding))), 31)
    path = write_text(tmp_path / f"台账{suffix}", table(recs, HEADERS), encoding)
    assert_totals(rank_json(runner, path), recs)
    codes = [f.code for f in load_ledger(path).findings]
    assert ("text_format" in codes) == (suffix in (".xls", ".xlsx"))
    assert ("text_encoding" in codes) == (encoding in ("utf16-no-bom", "utf8-bom-gbk"))


def test_traditional_big5_text() -> None:
    text = "項目名稱,年度計劃投資\n1,中江縣產業園,1200\n"
    found = decode_text(text.encode("big5"))
    assert found is not None
    assert found[0] == text


def test_undecodable_bytes_are_a_clear_error(tmp_path: Path, runner: CliRunner) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(bytes(range(256)) * 20)
    result = runner.invoke(app, ["rank", str(path)])
    assert result.exit_code == 1
    assert "bad.csv" in result.output
    assert "Traceback" not in result.output


def test_mixed_delimiters_read_every_project(tmp_path: Path, runner: CliRunner) -> None:
    recs = invent(random.Random(72), 72)
    rows = table(recs, HEADERS)
    comma, tab = text_of(rows, ",").split("\r\n"), text_of(rows, "\t").split("\r\n")
    # Title, unit and header with commas; every other project row with tabs.
    lines = [tab[i] if i >= 3 and i % 2 else comma[i] for i in range(len(comma))]
    path = tmp_path / "mixed.csv"
    path.write_text("\r\n".join(lines), encoding="utf-8")
    assert_totals(rank_json(runner, path), recs)
    notes = [
        (f.sheet, f.row, f.code) for f in load_ledger(path).findings if f.code.startswith("csv")
    ]
    assert notes == [("mixed", i + 1, "csv_row_delimiter") for i in range(3, len(rows)) if i % 2]


def test_a_row_that_fits_no_column_is_reported_with_its_money(
    tmp_path: Path, runner: CliRunner
) -> None:
    recs = invent(random.Random(5), 6)
    recs = [r for r in recs if r.plan and r.ytd]
    rows = table(recs, HEADERS)
    text = text_of(rows, ",").split("\r\n")
    bad = recs[1]
    # An unquoted thousands separator splits the plan in two: one field too many.
    text[4] = f"2,{bad.name},{bad.region},1,234.5,{bad.ytd!r}"
    path = tmp_path / "ragged.csv"
    path.write_text("\r\n".join(text), encoding="utf-8")
    ledger = load_ledger(path)
    misfits = [f for f in ledger.findings if f.code == "csv_row_fields"]
    assert [(f.sheet, f.row) for f in misfits] == [("ragged", 5)]
    assert "6个字段，表头有5个" in misfits[0].message
    assert f"234.5、{bad.ytd!r} 未计入" in misfits[0].message
    data = rank_json(runner, path)
    kept = [r for r in recs if r is not bad]
    assert data["total"]["projects"] == len(kept)
    assert data["total"]["annual_plan"] == pytest.approx(sum(r.plan for r in kept))
    assert any(
        w["code"] == "csv_row_fields" and w["where"] == "ragged!第5行" for w in data["warnings"]
    )


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "gb18030", "utf-8"])
def test_text_heavy_files_without_bom(encoding: str) -> None:
    # Few ASCII bytes: long Chinese texts, so few zero bytes in UTF-16.
    text = (
        "序号\t项目名称\t建设内容\n"
        + "1\t中江县智能制造产业园建设项目\t建设标准化厂房及配套设施，购置生产设备\n" * 3
    )
    found = decode_text(text.encode(encoding))
    assert found is not None
    assert found[0] == text


def test_trailing_empty_fields_are_no_misfit(tmp_path: Path, runner: CliRunner) -> None:
    recs = invent(random.Random(15), 8)
    lines = text_of(table(recs, HEADERS), ",").split("\r\n")
    lines = [line + ",," if i % 2 and i > 2 else line for i, line in enumerate(lines)]
    path = tmp_path / "trailing.csv"
    path.write_text("\r\n".join(lines), encoding="utf-8")
    assert_totals(rank_json(runner, path), recs)
    assert [f for f in load_ledger(path).findings if f.code.startswith("csv")] == []


def test_an_unclosed_quote_is_reported_not_swallowed(tmp_path: Path) -> None:
    lines = [
        "序号,项目名称,年度计划投资,1-6月完成投资",
        "1,甲,100,50",
        '"2,乙,200,80',
        "3,丙,300,90",
    ]
    path = tmp_path / "quote.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ledger = load_ledger(path)
    misfits = [(f.row, f.code) for f in ledger.findings if f.code.startswith("csv")]
    assert misfits == [(3, "csv_row_fields")]
    message = next(f.message for f in ledger.findings if f.code == "csv_row_fields")
    assert "200、80" in message and "300、90" in message
    assert ledger.projects["name"].to_list() == ["甲"]


def test_one_row_split_by_a_thousands_separator_before_an_empty_last_column(
    tmp_path: Path,
) -> None:
    """`12,345` unquoted in 完成投资 and 存在问题 empty: one field too many, the last one
    empty. Cut to the header's width, the row was read shifted (the completion as 12, the
    date as 345) without a word; only a habit of stray delimiters is cut."""
    lines = ["序号,项目名称,县(市、区),年度计划投资,1-6月完成投资,存在问题",
             "1,甲项目,旌阳区,1000,400,无", "2,乙项目,罗江区,30000,12,345,",
             "3,丙项目,中江县,2000,900,用地"]  # fmt: skip
    path = tmp_path / "thou.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ledger = load_ledger(path)
    misfits = [(f.row, f.code) for f in ledger.findings if f.code.startswith("csv")]
    assert misfits == [(3, "csv_row_fields")]
    assert "12、345 未计入" in next(f.message for f in ledger.findings if f.row == 3)
    assert ledger.projects["name"].to_list() == ["甲项目", "丙项目"]
    assert ledger.projects["completed_ytd"].sum() == 1300.0


@pytest.mark.parametrize(
    "line",
    [
        "填报人：王小明,,审核人：李建国,,联系电话：0827-5261234",  # 5 fields of 7
        "填报人：王小明,审核人：李建国",  # 2 fields
        "填报单位：县发改局,,,,,,,填报日期：2024年11月5日,",  # more fields than the header
        "联系人：张三,联系电话：13800000000",
    ],
)
def test_a_signature_line_over_several_fields_is_a_note(tmp_path: Path, line: str) -> None:
    """填报人/审核人/联系电话 spread over a few fields close the ledger: no misaligned row."""
    rows = ["序号,项目名称,县区,总投资,年度计划投资,1-10月完成投资,形象进度",
            "1,甲项目,巴州区,3.00,1.20,0.80,施工中", "2,乙项目,恩阳区,2.00,0.60,0.30,施工中",
            ",合计,,5.00,1.80,1.10,", line]  # fmt: skip
    path = tmp_path / "signed.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    ledger = load_ledger(path)
    assert [f.code for f in ledger.findings if f.code.startswith("csv")] == []
    assert ledger.projects["name"].to_list() == ["甲项目", "乙项目"]
    assert ledger.projects["annual_plan"].sum() == pytest.approx(1.8)


def test_a_short_row_with_a_figure_beside_a_signature_is_still_reported(tmp_path: Path) -> None:
    """Only a line of signatures alone is a note: 填报人 beside a figure may be a moved row."""
    rows = ["序号,项目名称,县区,总投资,年度计划投资,1-10月完成投资,形象进度",
            "1,甲项目,巴州区,3.00,1.20,0.80,施工中", "填报人：王小明,,0.50"]  # fmt: skip
    path = tmp_path / "moved.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    found = [(f.row, f.code) for f in load_ledger(path).findings if f.code.startswith("csv")]
    assert found == [(3, "csv_row_fields")]
