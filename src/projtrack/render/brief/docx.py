"""The briefing as a Word document laid out like an official document (GB/T 9704).

Every string comes from ``brief_context`` so the Word briefing says exactly what the
Markdown one says; this module only arranges the document — 版头 (red masthead and
rule), title, sections, tables, 版记 — from the blocks of :mod:`word`. Offices diff and
archive what cron produces, so the bytes are made reproducible: fixed core properties
and a rewritten zip with fixed timestamps and entry order.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from typing import TYPE_CHECKING

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from projtrack.render.brief.context import brief_context
from projtrack.render.brief.word import (
    BODY_FONT,
    DATE_FONT,
    HEADING_FONT,
    MASTHEAD_SIZE,
    RED,
    TITLE_FONT,
    TITLE_SIZE,
    C,
    L,
    R,
    mark_list_row,
    page_setup,
    paragraph,
    rule,
    table,
    two_sided,
)

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.text.paragraph import Paragraph

    from projtrack.jobs.brief import Briefing
    from projtrack.render.brief.shapes import BriefContext, ProjectsSection, Section

__all__ = ["BODY_FONT", "HEADING_FONT", "RED", "render_brief_docx"]

CN_NUMBERS = "一二三四五六七八九十"
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
# Offices without the GB2312-era fonts get the nearest standard Windows font (fontTable altName).
ALT_FONTS = {TITLE_FONT: "宋体", DATE_FONT: "楷体", BODY_FONT: "仿宋"}
# Column alignment per table, as in templates/brief.md.j2: numbers right, text left,
# 排名/序号 and 榜单 centred.
PROJECT_ALIGN = [C, L, L, R, R, R, R]
STARTS_ALIGN = [C, L, L, C, R]
WARN_ALIGN = [C, L, L, R, R, L]
ALIGNS = {"c": C, "l": L, "r": R}  # a Section's table alignment codes


def render_brief_docx(briefing: Briefing) -> bytes:
    """The briefing as .docx bytes, byte-identical for the same briefing."""
    ctx = brief_context(briefing)
    doc = Document()
    page_setup(doc)
    _masthead(doc, ctx)
    paragraph(doc, ctx["title"], TITLE_FONT, TITLE_SIZE, align=C, line=Pt(36))
    date_line = paragraph(doc, ctx["source_line"], DATE_FONT, align=C)
    date_line.paragraph_format.space_after = Pt(28)
    sections = _Numbering(doc)
    sections.heading("总体情况")
    paragraph(doc, ctx["summary"])
    ranking = ctx["ranking"]
    sections.heading(ranking["title"])
    if ranking["lists"]:
        paragraph(doc, ranking["lists"])
    width = len(ranking["headers"])
    black = {r for r, listed in enumerate(ranking["row_lists"]) if listed == "black"}
    tbl = table(doc, ranking["headers"], ranking["rows"], [C, L, *[R] * (width - 3), C],
                ranking["unit"], bold=black)  # fmt: skip
    for row, listed in zip(tbl.rows[1:], ranking["row_lists"], strict=True):
        mark_list_row(row.cells, listed)
    paragraph(doc, ranking["note"])
    paragraph(doc, ranking["rule"])
    for note in ctx["anomalies"]:
        paragraph(doc, note)
    warnings = ctx["warnings"]
    sections.heading(warnings["title"])
    paragraph(doc, warnings["lead"], keep_next=bool(warnings["rows"]))
    if warnings["rows"]:
        table(doc, warnings["headers"], warnings["rows"], WARN_ALIGN, warnings["unit"])
    if warnings["more"]:
        paragraph(doc, warnings["more"])
    paragraph(doc, warnings["rules"])
    _projects(doc, sections, ctx["behind"])
    if fast_slow := ctx["fast_slow"]:
        _section(doc, sections, fast_slow)
    _projects(doc, sections, ctx["largest"])
    if starts := ctx["starts"]:
        sections.heading(starts["title"])
        paragraph(doc, starts["sentence"], keep_next=bool(starts["rows"]))
        if starts["rows"]:
            table(doc, starts["headers"], starts["rows"], STARTS_ALIGN, starts["unit"])
        if starts["more"]:
            paragraph(doc, starts["more"])
    for part in ctx["supervision"]:
        _section(doc, sections, part)
    if ctx["problems"]:
        sections.heading(ctx["problems_title"])
        paragraph(doc, ctx["problems_intro"], keep_next=True)
        for area in ctx["problems"]:
            if area["heading"]:
                paragraph(doc, area["heading"], DATE_FONT, keep_next=True)  # （一） in 楷体
            for unit in area["units"]:
                paragraph(doc, unit["heading"], bold=True, keep_next=True)
                for item in unit["items"]:
                    paragraph(doc, item["number"] + item["text"])
        if ctx["problems_more"]:
            paragraph(doc, ctx["problems_more"])
    _colophon(doc, ctx)
    _properties(doc, briefing)
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalized_zip(buffer.getvalue())


def _projects(doc: DocxDocument, sections: _Numbering, part: ProjectsSection | None) -> None:
    """滞后 / 完成投资较多: a heading and the project table (nothing when None)."""
    if part is None:
        return
    sections.heading(part["title"])
    table(doc, part["headers"], part["rows"], PROJECT_ALIGN, part["unit"])
    if part.get("more"):
        paragraph(doc, part["more"])


def _section(doc: DocxDocument, sections: _Numbering, part: Section) -> None:
    """十快十慢, 蜗牛项目, 包保领导: heading, lead, (（一） sub-heading in 楷体,) tables, notes."""
    sections.heading(part["title"])
    paragraph(doc, part["lead"], keep_next=True)
    for sub in part["tables"]:
        if sub["title"]:
            paragraph(doc, sub["title"], DATE_FONT, keep_next=True)
        table(doc, sub["headers"], sub["rows"], [ALIGNS[a] for a in sub["aligns"]], sub["unit"])
        for note in sub["notes"]:
            paragraph(doc, note)
    for note in part["notes"]:
        paragraph(doc, note)


def _masthead(doc: DocxDocument, ctx: BriefContext) -> None:
    """版头: the briefing's name in red, 第×期, issuer and date, a red rule below."""
    m = ctx["masthead"]
    name = paragraph(doc, m["name"], TITLE_FONT, MASTHEAD_SIZE, align=C, line=Pt(60))
    name.runs[0].font.color.rgb = RED
    paragraph(doc, m["issue"], BODY_FONT, align=C)
    line = two_sided(doc, m["issuer"], m["date"], BODY_FONT)
    rule(line, "bottom", "C00000", 16)  # 2 pt red rule
    line.paragraph_format.space_after = Pt(28)


