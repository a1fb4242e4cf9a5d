"""Date cells that are not dates: each is a finding with its cell.

A planned start of ``2024-02-30`` or ``年内开工`` is read as empty, which takes the project
out of the new-start counts (开工率, 应开未开); that must never happen without a word.
"""

from __future__ import annotations

import polars as pl

from projtrack.errors import Finding
from projtrack.read.deadlines import DEADLINE_FIELDS, deadline_column, deadline_findings
from projtrack.read.model import ColumnUse
from projtrack.read.values import clean_text, date_column
from projtrack.statements import STARTED, STARTING, denied, stated
from projtrack.vocab import FIELD_LABELS

# The dates new-start and completion figures depend on.
CHECKED_DATES = ("planned_start", "actual_start", "planned_finish")
# 实际开工时间 written as words: 已开工, 在建, 已竣工 … say the project started (no date);
# 未开工, 待开工, 拟开工, 计划10月开工 say it did not (and are not dates either). Read clause by
# clause (projtrack.statements): 已开工，计划年底竣工 started (计划 anywhere in the cell said
# not), 年内开工 did not (开工 anywhere said it did).


# A 是否开工 column's answer: 是 / 否 (also ticks and crosses).
YES = r"^(?:是|已|√|✓|✔|Y|y|yes|Yes)$"
NO = r"^(?:否|未|×|✗|✘|N|n|no|No)$"


def started_word(text: pl.Expr | None) -> pl.Expr:
    """True where a 实际开工时间 cell says in words that the project has started, or a
    是否开工 cell says 是; null for a sheet without such a column (``text`` None), where
    whether a project started cannot be told."""
    if text is None:
        return pl.lit(None, pl.Boolean)
    cell = clean_text(text)
    return (stated(cell, STARTED) | cell.str.contains(YES)).fill_null(False)


def not_started_word(text: pl.Expr) -> pl.Expr:
    """True where such a cell says in words that the project has not started (未开工, 否)."""
    cell = clean_text(text)
    said = denied(cell, STARTING) & ~stated(cell, STARTED)
    return (said | cell.str.contains(NO)).fill_null(False)


def bad_dates(
    sheet: str,
    projects: pl.DataFrame,
    uses: list[ColumnUse],
    off: int,
    parsed: dict[str, pl.Series] | None = None,
    period: tuple[int | None, int | None] = (None, None),
) -> list[Finding]:
    """A ``not_a_date`` finding for each filled date cell that does not parse as a date, and
    the findings of 办结时限 cells (:func:`~projtrack.read.deadlines.deadline_findings`).

    ``parsed`` holds the columns the caller has parsed already (``c<j>`` → Dates);
    ``period`` is the sheet's (year, month), which a deadline without a year is near.
    """
    findings: list[Finding] = []
    for use in uses:
        local = f"c{use.column - off}"
        if use.field == "problem_deadline":
            dates = (parsed or {}).get(local)
            if dates is None:
                dates = deadline_column(projects[local], *period, nearest=True)
            findings += deadline_findings(sheet, projects, use, local, dates, period)
        if use.field not in CHECKED_DATES:
            continue
        texts = projects.select(clean_text(pl.col(local))).to_series()
        dates = (parsed or {}).get(local)
        if dates is None:
            dates = (deadline_column(projects[local], *period, nearest=False)
                     if use.field in DEADLINE_FIELDS else date_column(projects[local]))  # fmt: skip
        bad = texts.is_not_null() & dates.is_null()
        findings += _january_or_october(sheet, projects, use, texts)
        if use.field == "actual_start" and bad.any():  # 已开工 / 未开工, 是 / 否: not a problem
            said = started_word(pl.col("t")) | not_started_word(pl.col("t"))
            words = texts.filter(bad).to_frame("t").select(said).to_series()
            bad = bad.scatter(bad.arg_true(), ~words)
        if not bad.any():
            continue
        for row, text in zip(projects["_row"].filter(bad), texts.filter(bad), strict=True):
            findings.append(
                Finding(sheet, row, use.column, "not_a_date",
                        f"{use.header} 不是有效日期：{text!r}，按空值处理，"
                        f"不计入按{FIELD_LABELS[use.field]}的统计（如新开工、开工率）")
            )  # fmt: skip
    return findings


# 2024.1: January as typed, or October typed 2024.10 in a number cell (Excel keeps 2024.1).
_YEAR_DOT_ONE = r"^\d{4}\.1$"


def _january_or_october(
    sheet: str, projects: pl.DataFrame, use: ColumnUse, texts: pl.Series
) -> list[Finding]:
    """A ``date_ambiguous`` finding for each ``2024.1``: read as January, but a 2024.10 typed
    into a number cell is stored so too, and October would not yet be due."""
    hit = texts.str.contains(_YEAR_DOT_ONE).fill_null(False)
    if not hit.any():
        return []
    return [
        Finding(sheet, row, use.column, "date_ambiguous",
                f"{use.header} “{text}”按{text[:4]}年1月读取；若为10月（输入{text[:4]}.10时Excel"
                f"会存为{text}），请把单元格设为文本或写作{text[:4]}-10")
        for row, text in zip(projects["_row"].filter(hit), texts.filter(hit), strict=True)
    ]  # fmt: skip
