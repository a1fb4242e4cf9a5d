"""Views of the supervision commands: warn (红黄蓝), starts (新开工), problems (问题清单)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .numbers import percent, signed_pp
from .views import View

if TYPE_CHECKING:
    from ..warn import WarnReport

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
        notes=[f"时序进度{percent(report.time_progress)}。规则:" + ";".join(report.rules) + "。"],
    )
    return [summary, projects]
