"""``projtrack notices``: one 督办单 per responsible unit (or leader), numbered in the store."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from projtrack.cli import options as o
from projtrack.cli.console import say
from projtrack.cli.errors import report_warnings


class Per(StrEnum):
    """Who a notice goes to."""

    responsible = "responsible"
    leader = "leader"


class NoticeFormat(StrEnum):
    """docx: one file per unit into -o DIR; md: every notice in one file; the rest list."""

    docx = "docx"
    md = "md"
    table = "table"
    csv = "csv"
    json = "json"


def notices(
    ledger: o.LedgerArg,
    per: Annotated[
        Per,
        typer.Option(
            "--per",
            metavar="responsible|leader",
            help="督办对象 One notice per responsible unit or leader.",
        ),
    ] = Per.responsible,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="试运行 List what would be sent; write nothing.")
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            file_okay=False,
            metavar="DIR",
            help="输出目录 Folder for the notices.",
        ),
    ] = None,
    fmt: Annotated[
        NoticeFormat | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="格式 docx (default with -o), md, or a list: table/csv/json.",
        ),
    ] = None,
    issued: Annotated[
        datetime | None,
        typer.Option(
            "--date",
            formats=["%Y-%m-%d"],
            metavar="YYYY-MM-DD",
            help="签发日期 Issue date (default: as-of).",
        ),
    ] = None,
    as_of: o.AsOfOpt = None,
    year: o.Year = None,
    month: o.Month = None,
    quarter: o.Quarter = None,
    config: o.ConfigOpt = None,
    store: o.StoreOpt = None,
    stats: o.StatsOpt = None,
    verbose: o.Verbose = False,
) -> None:
    """督办单 One numbered notice per unit: red projects, 应开未开, overdue problems."""
    from projtrack.config import load_config
    from projtrack.errors import UsageError
    from projtrack.jobs.notices import notices as run_notices
    from projtrack.jobs.stored import store_for

    kind = (fmt or (NoticeFormat.docx if output and not dry_run else NoticeFormat.table)).value
    if kind == "docx" and output is None and not dry_run:
        raise UsageError("-f docx writes one file per unit: give the folder with -o DIR")
    cfg = load_config(config)
    report = run_notices(
        ledger,
        per=per.value,
        store=store_for(cfg, store),
        issued=issued.date() if issued else None,
        dry_run=dry_run,
        stats=stats,
        config=cfg,
        **o.period(as_of, year, month, quarter),
    )
    if dry_run or kind in ("table", "csv", "json"):
        shown = "table" if kind in ("docx", "md") else kind
        _list(report, shown, None if dry_run else output, cfg.general.punctuation)
        if dry_run and output is not None:
            say(f"试运行 Dry run: nothing was written to {output}", err=True)
    else:
        from projtrack.render.notices import flag_notes, unaddressed_note

        _write(report, kind, output, cfg.general.punctuation)
        left = unaddressed_note(report)  # the list says it; the notices themselves cannot
        for line in [*([left] if left else []), *flag_notes(report)]:
            say(line, err=True)
    report_warnings(report.warnings, verbose=verbose)


def _list(report: object, kind: str, folder: Path | None, punctuation: str) -> None:
    from projtrack.cli.options import TableFormat
    from projtrack.cli.output import emit_views
    from projtrack.render.notices import notices_views

    target = None
    if folder is not None:
        target = folder / f"督办单清单.{ {'table': 'txt'}.get(kind, kind) }"
    views = notices_views(report)  # type: ignore[arg-type]
    emit_views(report, views, TableFormat(kind), target, punctuation=punctuation)


def _write(report: object, kind: str, folder: Path | None, punctuation: str) -> None:
    from projtrack.jobs.notices import NoticesReport
    from projtrack.outputs import write_atomic
    from projtrack.render.notices import notices_markdown

    assert isinstance(report, NoticesReport)
    if kind == "md":
        text = notices_markdown(report, punctuation)
        if folder is None:
            say(text, nl=False)
            return
        path = folder / f"督办单-{report.as_of.date.isoformat()}.md"
        write_atomic(path, text)
        say(f"已写入 Wrote {path}", err=True)
        return
    from projtrack.render.notices_docx import render_notice_docx

    assert folder is not None
    for notice in report.notices:
        name = f"督办单{notice.label}-{_safe(notice.unit)}.docx"
        write_atomic(folder / name, render_notice_docx(report, notice, punctuation))
        say(f"已写入 Wrote {folder / name}", err=True)
    if not report.notices:
        say("没有需要督办的单位，未写入文件 No unit has anything to supervise.", err=True)


def _safe(name: str) -> str:
    """A unit's name as a file name on every system."""
    return "".join("_" if ch in '\\/:*?"<>|' or ord(ch) < 32 else ch for ch in name).strip()
