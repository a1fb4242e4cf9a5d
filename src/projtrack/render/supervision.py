"""Views of the supervision commands: warn (红黄蓝), starts (新开工), problems (问题清单)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from projtrack.figures.problems import STATE_LABELS
from projtrack.render.numbers import grouped, percent, signed_pp
from projtrack.render.tables import progress_basis
from projtrack.render.views import View
from projtrack.vocab import UNSET_GROUP

if TYPE_CHECKING:
    from projtrack.jobs.problems import ProblemsReport
    from projtrack.jobs.reconciled import StatsBasis
    from projtrack.jobs.starts import StartsReport
    from projtrack.jobs.warn import WarnReport

COLOR_LABELS = {"red": "红", "yellow": "黄", "blue": "蓝"}
COLOR_STYLES = {"red": "bold red", "yellow": "yellow", "blue": None}


def warn_views(report: WarnReport, *, show_blue: bool = False) -> list[View]:
    """The per-group counts, then the red and yellow projects (all with ``show_blue``)."""
    c = report.counts
    label = report.as_of.label
    summary = View(
        title=f"{label}重点项目红黄蓝预警(红{c['red']}个、黄{c['yellow']}个、蓝{c['blue']}个)",
        headers=["分组", "红", "黄", "蓝"],
        rows=[
            [r["group"], str(r["red"]), str(r["yellow"]), str(r["blue"])]
            for r in report.by_group.iter_rows(named=True)
        ],
        numeric={1, 2, 3},
        notes=[f"{report.shared}个项目的领导不止一位,在每位名下分别计入,红黄蓝总数中只计一次。"]
        if report.shared
        else [],
    )
    shown = (
        report.projects if show_blue else report.projects.filter(report.projects["color"] != "blue")
    )
    projects = View(
        title="预警项目" if not show_blue else "全部项目",
        headers=["预警", "项目名称", "分组", "完成率", "较时序进度", "原因", "位置"],
        rows=[
            [
                COLOR_LABELS[r["color"]],
                r["name"],
                r["group"],
                percent(r["completion_rate"]),
                signed_pp(r["variance_pp"]),
                r["reason"] or "",
                r["where"],
            ]
            for r in shown.iter_rows(named=True)
        ],
        styles=[COLOR_STYLES[col] for col in shown["color"]],
        numeric={3, 4},
        notes=[f"{_progress_words(report)}。规则:" + ";".join(report.rules) + "。"],
    )
    if report.statistics is not None:
        projects.notes.append(stats_note(report.statistics))
    return [summary, with_escalation(projects, shown, report)]


def _progress_words(report: WarnReport) -> str:
    """时序进度50.0% — and how it was taken when not by month, as rank's note says it."""
    return progress_basis(report.convention, report.time_progress, report.total_progress,
                          report.as_of.date.month, own="(各项目对照本项目计划)")  # fmt: skip


# Fuzzy pairs named in the note under warn's list; -v lists every one.
FUZZY_SHOWN = 5


def stats_note(basis: StatsBasis) -> str:
    """What the 入统 dimension went by when a statistics list was given."""
    text = (
        f"入统依据统计入库清单《{basis.file}》匹配（已开工且总投资{grouped(basis.threshold_wan)}"
        f"万元及以上的项目应入库），已开工未入库{basis.pending}个"
    )
    if basis.disagree:
        text += f"；台账“是否入统”与清单不一致{basis.disagree}个，以清单为准（见警告）"
    if basis.fuzzy:  # counted as entered on a pair no one confirmed: name the pairs
        pairs = "；".join(f"“{a}”—“{b}”" for a, b in basis.fuzzy_pairs[:FUZZY_SHOWN])
        more = f"等{basis.fuzzy}对" if basis.fuzzy > FUZZY_SHOWN else ""
        text += (f"；名称相似而不一致、按同一项目计为已入库{basis.fuzzy}个，须逐一确认"
                 f"（台账—清单：{pairs}{more}；见警告）")  # fmt: skip
    if basis.unread:  # a project on a row not read is coloured 未入统: say so by the list
        text += f"；清单有{basis.unread}行未能完整读入，其中的项目可能被误列为未入统（见警告）"
    return text + "。"


def with_escalation(view: View, shown: pl.DataFrame, report: WarnReport) -> View:
    """Add 连续预警 and 督办措施 before 位置 when earlier periods are stored, and say which
    periods the streaks were counted over (or that there are none yet)."""
    look = report.lookback
    if look.store_used:
        view.notes.append(look.describe())
    if "action" not in shown.columns or not look.has_history:
        return view
    at = view.headers.index("位置")
    view.headers[at:at] = ["较上期", "连续预警", "督办措施"]
    view.notes.append("较上期：预警颜色的变化，以及项目按完成率较时序进度在全部项目中的位次"
                      "变化（上升、下降几位）；“无变化”为颜色与位次均与上期相同，"
                      "“—”为上期不在台账中。")  # fmt: skip
    for row, rec in zip(view.rows, shown.iter_rows(named=True), strict=True):
        change = colour_change(rec.get("prev_color"), rec["color"])
        if moved := place_change(rec.get("prev_place"), rec.get("place")):
            change = "，".join(filter(None, [change, moved]))
        row[at:at] = [change or "无变化", rec["streak"] or "", rec["action"] or ""]
    return view


