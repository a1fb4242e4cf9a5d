"""Rows read as heading others, settled on their figures once the rows are classified.

Two cases :mod:`projtrack.read.rows` cannot settle from the labels alone:

- A **weak section** (续建项目3个, 续建项目：, no brackets, 序号 blank) may be a project so
  named (新建充电桩500个). It stays a section only when the count it states is the number
  of projects under it and its figures are their sums; otherwise it is a project.
  Decided from the bottom of the sheet up, so a weak row's block is known when it is
  decided. Where the sheet has a 合计 with figures, the reading under which the 合计
  agrees wins (the fewest rows read otherwise than by the rule); when no reading agrees,
  the rows are marked ``_undecided`` and reconciling refuses the sheet, naming the cell.
- A **parent found by its figures**: a project row followed at once by rows with no 序号
  of their own (一标段 | 二标段, —岷江路, （1）…, or 1.1 | 1.2 under a parent without 序号)
  whose figures, two money columns or more, add up exactly to its own: they are its
  parts, counted once (they were added to it, doubling the county's plan).
- A **parent** project (2 → 2.1, 2.2) whose sub-items leave a money column empty in every
  one of them (标段 rows with 计划 and 完成 but no 总投资): the parent's figure is the
  whole project's, carried onto its first sub-item, so that it is counted once and the
  parent reconciles on the columns its sub-items fill. A sub-item's blank 县(市、区),
  责任单位, 包保领导 … is its parent's.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import product

import polars as pl

from projtrack.read.closing_rows import closing_rows
from projtrack.read.components import component_parts
from projtrack.read.figured_heads import figured_headings, parents_over_numbered
from projtrack.read.labels import stated_count
from projtrack.read.layout import Layout
from projtrack.read.parent_count import count_parents_once, sub_items
from projtrack.read.sheet_total import close, total_agrees
from projtrack.read.values import clean_text, parse_number

__all__ = ["Reclassify", "settle_heads"]

MAX_PARTS = 8  # sub-items a parent found by its figures may have
_PLAIN_SEQ = r"^\d+(?:\.0+)?$"

_SUMMED = ("total_investment", "annual_plan", "completed_ytd")
# What a sub-item left blank shares with its parent: where it is, who answers for it.
_UNITS = ("region", "responsible", "leader", "owner", "level", "category", "stage")
_ENDS = {"section_top": ("section_top", "total"),
         "section_sub": ("section_top", "section_sub", "total")}  # fmt: skip
MAX_FLIPS = 10  # weak rows tried in every combination against a 合计, at most


# Classify a sheet again with rows (``_i``) read as projects, as top and as sub sections,
# and as named totals closing the block above them.
Reclassify = Callable[[list[int], list[int], list[int], list[int]], pl.DataFrame]


def settle_heads(body: pl.DataFrame, layout: Layout, reclassify: Reclassify) -> pl.DataFrame:
    """``body`` (a classified sheet) with weak sections, headings and parents settled.

    ``reclassify(rows, tops, subs, closing)`` classifies the sheet again with the rows
    ``_i`` in ``rows`` read as projects (their sections no longer carried down), those in
    ``tops`` and ``subs`` as sections, those in ``closing`` as named totals closing the
    block above them (:mod:`projtrack.read.closing_rows`, settled first).
    """
    fields = layout.fields()
    money = [f"c{fields[f].index}" for f in _SUMMED if f in fields]
    if not money:
        return body.drop("_weak")
    seq = fields.get("seq")
    seq_col = f"c{seq.index}" if seq else None
    closing = closing_rows(body, money, seq_col)
    if closing:
        body = reclassify([], [], [], closing)
    weak = body.select(pl.col("_weak") & pl.col("_kind").str.starts_with("section")).to_series()
    demote: list[int] = []
    undecided: list[int] = []
    if weak.any():
        demote, undecided = _weak_projects(body, money, weak.to_list())
        if demote:
            body = reclassify(demote, [], [], closing)
    region = fields.get("region")
    owners = [f"c{fields[f].index}" for f in ("region", "responsible", "owner") if f in fields]
    tops, subs = figured_headings(body, money, seq_col, owners)
    if tops or subs:
        body = reclassify(demote, tops, subs, closing)
    body = _as_parents(body, parents_over_numbered(body, money, seq_col, owners))
    if undecided:
        body = body.with_columns(pl.col("_i").is_in(undecided).alias("_undecided"))
    body = component_parts(body, money, f"c{seq.index}" if seq else None, owners)
    body = _figured_parents(body, money, *(f"c{c.index}" if c else None for c in (seq, region)))
    body = count_parents_once(body, money, owners)  # 合计（8个）: a parent over its 标段 once
    if (body["_kind"] == "parent").any():
        body = _carry_parent_figures(body, money)
        units = [f"c{fields[f].index}" for f in _UNITS if f in fields]
        body = _carry_parent_units(body, units)
    return body.drop("_weak")


def _as_parents(body: pl.DataFrame, parents: dict[int, list[int]]) -> pl.DataFrame:
    """``body`` with each row of ``parents`` (``_i`` → its parts) read as a parent."""
    if not parents:
        return body
    heads, kids = list(parents), [j for parts in parents.values() for j in parts]
    at = pl.col("_i").is_in
    return body.with_columns(
        pl.when(at(heads)).then(pl.lit("parent")).otherwise("_kind").alias("_kind"),
        (pl.col("_child") | at(kids)).alias("_child"),
        (pl.col("_heads") | at(heads)).alias("_heads"),
    )


def _weak_projects(
    body: pl.DataFrame, money: list[str], weak: list[bool]
) -> tuple[list[int], list[int]]:
    """The weak rows (``_i``) to read as projects, and those no reading settles."""
    kinds = body["_kind"].to_list()
    labels = body["_label"].to_list()
    values = body.select(parse_number(pl.col(c)).alias(c) for c in money).rows()
    texts = body.select(clean_text(pl.col(c)).alias(c) for c in money).rows()
    at = [k for k, w in enumerate(weak) if w]

    def under(k: int, kinds: list[str]) -> list[int]:
        found = []
        for j in range(k + 1, len(kinds)):
            if kinds[j] in _ENDS[kinds[k]]:
                break
            if kinds[j] == "project":
                found.append(j)
        return found

    def adds(k: int, rows: list[int]) -> bool:
        return all(close(v, sum(values[j][c] or 0.0 for j in rows), texts[k][c])
                   for c, v in enumerate(values[k]) if v is not None)  # fmt: skip

    rule = list(kinds)
    for k in reversed(at):
        rows = under(k, rule)
        count = stated_count(labels[k])
        if not (adds(k, rows) and (count is None or count == len(rows))):
            rule[k] = "project"
    chosen = rule
    totals = [k for k, kind in enumerate(kinds) if kind == "total" and any(values[k])]
    if totals:
        bottom, weak_at = totals[-1], set(at)
        fixed = [j for j, kind in enumerate(kinds) if kind == "project" and j not in weak_at]
        base = [sum(values[j][c] or 0.0 for j in fixed) for c in range(len(money))]

        def agrees(reading: list[str]) -> bool:
            read = [k for k in at if reading[k] == "project"]
            return all(close(v, base[c] + sum(values[k][c] or 0.0 for k in read), texts[bottom][c])
                       for c, v in enumerate(values[bottom]) if v is not None)  # fmt: skip

        if not agrees(rule):
            readings = []
            for flips in product((False, True), repeat=min(len(at), MAX_FLIPS)):
                reading = list(rule)
                for k, flip in zip(at, flips, strict=False):
                    if flip:
                        reading[k] = kinds[k] if rule[k] == "project" else "project"
                if agrees(reading):
                    readings.append((sum(flips), reading))
            if not readings:
                firsts = [body["_i"][k] for k in at]
                return [], firsts[:1]
            chosen = min(readings, key=lambda r: r[0])[1]
    ids = body["_i"].to_list()
    return [ids[k] for k in at if chosen[k] == "project"], []


def _carry_parent_units(body: pl.DataFrame, units: list[str]) -> pl.DataFrame:
    """A sub-item's blank 县(市、区), 责任单位, 包保领导 … is its parent's (①/3.1 rows often
    write only their name and figures): else its money would stand under no county."""
    if not units:
        return body
    cells = body.select(clean_text(pl.col(c)).alias(c) for c in units).rows()
    ids = body["_i"].to_list()
    put: dict[str, dict[int, str]] = {c: {} for c in units}
    for k, kids in sub_items(body["_kind"].to_list(), body["_child"].to_list()).items():
        for c, name in enumerate(units):
            for j in kids:
                if cells[k][c] is not None and cells[j][c] is None:
                    put[name][ids[j]] = cells[k][c]
    exprs = [
        pl.col("_i").replace_strict(m, default=pl.col(c), return_dtype=body[c].dtype).alias(c)
        for c, m in put.items()
        if m
    ]
    return body.with_columns(exprs) if exprs else body


def _carry_parent_figures(body: pl.DataFrame, money: list[str]) -> pl.DataFrame:
    """A parent's figure in a column all its sub-items leave empty, put on its first one."""
    kinds = body["_kind"].to_list()
    child = body["_child"].to_list()
    cells = body.select(*money).rows()
    texts = body.select(clean_text(pl.col(c)).alias(c) for c in money).rows()
    put: dict[str, dict[int, object]] = {c: {} for c in money}
    ids = body["_i"].to_list()
    for k, kids in sub_items(kinds, child).items():
        for c, name in enumerate(money):
            if kids and texts[k][c] is not None and all(texts[j][c] is None for j in kids):
                put[name][ids[kids[0]]] = cells[k][c]
    exprs = [
        pl.col("_i").replace_strict(m, default=pl.col(c), return_dtype=body[c].dtype).alias(c)
        for c, m in put.items()
        if m
    ]
    return body.with_columns(exprs) if exprs else body


