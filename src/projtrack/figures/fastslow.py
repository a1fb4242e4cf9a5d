"""十快/十慢 (临沂): the N fastest and N slowest projects, and the 先进/后进 units.

Projects are ranked by their variance against 时序进度 (completion rate − time progress,
percentage points); a project without an annual plan has no rate and is in neither list.
New-start projects (新开工, see :mod:`projtrack.figures.starts`) are also ranked by months
from the planned to the actual start: the fastest are the started ones with the fewest
months (negative = early), the slowest include the due projects not started yet, counted
as late by their months overdue so far.

A list holds N projects, and every project tied with the N-th (``tied`` says how many extra
were taken in). When fewer than 2N projects can be ranked, N becomes half of them, so that
no project is both fast and slow. A tie at the cut of the fast list that would reach into
the slower half of the pool (a March ledger: hundreds of projects at 0 investment, all
equally behind) is not listed as fast: the list stops before it (``short`` says so), and
those projects are the slow list. When every ranked project has the same rate (a January
ledger with nothing done yet, or all at +5.0) none is faster than another: both lists are
empty and ``even`` holds the rate and variance they share. The 先进/后进 units are the
first and last K groups of the ranking (its ``rank``) — K at most half of the ranked
groups, as for the 红黑榜 — ties at the boundary included, no unit in both; a 先进
unit has reached 时序进度 and a 后进 unit is behind it — the gates of the 红黑榜, so they
follow ``[lists] red_requires_on_track`` and ``black_requires_behind`` as the 红黑榜 does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import polars as pl

from projtrack.figures.lists import list_size
from projtrack.figures.metrics import LEDGER_ORDER, group_of, project_metrics, with_sheet_no
from projtrack.figures.rounding import TIE_DECIMALS
from projtrack.figures.starts import new_start_flags


@dataclass(frozen=True)
class Ranked:
    """One list: its rows (``rank`` first), how many it was asked for and the ties."""

    title: str
    rows: pl.DataFrame
    n: int
    tied: int  # rows beyond n taken in because they tie with the n-th
    short: int = 0  # projects tied at the cut left out (the list stops before them)

    def note(self) -> str | None:
        """What ties did to the list, or None (half-width marks; renderers punctuate)."""
        if self.short:
            after = self.rows.height + 1
            return (f"另有{self.short}个项目并列第{after}名,超过参与排序项目的半数,"
                    f"不列入{self.title}。")  # fmt: skip
        if not self.tied:
            return None
        last = self.rows["rank"][-1]
        return f"{self.title}并列第{last}名的项目一并列入,共{self.rows.height}个。"


@dataclass(frozen=True)
class FastSlow:
    """十快/十慢 by variance, by start (None without start dates), 先进/后进 units."""

    n: int
    fast: Ranked
    slow: Ranked
    fast_starts: Ranked | None
    slow_starts: Ranked | None
    leading: list[str] = field(default_factory=list)  # 先进 units, best first
    lagging: list[str] = field(default_factory=list)  # 后进 units, worst last
    ranked_projects: int = 0  # projects with a plan (the pool of the variance lists)
    asked: int = 0  # the N configured (n is smaller when there are fewer than 2N projects)
    units: int = 3  # the K of 先进/后进: first and last K ranked units, gated by 时序进度
    lead_on_track: bool = True  # a 先进 unit must have reached 时序进度 (the 红榜 gate)
    lag_behind: bool = True  # a 后进 unit must be behind it (the 黑榜 gate)
    # (completion rate, variance) every ranked project shares, when they all tie; the
    # lists are then empty (30 projects at 0 are not "the 10 fastest")
    even: tuple[float, float] | None = None

    def fewer_note(self, fast: int, slow: int) -> str | None:
        """Why the lists hold fewer than the N configured, with the ``fast`` and ``slow``
        rows the reader sees (ties move rows from one list to the other, so "各列2个" beside
        tables of 3 and 1 would contradict them); None with enough projects."""
        if self.n >= self.asked:
            return None
        head = f"有年度计划的项目不足{self.asked * 2}个,快、慢各"
        if fast == slow == self.n:
            return f"{head}列{self.n}个。"
        return f"{head}取{self.n}个;因名次并列,实列最快{fast}个、最慢{slow}个。"

    def lists(self) -> list[tuple[str, Ranked]]:
        """The project lists present, with their machine names."""
        pairs: list[tuple[str, Ranked | None]] = [("fast", self.fast), ("slow", self.slow)]
        pairs += [("fast_starts", self.fast_starts), ("slow_starts", self.slow_starts)]
        return [(k, v) for k, v in pairs if v is not None]


def top_with_ties(frame: pl.DataFrame, by: str, n: int, *, descending: bool) -> pl.DataFrame:
    """The first ``n`` rows by ``by`` and every row tied with the n-th, with ``rank``
    (1 + the number strictly better); ``frame`` holds no null in ``by``."""
    if frame.is_empty() or n < 1:
        return frame.with_columns(pl.lit(None, pl.Int64).alias("rank")).head(0)
    ranked = frame.with_columns(
        pl.col(by).round(TIE_DECIMALS).rank("min", descending=descending).cast(pl.Int64)
        .alias("rank")
    )  # fmt: skip
    # The n-th best rank, then only the rows kept are sorted (not the whole ledger).
    cut = ranked["rank"].bottom_k(min(n, ranked.height)).max()
    return ranked.filter(pl.col("rank") <= cut).sort(["rank", *LEDGER_ORDER])


def nearer_top(
    pool: pl.DataFrame, listed: pl.DataFrame, by: str, *, descending: bool
) -> tuple[pl.DataFrame, int]:
    """``listed`` without the tie at its cut when that tie stands nearer the other end of
    the pool (its place from the bottom better than from the top), and how many that was.

    A March ledger with 27 of 30 projects at 0 investment: they tie for 4th fastest and
    for slowest; they are the slow list, not the fast one.
    """
    if listed.is_empty():
        return listed, 0
    cut = int(listed["rank"][-1])  # sorted by rank
    block = listed.filter(pl.col("rank") == cut)
    value = round(block[by][0], TIE_DECIMALS)
    beyond = pool[by].round(TIE_DECIMALS)
    from_bottom = 1 + int(((beyond < value) if descending else (beyond > value)).sum())
    if from_bottom >= cut:
        return listed, 0
    return listed.filter(pl.col("rank") < cut), block.height


def fast_slow(
    projects: pl.DataFrame,
    *,
    as_of: date,
    progress: float,
    by: str,
    n: int,
    groups: pl.DataFrame,
    units: int = 3,
    gates: tuple[bool, bool] = (True, True),
) -> FastSlow:
    """The 十快/十慢 lists of ``projects`` and the 先进/后进 of the ranked ``groups``
    (``group`` and ``rank`` columns); ``gates``: whether a 先进 unit must have reached
    时序进度 and a 后进 unit be behind it."""
    projects = with_sheet_no(projects)
    frame = project_metrics(projects, progress).with_columns(group_of(by).alias("group"))
    pool = frame.filter(pl.col("variance_pp").is_not_null())
    size, ranked_projects = min(n, pool.height // 2), pool.height
    even = None
    if pool.height > 1 and pool["variance_pp"].round(TIE_DECIMALS).n_unique() == 1:
        even = (float(pool["completion_rate"][0]), float(pool["variance_pp"][0]))
        pool = pool.clear()  # no list: none is faster or slower than another
    fast, short = nearer_top(pool, top_with_ties(pool, "variance_pp", size, descending=True),
                             "variance_pp", descending=True)  # fmt: skip
    rest = pool.join(fast.select("_sheet", "_row"), on=["_sheet", "_row"], how="anti")
    slow = top_with_ties(rest, "variance_pp", size, descending=False)
    keep = ["rank", "name", "group", "annual_plan", "completed_ytd", "completion_rate",
            "variance_pp", "_sheet", "_row"]  # fmt: skip
    fast_starts = slow_starts = None
    flagged = new_start_flags(projects, as_of)
    if flagged is not None:
        month = pl.col("actual_start").dt.year().cast(pl.Int64) * 12 + pl.col(
            "actual_start"
        ).dt.month().cast(pl.Int64)
        planned = pl.col("planned_start").dt.year().cast(pl.Int64) * 12 + pl.col(
            "planned_start"
        ).dt.month().cast(pl.Int64)
        starts = flagged.filter(pl.col("_new") & pl.col("planned_start").is_not_null())
        starts = starts.with_columns(
            group_of(by).alias("group"),
            pl.when(pl.col("_started")).then(month - planned)
            .when(pl.col("_due")).then(pl.col("months_overdue"))
            .alias("start_months"),
        ).filter(pl.col("start_months").is_not_null())  # fmt: skip
        # 开工最快 are the projects that started on time or early: a start 4 months late is
        # no fast one however late the others were (they are all 开工拖后).
        started = starts.filter(pl.col("_started") & (pl.col("start_months") <= 0))
        s_size = min(n, starts.height // 2)
        quick = top_with_ties(started, "start_months", s_size, descending=False)
        others = starts.join(quick.select("_sheet", "_row"), on=["_sheet", "_row"], how="anti")
        # at equal months, a project still not started is slower than one that started
        others = others.with_columns(
            (pl.col("start_months") * 2 + (~pl.col("_started")).cast(pl.Int64)).alias("_slow")
        )
        late = top_with_ties(others, "_slow", s_size, descending=True)
        cols = ["rank", "name", "group", "planned_start", "actual_start", "start_months",
                "_sheet", "_row"]  # fmt: skip
        fast_starts = _ranked("开工最快", quick.select(cols), s_size)
        slow_starts = _ranked("开工最慢", late.select(cols), s_size)
    leading, lagging = lead_and_lag(groups, units, gates)
    return FastSlow(
        n=size,
        fast=_ranked("进度最快", fast.select(keep), size, short),
        slow=_ranked("进度最慢", slow.select(keep), size),
        fast_starts=fast_starts,
        slow_starts=slow_starts,
        leading=leading,
        lagging=lagging,
        units=list_size(units, int(groups["rank"].is_not_null().sum())),  # the K used
        lead_on_track=gates[0],
        lag_behind=gates[1],
        ranked_projects=ranked_projects,
        asked=n,
        even=even,
    )


def lead_and_lag(
    groups: pl.DataFrame, units: int, gates: tuple[bool, bool] = (True, True)
) -> tuple[list[str], list[str]]:
    """The first and last ``units`` ranked groups (ties included), no group in both.

    Like the 红黑榜 gates, when ``gates`` keeps them: a 先进 unit has reached 时序进度
    (variance ≥ 0) and a 后进 unit is behind it (variance < 0); a unit among the first but
    behind time is not 先进. A unit without a variance (no plan) passes no gate."""
    ranked = groups.filter(pl.col("rank").is_not_null()).sort("rank", "group")
    if ranked.is_empty() or units < 1:
        return [], []
    # At most half of the ranked units, as the 红黑榜 (lists.list_size): with five units
    # the third is on neither, and the 后进 are the 黑榜.
    size = list_size(units, ranked.height)
    if size < 1:
        return [], []
    ranks = ranked["rank"].to_list()
    variance = pl.col("variance_pp")
    on_track = (variance >= 0).fill_null(False) if gates[0] else pl.lit(True)
    behind = (variance < 0).fill_null(False) if gates[1] else pl.lit(True)
    first = ranked.filter((pl.col("rank") <= ranks[size - 1]) & on_track)["group"].to_list()
    worst = ranks[-size]
    last = ranked.filter((pl.col("rank") >= worst) & behind & ~pl.col("group").is_in(first))
    return first, last["group"].to_list()


def _ranked(title: str, rows: pl.DataFrame, n: int, short: int = 0) -> Ranked:
    return Ranked(title=title, rows=rows, n=n, tied=max(0, rows.height - n), short=short)
