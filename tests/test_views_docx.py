"""``lalian``, ``duibiao`` and ``rutong`` as 公文-style Word documents (``-o x.docx``): the
title, the 通报 sentence and the tables, with figures worked out here; the house style
(A4, the briefing's fonts, tables within 156 mm, full-width marks); refusals."""

from __future__ import annotations

import re
import statistics
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Mm
from typer.testing import CliRunner

from projtrack.cli.app import app
from test_warn_stats import HEADER, LEDGER, MATCHED, STATS, months_since

UNITS = ["甲县", "乙县", "丙县", "丁区", "戊市", "己区"]
JUDGES = [
    [92.5, 88, 90.5, 79, 85, 83.5],
    [94, 86.5, 91, 80.5, 84, 82],
    [93, 87, 89.5, 78, 86.5, 84],
    [95.5, 85, 92, 81, 83, 83],
    [91, 89.5, 88, 79.5, 85.5, 83.5],
]
UNIT_VALUES = {"2020年": 1.07, "2021年": 30.0, "2022年一季度": 13.8}
MODEL_VALUES = {"2020年": 100.0, "2021年": 200.0, "2022年一季度": 60.0}
HALF_WIDTH = re.compile(r"[();:]|(?<!\d),|,(?!\d)")  # a comma inside 4,300 is a number's


def run(*args: str) -> CliRunner:
    return CliRunner().invoke(app, list(args))


def write_scores(tmp_path: Path) -> Path:
    lines = ["2024年一季度重点项目拉练评比打分表", "评委," + ",".join(UNITS)]
    lines += [f"评委{i},{','.join(str(s) for s in row)}" for i, row in enumerate(JUDGES, 1)]
    path = tmp_path / "2024年一季度拉练打分.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_series(tmp_path: Path) -> Path:
    lines = ["期别,单位,指标,值"]
    for period in UNIT_VALUES:
        lines += [f"{period},溧阳,锂电产值（亿元）,{MODEL_VALUES[period]}",
                  f"{period},安居区,锂电产值（亿元）,{UNIT_VALUES[period]}"]  # fmt: skip
    path = tmp_path / "对标.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def paragraphs(doc) -> list[str]:
    return [p.text for p in doc.paragraphs if p.text]


