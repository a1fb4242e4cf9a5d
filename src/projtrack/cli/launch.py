"""The ``projtrack`` console script: starts reading the ledger, then runs the commands.

Parsing a large workbook is most of a command's time, and calamine parses on a worker
thread (:mod:`projtrack.workbook`). So the parse starts here, before typer, Polars
and the library are imported (about 0.3 s that then overlap with the parse), and the
typer application in :mod:`projtrack.cli.app` is imported only after that.
"""

from __future__ import annotations

import os
import signal
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


# Polars allocates with jemalloc, which gives each worker thread its own arena: pages one
# thread freed are not reused by another, and a briefing held about 330 MB where one arena
# holds 270 MB (100k projects, the bare read 167 MB), at the same CPU time. Read by
# jemalloc when Polars is first loaded; a value the user set wins.
ALLOCATOR = ("_RJEM_MALLOC_CONF", "narenas:1")


def _terminated(_signum: int, _frame: object) -> None:
    """SIGTERM (``timeout``, a stopping service, cron's kill) ends the run as ^C does: the
    output being written is removed, the store's lock released, and ``brief --log`` gets
    its line (status=interrupted) — a run killed so left no line at all."""
    raise KeyboardInterrupt("terminated (SIGTERM)")


def main() -> None:
    """Start the parse, then run the command line (ends with SystemExit)."""
    os.environ.setdefault(*ALLOCATOR)
    signal.signal(signal.SIGTERM, _terminated)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure:
            reconfigure(errors="replace")
    head_start(sys.argv)
    from projtrack.cli.app import app

    app()


def console() -> None:
    """The ``projtrack`` command and ``python -m projtrack``: :func:`main`, then
    :func:`leave` with its exit code (``main`` itself ends with SystemExit, as typer
    does, for a caller in the same process)."""
    try:
        main()
    except SystemExit as exc:
        leave(exc.code)
    leave(0)


def leave(code: int | str | None) -> None:
    """Flush what the run printed and end the process without the interpreter's teardown.

    Every output file is complete and renamed into place before the command returns
    (:mod:`projtrack.outputs`), the store's lock is released and no file is left open for
    writing, so nothing is lost by skipping the teardown: freeing every module and
    frame one by one (tens of ms after a large ledger; the OS takes the memory back at
    once) and joining the workbook's worker threads. When stdout or stderr cannot be
    flushed (a closed pipe), the usual exit runs instead and reports it as Python does.
    """
    if isinstance(code, str):  # sys.exit("message"): printed, exit 1, as Python does
        print(code, file=sys.stderr)
        code = 1
    status = 0 if code is None else code
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        raise SystemExit(status) from None
    os._exit(status)
