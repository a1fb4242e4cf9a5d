"""The ``projtrack`` console script: starts reading the ledger, then runs the commands.

Parsing a large workbook is most of a command's time, and calamine parses on a worker
thread (:mod:`projtrack.workbook`). So the parse starts here, before typer, Polars
and the library are imported (about 0.3 s that then overlap with the parse), and the
typer application in :mod:`projtrack.cli.app` is imported only after that.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Commands whose first argument is a ledger (cli.options.LedgerArg).
LEDGER_COMMANDS = frozenset(
    {"rank", "check", "brief", "warn", "starts", "problems", "ingest", "woniu", "notices"}
)


def head_start(argv: list[str]) -> None:
    """Start parsing the ledger named on the command line, if it comes first.

    Only for the usual form ``projtrack COMMAND LEDGER …``; in any other order the
    ledger argument's callback starts the parse once typer has read the line.
    """
    if len(argv) > 2 and argv[1] in LEDGER_COMMANDS and not argv[2].startswith("-"):
        path = Path(argv[2])
        if path.is_file():
            from projtrack.read.workbook import prefetch

            prefetch(path)


def main() -> None:
    """Console-script entry point."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure:
            reconfigure(errors="replace")
    head_start(sys.argv)
    from projtrack.cli.app import app

    app()
