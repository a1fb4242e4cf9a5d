"""Rounding as a person does it on the displayed digits: half away from zero.

Python's round() is half-to-even and float-based (it would show 0.125 as 0.12, and
2.675 as 2.67); values go through Decimal from their shortest repr, so 30.85 shows as
30.9 and a score of 77.925 is published as 77.93. Rankings that tie on the published
score (拉练) use the same rule as the display, so a tie a reader sees is a tie.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

# Figures equal to this many decimals tie when projects are ranked (1.2 ÷ 3 and
# 400 ÷ 1000 differ in a float's last bit but are the same 40%).
TIE_DECIMALS = 9


def round_half_up(value: float, digits: int) -> Decimal:
    """``value`` rounded half away from zero to ``digits`` decimals, as a Decimal."""
    quantum = Decimal(1).scaleb(-digits)
    return Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP)


def published(value: float | None, digits: int) -> float | None:
    """The value as it is published at ``digits`` decimals (None stays None)."""
    return None if value is None else float(round_half_up(value, digits))
