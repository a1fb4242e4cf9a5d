"""Sheets that are no part of the report: the instructions that come with a form (填报说明,
填表说明, 说明), its template and a filled-in example (模板, 样表, 示例).

A city sends its counties a workbook whose first sheet says how to fill it in, often with
an example row (示例：××区××产业园项目 | 10000 | 6000) under a header copied from the form.
Read as a report, that sheet became a unit of the ranking (填报说明, 1 project, ranked 3rd);
named for no county, it turned the county sheets' 所在县 columns into the groups (the city
unit vanished into its counties, or towns were ranked); and its text (本表金额单位除注明外
均为万元，嘉陵区报表为亿元) was read as the sheet's unit and stopped the run. So:

- a sheet named for instructions, a template or an example, beside sheets that hold
  projects, is left out with a note, whatever its rows;
- a sheet whose every project row says it is an example (示例, 样例, 范例, 例：) is left
  out whatever its name — alone, it leaves nothing to read, and the run stops saying so;
- a sheet whose every project is a placeholder name (××区××产业园项目, XX项目, 某某项目) is
  left out beside sheets of real projects, as an instructions sheet is.

A single sheet named 模板 that holds real projects (a form filled in and sent back under
its name) is read, and so is a ledger whose names were all made anonymous (某某公司…
项目): neither a name nor placeholders alone ever empty a ledger.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import polars as pl

from projtrack.text import normalize_text

# A sheet's name saying what it is for: 填报说明, 填表说明, 说明, 附件说明, 填报须知,
# 示例, 填报示例, 范例, 样表, 模板 (模版), 填报要求 (after numbering: 1.填报说明).
INSTRUCTIONS_SHEET = re.compile(r"说明|须知|示例|范例|样例|样表|式样|模板|模版|填报要求|填表要求")
# A project row saying it is an example (示例：…, …（示例）, 例：…, 样例), and a name left as
# the form's placeholder (××区××产业园项目, XX项目, 某某项目); written as typed (traditional
# and full-width forms too), a vectorised test of every project's name.
EXAMPLE_ROW = r"示例|[样樣]例|[范範]例|^\s*例[:：]"
PLACEHOLDER_ROW = r"[×xXｘＸ*＊]{2}|某某"

INSTRUCTIONS_REASON = "instructions or a template (填报说明、模板、示例), not part of the report"
EXAMPLE_REASON = "its rows are examples (示例、××项目), not projects of the report"


def example_only(rows: pl.DataFrame, pattern: str = EXAMPLE_ROW) -> bool:
    """Whether every project row of a classified sheet (``_kind``, ``_label``) matches
    ``pattern`` (an example row, by default), there being one at least."""
    labels = rows.filter(pl.col("_kind") == "project")["_label"].fill_null("")
    return not labels.is_empty() and bool(labels.str.contains(pattern).all())


def not_reports(names: Sequence[str], classified: Sequence[pl.DataFrame]) -> dict[str, str]:
    """Sheet name → why it is no report, for the candidate sheets (their classified rows
    in the same order) that are instructions, templates or examples (see the module doc)."""
    out: dict[str, str] = {}
    named: list[str] = []
    placeholders: list[str] = []
    holding = 0  # sheets of real projects, named for no instructions
    for name, rows in zip(names, classified, strict=True):
        if example_only(rows):
            out[name] = EXAMPLE_REASON
        elif INSTRUCTIONS_SHEET.search(normalize_text(name)):
            named.append(name)
        elif example_only(rows, f"{EXAMPLE_ROW}|{PLACEHOLDER_ROW}"):
            placeholders.append(name)
        elif (rows["_kind"] == "project").any():
            holding += 1
    if holding:
        out |= dict.fromkeys(named, INSTRUCTIONS_REASON)
        out |= dict.fromkeys(placeholders, EXAMPLE_REASON)
    return out
