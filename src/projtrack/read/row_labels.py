"""The label columns of a sheet's data rows, what :mod:`projtrack.read.rows` classifies.

Split from :mod:`projtrack.read.rows`: the label of a row is its 项目名称, else the first
text that is not a number among its leading columns, then its other text columns (a
total, section or 其中 row may write its label in any of them; money, date and rate
columns never hold one); with it the 序号, the 县(市、区), whether the row is blank or a
header, and whether it carries figures.
"""

from __future__ import annotations

import polars as pl

from projtrack.read.headrows import blank_or_header
from projtrack.read.layout import Layout
from projtrack.read.row_money import has_money
from projtrack.read.values import clean_text
from projtrack.vocab import DATE_FIELDS, MONEY_FIELDS

__all__ = ["COUNT_ONLY", "label_columns"]

# Columns that never hold a label: amounts, dates, rates, 序号.
_NOT_LABEL = {*MONEY_FIELDS, *DATE_FIELDS, "planned_ytd", "rate", "seq"}
_PLAIN_NUMBER = r"^[-+]?[\d,.\s%]+$"
COUNT_ONLY = r"^[（(]?共?\d+(?:个|项)(?:项目)?[)）]?$"  # a name cell that only counts: 12个


def label_columns(frame: pl.DataFrame, layout: Layout) -> pl.DataFrame:
    """The data rows of one sheet with ``_i``, ``_row`` and the label columns of _ROLES."""
    fields = layout.fields()
    start = layout.first_data_row
    data = (
        frame.slice(start)
        .with_row_index("_i")
        .with_columns((pl.col("_i") + start + 1).cast(pl.Int64).alias("_row"))
    )
    value_cols = list(frame.columns)
    name_col = f"c{fields['name'].index}"
    seq_col = f"c{fields['seq'].index}" if "seq" in fields else None
    skip = {f"c{c.index}" for c in layout.columns if c.field in _NOT_LABEL}
    # The label of a row: the name, else the first text (not a number) among the leading
    # columns, then among the other text columns (县(市、区), 建设内容, …).
    first_cols = value_cols[: max(3, fields["name"].index + 1)]
    order = first_cols + [c for c in value_cols if c not in first_cols and c not in skip]
    name = clean_text(pl.col(name_col))
    name = pl.when(name.str.contains(COUNT_ONLY)).then(None).otherwise(name)  # | 合计 | 12个 |
    seq = clean_text(pl.col(seq_col)) if seq_col else pl.lit(None, pl.String)
    money = [f"c{c.index}" for c in layout.columns if c.field in MONEY_FIELDS]
    region = (
        clean_text(pl.col(f"c{fields['region'].index}"))
        if "region" in fields
        else pl.lit(None, pl.String)
    )
    data = data.with_columns(name.alias("_name"), seq.alias("_seq"), region.alias("_region"))
    data = data.with_columns(
        *_label(data, order, fields["name"].index + 1),
        *blank_or_header(
            data,
            [c.header for c in layout.columns],
            value_cols,
            name_col,
            [c.field for c in layout.columns],
        ),
    )
    return data.with_columns(*has_money(data, money))


def _label(data: pl.DataFrame, order: list[str], leading: int) -> list[pl.Expr]:
    """``_label``: the name, else the first text that is not a number in ``order``; and
    ``_far``: that text stands right of 项目名称 (建设内容, 责任单位 …).

    Looked for on the rows without a name only (few): a project's label is its name.
    """
    none = [pl.col("_name").alias("_label"), pl.lit(False).alias("_far")]
    suspects = data.filter(pl.col("_name").is_null())
    if suspects.height == 0:
        return none
    texts = [clean_text(pl.col(c)) for c in order]
    texts = [pl.when(t.str.contains(_PLAIN_NUMBER)).then(None).otherwise(t) for t in texts]
    # A count in the name cell (| 全县 | 12个项目 |) is read with the label before it.
    counted = clean_text(pl.col(order[leading - 1])).str.contains(COUNT_ONLY).fill_null(False)
    first = pl.when(counted).then(pl.concat_str(texts[:leading], ignore_nulls=True))
    found = suspects.select("_i", pl.coalesce(first, *texts).alias("l"),
                            pl.coalesce(texts[:leading]).is_null().alias("f"),
                            ).filter(pl.col("l").is_not_null())  # fmt: skip
    if found.height == 0:
        return none
    label = pl.col("_i").replace_strict(found["_i"], found["l"], default=None,
                                        return_dtype=pl.String)  # fmt: skip
    far = pl.col("_i").is_in(found.filter("f")["_i"].implode())
    return [pl.coalesce(pl.col("_name"), label).alias("_label"), far.alias("_far")]
