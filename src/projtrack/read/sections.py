"""Carrying sections down: what each section or named total sets on the rows it covers.

The rows come classified by :mod:`projtrack.read.rows` (``_kind``, ``_label``,
``_closes``), several sheets stacked and told apart by the ``SHEET`` column; a section's
name (numbering, count and 合计 removed) is read as a level, region or category by
:func:`projtrack.read.labels.section_role`, and as a stage (建设性质) besides by
:func:`projtrack.read.labels.section_stage` (新开工项目 is both the block's name and the
stage of its rows).
"""

from __future__ import annotations

import re

import polars as pl

from projtrack.read.labels import (
    AREA_END,
    BREAKDOWN_FAMILIES,
    COUNTY_END,
    NOT_A_BLOCK,
    OFFICE_OF_A_PLACE_WORDS,
    OWN_LEVEL,
    PLACE_OFFICE,
    RAW_COUNT,
    RAW_PREFIX,
    RAW_TOTAL_WORD,
    SECTION_AGENCY,
    SUB_SECTION,
    TOP_SECTION,
    TOWN_END,
    section_role,
    section_stage,
)
from projtrack.text import normalize_text

__all__ = ["SHEET", "propagate_sections"]

SHEET = "_sheet_k"


def _section_name(raw: pl.Expr) -> pl.Expr:
    """A section's (or named total's) name as written: no numbering, count or 合计."""
    return (
        raw.str.replace(RAW_PREFIX, "")
        .str.replace(RAW_COUNT, "")
        .str.replace(RAW_TOTAL_WORD, "")
        .str.strip_chars(" :：\u3000】]〕")
    )


def _roles(names: pl.Series) -> tuple[dict[str, str], ...]:
    """For each distinct section name, the level, category, region and stage it sets."""
    out: tuple[dict[str, str], ...] = ({}, {}, {}, {})
    for name in names.drop_nulls().unique().to_list():
        role = section_role(name)
        if role is not None:
            out[("level", "category", "region").index(role[0])][name] = role[1]
        if (stage := section_stage(name)) is not None:
            out[3][name] = stage
    return out


def propagate_sections(data: pl.DataFrame) -> pl.DataFrame:
    """Carry each section's level/category/region down to its projects.

    A top section resets its subs. A named total that closes a block ("龙海市合计") gives
    its name to the rows since the previous section, 合计 or 小计, where no section did.
    """
    top = pl.col("_kind") == "section_top"
    sub = pl.col("_kind") == "section_sub"
    closes = pl.col("_closes").is_not_null()
    out = ["_sec_level", "_sec_category", "_sec_region", "_sec_stage", "_section"]
    if not data.select((top | sub | closes).any()).item():
        return data.with_columns(
            *(pl.lit(None, pl.String).alias(c) for c in out), pl.lit(False).alias("_closes_top")
        ).drop("_closes")
    # Names and roles are worked out on the few section rows only, then joined back.
    named = _section_name(pl.col("_label"))
    # A named total names a block only when its prefix is a name (not 2024年投资合计).
    named = pl.when(closes & named.str.contains(NOT_A_BLOCK.pattern)).then(None).otherwise(named)
    sections = data.filter(top | sub | closes).select(SHEET, "_i", named.alias("_sname"))
    levels, categories, regions, stages = _roles(sections["_sname"])
    sections = sections.with_columns(
        pl.col("_sname").replace_strict(m, default=None, return_dtype=pl.String).alias(f"_s{k}")
        for k, m in (("level", levels), ("cat", categories), ("region", regions),
                     ("stage", stages))
    )  # fmt: skip
    sections = _offices_among_departments(sections)
    data = data.join(sections, on=[SHEET, "_i"], how="left", maintain_order="left")
    data = data.with_columns(
        pl.when(top).then(pl.col("_sname")).forward_fill().over(SHEET).alias("_section_top"),
        pl.when(top | sub).then(pl.col("_sname")).forward_fill().over(SHEET).alias("_section"),
    )
    stop = pl.col("_kind").is_in(["section_top", "section_sub", "subtotal", "total"])
    exprs = []
    for k, name in (("level", "_sec_level"), ("cat", "_sec_category"), ("region", "_sec_region"),
                    ("stage", "_sec_stage")):  # fmt: skip
        own = pl.col(f"_s{k}").fill_null("")
        t = pl.when(top).then(own).forward_fill().over(SHEET)
        s = pl.when(sub).then(own).when(top).then(pl.lit("")).forward_fill().over(SHEET)
        # The block a named total closes: the rows after the previous stop, up to it.
        c = pl.when(stop).then(pl.when(closes).then(own).otherwise(pl.lit(""))).backward_fill()
        value = pl.coalesce(_nonblank(s), _nonblank(t), _nonblank(c.over(SHEET)))
        if k == "region":  # 一、旌阳区 over （一）黄许镇: the county, the towns being its parts
            county = (t.str.contains(COUNTY_END) & ~t.str.contains(AREA_END)).fill_null(False)
            # … on a city's sheet of several counties; one county's towns stay its units.
            several = pl.when(county).then(t).drop_nulls().n_unique().over(SHEET) > 1
            town = s.str.contains(TOWN_END).fill_null(False)
            value = pl.when(county & town & several).then(t).otherwise(value)
        exprs.append(value.alias(name))
    # 旌阳区合计 under 一、旌阳区 (after its towns' 小计): it closes the whole county's block.
    closes_top = (closes & (pl.col("_sname") == pl.col("_section_top"))).fill_null(False)
    return data.with_columns(*exprs, closes_top.alias("_closes_top")).drop(
        "_sname", "_slevel", "_scat", "_sregion", "_sstage", "_section_top", "_closes"
    )


