"""A place or category row under its block: the block's closing subtotal, not a heading.

An Excel outline with the summary row below its group (数据→组合, 摘要行在明细数据下方) puts
``| 旌阳区 | 3000 | 1500`` (序号 blank, no 合计 word) right after the 旌阳区 projects. Read as a
heading, its figures were checked against the rows below it — the next county's — and the
run refused. A section row without numbering whose figures (every money column it fills)
are not the sum of the projects below it but are the sum of the projects since the
previous section, 小计 or 合计 (one at least) closes the block above: it is read as a named
total (旌阳区合计 after its block), naming that block and reconciled as its subtotal. When
neither reading adds up it stays a heading, refused or reported as before; when both do,
it heads the rows below (the reading of the labels).
"""

from __future__ import annotations

from typing import Any

import polars as pl

from projtrack.read.labels import BLOCK_ENDS, RAW_PREFIX
from projtrack.read.sheet_total import close
from projtrack.read.subitems import NOT_A_PLACE, PLACE_END
from projtrack.read.values import clean_text, parse_number

__all__ = ["closing_rows"]

_STOPS = BLOCK_ENDS["subtotal"]
_ENDS = {k: BLOCK_ENDS[k] for k in ("section_top", "section_sub")}


def closing_rows(body: pl.DataFrame, money: list[str], seq: str | None) -> list[int]:
    """The rows (``_i``) of a classified sheet to read as closing the block above them."""
    kind = pl.col("_kind")
    unnumbered = clean_text(pl.col(seq)).is_null() if seq else pl.lit(True)
    # (Under the last project the footer rule made such a row a note, and a 基础设施项目 row
    # there a line breaking the total down: it closes as well; a 其中 line never does.)
    after = (kind == "note") | ((kind == "breakdown") & ~pl.col("_label").str.contains("其中"))
    # (On a sheet without 序号, the last such place row stayed a project: it heads nothing.)
    name = pl.col("_label").str.replace_all(r"\s", "")
    place = name.str.len_chars().le(8) & name.str.contains(PLACE_END)
    after = after | ((kind == "project") & place & ~name.str.contains(NOT_A_PLACE)).fill_null(False)
    maybe = ((kind.is_in(list(_ENDS)) | after) & unnumbered
             & ~pl.col("_label").str.contains(RAW_PREFIX).fill_null(False))  # fmt: skip
    if not body.select(maybe.any()).item():  # most ledgers: no such row
        return []
    figured = pl.any_horizontal((parse_number(pl.col(c)) != 0).fill_null(False) for c in money)
    some = body.filter(maybe).filter(figured)["_i"]
    if some.len() == 0:
        return []
    cand = pl.col("_i").is_in(some.implode())
    k = pl.int_range(pl.len(), dtype=pl.Int64)
    project = kind == "project"
    frame = body.select(
        cand.alias("cand"),
        kind,
        # The last stop before each row, the first end after it (by kind of section).
        pl.when(kind.is_in(_STOPS)).then(k).shift(1).forward_fill().alias("prev"),
        *(pl.when(kind.is_in(ends)).then(k).shift(-1).backward_fill().alias(f"end_{name}")
          for name, ends in _ENDS.items()),
        project.cast(pl.Int64).cum_sum().alias("n"),
        *(pl.when(project).then(parse_number(pl.col(c))).otherwise(0.0).fill_null(0.0)
          .cum_sum().alias(f"s{j}") for j, c in enumerate(money)),
    )  # fmt: skip
    sums = [frame[f"s{j}"].to_list() for j in range(len(money))]
    count = frame["n"].to_list()
    picked = body.select(
        "_i",
        *(parse_number(pl.col(c)).alias(f"v{j}") for j, c in enumerate(money)),
        *(clean_text(pl.col(c)).alias(f"t{j}") for j, c in enumerate(money)),
    )
    rows = frame.hstack(picked).with_row_index("k").filter("cand")
    out: list[tuple[int, int]] = []  # (_i, projects closed)
    for rec in rows.iter_rows(named=True):
        at, prev = rec["k"], rec["prev"]
        end = rec[f"end_{rec['_kind']}"] if rec["_kind"] in _ENDS else at + 1
        last = (end - 1) if end is not None else len(count) - 1
        # (Up to the row above it: a row read as a project is in its own running sums.)
        closed = count[at - 1] - (count[prev] if prev is not None else 0) if at else 0
        if closed and _adds(rec, sums, prev, at - 1) and not _adds(rec, sums, at, last):
            out.append((rec["_i"], closed))
    # A row alike the one project above it is a project alike (白马关康养小镇 under 三星堆…,
    # figures equal within the digits shown), unless the sheet is an outline whose rows
    # close blocks of several: there a county of one project closes it too.
    if not any(n > 1 for _, n in out):
        return []
    return [i for i, _ in out]


def _adds(rec: dict[str, Any], sums: list[list[float]], lo: int | None, hi: int) -> bool:
    """Every figure of the row (``v<j>``, as shown ``t<j>``) is the sum of the projects
    after position ``lo`` (None: from the top) up to ``hi``."""
    return all(
        close(rec[f"v{j}"], s[hi] - (s[lo] if lo is not None else 0.0), rec[f"t{j}"])
        for j, s in enumerate(sums)
        if rec[f"v{j}"] is not None
    )
