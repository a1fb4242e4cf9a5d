"""The briefing as Markdown, through ``templates/brief.md.j2`` (or the user's template)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from projtrack.render.brief.context import brief_context
from projtrack.render.templating import render_template

if TYPE_CHECKING:
    from projtrack.jobs.brief import Briefing


def render_brief_md(briefing: Briefing, *, template: Path | None = None) -> str:
    """Render the briefing; a user template receives the same context as the built-in one."""
    return render_template("brief.md.j2", dict(brief_context(briefing)), override=template)
