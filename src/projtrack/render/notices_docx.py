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

from projtrack.render.brief.docx import CN_NUMBERS, normalized_zip
from projtrack.render.brief.masthead import ISSUER_PLACEHOLDER
from projtrack.render.brief.word import (
    BODY_FONT,
    DATE_FONT,
    HEADING_FONT,
    TITLE_FONT,
    TITLE_SIZE,
    page_setup,
    paragraph,
    table,
)
from projtrack.render.notices import closing, intro, sections
from projtrack.render.numbers import cn_date
from projtrack.render.punctuation import punctuate

if TYPE_CHECKING:
    from projtrack.jobs.notices import Notice, NoticesReport

L, R, C = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.CENTER
NUMERIC = {"序号", "完成率", "较时序进度（百分点）", "逾期（月）", "逾期（天）"}


def render_notice_docx(report: NoticesReport, notice: Notice, punctuation: str = "full") -> bytes:
    """One unit's notice as .docx bytes (ledger text punctuated as the briefing's)."""
    doc = Document()
    page_setup(doc)
    paragraph(doc, "督办单", TITLE_FONT, TITLE_SIZE, align=C, line=Pt(36), indent=False)
    number = paragraph(doc, notice.label, DATE_FONT, align=C, indent=False)
    number.paragraph_format.space_after = Pt(28)
    paragraph(doc, f"{punctuate(notice.unit, punctuation)}：", indent=False)
    paragraph(doc, intro(report))
    for k, sec in enumerate(sections(notice, punctuation)):
        paragraph(doc, f"{CN_NUMBERS[k]}、{sec.title}", HEADING_FONT, keep_next=True)
        table(doc, sec.headers, sec.rows, [R if h in NUMERIC else L for h in sec.headers])
    paragraph(doc, closing(report), keep_next=True)
    # 发文机关署名 over the date, as a 公文 is signed ([brief] issuer, else the placeholder).
    signature = punctuate(report.issuer or ISSUER_PLACEHOLDER, punctuation)
    paragraph(doc, "", line=Pt(28), keep_next=True)
    paragraph(doc, signature, BODY_FONT, align=R, indent=False, keep_next=True)
    paragraph(doc, cn_date(report.issued), BODY_FONT, align=R, indent=False)
    props = doc.core_properties
    props.created = props.modified = datetime.combine(report.issued, datetime.min.time())
    props.author = props.last_modified_by = "projtrack"
    props.title = f"督办单{notice.label}"
    props.subject, props.comments, props.revision = notice.unit, "", 1
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalized_zip(buffer.getvalue())
