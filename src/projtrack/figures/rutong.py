"""入统 reconciliation: ledger projects against the statistics bureau's list (应统尽统).

Matching, in this order, each statistics row used once:

1. pinned pairs (``[rutong] aliases``: ledger name → statistics name);
2. the project code, where both sides have one (统一项目代码 2401-510623-04-01-567812:
   dashes, spaces, width and case ignored, so 24015106230401567812 is the same code);
3. the name as written: full/half width, traditional/simplified, punctuation and spaces
   removed (:func:`~projtrack.figures.rutong_names.text_key`);
4. the looser name key: company words (有限公司, 有限责任公司, 股份有限公司) dropped as
   well, and the endings 项目/工程/建设 (:func:`~projtrack.figures.rutong_names.name_key`)
   — so of 人民医院住院楼 and 人民医院住院楼建设项目 in one list, the ledger's
   人民医院住院楼 takes its own; rows sharing a key where the name decided are said
   (:func:`shared_names`);
5. a fuzzy match of the name keys (rapidfuzz ``ratio``, numerals read as their values:
   叁期 = 三期) at or above the threshold, best pairs first — listed with their score for
   a person to confirm; never two names that differ in a distinguishing token (a number,
   ordinal, phase, section, side, year or road code: 一期/二期, A区/B区, 东段/西段,
   2023年/2024年, G350/G351, 第二/第三; :func:`~projtrack.figures.rutong_names.apart`):
   however alike, they are two projects.

Figures: 入库率 = matched ÷ due, where due = started projects (实际开工 on or before the
as-of date) whose total investment is at least the threshold (500 万元) — every started
project when the ledger gives no 总投资 at all (said as a finding); 已开工未入库 with
months since the start, coloured by ``[warnings]`` stats_yellow_months / stats_red_months
as ``warn``'s 入统 dimension; the ledger's completion beside the statistics' per unit and in
total, both over the unit's annual plan; 偏离度 = (ledger − statistics) ÷ statistics, and a
statistics figure of 0 against a ledger figure above 0 is the largest deviation of all
(no ratio: listed first, its 偏离度 left null).
"""

from __future__ import annotations

import re
from datetime import date

import polars as pl
from rapidfuzz import fuzz

from projtrack.errors import Finding
from projtrack.figures.metrics import group_of
from projtrack.figures.rutong_names import apart, fuzzy_key, marks, name_key, text_key
from projtrack.text import normalize_text

__all__ = ["by_group", "code_key", "deviates", "disagreements", "match_projects", "name_key",
           "reconcile", "shared_names", "stats_zero", "total"]  # fmt: skip


def code_key(code: str | None) -> str:
    """A project code as compared: the national 项目代码 2401-510623-04-01-567812 is
    written with dashes, spaces or none at all, half- or full-width, so only its letters
    and digits count (24015106230401567812). A text without a digit (待赋码, 无) is no code:
    two such cells must not pair two projects."""
    key = re.sub(r"[^0-9A-Za-z\u4e00-\u9fff]", "", normalize_text(code or "")).upper()
    return key if re.search(r"\d", key) else ""


