"""红黄蓝 three-colour warnings per project, on every dimension the ledger allows.

Dimensions: progress (variance against time progress, and 零投资), start (due and not
started), statistics (started but not yet 入统). Each gives 红/黄/蓝; the worst one is the
project's colour. Thresholds come from ``[warnings]`` in projtrack.toml.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

from projtrack.config import Warnings
from projtrack.config_sections import Rung
from projtrack.figures.metrics import (
    LEDGER_ORDER,
    group_of,
    per_group,
    project_metrics,
    with_sheet_no,
)
from projtrack.figures.rounding import half_away
from projtrack.figures.starts import new_start_flags
from projtrack.vocab import COLOURS, UNSET_GROUP

COLORS = COLOURS  # worst first
_SEVERITY = {"blue": 0, "yellow": 1, "red": 2}
# Compare thresholds on values rounded to this many decimals: −30 pp computed from
# floats may come out as −30.000000000000004 and must still be "30 pp behind".
EDGE_DECIMALS = 9
_BEHIND, _PP = pl.lit("滞后时序进度"), pl.lit("个百分点")
IN_STATS_YES = r"^(是|已入统|已纳统|已入库|入统|纳统|√|✓|Y|y|yes|Yes|YES|1)$"
# The project fields classify reads (besides the grouping): what an earlier period's
# colours need from the store. ``planned_ytd`` is for the plan convention.
CLASSIFY_FIELDS = (
    "annual_plan", "completed_ytd", "planned_ytd", "stage", "planned_start", "actual_start",
    "_start_word", "in_stats", "_sheet", "_row",
)  # fmt: skip


def _behind(progress: float, rule: Warnings) -> pl.Expr:
    """How far behind, in the rule's measure (pp, or share of time progress), rounded."""
    rate, tp = pl.col("completion_rate"), pl.col("_tp")  # _tp: see metrics.project_metrics
    gap: pl.Expr = (
        pl.when(tp > 0).then((tp - rate) / tp) if rule.rule == "relative" else (tp - rate) * 100
    )
    return gap.round(EDGE_DECIMALS)


def progress_colors(
    projects: pl.DataFrame, as_of: date, progress: float, rule: Warnings
) -> pl.DataFrame:
    """``progress`` colour and reason from the variance, and 零投资 after the first quarter."""
    yellow, red = (
        (rule.relative_yellow, rule.relative_red)
        if rule.rule == "relative"
        else (rule.progress_yellow_pp, rule.progress_red_pp)
    )
    behind = _behind(progress, rule)
    has_plan = pl.col("annual_plan") > 0
    zero = (
        has_plan
        & (pl.col("completed_ytd").fill_null(0.0) == 0)
        & pl.lit(as_of.month > rule.zero_investment_red_after_month)
    )
    color = (
        pl.when(zero).then(pl.lit("red"))
        .when(has_plan & (behind > red)).then(pl.lit("red"))
        .when(has_plan & (behind >= yellow)).then(pl.lit("yellow"))
        .otherwise(pl.lit("blue"))
    )  # fmt: skip
    amount = half_away(-pl.col("variance_pp"), 1).cast(pl.String)
    reason = (
        pl.when(zero).then(pl.lit("零投资"))
        .when(color != "blue").then(pl.concat_str(_BEHIND, amount, _PP))
    )  # fmt: skip
    return projects.with_columns(color.alias("progress"), reason.alias("_r_progress"))


def start_colors(projects: pl.DataFrame, as_of: date, rule: Warnings) -> pl.DataFrame:
    """``start`` colour: due and not started, 黄 below ``start_red_months`` overdue, else 红."""
    flagged = new_start_flags(projects, as_of)
    if flagged is None:
        return projects.with_columns(
            pl.lit("blue").alias("start"), pl.lit(None, pl.String).alias("_r_start")
        )
    late = pl.col("_due") & ~pl.col("_started")
    months = pl.col("months_overdue")
    color = (
        pl.when(late & (months >= rule.start_red_months)).then(pl.lit("red"))
        .when(late).then(pl.lit("yellow"))
        .otherwise(pl.lit("blue"))
    )  # fmt: skip
    # A start due this month is not "逾期0个月": it is overdue by less than a month.
    whole = pl.concat_str(pl.lit("逾期"), months.cast(pl.String), pl.lit("个月"))
    overdue = pl.when(months >= 1).then(whole).otherwise(pl.lit("逾期不足1个月"))
    reason = pl.when(late).then(pl.concat_str(pl.lit("应开未开（"), overdue, pl.lit("）")))
    return flagged.with_columns(color.alias("start"), reason.alias("_r_start")).drop(
        "_new", "_due", "_started", "months_overdue"
    )


def ledger_says_entered() -> pl.Expr:
    """The ledger's own 是否入统 cell reads as 入统 (是, 已入库, √ …); null when empty."""
    return pl.col("in_stats").str.contains(IN_STATS_YES)


