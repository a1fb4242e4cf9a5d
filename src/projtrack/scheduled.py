"""Scheduled (cron) runs: the period a run asks for, its data from the store or the inbox,
output paths with placeholders, and the one log line each run leaves.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import Config
from .errors import LedgerError, NothingToDo, ProjtrackError, UsageError
from .history import ingest, ledger_from_snapshot, stored_as_of
from .ledger import Ledger
from .period import QUARTER_END, AsOf, month_end, period_label, week_label, week_range
from .store import Snapshot, Store

if TYPE_CHECKING:
    from .brief import Briefing

LEDGER_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".htm", ".html"}


def requested_as_of(
    *,
    week: int | None = None,
    month: int | None = None,
    quarter: str | None = None,
    full_year: bool = False,
    as_of: date | None = None,
    year: int,
) -> tuple[AsOf, date]:
    """The as-of a run asks for, and the earliest date that still counts as that period.

    For a week, any snapshot from its Monday to its Sunday serves; otherwise the exact
    as-of date.
    """
    if week is not None:
        monday, sunday = week_range(year, week)
        return AsOf(sunday, week_label(year, week), f"option --week {week}"), monday
    if as_of is not None:
        return AsOf(as_of, period_label(as_of), "option --as-of"), as_of
    if quarter is not None:
        key = quarter.strip().upper().lstrip("Q")
        if key not in ("1", "2", "3", "4"):
            raise UsageError(f"--quarter must be Q1, Q2, Q3 or Q4, got {quarter!r}")
        d = month_end(year, QUARTER_END[int(key)])
        return AsOf(d, period_label(d), f"option --quarter Q{key}"), d
    if full_year:
        d = month_end(year, 12)
        return AsOf(d, "全年", "option --full-year"), d
    if month is not None:
        d = month_end(year, month)
        return AsOf(d, period_label(d, kind="month"), f"option --month {month}"), d
    raise UsageError(
        "without a LEDGER, say which period: --week N, --month N, --quarter Qn or --full-year"
    )


def find_snapshot(store: Store, start: date, end: date) -> Snapshot | None:
    """The latest stored period whose as-of lies in [start, end]."""
    found = [s for s in store.snapshots() if start <= s.as_of <= end]
    return found[-1] if found else None


def from_inbox(
    store: Store, inbox: Path, start: date, end: date, config: Config | None = None
) -> Snapshot | None:
    """Ingest the newest ledger in ``inbox`` whose as-of lies in [start, end], if any.

    Call with the store's lock held.
    """
    if not inbox.is_dir():
        raise UsageError(f"{inbox}: the inbox folder ([store] inbox) does not exist")
    candidates = sorted(
        (p for p in inbox.iterdir() if p.is_file() and p.suffix.lower() in LEDGER_SUFFIXES
         and not p.name.startswith(("~$", "."))),
        key=lambda p: (p.stat().st_mtime, p.name),
        reverse=True,
    )  # fmt: skip
    for path in candidates:
        try:
            result = ingest(ledger=path, store=store, replace=True, lock=False, config=config)
        except (LedgerError, UsageError):
            continue  # not a ledger of a period we can tell: leave it for a person
        if start <= result.snapshot.as_of <= end:
            return result.snapshot
    return None


def stored_ledger(
    *,
    store: Store,
    requested: AsOf,
    start: date,
    inbox: Path | None,
    config: Config | None = None,
) -> tuple[Ledger, AsOf]:
    """The stored ledger of the requested period, from the store or else the inbox.

    Raises NothingToDo (exit 3) when neither has data for that period.
    """
    snapshot = find_snapshot(store, start, requested.date)
    if snapshot is None and inbox is not None:
        snapshot = from_inbox(store, inbox, start, requested.date, config)
    if snapshot is None:
        where = f"{store.root}" + (f" or {inbox}" if inbox else "")
        raise NothingToDo(
            f"no data for {requested.label} ({requested.date.isoformat()}) in {where}"
        )
    # The period is named as the run asked for it (--month 3 → 1-3月, --quarter Q1 → 一季度).
    label = requested.label if snapshot.as_of == requested.date else stored_as_of(snapshot).label
    if requested.source.startswith("option --week"):
        label = requested.label
    as_of = AsOf(snapshot.as_of, label, stored_as_of(snapshot).source)
    return ledger_from_snapshot(store, snapshot), as_of


def default_year(store: Store) -> int:
    """The year of the newest stored period (a cron line need not say the year)."""
    snapshots = store.snapshots()
    if not snapshots:
        return datetime.now().year
    return snapshots[-1].as_of.year


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
        "year": str(as_of.date.year),
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
    """Status word of a failed run for the log."""
    if isinstance(exc, NothingToDo):
        return "nothing"
    if isinstance(exc, UsageError) or type(exc).__module__.split(".")[0] in ("typer", "click"):
        return "usage"
    return "error" if isinstance(exc, ProjtrackError) else "crash"


def brief_from_store(
    *,
    store: Store,
    config: Config,
    week: int | None = None,
    month: int | None = None,
    quarter: str | None = None,
    full_year: bool = False,
    as_of: date | None = None,
    year: int | None = None,
    **brief_options: Any,
) -> Briefing:
    """The cron form of ``brief``: the requested period from the store or the inbox.

    Holds the store's lock throughout, so two scheduled runs never overlap; raises
    NothingToDo (exit 3) when there is no data for the period.
    """
    from .brief import brief

    requested, start = requested_as_of(
        week=week, month=month, quarter=quarter, full_year=full_year, as_of=as_of,
        year=year or default_year(store),
    )  # fmt: skip
    inbox = Path(config.store.inbox) if config.store.inbox else None
    with store.locked(timeout=config.store.lock_timeout):
        loaded, stored = stored_ledger(
            store=store, requested=requested, start=start, inbox=inbox, config=config
        )
        return brief(
            ledger=loaded, stored_as_of=stored, store=store, config=config, **brief_options
        )
