"""Composite scores for ranking: weighted, normalised indicators per group.

Bureaus often rank by more than the completion rate: 开工率, 入统率 and the share of red
projects count too. Each indicator is scaled to 0-100 across the groups by the range
method ((x − min) / (max − min) × 100; all equal → 100), reversed where lower is better,
and the score is the weighted mean over the indicators a group has.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from .config import Warnings
from .metrics import UNSET_GROUP

# indicator → (label, +1 higher is better / −1 lower is better)
INDICATORS: dict[str, tuple[str, int]] = {
    "completion_rate": ("完成率", 1),
    "variance_pp": ("较时序进度", 1),
    "start_rate": ("开工率", 1),
    "stats_rate": ("入统率", 1),
    "red_share": ("红色预警项目占比", -1),
}


def group_indicators(
    projects: pl.DataFrame, by: str, *, as_of: date, progress: float, rule: Warnings
) -> pl.DataFrame:
    """Per group: start_rate (started ÷ due new starts), stats_rate (入统 ÷ started), red_share."""
    from .starts import new_start_flags
    from .warn import IN_STATS_YES, classify

    coloured = classify(projects, as_of=as_of, progress=progress, rule=rule, by=by)
    out = coloured.group_by("group").agg((pl.col("color") == "red").mean().alias("red_share"))
    flagged = new_start_flags(projects, as_of)
    if flagged is not None:
        due = flagged.filter(pl.col("_due")).with_columns(pl.col(by).fill_null(UNSET_GROUP))
        starts = due.group_by(by).agg(pl.col("_started").mean().alias("start_rate"))
        out = out.join(starts.rename({by: "group"}), on="group", how="left")
    else:
        out = out.with_columns(pl.lit(None, pl.Float64).alias("start_rate"))
    if projects["in_stats"].null_count() < projects.height:
        started = projects.filter(pl.col("actual_start").is_not_null()).with_columns(
            pl.col(by).fill_null(UNSET_GROUP),
            pl.col("in_stats").str.contains(IN_STATS_YES).fill_null(False).alias("_in"),
        )
        stats = started.group_by(by).agg(pl.col("_in").mean().alias("stats_rate"))
        out = out.join(stats.rename({by: "group"}), on="group", how="left")
    else:
        out = out.with_columns(pl.lit(None, pl.Float64).alias("stats_rate"))
    return out


def normalised(column: str, direction: int) -> pl.Expr:
    """0-100 by the range method over the groups; reversed when lower is better."""
    x = pl.col(column).cast(pl.Float64)
    spread = x.max() - x.min()
    scaled = pl.when(spread > 0).then((x - x.min()) / spread * 100).otherwise(pl.lit(100.0))
    scaled = pl.when(x.is_not_null()).then(scaled)
    return scaled if direction > 0 else 100 - scaled


def composite_score(groups: pl.DataFrame, weights: tuple[tuple[str, float], ...]) -> pl.DataFrame:
    """Add ``score``: Σ weight × normalised indicator / Σ weight, over available indicators.

    A group without a completion rate (no plan) gets no score and stays unranked.
    """
    parts = [(normalised(name, INDICATORS[name][1]), w) for name, w in weights]
    numerator = pl.sum_horizontal([(n * w).fill_null(0.0) for n, w in parts])
    denominator = pl.sum_horizontal(
        [pl.when(n.is_not_null()).then(w).otherwise(0.0) for n, w in parts]
    )
    score = pl.when((denominator > 0) & pl.col("completion_rate").is_not_null()).then(
        numerator / denominator
    )
    return groups.with_columns(score.alias("score"))


def describe_weights(weights: tuple[tuple[str, float], ...]) -> str:
    """综合得分 = 完成率×0.6 + 开工率×0.2 + 红色预警项目占比(越低越好)×0.2."""
    terms = []
    for name, w in weights:
        label, direction = INDICATORS[name]
        terms.append(f"{label}{'(越低越好)' if direction < 0 else ''}×{w:g}")
    return "综合得分 = " + " + ".join(terms) + "(各指标按极差法换算为0-100分,按权重加权平均)"
