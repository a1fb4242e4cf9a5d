"""拉练 scoring: from the judges' scores to each unit's score, rank and lists.

Methods (``[lalian] method`` or ``--method``):

- ``mean``: each scoring item's mean over the judges, summed over the items;
- ``trimmed``: the same after 去掉一个最高分和一个最低分 per unit and item (≥ 3 judges);
- ``weighted``: items scored in points within their maximum (项目质量 40, 投资规模 30,
  推进速度 30); each item's mean over the judges, summed and scaled to 100 points
  (Σ means × 100 ÷ Σ maxima, which is the plain sum when the maxima add up to 100);
- ``vote``: each judge ranks the units; 济宁's published formula
  总分 = Σ_k 第k名票数 × (100 − 3(k−1)) ÷ 总票数;
- ``periods``: earlier published scores combined with weights, e.g. 禹州's three monthly
  scores × 30% + the quarter's × 10%.

Ranks follow the published practice: scores equal at the published precision (two
decimals by default) share a rank and the next rank is skipped (济宁 2015: 嘉祥 77.93 and
汶上 77.93 both 9th, then 梁山 11th). Groups (焦作's 县(市)组 and 城区组) are ranked apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from projtrack.figures.rounding import published
from projtrack.vocab import LalianMethod

METHODS: tuple[str, ...] = tuple(m.value for m in LalianMethod)
VOTE_TOP = 100.0  # the first place's points in the vote formula
VOTE_STEP = 3.0  # points fewer for each place further down
NO_GROUP = ""


@dataclass(frozen=True)
class ScoreProblem:
    """A score that cannot be used as it is, with where it was read."""

    sheet: str
    row: int
    column: int
    code: str  # missing | over_max | bad_rank | too_few_judges | no_weight | negative
    message: str


def score_problems(
    scores: pl.DataFrame,
    *,
    method: str,
    item_max: dict[str, float],
    weights: dict[str, float],
) -> list[ScoreProblem]:
    """Every cell that stops the computation: missing, not a number, above the item's
    maximum, a rank that is not a whole number from 1 to the number of units, a period
    without a weight; and per unit and item too few judges for ``trimmed``."""
    problems: list[ScoreProblem] = []

    def add(frame: pl.DataFrame, code: str, template: str) -> None:
        for rec in frame.iter_rows(named=True):
            message = template.format(**rec)
            problems.append(ScoreProblem(rec["_sheet"], rec["_row"], rec["_col"], code, message))

    value = pl.col("value")
    scores = scores.with_columns(_where(scores, periods=method == "periods").alias("where"))
    add(
        scores.filter(value.is_null() & pl.col("text").is_null()),
        "missing",
        "{unit}{where}：缺少得分",
    )
    add(
        scores.filter(value.is_null() & pl.col("text").is_not_null()),
        "missing",
        "{unit}{where}：“{text}”不是分数",
    )
    add(scores.filter(value < 0), "negative", "{unit}{where}：得分{value:g}为负数")
    if item_max:
        maxima = pl.col("item").replace_strict(item_max, default=None, return_dtype=pl.Float64)
        over = scores.with_columns(maxima.alias("max")).filter(value > pl.col("max"))
        add(over, "over_max", "{unit}{where}：得分{value:g}超过该项满分{max:g}")
    if method == "vote":
        units = scores["unit"].n_unique()
        bad = scores.filter(value.is_not_null() & ((value != value.round(0)) | (value < 1)
                                                   | (value > units)))  # fmt: skip
        add(bad.with_columns(pl.lit(units).alias("n")), "bad_rank",
            "{unit}（{judge}）：名次{value:g}应为1至{n}的整数")  # fmt: skip
    if method == "periods":
        unweighted = scores.filter(~pl.col("judge").is_in(list(weights)))
        add(unweighted, "no_weight", "{unit}（{judge}）：期别“{judge}”没有设定权重")
    if method == "trimmed":
        counts = (
            scores.filter(value.is_not_null())
            .group_by("unit", "item", maintain_order=True)
            .agg(pl.len().alias("n"), pl.col("_sheet", "_row", "_col").first())
        )
        several = scores["item"].n_unique() > 1
        item = pl.format("（{}）", pl.col("item")) if several else pl.lit("")
        few = counts.filter(pl.col("n") < 3).with_columns(item.alias("where"))
        add(few, "too_few_judges", "{unit}{where}：去掉最高分和最低分需要至少3名评委，只有{n}名")
    return problems


def _where(scores: pl.DataFrame, *, periods: bool) -> pl.Expr:
    """Whose score a cell is, after the unit: （评委2 项目质量）, （评委2） when the sheet
    scores one item, （2月） for a period (not a judge), nothing for a sheet of one score
    per unit."""
    parts = [pl.col("judge")]
    if not periods and scores["item"].n_unique() > 1:
        parts.append(pl.col("item"))
    words = pl.concat_str(parts, separator=" ", ignore_nulls=True).str.strip_chars()
    return pl.when(words != "").then(pl.format("（{}）", words)).otherwise(pl.lit(""))


def _item_means(scores: pl.DataFrame, method: str) -> pl.DataFrame:
    """Per unit and item: the judges' mean (trimmed: without one highest and one lowest)."""
    value = pl.col("value")
    if method == "trimmed":
        mean = (value.sum() - value.max() - value.min()) / (value.count() - 2)
    else:
        mean = value.mean()
    return (
        scores.filter(value.is_not_null())
        .group_by("unit", "item", maintain_order=True)
        .agg(mean.alias("item_score"), value.count().alias("judges"))
    )


