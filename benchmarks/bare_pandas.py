"""Baseline (b): the same read-and-group with pandas + openpyxl (the usual office script).

    python bare_pandas.py FILE HEADER_ROW [SHEET ...]

Arguments as for ``bare_polars.py``; a .csv is read with ``pd.read_csv``.
"""

from __future__ import annotations

import sys

import pandas as pd

REGION, PLAN, DONE = "县(市、区)", "2024年计划投资", "1-6月完成投资"


def number(values: pd.Series) -> pd.Series:
    if values.dtype == object:
        values = values.astype(str).str.replace(",", "", regex=False)
    return pd.to_numeric(values, errors="coerce")


def main() -> None:
    path, header_row, sheets = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    if path.endswith(".csv"):
        frame = pd.read_csv(path, skiprows=header_row)
    elif sheets:
        parts = pd.read_excel(path, sheet_name=sheets, header=header_row, engine="openpyxl")
        frame = pd.concat(parts.values(), ignore_index=True)
    else:
        frame = pd.read_excel(path, header=header_row, engine="openpyxl")
    frame = frame[frame[REGION].notna()]
    frame = frame.assign(plan=number(frame[PLAN]), done=number(frame[DONE]))
    out = frame.groupby(REGION).agg(projects=("plan", "size"), plan=("plan", "sum"),
                                    done=("done", "sum"))  # fmt: skip
    out["rate"] = out["done"] / out["plan"]
    print(out.sort_values("rate", ascending=False).to_csv())


if __name__ == "__main__":
    main()
