"""Views of ``woniu``: the 蜗牛 projects worst first (the first N are the 十大蜗牛项目)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from projtrack.render.views import View

if TYPE_CHECKING:
    from projtrack.jobs.woniu import WoniuReport


def listing_note(used: list[str], *, recorded: bool) -> str:
    """Which listings 列入次数 counts over. ``used`` ends with this period, which is one of
    the store's recorded lists only when this run recorded it: ``--no-record`` counted its
    list from memory, and the note said “快照库记录的1期蜗牛名单（2024-08）” of a period
    never recorded."""
    if recorded:
        return (f"列入次数依据快照库记录的{len(used)}期蜗牛名单（{'、'.join(used)}）"
                "；未运行过 woniu 的月份不计。")  # fmt: skip
    earlier = used[:-1]
    if not earlier:
        return "快照库中没有本年此前各期的蜗牛名单记录，列入次数只计本期名单（本期未记入快照库）。"
    return (f"列入次数依据快照库记录的{len(earlier)}期蜗牛名单（{'、'.join(earlier)}）和本期名单"
            "（本期未记入快照库）；未运行过 woniu 的月份不计。")  # fmt: skip


def woniu_views(report: WoniuReport) -> list[View]:
    """One table: rank, project, group, criteria met, listings, sanction, cell."""
    rule = report.rule
    rows = [
        [
            str(r["rank"]),
            r["name"] + ("（台账核对有提示）" if r["flag"] else ""),
            r["group"],
            "；".join(r["criteria"]),
            str(r["appearances"]),
            r["sanction"],
            r["where"],
        ]
        for r in report.projects.iter_rows(named=True)
    ]
    notes = [
        f"蜗牛项目：开工拖后{rule.start_months}个月及以上（未开工的按已逾期月数），或连续"
        f"{rule.red_periods}期红色预警，或完工延后{rule.finish_months}个月及以上且未竣工；"
        f"按符合条数、拖后月数排序，前{rule.top}个为十大蜗牛项目。",
        "首次列入通报批评，再次列入曝光。",
    ]
    look = report.lookback
    if look.store_used:
        notes.append(look.describe())
    else:
        notes.append("没有快照库：连续预警只含本期，列入次数都按首次计（用 projtrack ingest "
                     "保存每期台账）。")  # fmt: skip
    if look.store_used:
        notes.append(listing_note(report.listing_periods, recorded=report.recorded))
    if report.recorded:
        notes.append("本期名单已记入快照库，重复运行同一期不会重复计数。")
    if report.projects["flag"].is_not_null().any():
        notes.append("标“台账核对有提示”的项目，其所在行有核对提示（见 projtrack check）。")
    count = report.projects.height
    title = f"{report.as_of.label}蜗牛项目（{count}个"
    title += f"，前{rule.top}个为十大蜗牛项目）" if count > rule.top else "）"
    return [
        View(
            title=title,
            headers=["序号", "项目名称", "分组", "蜗牛情形", "列入次数", "处理", "位置"],
            rows=rows,
            styles=["bold" if i < rule.top else None for i in range(len(rows))],
            numeric={0, 4},
            notes=notes,
        )
    ]
