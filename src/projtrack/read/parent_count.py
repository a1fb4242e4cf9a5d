"""A parent project counted once, when the ledger's own counts say so.

A numbered project over sub-numbered rows (6 苍溪至阆中快速通道 over 6.1 一标段, 6.2 二标段)
is read as a parent whose sub-items are the projects: where they are projects of their own
under a grouping row (a road's sections in two counties, a row with no figures over them)
that is right. But most often the rows are one project's 标段 or 子项, and the ledger says
so: its 合计（8个） and 新开工项目（4个） count the parent once. Counting the parts, the
brief said 9 个重点项目 while the money (the parent's, the sum of its parts) was right.

So the counts the ledger states decide: when every stated count of its 合计, 小计 and
sections agrees with counting each parent once and not every one agrees with counting the
parts, the parent is the project and its rows are ``subitem`` (not counted; the parent's
figures are still checked against theirs on reconciling). Only a parent whose figures cover
every money column its parts fill can be counted so — else money the parts hold would be
lost — and with no stated count nothing changes.
"""

from __future__ import annotations

import polars as pl

from projtrack.read.labels import BLOCK_ENDS, stated_count
from projtrack.read.values import clean_text

__all__ = ["count_parents_once", "sub_items"]

_MARKS = ("total", *BLOCK_ENDS)  # the rows whose stated counts are compared


def sub_items(kinds: list[str], child: list[bool]) -> dict[int, list[int]]:
    """Each parent row (position) → the positions of the sub-items right under it."""
    found: dict[int, list[int]] = {}
    for k, kind in enumerate(kinds):
        if kind == "parent":
            kids = []
            for j in range(k + 1, len(kinds)):
                if not child[j]:
                    break
                kids.append(j)
            found[k] = kids
    return found


def count_parents_once(body: pl.DataFrame, money: list[str], owners: list[str]) -> pl.DataFrame:
    """``body`` (one classified sheet, its money in the columns ``money``) with its parents
    read as the projects and their sub-items as ``subitem`` rows, when the stated counts
    agree with that reading and not with counting the sub-items.

    A parent whose unit cell (县(市、区), 责任单位: ``owners``) is blank takes its parts' unit
    when they name one (its road was in no county, and 旌阳区 left the ranking); parts in
    different units are projects of their own, never one parent's."""
    kinds = body["_kind"].to_list()
    if "parent" not in kinds:
        return body
    labels = body["_label"].to_list()
    stated = {k: n for k, kind in enumerate(kinds)
              if kind in _MARKS and (n := stated_count(labels[k])) is not None}  # fmt: skip
    if not stated:
        return body
    filled = body.select(clean_text(pl.col(c)).is_not_null().alias(c) for c in money).rows()
    units = body.select(clean_text(pl.col(c)).alias(c) for c in owners).rows()
    families = {
        k: kids
        for k, kids in sub_items(kinds, body["_child"].to_list()).items()
        if kids
        and any(filled[k])  # a parent without figures only groups its projects
        and all(filled[k][c] for c in range(len(money)) if any(filled[j][c] for j in kids))
        and all(len(_unit_of(units, k, kids, c)) <= 1 for c in range(len(owners)))
    }
    if not families:
        return body
    once = list(kinds)
    for k, kids in families.items():
        once[k] = "project"
        for j in kids:
            once[j] = "subitem"
    closes = body["_closes_top"].fill_null(False).to_list() if "_closes_top" in body.columns else []
    if not _agree(once, stated, closes) or _agree(kinds, stated, closes):
        return body
    fills = []
    for c, owner in enumerate(owners):
        column = [u[c] for u in units]
        for k, kids in families.items():
            column[k] = next(iter(_unit_of(units, k, kids, c)), column[k])
        fills.append(pl.Series(owner, column, dtype=pl.String))
    return body.with_columns(pl.Series("_kind", once, dtype=pl.String), *fills)


def _unit_of(units: list[tuple[str | None, ...]], k: int, kids: list[int], c: int) -> set[str]:
    """The units (column ``c``) a parent ``k`` and its parts name, the parent's if it has one."""
    named = {u for j in [k, *kids] if (u := units[j][c])}
    own = units[k][c]
    return {own} if own and named == {own} else named


def _agree(kinds: list[str], stated: dict[int, int], closes: list[bool]) -> bool:
    """Every stated count equals the projects of its block under the reading ``kinds``."""
    before = [0]  # projects above each row
    for kind in kinds:
        before.append(before[-1] + (kind == "project"))
    for k, n in stated.items():
        kind = kinds[k]
        if kind == "total":
            read = before[-1]
        elif closes and closes[k]:  # 旌阳区合计 closes all of 一、旌阳区
            top = next((j for j in range(k - 1, -1, -1) if kinds[j] == "section_top"), -1)
            read = before[k] - before[top + 1]
        elif kind == "subtotal":
            start = next((j for j in range(k - 1, -1, -1) if kinds[j] in BLOCK_ENDS[kind]), -1)
            read = before[k] - before[start + 1]
        else:
            end = next((j for j in range(k + 1, len(kinds)) if kinds[j] in BLOCK_ENDS[kind]),
                       len(kinds))  # fmt: skip
            read = before[end] - before[k + 1]
        if read != n:
            return False
    return True
