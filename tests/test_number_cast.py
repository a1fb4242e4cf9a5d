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


def test_a_percentage_reads_the_same_beside_other_cells() -> None:
    """69% is 0.69 exactly, alone or in a column: Polars multiplies by 1/100 when a column
    is divided by a literal, which gave 0.6900000000000001 for the same cell beside another."""
    alone = pl.DataFrame({"v": ["69%"]}).select(parse_number(pl.col("v")).alias("n"))["n"].to_list()
    column = pl.DataFrame({"v": ["69%", "29%", "1"]}).select(parse_number(pl.col("v")).alias("n"))
    assert alone == [69 / 100]
    assert column["n"].to_list() == [69 / 100, 29 / 100, 1.0]
    values, _ = number_column(pl.Series("c", ["69%", "x", "12", "57%"]))
    assert values.to_list() == [69 / 100, None, 12.0, 57 / 100]
