"""Display values of a briefing, shared by the Markdown, Excel and Word renderers.

Building them once means the three formats say exactly the same thing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import polars as pl

from projtrack.render.brief.phrases import (
    change_sentence,
    headline,
    levels_sentence,
    lists_sentence,
    starts_sentence,
    warn_sentence,
)
from projtrack.render.numbers import grouped, percent, signed_pp
from projtrack.render.tables import (
    markdown_aligns,
    progress_note,
    rank_columns,
    rank_headers,
    rank_rows,
    ytd_label,
)

if TYPE_CHECKING:
    from projtrack.jobs.brief import Briefing

PROJECT_HEADERS = ["序号", "项目名称", "{group}", "年度计划投资(万元)", "{ytd}(万元)",
                   "完成率", "较时序进度(百分点)"]  # fmt: skip


def project_rows(frame: pl.DataFrame) -> list[list[str]]:
    """Rows of a project table (behind / largest)."""
    return [
        [str(i), r["name"], r["group"], grouped(r["annual_plan"]), grouped(r["completed_ytd"]),
         percent(r["completion_rate"]), signed_pp(r["variance_pp"])]
        for i, r in enumerate(frame.iter_rows(named=True), start=1)
    ]  # fmt: skip


# A briefing lists at most this many red projects, 应开未开 projects and problems; the
# full lists are what `projtrack warn`, `starts` and `problems` (and the workbook) are for.
LIST_LIMIT = 50


def more_note(total: int, what: str, command: str, limit: int | None = None) -> str:
    """The note under a list cut at ``limit`` rows (:data:`LIST_LIMIT`), or '' when whole."""
    limit = LIST_LIMIT if limit is None else limit
    if total <= limit:
        return ""
    return f"(以上为前{limit}个,共{total}个{what},完整清单见 projtrack {command}。)"


# Context keys that hold prose (sentences, titles, notes) rather than table cells.
PROSE_KEYS = {"title", "headline", "levels", "changes", "lists", "sentence", "note", "rule",
              "more", "rules", "problems_intro", "problems_more"}  # fmt: skip
_FULL_WIDTH = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）"})


def full_width(text: str) -> str:
    """Half-width sentence punctuation to the full-width forms of official documents.

    A comma between digits (a thousands separator) is kept.
    """
    guarded = re.sub(r"(?<=\d),(?=\d)", "\x00", text)
    return guarded.translate(_FULL_WIDTH).replace("\x00", ",")


def _punctuate(value: Any, key: str = "") -> Any:
    """Apply :func:`full_width` to the prose of a context, leaving tables alone."""
    if isinstance(value, dict):
        return {k: _punctuate(v, k) for k, v in value.items()}
    if isinstance(value, list) and key == "problems":
        return [_punctuate(v) for v in value]
    if isinstance(value, str) and key in PROSE_KEYS:
        return full_width(value)
    return value


def brief_context(b: Briefing) -> dict[str, Any]:
    """Everything a briefing template needs, as strings and lists of strings.

    With ``[general] punctuation = "full"`` the prose uses ，；：（）.
    """
    ctx = _context(b)
    return _punctuate(ctx) if b.punctuation == "full" else ctx


def _context(b: Briefing) -> dict[str, Any]:
    r = b.ranking
    ytd = ytd_label(r)
    headers = [h.format(group=r.group_label, ytd=ytd) for h in PROJECT_HEADERS]
    problems: list[dict[str, Any]] = []
    red = b.warned.filter(pl.col("color") == "red")
    for unit, items in _grouped_problems(b):
        problems.append({"unit": unit, "items": items})
    starts = None
    if b.starts is not None and b.starts.due:
        starts = {
            "title": "新开工项目",
            "more": more_note(b.starts.not_started.height, "应开未开项目", "starts"),
            "sentence": starts_sentence(b),
            "headers": ["序号", "项目名称", r.group_label, "计划开工时间", "逾期(月)"],
            "rows": [
                [
                    str(i),
                    x["name"],
                    x["group"],
                    f"{x['planned_start'].year}年{x['planned_start'].month}月",
                    str(x["months_overdue"]),
                ]
                for i, x in enumerate(
                    b.starts.not_started.head(LIST_LIMIT).iter_rows(named=True), start=1
                )
            ],
        }
    return {
        "title": b.title,
        "as_of": f"{r.as_of.date.year}年{r.as_of.date.month}月{r.as_of.date.day}日",
        "headline": headline(b),
        "levels": levels_sentence(b),
        "changes": change_sentence(b),
        "ranking": {
            "title": f"{r.as_of.label}重点项目投资完成情况排名(按{r.group_label})",
            "headers": rank_headers(r),
            "aligns": markdown_aligns(rank_columns(r)),
            "rows": rank_rows(r),
            "lists": lists_sentence(b),
            "note": progress_note(r),
            "rule": r.rule.describe(),
            "row_lists": [*r.rows["list"].to_list(), None],  # red/black/None per row (+ 合计)
        },
        "warnings": {
            "title": "红黄蓝预警",
            "sentence": warn_sentence(b),
            "headers": [
                "序号",
                "项目名称",
                r.group_label,
                "完成率",
                "较时序进度(百分点)",
                "预警原因",
            ],
            "rows": [
                [
                    str(i),
                    w["name"],
                    w["group"],
                    percent(w["completion_rate"]),
                    signed_pp(w["variance_pp"]),
                    w["reason"] or "",
                ]
                for i, w in enumerate(red.head(LIST_LIMIT).iter_rows(named=True), start=1)
            ],
            "more": more_note(red.height, "红色预警项目", "warn"),
            "rules": "预警规则:" + ";".join(b.warn_rules) + "。",
        },
        "behind": _projects_section(
            "滞后时序进度较多的项目", headers, b.behind, tie_note(b, "behind")
        ),
        "largest": _projects_section(
            "完成投资较多的项目", headers, b.largest, tie_note(b, "largest")
        ),
        "starts": starts,
        "problems": problems,
        "problem_count": b.problems.height,
        "problems_title": "存在问题",
        "problems_intro": f"共{b.problems.height}个项目反映存在问题,按责任单位列示如下。",
        "problems_more": more_note(b.problems.height, "问题", "problems"),
        "source": r.ledger.path.name,
    }


def _projects_section(
    title: str, headers: list[str], frame: pl.DataFrame, more: str = ""
) -> dict | None:
    """A titled project table, or None when there is nothing to list (section left out)."""
    if frame.height == 0:
        return None
    return {"title": title, "headers": headers, "rows": project_rows(frame), "more": more}


def tie_note(b: Briefing, which: str) -> str:
    """Under a list cut at its length: how many projects level with its last were left out."""
    count = b.tied_out.get(which, 0)
    frame = b.behind if which == "behind" else b.largest
    if not count or frame.height == 0:
        return ""
    last = frame.row(frame.height - 1, named=True)
    level = (f"滞后时序进度{signed_pp(last['variance_pp']).lstrip('-')}个百分点"
             if which == "behind" else f"完成投资{grouped(last['completed_ytd'])}万元")  # fmt: skip
    return f"(另有{count}个项目与第{frame.height}名并列,{level},未列出。)"


def _grouped_problems(b: Briefing) -> list[tuple[str, list[dict[str, str]]]]:
    groups: dict[str, list[dict[str, str]]] = {}
    for rec in b.problems.head(LIST_LIMIT).iter_rows(named=True):
        groups.setdefault(rec["responsible"], []).append(
            {"name": rec["name"], "problem": rec["problems"]}
        )
    return list(groups.items())
