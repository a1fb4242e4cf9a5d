"""Self-reconciliation (SPEC §5): every figure a ledger states about its own rows is a check.

For each sheet read:

- each 合计 / 小计 / section row with figures, and each 其中 row, against the sum of the
  project rows it covers (合计/总计: the sheet; 小计 and a named total closing a block:
  the projects since the last section, 小计 or 合计, and 旌阳区合计 under 一、旌阳区 its
  whole section; a section: its projects, a top section with its sub-sections; 其中:
  the projects of the row it breaks down whose level, region, category or stage it names);
- each count stated in a label ("(6个)", "(48项)", "合计37个") against the projects under it;
- a 完成率 column against completed ÷ plan of the same row, within the rounding of the
  digits shown (read as a fraction or as a percentage, whichever the cell is);
- a row with figures not counted (no name, 序号 or total word) and a numbered row without
  a name (counted) are reported: no money vanishes without a word.

A 汇总 sheet is reconciled against the detail sheets in :mod:`projtrack.read.summary`.
Each mismatch is a :class:`Finding` with its cell; the tallies go to ``check``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import polars as pl

from projtrack.errors import Finding, cell_ref
from projtrack.read.breakdown_members import breakdown_members
from projtrack.read.labels import BLOCK_ENDS, TOTAL_LABEL, stated_count
from projtrack.read.rate_check import stated_rates
from projtrack.read.rowchecks import (
    fmt,
    refuse_head,
    refuse_undecided,
    refuse_unlabelled_total,
    skipped_rows,
)
from projtrack.read.values import parse_number
from projtrack.text import normalize_text

if TYPE_CHECKING:
    from pathlib import Path

    from projtrack.read.layout import Layout
    from projtrack.read.model import ColumnUse
    from projtrack.read.rawsheet import RawSheet

# Tolerance for a subtotal, in the column's own unit: ledgers type whole or 2-decimal values.
TOTAL_TOLERANCE = 0.01
MARKS = ("total", "subtotal", "section_top", "section_sub")
UNNAMED = "（未填名称）"


@dataclass
class Tally:
    """How many stated figures of one kind were checked, and how many agreed."""

    checked: int = 0
    agreed: int = 0

    def add(self, ok: bool) -> None:
        self.checked += 1
        self.agreed += int(ok)


@dataclass
class Reconciliation:
    """The result of reconciling what a ledger states about itself with what was read."""

    totals: Tally = field(default_factory=Tally)  # 合计/小计/其中/section rows
    counts: Tally = field(default_factory=Tally)  # stated numbers of projects
    summary: Tally = field(default_factory=Tally)  # 汇总 sheet rows
    rates: Tally = field(default_factory=Tally)  # 完成率 cells
    mismatches: list[Finding] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)  # cells that could not be reconciled
    # Rows whose money is reported, not a mismatch: a numbered row without a name (counted),
    # a row with figures but no label (not counted).
    rows: list[Finding] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        """Every finding of the reconciliation: the mismatches, then the rows reported."""
        return [*self.mismatches, *self.rows]

    def merge(self, other: Reconciliation) -> Reconciliation:
        for name in ("totals", "counts", "summary", "rates"):
            mine, theirs = getattr(self, name), getattr(other, name)
            mine.checked += theirs.checked
            mine.agreed += theirs.agreed
        self.mismatches += other.mismatches
        self.unchecked += other.unchecked
        self.rows += other.rows
        return self

    def to_json(self) -> dict[str, Any]:
        tallies = {n: {"checked": t.checked, "agreed": t.agreed}
                   for n, t in (("totals", self.totals), ("counts", self.counts),
                                ("summary", self.summary), ("rates", self.rates))}  # fmt: skip
        return tallies | {
            "mismatches": [f.to_json() for f in self.mismatches],
            "unchecked": list(self.unchecked),
        }


def _close(given: float, expected: float, text: str | None) -> bool:
    """Within the rounding of the digits shown (a 合计 typed as 123457 for 123456.8 agrees)."""
    digits = re.search(r"\.(\d+)", text or "")
    half = 0.5 * 10 ** -(len(digits.group(1)) if digits else 0)
    return abs(given - expected) <= max(TOTAL_TOLERANCE, half) + 1e-9 * abs(expected)


def reconcile_sheet(
    raw: RawSheet, layout: Layout, rows: pl.DataFrame, uses: list[ColumnUse],
    projects: pl.DataFrame, path: Path | None = None,
) -> Reconciliation:  # fmt: skip
    """Reconcile one sheet's totals, counts and 完成率 cells with its project rows.

    ``rows`` are the classified rows (money parsed in ``_n<j>``), ``uses`` the columns
    read (the money ones are reconciled; a wide ledger's month columns among them),
    ``projects`` the sheet's projects as read (with level, region, …).
    """
    out = Reconciliation()
    money = [u for u in uses if u.field in ("total_investment", "annual_plan", "completed_ytd")]
    name_col = next((u.column for u in uses if u.field == "name"), None)
    _unlabelled(raw, rows, money, name_col, out)
    out.rows += skipped_rows(raw, rows)
    if path is not None:
        refuse_undecided(path, raw, rows, name_col)
        refuse_unlabelled_total(path, raw, rows, projects, money, name_col)
    since = _totals(raw, rows, money, out, path)
    _breakdowns(raw, rows, money, projects, out, since)
    checked, agreed, mismatches = stated_rates(raw, layout, rows, uses)
    out.rates.checked += checked
    out.rates.agreed += agreed
    out.mismatches += mismatches
    return out


def _text(use: ColumnUse, raw: RawSheet) -> pl.Expr:
    return pl.col(f"c{use.column - raw.col_offset}")


def _given(rows: pl.DataFrame, use: ColumnUse, raw: RawSheet) -> pl.Expr:
    j = use.column - raw.col_offset
    return pl.col(f"_n{j}") if f"_n{j}" in rows.columns else parse_number(pl.col(f"c{j}"))


def _unlabelled(raw: RawSheet, rows: pl.DataFrame, money: list[ColumnUse], name_col: int | None,
                out: Reconciliation) -> None:  # fmt: skip
    """Report numbered rows without a name (counted) and rows with figures not counted."""
    if not money:
        return
    flagged = rows.filter(pl.col("_unnamed").fill_null(False)
                          | ((pl.col("_kind") == "orphan") & pl.col("_money")))  # fmt: skip
    if flagged.height == 0:
        return
    amounts = flagged.select(
        "_row", "_kind", *(_given(rows, u, raw).alias(f"g{k}") for k, u in enumerate(money))
    )
    for rec in amounts.iter_rows(named=True):
        shown = "，".join(f"{u.header} {fmt(rec[f'g{k}'])}" for k, u in enumerate(money)
                         if rec[f"g{k}"] is not None)  # fmt: skip
        if rec["_kind"] == "project":
            out.rows.append(Finding(
                raw.name, rec["_row"], name_col, "name_missing",
                f"第{rec['_row']}行有序号和金额（{shown}）但项目名称为空；"
                f"已按项目计入，名称记为“{UNNAMED}”，请补填"))  # fmt: skip
        else:
            out.rows.append(Finding(
                raw.name, rec["_row"], None, "uncounted_row",
                f"第{rec['_row']}行有金额（{shown}）"
                "但没有项目名称、序号或合计字样，未计入"))  # fmt: skip


def _totals(raw: RawSheet, rows: pl.DataFrame, money: list[ColumnUse],
            out: Reconciliation, path: Path | None = None) -> dict[int, int]:  # fmt: skip
    """Each 合计/小计/section row's figures and stated count against the rows it covers.

    Done with cumulative sums, so the cost does not depend on how many totals there are.
    A 合计 after an earlier 合计 (tables stacked on one sheet, each closed by its own) covers
    the rows since that one, or is the grand total of every project: either agreeing is
    enough, and a mismatch is told against the reading nearer its figures. Returns the
    totals read the first way (``_i`` → the earlier 合计's ``_i``), for their 其中 rows.
    """
    kind = pl.col("_kind")
    # A parent counted once (read/parent_count.py) is checked against its 标段 as a parent is.
    once = (kind == "project") & (kind.shift(-1) == "subitem").fill_null(False)
    marked = rows.filter(kind.is_in([*MARKS, "parent"]) | once).select("_i", "_label", "_kind")
    if marked.height == 0:
        return {}
    counts = {i: n for i, label, _ in marked.iter_rows() if (n := stated_count(label)) is not None}
    # The 合计 rows (an inner one was made a 小计 by read/rows.py; 小计 and 旌阳区合计 are not).
    totalish = [i for i, label, k in marked.iter_rows() if k in ("total", "subtotal")
                and label and re.search(TOTAL_LABEL, normalize_text(label))]  # fmt: skip
    at_total = pl.col("_i").is_in(totalish)
    stops = {mark: kind.is_in(list(ends)) for mark, ends in BLOCK_ENDS.items()}
    stated = pl.col("_i").replace_strict(counts, default=None, return_dtype=pl.Float64)
    values = [(_given(rows, u, raw), u) for u in money] + [(stated, None)]
    firsts: list[pl.Expr] = []
    for i, (given, use) in enumerate(values):
        one = pl.lit(1.0) if use is None else given.fill_null(0.0)
        v = pl.when(kind == "project").then(one).otherwise(0.0)
        w = pl.when(kind == "subitem").then(one).otherwise(0.0)
        f = pl.when((kind == "subitem") & given.is_not_null()).then(1.0).otherwise(0.0)
        firsts += [given.alias(f"g{i}"), v.alias(f"v{i}"), v.cum_sum().alias(f"p{i}"),
                   w.alias(f"w{i}"), w.cum_sum().alias(f"q{i}"),
                   f.cum_sum().alias(f"f{i}")]  # fmt: skip
    texts = [_text(u, raw).alias(f"t{i}") for i, u in enumerate(money)]
    heads, child, closes_top = (pl.col(c).fill_null(False) if c in rows.columns else pl.lit(False)
                                for c in ("_heads", "_child", "_closes_top"))  # fmt: skip
    earlier = pl.when(at_total).then(pl.col("_i")).shift(1).forward_fill()
    sums = rows.select("_i", "_row", "_kind", heads.alias("_heads"), child.alias("_child"),
                       closes_top.alias("_closes_top"), once.alias("_once"), *firsts,
                       *texts, earlier.alias("_earlier"))  # fmt: skip
    columns: list[pl.Expr] = []
    for i in range(len(values)):
        v, p = pl.col(f"v{i}"), pl.col(f"p{i}")
        before, last = p - v, v.sum()
        since = pl.when(stops["subtotal"]).then(p).shift(1).forward_fill().fill_null(0.0)
        top_start = pl.when(kind == "section_top").then(p).forward_fill().fill_null(0.0)
        until_top = pl.when(stops["section_top"]).then(before).shift(-1).backward_fill()
        until_sub = pl.when(stops["section_sub"]).then(before).shift(-1).backward_fill()
        # A parent project: its sub-items are the rows right under it.
        until_kid = pl.when(~pl.col("_child")).then(before).shift(-1).backward_fill()
        w, q, f = pl.col(f"w{i}"), pl.col(f"q{i}"), pl.col(f"f{i}")
        until_part = pl.when(kind != "subitem").then(q - w).shift(-1).backward_fill()
        # The 标段 filling the column: none (总投资 on the parent alone) leaves it unchecked.
        filled = pl.when(kind != "subitem").then(f).shift(-1).backward_fill()
        columns.append((filled.fill_null(f.max()) - f).alias(f"n{i}"))
        expected = (
            pl.when(kind == "total").then(last)  # 旌阳区合计 closes all of 一、旌阳区:
            .when(pl.col("_closes_top")).then(p - top_start)
            .when(kind == "subtotal").then(p - since)
            .when(kind == "section_top").then(until_top.fill_null(last) - p)
            .when(kind == "section_sub").then(until_sub.fill_null(last) - p)
            .when(kind == "parent").then(until_kid.fill_null(last) - p)
            .when(pl.col("_once")).then(until_part.fill_null(w.sum()) - q)
        )  # fmt: skip
        columns.append(expected.alias(f"e{i}"))
        # Since the earlier 合计, for a 合计 after one (null otherwise).
        after = p - pl.when(at_total).then(p).shift(1).forward_fill()
        columns.append(pl.when(kind == "total").then(after).alias(f"a{i}"))
        # A 小计 closing 一、省重点 after its （一）|（二）: since the top section, 小计 or 合计.
        whole = pl.when(stops["section_top"] | (kind == "subtotal")).then(p).shift(1)
        columns.append(pl.when(kind == "subtotal").then(p - whole.forward_fill().fill_null(0.0))
                       .alias(f"b{i}"))  # fmt: skip
    frame = sums.with_columns(columns).filter(kind.is_in([*MARKS, "parent"]) | pl.col("_once"))
    count_i = len(values) - 1
    after_total: dict[int, int] = {}
    for rec in frame.iter_rows(named=True):
        label = "上级项目" if rec["_once"] else _MARK_LABEL.get(rec["_kind"], "分类合计")
        checked = [i for i in range(count_i)
                   if rec[f"g{i}"] is not None and (not rec["_once"] or rec[f"n{i}"])]  # fmt: skip
        said = [*checked, *([count_i] if rec[f"g{count_i}"] is not None else [])]
        if rec[f"a{count_i}"] is not None and _nearer_since(rec, said):
            after_total[rec["_i"]] = rec["_earlier"]
            for i in range(count_i + 1):
                rec[f"e{i}"] = rec[f"a{i}"]
        if rec["_kind"] == "subtotal" and not _agrees(rec, said, "e") and _agrees(rec, said, "b"):
            for i in range(count_i + 1):
                rec[f"e{i}"] = rec[f"b{i}"]
        bad = [i for i in checked if not _close(rec[f"g{i}"], rec[f"e{i}"], rec[f"t{i}"])]
        if bad and rec["_heads"] and path is not None:
            refuse_head(path, raw, rec, money[bad[0]], bad[0])
        if checked:
            out.totals.add(not bad)
        for i in bad:
            given, exp = rec[f"g{i}"], rec[f"e{i}"]
            out.mismatches.append(
                Finding(raw.name, rec["_row"], money[i].column, "subtotal_mismatch",
                        f"{label}行的{money[i].header} {fmt(given)} 与所含项目之和 "
                        f"{fmt(exp)} 不符(差 {fmt(given - exp)})")
            )  # fmt: skip
        if rec[f"g{count_i}"] is not None:
            _count(raw, rec["_row"], label, int(rec[f"g{count_i}"]), int(rec[f"e{count_i}"]), out)
    return after_total


def _nearer_since(rec: dict[str, Any], stated: list[int]) -> bool:
    """Whether a 合计 after an earlier one covers the rows since it (``a<i>``) rather than
    every project (``e<i>``): the grand total when it agrees, else the rows since when they
    agree, else the reading nearer its figures (``stated``: the columns it fills)."""

    if not stated or _agrees(rec, stated, "e"):
        return False
    if _agrees(rec, stated, "a"):
        return True
    return sum(abs(rec[f"g{i}"] - rec[f"a{i}"]) for i in stated) < sum(
        abs(rec[f"g{i}"] - rec[f"e{i}"]) for i in stated
    )


def _agrees(rec: dict[str, Any], stated: list[int], reading: str) -> bool:
    """Whether a total's stated figures agree with one reading of the rows it covers."""
    return bool(stated) and all(
        _close(rec[f"g{i}"], rec[f"{reading}{i}"], rec.get(f"t{i}")) for i in stated
    )


_MARK_LABEL = {"total": "合计", "subtotal": "小计", "parent": "上级项目"}


def _count(raw: RawSheet, row: int, label: str, stated: int, read: int,
           out: Reconciliation) -> None:  # fmt: skip
    out.counts.add(stated == read)
    if stated != read:
        out.mismatches.append(Finding(
            raw.name, row, None, "count_mismatch",
            f"{label}行写明{stated}个项目，所含项目读到{read}个"))  # fmt: skip


def _scope(kinds: list[tuple[int, str]], at: int, since: dict[int, int]) -> tuple[int, int]:
    """The rows (first, last _i) covered by the total or section just above row ``at``
    (``since``: the 合计 rows that cover the rows since an earlier 合计, see _totals)."""
    above = [(i, k) for i, k in kinds if i < at and k in MARKS]
    if not above:
        return (-1, 1 << 60)
    i, k = above[-1]
    if k == "total":
        return (since.get(i, -1), 1 << 60)
    if k == "subtotal":
        prev = [j for j, kk in kinds if j < i and kk in MARKS]
        return (prev[-1] if prev else -1, i)
    ends = BLOCK_ENDS[k]
    nxt = [j for j, kk in kinds if j > i and kk in ends]
    return (i, nxt[0] if nxt else 1 << 60)


def _breakdowns(raw: RawSheet, rows: pl.DataFrame, money: list[ColumnUse],
                projects: pl.DataFrame, out: Reconciliation,
                since: dict[int, int]) -> None:  # fmt: skip
    """Each 其中 row against the projects it names within the row it breaks down."""
    kind = pl.col("_kind")
    found = rows.filter(kind == "breakdown")
    if found.height == 0:
        return
    kinds = list(rows.filter(kind.is_in([*MARKS, "breakdown"])).select("_i", "_kind").iter_rows())
    project_rows = rows.filter(kind == "project").select(
        "_i", "_row", *(_given(rows, u, raw).fill_null(0.0).alias(f"m{k}")
                        for k, u in enumerate(money))
    )  # fmt: skip
    givens = found.select(
        "_i",
        "_row",
        "_label",
        *(_given(rows, u, raw).alias(f"g{k}") for k, u in enumerate(money)),
        *(_text(u, raw).alias(f"t{k}") for k, u in enumerate(money)),
    )
    for rec in givens.iter_rows(named=True):
        first, last = _scope(kinds, rec["_i"], since)
        scope = project_rows.filter((pl.col("_i") > first) & (pl.col("_i") < last))
        members = breakdown_members(
            rec["_label"], projects.filter(pl.col("_row").is_in(scope["_row"].implode()))
        )
        if members is None:
            out.unchecked.append(cell_ref(raw.name, rec["_row"]))
            _unknown_members(raw, rec, len(money), out)
            continue
        chosen = scope.filter(pl.col("_row").is_in(members))
        bad = []
        for k, use in enumerate(money):
            given = rec[f"g{k}"]
            if given is None:
                continue
            exp = float(chosen[f"m{k}"].sum())
            if not _close(given, exp, rec[f"t{k}"]):
                bad.append((use, given, exp))
        if any(rec[f"g{k}"] is not None for k in range(len(money))):
            out.totals.add(not bad)
        for use, given, exp in bad:
            out.mismatches.append(
                Finding(raw.name, rec["_row"], use.column, "subtotal_mismatch",
                        f"其中行的{use.header} {fmt(given)} 与所含项目之和 "
                        f"{fmt(exp)} 不符(差 {fmt(given - exp)})")
            )  # fmt: skip
        stated = stated_count(rec["_label"])
        if stated is not None:
            _count(raw, rec["_row"], "其中", stated, chosen.height, out)


def _unknown_members(raw: RawSheet, rec: dict[str, Any], n_money: int,
                     out: Reconciliation) -> None:  # fmt: skip
    """A 其中 line stating figures or a count whose projects nothing read names: a finding,
    not only a tally of ``check`` — a section taken for such a line (its projects then
    ungrouped) looked just so, and passed without a word."""
    stated = stated_count(rec["_label"]) is not None
    if not stated and all(rec[f"g{k}"] is None for k in range(n_money)):
        return
    out.rows.append(Finding(
        raw.name, rec["_row"], None, "breakdown_unchecked",
        f"其中行“{rec['_label']}”所指的项目无法从项目级别、县（市、区）、类别或建设性质认出，"
        "未能核对；若此行是分类行，请在序号或名称前写明编号（如“一、”）"))  # fmt: skip
