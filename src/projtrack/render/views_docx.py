"""Views as a 公文-style Word document: the title, the 通报 sentence, then each table under
a numbered 黑体 heading with its notes — the briefing's house style (A4, 仿宋_GB2312 三号
on 28 pt lines, 五号 tables within the 156 mm text block, ``— N —`` page numbers), from
the briefing's Word helpers. ``lalian``, ``duibiao`` and ``rutong`` write ``-o x.docx``
through here.

Byte-identical for the same views: fixed core properties and a normalised zip.
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from typing import TYPE_CHECKING

from docx import Document
from docx.shared import Pt

from projtrack.render.brief.docx import CN_NUMBERS, normalized_zip
from projtrack.render.brief.word import (
    HEADING_FONT,
    TITLE_FONT,
    TITLE_SIZE,
    C,
    L,
    R,
    page_setup,
    paragraph,
    table,
)
from projtrack.render.punctuation import punctuate

if TYPE_CHECKING:
    from projtrack.render.views import View

FIXED_DATE = datetime(2000, 1, 1)  # core properties: no clock in the bytes
LOCATION = "位置"  # the column of cell references
_OPERATOR = re.compile(r"[；;]确认后可在[^。；;]*中固定")


def views_docx(title: str, sentence: str, views: list[View], *, punctuation: str = "full") -> bytes:
    """The document as .docx bytes. ``views`` are already styled (titles and notes in
    ``punctuation``); headers are punctuated here, as the briefing's tables are. A note
    that repeats ``sentence`` is not printed twice; a table without rows reads 无。"""
    title, sentence = punctuate(title, punctuation), punctuate(sentence, punctuation)
    doc = Document()
    page_setup(doc)
    head = paragraph(doc, title, TITLE_FONT, TITLE_SIZE, align=C, line=Pt(36), indent=False)
    head.paragraph_format.space_after = Pt(28)
    if sentence:
        paragraph(doc, sentence)
    for k, view in enumerate(views):
        number = CN_NUMBERS[k] if k < len(CN_NUMBERS) else str(k + 1)
        # A lone part is not numbered: 一、 with no 二 would be sent back.
        heading = f"{number}、{view.title}" if len(views) > 1 else view.title
        paragraph(doc, heading, HEADING_FONT, keep_next=True)
        # 位置 (台账!B7) tells the operator where a row is; the document's reader has no use
        # for a cell reference, nor for where projtrack.toml pins a pair.
        kept = [c for c, h in enumerate(view.headers) if h != LOCATION]
        if view.rows:
            headers = [punctuate(view.headers[c], punctuation) for c in kept]
            aligns = [R if c in view.numeric else L for c in kept]
            table(doc, headers, [[row[c] for c in kept] for row in view.rows], aligns)
        else:
            paragraph(doc, "无。")
        for note in view.notes:
            note = _OPERATOR.sub("", note) if note else note
            if note and note != sentence:
                paragraph(doc, note)
    props = doc.core_properties
    props.created = props.modified = FIXED_DATE
    props.author = props.last_modified_by = "projtrack"
    props.title, props.subject, props.comments, props.revision = title, "", "", 1
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalized_zip(buffer.getvalue())
