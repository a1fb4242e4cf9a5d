"""``projtrack check``: show what was read from a ledger, and every finding with its cell."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from projtrack.cli import options as o
from projtrack.cli.console import say


class CheckFormat(StrEnum):
    """Output formats of ``check``."""

    table = "table"
    json = "json"


def check(
    ledger: o.LedgerArg,
    fmt: Annotated[
        CheckFormat, typer.Option("--format", "-f", metavar="FORMAT", help="输出格式 table 或 json")
    ] = (CheckFormat.table),
    as_of: o.AsOfOpt = None,
    year: o.Year = None,
    month: o.Month = None,
    quarter: o.Quarter = None,
    config: o.ConfigOpt = None,
    include_hidden: o.IncludeHidden = False,
) -> None:
    """检查台账 Show the layout read from a ledger and every finding (exit 1 on errors)."""
    from projtrack.jobs.check import check as run_check

    cfg = o.load_config(config, include_hidden)
    report = run_check(ledger=ledger, **o.period(as_of, year, month, quarter), config=cfg)
    if fmt is CheckFormat.json:
        from projtrack.render.machine import to_json

        say(to_json(report.to_json(), cfg.general.punctuation), nl=False)
    else:
        from projtrack.render.check import render_check
        from projtrack.render.terminal import make_console

        render_check(report, make_console())
    if report.errors:
        raise typer.Exit(1)