def _offices_among_departments(sections: pl.DataFrame) -> pl.DataFrame:
    """一、县住建局 | 二、县交通运输局 | 三、县经开区管委会: beside departments, a place's
    office is a department too (the unit answering for its projects, see
    ``sheetsets.section_unit``), not a county to rank its two projects against none; so is
    a 县直部门 section there a heading among departments (its category, as before), while
    beside towns or counties it is the level's own unit (a region, labels.OWN_LEVEL; 市本级
    and 县直 stay regions everywhere, as they were)."""
    cat, name = pl.col("_scat"), pl.col("_sname")
    strict = cat.str.contains(SECTION_AGENCY) & ~cat.str.contains(OFFICE_OF_A_PLACE_WORDS)
    own = name.str.strip_chars().str.contains(OWN_LEVEL) & name.str.contains(r"(?:部门|单位)\s*$")
    office = name.str.contains(PLACE_OFFICE) | own
    office = office.fill_null(False) & strict.fill_null(False).any().over(SHEET)
    return sections.with_columns(
        pl.when(office).then(None).otherwise(pl.col("_sregion")).alias("_sregion"),
        pl.when(office).then(name).otherwise(cat).alias("_scat"),
    )


def _nonblank(expr: pl.Expr) -> pl.Expr:
    return pl.when(expr == "").then(None).otherwise(expr)


_COUNTY_PART = r"^(?:其中:?)?[^\W\d]{1,8}?" + COUNTY_END


def _breakdown_words(data: pl.DataFrame, candidate: pl.Expr) -> dict[str, str]:
    """Labels (as written → normalised) of the project-like rows that read as a later line
    of a 其中 breakdown (市重点项目, 2.县重点项目), in a family of words a 其中 line of the
    sheets names (:data:`BREAKDOWN_FAMILIES`); few rows, so each is normalised alone."""
    heads = data.filter(pl.col("_kind") == "breakdown")["_label"].drop_nulls().to_list()
    said = [normalize_text(t).split("(")[0] for t in heads]
    families = [f for f in BREAKDOWN_FAMILIES if any(re.search(f, t) for t in said)]
    # 其中：旌阳区 | 罗江区 | 中江县: a breakdown by county continues with other counties.
    if any(re.search(_COUNTY_PART, t) for t in said):
        families.append(_COUNTY_PART)
    labels = data.filter(candidate)["_label"].drop_nulls().unique().to_list()
    normal = {t: normalize_text(t) for t in labels}
    return {t: n for t, n in normal.items() if any(re.search(f, n) for f in families)}


