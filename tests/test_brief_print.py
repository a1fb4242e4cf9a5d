"""The briefing as an office prints it: one set of sentences in every format, full-width
punctuation, Word tables inside the text block, masthead and 版记, settings from [brief]."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from projtrack.config import load_config
from projtrack.jobs.brief import Briefing, brief
from projtrack.render.brief.context import brief_context
from projtrack.render.brief.docx import RED, render_brief_docx
from projtrack.render.brief.html import render_brief_html
from projtrack.render.brief.markdown import render_brief_md
from projtrack.render.brief.xlsx import render_brief_xlsx

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
TEXT_WIDTH_TWIPS = round((21 - 2.8 - 2.6) / 2.54 * 1440)  # the 156 mm text block
# Half-width marks in Chinese text: a , ; : ( ) not inside a number (1,234 / 12:30).
HALF = re.compile(r"(?<!\d),|,(?!\d)|[;()]|(?<!\d):|:(?!\d)")


@pytest.fixture(scope="module", params=["zhongjiang_2024_q1.xlsx", "deyang_2022_1-9.xlsx"])
def briefing(request: pytest.FixtureRequest) -> Briefing:
    return brief(ledger=EXAMPLES / request.param)


def docx_texts(data: bytes) -> list[str]:
    doc = docx.Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return [p.text for p in doc.paragraphs] + cells


def xlsx_texts(data: bytes) -> list[str]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    out = [v for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row]
    heads = [ws.oddHeader.left.text or "" for ws in book.worksheets]
    feet = [ws.oddFooter.center.text or "" for ws in book.worksheets]
    return [v for v in out if isinstance(v, str)] + heads + feet


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.skip = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self.skip = False
        self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_text(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    return "".join(parser.parts)


def sentences(b: Briefing) -> list[str]:
    """The sentences every format prints (the workbook prints the summary ones)."""
    ctx = brief_context(b)
    found = [ctx["headline"], ctx["levels"], ctx["changes"], ctx["ranking"]["lists"],
             ctx["ranking"]["note"], ctx["ranking"]["rule"], ctx["warnings"]["sentence"],
             ctx["starts"]["sentence"] if ctx["starts"] else "", *ctx["anomalies"]]  # fmt: skip
    return [s for s in found if s]


def test_md_docx_xlsx_html_print_the_same_sentences(briefing: Briefing) -> None:
    md = render_brief_md(briefing)
    word = "\n".join(docx_texts(render_brief_docx(briefing)))
    book = "\n".join(xlsx_texts(render_brief_xlsx(briefing)))
    page = html_text(render_brief_html(briefing))
    ctx = brief_context(briefing)
    assert ctx["headline"].startswith(("一季度，", "前三季度，"))  # full width by default
    for sentence in sentences(briefing):
        for name, text in (("md", md), ("docx", word), ("xlsx", book), ("html", page)):
            assert sentence in text, (name, sentence)
    problems = [u["heading"] for a in ctx["problems"] for u in a["units"]]
    items = [
        i["number"] + i["text"] for a in ctx["problems"] for u in a["units"] for i in u["items"]
    ]
    for line in [*problems, *items, ctx["warnings"]["rules"], *ctx["colophon"]]:
        for name, text in (("md", md), ("docx", word), ("html", page)):
            assert line in text, (name, line)
    assert all(i.endswith("。") for i in items)


def test_no_half_width_punctuation_in_printed_text(briefing: Briefing) -> None:
    for name, texts in (("docx", docx_texts(render_brief_docx(briefing))),
                        ("html", html_text(render_brief_html(briefing)).splitlines()),
                        ("xlsx", xlsx_texts(render_brief_xlsx(briefing)))):  # fmt: skip
        ours = [t for t in texts if not re.fullmatch(r"\S+!\d+", t)]  # 来源 sheet!row
        if name == "xlsx":  # the workbook's 明细/问题清单 keep the ledger's own text
            frame = briefing.projects.select("name", "problems", "responsible", "progress_text")
            ledger = {v for col in frame.iter_columns() for v in col.to_list()}
            ours = [t for t in ours if t not in ledger]
        bad = [t for t in ours if HALF.search(t)]
        assert bad == [], (name, bad[:5])


def test_word_tables_fit_the_text_block_with_uniform_rows(briefing: Briefing) -> None:
    doc = docx.Document(io.BytesIO(render_brief_docx(briefing)))
    assert doc.tables
    for table in doc.tables:
        grid = table._tbl.tblGrid.findall(qn("w:gridCol"))
        assert sum(int(g.get(qn("w:w"))) for g in grid) <= TEXT_WIDTH_TWIPS + 2
        layout = table._tbl.tblPr.find(qn("w:tblLayout"))
        assert layout is not None and layout.get(qn("w:type")) == "fixed"
        for r, row in enumerate(table.rows):
            first = row.cells[0].paragraphs[0]
            assert first.style.name == "表格文字"  # 五号, so empty cells are not 三号 high
            assert first.alignment == WD_ALIGN_PARAGRAPH.CENTER  # 排名 / 序号
            if r and row.cells[1].text == "合计":
                assert all(run.font.bold for c in row.cells for run in c.paragraphs[0].runs)
    # The unit line above each table, right-aligned: 单位：万元、% (or 亿元)
    units = [p for p in doc.paragraphs if p.text.startswith("单位：")]
    assert units and all(p.alignment == WD_ALIGN_PARAGRAPH.RIGHT for p in units)
    assert all("（万元）" not in c for c in [c.text for c in doc.tables[0].rows[0].cells])


def test_headings_kept_with_the_next_paragraph_and_outer_page_numbers(briefing: Briefing) -> None:
    doc = docx.Document(io.BytesIO(render_brief_docx(briefing)))
    headings = [p for p in doc.paragraphs if re.match(r"^[一二三四五六七八九十]、", p.text)]
    assert headings and all(p.paragraph_format.keep_with_next for p in headings)
    assert doc.settings.odd_and_even_pages_header_footer
    section = doc.sections[0]
    assert section.footer.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT  # odd pages
    assert section.even_page_footer.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert "PAGE" in section.even_page_footer.paragraphs[0]._p.xml


def test_masthead_and_colophon_with_placeholders(briefing: Briefing) -> None:
    doc = docx.Document(io.BytesIO(render_brief_docx(briefing)))
    name, issue, line = doc.paragraphs[:3]
    assert name.text == "重点项目建设简报" and name.runs[0].font.color.rgb == RED
    assert issue.text == "第×期"
    month = briefing.as_of.date.month % 12 + 1  # the as-of dates are month ends
    assert line.text.startswith("××发展和改革局编\t") and line.text.endswith(f"年{month}月×日")
    border = line._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert border.get(qn("w:color")) == "C00000"  # the red rule
    texts = [p.text for p in doc.paragraphs]
    assert texts[-3:] == ["报：××", "送：××", "发：××"]


def test_brief_settings_fill_masthead_colophon_and_unit(tmp_path: Path, example: Path) -> None:
    config = tmp_path / "p.toml"
    config.write_text(
        '[brief]\nissuer = "中江县发展和改革局"\nissue = 5\ndate = "2024年4月8日"\n'
        'report_to = ["市发展改革委"]\nsend_to = ["县委办", "县政府办"]\nissue_to = "各乡镇"\n'
        'unit = "亿元"\nshow_source = true\n',
        encoding="utf-8",
    )
    b = brief(ledger=example, quarter="Q1", config=load_config(config))
    md = render_brief_md(b)
    assert "第5期" in md and "中江县发展和改革局编　2024年4月8日" in md
    assert "报：市发展改革委　送：县委办、县政府办　发：各乡镇" in md
    assert "（数据截至2024年3月31日，来源：zhongjiang_2024_q1.xlsx）" in md
    assert "单位：亿元、%" in md
    total = b.ranking.total
    shown = f"{total['annual_plan'] / 1e4:,.2f}"  # 万元 → 亿元, two decimals
    assert f"| 合计 | 72 | {shown} |" in md


def test_display_unit_follows_magnitude(briefing: Briefing) -> None:
    """auto: 亿元 when a ranking row reaches 1,000,000 万元 (7 digits), else 万元."""
    rows = briefing.ranking.rows
    largest = max(rows["annual_plan"].max(), rows["completed_ytd"].max())
    unit = "亿元" if largest >= 1_000_000 else "万元"
    assert brief_context(briefing)["ranking"]["unit"] == f"单位：{unit}、%"


def test_red_projects_are_not_listed_twice(briefing: Briefing) -> None:
    ctx = brief_context(briefing)
    red = {(r[1], r[2]) for r in ctx["warnings"]["rows"]}
    behind = {(r[1], r[2]) for r in ctx["behind"]["rows"]} if ctx["behind"] else set()
    assert not red & behind
