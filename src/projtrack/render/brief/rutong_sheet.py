"""The briefing workbook's 入统 sheet (``brief --stats``, or ``[rutong] stats``): 入库率 and
both completion rates per unit and in total, then 已开工未入库 with months and colour,
偏离度 above the threshold, fuzzy pairs to confirm and the statistics rows the ledger does
not have — the figures of ``projtrack rutong``, from the same report."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import polars as pl

from projtrack.render.brief.measure import header_lines
from projtrack.render.brief.sheet import Sheet
from projtrack.render.numbers import percent
from projtrack.render.punctuation import punctuate
from projtrack.render.rutong import STATS_ZERO, rutong_headline, unread_note
from projtrack.vocab import COLOUR_LABELS

if TYPE_CHECKING:
    from projtrack.jobs.reconciled import RutongReport

UNIT_HEADS = ["单位", "项目数(个)", "应入库(个)", "已入库(个)", "入库率", "年度计划投资(万元)",
              "台账完成投资(万元)", "统计入库完成投资(万元)", "台账完成率", "统计完成率",
              "相差(百分点)"]  # fmt: skip
UNIT_COLUMNS = ["projects", "due", "entered", "entry_rate", "annual_plan", "completed_ytd",
                "stats_completed", "ledger_rate", "stats_rate", "gap_pp"]  # fmt: skip
UNIT_KINDS = ["text", "int", "int", "int", "pct", "amount", "amount", "amount", "pct", "pct", "pp"]
WARN_STYLES = {COLOUR_LABELS["red"]: "warn_red", COLOUR_LABELS["yellow"]: "warn_yellow"}
NOTE = "台账完成率、统计完成率均以台账年度计划投资为分母；未入库项目的统计完成按0计。"


def rutong_sheet(new: Callable[..., Sheet], report: RutongReport) -> None:
    """Write the 入统 sheet through ``new(name, title, headers, **kw)`` (the workbook's)."""
    d = report.as_of.date
    title = f"入统情况(截至{d.year}年{d.month}月{d.day}日，统计入库清单：{report.stats_file})"
    sheet = new("入统", title, UNIT_HEADS, caps={0: 30, 1: 30})
    groups = [
        (r["group"], *(r[c] for c in UNIT_COLUMNS)) for r in report.groups.iter_rows(named=True)
    ]
    r = sheet.rows(groups, UNIT_KINDS, numbered=False)
    total = ("合计", *(report.total[c] for c in UNIT_COLUMNS))
    r = sheet.rows([total], UNIT_KINDS, start=r, numbered=False, style=lambda _: "total",
                   styled=range(len(UNIT_KINDS)))  # fmt: skip
    sheet.note(r + 1, rutong_headline(report))
    sheet.note(r + 2, NOTE)
    if report.unread:  # rows of the list not read: the figures above may be wrong
        r += 1
        sheet.note(r + 2, unread_note(report))
    r += 4
    pending = report.pending.select(
        "name", "group", "total_investment", "actual_start", "months",
        pl.col("color").replace_strict(COLOUR_LABELS, return_dtype=pl.String),
    )  # fmt: skip
    r = _table(sheet, r, f"已开工未入库项目({pending.height}个)",
               ["项目名称", "单位", "总投资(万元)", "实际开工时间", "开工月数", "预警"],
               pending.iter_rows(), ["wrap", "wrap", "amount", "date", "int", "centre"],
               style=lambda row: WARN_STYLES.get(row[-1], ""))  # fmt: skip
    deviating = report.deviating.select(
        "name", "group", "completed_ytd", "stats_completed", "deviation"
    )
    # a figure of 0 in the list has no ratio (deviates lists only these without one)
    shown = [(*r[:4], STATS_ZERO if r[4] is None else r[4]) for r in deviating.iter_rows()]
    r = _table(sheet, r, f"偏离度超过{percent(report.deviation, 0)}的项目({deviating.height}个)",
               ["项目名称", "单位", "台账完成投资(万元)", "统计入库完成投资(万元)", "偏离度"],
               shown, ["wrap", "wrap", "amount", "amount", "pct"],
               note="偏离度 =(台账完成 − 统计完成)÷ 统计完成。")  # fmt: skip
    fuzzy = report.fuzzy.select("name", "stats_name", "score")
    # (Where to pin a pair is the operator's, said by `projtrack rutong`; not a sent sheet's.)
    confirm = "名称相似而非一致的配对，请核实是否为同一项目。" if fuzzy.height else ""
    title = f"名称模糊匹配({fuzzy.height}对，请确认)" if fuzzy.height else "名称模糊匹配(0对)"
    r = _table(sheet, r, title,
               ["台账项目名称", "统计清单项目名称", "相似度"], fuzzy.iter_rows(),
               ["wrap", "wrap", "score"], note=confirm)  # fmt: skip
    only = report.stats_only.select("name", "code", "region", "completed")
    _table(sheet, r, f"统计清单中有、台账中没有的项目({only.height}个)",
           ["项目名称", "项目代码", "地区", "本年完成投资(万元)"], only.iter_rows(),
           ["wrap", "wrap", "text", "amount"])  # fmt: skip
    sheet.finish()


def _table(sheet: Sheet, r: int, heading: str, heads: list[str],
           rows: Iterable[Sequence[Any]], kinds: list[str], *,
           style: Callable[[Sequence[Any]], str] | None = None, note: str = "") -> int:  # fmt: skip
    """A heading, its headers and rows from row ``r`` (无 when there are none); the next
    free row after a blank one."""
    sheet.ws.write_string(r, 0, punctuate(heading, sheet.punctuation), sheet.fmt("title"))
    listed = list(rows)
    if not listed:
        sheet.note(r + 1, "无。")
        return r + 3
    sheet.ws.set_row(r + 1, 30)  # two lines of header, broken as the sheet's own headers
    for c, head in enumerate(heads):
        lines = header_lines(punctuate(head, sheet.punctuation))
        sheet.ws.write_string(r + 1, c, "\n".join(lines), sheet.fmt("head"))
    end = sheet.rows(listed, kinds, start=r + 2, numbered=False, style=style,
                     styled=[len(kinds) - 1])  # fmt: skip
    if note:
        sheet.note(end, note)
        end += 1
    return end + 1
