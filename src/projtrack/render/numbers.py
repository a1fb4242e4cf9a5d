"""Displayed numbers in the official style of SPEC §4.

Round half away from zero on the displayed digits (see :mod:`projtrack.figures.rounding`).
"""

from __future__ import annotations

from datetime import date

from projtrack.figures.rounding import round_half_up


def fixed(value: float | None, digits: int, *, empty: str = "—") -> str:
    """A number with a fixed count of decimals (no thousands separator)."""
    if value is None:
        return empty
    rounded = round_half_up(value, digits)
    if rounded == 0:
        rounded = abs(rounded)  # never show "-0.0" for a tiny negative value
    return f"{rounded:f}"


def grouped(value: float | None, digits: int = 0, *, empty: str = "—") -> str:
    """A number with thousands separators: 1,606,949."""
    if value is None:
        return empty
    rounded = round_half_up(value, digits)
    return f"{abs(rounded) if rounded == 0 else rounded:,.{digits}f}"


def percent(rate: float | None, digits: int = 1, *, empty: str = "—") -> str:
    """A rate as a percentage: 0.3080 → 30.8%."""
    return empty if rate is None else f"{fixed(rate * 100, digits)}%"


def signed_pp(value: float | None, digits: int = 1, *, empty: str = "—") -> str:
    """A variance with its sign: +5.8 / -3.2 (0.0 has no sign)."""
    if value is None:
        return empty
    text = fixed(value, digits)
    if text.lstrip("-").strip("0.") == "":
        return fixed(0.0, digits)
    return text if text.startswith("-") else f"+{text}"


# A sentence says an amount below 1000 万元 (0.1 亿元) in 万元: in 亿元 it would keep one
# significant digit at most, and rounding that digit misleads (50 万元 → 0.01亿元, twice it).
WAN_BELOW = 1000.0


def yi_digits(wan: float | None) -> int:
    """The decimals an amount in 亿元 shows: 2 below 1 亿 (0.35), else 1 at any size (16.2,
    1234.5, 24425.1 as SPEC's 成都 figure: a total of thousands of 亿 still keeps the 0.1 亿,
    and agrees with the table's two decimals). Decided on the value as it will be shown:
    0.996 亿 is 1.0 (not 1.00)."""
    value = (wan or 0.0) / 1e4
    return 2 if abs(float(fixed(value, 2))) < 1 else 1


def yi(wan: float | None, *, empty: str = "—", digits: int | None = None) -> str:
    """万元 → 亿元 with the decimals the magnitude needs (16.2, 0.35, 1234.5), or ``digits``."""
    if wan is None:
        return empty
    return fixed(wan / 1e4, yi_digits(wan) if digits is None else digits)


def wan_amount(wan: float) -> str:
    """``500万元``, whole; an amount under 1 万元 keeps the decimals that show it (0.4万元,
    not 0万元, which reads as nothing done)."""
    for digits in range(5):
        text = fixed(wan, digits)
        if float(text) != 0 or wan == 0:
            return f"{grouped(wan, digits)}万元"
    return f"{text}万元"


def yi_amount(wan: float | None, *, empty: str = "—", digits: int | None = None) -> str:
    """An amount for a sentence: ``16.2亿元``, ``0.35亿元``, ``0.3亿元`` (not 0.30: a lone
    amount below 1 亿 drops a last 0); below 1000 万元 in 万元 (``500万元``, ``0万元``).
    ``digits``: those of the amounts it is said beside (a total and its parts alike:
    1.45亿元, of which 0.82 and 0.63, never 1.5; 0.30 beside 0.12 and 0.18 keeps its 0)."""
    if wan is None:
        return empty
    if abs(wan) < WAN_BELOW:
        return wan_amount(wan)
    shown = yi(wan, digits=digits)
    if digits is None and yi_digits(wan) == 2 and shown.endswith("0"):
        shown = shown[:-1]
    return f"{shown}亿元"


def cn_date(d: date) -> str:
    """``2024年10月8日``: a date as official text writes it."""
    return f"{d.year}年{d.month}月{d.day}日"


def side(value: float, above: str, below: str) -> str:
    """``above`` or ``below`` by the sign of a points figure, or "" when it shows as 0.0
    (超/滞后 time progress, 高于/低于 a model): a side is said only when it prints."""
    if fixed(abs(value), 1) == fixed(0.0, 1):
        return ""
    return above if value > 0 else below
