"""CPU time of whole ``projtrack rank`` processes against the bare polars read, before/after.

    .venv/bin/python benchmarks/read_cpu.py RUNS BEFORE_SRC

BEFORE_SRC is the ``src`` folder of another checkout (``git archive main src | tar -x -C
/tmp/base``, then ``/tmp/base/src``); "after" is this checkout's installed package. Each
command runs as a fresh process, RUNS rounds interleaved; a child's CPU time (user + sys,
every thread) and peak RSS come from ``os.wait4``. Prints the minimum CPU time and the
maximum peak RSS of each. Needs ``make_ledgers.py``'s 100k ledgers.
"""

import os
import subprocess
import sys
from pathlib import Path

import fastexcel

HERE = Path(__file__).resolve().parent
PY = sys.executable
D = str(HERE / "data")


LEDGERS = [("tidy xlsx", "tidy_100000.xlsx"), ("messy xlsx", "messy_100000.xlsx"),
           ("csv", "tidy_100000.csv")]  # fmt: skip


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """CPU seconds (user + sys, all threads) and peak RSS (MB) of one child process."""
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                             cwd=D)  # fmt: skip
    _, _, usage = os.wait4(child.pid, 0)
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    rounds, before = int(sys.argv[1]), sys.argv[2]
    counties = fastexcel.read_excel(f"{D}/messy_100000.xlsx").sheet_names[1:]
    old = dict(os.environ, PYTHONPATH=before)
    new = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    bare = [PY, str(HERE / "bare_polars.py")]
    cases = {
        "bare tidy xlsx": ([*bare, "tidy_100000.xlsx", "2"], new),
        "bare messy xlsx": ([*bare, "messy_100000.xlsx", "3", *counties], new),
        "bare csv": ([*bare, "tidy_100000.csv", "2"], new),
    }
    for name, file in LEDGERS:
        rank = [PY, "-m", "projtrack", "rank", file, "--format", "json"]
        cases[f"rank {name} before"] = (rank, old)
        cases[f"rank {name} after"] = (rank, new)
    results: dict[str, list[tuple[float, float]]] = {k: [] for k in cases}
    for _ in range(rounds):
        for key, (cmd, env) in cases.items():
            results[key].append(run(cmd, env))
    for key, runs in results.items():
        cpu, rss = min(c for c, _ in runs), max(r for _, r in runs)
        print(f"{key:24s} cpu {cpu:.3f} s  peak rss {rss:.0f} MB")


if __name__ == "__main__":
    main()
