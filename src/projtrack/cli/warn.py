"""``projtrack warn``: 红黄蓝 warnings for every project, with the reason."""

from __future__ import annotations

from typing import Annotated

import typer

from projtrack.cli import options as o
from projtrack.cli.errors import report_warnings
from projtrack.cli.output import emit_views


def warn(
    ledger: o.LedgerArg,
    by: o.By = None,
    fmt: o.Format = None,
    output: o.Output = None,
    all_projects: Annotated[
        bool, typer.Option("--all", help="列出蓝色项目 Also list blue (on-track) projects.")
    ] = False,
    as_of: o.AsOfOpt = None,
    year: o.Year = None,
    month: o.Month = None,
    quarter: o.Quarter = None,
    convention: o.ConventionOpt = None,
    config: o.ConfigOpt = None,
    store: o.StoreOpt = None,
    stats: o.StatsOpt = None,
    include_hidden: o.IncludeHidden = False,
    verbose: o.Verbose = False,
) -> None:
    """红黄蓝预警 Colour every project red/yellow/blue by progress, start and 入统."""
    from projtrack.jobs.stored import store_for
    from projtrack.jobs.warn import warn as run_warn
    from projtrack.render.supervision import warn_views

    cfg = o.load_config(config, include_hidden)
    report = run_warn(
        ledger=ledger,
        by=by.value if by else None,
        config=cfg,
        store=store_for(cfg, store),
        stats=stats,
        convention=convention.value if convention else None,
        **o.period(as_of, year, month, quarter),
    )
    emit_views(
        report,
        lambda: warn_views(report, show_blue=all_projects),
        fmt,
        output,
        punctuation=cfg.general.punctuation,
        json_data=lambda r: r.to_json(frames=True),  # written column by column
    )
    report_warnings(report.warnings, verbose=verbose)
