"""Looking back over the stored periods: each project's colour month by month, its streak
and the ladder's action (shared by ``warn``, the briefing, ``woniu`` and ``notices``).

The earlier periods are classified with today's rules (the store keeps projects, not the
colours a past briefing printed), so a change of thresholds applies to the whole history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import polars as pl

from projtrack.figures.colours import CLASSIFY_FIELDS, classify
from projtrack.figures.metrics import time_progress, with_plan_progress
from projtrack.figures.notices import with_flags
from projtrack.figures.streaks import (
    KEY_FIELDS,
    apply_ladder,
    monthly_chain,
    place,
    previous_places,
    project_key,
    streaks,
)
from projtrack.figures.woniu import WoniuRule, sanction
from projtrack.figures.woniu import woniu as woniu_list
from projtrack.jobs.context import JobContext
from projtrack.jobs.stored import read_stored
from projtrack.registers import woniu_appearances
from projtrack.store import Snapshot, Store
from projtrack.store_files import period_key


@dataclass
class Lookback:
    """What looking back used: the periods (newest first) and where the chain stopped."""

    periods: list[str] = field(default_factory=list)  # "2024-05", … the current one first
    gaps: list[str] = field(default_factory=list)  # the month missing where streaks stop
    store_used: bool = False  # a snapshot store exists (else nothing is said about history)

    @property
    def has_history(self) -> bool:
        """At least one earlier period was looked at."""
        return len(self.periods) > 1

    def describe(self) -> str:
        """``连续期数依据2024-01至2024-05共5期；2023-12缺期，连续期数在此中断。``"""
        if len(self.periods) <= 1 and self.gaps:  # earlier months stored, the last one not
            return (f"快照库中{self.gaps[0]}缺期，连续期数只含本期"
                    "（用 projtrack ingest 保存每期台账）。")  # fmt: skip
        if len(self.periods) <= 1:
            return "快照库中没有此前各期，连续期数只含本期（用 projtrack ingest 保存每期台账）。"
        text = f"连续期数依据{self.periods[-1]}至{self.periods[0]}共{len(self.periods)}期"
        if self.gaps:
            text += f"；{self.gaps[0]}缺期，连续期数在此中断"
        return text + "。"


def coloured(
    ctx: JobContext,
    store: Store | None,
    projects: pl.DataFrame | None = None,
    *,
    by: str | None = None,
) -> tuple[pl.DataFrame, Lookback]:
    """Every project's 红黄蓝 colour as ``warn``, the briefing, 蜗牛 and 督办单 all print it:
    classified by ``[warnings]``, then the streaks and the ladder of the stored months."""
    frame = ctx.ledger.projects if projects is None else projects
    classified = classify(frame, as_of=ctx.as_of.date, progress=ctx.progress,
                          rule=ctx.config.warnings, by=by or ctx.group_by,
                          where=ctx.ledger.name_cell())  # fmt: skip
    return escalate(ctx, classified, store)


def escalate(
    ctx: JobContext, classified: pl.DataFrame, store: Store | None
) -> tuple[pl.DataFrame, Lookback]:
    """``classified`` (the current period's colours) with ``red_streak``,
    ``yellow_streak``, ``streak``, ``action``, ``prev_color`` (较上期), ``place`` and
    ``prev_place`` (its position by variance, see :func:`places`); the colour raised where
    the ladder says."""
    current = ctx.as_of.date
    look = Lookback([f"{current.year}-{current.month:02d}"])
    snapshots: dict[date, Snapshot] = {}
    chain: list[date] = []
    if store is not None and store.root.is_dir():
        look.store_used = True
        snapshots = {s.as_of: s for s in store.snapshots()}
        chain, look.gaps = monthly_chain(current, list(snapshots))
    classified = classified.with_columns(place().alias("place"))
    if not chain:  # this period only: a streak is the current colour, nothing to follow
        only = classified.with_columns(
            *_this_period_only(),
            pl.lit(None, pl.String).alias("prev_color"),
            pl.lit(None, pl.Int64).alias("prev_place"),
        )
        return apply_ladder(only, ctx.config.supervision.ladder), look
    rows = [classified.select(project_key(classified).alias("key"), pl.lit(0).alias("idx"),
                              "color", "variance_pp")]  # fmt: skip
    used = {*CLASSIFY_FIELDS, *KEY_FIELDS, ctx.group_by}  # of an earlier period: its colours
    for idx, as_of in enumerate(chain, start=1):
        assert store is not None
        projects = read_stored(store, snapshots[as_of], ctx.config, used)
        if ctx.group_by and ctx.group_by not in projects.columns:  # stored before the field
            projects = projects.with_columns(pl.lit(None, pl.String).alias(ctx.group_by))
        progress = time_progress(as_of, ctx.convention)
        if ctx.convention == "plan":
            projects = with_plan_progress(projects, progress)
        past = classify(projects, as_of=as_of, progress=progress, rule=ctx.config.warnings,
                        by=ctx.group_by)  # fmt: skip
        rows.append(past.select(project_key(past).alias("key"), pl.lit(idx).alias("idx"),
                                "color", "variance_pp"))  # fmt: skip
        look.periods.append(f"{as_of.year}-{as_of.month:02d}")
    every = pl.concat(rows)
    colours = every.unique(["key", "idx"], keep="first")
    # Two projects of this period under one key (the same name and region, no 项目编号):
    # neither is given a history that may be the other's (the reader flags the duplicate).
    now_keys = every.filter(pl.col("idx") == 0)["key"]
    shared = now_keys.filter(now_keys.is_duplicated()).unique()
    counted = (
        streaks(colours)
        .join(previous_colours(colours, ctx), on="key", how="left")
        .join(previous_places(every), on="key", how="left")
        .filter(~pl.col("key").is_in(shared.implode()))
    )
    keyed = classified.with_columns(project_key(classified).alias("_key"))
    joined = keyed.join(counted.rename({"key": "_key"}), on="_key", how="left").drop("_key")
    streak = _this_period_only()
    joined = joined.with_columns(pl.col(e.meta.output_name()).fill_null(e) for e in streak)
    return apply_ladder(joined, ctx.config.supervision.ladder), look


def _this_period_only() -> list[pl.Expr]:
    """Streaks from the current colour alone (no history, or a key this period shares)."""
    return [
        (pl.col("color") == "red").cast(pl.Int64).alias("red_streak"),
        (pl.col("color") != "blue").cast(pl.Int64).alias("yellow_streak"),
    ]


def previous_colours(colours: pl.DataFrame, ctx: JobContext) -> pl.DataFrame:
    """Per key, ``prev_color``: the colour the month before showed, its own ladder applied
    (null when that month is not stored or the project was not in it)."""
    earlier = colours.filter(pl.col("idx") >= 1).with_columns(pl.col("idx") - 1)
    if earlier.is_empty():
        return pl.DataFrame(schema={"key": pl.String, "prev_color": pl.String})
    then = earlier.filter(pl.col("idx") == 0).select("key", "color")
    shown = apply_ladder(then.join(streaks(earlier), on="key"), ctx.config.supervision.ladder)
    return shown.select("key", pl.col("color").alias("prev_color"))


@dataclass
class SnailList:
    """The 蜗牛 projects of a period, worst first, with how often each was listed."""

    projects: pl.DataFrame  # figures/woniu.py's columns + appearances, sanction, flag
    rule: WoniuRule
    lookback: Lookback
    listing_periods: list[str]  # the periods 列入次数 counts over (oldest first)
    recorded: bool  # this period's list was written to the store's woniu.json


def snail_list(
    ctx: JobContext,
    store: Store | None,
    *,
    record: bool,
    escalated: tuple[pl.DataFrame, Lookback] | None = None,
) -> SnailList:
    """新昌's 蜗牛 list by ``[supervision] woniu_*`` (shared by ``woniu`` and the briefing).

    Red streaks come from the stored months; 列入次数 from the store's ``woniu.json``
    (this period counted once); with ``record`` this period's list is written there.
    ``escalated`` is :func:`coloured` of the flagged projects when the caller has it
    already (the store is then not read twice).
    """
    sup = ctx.config.supervision
    rule = WoniuRule(sup.woniu_start_months, sup.woniu_red_periods, sup.woniu_finish_months,
                     sup.woniu_top)  # fmt: skip
    if escalated is None:
        escalated = coloured(ctx, store, with_flags(ctx.ledger.projects, ctx.findings))
    listed = woniu_list(escalated[0], as_of=ctx.as_of.date, rule=rule)
    keys = listed.select(project_key(listed).alias("k"))["k"].to_list()
    live = store is not None and store.root.is_dir()
    counts, used = woniu_appearances(store, period_key(ctx.as_of.date), keys, record=record,
                                     timeout=ctx.config.store.lock_timeout)  # fmt: skip
    seen = pl.Series("appearances", [counts[k] for k in keys], dtype=pl.Int64)
    listed = listed.with_columns(seen).with_columns(
        pl.when(pl.col("appearances") <= 1).then(pl.lit(sanction(1)))
        .otherwise(pl.lit(sanction(2))).alias("sanction")
    )  # fmt: skip
    return SnailList(listed, rule, escalated[1], used, live and record)
