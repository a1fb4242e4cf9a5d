"""Profile ``projtrack rank`` in-process with pyinstrument on a generated ledger.

    .venv/bin/python benchmarks/profile_rank.py [tidy|messy] [SIZE] [COMMAND ARGS...]

Writes ``benchmarks/results/profile_<command>_<layout>_<size>.txt`` (the call tree,
projtrack frames shown, library internals collapsed) and ``.html``, and prints the
tree. Needs ``pip install pyinstrument`` in the venv.
"""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path

from pyinstrument import Profiler

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import make_ledgers  # noqa: E402


def main() -> None:
    layout = sys.argv[1] if len(sys.argv) > 1 else "tidy"
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    command = sys.argv[3:] or ["rank", "--format", "json"]
    make_ledgers.generate([size], quiet=True)
    ledger = make_ledgers.paths(size)[layout]
    from projtrack.cli.launch import main as cli  # imported outside the profile, like start-up

    sys.argv = ["projtrack", command[0], str(ledger), *command[1:]]
    profiler = Profiler(interval=0.0005)
    sink = io.StringIO()
    profiler.start()
    with contextlib.redirect_stdout(sink), contextlib.suppress(SystemExit):
        cli()
    profiler.stop()
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    stem = out / f"profile_{command[0]}_{layout}_{size}"
    text = profiler.output_text(unicode=True, color=False, show_all=False,
                                short_mode=False)  # fmt: skip
    stem.with_suffix(".txt").write_text(text, encoding="utf-8")
    stem.with_suffix(".html").write_text(profiler.output_html(), encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
