"""Markdown tables with cells escaped (a ledger text may hold | or newlines)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .tables import progress_note, rank_headers, rank_rows

if TYPE_CHECKING:
    from ..rank import RankReport


def escape_cell(text: str) -> str:
    """Make ledger text safe inside a Markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", " ").replace("\n", " ")


def table(headers: list[str], rows: list[list[str]], *, numeric_from: int = 2) -> str:
    """A pipe table; columns from ``numeric_from`` on are right-aligned."""
    align = [":--" if i < numeric_from else "--:" for i in range(len(headers))]
    lines = [
        "| " + " | ".join(escape_cell(h) for h in headers) + " |",
        "| " + " | ".join(align) + " |",
    ]
    lines += ["| " + " | ".join(escape_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def render_rank(report: RankReport) -> str:
    """The ranking as a Markdown section: title, table, notes."""
    rows = rank_rows(report)
    title = f"## {report.as_of.label}重点项目投资完成情况排名(按{report.group_label})"
    return "\n\n".join([
        title,
        table(rank_headers(report), [*rows[:-1], [c if c else "" for c in rows[-1]]]),
        progress_note(report),
        report.rule.describe(),
    ]) + "\n"  # fmt: skip
