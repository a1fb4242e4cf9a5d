"""``projtrack rutong``: reconcile a ledger with the statistics bureau's list (入统)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from projtrack.cli import options as o
from projtrack.cli.errors import report_warnings
from projtrack.cli.output import emit_views


def rutong(
    ledger: o.LedgerArg,
    stats: Annotated[
        Path,
        typer.Argument(
            exists=True,
            dir_okay=False,
            readable=True,
            metavar="STATS",
            help="统计入库清单 The statistics bureau's list (项目代码, 项目名称, 本年完成投资).",
        ),
    ],
    by: o.By = None,
    fmt: o.ReportFormatOpt = None,
    output: o.Output = None,
    as_of: o.AsOfOpt = None,
    year: o.Year = None,
    month: o.Month = None,
    quarter: o.Quarter = None,
    config: o.ConfigOpt = None,
    verbose: o.Verbose = False,
) -> None:
    """入统核对 Reconcile a ledger with the statistics bureau's list."""
    from projtrack.config import load_config
    from projtrack.jobs.rutong import rutong as run_rutong
    from projtrack.render.rutong import rutong_headline, rutong_views
    from projtrack.render.views_docx import views_docx

    cfg = load_config(config)
    report = run_rutong(
        ledger,
        stats,
        by=by.value if by else None,
        config=cfg,
        **o.period(as_of, year, month, quarter),
    )
    punctuation = cfg.general.punctuation
    emit_views(
        report,
        lambda: rutong_views(report),
        fmt,
        output,
        punctuation=punctuation,
        # the per-unit table first in a document (it is last for CSV)
        document=lambda shown: views_docx(
            "入统核对情况",
            rutong_headline(report),
            [shown[-1], *shown[:-1]],
            punctuation=punctuation,
        ),
    )
    report_warnings(report.warnings, verbose=verbose)
