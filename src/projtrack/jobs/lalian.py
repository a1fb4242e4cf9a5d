"""The ``lalian`` job: the judges' score sheets of a 拉练 in, each unit's score, rank and
the 流动红旗 / 约谈 lists out (methods and the tie rule: :mod:`projtrack.figures.lalian`).

A score that cannot be used — missing, not a number, above its item's maximum, a rank
out of range, a unit that is not taking part — stops the run (exit 1) naming each cell;
with ``allow_missing`` a missing score is left out of its unit's mean and reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from projtrack.config import Config
from projtrack.errors import Finding, LedgerError, UsageError, cell_ref
from projtrack.figures.lalian import (
    METHODS,
    NO_GROUP,
    ScoreProblem,
    rank_units,
    score_problems,
    unit_scores,
)
from projtrack.figures.lalian_stated import rank_mismatches, stated_mismatches
from projtrack.period import FILING_DATE
from projtrack.read.scoresheet import SINGLE_ITEM, ScoreSheet, read_scores
from projtrack.text import arabic_dates, normalize_text

SHOWN_PROBLEMS = 12  # cells named in the error; the rest are counted
QUARTER_DIGITS = {"1季度": "一季度", "2季度": "二季度", "3季度": "三季度", "4季度": "四季度"}
YEAR = r"(20\d{2})\s*年"
PERIOD = r"第?[一二三四1-4]季度|上半年|下半年|前三季度|全年|(?<!\d)\d{1,2}月(?:份)?"


@dataclass
class LalianReport:
    """Each unit's 拉练 score and rank, by group; the rule used; what was noted."""

    path: Path
    method: str
    label: str  # 一季度 / 2024年3月 … from --label or the file name; "" when unknown
    units: pl.DataFrame  # group, rank, unit, score, published, list, judges, + item columns
    items: list[str]
    item_max: dict[str, float]
    decimals: int
    top_n: int
    warnings: list[Finding] = field(default_factory=list)

    @property
    def groups(self) -> list[str]:
        """Group names in ranking order ("" for a single, unnamed group)."""
        return self.units["group"].unique(maintain_order=True).to_list()

    def to_json(self) -> dict[str, Any]:
        """Scores unrounded (``score``) and as published (``published``), ranks and lists."""
        keys = ["group", "rank", "unit", "score", "published", "list", "judges", *self.items]
        keys = [k for k in dict.fromkeys(keys) if k in self.units.columns]
        return {
            "file": self.path.name,
            "label": self.label,
            "method": self.method,
            "decimals": self.decimals,
            "top_n": self.top_n,
            "items": self.items,
            "item_max": self.item_max,
            "units": self.units.select(keys).to_dicts(),
            "warnings": [w.to_json() for w in self.warnings],
        }


def lalian(
    scores: Path | str,
    *,
    method: str | None = None,
    label: str | None = None,
    allow_missing: bool = False,
    config: Config | None = None,
) -> LalianReport:
    """Score, rank and list the units of a 拉练 from the judges' sheets."""
    cfg = (config or Config()).lalian
    aliases = (config or Config()).alias_map()
    chosen = method or cfg.method
    if chosen not in METHODS:
        raise UsageError(f"--method must be one of {', '.join(METHODS)}, got {chosen!r}")
    weights = dict(cfg.period_weights)
    if chosen == "periods" and not weights:
        raise UsageError(
            "method periods needs the weight of each period: [lalian] period_weights = "
            '{ "1月" = 0.3, "2月" = 0.3, "3月" = 0.3, "季度" = 0.1 }'
        )
    sheet = read_scores(scores, periods=chosen == "periods")
    _refuse_ranks_as_scores(sheet, chosen)
    frame = _named(sheet.scores, aliases, dict(cfg.groups))
    stated = sheet.stated.with_columns(pl.col("unit").replace(aliases)) if aliases else sheet.stated
    item_max = sheet.item_max | dict(cfg.items)
    problems = score_problems(frame, method=chosen, item_max=item_max, weights=weights)
    problems += _unit_problems(frame, sheet, set(cfg.units), dict(cfg.groups))
    notes = _stop_or_note(sheet.path, problems, allow_missing, periods=chosen == "periods")
    if frame["value"].is_null().all():
        raise LedgerError(
            sheet.path,
            "没有一处可用的得分：每个单位的得分都是空的或不是数字，无法排名（no usable score）",
        )
    if chosen == "weighted" and not item_max:
        raise UsageError(
            "method weighted needs each item's maximum: [lalian] items = "
            '{ "项目质量" = 40, "投资规模" = 30, "推进速度" = 30 }, or 项目质量(40分) in the header'
        )
    units = unit_scores(frame, method=chosen, item_max=item_max, weights=weights)
    ranked = rank_units(
        units, decimals=cfg.decimals, top_n=cfg.top_n, group_order=[g for g, _ in cfg.groups]
    )
    checks = stated_mismatches(frame, stated, method=chosen)
    checks += rank_mismatches(ranked, stated, items=len(sheet.items))
    skipped = [Finding(s, None, None, "sheet_skipped", f"未计入：{why}", "info")
               for s, why in sheet.skipped]  # fmt: skip
    items = [] if chosen in ("vote", "periods") or sheet.items == [SINGLE_ITEM] else sheet.items
    if chosen == "periods":
        items = frame["judge"].unique(maintain_order=True).to_list()
    words, conflicts = (label, []) if label is not None else _label(sheet)
    return LalianReport(
        path=sheet.path,
        method=chosen,
        label=words,
        units=ranked,
        items=items,
        item_max={k: v for k, v in item_max.items() if k in items},
        decimals=cfg.decimals,
        top_n=cfg.top_n,
        warnings=[*skipped, *conflicts, *notes, *_findings(checks)],
    )


