"""Choosing an output format and sending rendered text to stdout or a file."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from projtrack.cli.console import say
from projtrack.cli.options import ReportFormat, TableFormat
from projtrack.errors import UsageError

SUFFIX_FORMATS = {".md": "md", ".markdown": "md", ".csv": "csv", ".json": "json", ".txt": "table"}


# Suffixes of files that are no text: a text format written under one of these names
# would be a broken file, so it is refused (exit 2) unless the command can write it.
BINARY_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".docx", ".doc", ".pdf", ".wps", ".et")


def resolve_format(
    fmt: TableFormat | ReportFormat | None,
    output: Path | None,
    *,
    workbook: bool = False,
    document: bool = False,
) -> str:
    """--format wins; else the suffix of -o; else a terminal table.

    ``-o x.xlsx`` gives "xlsx" where the command writes workbooks (``workbook``), ``-o
    x.docx`` "docx" where it writes Word documents (``document``); any other office suffix
    is a usage error naming the formats that work.
    """
    suffix = output.suffix.lower() if output is not None else ""
    own = {".xlsx": "xlsx"} if workbook else {}
    if document:
        own[".docx"] = "docx"
    if suffix in BINARY_SUFFIXES:
        if suffix in own:
            if fmt is None or fmt.value == own[suffix]:
                return own[suffix]
            what = "a workbook" if suffix == ".xlsx" else "a Word document"
            raise UsageError(
                f"-o {output}: --format {fmt.value} is not {what}; leave out --format to "
                f"write {what}, or name a .{fmt.value} file"
            )
        can = "".join(f"{s}, " for s in own)
        raise UsageError(
            f"-o {output}: this command writes {can}.md, .csv, .json or .txt files, not "
            f"{suffix} (Excel opens .csv too)"
        )
    if fmt is not None and fmt.value == "docx" and output is not None:
        raise UsageError(f"-o {output}: --format docx writes a Word document; name a .docx file")
    if fmt is not None:
        return fmt.value
    if output is not None:
        return SUFFIX_FORMATS.get(suffix, "table")
    return "table"


def emit(
    report: Any,
    kind: str,
    output: Path | None,
    *,
    renderers: dict[str, Callable[..., Any]],
    csv_bom: bool = True,
) -> None:
    """Render ``report`` as ``kind`` to stdout, or atomically to ``output`` (a CSV file
    with a BOM for Excel unless ``csv_bom`` is False: trend's long form is for scripts)."""
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
    if isinstance(text, Iterator):  # pieces of text (json_parts): each written out in turn
        if output is None:
            for piece in text:
                say(piece, nl=False)
        else:
            write_atomic(output, text)
            say(f"已写入 Wrote {output}", err=True)
        return
    if output is None and isinstance(text, bytes):
        raise UsageError(f"--format {kind} 需要用 -o 指定输出文件（needs -o FILE）")
    if output is None:
        say(text, nl=False)
    else:
        bom = "\ufeff" if kind == "csv" and csv_bom else ""
        write_atomic(output, text if isinstance(text, bytes) else bom + text)
        say(f"已写入 Wrote {output}", err=True)


def emit_views(
    report: Any,
    views: list[Any] | Callable[[], list[Any]],
    fmt: TableFormat | ReportFormat | None,
    output: Path | None,
    *,
    csv_view: Any = None,
    csv_bom: bool = True,
    punctuation: str = "full",
    workbook: Callable[[list[Any]], bytes] | None = None,
    document: Callable[[list[Any]], bytes] | None = None,
    json_data: Callable[[Any], Any] | None = None,
) -> None:
    """Send a report described as views: table/md/csv from the views, json from the report.

    ``views`` may be a function that builds them: JSON output then never builds tables it
    does not print (``warn -f json`` on a large ledger). CSV holds one table: ``csv_view``
    when given, else the last view. Titles and notes follow ``punctuation``
    (``[general] punctuation``, full-width by default), and so do JSON's messages and
    rules (its data as it is); JSON is ``json_data(report)`` when given, else
    ``report.to_json()``.
    ``workbook`` builds ``-o x.xlsx`` from the views (a command's own, with charts);
    by default one sheet per view. ``document`` builds ``-o x.docx`` (only commands that
    give one write Word documents).
    """
    from projtrack.render import views as v
    from projtrack.render.machine import json_parts, to_json

    def raw() -> list[Any]:
        return views() if callable(views) else views

    def built(*, cells: bool = False) -> list[Any]:
        return v.styled(raw(), punctuation, cells=cells)

    def as_workbook(_r: Any) -> bytes:
        from projtrack.render.views_xlsx import views_xlsx

        shown = built()
        if workbook is not None:
            return workbook(shown)
        return views_xlsx(shown, shown[0].title if shown else "projtrack")

    renderers: dict[str, Callable[..., Any]] = {
        "table": lambda _r, console: v.to_terminal(built(), console),
        "md": lambda _r: v.to_markdown(built(cells=True)),  # documents sent out
        "csv": lambda _r: v.to_csv(csv_view or raw()[-1]),
        "json": lambda r: (
            json_parts(json_data(r), punctuation)
            if json_data
            else to_json(r.to_json(), punctuation)
        ),
        "xlsx": as_workbook,
    }
    if document is not None:
        renderers["docx"] = lambda _r: document(built(cells=True))
    kind = resolve_format(fmt, output, workbook=True, document=document is not None)
    emit(report, kind, output, renderers=renderers, csv_bom=csv_bom)
