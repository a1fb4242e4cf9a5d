"""Scheduled (cron) runs: output paths with placeholders and the one log line each run
leaves. The period a run asks for and its data live in :mod:`projtrack.jobs.stored`.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from projtrack.errors import NothingToDo, ProjtrackError, UsageError
from projtrack.period import AsOf, month_end

PLACEHOLDERS = ("year", "period", "label", "date", "month", "place")


def period_token(as_of: AsOf, *, week: int | None = None) -> str:
    """2024-Q1-style token for {period}: Q1..Q4 at quarter ends, W11 for weeks, else 03."""
    d = as_of.date
    if week is not None:
        return f"W{week:02d}"
    if as_of.label in ("一季度", "上半年", "前三季度"):
        return f"Q{(d.month - 1) // 3 + 1}"
    if as_of.label == "全年":
        return "FY"
    return f"{d.month:02d}" if d == month_end(d.year, d.month) else d.strftime("%m%d")


def expand_output(template: str, as_of: AsOf, *, week: int | None = None, place: str = "") -> Path:
    """-o "reports/{year}-{period}.md" → reports/2024-Q1.md; unknown names are an error."""
    values = {
        "year": str(as_of.label_year),  # a week's ISO year: 2026-W01 may hold 2025-12-31
        "period": period_token(as_of, week=week),
        "label": as_of.label,
        "date": as_of.date.isoformat(),
        "month": f"{as_of.date.month:02d}",
        "place": place,
    }
    for name in re.findall(r"\{(\w*)\}", template):
        if name not in values:
            known = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
            raise UsageError(f"unknown placeholder {{{name}}} in -o; use {known}")
    return Path(re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], template))


def log_line(command: str, status: str, **fields: object) -> str:
    """One line per run: time, command, status, then key=value pairs (quoted if needed)."""
    stamp = datetime.now(UTC).replace(microsecond=0).isoformat()
    parts = [stamp, f"projtrack {command}", f"status={status}"]
    for key, value in fields.items():
        if value is None or value == "":
            continue
        text = str(value).replace("\n", " ")
        parts.append(f'{key}="{text}"' if " " in text else f"{key}={text}")
    return " ".join(parts)


def error_status(exc: BaseException) -> str:
    """Status word of a failed run for the log: nothing (exit 3), usage (exit 2), error
    (exit 1, a data or store problem), interrupted (^C) or crash (anything unexpected)."""
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted"
    if isinstance(exc, NothingToDo):
        return "nothing"
    if isinstance(exc, UsageError) or type(exc).__module__.split(".")[0] in ("typer", "click"):
        return "usage"
    return "error" if isinstance(exc, ProjtrackError) else "crash"
