"""Classifying the rows under a header: projects, sections, subtotals, totals, notes.

Done with Polars expressions over the label cells, so a 100k-row sheet is classified
without a Python loop. The label of a row is its 项目名称, else the first text in its
other text columns (序号 blank): a total, section or 其中 row may write its label in any
of them. Section rows ("一、省重点项目(6个)", "(一)产业项目", "一、龙海市") are not
projects: they set level, category or region for the rows below (see
:mod:`projtrack.read.labels`). A named total after its block ("龙海市合计35个") closes the
block and names it the same way; written before its block (the first such row above the
sheet's first project) it heads the block, as a section.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from projtrack.read.fields import normalize_series
from projtrack.read.heads import Reclassify, settle_heads
from projtrack.read.labels import (
    BRACKET_COUNT,
    BREAKDOWN_LABEL,
    CN_NUM,
    COUNTED_SECTION,
    NAMED_TOTAL,
    NAMED_TOTAL_RAW,
    NOTE_LABEL,
    SPACED_TOP,
    SPECIAL_START,
    SUB_SECTION,
    SUBTOTAL_LABEL,
    TOP_SECTION,
    TOTAL_LABEL,
    WEAK_SECTION,
    section_says,
)
from projtrack.read.layout import Layout
from projtrack.read.row_labels import label_columns
from projtrack.read.row_money import NOTEISH, continued_name
from projtrack.read.sections import SHEET as _SHEET
from projtrack.read.sections import breakdown_runs, lead_section, propagate_sections
from projtrack.read.subitems import FUNDING_LINE, PLACE_END, places_and_parents

__all__ = ["LEVELISH", "classify_rows", "classify_sheets"]

LEVELISH = r"重点|^(?:国家|省|市|州|县|区)级?$|^(?:国家|省|市|州|县|区)级"


def classify_rows(frame: pl.DataFrame, layout: Layout) -> pl.DataFrame:
    """The data rows of a sheet with ``_row`` (Excel row), ``_kind`` and section columns.

    ``_kind`` is one of project, section_top, section_sub, subtotal, total, breakdown
    (其中:…), note, header, blank, orphan. A named total ("龙海市合计35个") is a subtotal
    when it closes its block, a section when it heads it. ``_sec_level`` /
    ``_sec_category`` / ``_sec_region`` / ``_sec_stage`` hold what the enclosing sections
    (or the named total closing the block) say. ``_unnamed`` marks a numbered row with
    figures but no name (a project), ``_money`` a row without a name that has figures. Labels are
    compared in normalised form, so 合計 and "(一)" in full width are recognised; names
    are kept as written.
    """
    return classify_sheets([(frame, layout)])[0]


_ROLES = ["_i", "_name", "_seq", "_region", "_label", "_blank", "_hdr", "_hdr2", "_tbl", "_xtbl",
          "_money",
          "_seen", "_far"]  # fmt: skip


# Sheets are classified together in batches of about this many rows: enough to share
# the fixed cost of each query among dozens of small county sheets, small enough that
# the stacked copy of a batch's labels does not raise the peak memory of a large ledger.
BATCH_ROWS = 20_000


def classify_sheets(sheets: Sequence[tuple[pl.DataFrame, Layout]]) -> list[pl.DataFrame]:
    """:func:`classify_rows` for several sheets, with one classification per batch of them.

    Each sheet's label columns are found on the sheet; the classification itself runs
    once over the label columns of a batch of sheets stacked, windows kept within each
    sheet: on a city's dozens of small county sheets each query costs more in overhead
    than in work.
    """
    out: list[pl.DataFrame] = []
    batch: list[tuple[pl.DataFrame, Layout]] = []
    rows = 0
    for frame, layout in sheets:
        body = label_columns(frame, layout)
        if batch and rows + body.height > BATCH_ROWS:
            out += _settled(batch)
            batch, rows = [], 0
        batch.append((body, layout))
        rows += body.height
    return out + (_settled(batch) if batch else [])


def _settled(batch: list[tuple[pl.DataFrame, Layout]]) -> list[pl.DataFrame]:
    """A batch classified, then its weak sections and parents settled on their figures."""

    def again(body: pl.DataFrame) -> Reclassify:
        def run(rows: list[int], tops: list[int], subs: list[int], ends: list[int]) -> pl.DataFrame:
            marks = (("_force", rows), ("_force_top", tops), ("_force_sub", subs),
                     ("_force_close", ends))  # fmt: skip
            forced = body.with_columns(pl.col("_i").is_in(r).alias(c) for c, r in marks)
            return _classify_batch([forced])[0]

        return run

    done = _classify_batch([b for b, _ in batch])
    return [lead_section(settle_heads(d, lay, again(b)), lay.title_lines)
            for d, (b, lay) in zip(done, batch, strict=True)]  # fmt: skip


def _classify_batch(bodies: list[pl.DataFrame]) -> list[pl.DataFrame]:
    """Classify the stacked label columns of ``bodies``; each body gets its own columns back."""
    stacked = pl.concat(
        [
            b.select(
                *_ROLES, *(c for c in _FORCED if c in b.columns), pl.lit(k, pl.Int32).alias(_SHEET)
            )
            for k, b in enumerate(bodies)
        ],
        how="vertical",
    )
    kinds = _classify(stacked).select(_SHEET, *_KIND_COLUMNS)
    parts = kinds.partition_by(_SHEET, maintain_order=True, include_key=False, as_dict=True)
    empty = kinds.clear().drop(_SHEET)
    gone = ["_seq", "_name", "_region", "_blank", "_hdr", "_hdr2", "_tbl", "_xtbl", "_seen",
            *_FORCED]  # fmt: skip
    return [
        body.hstack(parts.get((k,), empty)).drop(gone, strict=False)
        for k, body in enumerate(bodies)
    ]


# Read again as project, top or sub section, or a named total closing the block above.
_FORCED = ("_force", "_force_top", "_force_sub", "_force_close")
_KIND_COLUMNS = ["_kind", "_sec_level", "_sec_category", "_sec_region", "_sec_stage", "_section",
                 "_unnamed", "_child", "_heads", "_weak", "_closes_top"]  # fmt: skip


# A project's own number: 5, 5.0 (a number cell read as text), and 5. / 5、 / 5． as typed
# (the mark is punctuation, not a level: 5.1 is a sub-item, see read/subitems.py).
PLAIN_SEQ = r"^\d+(?:\.0|[.．、])?$"


def _classify(data: pl.DataFrame) -> pl.DataFrame:
    """``_kind`` and the section columns for the stacked label columns of the sheets."""
    # Only labels that could be a section, total or note are normalised (OpenCC is the
    # costly step); a project name is left as it is. Plain 序号 numbers need nothing.
    plain_seq = pl.col("_seq").str.contains(PLAIN_SEQ).fill_null(False)
    odd_seq = ~pl.col("_seq").str.contains(PLAIN_SEQ)  # 一 / (一) / 合计 in 序号
    maybe_special = (
        pl.col("_label").str.contains(SPECIAL_START)
        | pl.col("_label").str.contains(
            r"[(（﹙]\s*共?\s*[0-9０-９]+\s*[个個项項](?:项目|項目)?\s*[)）﹚]$"
        )
        | pl.col("_label").str.contains(NAMED_TOTAL_RAW)
        | odd_seq.fill_null(False)
    )
    candidates = data.select(
        pl.when(maybe_special).then(pl.col("_label")).alias("l"),
        pl.when(odd_seq).then(pl.col("_seq")).alias("s"),
    )
    # Labels and 序号 normalised in one call (one OpenCC conversion for both).
    both = normalize_series(pl.concat([candidates["l"], candidates["s"].alias("l")]))
    data = data.with_columns(
        both.head(data.height).alias("_nlabel"), both.tail(data.height).alias("_nseq")
    )
    label, nseq = pl.col("_nlabel"), pl.col("_nseq")

    seq_top = nseq.str.contains(rf"^[{CN_NUM}]+[、.]?$")
    seq_sub = nseq.str.contains(SUB_SECTION + "$")
    is_top = (
        label.str.contains(TOP_SECTION)
        | seq_top.fill_null(False)
        | (pl.col("_label").str.contains(SPACED_TOP) & pl.col("_seq").is_null())
        | (
            label.str.contains(COUNTED_SECTION)
            & pl.col("_seq").is_null()
            & ~label.str.contains(SUB_SECTION)
        )
    )
    # 旌阳区 alone in the 序号 column (merged across the row), no name, no figures: a heading.
    seq_place = nseq.str.contains(PLACE_END) & (nseq.str.len_chars() <= 8)
    is_top = is_top | (seq_place & pl.col("_name").is_null() & ~pl.col("_money")).fill_null(False)
    is_sub = label.str.contains(SUB_SECTION) | seq_sub.fill_null(False)
    # A section label beyond the leading columns may be a line of 建设内容 ("二、配套工程"):
    # it counts only when it says something a section says (a count, a level, a region).
    far = pl.col("_far") & (is_top | is_sub).fill_null(False)
    said = data.filter(far)["_label"].unique().to_list() if data.select(far.any()).item() else []
    plain = pl.col("_label").is_in([t for t in said if not section_says(t)])
    is_top, is_sub = is_top & ~(far & plain), is_sub & ~(far & plain)
    # A row with a 序号 number and figures but no name is project-like: counted, reported.
    unnamed = pl.col("_name").is_null() & plain_seq & pl.col("_money")
    # Below the sheet's bottom total (a total with a project name above it) a row without
    # a figure is a note (填表说明, "1．年度计划…", even under a 序号); a partial header
    # there starts another table (问题清单), none of whose rows is read.
    is_total = (label.str.contains(TOTAL_LABEL) | nseq.str.contains(TOTAL_LABEL)).fill_null(False)
    named = (pl.col("_name").is_not_null() & label.is_null()).cum_sum().over(_SHEET) > 0
    bottom = pl.col("_i").filter(is_total & named).max().over(_SHEET)
    below = (pl.col("_i") > bottom).fill_null(False)
    # So is a row without a figure after a note heading (填报说明：, 注：) where no total
    # closes the table and no row after it has figures: "1 | 年度计划投资以市发改委下达
    # 计划为准。" is not a project (a 说明 line above projects with figures ends nothing).
    noted = label.str.contains(NOTE_LABEL) | nseq.str.contains(NOTE_LABEL)
    noted = noted | pl.col("_label").str.contains(NOTEISH) | pl.col("_seq").str.contains(NOTEISH)
    # (Only under a named row: a 备注 line right under the header heads a 前期 sheet's rows.)
    named_above = (pl.col("_name").is_not_null() & ~noted.fill_null(False)).cum_sum().over(_SHEET)
    heading = (noted.fill_null(False) & ~pl.col("_money") & (named_above > 0)).alias("h")
    if data.select(heading.any()).item():  # (the windows only where a note heading is)
        after = heading.cast(pl.Int32).cum_sum().over(_SHEET) > 0
        below = below | (after & ~(after & pl.col("_money")).any().over(_SHEET))
    other = below & (pl.col("_i") > pl.col("_i").filter(pl.col("_hdr2") & below).min().over(_SHEET))
    # Another table's own header (问题清单 under the ledger) ends the ledger, total or not.
    if data.select(pl.col("_tbl").any()).item():
        first = pl.col("_i").filter(pl.col("_tbl") & named).min().over(_SHEET)
        other = other | (pl.col("_i") > first)
    template = (
        pl.col("_name").is_null() & plain_seq & ~pl.col("_money") & pl.col("_label").is_null()
    )
    # A weak section its figures show to be a project (read.heads): classified again.
    force, force_top, force_sub, force_close = (pl.col(c) if c in data.columns else pl.lit(False)
                                                for c in _FORCED)  # fmt: skip
    kind = (
        pl.when(pl.col("_blank"))
        .then(pl.lit("blank"))
        .when(pl.col("_hdr"))
        .then(pl.lit("header"))
        .when(other.fill_null(False))
        .then(pl.lit("other_table"))
        .when(pl.col("_xtbl"))
        .then(pl.lit("foreign_header"))
        .when(pl.col("_hdr2") | pl.col("_tbl"))
        .then(pl.lit("header"))
        .when(
            below & pl.col("_seen") & ~pl.col("_money") & ~is_total & pl.col("_label").is_not_null()
        )
        .then(pl.lit("note"))
        # 填表人： | 张三 | 联系电话： | 13812345678 — a signature line whatever its cells hold.
        .when(nseq.str.contains(NOTE_LABEL).fill_null(False))
        .then(pl.lit("note"))
        .when(force)
        .then(pl.lit("project"))
        .when(force_top)
        .then(pl.lit("section_top"))
        .when(force_sub)
        .then(pl.lit("section_sub"))
        .when(force_close)
        .then(pl.lit("named_total"))
        .when(template)
        .then(pl.lit("template"))
        .when(unnamed)
        .then(pl.lit("project"))
        .when(label.str.contains(TOTAL_LABEL) | nseq.str.contains(TOTAL_LABEL))
        .then(pl.lit("total"))
        .when(label.str.contains(SUBTOTAL_LABEL) | nseq.str.contains(SUBTOTAL_LABEL))
        .then(pl.lit("subtotal"))
        # A row with a 序号 number and a name is a project, whatever its name starts with
        # (其中…, 二、期工程, 联系人…): only the total forms above outrank a 序号.
        .when(plain_seq & pl.col("_name").is_not_null())
        .then(pl.lit("project"))
        .when(label.str.contains(BREAKDOWN_LABEL) | pl.col("_name").str.contains(FUNDING_LINE))
        .then(pl.lit("breakdown"))
        .when(label.str.contains(NAMED_TOTAL) & ~plain_seq)
        .then(pl.lit("named_total"))
        .when(label.str.contains(NOTE_LABEL))
        .then(pl.lit("note"))
        .when(is_top.fill_null(False))
        .then(pl.lit("section_top"))
        .when(is_sub.fill_null(False))
        .then(pl.lit("section_sub"))
        # "（含配套道路及管网工程）" alone under a numbered project: its name's second line.
        .when(continued_name(plain_seq))
        .then(pl.lit("note"))
        .when(pl.col("_name").is_not_null())
        .then(pl.lit("project"))
        .otherwise(pl.lit("orphan"))
    )
    data = data.with_columns(kind.alias("_kind"), unnamed.alias("_unnamed"))
    # A weak form (…3个, …：), or numbered like a section but naming its county as projects
    # do (二、三产业融合发展示范园项目 | 罗江区): a project unless its figures are its block's.
    weak = (~force & pl.col("_seq").is_null() & pl.col("_name").is_not_null()) & (
        (label.str.contains(WEAK_SECTION) & ~label.str.contains(BRACKET_COUNT)
         & ~label.str.contains(f"{TOP_SECTION}|{SUB_SECTION}|{NAMED_TOTAL}"))
        | (is_top & pl.col("_region").is_not_null()))  # fmt: skip
    data = places_and_parents(data.with_columns(weak.fill_null(False).alias("_weak")), plain_seq)
    # Below the last project of a sheet everything but totals is the footer (notes,
    # signatures); a row with figures but no label stays an orphan (it is reported).
    project = pl.col("_kind") == "project"
    last = pl.col("_i").filter(project).max().over(_SHEET)
    kept = ["total", "subtotal", "named_total", "breakdown", "blank", "template", "other_table",
            "foreign_header"]  # fmt: skip
    footer = (pl.col("_i") > last).fill_null(False) & ~pl.col("_kind").is_in(kept)
    footer = footer & ~((pl.col("_kind") == "orphan") & pl.col("_money"))
    # Named totals written above their blocks head them (a section); else they close them.
    first = pl.col("_i").filter(project).min().over(_SHEET)
    named = pl.col("_kind") == "named_total"
    leading = (pl.col("_i").filter(named).min().over(_SHEET) < first).fill_null(False)
    leading = leading & ~force_close  # (found closing its block by its figures)
    # So do plain 小计 rows when the first comes before any project and each is followed by
    # a project (旌阳区 | 小计 | figures, the county merged down over its block); one after a
    # section or at the end closes its block (an empty first section's 小计 0).
    sub = pl.col("_kind") == "subtotal"
    after = pl.when(pl.col("_kind") != "blank").then("_kind").shift(-1).backward_fill()
    opens = (sub & (after.over(_SHEET) == "project")).fill_null(False)
    heads_sub = sub & (pl.col("_i").filter(sub).min().over(_SHEET) < first).fill_null(False)
    heads_sub = heads_sub & (opens == sub).all().over(_SHEET)
    has_top = (pl.col("_kind") == "section_top").any().over(_SHEET)
    as_section = pl.when(has_top).then(pl.lit("section_sub")).otherwise(pl.lit("section_top"))
    # A 合计 with projects above it and another total below closes its block (一、… 合计,
    # 二、… 合计, 总计): the sheet's total is the last one. (Projects appended under the
    # only 合计 leave it the total: it is reconciled against them, and the gap shows.)
    total = pl.col("_kind") == "total"
    inner = pl.lit(False)
    totals = data.filter(total).group_by(_SHEET).len()["len"]
    if totals.len() and totals.max() > 1:  # type: ignore[operator]  # (where totals repeat)
        closing = pl.col("_i").filter(total).max().over(_SHEET)
        inner = total & (pl.col("_i") > first).fill_null(False) & (pl.col("_i") < closing)
    data = data.with_columns(
        pl.when(footer)
        .then(pl.lit("note"))
        .when(inner.fill_null(False))
        .then(pl.lit("subtotal"))
        .when((named & leading) | heads_sub)
        .then(as_section)
        .when(named)
        .then(pl.lit("subtotal"))
        .otherwise("_kind")
        .alias("_kind"),
        pl.when(named & ~leading).then(pl.col("_label")).alias("_closes"),
    )
    numbered_seq = (seq_top | seq_sub).fill_null(False)  # 一 | 省重点项目（3个）: a section
    return propagate_sections(breakdown_runs(data, label, plain_seq, numbered_seq))
