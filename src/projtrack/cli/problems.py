"""``projtrack problems``: the 问题清单, open and overdue problems first."""

from __future__ import annotations

from projtrack.cli import options as o
from projtrack.cli.errors import report_warnings
from projtrack.cli.output import emit_views


def problems(
    ledger: o.LedgerArg,
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
    """问题清单 Problems by responsible unit: open, overdue, resolved, 销号."""
    from projtrack.jobs.problems import problems as run_problems
    from projtrack.render.supervision import problems_views

    cfg = o.load_config(config, include_hidden)
    report = run_problems(ledger=ledger, config=cfg, **o.period(as_of, year, month, quarter))
    emit_views(
        report, lambda: problems_views(report), fmt, output, punctuation=cfg.general.punctuation
    )
    report_warnings(report.warnings, verbose=verbose)
