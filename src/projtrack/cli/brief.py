"""``projtrack brief``: the briefing (简报) as Markdown, an Excel workbook or a Word document.

With a LEDGER it briefs that file; without one (the cron form) it takes the period from
the snapshot store, or ingests the newest ledger of that period from the inbox, and
exits 3 when there is no data. Every run leaves one log line (stderr or ``--log``).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from . import options as o
from .console import say
from .errors import report_warnings


class BriefFormat(StrEnum):
    """Output formats of ``brief``."""

    md = "md"
    xlsx = "xlsx"
    docx = "docx"
    json = "json"


SUFFIXES = {
    ".md": BriefFormat.md,
    ".xlsx": BriefFormat.xlsx,
    ".docx": BriefFormat.docx,
    ".json": BriefFormat.json,
}


def brief(
    ledger: Annotated[
        Path | None,
        typer.Argument(
            exists=True, dir_okay=False, help="台账 Ledger; without it: the store / inbox."
        ),
    ] = None,
    week: Annotated[
        int | None, typer.Option("--week", min=1, max=53, help="周调度 ISO week N of --year.")
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
        typer.Option("--format", "-f", help="md, xlsx, docx or json (default: from -o, else md)."),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="写入文件 File; placeholders {year} {period} {label} {date} {month} {place}.",
        ),
    ] = None,
    template: Annotated[
        Path | None,
        typer.Option("--template", exists=True, dir_okay=False, help="Jinja2 模板 for md."),
    ] = None,
    scope: Annotated[
        str | None, typer.Option("--scope", help="范围用语 e.g. 全县/全市 (default: from title).")
    ] = None,
    detail: Annotated[
        str,
        typer.Option(
            "--detail",
            help="xlsx 明细表 per-project sheet: auto (up to 20,000 projects), yes or no.",
        ),
    ] = "auto",
    convention: o.ConventionOpt = None,
    config: o.ConfigOpt = None,
    store: o.StoreOpt = None,
    log: Annotated[
        Path | None, typer.Option("--log", dir_okay=False, help="日志 Append the run's line here.")
    ] = None,
    verbose: o.Verbose = False,
) -> None:
    """简报 Write the briefing: headline, ranking, lagging projects, new starts, problems."""
    from ..scheduled import error_status, log_line

    fields: dict[str, Any] = {"ledger": ledger}
    try:
        _run(ledger=ledger, week=week, month=month, quarter=quarter, full_year=full_year,
             year=year, as_of=as_of, by=by, top=top, fmt=fmt, output=output,
             template=template, scope=scope, convention=convention, config=config,
             store=store, verbose=verbose, fields=fields, detail=detail)  # fmt: skip
    except Exception as exc:
        _log(log, log_line("brief", error_status(exc), **fields, error=str(exc)))
        raise
    _log(log, log_line("brief", "ok", **fields))


def _log(path: Path | None, line: str) -> None:
    if path is None:
        say(line, err=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")


def _run(*, ledger: Path | None, fields: dict[str, Any], **opts: Any) -> None:
    from ..brief import brief as run_brief
    from ..config import load_config
    from ..history import store_for
    from ..outputs import write_atomic
    from ..scheduled import default_year, expand_output, requested_as_of, stored_ledger

    cfg = load_config(opts["config"])
    the_store = store_for(cfg, opts["store"])
    as_of_date = opts["as_of"].date() if opts["as_of"] else None
    common: dict[str, Any] = dict(
        by=opts["by"].value if opts["by"] else None,
        convention=opts["convention"].value if opts["convention"] else cfg.general.convention,
        scope=opts["scope"] or cfg.general.scope or None,
        place=cfg.general.place or None,
        rule=cfg.list_rule(opts["top"]),
        store=the_store,
        config=cfg,
    )
    if ledger is None:
        year = opts["year"] or default_year(the_store)
        requested, start = requested_as_of(
            week=opts["week"], month=opts["month"], quarter=opts["quarter"],
            full_year=opts["full_year"], as_of=as_of_date, year=year,
        )  # fmt: skip
        inbox = Path(cfg.store.inbox) if cfg.store.inbox else None
        with the_store.locked(timeout=cfg.store.lock_timeout):
            loaded, stored = stored_ledger(
                store=the_store, requested=requested, start=start, inbox=inbox, config=cfg
            )
            fields["ledger"] = f"store:{stored.source.removeprefix('store: period ')}"
            briefing = run_brief(ledger=loaded, stored_as_of=stored, **common)
    else:
        briefing = run_brief(
            ledger=ledger, week=opts["week"], month=opts["month"], quarter=opts["quarter"],
            year=opts["year"], full_year=opts["full_year"], as_of=as_of_date, **common,
        )  # fmt: skip
    if opts["week"] is not None:
        from ..period import AsOf, week_label

        d = briefing.ranking.as_of
        label = week_label(d.date.isocalendar()[0], opts["week"])
        briefing.ranking.as_of = AsOf(d.date, label, d.source, d.findings)
    fmt, output = opts["fmt"], opts["output"]
    out_path = None
    if output:
        out_path = expand_output(output, briefing.as_of, week=opts["week"], place=briefing.place)
    kind = fmt or (SUFFIXES.get(out_path.suffix.lower()) if out_path else None) or BriefFormat.md
    if opts["template"] is not None and kind is not BriefFormat.md:
        raise typer.BadParameter("--template applies to --format md", param_hint="--template")
    fields.update(period=briefing.as_of.label, as_of=briefing.as_of.date.isoformat())
    if kind in (BriefFormat.md, BriefFormat.json):
        if kind is BriefFormat.json:
            from ..brief import brief_json
            from ..render.machine import to_json

            text = to_json(brief_json(briefing))
        else:
            from ..render.brief_md import render_brief_md

            text = render_brief_md(briefing, template=opts["template"])
        if out_path is None:
            say(text, nl=False)
        else:
            write_atomic(out_path, text)
            fields["output"] = out_path
            say(f"已写入 Wrote {out_path}", err=True)
    else:
        out_dir = Path(cfg.general.output_dir) if cfg.general.output_dir else Path()
        target = out_path or out_dir / f"简报_{briefing.title}.{kind.value}"
        if kind is BriefFormat.xlsx:
            from ..render.brief_xlsx import DETAIL_LIMIT, render_brief_xlsx, wants_detail

            if opts["detail"] not in ("auto", "yes", "no"):
                raise typer.BadParameter("use auto, yes or no", param_hint="--detail")
            n = briefing.projects.height
            detail = wants_detail(n, opts["detail"])
            if not detail and opts["detail"] == "auto":
                say(f"明细表已省略 The 明细 sheet is left out: {n} projects > {DETAIL_LIMIT}"
                    "; add --detail yes to write it (about 1.3 s per 10,000 projects).",
                    err=True)  # fmt: skip
            payload = render_brief_xlsx(briefing, detail=detail)
        else:
            from ..render.brief_docx import render_brief_docx

            payload = render_brief_docx(briefing)
        write_atomic(target, payload)
        fields["output"] = target
        say(f"已写入 Wrote {target}", err=True)
    fields["warnings"] = len(briefing.ranking.warnings)
    report_warnings(briefing.ranking.warnings, verbose=opts["verbose"])
