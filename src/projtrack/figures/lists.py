"""Ranking groups, drawing the red list (红榜) and black list (黑榜), composite scores.

Default rule, printed with every list: the red list is the top N groups that met time
progress (variance ≥ 0), the black list the bottom N that missed it (variance < 0).
Ties share a rank (1, 2, 2, 4) and a tie at the N-th place keeps every tied group.
Groups without a rate are unranked, listed last and on neither list. With fewer than 2N
ranked groups each list takes at most half of them (3 counties: 1 and 1), so that a black
list never names a unit of the better half — all three counties behind time progress put
the first-ranked one on a 黑榜 of 3, which an office sends back.

Leaders are people, not units: grouped by leader the groups are ranked (the bureau's
working table) but never put on a 红榜 or 黑榜 (:attr:`ListRule.persons`) — a list naming
a 副县长 as a laggard would be sent back, as a briefing ranking its leaders would.

Bureaus often rank by more than the completion rate: 开工率, 入统率 and the share of red
projects count too (``[lists] weights``). Each indicator is scaled to 0-100 across the
groups by the range method ((x − min) / (max − min) × 100; all equal → 100), reversed where
lower is better, and the score is the weighted mean over the indicators a group has.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import polars as pl

from projtrack.config import Lists, Warnings
from projtrack.figures.colours import IN_STATS_YES, classify
from projtrack.figures.metrics import MULTI_GROUPS, group_metrics, per_group
from projtrack.figures.starts import new_start_flags
from projtrack.vocab import INDICATORS, UNSET_GROUP, places_words

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
    weights: tuple[tuple[str, float], ...] = ()  # composite score; empty: the completion rate
    sequences: tuple[tuple[str, tuple[str, ...]], ...] = ()  # ranked apart: (name, members)
    ranked_units: int | None = None  # set by :meth:`for_units` when the lists were capped
    persons: bool = False  # the groups are people (leaders): ranked, on no list

    def for_grouping(self, by: str) -> ListRule:
        """The rule for groups of ``by``: people (the leader) are ranked, never listed."""
        return replace(self, persons=by in MULTI_GROUPS)

    @classmethod
    def from_config(cls, lists: Lists, top: int | None = None) -> ListRule:
        """The rule of ``[lists]``, with ``--top`` overriding ``lists.top_n``."""
        return cls(
            top_n=top or lists.top_n,
            red_requires_on_track=lists.red_requires_on_track,
            black_requires_behind=lists.black_requires_behind,
            exempt=tuple((e.unit, e.reason) for e in lists.exempt),
            weights=lists.weights,
            sequences=lists.sequences,
        )

    def for_units(self, ranked: int) -> ListRule:
        """The rule as it applies to ``ranked`` ranked groups, which says when each list
        was capped at half of them (:func:`list_size`). Unchanged with sequences, which
        are capped one by one."""
        if self.sequences or list_size(self.top_n, ranked) == self.top_n:
            return self
        return replace(self, ranked_units=ranked)

    def describe(self) -> str:
        """The rule, gate, weights, sequences and exemptions, printed under every ranking."""
        n = self.top_n
        key = "综合得分" if self.weights else "完成率"
        if self.persons:
            text = (
                f"按领导个人只排序,不评红黑榜(红黑榜评比的是单位);{key}相同者并列同一名次;"
                "无年度计划的、(未填写)不排名。"
            )
            return text + (describe_weights(self.weights) + "。" if self.weights else "")
        red = f"红榜:{key}{places_words('前', n)}" + (
            "且达到时序进度" if self.red_requires_on_track else ""
        )
        black = f"黑榜:{key}{places_words('后', n)}" + (
            "且滞后时序进度" if self.black_requires_behind else ""
        )
        text = (
            f"{red}的单位;{black}的单位;{key}相同者并列同一名次;"
            "无年度计划的单位、(未填写)不排名、不上榜。"
        )
        if self.ranked_units is not None:
            units, size = self.ranked_units, list_size(n, self.ranked_units)
            text += (f"参与排名的单位仅{units}个,红、黑榜各至多{size}名(不超过半数)。"
                     if size else f"参与排名的单位仅{units}个,不评红黑榜。")  # fmt: skip
        if self.weights:
            text += describe_weights(self.weights) + "。"
        if self.sequences:
            names = "、".join(name for name, _ in self.sequences)
            text += f"分序列排名({names}),各序列分别评定红黑榜。"
        if self.exempt:
            text += "不列入黑榜:" + ";".join(f"{u}({r})" for u, r in self.exempt) + "。"
        return text

    def sequence_of(self) -> dict[str, str]:
        """Member → sequence name."""
        return {m: name for name, members in self.sequences for m in members}


OTHER_SEQUENCE = "其他"


def ranked_count(rows: pl.DataFrame) -> int:
    """How many groups of a ranking took a place (the rows with a rank)."""
    return int(rows["rank"].is_not_null().sum())


def list_size(top_n: int, ranked: int) -> int:
    """How many places each list takes among ``ranked`` groups: ``top_n``, at most half."""
    return min(top_n, ranked // 2)


def rank_groups(groups: pl.DataFrame, rule: ListRule) -> pl.DataFrame:
    """Add ``rank`` and ``list`` ("red"/"black"/None) and sort: rank, then group name.

    Ranks by ``score`` when the rule has weights (see :func:`composite_score`), else by
    the completion rate; with sequences, each sequence is ranked on its own and the
    frame gains a ``sequence`` column (groups in none fall in 其他).
    """
    key = "score" if rule.weights else "completion_rate"
    # The projects whose grouping cell is empty are not a unit: listed last, never ranked.
    rate = pl.when(pl.col("group") != UNSET_GROUP).then(pl.col(key).round(TIE_DECIMALS))
    exempt = pl.col("group").is_in([unit for unit, _ in rule.exempt])
    # Exempted units take no place at the bottom: the black list counts without them.
    bottom_rate = pl.when(~exempt).then(rate)
    top = rate.rank("min", descending=True)
    bottom = bottom_rate.rank("min", descending=False)
    # Each list at most half of the ranked groups (of the sequence): see list_size.
    size = pl.min_horizontal(pl.lit(rule.top_n), rate.is_not_null().sum() // 2)
    order = ["rank", "group"]
    if rule.sequences:
        names = [name for name, _ in rule.sequences]
        groups = groups.with_columns(
            pl.col("group")
            .replace_strict(rule.sequence_of(), default=OTHER_SEQUENCE, return_dtype=pl.String)
            .alias("sequence")
        ).with_columns(
            pl.col("sequence")
            .replace_strict(
                {n: i for i, n in enumerate(names)}, default=len(names), return_dtype=pl.Int64
            )
            .alias("_seq")
        )
        top, bottom = top.over("sequence"), bottom.over("sequence")
        size = size.over("sequence")
        order = ["_seq", "rank", "group"]
    ranked = groups.with_columns(
        top.cast(pl.Int64).alias("rank"),
        bottom.cast(pl.Int64).alias("_from_bottom"),
        size.cast(pl.Int64).alias("_size"),
    )
    n = pl.col("_size")
    red_gate = pl.col("variance_pp") >= 0 if rule.red_requires_on_track else pl.lit(True)
    black_gate = pl.col("variance_pp") < 0 if rule.black_requires_behind else pl.lit(True)
    is_red = red_gate & (pl.col("rank") <= n) & pl.lit(not rule.persons)
    black_gate = black_gate & pl.lit(not rule.persons)
    listed = (
        pl.when(is_red)
        .then(pl.lit("red"))
        .when(black_gate & ~exempt & (pl.col("_from_bottom") <= n))
        .then(pl.lit("black"))
        .otherwise(pl.lit(None, pl.String))
    )
    result = ranked.with_columns(listed.alias("list")).sort(order, nulls_last=True)
    return result.drop("_from_bottom", "_size", *(["_seq"] if rule.sequences else []))


def ranked_groups(
    projects: pl.DataFrame,
    by: str,
    *,
    as_of: date,
    progress: float,
    rule: ListRule,
    warn_rule: Warnings | None = None,
) -> pl.DataFrame:
    """Group figures, the composite score when the rule has weights, ranks and lists.

    The one way a period's groups are ranked, for the current period and for the
    earlier periods it is compared with.
    """
    groups = group_metrics(projects, by, progress)
    if rule.weights:
        indicators = group_indicators(
            projects, by, as_of=as_of, progress=progress, rule=warn_rule or Warnings()
        )
        groups = composite_score(groups.join(indicators, on="group", how="left"), rule.weights)
    return rank_groups(groups, rule)


def group_indicators(
    projects: pl.DataFrame, by: str, *, as_of: date, progress: float, rule: Warnings
) -> pl.DataFrame:
    """Per group: start_rate (started ÷ due new starts), stats_rate (入统 ÷ started), red_share."""
    projects = per_group(projects, by)
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
    """0-100 by the range method over the groups that are ranked; reversed when lower is
    better. (未填写) and groups without a plan are never ranked, so they set no end of the
    range: with them in it, a (未填写) at 100 pulled every unit's score down and changed
    the 红榜."""
    ranked = (pl.col("group") != UNSET_GROUP) & pl.col("completion_rate").is_not_null()
    x = pl.when(ranked).then(pl.col(column).cast(pl.Float64))
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
