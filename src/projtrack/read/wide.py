"""Wide ledgers: a column per month (1月 … 12月, 1-2月 + 3月, quarterly blocks).

Such a ledger can give the year-to-date completion of several months. The loader keeps
each month's figure in ``_ytd_m<M>`` (see :mod:`projtrack.read.model`); these functions
find the month columns, chain them into year-to-date sums and pick one month.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

import polars as pl

from projtrack.errors import Finding
from projtrack.read.layout import Column, Layout
from projtrack.read.model import ColumnUse, SheetInfo
from projtrack.read.months import TEN_DAY, TEN_DAY_ENDS, ten_day_part
from projtrack.read.values import clean_text
from projtrack.text import normalize_text
from projtrack.vocab import CANONICAL_FIELDS


@dataclass(frozen=True)
class WideColumns:
    """The month columns of a wide ledger."""

    ytd: list[Column]  # completion columns naming their months, one per span, in order
    parts: dict[int, list[Column]]  # month → its ten-day parts (上旬, 中旬, 下旬)
    progress: list[Column]  # 形象进度 columns naming their month


# 万元 a ten-day block's 累计 may differ from the sum of its parts (rounding of typed values).
PARTS_TOLERANCE = 0.01
# A completion header that says it holds one month's own figure (当月, 逐月 …).
_OWN_MONTH = re.compile(r"当月|本月|逐月|分月|各月|按月|月度|每月")


def wide_columns(layout: Layout) -> WideColumns | None:
    """The month columns of a wide ledger, or None.

    A ledger is wide when its completion columns name two or more different month spans,
    or one month's own figure (``8月`` over ``当月完成投资额``, ten-day parts), and none
    of them is a plain (month-less) year-to-date column.
    """
    ytd = [c for c in layout.columns if c.field == "completed_ytd" and c.months]
    plain = [c for c in layout.columns if c.field == "completed_ytd" and not c.months]
    tens = [c for c in layout.columns if c.field == TEN_DAY and c.months]
    own = any(c.months and c.months[0] == c.months[1]
              and _OWN_MONTH.search(normalize_text(c.header)) for c in ytd)  # fmt: skip
    if plain or not (len({c.months for c in ytd}) > 1 or tens or own):
        return None
    parts: dict[int, list[Column]] = {}
    for c in tens:
        assert c.months is not None
        parts.setdefault(c.months[1], []).append(c)
    progress = layout.month_columns("progress_text")
    # One column per span: the first one (a later duplicate is usually a rate).
    ytd = list({c.months: c for c in reversed(ytd)}.values())[::-1]
    return WideColumns(sorted(ytd, key=lambda c: c.months or (0, 0)), parts, progress)


def month_chains(uses: list[ColumnUse]) -> dict[int, list[ColumnUse]]:
    """For each month M, the fewest columns that add up to January-M.

    1-3月 alone if there is such a column; else 1-2月 + 3月, or 1月 + 2月 + 3月, or
    1-3月 + 4-6月 for quarterly columns.
    """
    spans = {u.months: u for u in uses if u.months}
    best: dict[int, list[ColumnUse]] = {}
    for m in range(1, 13):
        options = []
        if (1, m) in spans:
            options.append([spans[(1, m)]])
        for (first, last), use in spans.items():
            if last == m and first > 1 and first - 1 in best:
                options.append([*best[first - 1], use])
        if options:
            best[m] = min(options, key=len)
    return best


def read_wide(
    wide: WideColumns,
    projects: pl.DataFrame,
    info: SheetInfo,
    use_of: Callable[[Column], ColumnUse],
    money: Callable[[ColumnUse], pl.Expr],
) -> tuple[list[pl.Expr], list[ColumnUse], list[Finding]]:
    """The month columns of a wide sheet as frame columns, and what was learnt reading them.

    Returns the ``_ytd_m<M>``, ``_mon_m<M>`` and ``_prog_m<M>`` expressions (see
    :mod:`projtrack.read.model`), the month columns whose cells are money (for the
    not-a-number and 合计 checks) and findings; fills the sheet's ``month_columns``,
    ``ytd_chains``, ``latest_month`` and ``empty_columns``. A month given only by ten-day
    parts is their sum; where the block also has a 累计, that is used and checked
    against the sum.
    """
    month_uses = [use_of(c) for c in wide.ytd]
    values = {u.months: money(u) for u in month_uses}
    cells = list(month_uses)
    findings: list[Finding] = []
    part_uses: dict[int, list[ColumnUse]] = {}
    for m, cols in sorted(wide.parts.items()):
        parts = part_uses[m] = [use_of(c) for c in cols]
        cells += [replace(u, field="completed_ytd") for u in parts]
        summed = _sum_or_null([money(u) for u in parts])
        own = replace(parts[0], header=_parts_header(parts), field="completed_ytd")
        if (m, m) not in values:
            month_uses.append(own)
            values[(m, m)] = summed
            continue
        at = [u.months for u in month_uses].index((m, m))
        given = month_uses[at]
        prior = _prior(month_uses[:at] + month_uses[at + 1 :], values, m)
        if prior is not None and (1, m) not in values:
            running = prior + summed.fill_null(0.0)
            if _fits_running(projects, values[(m, m)], summed, running):
                # The block's 累计 runs from January (1-M月); the parts are the month.
                given = month_uses[at] = replace(given, months=(1, m))
                values[(1, m)] = values.pop((m, m))
                month_uses.append(own)
                values[(m, m)] = summed
                findings += _check_parts(projects, info.name, given, values[(1, m)], running,
                                         f"1-{m - 1}月累计加上旬、中旬、下旬")  # fmt: skip
                continue
        findings += _check_parts(projects, info.name, given, values[(m, m)], summed)
    month_uses.sort(key=lambda u: u.months or (0, 0))
    findings += _check_running(projects, info.name, month_uses, values, set(part_uses))
    info.month_columns = month_uses + [use_of(c) for c in wide.progress]
    info.ytd_chains = month_chains(month_uses)
    extra: list[pl.Expr] = [pl.lit(True).alias("_wide")]
    ytd: dict[int, pl.Expr] = {}
    for m, chain in info.ytd_chains.items():
        ytd[m] = _sum_or_null([values[u.months] for u in chain])
        extra.append(ytd[m].alias(f"_ytd_m{m}"))
    for m in ytd:
        piece = values.get((m, m))
        if piece is None and m - 1 in ytd:
            piece = ytd[m] - ytd[m - 1]
        if piece is not None:
            extra.append(piece.alias(f"_mon_m{m}"))
    for c in wide.progress:
        assert c.months is not None
        extra.append(clean_text(pl.col(f"c{c.index}")).alias(f"_prog_m{c.months[1]}"))
    filled = projects.select(
        (values[u.months].fill_null(0.0) != 0).any().alias(str(i)) for i, u in enumerate(month_uses)
    ).row(0)
    ends = [u.months[1] for u, ok in zip(month_uses, filled, strict=True) if ok and u.months]
    info.latest_month = max(ends) if ends else None
    info.empty_columns = [u for u, ok in zip(month_uses, filled, strict=True) if not ok]
    info.month_days = _ten_day_ends(projects, part_uses, money)
    return extra, cells, findings


def _ten_day_ends(
    projects: pl.DataFrame,
    parts: dict[int, list[ColumnUse]],
    money: Callable[[ColumnUse], pl.Expr],
) -> dict[int, int]:
    """For each month given in ten-day parts whose later parts are all empty, the day its
    figures run to: 10 (上旬 only) or 20 (上旬 and 中旬)."""
    uses = [u for m in sorted(parts) for u in parts[m]]
    if not uses:
        return {}
    filled = projects.select(
        (money(u).fill_null(0.0) != 0).any().alias(str(i)) for i, u in enumerate(uses)
    ).row(0)
    ends: dict[int, int] = {}
    for use, ok in zip(uses, filled, strict=True):
        part = ten_day_part(use.header.rsplit("/", 1)[-1])
        if ok and part and use.months:
            month = use.months[1]
            ends[month] = max(ends.get(month, 0), TEN_DAY_ENDS[part])
    return {m: day for m, day in ends.items() if day < TEN_DAY_ENDS["下旬"]}


def _sum_or_null(pieces: list[pl.Expr]) -> pl.Expr:
    """The sum of the pieces, null when every piece is empty (as no figure was given)."""
    return (
        pl.when(pl.all_horizontal([p.is_null() for p in pieces]))
        .then(None)
        .otherwise(pl.sum_horizontal(pieces))
    )


def _parts_header(parts: list[ColumnUse]) -> str:
    """``2024年逐月完成投资/8月(上旬+中旬+下旬)``: a month given by its ten-day parts."""
    heads = [u.header.rsplit("/", 1) for u in parts]
    parent = heads[0][0] if len(heads[0]) > 1 else ""
    leaves = "+".join(h[-1] for h in heads)
    return f"{parent}({leaves})" if parent else leaves


def _prior(uses: list[ColumnUse], values: dict[tuple[int, int] | None, pl.Expr],
           month: int) -> pl.Expr | None:  # fmt: skip
    """January to the month before ``month`` from these columns (empty as 0), if they give it."""
    if month == 1:
        return None
    chain = month_chains(uses).get(month - 1)
    return pl.sum_horizontal([values[u.months] for u in chain]) if chain else None


def _fits_running(projects: pl.DataFrame, total: pl.Expr, summed: pl.Expr,
                  running: pl.Expr) -> bool:  # fmt: skip
    """Whether a ten-day block's 累计 matches the running total from January on more rows
    than the month's own sum of its parts."""
    given = total.is_not_null() & summed.is_not_null()

    def hits(expected: pl.Expr) -> pl.Expr:
        return (given & ((total - expected).abs() <= PARTS_TOLERANCE)).sum()

    month, year = projects.select(hits(summed).alias("m"), hits(running).alias("y")).row(0)
    return bool(year > month)


