"""Which rows under a header hold figures, where that decides what the row is.

A row's kind mostly follows its labels; some rows are told only by whether they carry an
amount: a row without a name, a place heading (旌阳区), a circled sub-item, anything
below the sheet's bottom total or a note heading (填报说明：, 备注：), a bracketed line under
a project's name. :func:`has_money` decides it for those rows only (a ledger's 100k
project rows need no look at their amounts here).
"""

from __future__ import annotations

import polars as pl

from projtrack.read.sections import SHEET as _SHEET
from projtrack.read.subitems import PLACE_END, circled
from projtrack.read.values import clean_text

# Raw text that may be a total of the sheet (simplified or traditional).
TOTALISH = r"[合总總共汇匯][计計数數]|汇总|匯總"
# A note heading alone on its line (填报说明：, 注：, 说明), or 注： before its text.
NOTEISH = (
    r"^\s*(?:注|註|[填制][报報表]?(?:说明|說明)|说明|說明|备注|備註)\s*\d*\s*[:：.、．]?\s*$"
    r"|^\s*(?:注|註|备注|備註|[填制][报報表]?(?:说明|說明))\s*[:：]"
)


# A name that is only a bracketed phrase: "（含配套道路及管网工程）", a long name's second line.
BRACKETED = r"^\s*[(（][^()（）]+[)）]\s*$"


def has_money(data: pl.DataFrame, money: list[str]) -> list[pl.Expr]:
    """``_money``: the row has a non-zero figure in a money column (0 is no figure).

    Decided (``_seen``) on the rows without a name and on the rows below the last row
    that may be a total (where notes and second tables are told from projects by it).
    """
    maybe_total = pl.col("_label").str.contains(TOTALISH) | pl.col("_seq").str.contains(TOTALISH)
    last = data.filter(maybe_total.fill_null(False))["_i"].max()
    # A note heading (填报说明：, 注：) ends the table as a bottom total does (see _classify).
    maybe_note = pl.col("_label").str.contains(NOTEISH) | pl.col("_seq").str.contains(NOTEISH)
    note = data.filter(maybe_note.fill_null(False))["_i"].min()
    # (A name numbered ① may be a sub-item: its figures decide, see read/subitems.py.)
    place = pl.col("_name").str.contains(PLACE_END) & pl.col("_name").str.len_chars().le(17)
    seen = (pl.col("_name").is_null() | circled().fill_null(False) | place.fill_null(False)
            | pl.col("_name").str.contains(BRACKETED).fill_null(False)
            | (pl.col("_i") > last if last is not None else False)
            | (pl.col("_i") >= note if note is not None else False))  # fmt: skip
    suspects = data.filter(seen)
    if not money or suspects.height == 0:
        return [pl.lit(False).alias("_money"), pl.lit(False).alias("_seen")]
    filled = pl.any_horizontal(
        [clean_text(pl.col(c)).str.contains(r"[1-9]").fill_null(False) for c in money]
    )
    rows = suspects.filter(filled)["_i"]
    return [pl.col("_i").is_in(rows.implode()).alias("_money"), seen.alias("_seen")]


def continued_name(plain_seq: pl.Expr) -> pl.Expr:
    """A row holding only a bracketed phrase in the name column, without 序号 or figures,
    on a sheet whose projects are numbered: the line a long name was broken onto."""
    bracketed = pl.col("_name").str.contains(BRACKETED)
    alone = pl.col("_seq").is_null() & ~pl.col("_money") & bracketed
    return (alone & (plain_seq & pl.col("_name").is_not_null()).any().over(_SHEET)).fill_null(False)
