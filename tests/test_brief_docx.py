"""`projtrack brief --format docx`: the Word briefing says what the Markdown one says."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm, RGBColor
from docx.text.paragraph import Paragraph
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.jobs.brief import Briefing, brief
from projtrack.render.brief.context import brief_context
from projtrack.render.brief.docx import BODY_FONT, HEADING_FONT, RED, render_brief_docx
from projtrack.render.brief.markdown import render_brief_md
from projtrack.render.punctuation import full_width

HEADLINE = (
    "一季度,全县72个省市重点项目累计完成投资49.5亿元,完成年度计划投资30.8%,超时序进度5.8个百分点。"
)
SPECIAL = "A<&>B\"工程'"


@pytest.fixture
def briefing(example: Path) -> Briefing:
    return brief(ledger=example, quarter="Q1")


@pytest.fixture
def special(tidy: Callable[..., Path]) -> Briefing:
    """A CSV ledger whose texts hold XML's special characters; no starts, two units."""
    ledger = tidy(
        ["项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资", "责任单位", "存在问题"],
        [
            [SPECIAL, "东<区>", 3000, 200, "县<&>局", "资金 < 计划 & 进度 > 0"],
            ["丙", "西区", 2000, 150, "", ""],
        ],
        name="x.csv",
        title="2023年绵竹市重点项目推进情况",
    )
    return brief(ledger=ledger)


def open_docx(data: bytes) -> DocxDocument:
    return docx.Document(io.BytesIO(data))


def headings(doc: DocxDocument) -> list[Paragraph]:
    """Section headings are the paragraphs set in the heading font."""
    return [p for p in doc.paragraphs if p.runs and p.runs[0].font.name == HEADING_FONT]


def md_headings(b: Briefing) -> list[str]:
    return re.findall(r"^## (.+)$", render_brief_md(b), flags=re.M)


def test_title_date_line_and_first_body_paragraph(briefing: Briefing) -> None:
    doc = open_docx(render_brief_docx(briefing))
    ctx = brief_context(briefing)
    texts = [p.text for p in doc.paragraphs]
    assert texts[:6] == [
        "重点项目建设简报",
        "第×期",
        "××发展和改革局编\t2024年4月×日",
        "中江县2024年一季度重点项目推进情况",
        "（数据截至2024年3月31日）",
        "一、总体情况",
    ]
    assert texts[3] == ctx["title"]
    assert texts[6] == ctx["headline"] + ctx["levels"]
    assert texts[6].startswith(full_width(HEADLINE))


@pytest.mark.parametrize("which", ["briefing", "special"])
def test_section_headings_equal_the_markdown_ones(
    which: str, request: pytest.FixtureRequest
) -> None:
    b: Briefing = request.getfixturevalue(which)
    found = [p.text for p in headings(open_docx(render_brief_docx(b)))]
    assert found == md_headings(b)
    # No 新开工 without start dates; in `special` both projects are red, so no 滞后 section.
    assert len(found) == (7 if which == "briefing" else 5)


def test_ranking_table_equals_the_context_rows(briefing: Briefing) -> None:
    doc = open_docx(render_brief_docx(briefing))
    ranking = brief_context(briefing)["ranking"]
    table = doc.tables[0]
    cells = [[c.text.replace("\n", "") for c in row.cells] for row in table.rows]
    assert cells == [ranking["headers"], *ranking["rows"]]
    for row, values in zip(table.rows[1:], ranking["rows"], strict=True):
        runs = [r for c in row.cells for r in c.paragraphs[0].runs]
        assert all(r.font.color.rgb == (RED if values[-1] == "红榜" else None) for r in runs)
        bold = values[-1] == "黑榜" or values[1] == "合计"
        assert all(bool(r.font.bold) is bold for r in runs)
    assert RGBColor(0xC0, 0, 0) == RED
    after = [p.text for p in doc.paragraphs]
    assert after.index(ranking["rule"]) == after.index(ranking["note"]) + 1