def _check_running(projects: pl.DataFrame, sheet: str, uses: list[ColumnUse],
                   values: dict[tuple[int, int] | None, pl.Expr],
                   ten_day: set[int]) -> list[Finding]:  # fmt: skip
    """A stated 1-M月 (累计 beside 1月 … 6月) against the month columns added up, row by row
    (rows where the months are all empty are not compared: the 累计 alone is the figure).
    A month given in ten-day parts is checked with its parts (``ten_day``)."""
    out: list[Finding] = []
    for use in uses:
        if not use.months or use.months[0] != 1 or use.months[1] < 2 or use.months[1] in ten_day:
            continue
        others = [u for u in uses if u is not use and u.months != use.months]
        chain = month_chains(others).get(use.months[1])
        if chain:
            summed = _sum_or_null([values[u.months] for u in chain])
            out += _check_parts(projects, sheet, use, values[use.months], summed,
                                f"1-{use.months[1]}月各月之和", "months_mismatch")  # fmt: skip
    return out


def _check_parts(projects: pl.DataFrame, sheet: str, given: ColumnUse, month: pl.Expr,
                 summed: pl.Expr, what: str = "上旬、中旬、下旬之和",
                 code: str = "tenday_mismatch") -> list[Finding]:  # fmt: skip
    """A ten-day block's 累计 against the sum of its parts, row by row."""
    diff = projects.select(pl.col("_row"), month.alias("given"), summed.alias("summed")).filter(
        ((pl.col("given") - pl.col("summed")).abs() > PARTS_TOLERANCE).fill_null(False)
    )
    return [
        Finding(sheet, row, given.column, code,
                f"{given.header}为{a:,.2f}万元，{what}为{b:,.2f}万元，不一致；采用前者")
        for row, a, b in diff.iter_rows()
    ]  # fmt: skip


