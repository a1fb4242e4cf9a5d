"""Whether a sheet's own 合计 agrees with its projects as read: the test that settles a
reading the labels leave open (a weak section, a parent found by its figures, a project's
parts), shared by :mod:`projtrack.read.heads` and :mod:`projtrack.read.components`.
"""

from __future__ import annotations

import re

import polars as pl

from projtrack.read.values import clean_text, parse_number

__all__ = ["close", "total_agrees"]


def close(given: float, expected: float, text: str | None) -> bool:
    """Within the rounding of the digits shown, as a 合计 is checked on reconciling."""
    digits = re.search(r"\.(\d+)", text or "")
    half = 0.5 * 10 ** -(len(digits.group(1)) if digits else 0)
    return abs(given - expected) <= max(0.01, half) + 1e-9 * abs(expected)


def total_agrees(body: pl.DataFrame, money: list[str]) -> bool:
    """The sheet's last 合计 with figures equals the sum of every project as read."""
    totals = body.filter(pl.col("_kind") == "total")
    if totals.height == 0:
        return False
    given = totals.select(parse_number(pl.col(c)).alias(c) for c in money).row(-1)
    texts = totals.select(clean_text(pl.col(c)).alias(c) for c in money).row(-1)
    summed = (
        body.filter(pl.col("_kind") == "project")
        .select(parse_number(pl.col(c)).fill_null(0.0).sum().alias(c) for c in money)
        .row(0)
    )
    pairs = [(g, s, t) for g, s, t in zip(given, summed, texts, strict=True) if g is not None]
    return bool(pairs) and all(close(g, s, t) for g, s, t in pairs)
