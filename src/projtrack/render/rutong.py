"""入统 reconciliation as tables: per unit, 已开工未入库, fuzzy matches to confirm,
偏离度 above the threshold, and statistics rows the ledger does not have."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from projtrack.render.numbers import cn_date, grouped, percent, signed_pp
from projtrack.render.views import View
from projtrack.vocab import COLOUR_LABELS

if TYPE_CHECKING:
    from projtrack.jobs.reconciled import RutongReport

HOW = {"alias": "指定", "code": "项目代码", "name": "名称", "fuzzy": "模糊"}
# The 偏离度 cell of a project the statistics put at 0 while the ledger reports more.
STATS_ZERO = "统计为0"


def rutong_views(report: RutongReport) -> list[View]:
    """The views of ``projtrack rutong``, the per-unit table last (it is the CSV)."""
    views = [
        _pending(report, rutong_headline(report)),
        _fuzzy(report),
        _deviating(report),
        _stats_only(report),
        _groups(report),
    ]
    return views


def rutong_headline(report: RutongReport) -> str:
    """The reconciliation in one sentence: 入库率 and both completions over the plan."""
    t = report.total
    return (
        f"入统核对（截至{cn_date(report.as_of.date)}）：应入库项目{t['due']}个"
        f"（已开工且总投资{grouped(report.threshold_wan)}万元及以上），已入库{t['entered']}个，"
        f"入库率{percent(t['entry_rate'])}；台账完成投资{grouped(t['completed_ytd'])}万元，"
        f"统计入库完成投资{grouped(t['stats_completed'])}万元，"
        f"分别占年度计划的{percent(t['ledger_rate'])}和{percent(t['stats_rate'])}。"
    )


def unread_note(report: RutongReport) -> str:
    """Rows of the statistics list that were not read whole, said where the figures are:
    a project on such a row reads as 未入库, and a count of warnings on stderr is easily
    missed (the terminal and Markdown print the lists; the document is sent)."""
    if not report.unread:
        return ""
    rows = sorted({f.row for f in report.unread if f.row is not None})
    where = f"（第{'、'.join(map(str, rows))}行）" if rows else ""
    return (f"注意：统计清单《{report.stats_file}》有{len(report.unread)}行未能完整读入{where}，"
            "其中的项目未参与核对，已开工未入库项目和入库率可能因此有误；"
            "请改正清单后重新核对。")  # fmt: skip


def deviation_cell(row: dict[str, Any]) -> str:
    """偏离度 as a percentage, or 统计为0 where the statistics say 0 (no ratio)."""
    if row["deviation"] is None and row["stats_completed"] == 0:
        return STATS_ZERO
    return percent(row["deviation"])


def _pending(report: RutongReport, head: str) -> View:
    rows = [[r["name"], r["group"], grouped(r["total_investment"]),
             r["actual_start"].isoformat() if r["actual_start"] else "—",
             str(r["months"]), COLOUR_LABELS[r["color"]], r["where"]]
            for r in report.pending.iter_rows(named=True)]  # fmt: skip
    headers = ["项目名称", "单位", "总投资（万元）", "实际开工", "开工月数", "预警", "位置"]
    notes = [head, unread_note(report)] if report.unread else [head]
    view = View(f"已开工未入库项目（{len(rows)}个）", headers, rows, notes=notes,
                numeric={2, 4})  # fmt: skip
    return view if report.group_by else _without_unit(view)


def _fuzzy(report: RutongReport) -> View:
    rows = [[r["name"], r["stats_name"], f"{r['score']:.1f}", r["where"]]
            for r in report.fuzzy.iter_rows(named=True)]  # fmt: skip
    note = "名称相似而非一致的配对，请逐一确认；确认后可在 [rutong] aliases 中固定。"
    title = f"模糊匹配（{len(rows)}对，请确认）" if rows else "模糊匹配（0对）"
    return View(title, ["台账项目名称", "统计清单项目名称",
                "相似度", "位置"], rows, notes=[note] if rows else [], numeric={2})  # fmt: skip


def _deviating(report: RutongReport) -> View:
    rows = [[r["name"], r["group"], grouped(r["completed_ytd"]), grouped(r["stats_completed"]),
             deviation_cell(r)] for r in report.deviating.iter_rows(named=True)]  # fmt: skip
    title = f"偏离度超过{percent(report.deviation, 0)}的项目（{len(rows)}个）"
    headers = ["项目名称", "单位", "台账完成（万元）", "统计完成（万元）", "偏离度"]
    note = "偏离度 =（台账完成 − 统计完成）÷ 统计完成。"
    if any(row[-1] == STATS_ZERO for row in rows):
        note += (f"统计完成为0而台账完成大于0的项目无从计算比值，偏差最大，列在最前，"
                 f"记为“{STATS_ZERO}”。")  # fmt: skip
    view = View(title, headers, rows, notes=[note], numeric={2, 3, 4})
    return view if report.group_by else _without_unit(view)


def _without_unit(view: View) -> View:
    """The view without its 单位 column (the second): a ledger reconciled in total only
    has no unit to show."""
    return View(view.title, [h for j, h in enumerate(view.headers) if j != 1],
                [[c for j, c in enumerate(row) if j != 1] for row in view.rows],
                notes=view.notes, numeric={j - 1 for j in view.numeric if j > 1})  # fmt: skip


def _stats_only(report: RutongReport) -> View:
    rows = [[r["name"], r["code"] or "", r["region"] or "", grouped(r["completed"])]
            for r in report.stats_only.iter_rows(named=True)]  # fmt: skip
    headers = ["项目名称", "项目代码", "地区", "本年完成（万元）"]
    return View(f"统计清单中有、台账中没有的项目（{len(rows)}个）", headers, rows, numeric={3})


def _groups(report: RutongReport) -> View:
    """Per unit; a ledger without a column to group by has its total as the one row."""
    groups = report.groups.to_dicts() or [{"group": "合计", **report.total}]
    rows = [
        [r["group"], str(r["projects"]), str(r["due"]), str(r["entered"]),
         percent(r["entry_rate"]), grouped(r["annual_plan"]), percent(r["ledger_rate"]),
         percent(r["stats_rate"]),
         signed_pp(r["gap_pp"])]
        for r in groups
    ]  # fmt: skip
    headers = ["单位", "项目数", "应入库", "已入库", "入库率", "年度计划（万元）",
               "台账完成率", "统计完成率", "相差（个百分点）"]  # fmt: skip
    note = "台账完成率、统计完成率均以台账年度计划为分母；未入库项目的统计完成按0计。"
    title = "分单位入统情况" if report.group_by else "入统情况（台账无分组列，仅列合计）"
    return View(title, headers, rows, notes=[note], numeric=set(range(1, 9)))
