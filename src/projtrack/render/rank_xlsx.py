"""``rank -o 排名.xlsx``: the ranking as a real workbook, the 排名 sheet of the briefing.

Headers, figures as numbers with number formats, 红榜/黑榜 rows coloured, the notes and
the chart below, exactly as the briefing workbook writes them (one sheet writer for both);
its words in the configured punctuation, as the other ``rank`` formats.
"""

from __future__ import annotations

import io
from datetime import datetime, time
from typing import TYPE_CHECKING

import xlsxwriter

# The briefing workbook's sheet writer and its 排名 sheet: one implementation for both.
from projtrack.render.brief.sheet import Sheet
from projtrack.render.brief.xlsx import ranking_sheet
from projtrack.render.tables import rank_headers, rank_notes, rank_title

if TYPE_CHECKING:
    from projtrack.jobs.ranked import RankReport


def render_rank_xlsx(report: RankReport) -> bytes:
    """The ranking as .xlsx bytes (deterministic: dated by the as-of date, not the clock)."""
    out = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    wb = xlsxwriter.Workbook(out, options)
    title = rank_title(report)
    wb.set_properties({"title": title, "author": "projtrack",
                       "created": datetime.combine(report.as_of.date, time())})  # fmt: skip
    style = report.punctuation
    sheet = Sheet(wb, {}, "排名", title, rank_headers(report), punctuation=style)
    ranking_sheet(sheet, report, rank_notes(report), style)
    wb.close()
    return out.getvalue()
