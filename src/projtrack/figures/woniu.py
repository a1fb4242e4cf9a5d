"""蜗牛项目 (新昌): projects that crawl, by three published criteria.

A project is a 蜗牛 when at least one holds:

- 开工拖后: a new-start project (see :mod:`projtrack.figures.starts`) whose actual start
  came ``start_months`` or more months after its planned start, or that has not started and
  is that many months overdue (months counted as calendar months, as 应开未开 does);
- 连续通报: red in ``red_periods`` consecutive periods, this one included (the streaks of
  :mod:`projtrack.figures.streaks`; without stored periods a project is red in one period
  at most, so this criterion needs history);
- 完工延后: its planned finish is ``finish_months`` or more months before the as-of month
  and its 建设性质/阶段 does not state that it is finished (:func:`finished`).

The list is ordered worst first: most criteria met, then the longest delay in months
(start or finish), then the longest red streak, then ledger order. 巴中's 十大蜗牛项目 are the
first ``top`` of it. How often a project was listed (first 通报批评, then 曝光) is counted
by the job from the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from projtrack.figures.metrics import LEDGER_ORDER, with_sheet_no
from projtrack.figures.starts import new_start_flags
from projtrack.statements import FINISHED, PARTS, PARTS_BUT_PHASES, PHASE, stated

FIRST, REPEATED = "通报批评", "曝光"


@dataclass(frozen=True)
class WoniuRule:
    """The thresholds (新昌's as the defaults)."""

    start_months: int = 3
    red_periods: int = 2
    finish_months: int = 6
    top: int = 10


def _months(expr: pl.Expr) -> pl.Expr:
    return expr.dt.year().cast(pl.Int64) * 12 + expr.dt.month().cast(pl.Int64)


def finished(projects: pl.DataFrame) -> pl.Expr:
    """Whether a project's 建设性质/阶段 states that it is finished (竣工, 完工, 投产, 建成 …).

    A word found anywhere said so of 未完工, 拟投产, 计划6月建成 and 续建（主体完工）, and left
    those projects off the list: the word counts only where it is stated, not denied,
    planned or said of a part of the project (:mod:`projtrack.statements`). A phase is a
    part unless the project is that phase: 一期竣工 finishes 产业园一期, not 产业园.
    """
    stage = pl.col("stage")
    whole = stated(stage, FINISHED, finishing=True, parts=PARTS)
    if "name" not in projects.columns:
        return whole
    phase = stage.str.extract(f"({PHASE})", 1)
    own = pl.col("name").str.contains(phase, literal=True).fill_null(False)
    return whole | (own & stated(stage, FINISHED, finishing=True, parts=PARTS_BUT_PHASES))


def woniu(projects: pl.DataFrame, *, as_of: date, rule: WoniuRule) -> pl.DataFrame:
    """The 蜗牛 projects of ``projects`` (which hold ``red_streak``), worst first.

    Adds ``start_delay`` (months; null when the criterion cannot apply), ``not_started``,
    ``finish_delay``, ``criteria`` (the texts of the criteria met), ``n_criteria``, ``delay``
    and ``rank``.
    """
    now = as_of.year * 12 + as_of.month
    projects = with_sheet_no(projects)  # (the colours' frame has it, from the ledger's order)
    flagged = new_start_flags(projects, as_of)
    if flagged is None:
        frame = projects.with_columns(
            pl.lit(None, pl.Int64).alias("start_delay"), pl.lit(False).alias("not_started")
        )
    else:
        planned = _months(pl.col("planned_start"))
        started = pl.col("actual_start").is_not_null()
        delay = (
            pl.when(~pl.col("_new")).then(None)
            .when(started).then(_months(pl.col("actual_start")) - planned)
            .when(pl.col("_due")).then(pl.lit(now) - planned)
        )  # fmt: skip
        frame = flagged.with_columns(
            delay.alias("start_delay"), (pl.col("_new") & ~started).alias("not_started")
        ).drop("_new", "_due", "_started", "months_overdue")
    finish = pl.lit(now) - _months(pl.col("planned_finish"))
    frame = frame.with_columns(
        pl.when(~finished(frame)).then(finish).alias("finish_delay"),
        pl.col("red_streak").fill_null(0).alias("red_streak"),
    )
    late_start = (pl.col("start_delay") >= rule.start_months).fill_null(False)
    reds = pl.col("red_streak") >= rule.red_periods
    late_finish = (pl.col("finish_delay") >= rule.finish_months).fill_null(False)
    start_text = pl.concat_str(
        pl.when(pl.col("not_started")).then(pl.lit("未开工，逾期")).otherwise(pl.lit("开工拖后")),
        pl.col("start_delay").cast(pl.String),
        pl.lit("个月"),
    )
    texts = pl.concat_list(
        pl.when(late_start).then(start_text),
        pl.when(reds).then(pl.concat_str(pl.lit("连续"), pl.col("red_streak").cast(pl.String),
                                         pl.lit("期红色预警"))),
        pl.when(late_finish).then(pl.concat_str(pl.lit("完工延后"),
                                                pl.col("finish_delay").cast(pl.String),
                                                pl.lit("个月"))),
    ).list.drop_nulls()  # fmt: skip
    longest = pl.max_horizontal(
        pl.when(late_start).then(pl.col("start_delay")).otherwise(0),
        pl.when(late_finish).then(pl.col("finish_delay")).otherwise(0),
    )
    # The criteria's texts are built on the listed rows only: on a city ledger most projects
    # are not 蜗牛, and a list column over every row was the peak memory of ``brief``.
    listed = (
        frame.filter(late_start | reds | late_finish)
        .with_columns(
            texts.alias("criteria"),
            (late_start.cast(pl.Int64) + reds.cast(pl.Int64) + late_finish.cast(pl.Int64))
            .alias("n_criteria"),
            longest.alias("delay"),
        )
        .sort(["n_criteria", "delay", "red_streak", *LEDGER_ORDER],
              descending=[True, True, True, False, False])
    )  # fmt: skip
    return listed.with_columns(pl.int_range(1, pl.len() + 1).cast(pl.Int64).alias("rank"))


def sanction(appearances: int) -> str:
    """First listing → 通报批评; a second or later → 曝光."""
    return FIRST if appearances <= 1 else REPEATED
