"""督办单 as text: the dry-run list, each notice's sections, and every notice as Markdown.

The Word form (:mod:`projtrack.render.notices_docx`) writes the same sections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from projtrack.render.brief.masthead import ISSUER_PLACEHOLDER
from projtrack.render.cells import escape_cell
from projtrack.render.numbers import cn_date, percent, signed_pp
from projtrack.render.punctuation import punctuate
from projtrack.render.views import View

if TYPE_CHECKING:
    from projtrack.jobs.notices import Notice, NoticesReport

# For the bureau, not the unit: said on stderr when the notices are written, never in them.
FLAG_NOTE = (
    "※ 核对：{label}（{unit}）所列{names}所在行有台账核对提示（见 projtrack check），"
    "相关数字请核实后再发出。"
)


@dataclass
class Section:
    """One numbered part of a notice: a title and a table."""

    title: str
    headers: list[str]
    rows: list[list[str]]


def _name(rec: dict[str, object]) -> str:
    return str(rec["name"])


def flag_notes(report: NoticesReport) -> list[str]:
    """One line per notice listing a project whose row has a finding of ``projtrack
    check``: for the bureau to verify before sending (stderr), not printed in the notice."""
    out = []
    for notice in report.notices:
        i = notice.items
        names = dict.fromkeys(str(r["name"]) for frame in (i.red, i.not_started, i.problems)
                              for r in frame.iter_rows(named=True) if r.get("flag"))  # fmt: skip
        if names:
            quoted = "、".join(f"“{n}”" for n in names)
            out.append(FLAG_NOTE.format(label=notice.label, unit=notice.unit, names=quoted))
    return out


def sections(notice: Notice, punctuation: str = "full") -> list[Section]:
    """The notice's parts that have rows: red projects, 应开未开, overdue problems.

    Ledger text (names, problems) is punctuated as the briefing prints it: a 督办单 is a
    公文 sent to the unit (``X项目(二期)`` → ``X项目（二期）``, figures untouched).
    """
    i = notice.items

    def text(value: object) -> str:
        return punctuate(str(value or ""), punctuation)

    out = []
    if i.red.height:
        # No measure on any row (a leader's notice leaves out the leader's own 约谈): no
        # empty 督办措施 column in a document that goes out.
        measures = i.red["action"].is_not_null().any()
        out.append(Section(
            f"红色预警项目（{i.red.height}个）",
            ["序号", "项目名称", "完成率", "较时序进度（百分点）", "预警原因", "连续预警",
             *(["督办措施"] if measures else [])],
            [[str(k), text(_name(r)), percent(r["completion_rate"]), signed_pp(r["variance_pp"]),
              text(r["reason"]), text(r["streak"]), *([text(r["action"])] if measures else [])]
             for k, r in enumerate(i.red.iter_rows(named=True), start=1)],
        ))  # fmt: skip
    if i.not_started.height:
        out.append(Section(
            f"应开未开项目（{i.not_started.height}个）",
            ["序号", "项目名称", "计划开工时间", "逾期（月）"],
            # The month, as the briefing prints it: a ledger's 2024-05 has no day to invent.
            [[str(k), text(_name(r)), f"{r['planned_start'].year}年{r['planned_start'].month}月",
              str(r["months_overdue"])]
             for k, r in enumerate(i.not_started.iter_rows(named=True), start=1)],
        ))  # fmt: skip
    if i.problems.height:
        out.append(Section(
            f"逾期未解决问题（{i.problems.height}个）",
            ["序号", "项目名称", "存在问题", "办结时限", "逾期（天）"],
            [[str(k), text(_name(r)), text(r["problem"]), cn_date(r["deadline"]),
              str(r["overdue_days"])]
             for k, r in enumerate(i.problems.iter_rows(named=True), start=1)],
        ))  # fmt: skip
    return out


# The charge a leader column names (包保领导 → 包保, 市级联系领导 → 联系): the verb of
# 您…的项目. 责任 is said 负责 (您负责的项目); a column with none (市领导) is 联系.
_CHARGES = ("包保", "包联", "包抓", "包挂", "挂点", "挂钩", "挂联", "联系", "联络", "分管",
            "牵头", "督导", "督办")  # fmt: skip
_CHARGE = re.compile("|".join((*_CHARGES, "责任")))


def charge(label: str) -> str:
    """The verb of a leader's charge in the ledger's word for the column, without its level
    (市级联系领导 → 联系, not 市级联系: 您市级联系的项目 is no phrase)."""
    found = _CHARGE.search(label)
    if found is None:
        return "联系"
    return "负责" if found.group() == "责任" else found.group()


def intro(report: NoticesReport) -> str:
    """The opening sentence, naming the period the figures are of; a unit is 你单位, a
    leader (``--per leader``) is asked to see to the projects in their charge."""
    duty = charge(report.label)
    whom = f"您{duty}的项目有以下事项需督促办理：" if report.per == "leader" else (
        "你单位有以下事项需抓紧办理：")  # fmt: skip
    return (
        f"根据{report.as_of.label}重点项目推进情况（数据截至{cn_date(report.as_of.date)}），{whom}"
    )


def closing(report: NoticesReport) -> str:
    """The reply deadline."""
    return f"请于{cn_date(report.reply_by)}前将整改落实情况书面报送。"


def notices_markdown(report: NoticesReport, punctuation: str = "full") -> str:
    """Every notice, separated by rules, as Markdown (ledger text punctuated)."""
    parts = []
    numerals = "一二三四五"
    for notice in report.notices:
        unit = escape_cell(punctuate(notice.unit, punctuation))
        lines = ["# 督办单", "", notice.label, "", f"**{unit}：**", "", intro(report)]
        for k, sec in enumerate(sections(notice, punctuation)):
            lines += ["", f"## {numerals[k]}、{sec.title}", ""]
            lines.append("| " + " | ".join(sec.headers) + " |")
            lines.append("| " + " | ".join(":--" for _ in sec.headers) + " |")
            lines += ["| " + " | ".join(escape_cell(c) for c in row) + " |" for row in sec.rows]
        signature = punctuate(report.issuer or ISSUER_PLACEHOLDER, punctuation)
        lines += ["", closing(report), "", signature, "", f"签发日期：{cn_date(report.issued)}"]
        parts.append("\n".join(lines))
    return "\n\n---\n\n".join(parts) + "\n" if parts else "（没有需要督办的单位）\n"


def unaddressed_note(report: NoticesReport) -> str | None:
    """How many projects name nobody to send a notice to, and how many of them have
    something a notice would list; None when every project names someone."""
    left = report.unaddressed
    if not left.projects:
        return None
    head = f"另有{left.projects}个项目未填写{report.label}，"
    if not left.listed:
        return head + "均无需要督办的事项。"
    return head + f"其中{left.listed}个有需要督办的事项，未列入督办单（请补填{report.label}）。"


def notices_views(report: NoticesReport) -> list[View]:
    """Who gets a notice (number and counts): what ``--dry-run`` lists."""
    per = report.label
    rows = []
    for n in report.notices:
        c = n.counts()
        counted = [str(c[k]) for k in ("red", "not_started", "overdue_problems", "flagged")]
        rows.append([n.label + ("" if n.new else "（已编号）"), n.unit, *counted])
    head = "拟发督办单" if report.dry_run else "督办单"
    notes = [f"签发日期{cn_date(report.issued)}，回复时限{cn_date(report.reply_by)}（按工作日"
             "计，只跳过周六、周日，不含法定节假日调整）。"]  # fmt: skip
    look = report.lookback
    notes.append(look.describe() if look.store_used else
                 "没有快照库：连续预警只含本期（用 projtrack ingest 保存每期台账）。")  # fmt: skip
    if report.dry_run:
        notes.append(
            "试运行：不取文号、不写文件；“（已编号）”为本期已取得的文号，其余为将取得的文号。"
        )
    left = unaddressed_note(report)
    if left:
        notes.append(left)
    if report.unplaced_findings:
        notes.append(f"台账另有{report.unplaced_findings}条核对提示不在项目行上（如合计行），"
                     "见 projtrack check。")  # fmt: skip
    return [
        View(
            title=f"{report.as_of.label}{head}（{len(rows)}份，按{per}）",
            headers=["文号", per, "红色预警", "应开未开", "逾期问题", "核对提示"],
            rows=rows,
            numeric={2, 3, 4, 5},
            notes=notes,
        )
    ]
