"""The briefing as a Word document laid out like an official document (GB/T 9704 in spirit).

Every string comes from ``brief_context`` so the Word briefing says exactly what the
Markdown one says; this module only decides fonts, spacing and tables. Offices diff and
archive what cron produces, so the bytes are made reproducible: fixed core properties
and a rewritten zip with fixed timestamps and entry order.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from datetime import datetime
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt, RGBColor

from projtrack.render.brief.context import brief_context

if TYPE_CHECKING:
    from collections.abc import Sequence

    from docx.document import Document as DocxDocument
    from docx.oxml.xmlchemy import BaseOxmlElement
    from docx.styles.style import CharacterStyle
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

    from projtrack.jobs.brief import Briefing

CN_NUMBERS = "一二三四五六七八九十"
TITLE_FONT = "方正小标宋简体"
DATE_FONT = "楷体_GB2312"
HEADING_FONT = "黑体"
BODY_FONT = TABLE_FONT = "仿宋_GB2312"
FOOTER_FONT = "宋体"
# Offices without the GB2312-era fonts get the nearest standard Windows font (fontTable altName).
ALT_FONTS = {TITLE_FONT: "宋体", DATE_FONT: "楷体", BODY_FONT: "仿宋"}
BODY_SIZE, TABLE_SIZE, TITLE_SIZE = Pt(16), Pt(10.5), Pt(22)  # 三号, 五号, 二号
LINE = Pt(28)  # fixed line spacing of the body: 22 lines on an A4 page
RED = RGBColor(0xC0, 0x00, 0x00)
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
# Column alignment per table, as in templates/brief.md.j2: numbers right, text left.
L, R = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT
PROJECT_ALIGN = [R, L, L, R, R, R, R]
STARTS_ALIGN = [R, L, L, L, R]
WARN_ALIGN = [R, L, L, R, R, L]
# The footer "— 3 —": a PAGE field between dashes (Word updates the cached "1" itself).
PAGE_NUMBER = [
    ("text", "— "),
    ("fldChar", "begin"),
    ("instrText", " PAGE "),
    ("fldChar", "separate"),
    ("text", "1"),
    ("fldChar", "end"),
    ("text", " —"),
]


def set_font(
    target: Run | CharacterStyle, east_asia: str, size: Length | None = None, *, bold: bool = False
) -> None:
    """Set a run's or style's font for Latin *and* East Asian text.

    python-docx's ``font.name`` only writes w:ascii/w:hAnsi; without w:eastAsia Word
    draws the Chinese characters in its default (often a Japanese) font.
    """
    target.font.name = east_asia
    target.font.bold = True if bold else None  # None: inherit, no <w:b w:val="0"/> noise
    if size is not None:
        target.font.size = size
    rpr = target._element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)


def render_brief_docx(briefing: Briefing) -> bytes:
    """The briefing as .docx bytes, byte-identical for the same briefing."""
    ctx = brief_context(briefing)
    doc = Document()
    _page_setup(doc)
    _paragraph(doc, ctx["title"], TITLE_FONT, TITLE_SIZE, center=True, line=Pt(36))
    date_line = _paragraph(doc, f"（数据截至{ctx['as_of']}）", DATE_FONT, center=True)
    date_line.paragraph_format.space_after = LINE
    sections = _Numbering(doc)
    sections.heading("总体情况")
    _paragraph(doc, ctx["headline"] + ctx["levels"] + ctx["changes"])
    ranking = ctx["ranking"]
    sections.heading(ranking["title"])
    if ranking["lists"]:
        _paragraph(doc, ranking["lists"])
    width = len(ranking["headers"])
    table = _table(doc, ranking["headers"], ranking["rows"], [L, L, *[R] * (width - 3), L])
    for row, listed in zip(table.rows[1:], ranking["row_lists"], strict=True):
        _mark_list_row(row.cells, listed)
    _paragraph(doc, ranking["note"])
    _paragraph(doc, ranking["rule"])
    warnings = ctx["warnings"]
    sections.heading(warnings["title"])
    _paragraph(doc, warnings["sentence"] + ("红色预警项目如下:" if warnings["rows"] else ""))
    if warnings["rows"]:
        _table(doc, warnings["headers"], warnings["rows"], WARN_ALIGN)
    if warnings["more"]:
        _paragraph(doc, warnings["more"])
    _paragraph(doc, warnings["rules"])
    for key in ("behind", "largest"):
        if ctx[key]:
            sections.heading(ctx[key]["title"])
            _table(doc, ctx[key]["headers"], ctx[key]["rows"], PROJECT_ALIGN)
            if ctx[key].get("more"):
                _paragraph(doc, ctx[key]["more"])
    if starts := ctx["starts"]:
        sections.heading(starts["title"])
        _paragraph(doc, starts["sentence"])
        if starts["rows"]:
            _table(doc, starts["headers"], starts["rows"], STARTS_ALIGN)
        if starts["more"]:
            _paragraph(doc, starts["more"])
    if ctx["problems"]:
        sections.heading(ctx["problems_title"])
        _paragraph(doc, ctx["problems_intro"])
        for group in ctx["problems"]:
            _paragraph(doc, f"{group['unit']}({len(group['items'])}个)", bold=True)
            for i, item in enumerate(group["items"], start=1):
                _paragraph(doc, f"{i}. {item['name']}:{item['problem']}")
        if ctx["problems_more"]:
            _paragraph(doc, ctx["problems_more"])
    _properties(doc, briefing)
    buffer = io.BytesIO()
    doc.save(buffer)
    return _normalized_zip(buffer.getvalue())


class _Numbering:
    """Numbers section headings 一、二、… in the order they are written, like the template."""

    def __init__(self, doc: DocxDocument) -> None:
        self.doc, self.count = doc, 0

    def heading(self, text: str) -> Paragraph:
        self.count += 1
        return _paragraph(self.doc, f"{CN_NUMBERS[self.count - 1]}、{text}", HEADING_FONT)


def _page_setup(doc: DocxDocument) -> None:
    """A4 portrait with the official margins, 仿宋 三号 as Normal, and a — N — footer."""
    normal = doc.styles["Normal"]
    set_font(normal, BODY_FONT, BODY_SIZE)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, value in PAGE_NUMBER:
        run = footer.add_run(value if kind == "text" else None)
        set_font(run, FOOTER_FONT, Pt(14))  # 四号
        if kind == "fldChar":
            run._element.append(_element("w:fldChar", {"w:fldCharType": value}))
        elif kind == "instrText":
            run._element.append(_element("w:instrText", {"xml:space": "preserve"}, value))


def _element(tag: str, attrs: dict[str, str], text: str | None = None) -> BaseOxmlElement:
    """A bare WordprocessingML element, for the parts python-docx has no API for."""
    element = OxmlElement(tag)
    for key, val in attrs.items():
        element.set(qn(key), val)
    element.text = text
    return element


def _paragraph(
    doc: DocxDocument,
    text: str,
    font: str = BODY_FONT,
    size: Length = BODY_SIZE,
    *,
    center: bool = False,
    bold: bool = False,
    line: Length = LINE,
) -> Paragraph:
    """One paragraph of one run: centred lines have no indent, the rest indent two characters."""
    para = doc.add_paragraph()
    fmt = para.paragraph_format
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, line
    fmt.space_before = fmt.space_after = Pt(0)
    if center:
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    else:
        para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.first_line_indent = Pt(32)
    set_font(para.add_run(text), font, size, bold=bold)
    return para


def _table(
    doc: DocxDocument,
    headers: list[str],
    rows: list[list[str]],
    aligns: Sequence[WD_ALIGN_PARAGRAPH],
) -> Table:
    """A grid table whose header row repeats on every page and whose rows never split."""
    table = doc.add_table(rows=1 + len(rows), cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    section = doc.sections[0]
    # python-docx types these as optional; a document from its default template has all three.
    available = int(section.page_width or 0) - int(section.left_margin or 0)
    available -= int(section.right_margin or 0)
    widths = _column_widths(headers, rows, available)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for r, (row, values) in enumerate(zip(table.rows, [headers, *rows], strict=True)):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(_element("w:cantSplit", {}))
        if r == 0:
            tr_pr.append(_element("w:tblHeader", {}))
        for c, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            cell.width = widths[c]
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            para = cell.paragraphs[0]
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER if r == 0 else aligns[c]
            fmt = para.paragraph_format
            fmt.space_before = fmt.space_after = Pt(0)
            fmt.line_spacing = 1.0
            set_font(para.add_run(text), TABLE_FONT, TABLE_SIZE, bold=r == 0)
    doc.add_paragraph()  # a blank line between the table and the text after it
    return table


def _display_units(text: str) -> int:
    """Width in half-width characters: a Chinese character counts two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _column_widths(headers: list[str], rows: list[list[str]], available: int) -> list[int]:
    """Widths in EMU: numbers keep one line; if space is short, the widest (name) column wraps.

    Headers may wrap onto three lines, so they count a third of their length. A
    half-width unit is taken as 0.62 em (digits in the fallback fonts are wider than half
    an em, and bold 黑榜 rows wider still), and the padding covers Word's cell margins.
    """
    per_unit, padding = TABLE_SIZE * 0.62, Pt(14)
    need = [
        max(4, _display_units(h) // 3 + 1, *(_display_units(row[i]) * 1.1 for row in rows))
        for i, h in enumerate(headers)
    ]
    widths = [int(n * per_unit + padding) for n in need]
    total = sum(widths)
    if total <= available:
        return [w * available // total for w in widths]
    widest = widths.index(max(widths))
    widths[widest] = max(available - (total - widths[widest]), available // 4)
    return widths


def _mark_list_row(cells: Sequence[_Cell], listed: str | None) -> None:
    """红榜 rows in dark red, 黑榜 rows in bold, as the published 红黑榜 tables do."""
    for cell in cells:
        for run in cell.paragraphs[0].runs:
            if listed == "red":
                run.font.color.rgb = RED
            elif listed == "black":
                run.font.bold = True


def _properties(doc: DocxDocument, briefing: Briefing) -> None:
    """Fixed core properties: python-docx would otherwise leave its own name and dates."""
    props = doc.core_properties
    stamp = datetime.combine(briefing.as_of.date, datetime.min.time())
    props.created = props.modified = stamp
    props.author = props.last_modified_by = "projtrack"
    props.title = briefing.title
    props.subject, props.comments, props.revision = "重点项目推进情况简报", "", 1


def _normalized_zip(data: bytes) -> bytes:
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
