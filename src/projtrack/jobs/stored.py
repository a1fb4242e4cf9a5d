"""Stored periods as ledgers: storing a ledger's projects, finding the period a run asks
for in the store (the inbox is taken in first, by :mod:`projtrack.jobs.inbox`), and
rebuilding a stored period as a :class:`Ledger`.

A stored period can stand in for its ledger: :func:`ledger_from_snapshot` rebuilds a
:class:`~projtrack.read.ledger.Ledger` from the Parquet file and the header texts kept in the
manifest, so ``rank`` and ``brief`` run on it exactly as on the workbook.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from projtrack.config import Config
from projtrack.errors import Finding, NothingToDo, UsageError
from projtrack.period import (
    QUARTER_END,
    AsOf,
    PeriodRequest,
    month_end,
    period_label,
    week_label,
    week_range,
    week_year,
)
from projtrack.store import Snapshot, Store, file_sha256

if TYPE_CHECKING:
    from projtrack.read.ledger import Ledger

# The reader (jobs.context, read.load, read.ledger: about 0.05 s of imports) is imported
# where a ledger is opened or rebuilt, not here: ``trend`` and the comparisons read the
# store only.

STORED_SHEET = "快照"


def store_for(config: Config, explicit: Path | None = None) -> Store:
    """The configured store (``--store`` wins over ``[store] dir``)."""
    return Store(explicit or Path(config.store.dir))


FINDING_FIELDS = tuple(f.name for f in dataclasses.fields(Finding))


def snapshot_meta(ledger: Ledger) -> dict[str, Any]:
    """What a stored period keeps besides the projects: header texts and titles."""
    headers: dict[str, str] = {}
    for sheet in ledger.sheets:
        if sheet.used:
            for col in sheet.columns:
                headers.setdefault(col.field, col.header)
    titles = [t for s in ledger.sheets if s.used for t in s.title_lines]
    return {"headers": headers, "titles": titles, "source_mtime": source_mtime(ledger.path)}


def source_mtime(path: Path) -> str:
    """The ledger file's modification time (UTC, ISO): the inbox stores a file over a
    stored period only when it is newer than the file that period came from."""
    return datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat()


@dataclass
class IngestResult:
    """What ``ingest`` did."""

    snapshot: Snapshot
    action: str  # stored | unchanged | replaced
    as_of: AsOf
    warnings: list[Finding]
    # The file name states another period than the data it was stored by (said to the
    # user, not only counted among the warnings): see ``file_name_conflict``.
    name_conflict: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The snapshot entry and the action."""
        return {"action": self.action, **self.snapshot.to_json()}


def ingest(
    *,
    ledger: Path,
    store: Store,
    period: str | None = None,
    replace: bool = False,
    as_of: date | None = None,
    year: int | None = None,
    month: int | None = None,
    quarter: str | None = None,
    lock_timeout: float = 300.0,
    lock: bool = True,
    config: Config | None = None,
) -> IngestResult:
    """Store the normalised projects of a ledger as the snapshot of its period.

    ``lock`` False is for a caller that already holds the store's lock.
    """
    from projtrack.jobs.context import file_name_conflict, ledger_as_of, open_ledger

    named = _period_date(period)
    if named is not None and as_of is not None and named != as_of:
        raise UsageError(
            f"--period {period} (to {named.isoformat()}) and --as-of {as_of.isoformat()} "
            "name different dates; give one of them"
        )
    sha = file_sha256(ledger)
    loaded = open_ledger(config or Config(), ledger)
    asked = PeriodRequest(as_of=as_of or named, year=year, month=month, quarter=quarter)
    resolved = ledger_as_of(loaded, asked)
    # A period option is the user's decision on a misnamed file; without one the data's
    # period is taken, and the name's other period is said (the inbox would not store it).
    chosen = any(x is not None for x in (as_of, named, month, quarter))
    conflict = None if chosen else file_name_conflict(loaded, resolved)
    guard = store.locked(timeout=lock_timeout) if lock else contextlib.nullcontext()
    with guard:
        # The period's key always comes from its date (2024-03, or 2024-03-15 inside a
        # month): --period 2024-3 or 2024-03-31 stored a second March beside 2024-03.
        try:
            result = store_ledger(store, loaded, resolved, sha256=sha, replace=replace)
        except UsageError as exc:
            if conflict is None:
                raise
            raise UsageError(f"{exc}。另：{conflict}，两者不一致，请先核对此文件是哪一期"
                             "（the file name states another period）") from None  # fmt: skip
    return dataclasses.replace(result, name_conflict=conflict)


def store_ledger(
    store: Store,
    loaded: Ledger,
    resolved: AsOf,
    *,
    sha256: str,
    period: str | None = None,
    replace: bool = False,
) -> IngestResult:
    """Store an opened ledger (lock held); a non-finite money value is refused first."""
    from projtrack.jobs.finite import refuse_non_finite

    refuse_non_finite(loaded)
    snapshot, action = store.ingest(
        loaded.projects,
        as_of=resolved.date,
        source=loaded.path,
        sha256=sha256,
        meta=snapshot_meta(loaded) | {"label": resolved.label},
        period=period,
        replace=replace,
        findings=[dataclasses.asdict(f) for f in loaded.findings],
    )
    return IngestResult(snapshot, action, resolved, [*resolved.findings, *loaded.findings])


