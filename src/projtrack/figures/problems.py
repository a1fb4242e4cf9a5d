"""The 问题清单: problems from 存在问题, their state (发现→解决→销号) and deadlines.

A problem is open unless its 问题状态 says it was solved (已解决/已办结, or 待销号: solved
and waiting for the formal close) or closed (销号); a 存在问题 of 无问题 / 暂无问题 is none.
The words are read clause by clause (:mod:`projtrack.statements`): 已解决，未销号 is solved
(未 anywhere in the cell made it open), 已协调，未解决 and 部分解决 are open, 待销号 is not closed.
An open problem whose 办结时限 is before the as-of date is overdue; overdue ones are
listed first, the longest overdue at the top.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from projtrack.figures.metrics import named, per_group
from projtrack.statements import qualified, stated
from projtrack.vocab import UNSET_GROUP

CLOSED = r"销号|已销|关闭|闭环"
RESOLVED = r"解决|办结|完成|已协调|落实"
# Said of a part of the problem: 部分解决, 基本完成, 初步落实 (not solved).
PART_SOLVED = r"部分|基本|初步|阶段性"
# Solved and waiting for the formal close (待销号, 已解决待销号, 申请销号): solved, not open.
AWAITING_CLOSE = r"(?:待|申请|拟)销号"
# A 存在问题 cell saying there is none: 无问题, 暂无问题, 没有困难, 无。
NO_PROBLEM = (
    r"^(?:暂|目前|当前)?(?:无|没有|未发现)(?:明显|重大)?(?:问题|困难|困难问题|困难和问题)?[。.]?$"
)
STATES = ("open", "resolved", "closed")
STATE_LABELS = {"open": "未解决", "resolved": "已解决", "closed": "已销号"}


def classify_problems(
    projects: pl.DataFrame, as_of: date, where: pl.Expr | None = None, keep: tuple[str, ...] = ()
) -> pl.DataFrame:
    """One row per project with a problem text: its state and days overdue (open only).

    ``keep`` names further project columns to carry along (the briefing's ``region``, the
    leader named as :func:`~projtrack.figures.metrics.group_of` names him).
    """
    status = pl.col("problem_status").str.replace_all(r"\s", "")
    state = (
        pl.when(status.str.contains(AWAITING_CLOSE)).then(pl.lit("resolved"))
        .when(qualified(status, RESOLVED, finishing=True, parts=PART_SOLVED)).then(pl.lit("open"))
        .when(stated(status, CLOSED, finishing=True)).then(pl.lit("closed"))
        .when(stated(status, RESOLVED, finishing=True, parts=PART_SOLVED)).then(pl.lit("resolved"))
        .otherwise(pl.lit("open"))
    )  # fmt: skip
    deadline = pl.col("problem_deadline")
    late = (pl.lit(as_of) - deadline).dt.total_days()
    overdue = pl.when((state == "open") & deadline.is_not_null() & (deadline < as_of)).then(late)
    # Lazy, so that only the columns used are filtered (not every column of the ledger).
    return (
        projects.lazy()
        .filter(
            pl.col("problems").is_not_null()
            & ~pl.col("problems").str.replace_all(r"\s", "").str.contains(NO_PROBLEM)
        )
        .with_row_index("_order")
        .select(
            "name",
            *(named(k).alias(k) for k in keep),  # a leader as the tables name him
            pl.col("responsible").fill_null(UNSET_GROUP),
            pl.col("problems").alias("problem"),
            pl.col("problem_status").alias("status"),
            state.alias("state"),
            deadline.alias("deadline"),
            overdue.cast(pl.Int64).alias("overdue_days"),
            (where if where is not None else pl.col("_row").cast(pl.String)).alias("where"),
            "_order",
        )
        .sort(
            [pl.col("state") != "open", "overdue_days", "responsible", "_order"],
            descending=[False, True, False, False],
            nulls_last=True,
        )
        .drop("_order")
        .collect()
    )


def count_by_unit(problems: pl.DataFrame, by: str = "responsible") -> pl.DataFrame:
    """Per responsible unit (or the ``by`` column, e.g. the leader): open (of which
    overdue), resolved, closed; most open first. A cell naming several leaders counts the
    problem under each of them (:func:`~projtrack.figures.metrics.per_group`)."""
    return (
        per_group(problems, by)
        .with_columns(pl.col(by).fill_null(UNSET_GROUP))
        .group_by(by)
        .agg(
            (pl.col("state") == "open").sum().cast(pl.Int64).alias("open"),
            pl.col("overdue_days").is_not_null().sum().cast(pl.Int64).alias("overdue"),
            (pl.col("state") == "resolved").sum().cast(pl.Int64).alias("resolved"),
            (pl.col("state") == "closed").sum().cast(pl.Int64).alias("closed"),
        )
        .sort(["open", "overdue", by], descending=[True, True, False])
    )