def match_projects(
    ledger: pl.DataFrame,
    stats: pl.DataFrame,
    *,
    aliases: dict[str, str],
    threshold: float,
) -> pl.DataFrame:
    """One row per ledger project: ``_lid`` (its row in ``ledger``), ``_sid`` (the matched
    statistics row, or null), ``how`` (alias, code, name, fuzzy) and ``score`` (fuzzy)."""
    lids, names, codes = range(ledger.height), ledger["name"].to_list(), ledger["id"].to_list()
    s_names, s_codes = stats["name"].to_list(), stats["code"].to_list()
    free = set(range(stats.height))
    found: dict[int, tuple[int, str, float | None]] = {}

    def take(lid: int, sid: int, how: str, score: float | None = None) -> None:
        found[lid] = (sid, how, score)
        free.discard(sid)

    by_text = _index([text_key(n) for n in s_names])
    by_name = _index([name_key(n) for n in s_names])

    def named(name: str | None, keys: tuple[bool, ...] = (True, False)) -> int | None:
        """The first free statistics row of this name: as written, else by name key."""
        for strict in keys:
            index, key = (by_text, text_key(name)) if strict else (by_name, name_key(name))
            sid = next((s for s in index.get(key, []) if s in free), None)
            if sid is not None:
                return sid
        return None

    for lid in lids:
        pinned = aliases.get(names[lid] or "")
        sid = named(pinned) if pinned else None
        if sid is not None:
            take(lid, sid, "alias")
    by_code = _index([code_key(c) for c in s_codes])
    for lid in lids:
        key = code_key(codes[lid])
        if lid not in found and key:
            sid = next((s for s in by_code.get(key, []) if s in free), None)
            if sid is not None:
                take(lid, sid, "code")
    for strict in (True, False):  # every name as written first, then the looser keys
        for lid in lids:
            sid = None if lid in found else named(names[lid], (strict,))
            if sid is not None:
                take(lid, sid, "name")
    left = {lid: fuzzy_key(names[lid]) for lid in lids if lid not in found and names[lid]}
    right = {sid: fuzzy_key(s_names[sid]) for sid in free}
    scored = ((fuzz.ratio(a, b, score_cutoff=threshold), lid, sid)
              for lid, a in left.items() for sid, b in right.items())  # fmt: skip
    pairs = sorted((p for p in scored if p[0] > 0), key=lambda p: (-p[0], p[1], p[2]))
    for score, lid, sid in pairs:
        if lid in found or sid not in free or apart(marks(names[lid]), marks(s_names[sid])):
            continue
        take(lid, sid, "fuzzy", round(score, 1))
    rows = [(lid, *found.get(lid, (None, None, None))) for lid in lids]
    return pl.DataFrame(rows, schema={"_lid": pl.Int64, "_sid": pl.Int64, "how": pl.String,
                                      "score": pl.Float64}, orient="row")  # fmt: skip


def shared_names(
    ledger: pl.DataFrame, stats: pl.DataFrame, matches: pl.DataFrame, *, file: str
) -> list[Finding]:
    """A ``stats_same_name`` finding for each name key two or more statistics rows share
    where a ledger project was paired by name: which row it took was a choice (the one
    written as the ledger writes it, else the first), and the user should know it."""
    s_names = stats["name"].to_list()
    taken = {sid: (lid, how) for lid, sid, how in matches.select("_lid", "_sid", "how").iter_rows()
             if sid is not None}  # fmt: skip
    found = []
    for sids in _index([name_key(n) for n in s_names]).values():
        if len(sids) < 2 or not any(taken.get(s, (0, ""))[1] == "name" for s in sids):
            continue
        rows = [(stats["_row"][s], s_names[s], taken.get(s)) for s in sids]
        listed = "、".join(f"第{row}行“{name}”" for row, name, _ in rows)
        paired = "；".join(
            f"第{row}行配对台账“{ledger['name'][t[0]]}”" if t else f"第{row}行未配对"
            for row, _, t in rows
        )
        message = (f"统计清单《{file}》{listed}去掉“项目/工程/建设”及公司字样后同名：{paired}"
                   "（名称完全一致者优先，其次按清单顺序）；请核对，必要时在 [rutong] aliases "
                   "中指定")  # fmt: skip
        found.append(Finding(stats["_sheet"][sids[0]], rows[0][0], None, "stats_same_name",
                             message))  # fmt: skip
    return found


def deviates(threshold: float) -> pl.Expr:
    """Listed under 偏离度: above ``threshold`` in absolute value, or a statistics figure of
    0 against a ledger figure above 0 — no ratio, and the largest gap of all."""
    return (pl.col("deviation").abs() > threshold) | stats_zero()


def stats_zero() -> pl.Expr:
    """Matched, the statistics say 0 and the ledger says more: 偏离度 has no value."""
    return (
        pl.col("_sid").is_not_null()
        & (pl.col("stats_completed") == 0)
        & (pl.col("completed_ytd").fill_null(0.0) > 0)
    )