def _period_date(period: str | None) -> date | None:
    """--period YYYY-MM → that month's end; YYYY-MM-DD → that date."""
    if period is None:
        return None
    wrong = UsageError(f"--period must be YYYY-MM or YYYY-MM-DD (a real date, years "
                       f"1990-2100), got {period!r}")  # fmt: skip
    match = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", period.strip())
    if not match or not 1990 <= int(match[1]) <= 2100 or not 1 <= int(match[2]) <= 12:
        raise wrong
    if match[3] is None:
        return month_end(int(match[1]), int(match[2]))
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:  # 2024-02-30
        raise wrong from None


def read_stored(
    store: Store,
    snapshot: Snapshot,
    config: Config | None = None,
    columns: Collection[str] | None = None,
) -> pl.DataFrame:
    """A stored period's projects with today's ``[aliases]``: a unit spelt anew since that
    period was stored is still one unit (较上期, trends, streaks, 对标 compare like with like).

    ``columns``: only those (of the ones stored), for a job that knows what it uses.
    """
    projects = store.read(snapshot, None if columns is None else sorted(columns))
    aliases = (config or Config()).alias_map()
    if aliases:
        from projtrack.read.values import ALIASED_FIELDS

        projects = projects.with_columns(
            pl.col(c).replace(aliases) for c in ALIASED_FIELDS if c in projects.columns
        )
    return projects


def ledger_from_snapshot(store: Store, snapshot: Snapshot, config: Config | None = None) -> Ledger:
    """A Ledger whose projects are the stored ones, with the findings of the ledger they
    were stored from: a briefing from the store flags rows (台账核对有提示) and notes the
    totals that disagreed, as the briefing of the ledger itself did."""
    from projtrack.read.ledger import Ledger
    from projtrack.read.model import ColumnUse, SheetInfo

    projects = read_stored(store, snapshot, config)
    headers: dict[str, str] = snapshot.meta.get("headers", {})
    columns = [
        ColumnUse(STORED_SHEET, i, header, name, None, 1)
        for i, (name, header) in enumerate(headers.items())
    ]
    info = SheetInfo(STORED_SHEET, True, columns=columns,
                     title_lines=list(snapshot.meta.get("titles", [])))  # fmt: skip
    info.projects = projects.height
    findings = [_finding(f) for f in store.findings(snapshot)]
    return Ledger(Path(snapshot.source), projects, [info], [f for f in findings if f], [])


def _finding(data: dict[str, Any]) -> Finding | None:
    """A stored finding back as a :class:`Finding` (None for one that is not well formed)."""
    try:
        return Finding(**{k: data[k] for k in FINDING_FIELDS if k in data})
    except TypeError:
        return None


def stored_as_of(snapshot: Snapshot) -> AsOf:
    """The as-of of a stored period, labelled as when it was ingested."""
    label = snapshot.meta.get("label") or period_label(snapshot.as_of)
    return AsOf(snapshot.as_of, label, f"store: period {snapshot.period}")


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
        return AsOf(sunday, week_label(year, week), f"option --week {week}", year=year), monday
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


def stored_ledger(
    *,
    store: Store,
    requested: AsOf,
    start: date,
    inbox: Path | None = None,
    config: Config | None = None,
) -> tuple[Ledger, AsOf]:
    """The stored ledger of the requested period (take in the inbox first: jobs.inbox).

    Raises NothingToDo (exit 3) when the store has no data for that period; ``inbox`` only
    names the folder in that message.
    """
    snapshot = find_snapshot(store, start, requested.date)
    if snapshot is None:
        where = f"{store.root}" + (f" or {inbox}" if inbox else "")
        raise NothingToDo(
            f"no data for {requested.label} ({requested.date.isoformat()}) in {where}"
        )
    # The period is named as the run asked for it (--month 3 → 1-3月, --quarter Q1 → 一季度).
    label = requested.label if snapshot.as_of == requested.date else stored_as_of(snapshot).label
    week = requested.source.startswith("option --week")
    if week:  # 第1周 of 2026 is named so, though its data may be of 2025-12-31
        label = requested.label
    as_of = AsOf(snapshot.as_of, label, stored_as_of(snapshot).source,
                 year=requested.label_year if week else None)  # fmt: skip
    return ledger_from_snapshot(store, snapshot, config), as_of


def default_year(store: Store, *, week: int | None = None) -> int | None:
    """The year of the newest stored period (a cron line need not say the year), or None
    for an empty store: the year comes from the data, never from the clock. For a week, the
    year whose week holds that period (a 2025-12-31 snapshot is in week 1 of 2026)."""
    snapshots = store.snapshots()
    if not snapshots:
        return None
    newest = snapshots[-1].as_of
    return newest.year if week is None else week_year(newest, week)
