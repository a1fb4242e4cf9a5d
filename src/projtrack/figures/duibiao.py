"""对标: one unit's series measured against a model's, period by period.

For each period: the unit's value, the model's, the ratio (达到溧阳的27.5%), the gap (in
the indicator's unit, or in percentage points when the values are rates) and their change
against the previous period (差距较上期缩小3.2个百分点). A period where either value is
missing has no ratio or gap, and no change is stated against it.

The gap and the changes are those of the figures as they are shown (a rate at one decimal
of a percent, a value at two, a ratio at :func:`ratio_digits`), so a reader checks each one
from the table: 70.0% against 73.0% (72.95) is a gap of 3.0 points, and a gap of 3.0 after
one of 3.0 is unchanged, though the raw gaps are 2.95 and 3.0.
"""

from __future__ import annotations

import polars as pl

from projtrack.figures.rounding import round_half_up

RATE_DIGITS = 1  # a rate shows as 30.8%; its gap and the gap's change as +2.3 points
VALUE_DIGITS = 2  # a value in the indicator's unit shows as 13.80, its gap as -46.20


def ratio_digits(ratio: float | None) -> int:
    """The decimals of a ratio shown as a percentage: two below 10% (1.07%), else one
    (27.5%). Decided on the value as it will be shown: 9.996% is 10.0%, not 10.00%."""
    if ratio is None:
        return 1
    return 2 if abs(_shown(ratio * 100, 2)) < 10 else 1


def shown_ratio(ratio: float | None) -> float | None:
    """The ratio in percent as the table shows it (9.996% → 10.0, 1.074% → 1.07)."""
    return None if ratio is None else _shown(ratio * 100, ratio_digits(ratio))


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

    ``rate``: values are fractions (completion rates), so the gap is in points: the shown
    percentages' difference. ``fresh``: per period, True where the figures start again (a
    year-to-date rate in a new year's first period): no change against the period before,
    which was last year's.

    Each period is one row: ``periods`` must not repeat and neither frame may give a
    period twice. A repeat would multiply the joined rows (a unit given as its own model
    from one long frame had each period four times) while the changes are counted per
    period, so the columns would not line up; it is refused here, where it would do harm.
    """
    _one_row_each(periods, unit, model)
    order = pl.DataFrame({"period": periods, "_o": list(range(len(periods)))})
    frame = (
        order.join(unit.select("period", "value"), on="period", how="left")
        .join(model.select("period", pl.col("value").alias("model_value")), on="period",
              how="left")
        .sort("_o")
        .drop("_o")
    )  # fmt: skip
    scale, digits = (100.0, RATE_DIGITS) if rate else (1.0, VALUE_DIGITS)
    ratios: list[float | None] = []
    gaps: list[float | None] = []
    for value, other in zip(frame["value"], frame["model_value"], strict=True):
        both = value is not None and other is not None
        ratios.append(value / other if both and other != 0 else None)
        gaps.append(_less(_shown(value * scale, digits), _shown(other * scale, digits), digits)
                    if both else None)  # fmt: skip
    # Change against the previous period (上期) itself: when it has no figure (a blank, a
    # model of 0) there is no change to state — reaching back to an older period while
    # the table and sentence say 较上期 gave 比值较上期 −5.0 against 2021 beside a 差距较上期
    # against 2022.
    restart = fresh if fresh is not None else [False] * len(periods)
    shown = [shown_ratio(r) for r in ratios]
    ratio_changes = [_change(shown, k, restart, 2) for k in range(len(periods))]
    gap_changes = [_change(gaps, k, restart, digits) for k in range(len(periods))]
    return frame.with_columns(
        pl.Series("ratio", ratios, dtype=pl.Float64),
        pl.Series("gap", gaps, dtype=pl.Float64),
        pl.Series("ratio_change_pp", ratio_changes, dtype=pl.Float64),
        pl.Series("gap_change", gap_changes, dtype=pl.Float64),
    )


def _one_row_each(periods: list[str], unit: pl.DataFrame, model: pl.DataFrame) -> None:
    """Raise ValueError when a period repeats in ``periods``, ``unit`` or ``model``: the
    callers build one row per period (a file's repeats are refused with their cells)."""
    if len(set(periods)) != len(periods):
        raise ValueError(f"benchmark: a period repeats in {periods}")
    for side, frame in (("unit", unit), ("model", model)):
        if frame["period"].is_duplicated().any():
            twice = frame.filter(frame["period"].is_duplicated())["period"].unique().to_list()
            raise ValueError(f"benchmark: the {side} has more than one value for {twice}")


def _change(shown: list[float | None], k: int, fresh: list[bool], digits: int) -> float | None:
    """``shown[k]`` less the period before's, when both have a figure and ``k`` is not a
    fresh start."""
    now, before = shown[k], shown[k - 1] if k else None
    if fresh[k] or now is None or before is None:
        return None
    return _less(now, before, digits)


def _shown(value: float, digits: int) -> float:
    return float(round_half_up(value, digits))


def _less(a: float, b: float, digits: int) -> float:
    """``a − b`` of two shown figures, exact to ``digits`` (each has at most that many
    decimals; the float subtraction's last-bit noise is dropped)."""
    return _shown(a - b, digits)


def average_of_units(values: pl.DataFrame) -> pl.DataFrame:
    """The mean over all units of each period's values (the model ``average`` of a file)."""
    return values.group_by("period", maintain_order=True).agg(pl.col("value").mean())
