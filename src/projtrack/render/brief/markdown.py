"""The briefing as Markdown, through ``templates/brief.md.j2`` (or the user's template)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from projtrack.render.brief.context import brief_context
from projtrack.render.cells import escape_markdown
from projtrack.render.templating import render_template

if TYPE_CHECKING:
    from projtrack.jobs.brief import Briefing

# Tables: their cells are escaped by the template's ``cell`` filter, not twice here.
TABLE_KEYS = {"headers", "rows", "row_lists", "aligns"}


def render_brief_md(briefing: Briefing, *, template: Path | None = None) -> str:
    """Render the briefing; a user template receives the same context as the built-in one,
    with every text outside the tables already escaped for Markdown (a problem text
    starting with ``#`` or holding HTML stays text)."""
    context = markdown_text(brief_context(briefing, commands=True))
    return render_template("brief.md.j2", context, override=template)


def markdown_text(value: Any, key: str = "") -> Any:
    """The strings of a context, escaped for Markdown prose (tables left to the template)."""
    if key in TABLE_KEYS:
        return value
    if isinstance(value, dict):
        return {k: markdown_text(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [markdown_text(v) for v in value]
    if isinstance(value, str):
        return escape_markdown(value)
    return value
