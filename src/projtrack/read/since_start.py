"""What a year-to-date column's figures and reading say once the header is read: the note
for this year's completion read as a difference of running totals (read/running_totals.py),
and the refusal of a 截至N月底累计 column that holds the 开工累计 column's figures.

截至6月底累计完成投资 beside 开工累计完成投资, both holding 13,000 | 600 | 7,000 row by row, is the
since-start total twice: read as this year's, every rate used it without a word.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import polars as pl

from projtrack.errors import Finding, LedgerError
from projtrack.read.layout import Column
from projtrack.read.values import number_column
from projtrack.read.year_share import THIS_YEAR
from projtrack.text import normalize_text

# The moment a running total stops at (截至二季度末, 截至上半年底): not words of this year's span.
_CUT_OFF = re.compile(r"截[至止].*?(?:末|底)")


def difference_findings(
    sheet: str, header_row: int, offset: int, columns: list[tuple[int, str, int | None]]
) -> list[Finding]:
    """The ``ytd_difference`` note for each column read as a difference: (frame index,
    header, the index of the column subtracted)."""
    notes = []
    for index, header, minus in columns:
        if minus is None:
            continue
        now, _, prev = header.partition("−")
        now = now.rsplit("/", 1)[-1] if "/" not in prev else now
        notes.append(
            Finding(sheet, header_row, index + offset, "ytd_difference",
                    f"{now} 与 {prev} 都是开工以来的累计数：本年完成投资按前者减去后者读取",
                    "info")
        )  # fmt: skip
    return notes


def refuse_same_as_since_start(
    path: Path, sheet: str, ref: Callable[[Column], str], columns: list[Column],
    projects: pl.DataFrame,
) -> None:  # fmt: skip
    """Stop when the one year-to-date column, worded without this year (截至6月底累计完成投资),
    holds in every project row the figures of the 开工累计完成投资 column: it is that
    since-start total, and no column holds this year's completion. (A column naming this
    year, 1-6月完成投资, may equal it where every project started this year.)"""
    ytd = [c for c in columns if c.field == "completed_ytd"]
    since = [c for c in columns if c.field == "completed_since_start"]
    if len(ytd) != 1 or not since or ytd[0].minus is not None or ytd[0].parts:
        return
    (c,) = ytd
    if THIS_YEAR.search(_CUT_OFF.sub("", normalize_text(c.header))):
        return
    names = [f"c{k.index}" for k in (c, *since)]
    if projects.height == 0 or any(n not in projects.columns for n in names):
        return
    first = number_column(projects[names[0]])[0]
    if not first.fill_null(0.0).abs().sum() > 0:
        return
    for s, name in zip(since, names[1:], strict=True):
        if number_column(projects[name])[0].equals(first):
            raise LedgerError(
                path,
                f"{ref(c)} holds the same figures as {ref(s)} in every project row: a total "
                "since the project started, not this year's completion, and no column holds "
                "that (1-N月完成投资, 本年累计完成投资). Add it, or a 至上年底累计完成投资 "
                "column (this year's is then the difference) "
                f"（{c.header}与{s.header}各项目数字相同，是开工以来累计数，不是本年完成投资）",
                sheet=sheet,
            )