def unit_scores(
    scores: pl.DataFrame,
    *,
    method: str,
    item_max: dict[str, float] | None = None,
    weights: dict[str, float] | None = None,
) -> pl.DataFrame:
    """One row per unit: ``unit``, ``group``, ``score`` (unrounded), ``judges`` and one
    column per item (or period) holding its part before the sum."""
    groups = scores.group_by("unit", maintain_order=True).agg(
        pl.col("group").drop_nulls().first().fill_null(NO_GROUP).alias("group")
    )
    if method == "vote":
        points = VOTE_TOP - VOTE_STEP * (pl.col("value") - 1)
        per = scores.filter(pl.col("value").is_not_null()).group_by("unit", maintain_order=True)
        result = per.agg((points.sum() / pl.len()).alias("score"), pl.len().alias("judges"))
        return groups.join(result, on="unit", how="left")
    if method == "periods":
        w = weights or {}
        weight = pl.col("judge").replace_strict(w, default=None, return_dtype=pl.Float64)
        wide = scores.with_columns((pl.col("value") * weight).alias("part")).pivot(
            on="judge", index="unit", values="part", aggregate_function="first"
        )
        periods = [c for c in wide.columns if c != "unit"]
        # A period without a score (--allow-missing) is left out of the unit's weighting,
        # not counted 0: the weights present are scaled up to the whole (Σ w·v ÷ Σ w present
        # × Σ w), so a unit missing January is not ranked last for it.
        present = (
            scores.filter(pl.col("value").is_not_null())
            .group_by("unit")
            .agg(weight.sum().alias("_present"))
        )
        whole = sum(w.get(p, 0.0) for p in periods)
        total = pl.sum_horizontal(periods) * whole / pl.col("_present")
        result = (
            wide.join(present, on="unit", how="left")
            .with_columns(total.alias("score"), pl.lit(len(periods)).alias("judges"))
            .drop("_present")
        )
        return groups.join(result, on="unit", how="left")
    means = _item_means(scores, method)
    items = means["item"].unique(maintain_order=True).to_list()
    wide = means.pivot(on="item", index="unit", values="item_score", aggregate_function="first")
    judges = means.group_by("unit").agg(pl.col("judges").max())
    total = pl.sum_horizontal(items)
    if method == "weighted" and item_max:
        full = sum(item_max.get(i, 0.0) for i in items)
        total = total * 100 / full if full else total
    result = wide.with_columns(total.alias("score")).join(judges, on="unit", how="left")
    return groups.join(result, on="unit", how="left")


def rank_units(
    units: pl.DataFrame, *, decimals: int, top_n: int, group_order: Sequence[str] = ()
) -> pl.DataFrame:
    """Add ``published`` (the score at the published precision), ``rank`` within the group
    (ties share a rank, the next one is skipped) and ``list`` ("top" for the first N,
    "bottom" for the last N, ties at the edge included; in a group too small for both, a
    unit is on the top list only); sorted by group — ``group_order`` first (the
    configured groups), the others as they first appear in ``units`` (the file's order) —
    then rank, units tied in the file's order."""
    shown = pl.col("score").map_elements(lambda x: published(x, decimals), return_dtype=pl.Float64)
    ranked = units.with_columns(shown.alias("published")).with_columns(
        pl.col("published").rank("min", descending=True).over("group").cast(pl.Int64)
        .alias("rank"),
        pl.col("published").rank("min", descending=False).over("group").cast(pl.Int64)
        .alias("_from_bottom"),
    )  # fmt: skip
    top = pl.col("rank") <= top_n
    bottom = (pl.col("_from_bottom") <= top_n) & ~top
    listed = pl.when(top).then(pl.lit("top")).when(bottom).then(pl.lit("bottom"))
    seen = [*group_order, *units["group"].unique(maintain_order=True).to_list()]
    order = {g: i for i, g in enumerate(dict.fromkeys(seen))}
    place = pl.col("group").replace_strict(order, return_dtype=pl.Int64)
    return (
        ranked.with_columns(listed.alias("list"), place.alias("_group"))
        .sort(["_group", "rank"], maintain_order=True, nulls_last=True)
        .drop("_from_bottom", "_group")
    )
