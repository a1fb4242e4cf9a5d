"""``projtrack duibiao``: benchmark one unit against a model unit or the average (对标)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from projtrack.cli import options as o
from projtrack.cli.errors import report_warnings
from projtrack.cli.output import emit_views


def duibiao(
    series: Annotated[
        Path | None,
        typer.Argument(
            exists=True,
            dir_okay=False,
            readable=True,
            metavar="SERIES",
            help="对标数据 A series file (期别 | 单位 | 值); without it: the snapshot store.",
        ),
    ] = None,
    unit: Annotated[
        str, typer.Option("--unit", metavar="NAME", help="对标单位 The unit measured.")
    ] = "",
    model: Annotated[
        str,
        typer.Option(
            "--model", metavar="NAME", help="标杆 The model: another unit, or average (平均水平)."
        ),
    ] = "average",
    indicator: Annotated[
        str | None,
        typer.Option("--indicator", metavar="NAME", help="指标 Which indicator of the file."),
    ] = None,
    by: o.By = None,
    fmt: o.ReportFormatOpt = None,
    output: o.Output = None,
    convention: o.ConventionOpt = None,
    config: o.ConfigOpt = None,
    store: o.StoreOpt = None,
    verbose: o.Verbose = False,
) -> None:
    """对标 Benchmark a unit against a model unit or the average."""
    from projtrack.config import load_config
    from projtrack.jobs.duibiao import duibiao as run_duibiao
    from projtrack.jobs.stored import store_for
    from projtrack.render.duibiao import duibiao_sentence, duibiao_title, duibiao_views
    from projtrack.render.duibiao_xlsx import duibiao_xlsx
    from projtrack.render.views_docx import views_docx

    if not unit:
        raise typer.BadParameter("name the unit measured", param_hint="--unit")
    cfg = load_config(config)
    report = run_duibiao(
        series,
        unit=unit,
        model=model,
        indicator=indicator,
        by=by.value if by else None,
        store=store_for(cfg, store) if series is None else None,
        convention=convention.value if convention else None,
        config=cfg,
    )
    emit_views(
        report,
        duibiao_views(report),
        fmt,
        output,
        punctuation=cfg.general.punctuation,
        workbook=lambda shown: duibiao_xlsx(report, shown),
        document=lambda shown: views_docx(
            duibiao_title(report),
            duibiao_sentence(report),
            shown,
            punctuation=cfg.general.punctuation,
        ),
    )
    report_warnings(report.warnings, verbose=verbose)
