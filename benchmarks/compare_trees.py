"""Compare two source trees in-process (job time after imports) on the 10k ledgers.

    python benchmarks/compare_trees.py OLD_TREE NEW_TREE

Each tree is a checkout (e.g. ``git worktree add /tmp/old REV``). Three interleaved rounds
of ``inprocess.py`` (best of 3 runs each) per command and tree; the median is reported.
The ledgers come from ``make_ledgers.py --sizes 10000``.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
SPECS = [
    ("rank", "tidy_10000.xlsx", ["--format", "json"]),
    ("rank", "messy_10000.xlsx", ["--format", "json"]),
    ("brief", "messy_10000.xlsx", ["--format", "md"]),
    ("warn", "messy_10000.xlsx", ["--format", "json"]),
]
ROUNDS = 3


def best(tree: str, command: str, ledger: Path, extra: list[str]) -> float | None:
    """The best of 3 in-process runs of one command with ``tree``'s source."""
    env = {"PYTHONPATH": f"{tree}/src", "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    args = [sys.executable, str(HERE / "inprocess.py"), "3", str(ledger), command,
            str(ledger), *extra]  # fmt: skip
    out = subprocess.run(args, capture_output=True, text=True, cwd="/tmp", env=env)
    try:
        return float(json.loads(out.stdout.strip().splitlines()[-1])["best"])
    except (IndexError, ValueError, KeyError):
        print(out.stderr[-300:], file=sys.stderr)
        return None


def main() -> None:
    trees = sys.argv[1:3]
    times: dict[tuple[str, str, str], list[float]] = {}
    for _ in range(ROUNDS):
        for tree in trees:
            for command, name, extra in SPECS:
                took = best(tree, command, DATA / name, extra)
                if took is not None:
                    times.setdefault((command, name, tree), []).append(took)
    for key, values in sorted(times.items()):
        print(*key, [round(v, 3) for v in values], "median", round(statistics.median(values), 3))


if __name__ == "__main__":
    main()
