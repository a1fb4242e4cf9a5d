"""Rich tables for the terminal: CJK widths right, red/black list coloured, plain when piped."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from projtrack.render.tables import (
    ALIGN,
    TableColumn,
    rank_columns,
    rank_notes,
    rank_rows,
    rank_title,
)

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from projtrack.jobs.ranked import RankReport


def make_console(*, stderr: bool = False) -> Console:
    """A console that writes plain text when not on a terminal or when NO_COLOR is set."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    plain = not stream.isatty() or "NO_COLOR" in os.environ
    return Console(
        file=stream,
        no_color=plain,
        color_system=None if plain else "auto",
        highlight=False,
        markup=False,
        width=None if stream.isatty() else 160,
        soft_wrap=False,
    )


# On a terminal too narrow for the whole table, a text column (the unit names) keeps at
# least this many cells and folds onto more lines; it never disappears.
TEXT_MIN_WIDTH = 6
# Titles of figure columns are folded to lines of about this width first.
HEADER_LINE = 8
PADDING = 2  # rich's default: one space each side of a cell


def render_rank(report: RankReport, console: Console) -> None:
    """Print the ranking table, then the time-progress line and the list rule.

    Columns are aligned by their kind (:data:`projtrack.render.tables.ALIGN`). When the
    table is wider than the terminal, the titles of figure columns wrap first, then the
    names fold onto more lines; figures are never cut and names never vanish (below
    about 70 columns the table is printed wider than the terminal rather than cut).
    """
    from rich import box
    from rich.table import Table

    columns = rank_columns(report)
    rows = rank_rows(report)
    widths, headers = fit_columns(columns, rows, console.width)
    compact = widths != [None] * len(columns)
    # Narrower than even the folded table: print it whole, the terminal wraps its lines.
    least = sum(w or 0 for w in widths) + frame_width(len(columns), compact=compact)
    table = Table(title=rank_title(report), box=box.SIMPLE_HEAVY, show_footer=False,
                  collapse_padding=compact, pad_edge=not compact)  # fmt: skip
    for col, header, width in zip(columns, headers, widths, strict=True):
        justify = ALIGN[col.kind][0]
        if col.kind == "text":
            table.add_column(header, justify=justify, overflow="fold", width=width)
        else:
            table.add_column(header, justify=justify, no_wrap=True, min_width=width)
    for rec, cells in zip(report.rows.iter_rows(named=True), rows, strict=False):
        style = {"red": "bold red", "black": "bold white on grey23"}.get(rec["list"] or "", "")
        table.add_row(*cells, style=style or None)
    table.add_section()
    table.add_row(*rows[-1], style="bold")
    print_whole(console, table, least)
    for note in rank_notes(report):
        console.print(note)


def print_whole(console: Console, table: Table, least: int) -> None:
    """Print ``table`` at least ``least`` cells wide, never cut: print() never renders
    wider than the console, so its width is raised for the call."""
    width = console.width
    console.width = max(width, least)
    try:
        console.print(table, crop=False)
    finally:
        console.width = width


def fit_columns(
    columns: list[TableColumn], rows: list[list[str]], available: int
) -> tuple[list[int | None], list[str]]:
    """Widths (None: as wide as needed) and titles that fit ``available`` cells.

    First the whole table; then figure titles folded to :data:`HEADER_LINE`-wide lines;
    then the text columns narrowed (not below :data:`TEXT_MIN_WIDTH`) to what is left.
    """
    from rich.cells import cell_len

    def natural(header: str, j: int) -> int:
        lines = [*header.split("\n"), *(row[j] for row in rows)]
        return max(cell_len(line) for line in lines)

    headers = [c.header for c in columns]
    need = [natural(h, j) for j, h in enumerate(headers)]
    frame = frame_width(len(columns))
    if sum(need) + frame <= available:
        return [None] * len(columns), headers
    headers = [
        h if c.kind == "text" else fold_title(h) for c, h in zip(columns, headers, strict=True)
    ]
    need = [natural(h, j) for j, h in enumerate(headers)]
    text = [j for j, c in enumerate(columns) if c.kind == "text"]
    fixed = sum(w for j, w in enumerate(need) if j not in text)
    room = max(0, available - frame_width(len(columns), compact=True) - fixed)
    widths: list[int | None] = list(need)  # figures: never narrower than their widest cell
    # The narrowest text first (a 榜单 mark needs 4 cells), the names get the rest.
    for left, j in enumerate(sorted(text, key=lambda j: need[j]), start=0):
        share = room // (len(text) - left)
        widths[j] = min(need[j], max(TEXT_MIN_WIDTH, share))
        room -= widths[j] or 0
    return widths, headers


def frame_width(columns: int, *, compact: bool = False) -> int:
    """What a table of ``columns`` columns spends besides its cells: the padding of each
    cell, the (blank) rule between two columns and the two edges (box SIMPLE_HEAVY).

    ``compact``: neighbouring paddings collapsed into one space, none at the edges.
    """
    if compact:
        return (columns - 1) + (columns - 1) + 2
    return PADDING * columns + (columns - 1) + 2


def fold_title(header: str) -> str:
    """A column title over short lines: the unit "(万元)" on a line of its own (narrow
    brackets, whatever the style: two cells saved per column on an 80-column screen), the words
    cut after a month ("1-3月 / 完成投资") or near the middle, at an even character
    where it can (年度计划 / 投资, 较时序 / 进度: Chinese has no spaces to break at)."""
    from rich.cells import cell_len

    at = min((i for i in (header.find("("), header.find("（")) if i >= 0), default=len(header))
    head, paren, unit = header[:at], header[at : at + 1], header[at + 1 :]
    lines = []
    while cell_len(head) > HEADER_LINE:
        month = head.find("月")
        cut = month + 1 if 0 < month < len(head) - 1 else -(-len(head) // 2)
        if cut == -(-len(head) // 2) and len(head) % 2 == 0 and cut % 2:
            cut += 1
        lines.append(head[:cut])
        head = head[cut:]
    lines.append(head)
    if paren:  # a unit on a line of its own keeps the narrow brackets: the screen is tight
        lines.append(f"({unit[:-1]})" if unit.endswith(("）", ")")) else paren + unit)
    return "\n".join(line for line in lines if line)
