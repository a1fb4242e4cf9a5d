"""Headings found by their figures: a row read as a project that sums the projects under it.

Published ledgers head their blocks with rows the label rules cannot tell from projects:
``| 先进制造业 | | 386240 | 86190 | 18039`` over ``1 | 旌阳…项目``, ``2 | …``, with the
序号 blank (or ``Ⅰ``, ``A``, ``壹``, ``1.工业项目`` in the name), carrying the block's
subtotals. Counted as projects they double every amount of the sheet. Such a row is read
as a section when, in every money column it fills (two or more), its figure is the sum
of the project rows right under it, and the blocks so found follow one another (the row
after a block is another such heading, a section, a total, or the end of the sheet):

- when the rows under it have a 序号 number of their own and it has none, that alone
  marks it (one project under it is enough);
- on a sheet without 序号 numbers, it must also leave every unit column (县(市、区),
  责任单位, 项目单位) blank where the rows under it fill one, and head two rows or more:
  a project with its parts (一标段 | 二标段, same county) stays a parent
  (:func:`projtrack.read.heads._figured_parents`), counted the same way.

A heading without figures is found the same way when a 小计 closes its block: a row
without 序号, figures or county over numbered projects, the row above it the start of
the table or another block's 小计.

A 合计 that agrees with every row as read (headings counted) settles it the other way.
Found with prefix sums and a sorted search per money column, so a sheet of 100,000
rows costs a few vector passes whatever its layout.
"""

from __future__ import annotations

import re

import polars as pl

from projtrack.read.sheet_total import close, total_agrees
from projtrack.read.values import clean_text, parse_number

__all__ = ["figured_headings"]

# A project's own number: 5, 5.0, and 5. / 5、 as typed (not 5.1, a sub-item).
_PLAIN_SEQ = r"^\d+(?:\.0+|[.．、])?$"
# Rows that may stand inside a block, between a heading and its last project: a 其中 line,
# a parent over its 标段, a note, a labelled sub-section (（一）…); a top section or a
# total ends a block.
_INSIDE = ("project", "blank", "breakdown", "parent", "note", "template", "section_sub")


def figured_headings(
    body: pl.DataFrame, money: list[str], seq: str | None, owners: list[str]
) -> tuple[list[int], list[int]]:
    """The rows (``_i``) of a classified sheet to read as top and as sub sections."""
    kinds = body["_kind"].to_list()
    if len(money) < 2 or "project" not in kinds:
        return [], []
    project = pl.col("_kind") == "project"
    own, numbered = _seq_marks(seq)
    unit = (
        pl.any_horizontal(clean_text(pl.col(c)).is_not_null() for c in owners)
        if owners
        else pl.lit(False)
    )
    marks = body.select("_i", project.alias("p"), own.alias("own"), unit.alias("unit"),
                        numbered.alias("numbered"))  # fmt: skip
    # Worth parsing: a row without 序号 number that names no unit (a heading names none; a
    # project whose 序号 was forgotten still names its county). A numbered sheet, or one
    # whose every row names its county, stops here.
    maybe = marks.select(pl.col("p") & ~pl.col("own") & ~pl.col("unit")).to_series()
    if not maybe.any():
        return [], []
    some = body.filter(maybe)
    values = [parse_number(pl.col(c)) for c in money]
    filled = pl.sum_horizontal(v.is_not_null().cast(pl.Int8) for v in values)
    positive = pl.any_horizontal((v > 0).fill_null(False) for v in values)
    flags = some.select(
        "_i",
        positive.alias("cand"),
        (~positive).alias("bare"),
        filled.alias("filled"),
        *(_tolerance(pl.col(c)).alias(f"t{k}") for k, c in enumerate(money)),
    )
    cand = flags.filter("cand")
    bare = marks["_i"].is_in(flags.filter("bare")["_i"].implode())
    # (A 合计 says nothing of rows without figures: it agrees with them counted or not.)
    more = _over_subtotals(body, bare, marks["own"]) if bare.any() else ([], [])
    if cand.height == 0 or total_agrees(body, money):
        return more
    at = pl.col("_i").is_in(cand["_i"].implode())
    frame = body.select(
        "_i",
        at.alias("cand"),
        *(marks[c] for c in ("own", "unit", "numbered")),
        pl.col("_i").replace_strict(cand["_i"], cand["filled"], default=0).alias("filled"),
        *_running(values, cand),
    )
    ends = _block_ends(frame, len(money))
    top, sub = _tiled(body, frame, ends, units=bool(owners))
    return sorted(top + more[0]), sorted(sub + more[1])


