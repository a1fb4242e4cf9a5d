"""Figures against hand computations: time progress, Σ/Σ rates, variance, totals."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from projtrack.figures.metrics import (
    UNSET_GROUP,
    completion_rate,
    group_metrics,
    time_progress,
    total_metrics,
    variance_pp,
)


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2024, 3, 31), 0.25),
        (date(2022, 9, 30), 0.75),
        (date(2024, 12, 31), 1.0),
        (date(2024, 1, 31), 1 / 12),
        # Mid-month (weekly dispatch): (M - 1 + d / days-in-month) / 12.
        (date(2024, 5, 15), (4 + 15 / 31) / 12),
        (date(2024, 2, 15), (1 + 15 / 29) / 12),  # leap February has 29 days
        (date(2023, 2, 15), (1 + 15 / 28) / 12),
    ],
)
def test_time_progress_month_convention(as_of: date, expected: float) -> None:
    assert time_progress(as_of, "month") == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2024, 3, 31), 91 / 366),  # leap year: 31 + 29 + 31 days
        (date(2023, 3, 31), 90 / 365),
        (date(2024, 12, 31), 1.0),
        (date(2023, 12, 31), 1.0),
        (date(2024, 1, 1), 1 / 366),
    ],
)
def test_time_progress_day_convention(as_of: date, expected: float) -> None:
    assert time_progress(as_of, "day") == pytest.approx(expected, abs=1e-12)


def test_unknown_convention_is_refused() -> None:
    with pytest.raises(ValueError, match="convention"):
        time_progress(date(2024, 3, 31), "week")


def test_rate_and_variance_helpers() -> None:
    assert completion_rate(30.8, 100) == pytest.approx(0.308)
    assert completion_rate(5, 0) is None
    assert variance_pp(0.308, 0.25) == pytest.approx(5.8)
    assert variance_pp(None, 0.25) is None


def projects(rows: list[tuple[str | None, float | None, float | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={"region": pl.String, "annual_plan": pl.Float64, "completed_ytd": pl.Float64},
        orient="row",
    )


def test_group_rate_is_sum_over_sum_not_mean_of_rates() -> None:
    # A: 10/100 and 90/100 → 100/200 = 50%; the mean of rates would also be 50%,
    # so make the plans unequal: 10/100 and 90/300 → Σ/Σ = 100/400 = 25%, mean = 20%.
    frame = projects([("A", 100, 10), ("A", 300, 90), ("B", 50, 40)])
    groups = group_metrics(frame, "region", 0.25).sort("group")
    a = groups.row(0, named=True)
    assert a["completion_rate"] == pytest.approx(100 / 400)
    assert a["variance_pp"] == pytest.approx((100 / 400 - 0.25) * 100)
    assert a["projects"] == 2
    assert groups.row(1, named=True)["completion_rate"] == pytest.approx(40 / 50)


def test_empty_and_zero_plans() -> None:
    frame = projects(
        [("A", None, 5), ("A", 100, None), ("B", 0, 10), ("B", None, None), ("C", 10, 1)]
    )
    groups = {r["group"]: r for r in group_metrics(frame, "region", 0.5).iter_rows(named=True)}
    # An empty plan counts as 0 in the sum, the project still counts.
    assert groups["A"]["projects"] == 2
    assert groups["A"]["annual_plan"] == 100
    assert groups["A"]["completed_ytd"] == 5
    assert groups["A"]["completion_rate"] == pytest.approx(0.05)
    # A group whose plans sum to 0 has no rate and no variance.
    assert groups["B"]["completion_rate"] is None
    assert groups["B"]["variance_pp"] is None
    total = total_metrics(frame, 0.5)
    assert total["projects"] == 5
    assert total["annual_plan"] == 110
    assert total["completed_ytd"] == 16
    assert total["completion_rate"] == pytest.approx(16 / 110)


def test_missing_group_value_has_its_own_group() -> None:
    frame = projects([(None, 10, 5), ("A", 10, 1)])
    groups = set(group_metrics(frame, "region", 0.25)["group"])
    assert groups == {"A", UNSET_GROUP}


amounts = st.one_of(st.none(), st.floats(0, 1e7, allow_nan=False))


@given(
    st.lists(st.tuples(st.sampled_from(["甲", "乙", "丙", "丁"]), amounts, amounts), max_size=40)
)
def test_groups_add_up_to_the_total(rows: list[tuple[str, float | None, float | None]]) -> None:
    frame = projects(rows)
    groups = group_metrics(frame, "region", 0.25)
    total = total_metrics(frame, 0.25)
    assert groups["projects"].sum() == total["projects"] == len(rows)
    assert groups["annual_plan"].sum() == pytest.approx(total["annual_plan"], rel=1e-9)
    assert groups["completed_ytd"].sum() == pytest.approx(total["completed_ytd"], rel=1e-9)
    plan = sum(p or 0 for _, p, _ in rows)
    done = sum(c or 0 for _, _, c in rows)
    if plan > 0:
        assert total["completion_rate"] == pytest.approx(done / plan, rel=1e-9)
    else:
        assert total["completion_rate"] is None
