"""截至上月累计完成投资 beside 本月完成投资, with no 1-N月 column: the year-to-date is their sum.

A monthly report often carries the total to the end of last month and this month's own
figure, and no column adding them. Which months "上月" and "本月" are is said by the title
(2024年6月…, 1-6月…): with it the two columns are the spans 1-5月 and 6月 of a by-month
ledger (:mod:`projtrack.read.wide`), which adds them and reads the ledger at June. Without
a month in the title, or in January, they are left as they are (the ledger is then refused
for want of a year-to-date column, naming them).
"""

from __future__ import annotations

import re

from projtrack.period import FILING_DATE, stated_month
from projtrack.text import normalize_text

# 截至上月累计完成投资, 上月末累计完成, 截止上月底累计完成投资额 (no month named).
_PREVIOUS = re.compile(
    r"^(?:截[至止]|截止至|至)?上月(?:末|底)?(?:止)?累计(?:完成)?(?:投资)?(?:额)?$"
)


def previous_plus_month(
    columns: list[tuple[str | None, str]], titles: list[str]
) -> dict[int, tuple[int, int]]:
    """Positions → months for a 截至上月累计 column and the 本月 column beside it (both to be
    read as completed_ytd spans), when the sheet has no other year-to-date column and its
    title names month M > 1. ``columns`` holds each column's (field, header)."""
    fields = [f for f, _ in columns]
    if "completed_ytd" in fields or "completed_month" not in fields:
        return {}
    previous = [j for j, (f, h) in enumerate(columns)
                if f is None and _PREVIOUS.match(normalize_text(h.rsplit("/", 1)[-1]))]  # fmt: skip
    if len(previous) != 1:
        return {}
    month = stated_month([("title", re.sub(FILING_DATE, "", t)) for t in titles])
    if month is None or month < 2:
        return {}
    return {previous[0]: (1, month - 1), fields.index("completed_month"): (month, month)}