def breakdown_runs(
    data: pl.DataFrame, label: pl.Expr, plain_seq: pl.Expr, numbered_seq: pl.Expr
) -> pl.DataFrame:
    """Rows continuing a 其中 line: 总计 | 其中：省重点项目（4个） | 市重点项目（4个） | 县重点项目…
    — the rows right after it with figures, no 序号 and no numbering of their own are parts
    of the same breakdown, not sections heading the projects below (false mismatches).

    Numbering is a section's wherever it stands: ``一 | 省重点项目（3个）`` (the numeral in
    序号, ``numbered_seq``) heads its projects as ``一、省重点项目`` does; read as a last
    line of the breakdown above, its projects lost their level without a word. So does a
    row naming another family of words than the breakdown's (其中：新开工项目 |
    续建项目, then 省重点项目（3个） over its projects: a level is no stage)."""
    breakdown = pl.col("_kind") == "breakdown"
    if not data.select(breakdown.any()).item():
        return data
    loose = pl.col("_money") & ~plain_seq.fill_null(False) & ~numbered_seq.fill_null(False)
    # (A later line after the table's total may have been taken for a footer note.)
    listed = pl.col("_kind").is_in(["project", "note"])
    words = _breakdown_words(data, loose & listed)
    label = pl.coalesce(label, pl.col("_label").replace_strict(words, default=None))
    part = loose & (
        (pl.col("_kind").is_in(["section_top", "section_sub", "named_total", "subtotal"])
         & ~label.str.contains(f"{TOP_SECTION}|{SUB_SECTION}").fill_null(False))
        | (listed & pl.col("_label").is_in(list(words)))
    )  # fmt: skip
    starts = ~(part | (pl.col("_kind") == "blank"))
    # The same name again (其中：省重点项目 … 市重点项目, then 省重点项目 over its projects)
    # is a section of the table, and the breakdown ended before it.
    key = label.str.replace(r"^其中[:：]?", "").str.replace(r"[(（][^()（）]*[)）]$", "")
    data = data.with_columns(
        starts.cast(pl.Int32).cum_sum().over(SHEET).alias("_run"), key.alias("_key")
    )
    again = (pl.col("_key").cum_count().over([SHEET, "_run", "_key"]) > 1) & pl.col(
        "_key"
    ).is_not_null()
    other = _other_family(data, label, part | breakdown)
    ended = (again | other).cast(pl.Int32).cum_max().over([SHEET, "_run"]) > 0
    led = pl.col("_kind").first().over([SHEET, "_run"]) == "breakdown"
    kind = pl.when(part & led & ~ended).then(pl.lit("breakdown")).otherwise("_kind")
    return data.with_columns(kind.alias("_kind")).drop("_run", "_key")


def _other_family(data: pl.DataFrame, label: pl.Expr, lines: pl.Expr) -> pl.Expr:
    """Lines of a run (``lines``: the 其中 row and those continuing it; ``label``
    normalised) naming a family of :data:`BREAKDOWN_FAMILIES` (levels, stages, kinds,
    funds) other than the one its 其中 line names; false where either names none (其中：
    alone, 工业项目), so that only a plain clash ends the breakdown."""
    said = data.select(pl.when(lines).then(label).alias("l"))["l"].drop_nulls().unique()
    family: dict[str, int] = {}
    for norm in said.to_list():
        bare = re.sub(RAW_COUNT_NORM, "", norm)
        found = next((k for k, f in enumerate(BREAKDOWN_FAMILIES) if re.search(f, bare)), None)
        if found is not None:
            family[norm] = found
    if not family:
        return pl.lit(False)
    own = pl.when(lines).then(label).replace_strict(family, default=None, return_dtype=pl.Int32)
    lead = own.first().over([SHEET, "_run"])
    return (own != lead).fill_null(False)


# A count ending a normalised label: (3个), 3个, (共3个项目).
RAW_COUNT_NORM = r"\(?共?\d+(?:个|项)(?:项目)?\)?$"


# A title line that is the first of a sheet's numbered sections: 一、黄许镇 right above the
# header of the first of several stacked tables (二、孝泉镇 | its header | … below).
_FIRST_SECTION = re.compile(r"^[\s\u3000]*(?:一[、.，．]|[(（]一[)）]|第一(?:部分|类|批))")


def lead_section(body: pl.DataFrame, title_lines: list[str]) -> pl.DataFrame:
    """``body`` with the rows above its first top section given what the last title line
    says, when that line opens the sheet's numbered sections (一、黄许镇 over the header,
    二、孝泉镇 further down): else those rows stood under no section (their town lost)."""
    if not title_lines or not _FIRST_SECTION.match(title_lines[-1]):
        return body
    tops = body.filter(pl.col("_kind") == "section_top")["_label"].drop_nulls()
    if tops.len() == 0 or not tops.str.contains(r"^[\s\u3000]*(?:二|[(（]二)").any():
        return body
    name = re.sub(RAW_COUNT, "", _FIRST_SECTION.sub("", title_lines[-1])).strip()
    role = section_role(name)
    if role is None:
        return body
    column = {"level": "_sec_level", "category": "_sec_category", "region": "_sec_region"}[role[0]]
    said = [(column, role[1])]
    if (stage := section_stage(name)) is not None:
        said.append(("_sec_stage", stage))
    first = body.filter(pl.col("_kind") == "section_top")["_i"].min()
    return body.with_columns(
        pl.when((pl.col("_i") < first) & pl.col(c).is_null()).then(pl.lit(v)).otherwise(c).alias(c)
        for c, v in said
    )
