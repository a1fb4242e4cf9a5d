"""The projects a 其中 line names: 其中：省重点项目, 其中：旌阳区（12个）, 其中：续建.

Split from :mod:`projtrack.read.reconcile`. A line names a level, a region, a category or a
stage, written as the ledger's cells may not be: 省级重点 and 省重点项目 are the level
省重点, 德阳市旌阳区 and 旌阳 the county 旌阳区 — as the ranking counts them, so that the
ledger's own breakdown is checked against the figures projtrack prints.
"""

from __future__ import annotations

import re

import polars as pl

from projtrack.read.labels import section_level
from projtrack.read.spellings import label_map
from projtrack.text import normalize_text


def breakdown_members(label: str, projects: pl.DataFrame) -> list[int] | None:
    """Rows of ``projects`` a 其中 label names (by level, region, category or stage)."""
    term = normalize_text(label)
    term = re.sub(r"^其中[:,]?", "", term)
    term = re.sub(r"\(?共?\d+(?:个|项)(?:项目)?\)?$", "", term).strip(":,")
    level = section_level(term)
    if level is not None:
        if projects["level"].null_count() == projects.height:
            return None  # the level of the projects is not known: nothing to compare
        # 省重点 | 省级重点 | 省重点项目 are one level, as the ranking counts them.
        written = projects["level"].drop_nulls().unique().to_list()
        same = [v for v in written if section_level(normalize_text(v)) == level]
        return projects.filter(pl.col("level").is_in(same))["_row"].to_list()
    wanted = {term, re.sub(r"项目$", "", term), term + "项目"} - {""}
    for name in ("region", "category", "stage", "level"):
        if name not in projects.columns:
            continue
        values = projects[name].cast(pl.String)
        norm = values.map_elements(normalize_text, return_dtype=pl.String)
        if name == "region":  # 德阳市旌阳区 | 旌阳 under 其中：旌阳区, as the ranking merges them
            spelled = dict.fromkeys([*norm.drop_nulls().unique().to_list(), *wanted], 1)
            merged = label_map("region", spelled)[0]
            norm = norm.replace_strict(merged, default=norm, return_dtype=pl.String)
            wanted |= {merged.get(w, w) for w in wanted}
        hit = norm.is_in(list(wanted))
        if hit.any():
            return projects.filter(hit)["_row"].to_list()
    return None
