"""``projtrack starts``: new starts, 开工率 and the 应开未开 list."""

from __future__ import annotations

from projtrack.cli import options as o
from projtrack.cli.errors import report_warnings
from projtrack.cli.output import emit_views


def starts(
    ledger: o.LedgerArg,
    by: o.By = None,
    fmt: o.Format = None,
    output: o.Output = None,
    as_of: o.AsOfOpt = None,
    year: o.Year = None,
    month: o.Month = None,
    quarter: o.Quarter = None,
    config: o.ConfigOpt = None,
    include_hidden: o.IncludeHidden = False,
    verbose: o.Verbose = False,
) -> None:
    """新开工 Due, started, 开工率 per group and the 应开未开 list with months overdue."""
    from projtrack.jobs.starts import starts as run_starts
    from projtrack.render.supervision import starts_views

    cfg = o.load_config(config, include_hidden)
    report = run_starts(
        ledger=ledger,
        by=by.value if by else None,
        **o.period(as_of, year, month, quarter),
        config=cfg,
    )
    emit_views(
        report, lambda: starts_views(report), fmt, output, punctuation=cfg.general.punctuation
    )
    report_warnings(report.warnings, verbose=verbose)
