"""What a 拉练 sheet states beside its judges' scores, reconciled with them.

A judges' sheet often carries its own 总分, 平均分, 得分 or 名次 per unit, typed or computed
in Excel. They are never read as scores (the judges' cells are), but each is a check, as
a ledger's 合计 is (SPEC §5): 总分/合计 against the sum of the unit's judges' scores,
平均分 against their mean, 去掉最高最低分后平均分 against the trimmed mean, 得分/最终得分
against the unit's score by the method used — and, if the sheet's 得分 is the other
method's (a sheet scored with 去掉最高最低分 run with the plain mean), the method that
gives it — and 名次 against the rank. A difference beyond the rounding of the digits
typed is a warning naming the cell; the judges' scores are used either way.
"""

from __future__ import annotations

import re

import polars as pl

from projtrack.figures.lalian import ScoreProblem

METHOD_OF_KIND = {"mean": "mean", "trimmed": "trimmed"}  # a stated mean is that method's
KIND_WORDS = {"total": "评委得分之和", "mean": "评委平均分",
              "trimmed": "去掉一个最高分和一个最低分后的平均分"}  # fmt: skip
JUDGE_METHODS = ("mean", "trimmed", "weighted")  # methods a stated 得分 can be checked for


def stated_mismatches(
    scores: pl.DataFrame, stated: pl.DataFrame, *, method: str
) -> list[ScoreProblem]:
    """Each stated 总分, 平均分, trimmed mean or 得分 (per unit and item) that differs from
    the judges' scores it was derived from, beyond the rounding of the digits typed.

    Only methods whose item score is a mean of judges are checked (``mean``, ``trimmed``,
    ``weighted``): a vote's or a period table's 总分 is another formula's.
    """
    if method not in JUDGE_METHODS:
        return []
    given = stated.with_row_index("_at").filter(
        pl.col("value").is_not_null() & (pl.col("kind") != "rank")
    )
    if given.height == 0:
        return []
    value = pl.col("value")
    figures = (
        scores.filter(value.is_not_null())
        .group_by("unit", "item")
        .agg(
            value.sum().alias("total"),
            value.mean().alias("mean"),
            pl.when(value.count() >= 3)
            .then((value.sum() - value.max() - value.min()) / (value.count() - 2))
            .alias("trimmed"),
        )
    )
    own = "trimmed" if method == "trimmed" else "mean"
    joined = given.join(figures, on=["unit", "item"], how="inner").sort("_at")
    problems = []
    for rec in joined.iter_rows(named=True):
        kind = rec["kind"]
        expected = rec[own if kind == "score" else kind]
        if expected is None or _close(rec["value"], expected, rec["text"]):
            continue
        words = KIND_WORDS[own if kind == "score" else kind]
        message = (
            f"{rec['unit']}{_item(rec['item'], scores)}：表列{rec['header']}{rec['text']}"
            f"与{words}{_shown(expected)}不符（按评委打分计算，表列数未用）"
        )
        other = "mean" if own == "trimmed" else "trimmed"
        if kind == "score" and rec[other] is not None and _close(rec["value"], rec[other],
                                                                 rec["text"]):  # fmt: skip
            message += f"；它等于{KIND_WORDS[other]}，是否应加 --method {other}"
        problems.append(ScoreProblem(rec["_sheet"], rec["_row"], rec["_col"], "score_mismatch",
                                     message))  # fmt: skip
    return problems


def rank_mismatches(
    ranked: pl.DataFrame, stated: pl.DataFrame, *, items: int
) -> list[ScoreProblem]:
    """Each stated 名次 that differs from the rank computed (only for a sheet of one item:
    an item sheet's 名次 ranks that item alone)."""
    given = stated.with_row_index("_at").filter(
        pl.col("value").is_not_null() & (pl.col("kind") == "rank")
    )
    if items != 1 or given.height == 0:
        return []
    joined = given.join(ranked.select("unit", "rank"), on="unit", how="inner").sort("_at")
    wrong = joined.filter(pl.col("rank").is_not_null() & (pl.col("value") != pl.col("rank")))
    return [
        ScoreProblem(rec["_sheet"], rec["_row"], rec["_col"], "rank_mismatch",
                     f"{rec['unit']}：表列{rec['header']}{rec['text']}与按得分排出的第{rec['rank']}名"
                     "不符（以计算的名次为准）")
        for rec in wrong.iter_rows(named=True)
    ]  # fmt: skip


def _shown(x: float) -> str:
    """A computed figure to four decimals at most: 91.5833, 439.4, 92."""
    return f"{x:.4f}".rstrip("0").rstrip(".")


def _item(item: str, scores: pl.DataFrame) -> str:
    """（项目质量） when the sheet scores several items, "" for one."""
    return f"（{item}）" if scores["item"].n_unique() > 1 else ""


def _close(given: float, expected: float, text: str | None) -> bool:
    """Within the rounding of the digits typed (87.9 for 87.88 agrees, 87.80 does not)."""
    digits = re.search(r"\.(\d+)", text or "")
    half = 0.5 * 10 ** -(len(digits.group(1)) if digits else 0)
    return abs(given - expected) <= half + 1e-9 * max(1.0, abs(expected))
