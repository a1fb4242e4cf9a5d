"""A numbered project's parts named on the lines of its 其中: 3 | 县人民医院新院区项目, then
其中：安置房工程 | figures, then 市政配套道路 | figures (序号 blank).

The second line was counted as a project, its figures added beside the project's own. On a
sheet that numbers its projects, the rows without a 序号 right after a 其中 line that sits
under a numbered project are that project's parts (lines of its breakdown) while, added to
the 其中 line, they stay within the project's own figures in every money column it fills.
A row that would go beyond is a project (a late one whose 序号 was forgotten), and so is
every row after a 其中 that names a source of funds (其中：中央预算内资金): funds are not
parts a project is built of.
"""

from __future__ import annotations

import re

import polars as pl

from projtrack.read.values import clean_text, parse_number

_PLAIN_SEQ = r"^\d+(?:\.0+)?[.．、]?$"
_FUNDS = re.compile(r"资金|债券?|贷款|自筹|预算内|投资$|配套")
_TOLERANCE = 0.01


def component_parts(body: pl.DataFrame, money: list[str], seq_column: str | None) -> pl.DataFrame:
    """``body`` (one classified sheet, its 序号 in ``seq_column``) with such parts'
    ``_kind`` set to ``breakdown``."""
    if seq_column is None:  # no 序号: nothing tells a part from a project
        return body
    kind, seq = pl.col("_kind"), clean_text(pl.col(seq_column))
    numbered = kind.is_in(["project", "parent"]) & seq.str.contains(_PLAIN_SEQ).fill_null(False)
    loose = (kind == "project") & seq.is_null()
    if not body.select((kind == "breakdown").any() & loose.any() & numbered.any()).item():
        return body
    rows = body.select(
        kind.alias("k"), numbered.alias("n"), loose.alias("l"), pl.col("_label").alias("t"),
        *(parse_number(pl.col(c)).alias(f"v{j}") for j, c in enumerate(money)),
    ).rows()  # fmt: skip
    parts: list[int] = []
    for at, (k, _, _, label, *_) in enumerate(rows):
        if k != "breakdown" or _FUNDS.search(label or ""):
            continue
        above = next((j for j in range(at - 1, -1, -1) if rows[j][0] != "blank"), None)
        if above is None or not rows[above][1]:
            continue
        whole, used = rows[above][4:], list(rows[at][4:])
        for j in range(at + 1, len(rows)):
            if rows[j][0] == "blank":
                continue
            if not rows[j][2]:
                break
            used = [(u or 0.0) + (v or 0.0) for u, v in zip(used, rows[j][4:], strict=True)]
            if not any(w for w in whole) or any(
                w is not None and u > w + _TOLERANCE for u, w in zip(used, whole, strict=True)
            ):
                break
            parts.append(j)
    if not parts:
        return body
    index = pl.int_range(pl.len()).is_in(parts)
    return body.with_columns(
        pl.when(index).then(pl.lit("breakdown")).otherwise(kind).alias("_kind")
    )
