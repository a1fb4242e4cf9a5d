"""Baseline (a): read a ledger with polars + calamine and group it, with no layout logic.

    python bare_polars.py FILE HEADER_ROW [SHEET ...]

HEADER_ROW is the 0-based row holding the column names (2 for the generated ledgers:
title, unit line, header). For a multi-sheet ledger the sheets are named on the command
line (the county sheets) and stacked. Rows without a 县(市、区) (the child header row,
section, 合计 and note rows) are dropped; the rest is summed per county. A .csv is read
with ``pl.read_csv`` skipping the same rows.
"""

from __future__ import annotations

import sys

import polars as pl

REGION, PLAN, DONE = "县(市、区)", "2024年计划投资", "1-6月完成投资"


def number(name: str, dtype: pl.DataType) -> pl.Expr:
    col = pl.col(name)
    if dtype == pl.String:  # a column with text in it ("金额" under the merged header)
        col = col.str.replace_all(",", "")
    return col.cast(pl.Float64, strict=False)


def main() -> None:
    path, header_row, sheets = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    if path.endswith(".csv"):
        frame = pl.read_csv(path, skip_rows=header_row)
    elif sheets:
        parts = pl.read_excel(path, engine="calamine", sheet_name=sheets,
                              read_options={"header_row": header_row})  # fmt: skip
        frame = pl.concat(parts.values(), how="diagonal_relaxed")
    else:
        frame = pl.read_excel(path, engine="calamine", read_options={"header_row": header_row})
    schema = frame.schema
    out = (
        frame.filter(pl.col(REGION).is_not_null())
        .group_by(REGION)
        .agg(
            pl.len().alias("projects"),
            number(PLAN, schema[PLAN]).sum().alias("plan"),
            number(DONE, schema[DONE]).sum().alias("done"),
        )
        .with_columns((pl.col("done") / pl.col("plan")).alias("rate"))
        .sort("rate", descending=True)
    )
    print(out.write_csv())


if __name__ == "__main__":
    main()
