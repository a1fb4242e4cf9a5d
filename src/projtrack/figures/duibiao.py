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

import re
from datetime import date

import polars as pl

from projtrack.figures.rounding import round_half_up

RATE_DIGITS = 1  # a rate shows as 30.8%; its gap and the gap's change as +2.3 points
VALUE_DIGITS = 2  # a value in the indicator's unit shows as 13.80, its gap as -46.20
# An indicator named as a rate: a share (完成率, 占比, 比重) or a change (增速, 同比).
RATE_WORDS = r"率|占比|比重|比例|%|增速|增幅|涨幅|增长(?!额|量|值)|同比|环比"
# A rate that is a change: its ratio to another's says nothing (8.5% growth is not
# "83.3% of" 10.2% growth; -2.3% read 达到蓬溪县的-41.1%).
CHANGE_WORDS = r"增速|增幅|涨幅|增长|同比|环比"


def is_rate(indicator: str, texts: pl.Series) -> bool:
    """An indicator is a rate when its name says so (率, 占比, 比重, 增速, 增长 …) or any of
    its cells carries % (固定资产投资增速 typed 8.5% in a file that names no indicator):
    shown as a percentage, its gap in 个百分点 — not 0.09 and a gap of -0.01."""
    if re.search(RATE_WORDS, indicator):
        return True
    return bool(texts.drop_nulls().str.contains("%", literal=True).any())


def has_ratio(indicator: str, rate: bool, values: pl.Series) -> bool:
    """Whether 达到X的N% means anything for this series: not for a rate that is a change
    (named 增速/同比…, or with a value below 0 — a share is never negative); a share (完成率)
    and an amount have one. Where it has none, the sentence speaks of the gap in points."""
    if not rate:
        return True
    return not re.search(CHANGE_WORDS, indicator) and not bool((values.drop_nulls() < 0).any())


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
    ratios: bool = True,
) -> pl.DataFrame:
    """``unit`` and ``model``: columns period, value. Returns one row per period in
    ``periods`` order: period, value, model_value, ratio, gap, ratio_change_pp, gap_change.

    ``rate``: values are fractions (completion rates), so the gap is in points: the shown
    percentages' difference. ``fresh``: per period, True where the figures start again (a
    year-to-date rate in a new year's first period): no change against the period before,
    which was last year's. ``ratios``: False where 达到X的 means nothing (see
    :func:`has_ratio`): no ratio at all. A ratio needs a model above 0 and a value not
    below 0 (−5 is not "−50% of" 10).

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
    quotients: list[float | None] = []
    gaps: list[float | None] = []
    for value, other in zip(frame["value"], frame["model_value"], strict=True):
        both = value is not None and other is not None
        meaningful = ratios and both and other > 0 and value >= 0
        quotients.append(value / other if meaningful else None)
        gaps.append(_less(_shown(value * scale, digits), _shown(other * scale, digits), digits)
                    if both else None)  # fmt: skip
    # Change against the previous period (上期) itself: when it has no figure (a blank, a
    # model of 0) there is no change to state — reaching back to an older period while
    # the table and sentence say 较上期 gave 比值较上期 −5.0 against 2021 beside a 差距较上期
    # against 2022.
    restart = fresh if fresh is not None else [False] * len(periods)
    shown = [shown_ratio(r) for r in quotients]
    ratio_changes = [_change(shown, k, restart, 2) for k in range(len(periods))]
    gap_changes = [_change(gaps, k, restart, digits) for k in range(len(periods))]
    return frame.with_columns(
        pl.Series("ratio", quotients, dtype=pl.Float64),
        pl.Series("gap", gaps, dtype=pl.Float64),
        pl.Series("ratio_change_pp", ratio_changes, dtype=pl.Float64),
        pl.Series("gap_change", gap_changes, dtype=pl.Float64),
    )


def skipped_months(dates: list[date], fresh: list[bool]) -> list[str | None]:
    """Per period (as-of dates, oldest first), the months missing between it and the one
    before — ``2024年4月``, ``2024年4-5月`` — or None where it follows on (or starts a year
    afresh). 1-5月 after 一季度 is then said to compare with 一季度, not 上期: warn likewise
    names the month missing where its streaks stop."""
    out: list[str | None] = [None] * len(dates)
    for k in range(1, len(dates)):
        before, now = dates[k - 1], dates[k]
        first = before.year * 12 + before.month  # the month after ``before``, 0-based
        last = now.year * 12 + now.month - 2  # the month before ``now``, 0-based
        if fresh[k] or last < first:
            continue
        year, since = divmod(first, 12)
        until = last % 12
        span = f"{since + 1}月" if first == last else f"{since + 1}-{until + 1}月"
        out[k] = f"{year}年{span}"
    return out


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
