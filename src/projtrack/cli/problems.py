"""``projtrack problems``: the 问题清单, open and overdue problems first."""

from __future__ import annotations

from typing import Annotated

import typer

from projtrack.cli import options as o
from projtrack.cli.errors import report_warnings
from projtrack.cli.output import emit_views
from projtrack.vocab import GroupBy


def problems(
    ledger: o.LedgerArg,
    by: Annotated[
        GroupBy | None,
        typer.Option(
            "--by",
            metavar="FIELD",
            help="分组 Count per responsible unit (default), or per leader (包保领导), region, "
            "level, category or stage.",
            show_default=False,
        ),
    ] = None,
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
    report = run_problems(ledger=ledger, by=by.value if by else None, config=cfg,
                          **o.period(as_of, year, month, quarter))  # fmt: skip
    emit_views(
        report, lambda: problems_views(report), fmt, output, punctuation=cfg.general.punctuation
    )
    report_warnings(report.warnings, verbose=verbose)
