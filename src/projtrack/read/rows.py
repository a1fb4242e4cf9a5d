"""Classifying the rows under a header: projects, sections, subtotals, totals, notes.

Done with Polars expressions over the label cells (序号 and 项目名称), so a 100k-row
sheet is classified without a Python loop. Section rows ("一、省重点项目(6个)",
"(一)产业项目") are not projects: they set level or category for the rows below.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from projtrack.read.fields import normalize_series
from projtrack.read.layout import Layout
from projtrack.read.values import clean_text
from projtrack.text import normalize_text

_CN_NUM = "一二三四五六七八九十百零〇"
# First characters (as written, simplified or traditional) of every label that can be a
# section, a total or a note: the cheap test that spares OpenCC the project names.
SPECIAL_START = (
    rf"^(?:[{_CN_NUM}]+\s*[、.,，．]|[(（﹙]"
    r"|[合总總共全汇匯小分本其注註说說备備填审審制联聯负負数數资資报報单單])"
)
# Patterns on the normalised label (simplified, half-width, no spaces).
TOP_SECTION = rf"^[{_CN_NUM}]+[、.,]"
SUB_SECTION = rf"^\([{_CN_NUM}]+\)"
COUNTED_SECTION = r"\(共?\d+个(?:项目)?\)$"
_COUNT = r"(?:\(共?\d+个(?:项目)?\))?"
TOTAL_LABEL = (
    r"^(?:合计|总计|共计|总合计|全(?:县|市|区|州|省)(?:合计|总计)|汇总|全部项目|总体情况)"
    + _COUNT
    + "$"
)
SUBTOTAL_LABEL = r"^(?:小计|分计|本页小计|本页合计)" + _COUNT + "$"
BREAKDOWN_LABEL = r"^其中[:,]?"
NOTE_LABEL = (
    r"^(?:注\d*[:.、]|说明[:]|备注[:]|填报人|填表人|审核人|审核[:]|制表|联系人|"
    r"联系电话|负责人|单位负责人|分管领导|数据来源|资料来源|填报单位|填报日期|报送单位)"
)
# The same on the label as written (for the section name kept as the ledger writes it).
_RAW_PREFIX = (
    rf"^[\s\u3000]*(?:[{_CN_NUM}]+[\s\u3000]*[、.,，．]"
    rf"|[(（][\s\u3000]*[{_CN_NUM}]+[\s\u3000]*[)）])"
)
_RAW_COUNT = (
    r"[(（][\s\u3000]*共?[\s\u3000]*\d+[\s\u3000]*[个個](?:项目|項目)?[\s\u3000]*[)）][\s\u3000]*$"
)
LEVEL_WORDS = (("省重点", "省重点"), ("省级重点", "省重点"), ("市重点", "市重点"),
               ("市级重点", "市重点"), ("县重点", "县重点"), ("县级重点", "县重点"),
               ("区重点", "区重点"), ("区级重点", "区重点"))  # fmt: skip
LEVELISH = r"重点|^(?:国家|省|市|州|县|区)级?$|^(?:国家|省|市|州|县|区)级"


def section_level(name: str) -> str | None:
    """The project level a section name stands for, if any (市级重点项目 → 市重点)."""
    norm = normalize_text(name)
    for word, level in LEVEL_WORDS:
        if word in norm:
            return level
    return None


def _level_expr(norm: pl.Expr) -> pl.Expr:
    """section_level as an expression over normalised names."""
    out = pl.lit(None, pl.String)
    for word, level in reversed(LEVEL_WORDS):
        out = pl.when(norm.str.contains(word, literal=True)).then(pl.lit(level)).otherwise(out)
    return out


def classify_rows(frame: pl.DataFrame, layout: Layout) -> pl.DataFrame:
    """The data rows of a sheet with ``_row`` (Excel row), ``_kind`` and section columns.

    ``_kind`` is one of project, section_top, section_sub, subtotal, total, breakdown
    (其中:…), note, header, blank, orphan. ``_sec_level`` / ``_sec_category`` hold what
    the enclosing sections say. Labels are compared in normalised form, so 合計 and
    "(一)" in full width are recognised; names are kept as written.
    """
    return classify_sheets([(frame, layout)])[0]


_SHEET = "_sheet_k"
_ROLES = ["_i", "_name", "_seq", "_label", "_blank", "_hdr"]


# Sheets are classified together in batches of about this many rows: enough to share
# the fixed cost of each query among dozens of small county sheets, small enough that
# the stacked copy of a batch's labels does not raise the peak memory of a large ledger.
BATCH_ROWS = 20_000


def classify_sheets(sheets: Sequence[tuple[pl.DataFrame, Layout]]) -> list[pl.DataFrame]:
    """:func:`classify_rows` for several sheets, with one classification per batch of them.

    Each sheet's label columns are found on the sheet (its layout says where they are);
    the classification itself (normalising labels, the kind of each row, the footer,
    carrying sections down) runs once over the label columns of a batch of sheets
    stacked, windows kept within each sheet. A city workbook has dozens of small county
    sheets, and on those each Polars query costs more in overhead than in work.
    """
    out: list[pl.DataFrame] = []
    batch: list[pl.DataFrame] = []
    rows = 0
    for frame, layout in sheets:
        body = _label_columns(frame, layout)
        if batch and rows + body.height > BATCH_ROWS:
            out += _classify_batch(batch)
            batch, rows = [], 0
        batch.append(body)
        rows += body.height
    return out + (_classify_batch(batch) if batch else [])


def _classify_batch(bodies: list[pl.DataFrame]) -> list[pl.DataFrame]:
    """Classify the stacked label columns of ``bodies``; each body gets its own columns back."""
    stacked = pl.concat(
        [b.select(*_ROLES, pl.lit(k, pl.Int32).alias(_SHEET)) for k, b in enumerate(bodies)],
        how="vertical",
    )
    kinds = _classify(stacked).select(_SHEET, *_KIND_COLUMNS)
    parts = kinds.partition_by(_SHEET, maintain_order=True, include_key=False, as_dict=True)
    empty = kinds.clear().drop(_SHEET)
    return [
        body.hstack(parts.get((k,), empty)).drop("_seq", "_name", "_blank", "_hdr")
        for k, body in enumerate(bodies)
    ]


_KIND_COLUMNS = ["_kind", "_sec_level", "_sec_category", "_section"]


def _label_columns(frame: pl.DataFrame, layout: Layout) -> pl.DataFrame:
    """The data rows of one sheet with ``_i``, ``_row`` and the label columns of _ROLES."""
    fields = layout.fields()
    start = layout.first_data_row
    data = (
        frame.slice(start)
        .with_row_index("_i")
        .with_columns((pl.col("_i") + start + 1).cast(pl.Int64).alias("_row"))
    )
    value_cols = list(frame.columns)
    name_col = f"c{fields['name'].index}"
    seq_col = f"c{fields['seq'].index}" if "seq" in fields else None
    first_cols = value_cols[: max(3, fields["name"].index + 1)]

    name = clean_text(pl.col(name_col))
    seq = clean_text(pl.col(seq_col)) if seq_col else pl.lit(None, pl.String)
    # The label of a row: the name, else the first text among the leading columns.
    lead = pl.coalesce([clean_text(pl.col(c)) for c in first_cols])
    data = data.with_columns(name.alias("_name"), seq.alias("_seq"))
    return data.with_columns(
        pl.coalesce(pl.col("_name"), lead).alias("_label"),
        *_blank_or_header(data, layout, value_cols, name_col),
    )


def _classify(data: pl.DataFrame) -> pl.DataFrame:
    """``_kind`` and the section columns for the stacked label columns of the sheets."""
    # Only labels that could be a section, total or note are normalised (OpenCC is the
    # costly step); a project name is left as it is. Plain 序号 numbers need nothing.
    odd_seq = ~pl.col("_seq").str.contains(r"^\d+(?:\.0)?$")  # 一 / (一) / 合计 in 序号
    maybe_special = (
        pl.col("_label").str.contains(SPECIAL_START)
        | pl.col("_label").str.contains(
            r"[(（﹙]\s*共?\s*[0-9０-９]+\s*[个個](?:项目|項目)?\s*[)）﹚]$"
        )
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

    seq_top = nseq.str.contains(rf"^[{_CN_NUM}]+[、.]?$")
    seq_sub = nseq.str.contains(SUB_SECTION + "$")
    is_top = (
        label.str.contains(TOP_SECTION)
        | seq_top.fill_null(False)
        | (label.str.contains(COUNTED_SECTION) & nseq.is_null())
    )
    is_sub = label.str.contains(SUB_SECTION) | seq_sub.fill_null(False)
    kind = (
        pl.when(pl.col("_blank"))
        .then(pl.lit("blank"))
        .when(pl.col("_hdr"))
        .then(pl.lit("header"))
        .when(label.str.contains(TOTAL_LABEL) | nseq.str.contains(TOTAL_LABEL))
        .then(pl.lit("total"))
        .when(label.str.contains(SUBTOTAL_LABEL) | nseq.str.contains(SUBTOTAL_LABEL))
        .then(pl.lit("subtotal"))
        .when(label.str.contains(BREAKDOWN_LABEL))
        .then(pl.lit("breakdown"))
        .when(label.str.contains(NOTE_LABEL))
        .then(pl.lit("note"))
        .when(is_top.fill_null(False))
        .then(pl.lit("section_top"))
        .when(is_sub.fill_null(False))
        .then(pl.lit("section_sub"))
        .when(pl.col("_name").is_not_null())
        .then(pl.lit("project"))
        .otherwise(pl.lit("orphan"))
    )
    data = data.with_columns(kind.alias("_kind"))
    # Below the last project of a sheet everything but totals is the footer (notes,
    # signatures).
    last = pl.col("_i").filter(pl.col("_kind") == "project").max().over(_SHEET)
    footer = (pl.col("_i") > last).fill_null(False) & ~pl.col("_kind").is_in(
        ["total", "subtotal", "blank"]
    )
    data = data.with_columns(pl.when(footer).then(pl.lit("note")).otherwise("_kind").alias("_kind"))
    return _propagate_sections(data)


def _blank_or_header(
    data: pl.DataFrame, layout: Layout, value_cols: list[str], name_col: str
) -> list[pl.Expr]:
    """``_blank`` (no value anywhere) and ``_hdr`` (the header repeated, as on each page).

    Both are decided only on the rows that can be one: a blank row has no name, a
    repeated header has the header's own text in the name column. Cleaning every cell of
    every row would cost more than the rest of the classification.
    """
    header_cells = [c.header.split("/")[-1] if c.header else None for c in layout.columns]
    name_header = header_cells[int(name_col[1:])] if int(name_col[1:]) < len(header_cells) else None
    blank = pl.all_horizontal([clean_text(pl.col(c)).is_null() for c in value_cols])
    checks = [clean_text(pl.col(f"c{j}")) == t for j, t in enumerate(header_cells) if t]
    header = pl.all_horizontal(checks) if checks else pl.lit(False)
    suspects = data.filter(pl.col("_name").is_null() | (pl.col("_name") == name_header))
    if suspects.height == 0:
        return [pl.lit(False).alias("_blank"), pl.lit(False).alias("_hdr")]
    marked = suspects.select("_i", blank.alias("b"), header.fill_null(False).alias("h"))
    rows = list(zip(*(marked[c].to_list() for c in ("_i", "b", "h")), strict=True))
    blank_rows = [i for i, b, _ in rows if b]
    header_rows = [i for i, _, h in rows if h]
    return [
        pl.col("_i").is_in(blank_rows).alias("_blank"),
        pl.col("_i").is_in(header_rows).alias("_hdr"),
    ]


def _propagate_sections(data: pl.DataFrame) -> pl.DataFrame:
    """Carry each section's level/category down to its projects; a top section resets subs."""
    top = pl.col("_kind") == "section_top"
    sub = pl.col("_kind") == "section_sub"
    if not data.select((top | sub).any()).item():
        return data.with_columns(
            pl.lit(None, pl.String).alias("_sec_level"),
            pl.lit(None, pl.String).alias("_sec_category"),
            pl.lit(None, pl.String).alias("_section"),
        )
    raw = pl.col("_label")
    name = (
        raw.str.replace(_RAW_PREFIX, "").str.replace(_RAW_COUNT, "").str.strip_chars(" :：\u3000")
    )
    norm = (
        pl.col("_nlabel")
        .str.replace(TOP_SECTION + "|" + SUB_SECTION, "")
        .str.replace(COUNTED_SECTION, "")
    )
    # Names and levels are worked out on the few section rows only, then joined back.
    sections = data.filter(top | sub).select(
        _SHEET, "_i", name.alias("_sname"), _level_expr(norm).alias("_slevel")
    )
    data = data.join(sections, on=[_SHEET, "_i"], how="left", maintain_order="left")
    category = pl.when(pl.col("_slevel").is_null()).then(pl.col("_sname")).otherwise(pl.lit(""))
    level = pl.col("_slevel").fill_null("")
    data = data.with_columns(
        pl.when(top).then(level).forward_fill().over(_SHEET).alias("_t_level"),
        pl.when(top).then(category).forward_fill().over(_SHEET).alias("_t_cat"),
        pl.when(sub).then(level).when(top).then(pl.lit("")).forward_fill().over(_SHEET)
        .alias("_s_level"),
        pl.when(sub).then(category).when(top).then(pl.lit("")).forward_fill().over(_SHEET)
        .alias("_s_cat"),
        pl.when(top | sub).then(pl.col("_sname")).forward_fill().over(_SHEET).alias("_section"),
    )  # fmt: skip
    blank_to_null = lambda c: pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c))  # noqa: E731
    return data.with_columns(
        pl.coalesce(blank_to_null("_s_level"), blank_to_null("_t_level")).alias("_sec_level"),
        pl.coalesce(blank_to_null("_s_cat"), blank_to_null("_t_cat")).alias("_sec_category"),
    ).drop("_sname", "_slevel", "_t_level", "_t_cat", "_s_level", "_s_cat")