def _colophon(doc: DocxDocument, ctx: BriefContext) -> None:
    """版记 after the text: 报/送/发 lines between thin rules (GB/T 9704 版记), never on a
    page of its own: the text's last paragraph (or a table's last row) goes with it."""
    _keep_end_with_next(doc)
    paragraph(doc, "", line=Pt(28), keep_next=True)
    lines = ctx["colophon"]
    for n, text in enumerate(lines):
        para = paragraph(doc, text, BODY_FONT, Pt(14), align=L, keep_next=n < len(lines) - 1)
        para.paragraph_format.left_indent = Pt(14)
        if n == 0:
            rule(para, "top", eighths=8)
        if n == len(lines) - 1:
            rule(para, "bottom", eighths=8)


def _keep_end_with_next(doc: DocxDocument) -> None:
    """Keep the body's last paragraph — and, when it is the air after a table, the table's
    last row — with what follows."""
    if not doc.paragraphs:
        return
    last = doc.paragraphs[-1]
    last.paragraph_format.keep_with_next = True
    before = last._p.getprevious()
    if before is not None and before.tag == qn("w:tbl") and doc.tables:
        for cell in doc.tables[-1].rows[-1].cells:
            cell.paragraphs[0].paragraph_format.keep_with_next = True


class _Numbering:
    """Numbers section headings 一、二、… in the order they are written, like the template."""

    def __init__(self, doc: DocxDocument) -> None:
        self.doc, self.count = doc, 0

    def heading(self, text: str) -> Paragraph:
        self.count += 1
        return paragraph(
            self.doc, f"{CN_NUMBERS[self.count - 1]}、{text}", HEADING_FONT, keep_next=True
        )


def _properties(doc: DocxDocument, briefing: Briefing) -> None:
    """Fixed core properties: python-docx would otherwise leave its own name and dates."""
    props = doc.core_properties
    stamp = datetime.combine(briefing.as_of.date, datetime.min.time())
    props.created = props.modified = stamp
    props.author = props.last_modified_by = "projtrack"
    props.title = briefing.title
    props.subject, props.comments, props.revision = "重点项目推进情况简报", "", 1


def normalized_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed timestamps, attributes and entry order.

    [Content_Types].xml stays first (some readers expect it); the fontTable gains
    altName fallbacks for the GB2312-era fonts.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        names = sorted(source.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
        for name in names:
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type, info.create_system = zipfile.ZIP_DEFLATED, 3
            info.external_attr = 0o644 << 16
            payload = source.read(name)
            if name == "word/fontTable.xml":
                payload = _with_alt_fonts(payload)
            target.writestr(info, payload)
    return out.getvalue()


def _with_alt_fonts(xml: bytes) -> bytes:
    """Declare the Chinese fonts with w:altName, which Word uses when a font is missing."""
    entries = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
        '<w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>'
        for name, alt in ALT_FONTS.items()
    )
    return xml.replace(b"</w:fonts>", entries.encode() + b"</w:fonts>", 1)
