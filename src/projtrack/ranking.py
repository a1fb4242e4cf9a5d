"""Ranking groups and drawing the red list (红榜) and black list (黑榜).

Default rule, printed with every list: the red list is the top N groups that met time
progress (variance ≥ 0), the black list the bottom N that missed it (variance < 0).
Ties share a rank (1, 2, 2, 4) and a tie at the N-th place keeps every tied group.
Groups without a rate are unranked, listed last and on neither list.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

# Rates equal to this many decimals are a tie (Σ/Σ of the same figures in another order
# can differ in the last bit of a float).
TIE_DECIMALS = 12


@dataclass(frozen=True)
class ListRule:
    """How the red and black lists are drawn (``[lists]`` in projtrack.toml)."""

    top_n: int = 3
    red_requires_on_track: bool = True
    black_requires_behind: bool = True
    exempt: tuple[tuple[str, str], ...] = ()  # (unit, reason) kept off the black list

    def describe(self) -> str:
        """The rule, gate and exemptions in the words printed under every ranking."""
        n = self.top_n
        red = f"红榜:完成率前{n}名" + ("且达到时序进度" if self.red_requires_on_track else "")
        black = f"黑榜:完成率后{n}名" + ("且滞后时序进度" if self.black_requires_behind else "")
        text = (
            f"{red}的单位;{black}的单位;完成率相同者并列同一名次;无年度计划的单位不排名、不上榜。"
        )
        if self.exempt:
            text += "不列入黑榜:" + ";".join(f"{u}({r})" for u, r in self.exempt) + "。"
        return text


def rank_groups(groups: pl.DataFrame, rule: ListRule) -> pl.DataFrame:
    """Add ``rank`` and ``list`` ("red"/"black"/None) and sort: rank, then group name."""
    rate = pl.col("completion_rate").round(TIE_DECIMALS)
    exempt = pl.col("group").is_in([unit for unit, _ in rule.exempt])
    # Exempted units take no place at the bottom: the black list counts without them.
    bottom_rate = pl.when(~exempt).then(rate)
    ranked = groups.with_columns(
        rate.rank("min", descending=True).cast(pl.Int64).alias("rank"),
        bottom_rate.rank("min", descending=False).cast(pl.Int64).alias("_from_bottom"),
    )
    n = rule.top_n
    red_gate = pl.col("variance_pp") >= 0 if rule.red_requires_on_track else pl.lit(True)
    black_gate = pl.col("variance_pp") < 0 if rule.black_requires_behind else pl.lit(True)
    is_red = red_gate & (pl.col("rank") <= n)
    listed = (
        pl.when(is_red)
        .then(pl.lit("red"))
        .when(black_gate & ~exempt & (pl.col("_from_bottom") <= n))
        .then(pl.lit("black"))
        .otherwise(pl.lit(None, pl.String))
    )
    return (
        ranked.with_columns(listed.alias("list"))
        .drop("_from_bottom")
        .sort(["rank", "group"], nulls_last=True)
    )
