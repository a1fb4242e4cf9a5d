"""Compare two source trees in-process (job time after imports) on the 10k ledgers.

    python benchmarks/compare_trees.py OLD_TREE NEW_TREE

Each tree is a checkout (e.g. ``git worktree add /tmp/old REV``); three interleaved rounds
of inprocess.py per command and tree, the median of the best-of-3 times reported.
"""

import json
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
D = str(HERE / "data")
TREES = sys.argv[1:3]
specs = [
    ("rank", f"{D}/tidy_10000.xlsx", ["--format", "json"]),
    ("rank", f"{D}/messy_10000.xlsx", ["--format", "json"]),
    ("brief", f"{D}/messy_10000.xlsx", ["--format", "md"]),
    ("warn", f"{D}/messy_10000.xlsx", ["--format", "json"]),
]
res = {}
for rnd in range(3):
    for tree in TREES:
        for cmd, f, extra in specs:
            out = subprocess.run(
                [sys.executable, str(HERE / "inprocess.py"), "3", f, cmd, f, *extra],
                capture_output=True,
                text=True,
                cwd="/tmp",
                env={"PYTHONPATH": f"{tree}/src", "PATH": "/usr/bin:/bin"},
            )
            try:
                best = json.loads(out.stdout.strip().splitlines()[-1])["best"]
            except Exception:
                best = None
                print(out.stderr[-300:])
            res.setdefault((cmd, f.split("/")[-1], tree), []).append(best)
for k, v in sorted(res.items()):
    print(
        k, [round(x, 3) for x in v if x], "median", round(statistics.median([x for x in v if x]), 3)
    )