def colour_change(before: str | None, now: str) -> str:
    """``黄→红`` when the colour changed since the month before, ``—`` when the project was
    not in it, else empty."""
    if before is None:
        return "—"
    return "" if before == now else f"{COLOR_LABELS[before]}→{COLOR_LABELS[now]}"


def place_change(before: int | None, now: int | None) -> str:
    """``上升3位`` / ``下降2位``: the project's move among all projects by variance since
    the month before (empty when unchanged or not placed in either month)."""
    if before is None or now is None or before == now:
        return ""
    return f"上升{before - now}位" if now < before else f"下降{now - before}位"


def starts_views(report: StartsReport) -> list[View]:
    """开工率 per group, then the 应开未开 list with months overdue."""
    s = report.summary
    label = report.as_of.label
    rate = percent(s.start_rate)
    head = f"{label}新开工项目:应开工{s.due}个,已开工{s.started}个,开工率{rate}"
    if s.started_early:
        head += f";另有{s.started_early}个提前开工"
    by = View(
        title=head,
        headers=["分组", "应开工", "已开工", "开工率"],
        rows=[
            [r["group"], str(r["due"]), str(r["started"]), percent(r["start_rate"])]
            for r in s.by.iter_rows(named=True)
        ],
        numeric={1, 2, 3},
        notes=[
            f"{report.shared}个项目的领导不止一位,在每位名下分别计入,应开工、已开工总数中只计一次。"
        ]
        if report.shared
        else [],
    )
    missing = View(
        title=f"应开未开项目({s.not_started.height}个)",
        headers=["序号", "项目名称", "分组", "计划开工时间", "逾期(月)", "存在问题"],
        rows=[
            [
                str(i),
                r["name"],
                r["group"],
                r["planned_start"].isoformat(),
                str(r["months_overdue"]),
                r["problems"] or "",
            ]
            for i, r in enumerate(s.not_started.iter_rows(named=True), start=1)
        ],
        numeric={0, 4},
        notes=[
            "新开工项目:建设性质为新开工(无该列时按分类行,再无则取计划开工在当年或此前而尚无开工迹象的项目);"
            "计划开工月份不晚于截止月份即为应开工;逾期月数 = 截止月份 − 计划开工月份。"
        ],
    )
    return [by, missing]


def problems_views(report: ProblemsReport) -> list[View]:
    """Counts per responsible unit, then every problem (open and overdue first)."""
    c = report.counts
    head = f"问题清单:共{c['total']}个问题,未解决{c['open']}个"
    if report.has_deadline:
        head += f"(其中逾期{c['overdue']}个)"
    if report.has_status:
        head += f",已解决{c['resolved']}个,已销号{c['closed']}个"
    by = View(
        title=head,
        headers=[report.group_label, "未解决", "逾期", "已解决", "已销号"],
        rows=[
            [
                r[report.group_by],
                str(r["open"]),
                str(r["overdue"]),
                str(r["resolved"]),
                str(r["closed"]),
            ]
            for r in report.by_unit.iter_rows(named=True)
        ],
        numeric={1, 2, 3, 4},
        notes=[
            f"{report.shared}个问题的{report.group_label}不止一位,在每位名下分别计入,"
            "总数中只计一次。"
        ]
        if report.shared
        else [],
    )
    grouped = report.group_by != "responsible"  # --by leader: its column before 责任单位
    listed = View(
        title="问题明细",
        headers=[
            "序号",
            *([report.group_label] if grouped else []),
            "责任单位",
            "项目名称",
            "存在问题",
            "状态",
            "办结时限",
            "逾期(天)",
            "位置",
        ],
        rows=[
            [
                str(i),
                *([r[report.group_by] or UNSET_GROUP] if grouped else []),
                r["responsible"],
                r["name"],
                r["problem"],
                STATE_LABELS[r["state"]],
                r["deadline"].isoformat() if r["deadline"] else "",
                "" if r["overdue_days"] is None else str(r["overdue_days"]),
                r["where"],
            ]
            for i, r in enumerate(report.problems.iter_rows(named=True), start=1)
        ],
        styles=["bold red" if r is not None else None for r in report.problems["overdue_days"]],
        numeric={0, 7 if grouped else 6},
        notes=[
            "状态:写明销号为已销号(待销号为已解决),写明已解决/已办结等为已解决,"
            "其余(含部分解决、空白)为未解决;逾期 = 未解决且办结时限(按期限末日)早于截止日期。"
        ],
    )
    drop = set()
    if not report.has_status:
        drop |= {"状态", "已解决", "已销号"}
    if not report.has_deadline:
        drop |= {"办结时限", "逾期(天)", "逾期"}
    return [_without(by, drop), _without(listed, drop)]


def _without(view: View, headers: set[str]) -> View:
    """The view without the named columns (a ledger without 问题状态 has no such column)."""
    keep = [j for j, h in enumerate(view.headers) if h not in headers]
    return View(
        title=view.title,
        headers=[view.headers[j] for j in keep],
        rows=[[row[j] for j in keep] for row in view.rows],
        notes=view.notes,
        styles=view.styles,
        numeric={keep.index(j) for j in view.numeric if j in keep},
    )
