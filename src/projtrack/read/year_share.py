"""A cumulative column with this year's share beside it: 截至6月底累计完成投资 | 其中：2024年完成.

Provincial progress tables give a project's investment since it started, then "其中" the
part of it invested this year: ``截至6月底累计完成投资`` merged over ``金额 | 其中：1-6月完成``,
or ``开工累计完成投资 | 其中：本年完成投资`` side by side. The 截至 wording alone reads as the
year so far, and the 其中 column was not read at all, so every rate used the since-start
figure (157-196% where the counties stood at 35-56%) without a word. A 其中 column whose
words name this year's completion from January (本年, 2024年, 1-6月, 上半年) is the
year-to-date, and the column it is a share of the since-start figure; 其中：二季度 or
其中：6月 is a part of the year, and leaves the total this year's. The column of the whole
is the nearest one to its left that is not itself a 其中 column; it is changed only when
its own words do not name this year (本年, 1-6月, 年度 …), so that
``1-6月完成投资 | 其中：省预算内`` and the like are left alone.
"""

from __future__ import annotations

import re
from typing import Any

from projtrack.read.fields import header_months, match_header
from projtrack.text import normalize_text

_SHARE = re.compile(r"^其中[:：]?")
# Words that make a cumulative column this year's own (its 其中 is then a part of it).
THIS_YEAR = re.compile(r"\d{1,2}-\d{1,2}月|本年|今年|当年|年度|年初|全年|季度|上半年")
# The date a running total stops at (截至二季度末, 截至上半年末, 截止6月底) names a moment,
# not this year's span: its words are not looked at for THIS_YEAR.
_CUTOFF = re.compile(
    r"截[至止](?:\d{4}年)?(?:第?[一二三四1-4]季度|上半年|下半年|\d{1,2}月)(?:末|底)"
)
_CUMULATIVE = ("completed_ytd", "completed_since_start")

Spans = tuple[int, int] | None


def this_year_share(columns: list[tuple[str | None, str, Spans]]) -> dict[int, dict[str, Any]]:
    """Positions → what to change (field, months, header), for each (field, header, months)
    column. ``header`` is the column's header as written, parent and child joined with "/";
    a share beside its whole (not under it) is shown under the whole's header, which names
    the period (截至6月底累计完成投资/其中：2024年完成投资).
    """
    changes: dict[int, dict[str, Any]] = {}
    fields = [f for f, _, _ in columns]
    for k, (field, header, _) in enumerate(columns):
        own = normalize_text(header.rsplit("/", 1)[-1])
        if field is not None or not _SHARE.match(own):
            continue
        rest = _SHARE.sub("", own)
        share_months = header_months(rest)
        if match_header(rest).field != "completed_ytd" or (share_months or (1, 1))[0] != 1:
            continue  # 其中：二季度 / 4-6月 / 6月完成投资 is a part of this year, not all of it
        whole = next((j for j in range(k - 1, -1, -1)
                      if not _SHARE.match(normalize_text(columns[j][1].rsplit("/", 1)[-1]))),
                     None)  # fmt: skip
        if whole is None:
            continue
        whole_field, whole_header, whole_months = columns[whole]
        words = normalize_text(whole_header)
        # 截至2024年6月底累计完成投资 matches no field alone: a running total all the same.
        running = whole_field in _CUMULATIVE or (whole_field is None and "累计" in words)
        this_year = whole_field != "completed_since_start" and THIS_YEAR.search(
            _CUTOFF.sub("", words)
        )
        if not running or this_year:
            continue
        others = [j for j, f in enumerate(fields) if f == "completed_ytd" and j != whole]
        if others or "completed_since_start" in fields[:whole] + fields[whole + 1 :]:
            continue
        changes[whole] = {"field": "completed_since_start", "months": None}
        months = share_months or whole_months
        shown = header if "/" in header else f"{whole_header}/{header}"
        changes[k] = {"field": "completed_ytd", "months": months, "header": shown}
        break  # one year-to-date column: a second 其中 of the kind is left as it is
    return changes


# A share of the total named only by its year (计划投资 over 总投资 | 其中：2025年).
_YEAR_ONLY = re.compile(r"^(?:\d{4}年度?|本年度?|今年|当年)(?:计划)?(?:投资)?$")


def plan_share(columns: list[tuple[str | None, str, Spans]]) -> dict[int, dict[str, Any]]:
    """``计划总投资 | 其中：2025年计划投资`` (or 计划投资 over 总投资 | 其中：2025年): of the
    project's total, this year's plan — the annual plan, where no other column is one.

    Read as a 其中 share (never added), the sheet had no annual plan and was refused.
    """
    fields = [f for f, _, _ in columns]
    if "annual_plan" in fields:
        return {}
    for k, (field, header, _) in enumerate(columns):
        own = normalize_text(header.rsplit("/", 1)[-1])
        if field is not None or not _SHARE.match(own) or k == 0:
            continue
        rest = _SHARE.sub("", own)
        if match_header(rest).field != "annual_plan" and not _YEAR_ONLY.match(rest):
            continue
        if fields[k - 1] == "total_investment":  # the share of the column before it
            return {k: {"field": "annual_plan"}}
    return {}
