"""Word building blocks of the briefing: fonts, paragraphs, tables, page numbers, rules.

Laid out as GB/T 9704 asks: 仿宋 三号 body on 28 pt lines, 黑体 headings kept with the
paragraph after them, tables within the 156 mm text block in 五号 with uniform rows,
page numbers ``— N —`` in 四号 宋体 at the outer edge (right on odd, left on even pages).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt, RGBColor

from projtrack.render.brief.measure import CELL_MARGIN, TABLE_SIZE, column_widths, header_lines

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

    from docx.document import Document as DocxDocument
    from docx.oxml.xmlchemy import BaseOxmlElement
    from docx.styles.style import CharacterStyle, ParagraphStyle
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

TITLE_FONT = "方正小标宋简体"
DATE_FONT = "楷体_GB2312"
HEADING_FONT = "黑体"
BODY_FONT = TABLE_FONT = "仿宋_GB2312"
FOOTER_FONT = "宋体"
BODY_SIZE, TITLE_SIZE = Pt(16), Pt(22)  # 三号, 二号 (TABLE_SIZE 五号: measure.py)
MASTHEAD_SIZE = Pt(36)  # 小初: the red 简报 name
LINE = Pt(28)  # fixed line spacing of the body: 22 lines on an A4 page
RED = RGBColor(0xC0, 0x00, 0x00)
TEXT_WIDTH = Cm(21 - 2.8 - 2.6)  # the 156 mm text block
TABLE_STYLE = "表格文字"
KEEP_WHOLE = 15  # tables of up to this many rows are kept on one page
L, C, R = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT


def set_font(
    target: Run | CharacterStyle | ParagraphStyle,
    east_asia: str,
    size: Length | None = None,
    *,
    bold: bool = False,
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


def element(tag: str, attrs: dict[str, str], text: str | None = None) -> BaseOxmlElement:
    """A bare WordprocessingML element, for the parts python-docx has no API for."""
    el = OxmlElement(tag)
    for key, val in attrs.items():
        el.set(qn(key), val)
    el.text = text
    return el


def page_setup(doc: DocxDocument) -> None:
    """A4 portrait with the official margins, 仿宋 三号 as Normal, page numbers, table style."""
    normal = doc.styles["Normal"]
    set_font(normal, BODY_FONT, BODY_SIZE)
    normal.paragraph_format.widow_control = True
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], R)
    _page_number(section.even_page_footer.paragraphs[0], L)
    style = doc.styles.add_style(TABLE_STYLE, 1)  # WD_STYLE_TYPE.PARAGRAPH
    style.base_style = normal
    set_font(style, TABLE_FONT, TABLE_SIZE)
    fmt = style.paragraph_format
    fmt.space_before = fmt.space_after = Pt(1.5)  # a little air in the cells
    fmt.line_spacing, fmt.first_line_indent = 1.0, Pt(0)


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


def _page_number(footer: Paragraph, side: WD_ALIGN_PARAGRAPH) -> None:
    """``— N —`` in 四号 宋体, one character in from the outer edge (GB/T 9704 7.5)."""
    footer.alignment = side
    if side == R:
        footer.paragraph_format.right_indent = Pt(14)
    else:
        footer.paragraph_format.left_indent = Pt(14)
    for kind, value in PAGE_NUMBER:
        run = footer.add_run(value if kind == "text" else None)
        set_font(run, FOOTER_FONT, Pt(14))  # 四号
        if kind == "fldChar":
            run._element.append(element("w:fldChar", {"w:fldCharType": value}))
        elif kind == "instrText":
            run._element.append(element("w:instrText", {"xml:space": "preserve"}, value))


def paragraph(
    doc: DocxDocument,
    text: str,
    font: str = BODY_FONT,
    size: Length = BODY_SIZE,
    *,
    align: WD_ALIGN_PARAGRAPH | None = None,
    bold: bool = False,
    line: Length = LINE,
    indent: bool = True,
    keep_next: bool = False,
) -> Paragraph:
    """One paragraph of one run; body paragraphs justified and indented two characters."""
    para = doc.add_paragraph()
    fmt = para.paragraph_format
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, line
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.widow_control = True
    if keep_next:
        fmt.keep_with_next = True
    if align is not None:
        para.alignment = align
    else:
        para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if indent:
            fmt.first_line_indent = Pt(32)
    set_font(para.add_run(text), font, size, bold=bold)
    return para


PPR_AFTER_BORDER = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                    "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
                    "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
                    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                    "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
                    "w:pPrChange")  # fmt: skip


def rule(para: Paragraph, edge: str, colour: str = "000000", eighths: int = 8) -> None:
    """A line along the paragraph's ``edge`` (top/bottom): the 版头 red rule, 版记 lines."""
    ppr = para._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:  # in its place in the schema's sequence, or Word drops it
        borders = element("w:pBdr", {})
        ppr.insert_element_before(borders, *PPR_AFTER_BORDER)
    borders.append(element(f"w:{edge}", {"w:val": "single", "w:sz": str(eighths),
                                          "w:space": "1", "w:color": colour}))  # fmt: skip


