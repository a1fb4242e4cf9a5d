"""Rows that head other rows inside a table: numbered county headings and parent projects.

Published ledgers number a project's 标段 or phases under it (2 → 2.1, 2.2; （1）; ①) and
sometimes number the counties themselves (1 | 旌阳区 over 1-1, 1-2). Which row is counted —
the parent or its sub-items — decides every total, so it is settled here, on the rows
:mod:`projtrack.read.rows` has classified, before sections are carried down.
"""

from __future__ import annotations

import re

import polars as pl

from projtrack.read.labels import BREAKDOWN_FAMILIES, section_role
from projtrack.read.sections import SHEET as _SHEET
from projtrack.text import normalize_text

# The words of a level, stage or kind (省重点项目, 新开工项目, 产业类项目): a row so named
# without a 序号 among numbered projects heads a block (the funding words never do).
_BLOCK_WORDS = BREAKDOWN_FAMILIES[:3]
# A cheap test on the name as written (simplified or traditional) before the exact one: a
# ledger without 序号 has 100,000 unnumbered names, and normalising each costs seconds.
_BLOCK_HINT = (
    r"重[点點]|新[开開]工|[续續]建|竣工|投[产產]|在建|前期|[储儲][备備]|[产產][业業]"
    r"|基[础礎][设設]施|民生|社[会會]事|政府投|企[业業]投|民[间間]投|社[会會]投|重大"
)


def _block_word(name: str) -> bool:
    """A name that is only a level, stage or kind word (a closed list: no project name)."""
    norm = normalize_text(name)
    return any(re.search(family, norm) for family in _BLOCK_WORDS)


# 序号 of a sub-item under a numbered project: 1.1, 1-2, (1), ①.
_CHILD_SEQ = r"^(?:\d+[.．-]\d+|[(（]\d+[)）]|[\u2460-\u2473\u3251-\u325f])$"
_CIRCLED_NAME = r"^\s*[\u2460-\u2473\u3251-\u325f]\s*\S"


def circled() -> pl.Expr:
    """A row numbered in its name, 序号 blank (①凯江东岸提升工程): maybe a sub-item."""
    return pl.col("_seq").is_null() & pl.col("_name").str.contains(_CIRCLED_NAME)


# A project's money split by source on numbered lines (①中央资金, ②地方配套): a breakdown.
FUNDING_LINE = (
    r"^\s*[\u2460-\u2473\u3251-\u325f(（]?\d*[)）]?\s*(?:其中[:：]?)?"
    r"(?:中央|省级?|市级?|县级?|区级?|地方|财政|政府|专项|企业|银行|社会|上级)?"
    r"(?:预算内|财政)?(?:资金|投资|配套(?:资金)?|债券(?:资金)?|专项债(?:券)?(?:资金)?"
    r"|贷款|自筹(?:资金)?|补助(?:资金)?)\s*$"
)


# The end of a place name as written (a cheap test before section_role): 旌阳区, 黄许镇.
PLACE_END = (
    r"(?:县|市|区|旗|州|盟|镇|乡|街道|本级|市直|县直|区直|管委会|縣|區|鎮|鄉)(?:项目|項目)?\s*$"
)


# Names ending like a place that are projects: 旌东安置小区, 物流园区, 景区, 片区改造.
NOT_A_PLACE = (
    r"(?:小区|园区|景区|片区|社区|校区|厂区|矿区|库区|港区|营区|站区|服务区|示范区|功能区|保税区)$"
    r"|项目|工程|建设|改造|安置|产业|新建|扩建"
)


def _loose_places(data: pl.DataFrame, project: pl.Expr, numbered: pl.Expr) -> pl.Series:
    """``_i`` of the rows of sheets without 序号 that may head their place's projects: a
    place-like name with figures, projects below it. Worked out on the few rows with
    figures and no 序号 (the name tests cost on 100,000 project names)."""
    some = pl.col("_money") & pl.col("_seq").is_null() & pl.col("_name").is_not_null()
    if not data.select(some.any()).item():  # most ledgers: no named row with figures and no 序号
        return pl.Series("_i", [], pl.UInt32)
    forced = pl.col("_force") if "_force" in data.columns else pl.lit(False)  # its figures said
    base = project & pl.col("_seq").is_null() & ~numbered & ~pl.col("_unnamed") & ~forced
    last = pl.col("_i").filter(project).max().over(_SHEET)
    rows = data.select("_i", "_name", (base & pl.col("_money")).alias("b"), last.alias("last"))
    rows = rows.filter(pl.col("b") & (pl.col("_i") < pl.col("last")))
    name = pl.col("_name").str.replace_all(r"\s", "")
    place = name.str.len_chars().le(8) & name.str.contains(PLACE_END)
    return rows.filter(place & ~name.str.contains(NOT_A_PLACE))["_i"]


def _closes_its_place(places: list[str]) -> pl.Expr:
    """The place row names the 县(市、区) of the nearest project above it, within the same
    section, and not that of the next project below (which it would head)."""
    project = (pl.col("_kind") == "project") & ~pl.col("_name").is_in(places)
    block = pl.col("_kind").str.starts_with("section").cum_sum().over(_SHEET)
    region = pl.when(project).then(pl.col("_region"))
    above = region.forward_fill().shift(1).over(_SHEET, block)
    below = region.backward_fill().shift(-1).over(_SHEET)
    name = pl.col("_name")
    return ((name == above) & ((name != below) | below.is_null())).fill_null(False)


