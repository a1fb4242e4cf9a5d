"""``projtrack woniu``: the 蜗牛 projects (新昌's rule) and the 十大蜗牛项目 (巴中)."""

from __future__ import annotations

from typing import Annotated

import typer

from projtrack.cli import options as o
from projtrack.cli.errors import report_warnings
from projtrack.cli.output import emit_views


def woniu(
    ledger: o.LedgerArg,
    by: o.By = None,
    fmt: o.Format = None,
    output: o.Output = None,
    as_of: o.AsOfOpt = None,
    year: o.Year = None,
    month: o.Month = None,
    quarter: o.Quarter = None,
    config: o.ConfigOpt = None,
    store: o.StoreOpt = None,
    no_record: Annotated[
        bool,
        typer.Option("--no-record", help="不记入快照库 Do not record this period's list."),
    ] = False,
    stats: o.StatsOpt = None,
    verbose: o.Verbose = False,
) -> None:
    """蜗牛项目 List the projects that crawl: late start, red twice running, late finish."""
    from projtrack.config import load_config
    from projtrack.jobs.stored import store_for
    from projtrack.jobs.woniu import woniu as run_woniu
    from projtrack.render.woniu import woniu_views

    cfg = load_config(config)
    report = run_woniu(
        ledger=ledger,
        by=by.value if by else None,
        config=cfg,
        store=store_for(cfg, store),
        record=not no_record,
        stats=stats,
        **o.period(as_of, year, month, quarter),
    )
    emit_views(report, woniu_views(report), fmt, output, punctuation=cfg.general.punctuation)
    report_warnings(report.warnings, verbose=verbose)
