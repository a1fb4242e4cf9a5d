"""A 督办单 as a Word document in the briefing's 公文 format (A4, 仿宋 三号, fixed 28 pt
lines, the — N — footer), reusing the briefing's Word helpers.

Byte-identical for the same notice: fixed core properties and a normalised zip.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from projtrack.render.brief.docx import (
    BODY_FONT,
    CN_NUMBERS,
    DATE_FONT,
    HEADING_FONT,
    TITLE_FONT,
    TITLE_SIZE,
    _normalized_zip,
    _page_setup,
    _paragraph,
    _table,
)
from projtrack.render.notices import FLAG_NOTE, closing, cn_date, intro, sections

if TYPE_CHECKING:
    from projtrack.jobs.notices import Notice, NoticesReport

L, R = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT
NUMERIC = {"序号", "完成率", "较时序进度", "逾期（月）", "逾期（天）"}


def render_notice_docx(report: NoticesReport, notice: Notice) -> bytes:
    """One unit's notice as .docx bytes."""
    doc = Document()
    _page_setup(doc)
    _paragraph(doc, "督办单", TITLE_FONT, TITLE_SIZE, center=True, line=Pt(36))
    number = _paragraph(doc, notice.label, DATE_FONT, center=True)
    number.paragraph_format.space_after = Pt(28)
    head = _paragraph(doc, f"{notice.unit}：")
    head.paragraph_format.first_line_indent = Pt(0)
    _paragraph(doc, intro(report))
    for k, sec in enumerate(sections(notice)):
        _paragraph(doc, f"{CN_NUMBERS[k]}、{sec.title}", HEADING_FONT)
        _table(doc, sec.headers, sec.rows, [R if h in NUMERIC else L for h in sec.headers])
    if notice.items.flagged:
        _paragraph(doc, FLAG_NOTE)
    _paragraph(doc, closing(report))
    signed = _paragraph(doc, cn_date(report.issued), BODY_FONT)
    signed.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    signed.paragraph_format.first_line_indent = Pt(0)
    props = doc.core_properties
    props.created = props.modified = datetime.combine(report.issued, datetime.min.time())
    props.author = props.last_modified_by = "projtrack"
    props.title = f"督办单{notice.label}"
    props.subject, props.comments, props.revision = notice.unit, "", 1
    buffer = io.BytesIO()
    doc.save(buffer)
    return _normalized_zip(buffer.getvalue())
