"""Classifying the rows under a header: projects, sections, subtotals, totals, notes.

Done with Polars expressions over the label cells (序号 and 项目名称), so a 100k-row
sheet is classified without a Python loop. Section rows ("一、省重点项目(6个)",
"(一)产业项目") are not projects: they set level or category for the rows below.
"""

from __future__ import annotations

import re

import polars as pl

from .fields import normalize_text
from .layout import Layout
from .values import clean_text

_CN_NUM = "一二三四五六七八九十百零〇"
TOP_SECTION = rf"^[{_CN_NUM}]+\s*[、.,，．]"
SUB_SECTION = rf"^[(（]\s*[{_CN_NUM}]+\s*[)）]"
COUNTED_SECTION = r"[(（]\s*共?\s*\d+\s*个(?:项目)?\s*[)）]$"
TOTAL_LABEL = r"^(?:合计|总计|共计|总合计|全(?:县|市|区|省)合计|汇总|全部项目|总体情况)$"
SUBTOTAL_LABEL = r"^(?:小计|分计|本页小计)$"
NOTE_LABEL = (
    r"^(?:注\s*[:：\d]|说明[:：]|备注[:：]|填报人|填表人|审核人|审核[:：]|制表|联系人|"
    r"联系电话|负责人|单位负责人|分管领导|数据来源|资料来源|填报单位|填报日期|报送单位)"
)
LEVEL_WORDS = (("省重点", "省重点"), ("省级重点", "省重点"), ("市重点", "市重点"),
               ("市级重点", "市重点"), ("县重点", "县重点"), ("县级重点", "县重点"),
               ("区重点", "区重点"))  # fmt: skip


def section_name(label: str) -> str:
    """The name a section row gives: "一、省重点项目(6个)" → "省重点项目"."""
    text = re.sub(TOP_SECTION + "|" + SUB_SECTION, "", label.strip())
    text = re.sub(COUNTED_SECTION, "", text)
    return text.strip(" :：")


def section_level(name: str) -> str | None:
    """The project level a section name stands for, if any (市级重点项目 → 市重点)."""
    norm = normalize_text(name)
    for word, level in LEVEL_WORDS:
        if word in norm:
            return level
    return None


