"""Generic titled tables (a "view") and their terminal, Markdown and CSV forms.

Commands other than ``rank`` (warn, starts, problems) describe their output as views,
so that each format is written once.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from projtrack.render.cells import csv_cell, escape_cell, escape_inline, escape_markdown

if TYPE_CHECKING:
    from rich.console import Console


@dataclass
class View:
    """A titled table of display strings with notes under it; ``styles`` per row (rich)."""

    title: str
    headers: list[str]
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)
    styles: list[str | None] = field(default_factory=list)
    numeric: set[int] = field(default_factory=set)  # right-aligned columns
    empty: str = "(无)"  # the one row of a table with none, on a terminal


# A 位置 cell (重点项目!J15, 'Sheet 1'!A4): a reference, not text to punctuate.
_CELL_REF = re.compile(r".+![A-Z]{1,3}\d+")


def styled(views: list[View], style: str, *, cells: bool = False) -> list[View]:
    """Titles, notes and column titles in the configured punctuation (SPEC §4), as the
    briefing prints: 逾期（月）; so are projtrack's own words in cells, ``（未填写）`` and
    the ``（无）`` of an empty table.

    With ``cells`` (the Markdown and Word documents that are sent out) the ledger text in
    the cells is punctuated too, by the briefing's own pass: ``X项目(二期)`` prints
    ``X项目（二期）`` as in the briefing, figures untouched. Otherwise (the terminal, the
    workbook, CSV) cells keep the ledger's text; CSV is written from the views as built
    (scripts read its headers by name: 逾期(月); its cells match JSON).
    """
    from dataclasses import replace

    from projtrack.render.punctuation import own_words, punctuate

    def cell(text: str) -> str:
        if cells and not _CELL_REF.fullmatch(text):
            return punctuate(text, style)
        return own_words(text, style)

    def one(view: View) -> View:
        return replace(
            view,
            title=punctuate(view.title, style),
            notes=[punctuate(n, style) for n in view.notes],
            headers=[punctuate(h, style) for h in view.headers],
            rows=[[cell(c) for c in row] for row in view.rows],
            empty=punctuate(view.empty, style),
        )

    return [one(v) for v in views]


def to_terminal(views: list[View], console: Console) -> None:
    """Rich tables, one per view (CJK widths right; plain when piped)."""
    from rich import box
    from rich.cells import cell_len
    from rich.table import Table

    from projtrack.render.terminal import TEXT_MIN_WIDTH, fold_title, frame_width, print_whole

    for i, view in enumerate(views):
        if i:
            console.print()
        console.print(view.title)
        table = Table(box=box.SIMPLE_HEAVY)
        cells = [max((cell_len(row[j]) for row in view.rows), default=0)
                 for j in range(len(view.headers))]  # fmt: skip
        natural = [max(c, *(cell_len(h) for h in head.split("\n")))
                   for c, head in zip(cells, view.headers, strict=True)]  # fmt: skip
        # Too wide for the screen (a trend over 16 periods): the figure titles fold onto
        # lines, the texts keep a few cells each; nothing is cut or dropped, and a table
        # still too wide is printed whole, the terminal wrapping its lines.
        wide = sum(natural) + frame_width(len(natural)) > console.width
        least = frame_width(len(natural))
        figures = least + sum(w for j, w in enumerate(natural) if j in view.numeric)
        # Printed wider than the screen anyway: the texts need not fold (up to 20 cells).
        spill = figures + TEXT_MIN_WIDTH * (len(natural) - len(view.numeric)) > console.width
        for j, header in enumerate(view.headers):
            if j in view.numeric:  # a figure is never cut: as wide as its widest cell
                title = fold_title(header) if wide else header
                width = max(cells[j], *(cell_len(h) for h in title.split("\n")))
                table.add_column(title, justify="right", no_wrap=True, min_width=width)
            else:  # a text folds onto more lines on a narrow terminal, never "…"
                width = min(natural[j], 20 if spill else TEXT_MIN_WIDTH)
                table.add_column(header, justify="left", overflow="fold", min_width=width)
            least += width
        for k, row in enumerate(view.rows):
            style = view.styles[k] if k < len(view.styles) else None
            table.add_row(*row, style=style)
        if not view.rows:
            table.add_row(*([view.empty] + [""] * (len(view.headers) - 1)))
        print_whole(console, table, least)
        for note in view.notes:
            console.print(note)


def to_markdown(views: list[View]) -> str:
    """Markdown sections: ``## title``, a pipe table, the notes."""
    parts = []
    for view in views:
        align = ["--:" if j in view.numeric else ":--" for j in range(len(view.headers))]
        lines = [f"## {escape_inline(view.title)}", ""]
        lines.append("| " + " | ".join(escape_cell(h) for h in view.headers) + " |")
        lines.append("| " + " | ".join(align) + " |")
        lines += ["| " + " | ".join(escape_cell(c) for c in row) + " |" for row in view.rows]
        if view.notes:
            lines.append("")
            lines += [f"{escape_markdown(note)}\n" for note in view.notes]
            lines[-1] = lines[-1].rstrip("\n")
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def to_csv(view: View) -> str:
    """The main table as CSV (no notes); ledger texts can never become formulas."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(view.headers)
    writer.writerows(
        [csv_cell(c, numeric=j in view.numeric) for j, c in enumerate(row)] for row in view.rows
    )
    return out.getvalue()