def two_sided(doc: DocxDocument, left: str, right: str, font: str) -> Paragraph:
    """``left`` at the margin, ``right`` flush right (a right tab at the text width)."""
    para = paragraph(doc, "", font, align=L)
    para.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    para.runs[0].text = f"{left}\t{right}"
    return para


def table(
    doc: DocxDocument,
    headers: list[str],
    rows: list[list[str]],
    aligns: Sequence[WD_ALIGN_PARAGRAPH],
    unit: str = "",
    bold: Collection[int] = (),
) -> Table:
    """A grid table within the text block: header row repeated, rows never split.

    ``unit`` (单位：万元、%) is printed right-aligned above it; 合计 rows and the rows
    ``bold`` (indexes into ``rows``: the 黑榜) are bold, and measured bold
    (:func:`measure.column_widths`).
    """
    if unit:
        paragraph(doc, unit, TABLE_FONT, TABLE_SIZE, align=R, line=Pt(20), keep_next=True)
    tbl = doc.add_table(rows=1 + len(rows), cols=len(headers))
    tbl.style = doc.styles["Table Grid"]
    tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl.autofit = False
    heavy = {r for r, values in enumerate(rows) if "合计" in values[:2]} | set(bold)
    widths = column_widths(headers, rows, int(TEXT_WIDTH), heavy)
    _fixed_layout(tbl, sum(widths))
    for column, width in zip(tbl.columns, widths, strict=True):
        column.width = width
    for r, (row, values) in enumerate(zip(tbl.rows, [headers, *rows], strict=True)):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(element("w:cantSplit", {}))
        if r == 0:
            tr_pr.append(element("w:tblHeader", {}))
        for c, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            cell.width = widths[c]
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            para = cell.paragraphs[0]
            para.style = doc.styles[TABLE_STYLE]
            para.alignment = C if r == 0 else aligns[c]
            lines = header_lines(text) if r == 0 else [text]
            for n, line in enumerate(lines):
                run = para.add_run(line)
                if n < len(lines) - 1:
                    run.add_break()
                set_font(run, TABLE_FONT, TABLE_SIZE, bold=r == 0 or r - 1 in heavy)
    if len(rows) <= KEEP_WHOLE:  # a short table moves to the next page whole, not cut
        for row in tbl.rows[:-1]:
            for cell in row.cells:
                cell.paragraphs[0].paragraph_format.keep_with_next = True
    doc.add_paragraph().paragraph_format.line_spacing = Pt(14)  # a little air after it
    return tbl


# tblPr children that come after w:tblCellMar in the schema's sequence.
TBLPR_AFTER_MARGINS = ("w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")


def _fixed_layout(tbl: Table, width: int) -> None:
    """Fixed layout, a stated total width and the cell margins the widths were measured
    with (0.1 cm left and right), so Word and LibreOffice keep our columns."""
    tbl_pr = tbl._tbl.tblPr  # autofit = False has set the fixed layout
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = element("w:tblW", {})
        tbl_pr.append(tbl_w)
    tbl_w.set(qn("w:w"), str(width // 635))  # EMU → twentieths of a point
    tbl_w.set(qn("w:type"), "dxa")
    margins = element("w:tblCellMar", {})
    for side in ("left", "right"):
        margins.append(element(f"w:{side}", {"w:w": str(CELL_MARGIN // 635), "w:type": "dxa"}))
    tbl_pr.insert_element_before(margins, *TBLPR_AFTER_MARGINS)


def mark_list_row(cells: Sequence[_Cell], listed: str | None) -> None:
    """红榜 rows in dark red, as the published 红黑榜 tables do (黑榜 rows are bold:
    ``table(bold=…)``)."""
    for cell in cells:
        for run in cell.paragraphs[0].runs:
            if listed == "red":
                run.font.color.rgb = RED
