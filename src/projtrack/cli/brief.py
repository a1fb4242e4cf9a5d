"""``projtrack brief``: the briefing (简报) as Markdown, an Excel workbook or a Word document."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from . import options as o
from .errors import report_warnings


class BriefFormat(StrEnum):
    """Output formats of ``brief``."""

    md = "md"
    xlsx = "xlsx"
    docx = "docx"


SUFFIXES = {".md": BriefFormat.md, ".xlsx": BriefFormat.xlsx, ".docx": BriefFormat.docx}


def brief(
    ledger: o.LedgerArg,
    week: Annotated[
        int | None, typer.Option("--week", min=1, max=53, help="周调度 ISO week N of --year.")
    ] = None,
    month: o.Month = None,
    quarter: o.Quarter = None,
    full_year: Annotated[bool, typer.Option("--full-year", help="年总结 The whole year.")] = False,
    year: o.Year = None,
    as_of: o.AsOfOpt = None,
    by: o.By = None,
    top: o.Top = 3,
    fmt: Annotated[
        BriefFormat | None,
        typer.Option("--format", "-f", help="md, xlsx or docx (default: from -o, else md)."),
    ] = None,
    output: o.Output = None,
    template: Annotated[
        Path | None,
        typer.Option("--template", exists=True, dir_okay=False, help="Jinja2 模板 for md."),
    ] = None,
    scope: Annotated[
        str | None, typer.Option("--scope", help="范围用语 e.g. 全县/全市 (default: from title).")
    ] = None,
    convention: o.ConventionOpt = o.Convention.month,
    verbose: o.Verbose = False,
) -> None:
    """简报 Write the briefing: headline, ranking, lagging projects, new starts, problems."""
    from ..brief import brief as run_brief
    from ..outputs import write_atomic

    kind = fmt or (SUFFIXES.get(output.suffix.lower()) if output else None) or BriefFormat.md
    if template is not None and kind is not BriefFormat.md:
        raise typer.BadParameter("--template applies to --format md", param_hint="--template")
    briefing = run_brief(
        ledger=ledger,
        by=by.value if by else None,
        top=top,
        week=week,
        month=month,
        quarter=quarter,
        year=year,
        full_year=full_year,
        as_of=as_of.date() if as_of else None,
        convention=convention.value,
        scope=scope,
    )
    if kind is BriefFormat.md:
        from ..render.brief_md import render_brief_md

        text = render_brief_md(briefing, template=template)
        if output is None:
            typer.echo(text, nl=False)
        else:
            write_atomic(output, text)
            typer.echo(f"已写入 Wrote {output}", err=True)
    else:
        target = output or Path(f"简报_{briefing.title}.{kind.value}")
        if kind is BriefFormat.xlsx:
            from ..render.brief_xlsx import render_brief_xlsx as render
        else:
            from ..render.brief_docx import render_brief_docx as render
        write_atomic(target, render(briefing))
        typer.echo(f"已写入 Wrote {target}", err=True)
    report_warnings(briefing.ranking.warnings, verbose=verbose)
