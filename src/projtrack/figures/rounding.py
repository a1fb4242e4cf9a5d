"""Rounding as a person does it on the displayed digits: half away from zero.

Python's round() is half-to-even and float-based (it would show 0.125 as 0.12, and
2.675 as 2.67); values go through Decimal from their shortest repr, so 30.85 shows as
30.9 and a score of 77.925 is published as 77.93. A computed value is first snapped to
:data:`TIE_DECIMALS` decimals: 199.5 ÷ 1000 − 0.5 is −30.049999999999997 pp in floats,
the mean of 80.02 and 80.07 is 80.04499999999999, and a person computing them by hand
gets −30.05 and 80.045, so they publish −30.1 and 80.05. Rankings that tie on the published
score (拉练) use the same rule as the display, so a tie a reader sees is a tie.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

# Figures equal to this many decimals tie when projects are ranked (1.2 ÷ 3 and
# 400 ÷ 1000 differ in a float's last bit but are the same 40%).
TIE_DECIMALS = 9


def round_half_up(value: float, digits: int) -> Decimal:
    """``value`` rounded half away from zero to ``digits`` decimals, as a Decimal."""
    quantum = Decimal(1).scaleb(-digits)
    snapped = round(value, TIE_DECIMALS) if digits < TIE_DECIMALS else value
    return Decimal(repr(snapped)).quantize(quantum, rounding=ROUND_HALF_UP)


def published(value: float | None, digits: int) -> float | None:
    """The value as it is published at ``digits`` decimals (None stays None)."""
    return None if value is None else float(round_half_up(value, digits))


def half_away(expr: pl.Expr, digits: int) -> pl.Expr:
    """:func:`round_half_up` as a Polars expression (snapped, then half away from zero).

    Scaled first, so that the half is exact in binary: −30.049999999999997 × 10 snapped
    is −300.5, which rounds to −301, i.e. −30.1.
    """
    scale = 10.0**digits
    snapped = (expr * scale).round(max(TIE_DECIMALS - digits, 0))
    return (snapped.round(0, mode="half_away_from_zero") / scale).round(digits)
