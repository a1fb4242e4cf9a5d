"""对标: one unit's series measured against a model's, period by period.

For each period: the unit's value, the model's, the ratio (达到溧阳的27.5%), the gap (in the
indicator's unit, or in percentage points when the values are rates) and their change
against the previous period (差距较上期缩小3.2个百分点). A period where either value is
missing has no ratio or gap, and the next period's change is measured against the last
period that had one.
"""

from __future__ import annotations

import polars as pl


def benchmark(
    unit: pl.DataFrame,
    model: pl.DataFrame,
    *,
    periods: list[str],
    rate: bool,
    fresh: list[bool] | None = None,
) -> pl.DataFrame:
    """``unit`` and ``model``: columns period, value. Returns one row per period in
    ``periods`` order: period, value, model_value, ratio, gap, ratio_change_pp, gap_change.

    ``rate``: values are fractions (completion rates), so the gap is (a − b) × 100 points.
    ``fresh``: per period, True where the figures start again (a year-to-date rate in a
    new year's first period): no change against the period before, which was last year's.
    """
    order = pl.DataFrame({"period": periods, "_o": list(range(len(periods)))})
    frame = (
        order.join(unit.select("period", "value"), on="period", how="left")
        .join(model.select("period", pl.col("value").alias("model_value")), on="period",
              how="left")
        .sort("_o")
    )  # fmt: skip
    scale = 100.0 if rate else 1.0
    both = pl.col("value").is_not_null() & pl.col("model_value").is_not_null()
    ratio = pl.when(both & (pl.col("model_value") != 0)).then(
        pl.col("value") / pl.col("model_value")
    )
    gap = pl.when(both).then((pl.col("value") - pl.col("model_value")) * scale)
    frame = frame.with_columns(ratio.alias("ratio"), gap.alias("gap"))
    # Change against the previous period (上期) itself: when it has no figure (a blank, a
    # model of 0) there is no change to state — reaching back to an older period while
    # the table and sentence say 较上期 gave 比值较上期 −5.0 against 2021 beside a 差距较上期
    # against 2022.
    restart = pl.Series(fresh if fresh is not None else [False] * len(periods), dtype=pl.Boolean)
    frame = frame.with_columns(pl.lit(restart).alias("_fresh"))
    prev_ratio = pl.when(~pl.col("_fresh")).then(pl.col("ratio").shift(1))
    prev_gap = pl.when(~pl.col("_fresh")).then(pl.col("gap").shift(1))
    return frame.with_columns(
        ((pl.col("ratio") - prev_ratio) * 100).alias("ratio_change_pp"),
        (pl.col("gap") - prev_gap).alias("gap_change"),
    ).drop("_o", "_fresh")


def average_of_units(values: pl.DataFrame) -> pl.DataFrame:
    """The mean over all units of each period's values (the model ``average`` of a file)."""
    return values.group_by("period", maintain_order=True).agg(pl.col("value").mean())
