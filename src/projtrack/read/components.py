"""A numbered project's parts named on the lines of its 其中: 3 | 县人民医院新院区项目, then
其中：安置房工程 | figures, then 市政配套道路 | figures (序号 blank).

The second line was counted as a project, its figures added beside the project's own. On a
sheet that numbers its projects, the rows without a 序号 right after a 其中 line that sits
under a numbered project are that project's parts (lines of its breakdown) while, added to
the 其中 line, they stay within the project's own figures in every money column it fills.

A row is a project instead (a late one whose 序号 was forgotten) when it goes beyond those
figures; when its own 县(市、区), 责任单位 or 业主单位 differs from the project's; when it
calls itself a 项目 while the 其中 line's part does not (其中：门诊楼工程, then
城北污水管网改造项目); and every row after a 其中 that names a source of funds
(其中：中央预算内资金), funds not being parts a project is built of. Where the sheet's own
合计 agrees with the rows read as projects and not as parts, the 合计 wins.

Such parts are reported (``component_row``): a warning, since a forgotten 序号 reads the
same way, or a note when the sheet's 合计 agrees with the reading. The rows keep the row of
their project in ``_part_of``.
"""

from __future__ import annotations

import re

import polars as pl

from projtrack.read.sheet_total import total_agrees
from projtrack.read.values import clean_text, parse_number

__all__ = ["component_parts"]

_PLAIN_SEQ = r"^\d+(?:\.0+)?[.．、]?$"
_FUNDS = re.compile(r"资金|债券?|贷款|自筹|预算内|投资$|配套")
_PROJECT = re.compile(r"项目[)）]?$")
_LEAD = re.compile(r"^\s*其\s*中\s*[:：,，、]?\s*")
_TOLERANCE = 0.01


def component_parts(
    body: pl.DataFrame, money: list[str], seq_column: str | None, units: list[str]
) -> pl.DataFrame:
    """``body`` (one classified sheet, its 序号 in ``seq_column``, where and who in the
    columns ``units``) with such parts' ``_kind`` set to ``breakdown`` and ``_part_of``
    (the Excel row of their project) added."""
    if seq_column is None:  # no 序号: nothing tells a part from a project
        return body
    kind, seq = pl.col("_kind"), clean_text(pl.col(seq_column))
    numbered = kind.is_in(["project", "parent"]) & seq.str.contains(_PLAIN_SEQ).fill_null(False)
    loose = (kind == "project") & seq.is_null()
    if not body.select((kind == "breakdown").any() & loose.any() & numbered.any()).item():
        return body
    rows = body.select(
        kind.alias("k"), numbered.alias("n"), loose.alias("l"), pl.col("_label").alias("t"),
        pl.col("_row").alias("r"),
        pl.concat_list(clean_text(pl.col(c)) for c in units).alias("u") if units
        else pl.lit([], pl.List(pl.String)).alias("u"),
        *(parse_number(pl.col(c)).alias(f"v{j}") for j, c in enumerate(money)),
    ).rows()  # fmt: skip
    parts: dict[int, int] = {}
    for at, (k, _, _, label, *_) in enumerate(rows):
        if k != "breakdown" or _FUNDS.search(label or ""):
            continue
        above = next((j for j in range(at - 1, -1, -1) if rows[j][0] != "blank"), None)
        if above is not None and rows[above][1]:
            parts |= dict.fromkeys(_parts_after(rows, at, above), rows[above][4])
    if not parts:
        return body
    marked = body.with_columns(
        pl.when(pl.int_range(pl.len()).is_in(list(parts))).then(pl.lit("breakdown"))
        .otherwise(kind).alias("_kind"),
        pl.int_range(pl.len()).replace_strict(parts, default=None, return_dtype=pl.Int64)
        .alias("_part_of"),
    )  # fmt: skip
    if total_agrees(body, money) and not total_agrees(marked, money):
        return body
    return marked.with_columns(pl.lit(total_agrees(marked, money)).alias("_part_confirmed"))


def _parts_after(rows: list[tuple], at: int, above: int) -> list[int]:
    """The rows (indexes) after the 其中 line ``at`` that are parts of project ``above``."""
    whole, used = rows[above][6:], list(rows[at][6:])
    first_is_project = bool(_PROJECT.search(_LEAD.sub("", rows[at][3] or "")))
    found: list[int] = []
    for j in range(at + 1, len(rows)):
        if rows[j][0] == "blank":
            continue
        if not rows[j][2] or _elsewhere(rows[j][5], rows[above][5]):
            break
        if _PROJECT.search(rows[j][3] or "") and not first_is_project:
            break
        used = [(u or 0.0) + (v or 0.0) for u, v in zip(used, rows[j][6:], strict=True)]
        if not any(w for w in whole) or any(
            w is not None and u > w + _TOLERANCE for u, w in zip(used, whole, strict=True)
        ):
            break
        found.append(j)
    return found


def _elsewhere(own: list[str | None], project: list[str | None]) -> bool:
    """The row names another county, unit or owner than the project's."""
    return any(a and b and a != b for a, b in zip(own, project, strict=True))
