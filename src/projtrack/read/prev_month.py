"""A month's own completion column beside the year to date: 本月 or N月 next to 1-N月 or 上月.

``9月完成投资`` beside ``1-9月完成投资`` (and no other month) is the month's own figure, the
本月完成投资 of the ledger (:func:`month_beside_ytd`): not a second year-to-date making the
sheet a by-month ledger, where ``check`` did not list it and the 完成率 column was not
checked (two completion columns). And:

截至上月累计完成投资 beside 本月完成投资, with no 1-N月 column: the year-to-date is their sum.

A monthly report often carries the total to the end of last month and this month's own
figure, and no column adding them. Which months "上月" and "本月" are is said by the month
column's own header (6月完成投资) or else by the title (2024年6月…, 1-6月…): the two columns
are then the spans 1-5月 and 6月 of a by-month ledger (:mod:`projtrack.read.wide`), which
adds them and reads the ledger at June. Without a month, in January, or with a title naming
another month than the column, they are left as they are (the ledger is then refused for
want of a year-to-date column, naming them).
"""

from __future__ import annotations

import re
from typing import Any

from projtrack.period import FILING_DATE, stated_month
from projtrack.read.months import TEN_DAY
from projtrack.text import normalize_text

# 截至上月累计完成投资, 上月末累计完成, 截止上月底累计完成投资额 (no month named).
_PREVIOUS = re.compile(
    r"^(?:截[至止]|截止至|至)?上月(?:末|底)?(?:止)?累计(?:完成)?(?:投资)?(?:额)?$"
)


def previous_plus_month(
    columns: list[tuple[str | None, str, tuple[int, int] | None]], titles: list[str]
) -> dict[int, dict[str, Any]]:
    """Positions → what to change for a 截至上月累计 column and the month's own column
    beside it (both read as completed_ytd spans: field and months), when the sheet has no
    other year-to-date column. ``columns`` holds each column's (field, header, months).

    The month is the one a dated column names (``6月完成投资``: 1-5月 + 6月), which the
    title must not contradict, or the title's for a 本月完成投资 column.
    """
    fields = [f for f, _, _ in columns]
    previous = [j for j, (f, h, _) in enumerate(columns)
                if f is None and _PREVIOUS.match(normalize_text(h.rsplit("/", 1)[-1]))]  # fmt: skip
    if len(previous) != 1:
        return {}
    stated = stated_month([("title", re.sub(FILING_DATE, "", t)) for t in titles])
    dated = [(j, m) for j, (f, _, m) in enumerate(columns) if f == "completed_ytd"]
    if dated:  # 截至上月累计 | 6月完成投资: June's own figure, the months before it beside it
        (j, months), *rest = dated
        if rest or months is None or months[0] != months[1] or months[0] < 2:
            return {}
        if stated is not None and stated != months[0]:
            return {}
        return _spans({previous[0]: (1, months[0] - 1), j: months})
    if "completed_month" not in fields or stated is None or stated < 2:
        return {}
    return _spans({previous[0]: (1, stated - 1), fields.index("completed_month"): (stated, stated)})


def _spans(months: dict[int, tuple[int, int]]) -> dict[int, dict[str, Any]]:
    """Each position's change: a completed_ytd span of the given months."""
    return {k: {"field": "completed_ytd", "months": m} for k, m in months.items()}


def month_beside_ytd(
    columns: list[tuple[str | None, str, tuple[int, int] | None]],
) -> dict[int, dict[str, Any]]:
    """Position → the change making a lone ``N月完成投资`` beside ``1-N月完成投资`` the month's
    own figure (completed_month): when the sheet's completion columns name exactly these
    two spans, N ≥ 2, no completion column names no month, and none is 本月 or ten days."""
    if any(f == "completed_month" or f == TEN_DAY for f, _, _ in columns):
        return {}
    ytd = [(j, m) for j, (f, _, m) in enumerate(columns) if f == "completed_ytd"]
    spans = {m for _, m in ytd}
    if None in spans or len(spans) != 2:
        return {}
    own = [(j, m) for j, m in ytd if m is not None and m[0] == m[1] >= 2]
    if len(own) != 1 or (1, own[0][1][1]) not in spans:
        return {}
    return {own[0][0]: {"field": "completed_month", "months": None}}
