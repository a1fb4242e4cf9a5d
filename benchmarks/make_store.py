"""Build a snapshot store of N monthly periods from one generated ledger, for the
``trend`` benchmark (``run.py``).

    python make_store.py LEDGER STORE_DIR MONTHS

The ledger is read once; period k (January 2023 onwards, one a month) stores its projects
with the year-to-date completion scaled to that month (k-th month of its year ÷ 6, the
ledgers being 1-6月), through the store's own API (``Store.ingest``: Parquet file,
SHA-256 and manifest, exactly as ``projtrack ingest`` writes them). ``projtrack ingest``
itself cannot store one 1-6月 ledger as 24 different months: the header's month range is
data, so asking for another month is refused.
"""

from __future__ import annotations

import sys
from pathlib import Path


def build(ledger: Path, root: Path, months: int) -> None:
    import polars as pl

    from projtrack.period import month_end
    from projtrack.read.load import load_ledger
    from projtrack.store import Store

    projects = load_ledger(ledger).projects
    store = Store(root)
    with store.locked():
        for k in range(months):
            year, month = 2023 + k // 12, k % 12 + 1
            frame = projects.with_columns(pl.col("completed_ytd") * (month / 6))
            store.ingest(frame, as_of=month_end(year, month), source=ledger,
                         sha256=f"{k:064x}", meta={"label": f"1-{month}月"})  # fmt: skip


if __name__ == "__main__":
    build(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]))
