"""Markdown tables with cells escaped (a ledger text may hold | or newlines)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from projtrack.render.tables import (
    markdown_aligns,
    rank_columns,
    rank_notes,
    rank_rows,
    rank_title,
)
from projtrack.render.templating import render_template

if TYPE_CHECKING:
    from projtrack.jobs.ranked import RankReport


class RankContext(TypedDict):
    """The context of ``templates/rank.md.j2``."""

    title: str
    headers: list[str]
    aligns: list[str]
    rows: list[list[str]]
    notes: list[str]  # time progress, the list rule, and a note on shared projects


def render_rank(report: RankReport) -> str:
    """The ranking as a Markdown section, through ``templates/rank.md.j2``."""
    columns = rank_columns(report)
    context: RankContext = {
        "title": rank_title(report),
        "headers": [c.header for c in columns],
        "aligns": markdown_aligns(columns),
        "rows": rank_rows(report),
        "notes": rank_notes(report),
    }
    return render_template("rank.md.j2", dict(context))
