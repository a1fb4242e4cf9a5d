"""``projtrack lalian``: score and rank a 拉练 (on-site inspection tour) from the judges' sheets."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from projtrack.cli import options as o
from projtrack.cli.errors import report_warnings
from projtrack.cli.output import emit_views
from projtrack.vocab import LalianMethod


def lalian(
    scores: Annotated[
        Path,
        typer.Argument(
            exists=True,
            dir_okay=False,
            readable=True,
            metavar="SCORES",
            help="评委打分表 The judges' score sheets (.xlsx .xls .ods .csv).",
        ),
    ],
    method: Annotated[
        LalianMethod | None,
        typer.Option(
            "--method",
            metavar="METHOD",
            help="计分方法 mean, trimmed, weighted, vote or periods "
            "(default: [lalian] method, else mean).",
        ),
    ] = None,
    label: Annotated[
        str | None,
        typer.Option(
            "--label",
            metavar="WORDS",
            help="期别 Period words for the sentence, e.g. 2024年一季度 "
            "(default: from the file name).",
        ),
    ] = None,
    allow_missing: Annotated[
        bool,
        typer.Option("--allow-missing", help="缺分 Leave a missing score out of its unit's mean."),
    ] = False,
    fmt: o.ReportFormatOpt = None,
    output: o.Output = None,
    config: o.ConfigOpt = None,
    verbose: o.Verbose = False,
) -> None:
    """拉练测评 Score and rank units from the judges' sheets, with 前三名/后三名."""
    from projtrack.config import load_config
    from projtrack.jobs.lalian import lalian as run_lalian
    from projtrack.render.lalian import lalian_sentence, lalian_title, lalian_views
    from projtrack.render.views_docx import views_docx

    cfg = load_config(config)
    report = run_lalian(
        scores,
        method=method.value if method else None,
        label=label,
        allow_missing=allow_missing,
        config=cfg,
    )
    punctuation = cfg.general.punctuation
    emit_views(
        report,
        lalian_views(report),
        fmt,
        output,
        punctuation=punctuation,
        document=lambda shown: views_docx(
            lalian_title(report), lalian_sentence(report), shown, punctuation=punctuation
        ),
    )
    report_warnings(report.warnings, verbose=verbose)
