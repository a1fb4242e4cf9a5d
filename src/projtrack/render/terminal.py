"""Rich tables for the terminal: CJK widths right, red/black list coloured, plain when piped."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from projtrack.render.tables import progress_note, rank_headers, rank_rows

if TYPE_CHECKING:
    from rich.console import Console

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


def render_rank(report: RankReport, console: Console) -> None:
    """Print the ranking table, then the time-progress line and the list rule."""
    from rich import box
    from rich.table import Table

    title = f"{report.as_of.label}重点项目投资完成情况排名(按{report.group_label})"
    table = Table(title=title, box=box.SIMPLE_HEAVY, show_footer=False)
    for i, header in enumerate(rank_headers(report)):
        table.add_column(header, justify="left" if i in (1, 7) else "right", no_wrap=i != 1)
    rows = rank_rows(report)
    for rec, cells in zip(report.rows.iter_rows(named=True), rows, strict=False):
        style = {"red": "bold red", "black": "bold white on grey23"}.get(rec["list"] or "", "")
        table.add_row(*cells, style=style or None)
    table.add_section()
    table.add_row(*rows[-1], style="bold")
    console.print(table)
    console.print(progress_note(report))
    console.print(report.rule.describe())
