"""Streaks across periods and the escalation ladder (督办升级).

A project's streak in a colour is the number of consecutive periods, ending with the
current one, in which it was at least that colour (红 counts as at least 黄). Periods are
months: the current period and, going back, one stored period per month — or quarters,
when the current period and every stored one are quarter ends (季度调度); a period missing
from the store ends every streak there (said in the report), and so does a period in which
the project is absent (a new project, or one renamed).

Projects are followed across periods by their 项目编号 when the ledger has one, else by
their normalised name and region.

The ladder is a list of rungs ``{colour, periods, action, raise_to}``: a project whose
streak in ``colour`` reaches ``periods`` gets ``action``; the last rung that applies wins,
so rungs are listed from the mildest to the most severe. ``raise_to`` ("red") also raises
the project's colour (三亚: 连续两个月未完成 → 红).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from projtrack.config import Rung
from projtrack.figures.rounding import TIE_DECIMALS
from projtrack.text import name_key

SEVERITY = {"blue": 0, "yellow": 1, "red": 2}
KEY_FIELDS = ("id", "name", "region")  # what project_key reads


def project_key(projects: pl.DataFrame) -> pl.Expr:
    """How a project is recognised in another period: its 项目编号, else name + region
    (the name normalised, its brackets left out: 一期 and (一期) are one project)."""
    name = pl.col("name").map_elements(name_key, return_dtype=pl.String)
    region = pl.col("region").fill_null("") if "region" in projects.columns else pl.lit("")
    fallback = pl.concat_str([name, pl.lit("|"), region])
    if "id" in projects.columns:
        code = pl.col("id").str.replace_all(r"\s", "")
        return pl.when(code.is_not_null() & (code != "")).then(code).otherwise(fallback)
    return fallback


QUARTER_ENDS = (3, 6, 9, 12)


def period_step(current: date, stored: list[date]) -> int:
    """Months between two periods of this store: 3 when the current period and every
    earlier stored one fall on a quarter's last month (a county that dispatches 季度调度
    stores 3月, 6月, 9月 — its previous period is the quarter before, not a missing
    August), else 1. A store of monthly ledgers with months missing is still monthly as
    soon as one stored month is not a quarter's end."""
    earlier = [d for d in stored if (d.year, d.month) < (current.year, current.month)]
    months = [current.month, *(d.month for d in earlier)]
    return 3 if earlier and all(m in QUARTER_ENDS for m in months) else 1


def monthly_chain(current: date, stored: list[date]) -> tuple[list[date], list[str]]:
    """The stored as-of dates that continue the current period period by period, newest
    first (the latest one of each month), and the month missing where the chain stops.

    A period is a month, or a quarter where the store holds quarter ends only
    (:func:`period_step`)."""
    by_month: dict[tuple[int, int], date] = {}
    for d in stored:
        key = (d.year, d.month)
        if d < current and key != (current.year, current.month):
            by_month[key] = max(d, by_month.get(key, d))
    step = period_step(current, list(by_month.values()))
    chain: list[date] = []
    gaps: list[str] = []
    y, m = current.year, current.month
    earlier = [k for k in by_month if k < (y, m)]
    while earlier:
        y, m = (y, m - step) if m > step else (y - 1, m - step + 12)
        if (y, m) in by_month:
            chain.append(by_month[(y, m)])
            earlier.remove((y, m))
        else:
            gaps.append(f"{y}-{m:02d}")
            break
    return chain, gaps


def streaks(colours: pl.DataFrame) -> pl.DataFrame:
    """``colours``: key, idx (0 = current period, 1 = the month before, …), color.

    Returns per key: ``red_streak`` and ``yellow_streak`` (periods at least yellow).
    """
    sev = pl.col("color").replace_strict(SEVERITY, return_dtype=pl.Int8)
    ordered = colours.with_columns(sev.alias("_sev")).sort("key", "idx")
    out = ordered.select("key").unique(maintain_order=True)
    for name, level in (("yellow_streak", 1), ("red_streak", 2)):
        hit = ordered.filter(pl.col("_sev") >= level)
        run = (pl.col("idx") == pl.int_range(pl.len()).over("key")).cast(pl.Int64)
        counted = (
            hit.with_columns(run.cum_min().over("key").alias("_run"))
            .group_by("key")
            .agg(pl.col("_run").sum().alias(name))
        )
        out = out.join(counted, on="key", how="left").with_columns(pl.col(name).fill_null(0))
    return out