def statistics_colors(projects: pl.DataFrame, as_of: date, rule: Warnings) -> pl.DataFrame:
    """``statistics`` colour: started but not 入统, by months since the actual start.

    A ``_stats_pending`` column (due and not matched in the statistics list, see
    :mod:`projtrack.figures.rutong`) overrides the ledger's 是否入统 column; it is dropped.
    """
    listed = "_stats_pending" in projects.columns
    if not listed and projects["in_stats"].null_count() == projects.height:
        return projects.with_columns(
            pl.lit("blue").alias("statistics"), pl.lit(None, pl.String).alias("_r_stats")
        )
    start = pl.col("actual_start")
    months = (as_of.year * 12 + as_of.month) - (
        start.dt.year().cast(pl.Int64) * 12 + start.dt.month().cast(pl.Int64)
    )
    entered = ledger_says_entered().fill_null(False)
    pending = (
        pl.col("_stats_pending").fill_null(False)
        if listed
        else start.is_not_null() & (start <= as_of) & ~entered
    )
    color = (
        pl.when(pending & (months > rule.stats_red_months)).then(pl.lit("red"))
        .when(pending & (months >= rule.stats_yellow_months)).then(pl.lit("yellow"))
        .otherwise(pl.lit("blue"))
    )  # fmt: skip
    reason = pl.when(color != "blue").then(
        pl.concat_str(pl.lit("开工"), months.cast(pl.String), pl.lit("个月未入统"))
    )
    coloured = projects.with_columns(color.alias("statistics"), reason.alias("_r_stats"))
    return coloured.drop("_stats_pending", strict=False)


def classify(
    projects: pl.DataFrame,
    *,
    as_of: date,
    progress: float,
    rule: Warnings,
    by: str,
    where: pl.Expr | None = None,
) -> pl.DataFrame:
    """Every project with its colour per dimension, the worst colour and the reasons."""
    frame = project_metrics(with_sheet_no(projects), progress)
    frame = progress_colors(frame, as_of, progress, rule)
    frame = start_colors(frame, as_of, rule)
    frame = statistics_colors(frame, as_of, rule)
    severity = pl.max_horizontal(
        pl.col(c).replace_strict(_SEVERITY, return_dtype=pl.Int8)
        for c in ("progress", "start", "statistics")
    )
    worst = severity.replace_strict({v: k for k, v in _SEVERITY.items()}, return_dtype=pl.String)
    # The reason is Chinese prose that goes into 督办单 and briefings as it is: full-width
    # marks (SPEC §4), as the streak ladder's "；连续3期预警，升为红色" added to it.
    reason = pl.concat_str(
        ["_r_progress", "_r_start", "_r_stats"], separator="；", ignore_nulls=True
    )
    return (
        frame.with_columns(
            worst.alias("color"),
            pl.when(reason == "").then(None).otherwise(reason).alias("reason"),
            group_of(by).alias("group"),
            (where if where is not None else pl.col("_row").cast(pl.String)).alias("where"),
            severity.alias("_sev"),
        )
        .sort(
            ["_sev", "variance_pp", *LEDGER_ORDER],
            descending=[True, False, False, False],
            nulls_last=True,
        )
        .drop("_sev", "_r_progress", "_r_start", "_r_stats")
    )


def count_by_group(classified: pl.DataFrame, by: str) -> pl.DataFrame:
    """Projects per colour in each group, most red first (a project under each of the
    leaders its cell names, see :func:`~projtrack.figures.metrics.per_group`)."""
    split = per_group(classified, by, "group").with_columns(pl.col("group").fill_null(UNSET_GROUP))
    return (
        split.group_by("group")
        .agg((pl.col("color") == c).sum().cast(pl.Int64).alias(c) for c in COLORS)
        .sort(["red", "yellow", "group"], descending=[True, True, False])
    )


_COLOUR_WORDS = {"red": "红色", "yellow": "黄色", "blue": "蓝色"}


def describe_rules(rule: Warnings, ladder: Sequence[Rung] = ()) -> list[str]:
    """The thresholds in use, in words printed with every warning list; with ``ladder``
    (a store, so streaks are counted) the rungs that raise a colour too (连续2期黄色及以上
    升为红色): else a red table showing projects 18 points behind contradicts its rule."""
    if rule.rule == "relative":
        progress = (
            f"进度:滞后幅度达时序进度的{rule.relative_yellow:.0%}~{rule.relative_red:.0%}为黄,"
            f"超过{rule.relative_red:.0%}为红"
        )
    else:
        progress = (
            f"进度:滞后时序进度{rule.progress_yellow_pp:g}~{rule.progress_red_pp:g}个百分点(含)为黄,"
            f"超过{rule.progress_red_pp:g}个百分点为红"
        )
    raised = "".join(
        f";连续{r.periods}期{'黄色及以上' if r.colour == 'yellow' else '红色'}升为"
        f"{_COLOUR_WORDS.get(r.raise_to, r.raise_to)}"
        for r in ladder
        if r.raise_to
    )
    return [
        progress
        + f";有年度计划但零投资的项目{rule.zero_investment_red_after_month}月后为红"
        + raised,
        f"开工:应开未开逾期不足{rule.start_red_months}个月为黄,{rule.start_red_months}个月及以上为红",
        f"入统:开工{rule.stats_yellow_months}个月起未入统为黄,超过{rule.stats_red_months}个月为红",
    ]