def _figured_parents(
    body: pl.DataFrame, money: list[str], seq: str | None, region: str | None
) -> pl.DataFrame:
    """Mark as ``parent`` each project whose next rows — none with a plain 序号 of its own,
    none in another 县(市、区) — add up to it in every money column it fills (two or more):
    they are its ``_child`` rows. A 合计 that agrees with every project as read settles it
    the other way. Decided on shifted sums: a sheet of 100k rows costs a few passes."""
    if len(money) < 2:
        return body
    project = pl.col("_kind") == "project"
    own_seq = clean_text(pl.col(seq)).str.contains(_PLAIN_SEQ).fill_null(False) if seq else None
    part = project & ~own_seq if own_seq is not None else project
    # Two rows in a row without a 序号 of their own: rare where the sheet numbers projects.
    if not body.select((part & part.shift(-1)).any()).item() or total_agrees(body, money):
        return body
    values = [parse_number(pl.col(c)) for c in money]
    filled = pl.sum_horizontal((v > 0).fill_null(False).cast(pl.Int8) for v in values)
    heads = project & (filled >= 2)
    place = clean_text(pl.col(region)) if region else pl.lit(None, pl.String)
    frame = body.select("_i", heads.alias("h"), part.alias("p"), place.alias("r"),
                        *(v.alias(f"v{k}") for k, v in enumerate(values)))  # fmt: skip
    if not frame["h"].any():
        return body
    # Step by step, each step's running sums kept as columns (no growing expressions).
    starts = [pl.lit(0.0).alias(f"s{k}") for k in range(len(money))]
    frame = frame.with_columns(pl.lit(0).alias("n"), pl.lit(True).alias("ok"), *starts)
    for m in range(1, MAX_PARTS + 1):
        there = pl.col("r").shift(-m)
        same = (there.is_null() | (there == pl.col("r"))).fill_null(False)
        frame = frame.with_columns(
            pl.col("ok") & pl.col("p").shift(-m).fill_null(False) & same,
            *(pl.col(f"s{k}") + pl.col(f"v{k}").shift(-m).fill_null(0.0)
              for k in range(len(money))),
        )  # fmt: skip
        if m < 2:
            continue
        adds = pl.all_horizontal(
            pl.col(f"v{k}").is_null()
            | ((pl.col(f"s{k}") - pl.col(f"v{k}")).abs() <= 0.005 + 1e-9 * pl.col(f"s{k}").abs())
            for k in range(len(money))
        )
        hit = (pl.col("n") == 0) & pl.col("h") & pl.col("ok") & adds
        frame = frame.with_columns(pl.when(hit).then(pl.lit(m)).otherwise("n").alias("n"))
    parents = frame.filter(pl.col("n") > 0).select("_i", "n")
    if parents.height == 0:
        return body
    ids = body["_i"].to_list()
    at = {i: k for k, i in enumerate(ids)}
    kids = {ids[at[i] + j] for i, n in parents.iter_rows() for j in range(1, n + 1)}
    heads_at = set(parents["_i"].to_list()) - kids
    return body.with_columns(
        pl.when(pl.col("_i").is_in(list(heads_at))).then(pl.lit("parent"))
        .otherwise("_kind").alias("_kind"),
        (pl.col("_child") | pl.col("_i").is_in(list(kids))).alias("_child"),
        (pl.col("_heads") | pl.col("_i").is_in(list(heads_at))).alias("_heads"),
    )  # fmt: skip
