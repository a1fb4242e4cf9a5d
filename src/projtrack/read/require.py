"""Which sheets can be counted, and the error when a required field has no column.

A workbook often holds, next to its project sheets, a sheet that lists projects without
investment figures (a 前期 checklist with 项目名称 | 总投资 | 前期工作进展). Such a sheet is
skipped with a warning when another sheet holds the figures; alone, it is still an error.
A 前期 sheet with a plan and no completion column is counted with nothing completed.
A sheet with any other header about investment or money (投资, 万元, 亿元) is never skipped:
its figures may be under a wording the reader does not know, so it stops the run instead.

The error for a missing field says what was read instead: a bare ``累计完成投资`` is
ambiguous (since construction began, or this year?) and is read as since-start, so the
message names that column, says why no this-year column was found and gives the
``[columns]`` line that maps it.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from projtrack.errors import Finding, LedgerError, column_letter
from projtrack.read.columns import PICK
from projtrack.read.fields import current_synonyms, strip_annotations
from projtrack.read.model import ColumnUse, SheetInfo
from projtrack.read.sheetsets import sheet_kind
from projtrack.text import normalize_text
from projtrack.vocab import FIELD_LABELS, REQUIRED_FIELDS

# A sheet of projects not yet started: 前期项目, 储备项目, 谋划项目.
_PREPARATORY = re.compile(r"前期|储备|谋划")
# The figures a sheet must hold to be counted: a plan or a completion column.
FIGURE_FIELDS = ("annual_plan", "completed_ytd")
# A header that speaks of investment or money: a sheet with one is never skipped.
_MONEYISH = re.compile(r"投资|投資|万元|萬元|亿元|億元")
# A since-start header that does not say from when (so it might be this year's).
_BARE_CUMULATIVE = re.compile(r"^(?:累计完成(?:投资)?(?:额)?|累计投资|开工累计)$")
# A running total to a past year's end: 至上年底累计完成投资, 开工至2023年底累计完成.
_YEAR_END = re.compile(r"(?:上一?年度?|去年|\d{4}年度?)(?:底|末)")


def drop_sheets_without_figures(
    infos: list[SheetInfo], parts: list[pl.DataFrame]
) -> tuple[list[pl.DataFrame], list[Finding]]:
    """Skip used sheets with neither a plan nor a completion column, if another has one.

    ``parts`` are the project frames of the used sheets of ``infos``, in order; a skipped
    sheet's info is marked unused in place and its frame left out.
    """
    used = [i for i in infos if i.used]

    def has_figures(info: SheetInfo) -> bool:
        return any(c.field in FIGURE_FIELDS for c in info.columns) or bool(info.month_columns)

    def may_have_figures(info: SheetInfo) -> bool:
        """An investment header the reader did not understand: refuse, never skip."""
        total = {c.header for c in info.columns if c.field == "total_investment"}
        return any(_MONEYISH.search(h) for h in info.headers if h not in total)

    if not any(has_figures(i) for i in used):
        return parts, []
    kept: list[pl.DataFrame] = []
    notes: list[Finding] = []
    for info, frame in zip(used, parts, strict=True):
        if has_figures(info) or may_have_figures(info):
            kept.append(frame)  # require_fields then says what is missing
            continue
        info.used = False
        info.reason = "no investment columns (年度计划投资 / 1-N月完成投资): a list, not counted"
        money = [c for c in info.columns if c.field == "total_investment"]
        extra = f"，其中{money[0].header}列的金额未计入" if money else ""
        notes.append(
            Finding(info.name, None, None, "sheet_skipped",
                    f"未计入：此表没有年度计划投资或完成投资列（{info.projects}个项目{extra}）")
        )  # fmt: skip
    return kept, notes


# In this message 累计完成投资 alone would name the very header that was not taken for it.
_MISSING_LABELS = FIELD_LABELS | {"completed_ytd": "1-N月完成投资（本年累计完成投资）"}


def require_fields(path: Path, used: list[SheetInfo]) -> list[Finding]:
    """Raise :class:`LedgerError` naming what is missing and what was read instead.

    A 前期 sheet (前期项目 | 储备项目 beside 续建 | 新开工 sheets) with a plan and no
    completion column is counted, its projects with nothing completed this year, and a
    warning says so: such projects have not started, and their plan is in the year's. A
    money header the reader did not understand there (1-6月投资完成额) still stops the run.
    A projtrack.toml [columns] header that no sheet has is a warning here too.
    """
    notes: list[Finding] = [*unmatched_synonyms(used), *_starts_unknown(used)]
    done = any("completed_ytd" in {c.field for c in i.columns} for i in used)
    for info in used:
        have = {c.field for c in info.columns}
        missing = [f for f in REQUIRED_FIELDS if f not in have]
        if not missing:
            continue
        moneyish = any(_MONEYISH.search(u) for u in info.unread)
        if (missing == ["completed_ytd"] and done and not moneyish
                and "completed_since_start" not in have
                and _PREPARATORY.search(sheet_kind(info) or "")):  # fmt: skip
            notes.append(Finding(info.name, None, None, "no_completion_column",
                                 f"此表为{sheet_kind(info)}，没有完成投资列：{info.projects}个项目"
                                 "按本年未完成投资计入（年度计划计入合计）"))  # fmt: skip
            continue
        row = info.header_rows[0] if info.header_rows else "?"
        labels = "、".join(_MISSING_LABELS[f] for f in missing)
        found = " | ".join(c.header for c in info.columns) or "(none)"
        since = [c for c in info.columns if c.field == "completed_since_start"]
        if "completed_ytd" in missing and since:
            message = _since_start_message(since[0], missing, info.unread)
            raise LedgerError(path, message, sheet=info.name)
        unread = f" Headers not understood: {', '.join(info.unread)}." if info.unread else ""
        raise LedgerError(
            path,
            f"no column for {labels}. Headers matched in rows {row}: {found}.{unread} "
            "Rename the column or add a synonym under [columns] in projtrack.toml.",
            sheet=info.name,
        )
    return notes


def require_numbers(
    path: Path, used: list[SheetInfo], projects: pl.DataFrame, findings: list[Finding]
) -> None:
    """Stop when the annual plan or the completion holds no number in any project row.

    Every rate would be null (no plan) or every unit ranked at 0% (no completion): the
    column was read, but what it holds is not understood (text such as ``="46693.2"``,
    a wrong column) or was never filled. A by-month ledger's completion is made later
    from its month columns and is not checked here.
    """
    if projects.height == 0:
        return
    for name in FIGURE_FIELDS:
        if name not in projects.columns or projects[name].is_not_null().any():
            continue
        uses = [c for i in used for c in i.columns if c.field == name]
        if not uses or any(i.month_columns or i.ytd_chains for i in used):
            continue
        cells = "、".join(f"{u.where}（{u.header}）" for u in uses)
        where = {(u.sheet, u.column) for u in uses}
        bad = [f for f in findings if f.code == "not_a_number" and (f.sheet, f.column) in where]
        shown = "；".join(f"{f.where}: {f.message}" for f in bad[:3])
        what = f"its cells hold text, e.g. {shown}" if bad else "every project's cell is empty"
        raise LedgerError(
            path,
            f"no usable number in the {_MISSING_LABELS[name]} column {cells}: {what}. "
            "projtrack will not rank on zeros; fix the column or map another one under "
            "[columns] in projtrack.toml.",
        )


def _since_start_message(use: ColumnUse, missing: list[str], unread: list[str]) -> str:
    header = use.header.split("/")[-1]
    others = [f for f in missing if f != "completed_ytd"]
    also = f" Also missing: {'、'.join(_MISSING_LABELS[f] for f in others)}." if others else ""
    lead = (
        f"no column for this year's completion (completed_ytd, 1-N月完成投资 / 本年累计完成投资). "
        f"{use.where} '{use.header}' was taken for 开工累计完成投资 (completed_since_start), "
    )
    if _YEAR_END.search(strip_annotations(header)):
        # 至2023年底累计完成投资 ends before this year: it never holds this year's completion.
        shown = f" Headers not understood: {', '.join(unread)}." if unread else ""
        return (
            f"{lead}because '{header}' is a running total to the end of a past year (上年底 / "
            f"某年底), never this year's figure; no header names this year's months (1-N月, "
            f"本年, 今年, 年初至…).{shown} A running total to this month is read less it when "
            "its header names the month (截至6月底累计完成投资); a column of this year's own "
            "completion, however headed, can be mapped under [columns] in projtrack.toml: "
            f'"its header" = "completed_ytd".{also}'
        )
    if _BARE_CUMULATIVE.match(strip_annotations(header)):
        why = f"because a bare '{header}' does not say from when it counts"
    else:
        why = f"because '{header}' counts from before this year (开工 / 上年底 / 某年底)"
    return (
        f"{lead}{why}; no header names this year's months (1-N月, 本年, 今年, 年初至…). If that "
        "column holds this year's completion, add under [columns] in projtrack.toml: "
        f'"{header}" = "completed_ytd".{also}'
    )


def _starts_unknown(used: list[SheetInfo]) -> list[Finding]:
    """A sheet with planned starts (计划开工时间) and nothing saying whether a project started
    (实际开工时间, 是否开工): its projects are left out of the new-start figures, said once."""
    unknown = [i.name for i in used if {"planned_start"} <= {c.field for c in i.columns}
               and "actual_start" not in {c.field for c in i.columns}]  # fmt: skip
    if not unknown:
        return []
    where = "" if len(unknown) == len(used) else f"（工作表 {'、'.join(unknown)}）"
    return [Finding(None, None, None, "no_actual_start",
                    f"台账有计划开工时间，但没有实际开工时间或是否开工列{where}：无法判断项目是否"
                    "开工，其项目不计入新开工（应开工、开工率、应开未开）", "warning")]  # fmt: skip


def unmatched_synonyms(used: list[SheetInfo]) -> list[Finding]:
    """A warning for each projtrack.toml [columns] entry that no counted sheet answers: a
    header no sheet has, or a column letter ("市重点!E") no sheet's column was read by.

    A misspelt entry otherwise passes unseen: the field is then read from its usual
    header (年度计划投资 instead of the 调整后计划 the user meant), or not at all.
    """
    headers = {h for info in used for text in info.headers
               for h in (normalize_text(text), strip_annotations(text))}  # fmt: skip
    notes = []
    for text, field in current_synonyms():
        label = FIELD_LABELS.get(field, field)
        if pick := PICK.match(text.strip()):
            where, letters = pick[1].strip(), pick[2].upper()
            if any(c.field == field and column_letter(c.column) == letters
                   for i in used if where in ("", "*") or normalize_text(where)
                   == normalize_text(i.name) for c in i.columns):  # fmt: skip
                continue
            why = f"没有工作表的{letters}列按{label}读取（no sheet's column {letters} was read）"
        elif normalize_text(text) in headers:
            continue
        else:
            why = f"没有工作表含此表头，{label}按常用表头读取（no sheet has this header）"
        entry = f'projtrack.toml [columns] "{text}" = "{field}"'
        notes.append(Finding(None, None, None, "synonym_unmatched", f"{entry}：{why}", "warning"))
    return notes