def ytd_header(month: int, chain: list[ColumnUse], day: int | None = None) -> str:
    """How the year-to-date column of a wide ledger is shown: 1-3月完成投资(1-2月… + 3月…)."""
    named = re.search(rf"(?<!\d)1-{month}月", normalize_text(chain[0].header))
    if len(chain) == 1 and chain[0].months == (1, month) and month > 1 and named and not day:
        return chain[0].header  # it says 1-M月 itself (not 8月 over 累计完成投资)
    span = f"1-{month}月" if month > 1 else "截至1月"
    if day:  # the month's ten-day parts run to its 上旬 or 中旬 only
        span = f"截至{month}月{'上' if day <= 10 else '中'}旬"
    heads = [u.header.rsplit("/", 1) for u in chain]
    if len(chain) > 1 and all(len(h) == 2 and h[0] == heads[0][0] for h in heads):
        # 2024年逐月完成投资(万元)/1月+2月+3月: one parent written once.
        return f"{span}完成投资({heads[0][0]}/{'+'.join(h[1] for h in heads)})"
    return f"{span}完成投资({' + '.join(u.header for u in chain)})"


def with_month(projects: pl.DataFrame, month: int, latest: int | None) -> pl.DataFrame:
    """Set completed_ytd / completed_month / progress_text of the wide rows to ``month``.

    Each comes from the month's own columns; a plain 本月完成投资 or 形象进度 column
    (no month in its header) stands for the latest month only.
    """
    wide = pl.col("_wide")

    def at(prefix: str) -> pl.Expr:
        column = f"{prefix}{month}"
        return pl.col(column) if column in projects.columns else pl.lit(None)

    base = pl.lit(month == latest)
    month_value = pl.coalesce(at("_mon_m"), pl.when(base).then(pl.col("_mon_base")))
    progress = pl.coalesce(at("_prog_m"), pl.col("_prog_base"))
    return projects.with_columns(
        pl.when(wide).then(at("_ytd_m")).otherwise(pl.col("completed_ytd")).alias("completed_ytd"),
        pl.when(wide).then(month_value).otherwise(pl.col("completed_month"))
        .alias("completed_month"),
        pl.when(wide).then(progress).otherwise(pl.col("progress_text")).alias("progress_text"),
    )  # fmt: skip


