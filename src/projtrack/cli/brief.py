"""``projtrack brief``: the briefing (简报) as Markdown, Excel, Word, HTML or PDF.

With a LEDGER it briefs that file; without one (the cron form) it takes the period from
the snapshot store, or ingests the newest ledger of that period from the inbox, and
exits 3 when there is no data. Every run leaves one log line (stderr or ``--log``).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from projtrack.cli import options as o
from projtrack.cli.console import say
from projtrack.cli.errors import report_warnings


class BriefFormat(StrEnum):
    """Output formats of ``brief``."""

    md = "md"
    xlsx = "xlsx"
    docx = "docx"
    html = "html"
    pdf = "pdf"
    json = "json"


SUFFIXES = {
    ".md": BriefFormat.md,
    ".xlsx": BriefFormat.xlsx,
    ".docx": BriefFormat.docx,
    ".html": BriefFormat.html,
    ".htm": BriefFormat.html,
    ".pdf": BriefFormat.pdf,
    ".json": BriefFormat.json,
}


def brief(
    ledger: Annotated[
        Path | None,
        typer.Argument(
            exists=True,
            dir_okay=False,
            callback=o.start_parsing,
            metavar="LEDGER",
            help="台账 Ledger; without it: the store / inbox.",
        ),
    ] = None,
    week: Annotated[
        int | None,
        typer.Option("--week", min=1, max=53, metavar="N", help="周调度 ISO week N of --year."),
    ] = None,
    month: o.Month = None,
    quarter: o.Quarter = None,
    full_year: Annotated[bool, typer.Option("--full-year", help="年总结 The whole year.")] = False,
    year: o.Year = None,
    as_of: o.AsOfOpt = None,
    by: o.By = None,
    top: o.Top = None,
    fmt: Annotated[
        BriefFormat | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="格式 md, xlsx, docx, html, pdf or json (default: from -o, else md).",
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="写入文件 File; placeholders {year} {period} {label} {date} {month} {place}.",
        ),
    ] = None,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template",
            exists=True,
            dir_okay=False,
            metavar="FILE",
            help="简报模板 Jinja2 template for the md briefing.",
        ),
    ] = None,
    scope: Annotated[
        str | None,
        typer.Option(
            "--scope", metavar="WORD", help="范围用语 e.g. 全县/全市 (default: from title)."
        ),
    ] = None,
    detail: Annotated[
        str,
        typer.Option(
            "--detail",
            metavar="auto|yes|no",
            help="明细表与完整清单 xlsx per-project sheet and full 问题清单/应开未开 lists: "
            "auto (up to 20,000 projects), yes or no.",
        ),
    ] = "auto",
    convention: o.ConventionOpt = None,
    config: o.ConfigOpt = None,
    include_hidden: o.IncludeHidden = False,
    store: o.StoreOpt = None,
    stats: o.StatsOpt = None,
    log: Annotated[
        Path | None,
        typer.Option(
            "--log", dir_okay=False, metavar="FILE", help="日志 Append the run's line here."
        ),
    ] = None,
    verbose: o.Verbose = False,
) -> None:
    """简报 Write the briefing: headline, ranking, lagging projects, new starts, problems."""
    from projtrack.jobs.cron import error_status, log_line

    fields: dict[str, Any] = {"ledger": ledger}
    try:
        _run(ledger=ledger, week=week, month=month, quarter=quarter, full_year=full_year,
             year=year, as_of=as_of, by=by, top=top, fmt=fmt, output=output,
             template=template, scope=scope, convention=convention, config=config,
             include_hidden=include_hidden, stats=stats,
             store=store, verbose=verbose, fields=fields, detail=detail)  # fmt: skip
    except BaseException as exc:  # a crash, a native panic or ^C too: every run leaves a line
        from projtrack.errors import OutputError

        line = log_line("brief", error_status(exc), **fields, error=str(exc) or type(exc).__name__)
        try:
            _log(log, line)
        except OutputError as unwritable:  # said, but the run's own error decides the exit
            say(f"错误 Error: {unwritable}", err=True)
        raise
    _log(log, log_line("brief", "ok", **fields))


def _log(path: Path | None, line: str) -> None:
    """Append the run's line to ``--log``. When that cannot be written the line goes to
    stderr, so that no run goes unrecorded, and the run fails (exit 1) saying why."""
    if path is None:
        say(line, err=True)
        return
    from projtrack.errors import OutputError
    from projtrack.outputs import append_line

    try:
        append_line(path, line)
    except OutputError:
        say(line, err=True)
        raise


def _run(*, ledger: Path | None, fields: dict[str, Any], **opts: Any) -> None:
    """Compute the briefing (from the ledger, or the store in the cron form) and write it."""
    from projtrack.figures.lists import ListRule
    from projtrack.jobs.brief import brief as run_brief
    from projtrack.jobs.brief import brief_from_store
    from projtrack.jobs.cron import expand_output
    from projtrack.jobs.stored import store_for
    from projtrack.outputs import write_atomic
    from projtrack.render.brief.output import render_brief
    from projtrack.render.brief.xlsx import DETAIL_LIMIT, LIST_ROWS, wants_detail

    if opts["detail"] not in ("auto", "yes", "no"):
        raise typer.BadParameter("use auto, yes or no", param_hint="--detail")
    if opts["fmt"] is BriefFormat.pdf or str(opts["output"] or "").lower().endswith(".pdf"):
        from projtrack.printing import require_browser

        require_browser()  # before the work: no engine, no briefing (exit 2)
    cfg = o.load_config(opts["config"], opts["include_hidden"])
    the_store = store_for(cfg, opts["store"])
    period = dict(
        week=opts["week"], month=opts["month"], quarter=opts["quarter"],
        full_year=opts["full_year"], year=opts["year"],
        as_of=opts["as_of"].date() if opts["as_of"] else None,
    )  # fmt: skip
    common: dict[str, Any] = dict(
        by=opts["by"].value if opts["by"] else None,
        convention=opts["convention"].value if opts["convention"] else None,
        scope=opts["scope"],
        rule=ListRule.from_config(cfg.lists, opts["top"]),
        stats=opts["stats"],
    )
    if ledger is None:
        # In the log's documented order (stored before skipped), absent while None.
        fields.update(inbox_stored=None, inbox_skipped=None)

        def report(kind: str, line: str) -> None:  # the inbox's files: stored or skipped
            say(line, err=True)
            if kind in ("stored", "skipped"):
                fields[f"inbox_{kind}"] = (fields.get(f"inbox_{kind}") or 0) + 1

        briefing = brief_from_store(store=the_store, config=cfg, report=report, **period,
                                    **common)  # fmt: skip
        fields["ledger"] = f"store:{briefing.ranking.as_of.source.removeprefix('store: period ')}"
    else:
        briefing = run_brief(ledger=ledger, store=the_store, config=cfg, **period, **common)
    out_path = None
    if opts["output"]:
        out_path = expand_output(
            opts["output"], briefing.as_of, week=opts["week"], place=briefing.place
        )
    suffix = SUFFIXES.get(out_path.suffix.lower()) if out_path else None
    kind = opts["fmt"] or suffix or BriefFormat.md
    if opts["template"] is not None and kind is not BriefFormat.md:
        raise typer.BadParameter("--template applies to --format md", param_hint="--template")
    fields.update(period=briefing.as_of.label, as_of=briefing.as_of.date.isoformat())
    detail = wants_detail(briefing.projects.height, opts["detail"])
    if kind is BriefFormat.xlsx and not detail and opts["detail"] == "auto":
        say(f"明细表已省略 The 明细 sheet is left out: {briefing.projects.height} projects > "
            f"{DETAIL_LIMIT}, and 问题清单/应开未开 stop at {LIST_ROWS} rows; add --detail yes "
            "to write them in full (about 1.3 s per 10,000 projects).", err=True)  # fmt: skip
    if kind is BriefFormat.pdf:  # the HTML page, printed to PDF by a browser on the machine
        from projtrack.printing import html_to_pdf
        from projtrack.render.brief.html import render_brief_html

        payload: str | bytes = html_to_pdf(render_brief_html(briefing))
    else:
        payload = render_brief(briefing, kind.value, template=opts["template"], detail=detail)
    if out_path is None and isinstance(payload, str):
        say(payload, nl=False)
    else:
        out_dir = Path(cfg.general.output_dir) if cfg.general.output_dir else Path()
        target = out_path or out_dir / f"简报_{briefing.title}.{kind.value}"
        write_atomic(target, payload)
        fields["output"] = target
        say(f"已写入 Wrote {target}", err=True)
    # What the counts count: findings about the ledger, projects per 红黄蓝 warning colour.
    fields["findings"] = len(briefing.ranking.warnings)
    fields.update(briefing.colour_counts)
    report_warnings(briefing.ranking.warnings, verbose=opts["verbose"])
