"""Choosing an output format and sending rendered text to stdout or a file."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from projtrack.cli.console import say
from projtrack.cli.options import TableFormat

SUFFIX_FORMATS = {".md": "md", ".markdown": "md", ".csv": "csv", ".json": "json", ".txt": "table"}


def resolve_format(fmt: TableFormat | None, output: Path | None) -> str:
    """--format wins; else the suffix of -o; else a terminal table."""
    if fmt is not None:
        return fmt.value
    if output is not None:
        return SUFFIX_FORMATS.get(output.suffix.lower(), "table")
    return "table"


def emit(
    report: Any, kind: str, output: Path | None, *, renderers: dict[str, Callable[..., Any]]
) -> None:
    """Render ``report`` as ``kind`` to stdout, or atomically to ``output``."""
    from projtrack.outputs import write_atomic
    from projtrack.render.terminal import make_console

    if kind == "table":
        if output is None:
            renderers["table"](report, make_console())
            return
        from rich.console import Console

        buffer = io.StringIO()
        console = Console(
            file=buffer, no_color=True, width=160, color_system=None, highlight=False, markup=False
        )
        renderers["table"](report, console)
        text = buffer.getvalue()
    else:
        text = renderers[kind](report)
    if output is None:
        say(text, nl=False)
    else:
        bom = "\ufeff" if kind == "csv" else ""
        write_atomic(output, bom + text)
        say(f"已写入 Wrote {output}", err=True)


def emit_views(
    report: Any,
    views: list[Any],
    fmt: TableFormat | None,
    output: Path | None,
    *,
    csv_view: Any = None,
) -> None:
    """Send a report described as views: table/md/csv from the views, json from the report.

    CSV holds one table: ``csv_view`` when given, else the last view.
    """
    from projtrack.render import views as v
    from projtrack.render.machine import to_json

    renderers: dict[str, Callable[..., Any]] = {
        "table": lambda _r, console: v.to_terminal(views, console),
        "md": lambda _r: v.to_markdown(views),
        "csv": lambda _r: v.to_csv(csv_view or views[-1]),
        "json": lambda r: to_json(r.to_json()),
    }
    emit(report, resolve_format(fmt, output), output, renderers=renderers)