def _index(keys: list[str]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        if key:
            out.setdefault(key, []).append(i)
    return out


def reconcile(
    ledger: pl.DataFrame,
    stats: pl.DataFrame,
    matches: pl.DataFrame,
    *,
    as_of: date,
    by: str,
    threshold_wan: float,
    yellow_months: int,
    red_months: int,
) -> pl.DataFrame:
    """Every ledger project with its match, ``due``, ``months`` since its start, ``color``
    (blue when entered or not yet due), its statistics completion and ``deviation``;
    ``group`` is null where ``by`` is "" (a ledger reconciled in total only)."""
    stats_part = stats.with_row_index("_sid").select(
        pl.col("_sid").cast(pl.Int64), pl.col("name").alias("stats_name"),
        pl.col("code").alias("stats_code"), pl.col("completed").alias("stats_completed"),
        pl.col("entered"),
    )  # fmt: skip
    start = pl.col("actual_start")
    started = start.is_not_null() & (start <= as_of)
    months = (as_of.year * 12 + as_of.month) - (
        start.dt.year().cast(pl.Int64) * 12 + start.dt.month().cast(pl.Int64)
    )
    big = pl.col("total_investment").fill_null(0.0) >= threshold_wan
    if ledger["total_investment"].is_null().all():  # no 总投资: the threshold cannot apply
        big = pl.lit(True)
    group = group_of(by) if by else pl.lit(None, pl.String)
    matched = pl.col("_sid").is_not_null()
    pending = pl.col("due") & ~matched
    color = (
        pl.when(pending & (pl.col("months") > red_months)).then(pl.lit("red"))
        .when(pending & (pl.col("months") >= yellow_months)).then(pl.lit("yellow"))
        .otherwise(pl.lit("blue"))
    )  # fmt: skip
    done, in_stats = pl.col("completed_ytd").fill_null(0.0), pl.col("stats_completed")
    deviation = pl.when(matched & (in_stats != 0)).then((done - in_stats) / in_stats)
    return (
        ledger.with_row_index("_lid")
        .with_columns(pl.col("_lid").cast(pl.Int64), group.alias("group"))
        .join(matches, on="_lid", how="left")
        .join(stats_part, on="_sid", how="left")
        .with_columns((started & big).alias("due"), months.alias("months"))
        .with_columns(color.alias("color"), deviation.alias("deviation"))
    )


def by_group(rows: pl.DataFrame) -> pl.DataFrame:
    """Per group: due, entered (matched among due), 入库率, and the ledger's and the
    statistics' completion over the group's annual plan."""
    plan = pl.col("annual_plan").fill_null(0.0).sum()
    return (
        rows.group_by("group", maintain_order=True)
        .agg(
            pl.len().alias("projects"),
            pl.col("due").sum().cast(pl.Int64).alias("due"),
            (pl.col("due") & pl.col("_sid").is_not_null()).sum().cast(pl.Int64).alias("entered"),
            plan.alias("annual_plan"),
            pl.col("completed_ytd").fill_null(0.0).sum().alias("completed_ytd"),
            pl.col("stats_completed").fill_null(0.0).sum().alias("stats_completed"),
        )
        .with_columns(*_rates())
        .sort("group")
    )


def total(rows: pl.DataFrame) -> dict[str, float | int | None]:
    """The same figures over all projects."""
    frame = by_group(rows.with_columns(pl.lit("合计").alias("group")))
    return frame.drop("group").row(0, named=True)


def _rates() -> list[pl.Expr]:
    plan = pl.col("annual_plan")
    return [
        pl.when(pl.col("due") > 0).then(pl.col("entered") / pl.col("due")).alias("entry_rate"),
        pl.when(plan > 0).then(pl.col("completed_ytd") / plan).alias("ledger_rate"),
        pl.when(plan > 0).then(pl.col("stats_completed") / plan).alias("stats_rate"),
        # the ledger's rate above the statistics', in percentage points
        pl.when(plan > 0)
        .then((pl.col("completed_ytd") - pl.col("stats_completed")) / plan * 100)
        .alias("gap_pp"),
    ]


def disagreements(rows: pl.DataFrame, entered: pl.Expr) -> pl.DataFrame:
    """Projects whose own 是否入统 cell (``entered``: true, false, or null when empty) says
    otherwise than the match: ``kind`` is ``listed_not_matched`` (the cell says 入统, the
    list has no such project) or ``matched_not_listed`` (the cell says not, the list has it)."""
    says = entered
    kind = (
        pl.when(says & pl.col("_sid").is_null()).then(pl.lit("listed_not_matched"))
        .when(~says & pl.col("_sid").is_not_null()).then(pl.lit("matched_not_listed"))
    )  # fmt: skip
    return rows.with_columns(kind.alias("kind")).filter(pl.col("kind").is_not_null())
