"""The inbox of a scheduled run: a folder where ledgers are dropped, taken into the store.

A file is taken in only when it is new or changed since it was last stored (by SHA-256),
so a run with nothing new writes nothing. When two files hold the same period, the newer
one (modification time, then name) is stored and the other is reported; a file older than
the one a period was stored from is reported and never replaces it. A file whose name
states another period than its data (2024年8月台账.xlsx with 1-9月完成投资) never replaces
a stored period nor takes one from a file named for it (which one is wrong is the user's
call); a period of its own it is stored as, with the conflict said in its report line
(2024年10月调度.xlsx holding 1-9月: files are often named for the month they are sent).
A file that cannot be read is reported and skipped: the ledgers beside it are still read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from projtrack.config import Config
from projtrack.errors import ProjtrackError, UsageError
from projtrack.jobs.context import file_name_conflict, ledger_as_of, open_ledger
from projtrack.jobs.stored import IngestResult, store_ledger
from projtrack.period import AsOf, PeriodRequest
from projtrack.read.ledger import Ledger
from projtrack.store import Store, file_sha256, period_key

LEDGER_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".htm", ".html"}


@dataclass
class InboxRun:
    """What taking in the inbox did: stored files, and files reported and not stored."""

    stored: list[IngestResult] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def inbox_files(inbox: Path) -> list[Path]:
    """Ledger files in the inbox, newest first (modification time, then name)."""
    if not inbox.is_dir():
        raise UsageError(
            f"{inbox}：收件文件夹不存在（the inbox folder, [store] inbox, does not exist）"
        )
    files = [p for p in inbox.iterdir() if p.is_file() and p.suffix.lower() in LEDGER_SUFFIXES
             and not p.name.startswith(("~$", "."))]  # fmt: skip
    return sorted(files, key=lambda p: (p.stat().st_mtime, p.name), reverse=True)


def _older_than_stored(path: Path, stored: dict[str, Any] | None) -> str | None:
    """Why ``path`` must not replace the stored period: the file it was stored from is
    newer (a superseded ledger left in, or put back into, the inbox would roll a corrected
    period back). None when it may. Stores of older versions kept no file time: their
    time of ingest stands in for it."""
    if stored is None:
        return None
    mtime = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    then = stored.get("meta", {}).get("source_mtime") or stored["ingested_at"]
    if mtime > datetime.fromisoformat(then):
        return None
    return (f"{path}：{stored['period']}期已由较新的文件 {stored['source']}（{then[:19]} UTC）"
            f"入库，未替换（period already stored from a newer file）；仍要以此文件入库："
            f"projtrack ingest {path} --replace")  # fmt: skip


def _misnamed(path: Path, conflict: str, key: str, *, stored: bool) -> str:
    """The report line of a file whose name and data state different periods: both, that
    nothing was stored, and the two ways on (rename it, or ingest it by hand as the data's
    period — with --replace over a stored one, which keeps the old under replaced/)."""
    again = f"projtrack ingest {path} --period {key}" + (" --replace" if stored else "")
    kept = f"，{key}期已入库的数据不变" if stored else ""
    return (f"{path}：{conflict}，两者不一致，未入库{kept}（the file name and its data state "
            f"different periods: not stored）。请核对：文件名有误就改正文件名（表头有误就改正表头）"
            f"后放回收件夹；数据确是{key}期的，手动入库：{again}")  # fmt: skip


def take_in(
    store: Store,
    inbox: Path,
    config: Config,
    report: Callable[[str, str], None] = lambda _kind, _line: None,
) -> InboxRun:
    """Store every new or changed ledger of the inbox (call with the store's lock held).

    ``report`` receives, per file, what happened (``stored`` or ``skipped``) and the line
    that says it.
    """
    manifest = store.manifest()
    entries = [*manifest["periods"].values(), *manifest["replaced"]]
    known = {e["sha256"]: e["period"] for e in entries if e.get("sha256")}
    claimed: dict[str, tuple[str, bool]] = {}  # period → (file, stored by this run)
    run = InboxRun()

    def skip(line: str) -> None:
        run.skipped.append(line)
        report("skipped", f"跳过 Skipped: {line}")

    def keep(path: Path, sha: str, loaded: Ledger, resolved: AsOf, note: str) -> None:
        key = period_key(resolved.date)
        try:
            result = store_ledger(store, loaded, resolved, sha256=sha, replace=True)
        except ProjtrackError as exc:
            skip(f"{path}: {exc}")
            return
        claimed[key] = (path.name, result.action != "unchanged")
        run.stored.append(result)
        report("stored", f"入库 Ingested: {path} → period {key} ({result.action}){note}")

    # A file whose name states another period than its data: stored as its data's period
    # only where that period is neither stored nor held by a file named right.
    misnamed: list[tuple[Path, str, Ledger, AsOf, str]] = []

    for path in inbox_files(inbox):
        try:
            sha = file_sha256(path)
        except OSError as exc:
            skip(f"{path}: cannot be read ({exc.strerror or exc})")
            continue
        if sha in known:  # stored before (now or as a replaced period): nothing new
            key = known[sha]
            winner = claimed.setdefault(key, (path.name, False))
            if winner[1]:
                skip(f"{path}: period {key} is now stored from the newer {winner[0]}")
            continue
        try:
            loaded = open_ledger(config, path)
            resolved = ledger_as_of(loaded, PeriodRequest())
        except ProjtrackError as exc:
            skip(f"{path}: {exc}")
            continue
        except Exception as exc:  # one bad file must not stop the others
            skip(f"{path}: cannot be read ({type(exc).__name__}: {exc})")
            continue
        key = period_key(resolved.date)
        if (conflict := file_name_conflict(loaded, resolved)) is not None:
            if key in manifest["periods"] or key in claimed:
                skip(_misnamed(path, conflict, key, stored=True))
            else:  # after the files named right, which may hold the period
                misnamed.append((path, sha, loaded, resolved, conflict))
            continue
        if key in claimed:
            skip(f"{path}: also holds period {key}; the newer {claimed[key][0]} is used")
            continue
        if (older := _older_than_stored(path, manifest["periods"].get(key))) is not None:
            skip(older)
            continue
        keep(path, sha, loaded, resolved, "")
    for path, sha, loaded, resolved, conflict in misnamed:
        key = period_key(resolved.date)
        if key in claimed:
            skip(_misnamed(path, conflict, key, stored=True))
            continue
        keep(path, sha, loaded, resolved, f"；注意：{conflict}，两者不一致，按数据入库为{key}期")
    return run
