"""Time one projtrack command in-process, after start-up and imports: the job alone.

    python inprocess.py RUNS FILE COMMAND [ARGS...]

Runs the command once on the shipped example ledger (imports, first calls; on FILE itself
when FILE is a store folder), then RUNS times on FILE, and prints the fastest wall time and
the fastest CPU time (user + system, every thread) as JSON: {"best": s, "best_cpu": s}.

Why: whole-command timings (``run.py``) include start-up, and projtrack starts parsing
the ledger on a worker thread while it imports typer and Polars. For a small ledger
the whole parse hides behind those imports, so the whole-command time barely moves
from 1k to 10k projects and cannot show how the work grows with size. In-process,
the command reads, checks and ranks with nothing to overlap, so these times are the
ones to compare across sizes.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "zhongjiang_2024_q1.xlsx"


def run(app, argv: list[str]) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Wall and CPU time (every thread's) of one command; its output goes to /dev/null."""
    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink), \
            contextlib.redirect_stderr(sink):  # fmt: skip
        start, cpu = time.perf_counter(), time.process_time()
        try:
            app(argv, standalone_mode=False)
        except SystemExit:
            pass
        return time.perf_counter() - start, time.process_time() - cpu


def main() -> None:
    runs, file, command = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    from projtrack.cli.app import app

    # A store folder (trend --store DIR) is its own warm-up: there is no example store.
    warm = command if Path(file).is_dir() else [a.replace(file, str(EXAMPLE)) for a in command]
    run(app, warm)
    times = [run(app, command) for _ in range(runs)]
    print(json.dumps({"best": min(w for w, _ in times), "best_cpu": min(c for _, c in times)}))


if __name__ == "__main__":
    main()
