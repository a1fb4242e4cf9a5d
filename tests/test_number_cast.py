"""``number_column`` (a cast for plain numbers, ``parse_number`` for the rest) reads every
cell as ``parse_number`` alone does, and flags exactly the cells ``unparsable_number``
flags; the reader relies on it wherever a column of numbers is read (the 完成率 column of
the reconciliation too)."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from projtrack.read.values import number_column, parse_number, unparsable_number

PIECES = [
    *"0123456789.,-+eE %约 x", "１", "．", "万", "元", "inf", "nan", "NaN", "1e400", "—", "无", "\u3000", "，", "％",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), st.lists(st.sampled_from(PIECES), max_size=7).map("".join)),
                max_size=40))  # fmt: skip
def test_the_cast_changes_no_value(cells: list[str | None]) -> None:
    series = pl.Series("c3", cells, dtype=pl.String)
    values, bad = number_column(series)
    oracle = series.to_frame("v").select(
        parse_number(pl.col("v")).alias("n"), unparsable_number(pl.col("v")).alias("bad")
    )
    assert values.name == "c3"
    assert values.to_list() == oracle["n"].to_list()
    assert bad.fill_null(False).to_list() == oracle["bad"].fill_null(False).to_list()
