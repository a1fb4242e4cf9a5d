"""Ranks, ties and the red/black lists."""

from __future__ import annotations

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from projtrack.figures.lists import ListRule, rank_groups


def groups(rates: dict[str, float | None], progress: float = 0.25) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "group": list(rates),
            "completion_rate": list(rates.values()),
            "variance_pp": [None if r is None else (r - progress) * 100 for r in rates.values()],
        },
        schema={"group": pl.String, "completion_rate": pl.Float64, "variance_pp": pl.Float64},
    )


def as_table(frame: pl.DataFrame) -> list[tuple[str, int | None, str | None]]:
    return [(r["group"], r["rank"], r["list"]) for r in frame.iter_rows(named=True)]


def test_red_and_black_lists_with_default_rule() -> None:
    rates = {"A": 0.40, "B": 0.35, "C": 0.30, "D": 0.28, "E": 0.20, "F": 0.10, "G": 0.05}
    assert as_table(rank_groups(groups(rates), ListRule(3))) == [
        ("A", 1, "red"),
        ("B", 2, "red"),
        ("C", 3, "red"),
        ("D", 4, None),
        ("E", 5, "black"),
        ("F", 6, "black"),
        ("G", 7, "black"),
    ]


def test_red_list_needs_time_progress_and_black_list_needs_a_miss() -> None:
    # Only A meets 25%; only F misses it: the lists are not filled up to N.
    rates = {"A": 0.30, "B": 0.25, "C": 0.26, "F": 0.20, "G": 0.24, "H": 0.245}
    table = as_table(rank_groups(groups(rates), ListRule(3)))
    assert table == [("A", 1, "red"), ("C", 2, "red"), ("B", 3, "red"), ("H", 4, "black"),
                     ("G", 5, "black"), ("F", 6, "black")]  # fmt: skip
    rates = {"A": 0.30, "B": 0.25, "C": 0.26, "F": 0.20}
    table = as_table(rank_groups(groups(rates), ListRule(3)))
    assert table == [("A", 1, "red"), ("C", 2, "red"), ("B", 3, None), ("F", 4, "black")]
    rates = {"A": 0.20, "B": 0.10}
    assert as_table(rank_groups(groups(rates), ListRule(1))) == [("A", 1, None), ("B", 2, "black")]


def test_ties_share_a_rank_and_a_tie_at_the_boundary_keeps_both() -> None:
    rates = {"A": 0.5, "B": 0.4, "C": 0.4, "D": 0.3, "E": 0.1}
    table = as_table(rank_groups(groups(rates), ListRule(2)))
    assert table == [
        ("A", 1, "red"),
        ("B", 2, "red"),
        ("C", 2, "red"),
        ("D", 4, None),
        ("E", 5, "black"),
    ]


def test_each_list_takes_at_most_half_of_the_ranked_units() -> None:
    """Three counties all behind: the 黑榜 is the last one, not the first-ranked too; one
    ranked unit is on no list; units without a plan take no share."""
    rates = {"A": 0.20, "B": 0.15, "C": 0.10}
    assert as_table(rank_groups(groups(rates), ListRule(3))) == [
        ("A", 1, None), ("B", 2, None), ("C", 3, "black")]  # fmt: skip
    assert as_table(rank_groups(groups({"A": 0.5}), ListRule(3))) == [("A", 1, None)]
    assert ListRule(3).for_units(1).describe().endswith("参与排名的单位仅1个,不评红黑榜。")
    assert "单位仅5个,红、黑榜各至多2名(不超过半数)" in ListRule(3).for_units(5).describe()
    assert ListRule(3).for_units(6) == ListRule(3)


def test_float_noise_is_still_a_tie() -> None:
    rates = {"A": 0.1 + 0.2, "B": 0.3}
    ranks = {g: r for g, r, _ in as_table(rank_groups(groups(rates), ListRule(3)))}
    assert ranks == {"A": 1, "B": 1}


def test_group_without_rate_is_unranked_last_and_on_no_list() -> None:
    rates = {"A": None, "B": 0.1, "C": 0.9}
    table = as_table(rank_groups(groups(rates), ListRule(3)))
    assert table[-1] == ("A", None, None)
    assert table[0] == ("C", 1, "red")


@given(st.lists(st.one_of(st.none(), st.floats(0, 2)), min_size=1, max_size=25), st.integers(1, 5))
def test_ranking_is_a_permutation_and_lists_are_disjoint(
    values: list[float | None], n: int
) -> None:
    rates = {f"g{i}": v for i, v in enumerate(values)}
    ranked = rank_groups(groups(rates), ListRule(n))
    assert sorted(ranked["group"]) == sorted(rates)
    for rec in ranked.iter_rows(named=True):
        if rec["list"] == "red":
            assert rec["variance_pp"] >= 0 and rec["rank"] <= n
        if rec["list"] == "black":
            assert rec["variance_pp"] < 0
        if rec["completion_rate"] is None:
            assert rec["rank"] is None and rec["list"] is None
    ranks = [r for r in ranked["rank"] if r is not None]
    assert ranks == sorted(ranks)