def places_and_parents(data: pl.DataFrame, plain_seq: pl.Expr) -> pl.DataFrame:
    """Rows read as projects that head others: county headings and parent projects.

    Where the sheet numbers its projects, a row without a 序号 whose name is a place
    (旌阳区, 黄许镇: :func:`section_role` says region) heads that place's projects: a
    section; on a sheet without 序号 it does when its figures are their sum. A numbered
    row followed at once by sub-numbered rows (2 → 2.1, 2.2; (1); ①) is a ``parent``:
    its sub-items are the projects, its figures are their sum (checked on reconciling; a
    parent that does not add up is refused). A section by a weak form (续建项目3个,
    续建项目：, no brackets) heads its rows the same way, once :mod:`projtrack.read.heads`
    has found it a section (else it is a project so named).
    """

    project = pl.col("_kind") == "project"
    numbered = (plain_seq & pl.col("_name").is_not_null()).any().over(_SHEET)
    bare = project & pl.col("_seq").is_null() & numbered & ~pl.col("_unnamed")
    # A sub-item may carry its number in the name instead (序号 blank, ①凯江东岸提升工程)
    # when it has figures of its own; without, ①河道清淤3公里 only describes its parent.
    numbered_name = circled() & pl.col("_money")
    child = (pl.col("_seq").str.contains(_CHILD_SEQ) | numbered_name).fill_null(False) & project
    parent = project & plain_seq & child.shift(-1).over(_SHEET).fill_null(False)
    # 1 | 旌阳区 | subtotals over 1-1, 1-2: a numbered place over sub-numbered rows heads
    # that place's projects as a bare 旌阳区 row does (else the county is lost) — when every
    # numbered row of the sheet is such a place; beside numbered projects (3 | 丁项目) a
    # heading would run on over them, so the place stays a parent.
    # On a sheet without 序号 a place row with figures (旌阳区 | subtotals) is a weak heading:
    # they decide (read/heads.py) — the sum of the rows under it heads them, else a project;
    # without figures it stays a project (物流园区项目, planned, has none yet).
    loose_rows = _loose_places(data, project, numbered)
    loose = pl.col("_i").is_in(loose_rows.implode()) if loose_rows.len() else pl.lit(False)
    data = data.with_columns(child.alias("_child"), parent.alias("_parent"))
    child, parent = pl.col("_child"), pl.col("_parent")
    names = data.filter(bare | parent | loose)["_name"].unique().to_list()
    places = [n for n in names if (section_role(n) or ("", ""))[0] == "region"]
    # 新开工项目 | figures, 序号 blank, over projects: it heads them as 一、新开工项目 would
    # (its figures their subtotal, reconciled); counted, it doubled their sum.
    unnumbered = project & pl.col("_seq").is_null() & ~pl.col("_unnamed")
    maybe = (
        unnumbered
        & pl.col("_name").str.contains(_BLOCK_HINT)
        & (pl.col("_name").str.len_chars() <= 16)
    )
    words = [n for n in data.filter(maybe)["_name"].unique().to_list() if _block_word(n)]
    word = pl.col("_name").is_in(words).fill_null(False)
    last = pl.col("_i").filter(project & ~word).max().over(_SHEET)  # the last real project
    # (Not on a sheet of such rows alone: a 汇总 sheet of 工业项目 | 基础设施项目 sums.)
    block = unnumbered & word & ((project & ~word).sum().over(_SHEET) >= 2)
    weak_section = pl.col("_weak") & pl.col("_kind").str.starts_with("section")
    if not places and not words:  # most ledgers: parents at most, no heading to make
        kind = pl.when(parent).then(pl.lit("parent")).otherwise("_kind")
        heads = (parent | weak_section).alias("_heads")
        return data.with_columns(kind.alias("_kind"), heads).drop("_parent")
    in_places = pl.col("_name").is_in(places)
    by_place = (~(project & plain_seq) | (parent & in_places)).all().over(_SHEET)
    # (A heading read.heads found by its figures is a sibling of these, not their top.)
    found = pl.col("_force_top") if "_force_top" in data.columns else pl.lit(False)
    has_top = ((pl.col("_kind") == "section_top") & ~found).any().over(_SHEET)
    heading = pl.when(has_top).then(pl.lit("section_sub")).otherwise(pl.lit("section_top"))
    place = (bare | (parent & by_place)) & in_places
    # 旌阳区 | subtotals *after* the 旌阳区 projects (their 县 column says so): it closes them.
    closing = (bare & in_places & pl.col("_money") & _closes_its_place(places)).fill_null(False)
    place = place & ~closing
    weak = loose & in_places
    # Two block words in a row (合计 | 新开工项目 | 续建项目, then the projects), or one under
    # the last project, split the total as 其中 lines do: no heading over an empty block. A
    # lone one heads its block; its figures are checked as a section's (said, not refused).
    flag = pl.when(pl.col("_kind") != "blank").then(block)
    paired = flag.shift(1).forward_fill().over(_SHEET) | flag.shift(-1).backward_fill().over(_SHEET)
    split = block & (paired.fill_null(False) | (pl.col("_i") >= last))  # (or below them all)
    kind = (
        pl.when(closing).then(pl.lit("subtotal")).when(split).then(pl.lit("breakdown"))
        .when(place | weak | block).then(heading).when(parent).then(pl.lit("parent"))
    )  # fmt: skip
    return data.with_columns(
        kind.otherwise("_kind").alias("_kind"),
        (place | parent | weak_section).alias("_heads"),
        (pl.col("_weak") | weak).alias("_weak"),
    ).drop("_parent")