def cells(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def house_style(doc) -> None:
    """A4 with the briefing's fonts; every table within the 156 mm text block; the
    document's own words in full-width marks."""
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    title = doc.paragraphs[0].runs[0]
    assert title.font.name == "方正小标宋简体"
    assert doc.paragraphs[1].runs[0].font.name == "仿宋_GB2312"
    for table in doc.tables:
        # Word stores widths in twips (635 EMU): each column may round by one
        assert sum(c.width for c in table.columns) <= Mm(156) + 635 * len(table.columns)
        assert not any(HALF_WIDTH.search(cell.text) for cell in table.rows[0].cells)
    for text in paragraphs(doc)[:2]:
        assert not HALF_WIDTH.search(text), text


def test_lalian(tmp_path: Path) -> None:
    out = tmp_path / "拉练.docx"
    result = run("lalian", str(write_scores(tmp_path)), "-o", str(out))
    assert result.exit_code == 0, result.output
    doc = Document(str(out))
    house_style(doc)
    means = {u: statistics.mean(row[i] for row in JUDGES) for i, u in enumerate(UNITS)}
    order = sorted(UNITS, key=lambda u: -means[u])
    text = paragraphs(doc)
    assert text[0] == "2024年一季度拉练评比结果通报"
    assert text[1] == (
        f"2024年一季度拉练评比中，{order[0]}以{means[order[0]]:.2f}分位列第一，"
        f"{order[1]}、{order[2]}分列第二、三名；{'、'.join(order[3:])}位列后三名。"
    )
    assert text.count(text[1]) == 1  # the sentence is not repeated under the table
    body = cells(doc.tables[0])[1:]
    assert [(r[0], r[1], r[2]) for r in body] == [
        (str(k), u, f"{means[u]:.2f}") for k, u in enumerate(order, 1)
    ]
    assert [r[3] for r in body] == ["前3名"] * 3 + ["后3名"] * 3


def test_duibiao(tmp_path: Path) -> None:
    out = tmp_path / "对标.docx"
    series = str(write_series(tmp_path))
    result = run("duibiao", series, "--unit", "安居区", "--model", "溧阳", "-f", "docx",
                 "-o", str(out))  # fmt: skip
    assert result.exit_code == 0, result.output
    doc = Document(str(out))
    house_style(doc)
    ratios = {p: UNIT_VALUES[p] / MODEL_VALUES[p] for p in UNIT_VALUES}
    text = paragraphs(doc)
    assert text[0] == "安居区对标溧阳（锂电产值（亿元））"
    change = (ratios["2022年一季度"] - ratios["2021年"]) * 100
    assert text[1] == (
        f"2022年一季度，安居区锂电产值达到溧阳的{ratios['2022年一季度']:.1%}，"
        f"较上期提高{change:.1f}个百分点。"
    )
    body = cells(doc.tables[0])[1:]
    assert [r[3] for r in body] == ["1.07%", "15.0%", "23.0%"]
    assert [float(r[1]) for r in body] == list(UNIT_VALUES.values())


def test_rutong(tidy, tmp_path: Path) -> None:
    from conftest import write_xlsx

    ledger = tidy(HEADER, LEDGER, title="2024年某某市重点项目推进情况表（1-6月）")
    stats = write_xlsx(tmp_path / "入库清单.xlsx", STATS)
    out = tmp_path / "入统.docx"
    result = run("rutong", str(ledger), str(stats), "-o", str(out))
    assert result.exit_code == 0, result.output
    doc = Document(str(out))
    house_style(doc)
    due = [r for r in LEDGER if r[6] and r[3] >= 500]
    entered = [r for r in due if r[1] in MATCHED]
    text = paragraphs(doc)
    assert text[0] == "入统核对情况"
    assert f"应入库项目{len(due)}个" in text[1] and f"已入库{len(entered)}个" in text[1]
    assert f"入库率{len(entered) / len(due):.1%}" in text[1]
    units = cells(doc.tables[0])  # the per-unit table comes first in the document
    assert units[0][:4] == ["单位", "项目数", "应入库", "已入库"]
    got = {r[0]: (int(r[2]), int(r[3])) for r in units[1:]}
    want = {}
    for r in due:
        d, e = want.get(r[2], (0, 0))
        want[r[2]] = (d + 1, e + (r[1] in MATCHED))
    assert got == want
    pending = sorted((r for r in due if r[1] not in MATCHED), key=lambda r: -months_since(r[6]))
    listed = cells(doc.tables[1])[1:]
    assert [(r[0], int(r[4])) for r in listed] == [(r[1], months_since(r[6])) for r in pending]


def test_the_same_scores_give_the_same_bytes(tmp_path: Path) -> None:
    scores = str(write_scores(tmp_path))
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    assert run("lalian", scores, "-o", str(a)).exit_code == 0
    assert run("lalian", scores, "-o", str(b)).exit_code == 0
    assert a.read_bytes() == b.read_bytes()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "docx"], "--format docx 需要用 -o 指定输出文件（needs -o FILE）"),
        (["-f", "docx", "-o", "x.md"], "--format docx writes a Word document; name a .docx"),
        (["-f", "md", "-o", "x.docx"], "--format md is not a Word document"),
    ],
)
def test_refusals(tmp_path: Path, monkeypatch, args: list[str], message: str) -> None:
    scores = str(write_scores(tmp_path))
    monkeypatch.chdir(tmp_path)
    result = run("lalian", scores, *args)
    assert result.exit_code == 2 and message in result.stderr
    assert not list(tmp_path.glob("x.*"))


def test_nothing_written_on_bad_input(tmp_path: Path) -> None:
    bad = tmp_path / "打分.csv"
    bad.write_text("评委,甲县,乙县\n评委1,90,abc\n", encoding="utf-8")
    out = tmp_path / "拉练.docx"
    result = run("lalian", str(bad), "-o", str(out))
    assert result.exit_code == 1 and "C2" in result.stderr
    assert not out.exists()


def test_other_commands_do_not_write_word(tmp_path: Path, tidy) -> None:
    ledger = tidy(HEADER, LEDGER)
    result = run("warn", str(ledger), "-o", str(tmp_path / "x.docx"))
    assert result.exit_code == 2 and "not .docx" in result.stderr