def _seq_marks(seq: str | None) -> tuple[pl.Expr, pl.Expr]:
    """A row's own 序号 number (5, 5.) and any numbered 序号 (5, 1-1, 2.1)."""
    if seq is None:
        return pl.lit(False), pl.lit(False)
    text = clean_text(pl.col(seq))
    return (text.str.contains(_PLAIN_SEQ).fill_null(False),
            text.str.contains(r"\d").fill_null(False))  # fmt: skip


def _running(values: list[pl.Expr], cand: pl.DataFrame) -> list[pl.Expr]:
    """What :func:`_block_ends` searches: ``seg`` (blocks never cross a section or a total),
    each money column's figure ``v<k>``, the candidates' tolerance ``t<k>`` (from ``cand``)
    and the running sum of the projects ``s<k>``."""
    project = pl.col("_kind") == "project"
    return [
        (~pl.col("_kind").is_in(_INSIDE)).cast(pl.Int32).cum_sum().alias("seg"),
        *(v.alias(f"v{k}") for k, v in enumerate(values)),
        *(pl.col("_i").replace_strict(cand["_i"], cand[f"t{k}"], default=0.01).alias(f"t{k}")
          for k in range(len(values))),
        *(pl.when(project).then(v).otherwise(0.0).fill_null(0.0).cum_sum().alias(f"s{k}")
          for k, v in enumerate(values)),
    ]  # fmt: skip


def _over_subtotals(
    body: pl.DataFrame, bare: pl.Series, own: pl.Series
) -> tuple[list[int], list[int]]:
    """Headings without figures over numbered projects that a 小计 closes:
    ``| 先进制造业 |`` (序号, figures and county blank), ``1 | …``, ``2 | …``, ``| 小计 | …``.
    Counted, each was a project with no plan; the 小计 after its block says it heads one.
    """
    kinds = body["_kind"].to_list()
    bare_at, numbered = bare.to_list(), own.to_list()
    ids = body["_i"].to_list()
    heads: list[int] = []
    for k, is_bare in enumerate(bare_at):
        if not is_bare:
            continue
        before = next((kinds[j] for j in range(k - 1, -1, -1) if kinds[j] != "blank"), None)
        if before not in (None, "subtotal", "section_top", "section_sub", "header"):
            continue
        j = k + 1
        while j < len(kinds) and kinds[j] in _INSIDE:
            if kinds[j] == "project" and not numbered[j]:
                break
            j += 1
        rows = [r for r in range(k + 1, j) if kinds[r] == "project"]
        if rows and j < len(kinds) and kinds[j] == "subtotal":
            heads.append(k)
    tops = [j for j, kind in enumerate(kinds) if kind == "section_top"]
    return ([ids[k] for k in heads if not any(t < k for t in tops)],
            [ids[k] for k in heads if any(t < k for t in tops)])  # fmt: skip


def _block_ends(frame: pl.DataFrame, columns: int) -> dict[int, int]:
    """Candidate position → the position of the last row of the block its figures sum.

    For each money column whose running sum never falls (no negative figure), the first
    row where the running sum reaches the candidate's own figure is found by a sorted
    search; the block holds when every column the candidate fills agrees there.
    """
    rising = [c for c in range(columns) if _non_decreasing(frame[f"s{c}"])]
    if not rising:
        return {}
    last = frame.height - 1
    reach = []
    for c in rising:
        low = frame.select(pl.col(f"s{c}") + pl.col(f"v{c}").fill_null(0.0) - pl.col(f"t{c}"))
        hit = frame[f"s{c}"].search_sorted(low.to_series(), side="left").cast(pl.Int64)
        useful = (frame[f"v{c}"] > frame[f"t{c}"]).fill_null(False)
        reach.append(pl.when(pl.lit(useful)).then(pl.lit(hit)))
    e = pl.coalesce(reach)
    k = pl.int_range(pl.len(), dtype=pl.Int64)
    at = e.clip(0, last)
    agree = pl.all_horizontal(
        pl.col(f"v{d}").is_null()
        | ((pl.col(f"v{d}") - (pl.col(f"s{d}").gather(at) - pl.col(f"s{d}"))).abs()
           <= pl.col(f"t{d}"))
        for d in range(columns)
    )  # fmt: skip
    hits = frame.select(k.alias("k"), e.alias("e"), agree.alias("ok"), "cand").filter(
        pl.col("cand") & (pl.col("e") > pl.col("k")) & (pl.col("e") <= last) & pl.col("ok")
    )
    return dict(zip(hits["k"].to_list(), hits["e"].to_list(), strict=True))