def _refuse_ranks_as_scores(sheet: ScoreSheet, method: str) -> None:
    """A long table whose only figure is a 名次 column holds each judge's ranking (a vote):
    averaged as scores, the last place would come first."""
    if method == "vote" or not sheet.ranks_read:
        return
    name, row, column, header = sheet.ranks_read[0]
    raise LedgerError(
        sheet.path,
        f"{cell_ref(name, row, column)}（{header}）：该列是名次，不是得分；评委排名投票表请加 "
        "--method vote（a rank column cannot be averaged as scores）",
    )


def _findings(problems: list[ScoreProblem]) -> list[Finding]:
    return [Finding(p.sheet, p.row or None, None if p.column < 0 else p.column, p.code,
                    p.message) for p in problems]  # fmt: skip


def _named(scores: pl.DataFrame, aliases: dict[str, str], groups: dict[str, tuple[str, ...]]
           ) -> pl.DataFrame:  # fmt: skip
    """Unit names as configured (aliases), and each unit's group from ``[lalian] groups``."""
    frame = scores.with_columns(pl.col("unit").replace(aliases)) if aliases else scores
    if groups:
        member = {m: name for name, members in groups.items() for m in members}
        frame = frame.with_columns(
            pl.col("unit").replace_strict(member, default=None, return_dtype=pl.String)
            .fill_null(pl.col("group")).alias("group")
        )  # fmt: skip
    return frame.with_columns(pl.col("group").fill_null(NO_GROUP))


def _unit_problems(
    frame: pl.DataFrame,
    sheet: ScoreSheet,
    known: set[str],
    groups: dict[str, tuple[str, ...]],
) -> list[ScoreProblem]:
    """Units not taking part (``[lalian] units``), not in any group, or without a score on
    an item sheet where the others have one (a misspelt name in one sheet)."""
    problems: list[ScoreProblem] = []
    members = {m for ms in groups.values() for m in ms}
    firsts = frame.group_by("unit", maintain_order=True).agg(pl.col("_sheet", "_row", "_col")
                                                             .first())  # fmt: skip
    for unit, s, r, c in firsts.iter_rows():
        if known and unit not in known:
            message = f"{unit}：不在参评单位名单（[lalian] units）中"
            problems.append(ScoreProblem(s, r, c, "unknown_unit", message))
        elif groups and unit not in members:
            message = f"{unit}：不在任何分组（[lalian] groups）中"
            problems.append(ScoreProblem(s, r, c, "unknown_unit", message))
    per_sheet = frame.group_by("_sheet", maintain_order=True).agg(pl.col("unit").unique())
    everywhere = set(frame["unit"].unique().to_list())
    if per_sheet.height > 1 and set(sheet.layouts.values()) != {"long"}:
        for name, units in per_sheet.iter_rows():
            for unit in sorted(everywhere - set(units)):
                message = f"{unit}：本表没有该单位的得分（单位名称是否一致？）"
                problems.append(ScoreProblem(name, 0, -1, "missing", message))
    return problems


def _stop_or_note(
    path: Path, problems: list[ScoreProblem], allow_missing: bool, *, periods: bool = False
) -> list[Finding]:
    """Raise with every problem cell, or (``allow_missing``) turn missing scores into notes."""
    findings = _findings(problems)
    fatal = [f for f in findings if not (allow_missing and f.code == "missing")]
    if fatal:
        shown = "；".join(f"{cell_ref(f.sheet, f.row, f.column)} {f.message}"
                         for f in fatal[:SHOWN_PROBLEMS])  # fmt: skip
        more = f"；另有{len(fatal) - SHOWN_PROBLEMS}处" if len(fatal) > SHOWN_PROBLEMS else ""
        rest = "各期" if periods else "评委"
        hint = f"；缺少得分时可加 --allow-missing 按已有{rest}计算" if any(
            f.code == "missing" for f in fatal
        ) else ""  # fmt: skip
        raise LedgerError(path, f"{len(fatal)}处得分不能使用：{shown}{more}{hint}")
    return findings


def _label(sheet: ScoreSheet) -> tuple[str, list[Finding]]:
    """The period the sheet's title names (2024年二季度全市重点项目拉练评比打分表), else the
    file name's (2024年一季度拉练打分.xlsx), as other commands read a ledger's period; a
    year alone (2024年观摩评议投票表) is a label too. When the two name different periods
    the title's is used and the difference noted."""
    title = next((w for w in map(_period_words, sheet.titles) if any(w)), (None, None))
    name = _period_words(sheet.path.stem)
    year, word = title
    findings = []
    for got, other, what in ((title[0], name[0], "年份"), (title[1], name[1], "期别")):
        if got and other and got != other:
            message = f"{what}不一致：标题为“{got}”，文件名为“{other}”；采用标题"
            findings.append(Finding(None, None, None, "as_of_conflict", message))
    if word is None:
        word = name[1]
    if year is None and (title[1] is None or name[1] in (None, title[1])):
        year = name[0]
    return (year or "") + (word or ""), findings


def _period_words(text: str) -> tuple[str | None, str | None]:
    """(2024年, 一季度) from a title or file name (二〇二四年 in digits; a 填报日期 is not the
    period); either may be None."""
    text = re.sub(FILING_DATE, "", arabic_dates(normalize_text(text)))
    year = re.search(YEAR, text)
    word = re.search(PERIOD, text)
    period = word.group(0).replace("第", "") if word else None
    if period:
        period = QUARTER_DIGITS.get(period, period)
    return (f"{year.group(1)}年" if year else None), period