def sheet_at_month(info: SheetInfo, month: int) -> SheetInfo:
    """The sheet's column list with the year-to-date column(s) of ``month``."""
    if not info.used or not info.ytd_chains:
        return info
    chain = info.ytd_chains.get(month)
    columns = [c for c in info.columns if c.field not in ("completed_ytd", "progress_text")]
    if chain:
        header = ytd_header(month, chain, info.month_days.get(month))
        columns.append(replace(chain[-1], header=header, months=(1, month)))
    progress = [c for c in info.month_columns if c.field == "progress_text"
                and c.months and c.months[1] == month]  # fmt: skip
    plain = [c for c in info.columns if c.field == "progress_text" and not c.months]
    columns.extend(progress[:1] or plain[:1])
    order = {c: i for i, c in enumerate(CANONICAL_FIELDS)}
    columns.sort(key=lambda c: (order.get(c.field, 99), c.column))
    return replace(info, columns=columns)


def month_findings(sheets: list[SheetInfo], month: int) -> list[Finding]:
    """Month columns up to ``month`` that are empty for every project of their sheet.

    Their months count as 0 in the year-to-date sum, which is right only if nothing was
    invested: the ledger may be incomplete, so each such sheet gets one finding.
    """
    out = []
    for info in sheets:
        chain = info.ytd_chains.get(month, [])
        empty = [u for u in chain if u in info.empty_columns]
        if empty:
            spans = "、".join(_span(u) for u in empty)
            out.append(
                Finding(info.name, empty[0].header_row, empty[0].column, "month_empty",
                        f"{spans}的完成投资全部为空（或为0），1-{month}月累计按0计入；"
                        "台账可能未填完整")
            )  # fmt: skip
    return out


def month_spans(sheets: list[SheetInfo]) -> str:
    """The month columns of the used sheets, for a message: ``1月…12月 (1-5月 filled)``."""
    spans = {u.months for s in sheets if s.used for u in s.month_columns
             if u.field == "completed_ytd" and u.months}  # fmt: skip
    ordered = sorted(spans)
    return f"{_months(ordered[0])}…{_months(ordered[-1])}" if ordered else ""


def _span(use: ColumnUse) -> str:
    return _months(use.months) if use.months else use.header


def _months(span: tuple[int, int] | None) -> str:
    if span is None:
        return ""
    first, last = span
    return f"{last}月" if first == last else f"{first}-{last}月"
