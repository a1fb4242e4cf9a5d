"""The sections of projtrack.toml for the jobs beyond the ledger's own figures: 拉练
scoring, 入统 reconciliation, 督办 across periods and 督办单. Plain frozen data, like the rest of
:mod:`projtrack.config`, which parses and validates them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Lalian:
    """拉练 scoring (``projtrack lalian``)."""

    method: str = "mean"  # mean | trimmed | weighted | vote | periods
    decimals: int = 2  # scores are published, compared and tied at this precision
    top_n: int = 3  # 流动红旗 / 先进 and 约谈 lists: the first and last N of each group
    items: tuple[tuple[str, float], ...] = ()  # scoring item → its maximum points
    period_weights: tuple[tuple[str, float], ...] = ()  # method periods: period → weight
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()  # ranked apart: (name, members)
    units: tuple[str, ...] = ()  # the units taking part; any other name is an error


@dataclass(frozen=True)
class Rutong:
    """入统 reconciliation with the statistics bureau's list (``projtrack rutong``)."""

    threshold_wan: float = 500.0  # started projects of at least this total investment are due
    fuzzy_threshold: float = 90.0  # rapidfuzz ratio (0-100) at or above which names match
    deviation: float = 0.2  # 偏离度 above this share is flagged
    aliases: tuple[tuple[str, str], ...] = ()  # pinned pairs: ledger name → statistics name
    stats: str = ""  # the statistics list warn and brief match against (else 是否入统)


@dataclass(frozen=True)
class Rung:
    """One step of the escalation ladder: ``periods`` consecutive periods at least
    ``colour`` → ``action`` (and the colour raised to ``raise_to`` when set)."""

    colour: str
    periods: int
    action: str
    raise_to: str = ""


# 三亚's published ladder: 黄 → 项目负责人约谈; 连续两期黄 → 分管副市长约谈 (and 红, as
# 连续两个月未完成 is 红); 红 → 分管市领导约谈.
SANYA_LADDER = (
    Rung("yellow", 1, "项目负责人约谈"),
    Rung("yellow", 2, "分管副市长约谈", "red"),
    Rung("red", 1, "分管市领导约谈"),
)


@dataclass(frozen=True)
class Supervision:
    """督办 across periods: the escalation ladder applied to streaks from the store."""

    ladder: tuple[Rung, ...] = SANYA_LADDER
    fast_slow_n: int = 10  # 临沂's 十快/十慢: the N fastest and N slowest projects
    fast_slow_units: int = 3  # and the 3 先进 / 3 后进 units
    # 新昌's 蜗牛 rule: 开工拖后 ≥ 3 个月, 连续 2 次红 (通报), 完工延后 ≥ 6 个月
    woniu_start_months: int = 3
    woniu_red_periods: int = 2
    woniu_finish_months: int = 6
    woniu_top: int = 10  # 巴中's 十大蜗牛项目


@dataclass(frozen=True)
class Notices:
    """督办单: the reply deadline in working days (Monday-Friday) after the issue date."""

    reply_days: int = 5
