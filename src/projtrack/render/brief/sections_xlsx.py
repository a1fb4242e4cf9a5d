"""The briefing workbook's supervision sheets: 十快十慢, 蜗牛项目 and 包保领导.

The figures are written as numbers (rates as percentages, variances in 百分点) from the
briefing's frames; titles and sentences come from the same :class:`Section` the Markdown
and Word briefings print. The 蜗牛 sheet holds the whole list (the briefing prints the
十大), its first ``top`` rows bold.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from projtrack.render.brief.sections import RED_TABLE
from projtrack.render.brief.sheet import Sheet
from projtrack.render.punctuation import punctuate
from projtrack.vocab import UNSET_GROUP

if TYPE_CHECKING:
    from projtrack.jobs.brief import Briefing
    from projtrack.render.brief.shapes import BriefContext, Section

NewSheet = Callable[..., Sheet]


def supervision_sheets(new: NewSheet, b: Briefing, ctx: BriefContext) -> None:
    """Add a sheet for each supervision section the briefing prints."""
    sections = {s["key"]: s for s in [*filter(None, [ctx["fast_slow"]]), *ctx["supervision"]]}
    if "fast_slow" in sections:
        _fast_slow(new, b, sections["fast_slow"])
    if "woniu" in sections:
        _woniu(new, b, sections["woniu"])
    if "leaders" in sections:
        _leaders(new, b, sections["leaders"])


def _said(sheet: Sheet, text: str | None) -> str | None:
    """Ledger text as the briefing's prose prints it (X项目（一期）): these sheets repeat the
    Word briefing's lists, so one project is spelt one way in both; only 明细, 问题清单 and
    应开未开 keep the ledger's text exactly (for checking against it)."""
    return punctuate(text, sheet.punctuation) if text else text


def _notes(sheet: Sheet, r: int, part: Section) -> None:
    """The section's lead and notes under its table, one row apart."""
    texts = [part["lead"], *(n for t in part["tables"] for n in t["notes"]), *part["notes"]]
    for i, text in enumerate(texts):
        sheet.note(r + 1 + i, text)


def _fast_slow(new: NewSheet, b: Briefing, part: Section) -> None:
    lists = b.ranking.fast_slow
    assert lists is not None  # the section exists only with the lists
    heads = ["榜单", "名次", "项目名称", b.ranking.group_label, "完成率", "较时序进度(百分点)"]
    sheet = new("十快十慢", part["title"], heads, caps={2: 36})
    rows: list[list[Any]] = []
    for label, ranked in (("进度最快", lists.fast), ("进度最慢", lists.slow)):
        rows += [[label, r["rank"], _said(sheet, r["name"]), _said(sheet, r["group"]),
                  r["completion_rate"], r["variance_pp"]]
                 for r in ranked.rows.iter_rows(named=True)]  # fmt: skip
    r = sheet.rows(rows, ["text", "int", "wrap", "text", "pct", "pp"], numbered=False)
    # The sheet lists every slow project, red ones too: the Word briefing's note that the red
    # ones are in its red table above is not this sheet's (the workbook has no such table).
    kept = [t | {"notes": [n for n in t["notes"] if RED_TABLE not in n]}
            for t in part["tables"]]  # fmt: skip
    _notes(
        sheet,
        r,
        part | {"tables": kept, "notes": [n for n in part["notes"] if RED_TABLE not in n]},
    )
    sheet.finish(freeze_col=2)


def _woniu(new: NewSheet, b: Briefing, part: Section) -> None:
    snails = b.snails
    assert snails is not None
    heads = ["序号", "项目名称", b.ranking.group_label, "蜗牛情形", "列入次数", "处理", "位置"]
    title = f"{b.as_of.label}蜗牛项目(共{snails.projects.height}个)"
    sheet = new("蜗牛项目", title, heads, caps={1: 36, 3: 40})
    top = snails.rule.top
    rows = [[_said(sheet, r["name"]), _said(sheet, r["group"]), "；".join(r["criteria"]),
             r["appearances"], r["sanction"], r["where"]]
            for r in snails.projects.iter_rows(named=True)]  # fmt: skip
    first = {id(row) for row in rows[:top]}  # the 十大, in bold
    r = sheet.rows(rows, ["wrap", "text", "wrap", "int", "text", "text"],
                   style=lambda row: "total" if id(row) in first else "",
                   styled=range(1, 7))  # fmt: skip
    _notes(sheet, r, part)
    sheet.finish(freeze_col=2)


def _leaders(new: NewSheet, b: Briefing, part: Section) -> None:
    assert b.leaders is not None
    frame = b.leaders.rows
    heads = ["序号", b.leader_label, "项目数", "年度计划投资(万元)", "累计完成投资(万元)", "完成率",
             "较时序进度(百分点)", "红色预警", "黄色预警", "未解决问题"]  # fmt: skip
    columns = ["leader", "projects", "annual_plan", "completed_ytd", "completion_rate",
               "variance_pp", "red", "yellow", "open_problems"]  # fmt: skip
    kinds = ["text", "int", "amount", "amount", "pct", "pp", "int", "int", "int"]
    if b.deadlines:
        heads.append("其中逾期")
        columns.append("overdue_problems")
        kinds.append("int")
    sheet = new("包保领导", part["title"], heads)
    # 序号 numbers the leaders; the projects with no leader (（未填写）, last) are no 11th one.
    rows, n = [], 0
    for row in frame.select(columns).iter_rows():
        n += row[0] != UNSET_GROUP
        rows.append([n if row[0] != UNSET_GROUP else None, *row])
    r = sheet.rows(rows, ["int", *kinds], numbered=False)
    _notes(sheet, r, part)
    sheet.finish(freeze_col=2)
