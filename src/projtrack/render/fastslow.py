"""Views of ``rank --projects``: 十快/十慢 projects, by variance and by start, and the
先进/后进 units."""

from __future__ import annotations

from projtrack.figures.fastslow import FastSlow, Ranked
from projtrack.render.numbers import percent, signed_pp
from projtrack.render.views import View
from projtrack.vocab import places_words

LIST_NAMES = {"fast": "十快", "slow": "十慢", "fast_starts": "开工最快", "slow_starts": "开工最慢"}


def fast_slow_views(lists: FastSlow) -> list[View]:
    """One view per list, then the units (always present, possibly empty; without rows
    when the groups are people, the note saying why)."""
    views = [_variance_view(lists.fast, lists), _variance_view(lists.slow, lists)]
    for ranked in (lists.fast_starts, lists.slow_starts):
        if ranked is not None:
            views.append(_start_view(ranked))
    views.append(
        View(
            title="先进单位与后进单位",
            headers=["类别", "单位"],
            rows=[
                ["先进", "、".join(lists.leading) or "—"],
                ["后进", "、".join(lists.lagging) or "—"],
            ]
            if lists.units
            else [],
            notes=[_units_note(lists)],
        )
    )
    return views


def _units_note(lists: FastSlow) -> str:
    """The rule the units were picked by, gates as configured (``[lists]``); none are
    picked among people (grouped by leader, ``units`` is 0)."""
    if lists.units < 1:
        return "按领导个人分组时不评先进、后进（评比的是单位）。"
    among = "中" if lists.units > 1 else "且"  # 前3名中达到…; 第1名且达到…
    lead = f"排名{places_words('前', lists.units)}"
    lead += f"{among}达到时序进度的单位" if lists.lead_on_track else "的单位"
    lag = places_words("后", lists.units)
    lag += f"{among}滞后时序进度的单位" if lists.lag_behind else "的单位"
    return f"先进单位为{lead}，后进单位为{lag}（并列者一并列入）。"


def fast_slow_csv_view(lists: FastSlow) -> View:
    """Every listed project in one table, with its list's name (for CSV)."""
    rows = []
    for key, ranked in lists.lists():
        for r in ranked.rows.iter_rows(named=True):
            rows.append([
                LIST_NAMES[key], str(r["rank"]), r["name"], r["group"],
                "" if r.get("variance_pp") is None else f"{r['variance_pp']:.4f}",
                "" if r.get("start_months") is None else str(r["start_months"]),
            ])  # fmt: skip
    return View(
        title="十快十慢",
        headers=["榜单", "名次", "项目名称", "分组", "较时序进度（个百分点）", "开工较计划（月）"],
        rows=rows,
    )


def _variance_view(ranked: Ranked, lists: FastSlow) -> View:
    label = "快" if ranked is lists.fast else "慢"
    notes = [f"按完成率较时序进度排序；{lists.ranked_projects}个有年度计划的项目参与排序。"]
    if lists.even is not None:
        rate, variance = lists.even
        notes.append(f"各项目完成率均为{percent(rate)}（较时序进度{signed_pp(variance)}"
                     "个百分点），不分快慢。")  # fmt: skip
    elif fewer := lists.fewer_note(lists.fast.rows.height, lists.slow.rows.height):
        notes.append(fewer)
    if note := ranked.note():
        notes.append(note)
    if ranked is lists.slow and 0 < ranked.rows.height < lists.n:
        notes.append(f"进度最慢的项目不与进度最快的重复，余下{ranked.rows.height}个。")
    return View(
        title=f"进度最{label}的项目（{ranked.rows.height}个）",
        headers=["名次", "项目名称", "分组", "完成率", "较时序进度"],
        rows=[
            [
                str(r["rank"]),
                r["name"],
                r["group"],
                percent(r["completion_rate"]),
                signed_pp(r["variance_pp"]),
            ]
            for r in ranked.rows.iter_rows(named=True)
        ],
        numeric={0, 3, 4},
        notes=notes,
    )


def _start_view(ranked: Ranked) -> View:
    notes = ["新开工项目按实际开工较计划开工的月数排序（负数为提前）；未开工项目按已逾期月数计。"]
    if note := ranked.note():
        notes.append(note)
    return View(
        title=f"{ranked.title}的新开工项目（{ranked.rows.height}个）",
        headers=["名次", "项目名称", "分组", "计划开工", "实际开工", "较计划（月）"],
        rows=[
            [
                str(r["rank"]),
                r["name"],
                r["group"],
                r["planned_start"].isoformat(),
                r["actual_start"].isoformat() if r["actual_start"] else "未开工",
                f"{r['start_months']:+d}" if r["start_months"] else "0",
            ]
            for r in ranked.rows.iter_rows(named=True)
        ],
        numeric={0, 5},
        notes=notes,
    )