def place(column: str = "variance_pp") -> pl.Expr:
    """A project's place among the period's projects by completion against 时序进度
    (1 = furthest ahead; equal figures share the better place, as in 十快十慢; null
    without a rate)."""
    return pl.col(column).round(TIE_DECIMALS).rank("min", descending=True).cast(pl.Int64)


def previous_places(rows: pl.DataFrame) -> pl.DataFrame:
    """``rows``: key, idx, variance_pp of every project of every period. Per key:
    ``prev_place``, its place the month before (idx 1) among all that month's projects;
    null when it was not there, or when two projects that month share its key."""
    then = rows.filter(pl.col("idx") == 1).with_columns(place().alias("prev_place"))
    return (
        then.group_by("key")
        .agg(pl.col("prev_place").first(), pl.len().alias("_n"))
        .select("key", pl.when(pl.col("_n") == 1).then(pl.col("prev_place")).alias("prev_place"))
    )


def apply_ladder(frame: pl.DataFrame, ladder: tuple[Rung, ...]) -> pl.DataFrame:
    """Add ``streak`` (连续N期红, else 连续N期预警 counting 黄 and 红; 本期红 / 本期预警 for one
    period) and ``action``, and
    raise ``color`` where a rung says so.

    ``frame`` holds ``color``, ``red_streak`` and ``yellow_streak``.
    """
    action = pl.lit(None, pl.String)
    raised = pl.col("color")
    for rung in ladder:
        column = "red_streak" if rung.colour == "red" else "yellow_streak"
        applies = pl.col(column) >= rung.periods
        action = pl.when(applies).then(pl.lit(rung.action)).otherwise(action)
        if rung.raise_to:
            raised = pl.when(applies).then(pl.lit(rung.raise_to)).otherwise(raised)
    red, yellow = pl.col("red_streak"), pl.col("yellow_streak")
    # One period is no streak: 本期红 / 本期预警, not 连续1期红.
    streak = (
        pl.when(red == 1).then(pl.lit("本期红"))
        .when(red > 1).then(pl.concat_str(pl.lit("连续"), red.cast(pl.String), pl.lit("期红")))
        .when(yellow == 1).then(pl.lit("本期预警"))
        .when(yellow > 1)
        .then(pl.concat_str(pl.lit("连续"), yellow.cast(pl.String), pl.lit("期预警")))
    )  # fmt: skip
    out = frame.with_columns(streak.alias("streak"), action.alias("action"))
    if "reason" in frame.columns:
        lifted = (raised == "red") & (pl.col("color") != "red")
        note = pl.concat_str([pl.col("streak"), pl.lit("，升为红色")])
        reason = pl.concat_str([pl.col("reason"), note], separator="；", ignore_nulls=True)
        out = out.with_columns(pl.when(lifted).then(reason).otherwise(pl.col("reason"))
                               .alias("reason"))  # fmt: skip
    before = out.get_column("color")
    out = out.with_columns(raised.alias("color"))
    if before.equals(out.get_column("color")):  # no colour raised: the order stands
        return out
    order = out.get_column("color").replace_strict(SEVERITY, return_dtype=pl.Int8)
    # Red first, then by variance (worst first) as the unescalated list: a project raised to
    # red by its streak takes its place among the reds by its variance, not after them.
    keys = [order, *(["variance_pp"] if "variance_pp" in out.columns else []), "_o"]
    return (
        out.with_row_index("_o")
        .sort(keys, descending=[True, *[False] * (len(keys) - 1)], nulls_last=True)
        .drop("_o")
    )
