"""Validating the configuration values that are tables or lists (weights, sequences,
groups, ladders, item maxima), each with a message that names the key and the shape
expected. Plain tuples out: :mod:`projtrack.config` builds its dataclasses from them.
"""

from __future__ import annotations

import difflib
import math
import re
from datetime import date
from typing import Any

from projtrack.errors import UsageError
from projtrack.vocab import INDICATORS


def near(key: str, valid: list[str] | tuple[str, ...]) -> str:
    match = difflib.get_close_matches(key, list(valid), n=1, cutoff=0.5)
    return f" (did you mean {match[0]!r}?)" if match else ""


def unknown(table: dict[str, Any], valid: list[str], source: str, prefix: str) -> None:
    for key in table:
        if key not in valid:
            where = f"{prefix}{key}"
            raise UsageError(
                f"{source}: unknown key {where!r}{near(key, valid)}; "
                f"valid keys here: {', '.join(valid)}"
            )


def weights(value: Any, source: str) -> tuple[tuple[str, float], ...]:
    if not isinstance(value, dict):
        raise UsageError(f"{source}: lists.weights is a table such as {{ completion_rate = 0.6 }}")
    out = []
    for name, weight in value.items():
        if name not in INDICATORS:
            hint = near(name, list(INDICATORS))
            raise UsageError(
                f"{source}: unknown indicator 'lists.weights.{name}'{hint}; "
                f"indicators: {', '.join(INDICATORS)}"
            )
        if (
            isinstance(weight, bool)
            or not isinstance(weight, int | float)
            or not math.isfinite(weight)
            or weight <= 0
        ):
            raise UsageError(
                f"{source}: lists.weights.{name} must be a positive number, got {weight!r}"
            )
        out.append((name, float(weight)))
    return tuple(out)


def ladder(value: Any, source: str) -> tuple[tuple[str, int, str, str], ...]:
    """[[supervision.ladder]] entries: { colour = "yellow", periods = 2, action = "…" }."""
    shape = (
        'supervision.ladder entries are { colour = "yellow" or "red", periods = N, '
        'action = "…" } (optionally raise_to = "red")'
    )
    if not isinstance(value, list):
        raise UsageError(f"{source}: {shape}")
    rungs = []
    for entry in value:
        ok = isinstance(entry, dict) and {"colour", "periods", "action"} <= set(entry)
        ok = ok and set(entry) <= {"colour", "periods", "action", "raise_to"}
        if not ok or entry["colour"] not in ("yellow", "red"):
            raise UsageError(f"{source}: {shape}, got {entry!r}")
        periods = entry["periods"]
        if isinstance(periods, bool) or not isinstance(periods, int) or periods < 1:
            raise UsageError(f"{source}: supervision.ladder periods must be a whole number ≥ 1")
        if entry.get("raise_to", "") not in ("", "red"):
            raise UsageError(f'{source}: supervision.ladder raise_to can only be "red"')
        rungs.append((entry["colour"], periods, str(entry["action"]),
                      str(entry.get("raise_to", ""))))  # fmt: skip
    return tuple(rungs)


def positive_table(value: Any, source: str, where: str) -> tuple[tuple[str, float], ...]:
    """A table of names to positive finite numbers, e.g. { 项目质量 = 40, 投资规模 = 30 }."""
    if not isinstance(value, dict):
        raise UsageError(f"{source}: {where} is a table such as {{ 项目质量 = 40 }}")
    out = []
    for name, number in value.items():
        ok = isinstance(number, int | float) and not isinstance(number, bool)
        if not ok or not 0 < number < float("inf"):
            raise UsageError(f"{source}: {where}.{name} must be a positive number, got {number!r}")
        out.append((str(name), float(number)))
    return tuple(out)


def sequences(
    value: Any, source: str, where: str = "lists.sequences"
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    shape = f'{where} entries are {{ name = "…", members = ["…", …] }}'
    if not isinstance(value, list):
        raise UsageError(f"{source}: {shape}")
    out: list[tuple[str, tuple[str, ...]]] = []
    seen: set[str] = set()
    for entry in value:
        if (
            not isinstance(entry, dict)
            or set(entry) != {"name", "members"}
            or not isinstance(entry["name"], str)
        ):
            raise UsageError(f"{source}: {shape}, got {entry!r}")
        members = entry["members"]
        if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
            raise UsageError(f"{source}: {shape}, got {entry!r}")
        twice = seen.intersection(members)
        if twice:
            kind = "ranking sequences" if where == "lists.sequences" else f"groups of {where}"
            raise UsageError(f"{source}: {'、'.join(sorted(twice))} in two {kind}")
        seen.update(members)
        out.append((str(entry["name"]), tuple(members)))
    return tuple(out)


def issue_date(value: str, source: str) -> str:
    """``[brief] date``, the 印发日期 printed as written: a real date in the official form
    (2024年4月8日; 2024-04-08 is rewritten so), or 2024年4月×日 to fill in by hand, or empty
    (the month after the data's, ×日). 2024年13月45日 was printed in the 版头 as given."""
    text = value.strip()
    if not text:
        return ""
    found = re.fullmatch(
        r"(\d{4})\s*(?:年|[-/.])\s*(\d{1,2})\s*(?:月|[-/.])\s*(\d{1,2}|×)\s*日?", text
    )
    if found:
        year, month, day = int(found[1]), int(found[2]), found[3]
        try:
            date(year, month, 1 if day == "×" else int(day))
        except ValueError:
            found = None
        else:
            return f"{year}年{month}月{day if day == '×' else int(day)}日"
    raise UsageError(
        f'{source}: brief.date 应为印发日期，如 "2024年4月8日"（或 2024-04-08、2024年4月×日），'
        f"留空则为数据次月的×日 (brief.date must be a date such as 2024年4月8日), got {value!r}"
    )