def _tolerance(cell: pl.Expr) -> pl.Expr:
    """Half a unit of the last digit a figure shows (62.6: 0.05; 386240: 0.5), at least
    a cent: a heading's subtotal typed rounded still sums its block."""
    digits = clean_text(cell).str.extract(r"\.(\d+)", 1).str.len_chars().fill_null(0)
    half = pl.lit(0.5) * pl.lit(10.0).pow(-digits.cast(pl.Float64))
    return pl.max_horizontal(half, pl.lit(0.01)) + 1e-9 * parse_number(cell).abs().fill_null(0.0)


def _non_decreasing(sums: pl.Series) -> bool:
    steps = sums.diff().drop_nulls()
    return steps.len() == 0 or float(steps.min()) >= 0.0  # type: ignore[arg-type]


def _tiled(
    body: pl.DataFrame, frame: pl.DataFrame, ends: dict[int, int], *, units: bool
) -> tuple[list[int], list[int]]:
    """The headings: the candidates whose blocks hold, then the rows shaped as they are.

    A block holds under numbered rows (one is enough when the heading fills two money
    columns and the sheet has a unit column it leaves blank: without one, a project whose
    序号 was forgotten, its figures those of the next, looks the same), or under two rows
    or more that name their units. Once one heading holds,
    every row of its shape is a heading too — no 序号 number, no unit, a figure, the row
    under it a numbered project or another heading: a heading whose subtotal was mistyped
    is a section whose 分类合计 is reported, not a project doubling the sheet's figures.
    """
    kinds = body["_kind"].to_list()
    unit, seg, numbered = (frame[c].to_list() for c in ("unit", "seg", "numbered"))
    filled, cand, ids = frame["filled"].to_list(), frame["cand"].to_list(), body["_i"].to_list()
    held: list[int] = []
    for k, e in sorted(ends.items()):
        if seg[e] != seg[k] or (held and k <= ends[held[-1]]):
            continue
        rows = [j for j in range(k + 1, e + 1) if kinds[j] == "project"]
        if not rows or rows[-1] != e:
            continue
        if all(numbered[j] for j in rows):
            if len(rows) >= 2 or (filled[k] >= 2 and units):
                held.append(k)
        elif len(rows) >= 2 and filled[k] >= 2 and any(unit[j] for j in rows):
            held.append(k)
    if not held:
        return [], []
    # One row over every project of the sheet is a total the labels miss (全县重点项目完成
    # 情况 | sums), not a heading: refused on reconciling, as it was.
    projects = [j for j, kind in enumerate(kinds) if kind == "project"]
    if len(held) == 1 and projects[0] >= held[0] and projects[-1] == ends[held[0]]:
        others = [j for j in projects if cand[j] and j != held[0]]
        if not others:
            return [], []
    inside = {j for k in held for j in range(k + 1, ends[k] + 1)}
    under = numbered if any(numbered[j] for j in projects) else unit
    heads = set(held)
    for k in reversed(range(len(kinds))):  # bottom up: a heading over a heading is one
        if k in heads or not cand[k] or k in inside:
            continue
        after = next((j for j in range(k + 1, len(kinds)) if kinds[j] != "blank"), None)
        if after is not None and (after in heads or (kinds[after] == "project" and under[after])):
            heads.add(k)
    return _levels(frame, kinds, sorted(heads), ids)


def _levels(
    frame: pl.DataFrame, kinds: list[str], heads: list[int], ids: list[int]
) -> tuple[list[int], list[int]]:
    """Top and sub headings: a heading right over another is the top of those under it
    (产业发展类 over 先进制造业 | …); inside a section_top (一、省重点项目) all are subs."""
    nxt = {k: next((j for j in range(k + 1, len(kinds)) if kinds[j] != "blank"), None)
           for k in heads}  # fmt: skip
    doubles = {k for k in heads if nxt[k] in heads}
    top: list[int] = []
    sub: list[int] = []
    for k in heads:
        nested = bool(doubles) and k not in doubles and any(d < k for d in doubles)
        (sub if nested or _inside_a_top(frame, kinds, k) else top).append(ids[k])
    return top, sub


