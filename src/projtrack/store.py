"""The snapshot store: one Parquet file per period and a JSON manifest, no server.

Layout (readable by DuckDB, Polars or Spark without projtrack)::

    projtrack-data/
      manifest.json                               # the source of truth
      projects/period=2024-03/<sha12>.parquet     # current snapshot of each period
      replaced/period=2024-03/<sha12>.parquet     # snapshots replaced with --replace
      .lock                                       # held while a run writes

Crash safety: a snapshot is written to a temporary file and renamed, then the manifest
is replaced atomically, and only then is a replaced snapshot moved aside. Whatever
moment a run dies, the manifest names complete files only; opening the store tidies
files the manifest does not name (see :meth:`Store.repair`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import polars as pl

from projtrack.errors import ProjtrackError, UsageError
from projtrack.outputs import write_atomic

MANIFEST = "manifest.json"
FORMAT_VERSION = 1


class LockTimeout(ProjtrackError):
    """Another run holds the store's lock for longer than we were willing to wait."""


@dataclass(frozen=True)
class Snapshot:
    """One stored period as the manifest describes it."""

    period: str  # YYYY-MM, or YYYY-MM-DD for a date inside a month (weekly dispatch)
    as_of: date
    file: str  # relative to the store root
    source: str
    sha256: str
    rows: int
    ingested_at: str
    meta: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        """The manifest entry."""
        return {
            "period": self.period,
            "as_of": self.as_of.isoformat(),
            "file": self.file,
            "source": self.source,
            "sha256": self.sha256,
            "rows": self.rows,
            "ingested_at": self.ingested_at,
            "meta": self.meta,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Snapshot:
        """Read a manifest entry."""
        return cls(
            period=data["period"],
            as_of=date.fromisoformat(data["as_of"]),
            file=data["file"],
            source=data["source"],
            sha256=data["sha256"],
            rows=int(data["rows"]),
            ingested_at=data["ingested_at"],
            meta=data.get("meta", {}),
        )


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def period_key(as_of: date) -> str:
    """YYYY-MM for a month end, YYYY-MM-DD for a date inside a month."""
    import calendar

    if as_of.day == calendar.monthrange(as_of.year, as_of.month)[1]:
        return f"{as_of.year}-{as_of.month:02d}"
    return as_of.isoformat()


def _lock(fh: Any) -> None:
    """Take an exclusive, non-blocking lock (OSError when another process holds it).

    The lock belongs to the open file, so the OS releases it when a run is killed.
    """
    if os.name == "nt":  # Windows Task Scheduler
        import msvcrt

        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
    else:
        import fcntl

        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _unlock(fh: Any) -> None:
    if os.name == "nt":
        import msvcrt

        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
    else:
        import fcntl

        fcntl.flock(fh, fcntl.LOCK_UN)


class Store:
    """A folder of period snapshots with a manifest."""

    def __init__(self, root: Path) -> None:
        self.root = root

    # -- reading ---------------------------------------------------------------------
    def manifest(self) -> dict[str, Any]:
        """The manifest (empty when the store does not exist yet)."""
        path = self.root / MANIFEST
        if not path.exists():
            return {"version": FORMAT_VERSION, "periods": {}, "replaced": []}
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ProjtrackError(f"{path}: the store's manifest cannot be read: {exc}") from None

    def snapshots(self) -> list[Snapshot]:
        """Stored periods, oldest first."""
        periods = self.manifest()["periods"]
        return sorted((Snapshot.from_json(v) for v in periods.values()), key=lambda s: s.as_of)

    def get(self, period: str) -> Snapshot | None:
        """The snapshot of a period, if stored."""
        entry = self.manifest()["periods"].get(period)
        return Snapshot.from_json(entry) if entry else None

    def read(self, snapshot: Snapshot) -> pl.DataFrame:
        """The projects of a snapshot."""
        return pl.read_parquet(self.root / snapshot.file)

    def find(self, as_of: date) -> Snapshot | None:
        """The snapshot whose as-of date is exactly ``as_of``."""
        return next((s for s in self.snapshots() if s.as_of == as_of), None)

    def previous(self, as_of: date) -> Snapshot | None:
        """The latest snapshot strictly before ``as_of`` in the same year."""
        earlier = [s for s in self.snapshots() if s.as_of < as_of and s.as_of.year == as_of.year]
        return earlier[-1] if earlier else None

    def year_before(self, as_of: date) -> Snapshot | None:
        """The snapshot of the same period one year earlier."""
        try:
            target = as_of.replace(year=as_of.year - 1)
        except ValueError:  # 29 February
            target = date(as_of.year - 1, 2, 28)
        if period_key(as_of) != as_of.isoformat():  # a month end: compare month ends
            import calendar

            target = date(
                target.year, target.month, calendar.monthrange(target.year, target.month)[1]
            )
        return self.find(target)

    # -- writing ---------------------------------------------------------------------
    @contextlib.contextmanager
    def locked(self, *, timeout: float = 300.0) -> Iterator[None]:
        """Hold the store's lock; wait up to ``timeout`` seconds for another run."""
        self.root.mkdir(parents=True, exist_ok=True)
        fh = (self.root / ".lock").open("a+")
        deadline = time.monotonic() + timeout
        try:
            while True:
                try:
                    _lock(fh)
                    break
                except OSError:
                    if time.monotonic() >= deadline:
                        raise LockTimeout(
                            f"{self.root}: another projtrack run is writing here and did not "
                            f"finish within {timeout:g} s; try again later, or raise "
                            "[store] lock_timeout"
                        ) from None
                    time.sleep(0.1)
            self.repair()
            yield
        finally:
            with contextlib.suppress(OSError):
                _unlock(fh)
            fh.close()

    def repair(self) -> None:
        """Tidy after a crash: move replaced snapshots aside, delete unnamed and temp files."""
        for stale in self.root.glob(f".{MANIFEST}.*.tmp"):  # a manifest write that died
            stale.unlink()
        manifest = self.manifest()
        current = {v["file"] for v in manifest["periods"].values()}
        replaced = {r["file"]: r for r in manifest.get("replaced", [])}
        base = self.root / "projects"
        if not base.exists():
            return
        for path in base.rglob("*"):
            if not path.is_file():
                continue
            rel = path.relative_to(self.root).as_posix()
            if rel in current:
                continue
            if rel in replaced:
                target = self.root / replaced[rel]["moved_to"]
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, target)
            else:
                path.unlink()  # a temporary file or a snapshot whose manifest never landed

    def ingest(
        self,
        projects: pl.DataFrame,
        *,
        as_of: date,
        source: Path,
        sha256: str,
        meta: dict[str, Any],
        period: str | None = None,
        replace: bool = False,
    ) -> tuple[Snapshot, str]:
        """Store a period's projects; returns the snapshot and what happened.

        What happened is "stored", "unchanged" (identical file again: no-op) or
        "replaced" (a different file with ``replace``; the old snapshot is kept).
        Call inside :meth:`locked`.
        """
        key = period or period_key(as_of)
        manifest = self.manifest()
        existing = manifest["periods"].get(key)
        if existing and existing["sha256"] == sha256:
            return Snapshot.from_json(existing), "unchanged"
        if existing and not replace:
            raise UsageError(
                f"period {key} is already stored from {existing['source']} "
                f"(sha256 {existing['sha256'][:12]}…); this is a different file. "
                "Use --replace to store it instead (the stored one is kept under replaced/)."
            )
        rel = f"projects/period={key}/{sha256[:12]}.parquet"
        target = self.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        projects.write_parquet(tmp)
        with tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        snapshot = Snapshot(
            period=key,
            as_of=as_of,
            file=rel,
            source=source.name,
            sha256=sha256,
            rows=projects.height,
            ingested_at=datetime.now(UTC).replace(microsecond=0).isoformat(),
            meta=meta,
        )
        manifest["periods"][key] = snapshot.to_json()
        if existing:
            old = existing["file"]
            moved = "replaced/" + old.removeprefix("projects/")
            manifest.setdefault("replaced", []).append(existing | {"moved_to": moved})
        manifest["version"] = FORMAT_VERSION
        text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        write_atomic(self.root / MANIFEST, text)
        self.repair()  # moves the replaced snapshot aside
        return snapshot, "replaced" if existing else "stored"