def test_every_table_repeats_its_header_row(briefing: Briefing) -> None:
    doc = open_docx(render_brief_docx(briefing))
    assert len(doc.tables) == 5  # ranking, 十快, 十慢, largest, not started
    for table in doc.tables:
        first, second = table.rows[0]._tr.trPr, table.rows[1]._tr.trPr
        assert first.find(qn("w:tblHeader")) is not None
        assert second.find(qn("w:tblHeader")) is None
        assert table.style.name == "Table Grid"


def test_east_asian_font_is_set_on_body_runs_and_normal(briefing: Briefing) -> None:
    doc = open_docx(render_brief_docx(briefing))
    normal = doc.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == BODY_FONT
    runs = [r for p in doc.paragraphs for r in p.runs]
    runs += [
        r for t in doc.tables for row in t.rows for c in row.cells for r in c.paragraphs[0].runs
    ]
    assert runs
    for run in runs:
        assert run._element.rPr.rFonts.get(qn("w:eastAsia")), run.text
    body = doc.paragraphs[6]
    assert body.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert body.paragraph_format.first_line_indent.pt == 32
    assert body.paragraph_format.line_spacing.pt == 28


def test_a4_portrait_with_official_margins_and_page_number(briefing: Briefing) -> None:
    section = open_docx(render_brief_docx(briefing)).sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    expected = {"page_width": 21, "page_height": 29.7, "top_margin": 3.7,
                "bottom_margin": 3.5, "left_margin": 2.8, "right_margin": 2.6}  # fmt: skip
    for name, cm in expected.items():
        assert abs(getattr(section, name) - Cm(cm)) < Cm(0.01), name
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("— ") and footer.text.endswith(" —")
    instr = footer._p.findall(f".//{qn('w:instrText')}")
    assert [i.text.strip() for i in instr] == ["PAGE"]


def test_two_renders_are_byte_identical(briefing: Briefing) -> None:
    first, second = render_brief_docx(briefing), render_brief_docx(briefing)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert z.namelist()[0] == "[Content_Types].xml"
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    props = open_docx(first).core_properties
    assert (props.author, props.title) == ("projtrack", briefing.title)
    assert props.created == props.modified
    assert props.created.date().isoformat() == "2024-03-31"


def test_ledger_text_with_xml_specials_survives(special: Briefing) -> None:
    doc = open_docx(render_brief_docx(special))
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    assert {SPECIAL, "东<区>"} <= cells
    texts = [p.text for p in doc.paragraphs]
    assert "（一）县<&>局（1个）" in texts
    assert f"1．{SPECIAL}：资金 < 计划 & 进度 > 0。" in texts


def test_cli_writes_the_docx(runner: CliRunner, example: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.docx"
    result = runner.invoke(app, ["brief", str(example), "--quarter", "Q1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert out.exists()
    assert open_docx(out.read_bytes()).paragraphs[3].text == "中江县2024年一季度重点项目推进情况"


@pytest.mark.parametrize("which", ["briefing", "special"])
def test_the_colophon_never_stands_alone_on_a_page(
    which: str, request: pytest.FixtureRequest
) -> None:
    """The 版记 printed alone on the last page of the 德阳 briefing: the text's last
    paragraph (or a table's last row before the air after it) now keeps with it."""
    doc = open_docx(render_brief_docx(request.getfixturevalue(which)))
    body = list(doc.element.body.iterchildren())
    first = next(i for i, el in enumerate(body) if "报：" in "".join(el.itertext()))
    chain = body[:first]
    # From the last element with text (or a table) to the 版记: each keeps with the next.
    start = max(i for i, el in enumerate(chain) if "".join(el.itertext()).strip())
    for el in chain[start:]:
        paras = (
            [el] if el.tag == qn("w:p") else list(el.iterchildren(qn("w:tr")))[-1].iter(qn("w:p"))
        )
        for p in paras:
            assert p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None, "".join(p.itertext())