def classify_rows(frame: pl.DataFrame, layout: Layout) -> pl.DataFrame:
    """The data rows of a sheet with ``_row`` (Excel row), ``_kind`` and section columns.

    ``_kind`` is one of project, section, subtotal, total, note, header, blank, orphan.
    ``_sec_level`` / ``_sec_category`` hold what the enclosing sections say.
    """
    fields = layout.fields()
    start = layout.first_data_row
    data = (
        frame.slice(start)
        .with_row_index("_i")
        .with_columns((pl.col("_i") + start + 1).cast(pl.Int64).alias("_row"))
    )
    value_cols = [c for c in frame.columns]
    name_col = f"c{fields['name'].index}"
    seq_col = f"c{fields['seq'].index}" if "seq" in fields else None
    first_cols = value_cols[: max(3, fields["name"].index + 1)]

    name = clean_text(pl.col(name_col))
    seq = clean_text(pl.col(seq_col)) if seq_col else pl.lit(None, pl.String)
    # The label of a row: the name, else the first text among the leading columns.
    lead = pl.coalesce([clean_text(pl.col(c)) for c in first_cols])
    label = pl.coalesce(name, lead)
    compact = label.str.replace_all(r"[\s\u3000]", "")
    seq_compact = seq.str.replace_all(r"[\s\u3000]", "")
    is_blank = pl.all_horizontal([clean_text(pl.col(c)).is_null() for c in value_cols])

    header_cells = [c.header.split("/")[-1] if c.header else None for c in layout.columns]
    repeat_checks = [
        clean_text(pl.col(f"c{j}")) == text for j, text in enumerate(header_cells) if text
    ]
    is_header = pl.all_horizontal(repeat_checks) if repeat_checks else pl.lit(False)

    seq_top = seq_compact.str.contains(rf"^[{_CN_NUM}]+[、.]?$")
    seq_sub = seq_compact.str.contains(SUB_SECTION + "$")
    is_top = (
        compact.str.contains(TOP_SECTION)
        | (seq_top.fill_null(False))
        | (compact.str.contains(COUNTED_SECTION) & seq.is_null())
    )
    is_sub = compact.str.contains(SUB_SECTION) | seq_sub.fill_null(False)
    kind = (
        pl.when(is_blank)
        .then(pl.lit("blank"))
        .when(is_header)
        .then(pl.lit("header"))
        .when(compact.str.contains(TOTAL_LABEL) | seq_compact.str.contains(TOTAL_LABEL))
        .then(pl.lit("total"))
        .when(compact.str.contains(SUBTOTAL_LABEL) | seq_compact.str.contains(SUBTOTAL_LABEL))
        .then(pl.lit("subtotal"))
        .when(compact.str.contains(NOTE_LABEL))
        .then(pl.lit("note"))
        .when(is_top.fill_null(False))
        .then(pl.lit("section_top"))
        .when(is_sub.fill_null(False))
        .then(pl.lit("section_sub"))
        .when(name.is_not_null())
        .then(pl.lit("project"))
        .otherwise(pl.lit("orphan"))
    )
    data = data.with_columns(kind.alias("_kind"), label.alias("_label"))
    # Below the last project everything but totals is the footer (notes, signatures).
    projects = data.filter(pl.col("_kind") == "project")["_i"]
    if projects.len():
        last = projects.max()
        footer = (pl.col("_i") > last) & ~pl.col("_kind").is_in(["total", "subtotal", "blank"])
        data = data.with_columns(
            pl.when(footer).then(pl.lit("note")).otherwise("_kind").alias("_kind")
        )
    return _propagate_sections(data)


def _propagate_sections(data: pl.DataFrame) -> pl.DataFrame:
    """Carry each section's level/category down to its projects; a top section resets subs."""
    kinds = data["_kind"]
    if not kinds.is_in(["section_top", "section_sub"]).any():
        return data.with_columns(
            pl.lit(None, pl.String).alias("_sec_level"),
            pl.lit(None, pl.String).alias("_sec_category"),
            pl.lit(None, pl.String).alias("_section"),
        )
    names = [
        section_name(lbl) if k in ("section_top", "section_sub") else None
        for k, lbl in zip(kinds.to_list(), data["_label"].to_list(), strict=True)
    ]
    levels = [section_level(n) if n else None for n in names]
    data = data.with_columns(
        pl.Series("_sname", names, pl.String),
        pl.Series("_slevel", levels, pl.String),
    )
    top = pl.col("_kind") == "section_top"
    sub = pl.col("_kind") == "section_sub"
    category = pl.when(pl.col("_slevel").is_null()).then(pl.col("_sname")).otherwise(pl.lit(""))
    level = pl.col("_slevel").fill_null("")
    data = data.with_columns(pl.col("_kind").eq("section_top").cum_sum().alias("_top_id"))
    data = data.with_columns(
        pl.when(top).then(level).forward_fill().alias("_t_level"),
        pl.when(top).then(category).forward_fill().alias("_t_cat"),
        pl.when(sub).then(level).when(top).then(pl.lit("")).forward_fill().alias("_s_level"),
        pl.when(sub).then(category).when(top).then(pl.lit("")).forward_fill().alias("_s_cat"),
        pl.when(top | sub).then(pl.col("_sname")).forward_fill().alias("_section"),
    )
    blank_to_null = lambda c: pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c))  # noqa: E731
    return data.with_columns(
        pl.coalesce(blank_to_null("_s_level"), blank_to_null("_t_level")).alias("_sec_level"),
        pl.coalesce(blank_to_null("_s_cat"), blank_to_null("_t_cat")).alias("_sec_category"),
    ).drop("_sname", "_slevel", "_top_id", "_t_level", "_t_cat", "_s_level", "_s_cat")