def _inside_a_top(frame: pl.DataFrame, kinds: list[str], k: int) -> bool:
    """Whether the heading at ``k`` lies inside the section_top above it (一、省重点项目 over
    先进制造业 | …): not when that section's figures are the sum of the projects between
    the two (招商引资项目 | … | 政府投资项目: siblings, the first read by its label)."""
    above = next((t for t in range(k - 1, -1, -1) if kinds[t] == "section_top"), None)
    if above is None:
        return False
    row, head = frame.row(above, named=True), frame.row(k, named=True)
    columns = [c for c in range(sum(1 for n in frame.columns if n.startswith("v")))
               if row[f"v{c}"] is not None]  # fmt: skip
    if not columns:
        return True
    between = [head[f"s{c}"] - (head[f"v{c}"] or 0.0) - row[f"s{c}"] for c in columns]
    return not all(close(row[f"v{c}"], b, None) for c, b in zip(columns, between, strict=True))


def parents_over_numbered(
    body: pl.DataFrame, money: list[str], seq: str | None, owners: list[str]
) -> dict[int, list[int]]:
    """Parents found by their figures over numbered parts: ``| 凯江路改造工程 | 旌阳区 |
    sums`` (序号 blank) over ``3 | 一标段 | 旌阳区``, ``4 | 二标段 | 旌阳区``. Row (``_i``) →
    its parts. Two parts or more, every one numbered and in the parent's own county, their
    figures its own in every money column it fills (two or more); a 合计 that agrees with
    every row as written keeps them all projects. Counted, the parent doubled its parts."""
    if len(money) < 2 or seq is None or not owners:
        return {}
    project = pl.col("_kind") == "project"
    own, numbered = _seq_marks(seq)
    where = pl.coalesce(clean_text(pl.col(c)) for c in owners)
    marks = body.select("_i", project.alias("p"), own.alias("own"), numbered.alias("numbered"),
                        where.alias("uv"))  # fmt: skip
    nxt = (pl.col("p") & pl.col("numbered")).shift(-1).fill_null(False)
    maybe = marks.select(
        pl.col("p") & ~pl.col("own") & pl.col("uv").is_not_null() & nxt
        & (pl.col("uv").shift(-1) == pl.col("uv")).fill_null(False)
    ).to_series()  # fmt: skip
    if not maybe.any() or total_agrees(body, money):
        return {}
    values = [parse_number(pl.col(c)) for c in money]
    filled = pl.sum_horizontal(v.is_not_null().cast(pl.Int8) for v in values)
    some = body.filter(maybe).select(
        "_i", (filled >= 2).alias("two"),
        *(_tolerance(pl.col(c)).alias(f"t{k}") for k, c in enumerate(money)),
    )  # fmt: skip
    cand = some.filter("two")
    if cand.height == 0:
        return {}
    frame = body.select(pl.col("_i").is_in(cand["_i"].implode()).alias("cand"),
                        *_running(values, cand))  # fmt: skip
    kinds, ids, names = body["_kind"].to_list(), body["_i"].to_list(), body["_label"].to_list()
    seg, uv, num = frame["seg"].to_list(), marks["uv"].to_list(), marks["numbered"].to_list()
    found: dict[int, list[int]] = {}
    last = -1
    for k, e in sorted(_block_ends(frame, len(money)).items()):
        rows = [j for j in range(k + 1, e + 1) if kinds[j] == "project"]
        if (k > last and seg[e] == seg[k] and len(rows) >= 2 and rows[-1] == e
                and all(num[j] and uv[j] == uv[k] and _part_of(names[j], names[k])
                        for j in rows)):  # fmt: skip
            found[ids[k]] = [ids[j] for j in rows]
            last = e
    return found


_PART_WORDS = re.compile(r"标段|[一二三四五六七八九十\d]+期|子项|分项|[一二三四五六七八九十\d]+段")


def _part_of(name: str | None, parent: str | None) -> bool:
    """A part says so: 一标段, 二期, 子项, or the parent's own name in its (凯江路改造工程一标段
    under 凯江路改造工程) — a project under another whose figures happen to add up is none."""
    if not name:
        return False
    stem = re.sub(r"(?:建设)?(?:项目|工程)$", "", parent or "")
    return bool(_PART_WORDS.search(name)) or (len(stem) >= 2 and stem in name)
