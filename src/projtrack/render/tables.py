"""Ranking tables as rows of display strings, shared by terminal, Markdown and CSV."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from projtrack.period import month_end, ytd_span
from projtrack.render.numbers import fixed, grouped, percent, signed_pp
from projtrack.render.punctuation import own_words, punctuate

if TYPE_CHECKING:
    from projtrack.jobs.ranked import RankReport

LIST_LABELS = {"red": "红榜", "black": "黑榜", None: ""}


def ytd_label(report: RankReport) -> str:
    """The completed-to-date column title for the period: 1-3月完成投资, or 截至7月17日完成投资
    when the figures run to a day inside the month (a weekly dispatch's 截至7月17日完成):
    1-7月 would claim the whole of July."""
    d = report.as_of.date
    if d != month_end(d.year, d.month):
        return f"截至{d.month}月{d.day}日完成投资"
    return f"{ytd_span(d.month)}完成投资"


def rank_change(change: int | None, prev_rank: int | None, listed: bool = False) -> str:
    """Rank movement: ↑2, ↓1, — (same place, or unranked in either period), 新 (not in
    the earlier period: ``listed`` False)."""
    if prev_rank is None or change is None:
        return "—" if listed else "新"
    if change == 0:
        return "—"
    return f"↑{change}" if change > 0 else f"↓{-change}"


def change_headers(report: RankReport) -> list[str]:
    """Extra columns when an earlier stored period exists."""
    if report.previous is None:
        return []
    return [f"完成率较{report.previous.label}(百分点)", "排名变化"]


@dataclass(frozen=True)
class TableColumn:
    """A column of a table projtrack prints: its title and its kind.

    The kind decides the alignment in every format (:data:`ALIGN`): a figure is right-
    aligned, a text (a name, a 榜单 mark, a rank movement) left-aligned, wherever the
    column stands — optional columns (序列, 综合得分, changes) move the others.
    """

    header: str
    kind: Literal["rank", "text", "number"]


# (terminal justify, Markdown alignment) per kind. 排名 is a number on screen; in the
# Markdown pasted into documents it stays left-aligned, as the published tables print it.
ALIGN: dict[str, tuple[Literal["left", "right"], str]] = {
    "text": ("left", ":--"),
    "number": ("right", "--:"),
    "rank": ("right", ":--"),
}


def rank_columns(report: RankReport) -> list[TableColumn]:
    """The columns of the ranking table, in order, with their kinds; titles in the
    configured punctuation (年度计划投资（万元）, SPEC §4). CSV writes its own titles."""
    columns = _rank_columns(report)
    return [TableColumn(punctuate(c.header, report.punctuation), c.kind) for c in columns]


def _rank_columns(report: RankReport) -> list[TableColumn]:
    seq = [TableColumn("序列", "text")] if "sequence" in report.rows.columns else []
    score = [TableColumn("综合得分", "number")] if "score" in report.rows.columns else []
    changes = []
    if report.previous is not None:
        pp, move = change_headers(report)
        changes = [TableColumn(pp, "number"), TableColumn(move, "text")]
    return [
        TableColumn("排名", "rank"),
        TableColumn(report.group_label, "text"),
        *seq,
        TableColumn("项目数", "number"),
        TableColumn("年度计划投资(万元)", "number"),
        TableColumn(f"{ytd_label(report)}(万元)", "number"),
        TableColumn("完成率", "number"),
        TableColumn("较时序进度(百分点)", "number"),
        *score,
        *changes,
        TableColumn("榜单", "text"),
    ]


def rank_headers(report: RankReport) -> list[str]:
    """Column titles of the ranking table."""
    return [c.header for c in rank_columns(report)]


def markdown_aligns(columns: list[TableColumn]) -> list[str]:
    """The Markdown alignment row of a table, from its columns' kinds."""
    return [ALIGN[c.kind][1] for c in columns]


def rank_rows(
    report: RankReport, money: Callable[[float | None], str] = grouped
) -> list[list[str]]:
    """Display rows: one per group, then the 合计 row; amounts shown by ``money``."""
    rows = []
    has_seq = "sequence" in report.rows.columns
    has_score = "score" in report.rows.columns
    for rec in report.rows.iter_rows(named=True):
        rows.append([
            "—" if rec["rank"] is None else str(rec["rank"]),
            own_words(str(rec["group"]), report.punctuation),
            *([rec["sequence"]] if has_seq else []),
            str(rec["projects"]),
            money(rec["annual_plan"]),
            money(rec["completed_ytd"]),
            percent(rec["completion_rate"]),
            signed_pp(rec["variance_pp"]),
            *([fixed(rec["score"], 1)] if has_score else []),
            *_changes(report, rec),
            LIST_LABELS[rec["list"]],
        ])  # fmt: skip
    t = report.total
    total_changes = []
    if report.previous is not None:
        total_changes = [signed_pp(report.previous.change["rate_change_pp"]), ""]
    rows.append(["", "合计", *([""] if has_seq else []), str(t["projects"]),
                 money(t["annual_plan"]), money(t["completed_ytd"]),
                 percent(t["completion_rate"]), signed_pp(t["variance_pp"]),
                 *([""] if has_score else []), *total_changes, ""])  # fmt: skip
    return rows


def _changes(report: RankReport, rec: dict) -> list[str]:
    if report.previous is None:
        return []
    return [
        signed_pp(rec["rate_change_pp"]),
        rank_change(rec["rank_change"], rec["prev_rank"], rec.get("prev_listed", False)),
    ]


def progress_note(report: RankReport) -> str:
    """The line under a ranking: as-of, time progress and convention."""
    d = report.as_of.date
    label = report.as_of.label
    # 截至3月15日 says it already; 第25周(6月17日-6月23日) goes in one pair of brackets.
    said = "" if label.startswith("截至") else "(" + label.replace("(", ",").rstrip(")") + ")"
    head = f"截至{d.year}年{d.month}月{d.day}日{said},"
    total = report.total.get("time_progress", report.time_progress)
    return head + progress_basis(report.convention, report.time_progress, total, d.month) + "。"


def progress_basis(
    convention: str, progress: float, plan_total: float | None, month: int, own: str = ""
) -> str:
    """时序进度25.0% (,按日计算), or under ``plan`` 时序进度按台账1-6月计划投资计算,合计为…:
    how time progress was taken, in the words of every table's note (``own``: what the
    table adds under ``plan``, e.g. warn's 各项目对照本项目计划)."""
    if convention == "plan":
        shown = f",合计为{percent(plan_total)}" if plan_total is not None else ""
        return f"时序进度按台账1-{month}月计划投资计算{own}{shown}"
    return f"时序进度{percent(progress)}{',按日计算' if convention == 'day' else ''}"


def rank_heading(report: RankReport) -> str:
    """The ranking's title as built (half-width): the briefing punctuates its own text."""
    return f"{report.as_of.label}重点项目投资完成情况排名(按{report.group_label})"


def rank_title(report: RankReport) -> str:
    """The ranking's title in the configured punctuation: …排名（按所在乡镇）."""
    return punctuate(rank_heading(report), report.punctuation)


def rank_notes(report: RankReport) -> list[str]:
    """The lines under a ranking (time progress, list rule, what the ledger's 汇总 or
    repeated rows say of it) in the configured punctuation."""
    notes = [progress_note(report), report.rule.describe()]
    if report.shared:
        notes.append(f"{report.shared}个项目的{report.group_label}不止一位,在每位名下分别计入,"
                     "合计中只计一次。")  # fmt: skip
    notes += caveat_notes(report, "本排名")
    return [punctuate(n, report.punctuation) for n in notes]


def caveat_notes(report: RankReport, this: str, *, hints: bool = True) -> list[str]:
    """The ledger's caveats (:class:`projtrack.jobs.ranked.Caveats`) as sentences about
    ``this`` (本排名, 本简报): a unit its 汇总 lists on a hidden sheet, 汇总 rows that differ
    from the detail sheets, projects whose name stands on another row too. ``hints`` adds
    what to run (a terminal's notes; a briefing goes into a document)."""
    c = report.caveats
    hint = {
        "hidden": "(如属本期报表,请取消隐藏或加 --include-hidden)",
        "check": "(详见 projtrack check)",
    }
    hint = hint if hints else dict.fromkeys(hint, "")
    notes = []
    if c.hidden_in_summary:
        notes.append(f"汇总表列有{'、'.join(c.hidden_in_summary)},其工作表为隐藏工作表,"
                     f"未计入{this}{hint['hidden']}。")  # fmt: skip
    if c.summary_rows_off:
        more = "另有" if c.hidden_in_summary else ""
        notes.append(f"汇总表{more}{c.summary_rows_off}行与明细表之和不一致,"
                     f"{this}按明细表逐项汇总{hint['check']}。")  # fmt: skip
    if c.repeated:
        notes.append(f"{c.repeated}个项目与另一行的项目名称相同,各自计入{this},"
                     f"如系重复填报请删除一处{hint['check']}。")  # fmt: skip
    return notes
