"""The 问题清单: problems from 存在问题, their state (发现→解决→销号) and deadlines.

A problem is open unless its 问题状态 says it was solved (已解决/已办结) or closed
(销号). An open problem whose 办结时限 is before the as-of date is overdue; overdue ones
are listed first, the longest overdue at the top.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from .config import Config
from .errors import Finding
from .ledger import Ledger
from .metrics import UNSET_GROUP
from .period import AsOf

CLOSED = r"销号|已销|关闭|闭环"
RESOLVED = r"已解决|已办结|已完成|办结|解决完毕|已协调|已落实|完成"
NOT_YET = r"未|待|正在|推进中|办理中|协调中|部分"
STATES = ("open", "resolved", "closed")
STATE_LABELS = {"open": "未解决", "resolved": "已解决", "closed": "已销号"}


@dataclass
class ProblemsReport:
    """Every problem with its state, counts overall and per responsible unit."""

    as_of: AsOf
    problems: pl.DataFrame  # name, responsible, problem, status, state, deadline, overdue_days
    by_unit: pl.DataFrame  # responsible, open, overdue, resolved, closed
    has_status: bool
    has_deadline: bool
    warnings: list[Finding] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        """Problems per state, and how many open ones are overdue."""
        state = self.problems["state"]
        out = {s: int((state == s).sum()) for s in STATES}
        out["overdue"] = int(self.problems["overdue_days"].is_not_null().sum())
        out["total"] = self.problems.height
        return out

    def to_json(self) -> dict[str, Any]:
        """``{"as_of", "counts", "by": [...], "problems": [...]}`` (dates as ISO text)."""
        rows = self.problems.with_columns(pl.col("deadline").cast(pl.String)).to_dicts()
        return {
            "as_of": self.as_of.date.isoformat(),
            "counts": self.counts,
            "by": self.by_unit.to_dicts(),
            "problems": rows,
            "warnings": [w.to_json() for w in self.warnings],
        }


def classify_problems(
    projects: pl.DataFrame, as_of: date, where: pl.Expr | None = None
) -> pl.DataFrame:
    """One row per project with a problem text: its state and days overdue (open only)."""
    status = pl.col("problem_status").str.replace_all(r"\s", "")
    state = (
        pl.when(status.str.contains(NOT_YET)).then(pl.lit("open"))
        .when(status.str.contains(CLOSED)).then(pl.lit("closed"))
        .when(status.str.contains(RESOLVED)).then(pl.lit("resolved"))
        .otherwise(pl.lit("open"))
    )  # fmt: skip
    deadline = pl.col("problem_deadline")
    late = (pl.lit(as_of) - deadline).dt.total_days()
    overdue = pl.when((state == "open") & deadline.is_not_null() & (deadline < as_of)).then(late)
    return (
        projects.filter(pl.col("problems").is_not_null())
        .with_row_index("_order")
        .select(
            "name",
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
    )


def count_by_unit(problems: pl.DataFrame) -> pl.DataFrame:
    """Per responsible unit: open (of which overdue), resolved, closed; most open first."""
    return (
        problems.group_by("responsible")
        .agg(
            (pl.col("state") == "open").sum().cast(pl.Int64).alias("open"),
            pl.col("overdue_days").is_not_null().sum().cast(pl.Int64).alias("overdue"),
            (pl.col("state") == "resolved").sum().cast(pl.Int64).alias("resolved"),
            (pl.col("state") == "closed").sum().cast(pl.Int64).alias("closed"),
        )
        .sort(["open", "overdue", "responsible"], descending=[True, True, False])
    )


def problems(
    *,
    ledger: Path | Ledger,
    config: Config | None = None,
    as_of: date | None = None,
    year: int | None = None,
    month: int | None = None,
    quarter: str | None = None,
) -> ProblemsReport:
    """The problem list of a ledger."""
    from .rank import ledger_as_of

    loaded = (config or Config()).open(ledger)
    resolved = ledger_as_of(loaded, as_of=as_of, year=year, month=month, quarter=quarter)
    listed = classify_problems(loaded.projects, resolved.date, loaded.name_cell())
    return ProblemsReport(
        as_of=resolved,
        problems=listed,
        by_unit=count_by_unit(listed),
        has_status="problem_status" in loaded.fields,
        has_deadline="problem_deadline" in loaded.fields,
        warnings=[*resolved.findings, *loaded.findings],
    )
