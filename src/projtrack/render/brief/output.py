"""One briefing, any format: the dispatch from a format name to its renderer."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from projtrack.jobs.brief import Briefing

FORMATS = ("md", "xlsx", "docx", "html", "json")  # pdf: the html, printed by cli/brief.py


def render_brief(
    briefing: Briefing, kind: str, *, template: Path | None = None, detail: bool = True
) -> str | bytes:
    """Markdown, HTML or JSON text, or the bytes of an .xlsx or .docx file.

    A PDF is the HTML page printed by a browser (:mod:`projtrack.printing`): that runs a
    program and writes files, which a renderer never does, so the CLI does it.
    """
    if kind == "md":
        from projtrack.render.brief.markdown import render_brief_md

        return render_brief_md(briefing, template=template)
    if kind == "json":
        from projtrack.render.machine import to_json

        return to_json(briefing.to_json(), briefing.punctuation)
    if kind == "xlsx":
        from projtrack.render.brief.xlsx import render_brief_xlsx

        return render_brief_xlsx(briefing, detail=detail)
    if kind == "docx":
        from projtrack.render.brief.docx import render_brief_docx

        return render_brief_docx(briefing)
    if kind == "html":
        from projtrack.render.brief.html import render_brief_html

        return render_brief_html(briefing)
    raise ValueError(f"unknown briefing format {kind!r}; use one of {FORMATS}")
