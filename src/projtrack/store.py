"""The snapshot store: one Parquet file per period and a JSON manifest, no server.

Layout (readable by DuckDB, Polars or Spark without projtrack)::

    projtrack-data/
      manifest.json                               # the source of truth
      projects/period=2024-03/<sha12>.parquet     # current snapshot of each period
      replaced/period=2024-03/<sha12>.parquet     # snapshots replaced with --replace
      staging/period=2024-03/<sha12>.parquet.tmp  # a snapshot being written (not yet stored)
      quarantine/…                                # files found where none was expected
      .lock                                       # held while a run writes

Each Parquet file carries its own manifest entry in its key-value metadata (key
``projtrack``), so a lost manifest can be rebuilt from the files (``history --rebuild``).

Crash safety: a snapshot is written under ``staging/`` (outside the ``projects/*/*.parquet``
glob) and flushed, then the manifest is replaced atomically, then a replaced snapshot is
moved aside, and only then is the new file renamed into ``projects/``. Whatever moment a
run dies, a glob over ``projects/`` never sees two files of one period, and the next locked
run finishes or tidies the commit (see :mod:`projtrack.store_repair`). Repair never deletes
a snapshot: a file nobody names goes to ``quarantine/``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import time
import zlib
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import polars as pl

from projtrack.errors import ProjtrackError, UsageError
from projtrack.outputs import write_atomic
from projtrack.store_files import (
    FINDINGS_KEY,
    FORMAT_VERSION,
    MANIFEST,
    META_KEY,
    REPLACES_KEY,
    Snapshot,
    check_snapshot,
    file_sha256,
    pack_findings,
    period_key,
    staged_path,
    unpack_findings,
)
from projtrack.store_repair import rebuild, repair, set_aside_staged

__all__ = ["LockTimeout", "Snapshot", "Store", "StoreError", "file_sha256", "period_key"]

REBUILD_HINT = "rebuild it from the snapshots themselves with: projtrack history --rebuild"


class LockTimeout(ProjtrackError):
    """Another run holds the store's lock for longer than we were willing to wait."""


class StoreError(ProjtrackError):
    """The store is damaged: a lost manifest, a missing or altered snapshot (exit 1)."""


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
        self.notes: list[str] = []  # what repair did (quarantined files), for the user

    # -- reading ---------------------------------------------------------------------
    def manifest(self) -> dict[str, Any]:
        """The manifest (empty when the store does not exist yet).

        A missing manifest beside stored snapshots, or one that cannot be read, stops
        (StoreError, exit 1) with the way to rebuild it: nothing is guessed or deleted.
        """
        path = self.root / MANIFEST
        if not path.exists():
            stored = self.parquet_files()
            if stored:
                raise StoreError(
                    f"{path} is missing but {self.root} holds {len(stored)} stored snapshot(s) "
                    f"(e.g. {stored[0].relative_to(self.root).as_posix()}); nothing was changed; "
                    + REBUILD_HINT
                )
            return {"version": FORMAT_VERSION, "periods": {}, "replaced": []}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or not isinstance(data.get("periods"), dict):
                raise ValueError("no periods object")
            for entry in data["periods"].values():
                Snapshot.from_json(entry)
            for entry in data.setdefault("replaced", []):
                if not (isinstance(entry["file"], str) and isinstance(entry["moved_to"], str)):
                    raise ValueError("a replaced entry without file and moved_to")
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise StoreError(
                f"{path}: the store's manifest cannot be read ({exc}); nothing was changed; "
                + REBUILD_HINT
            ) from None
        return data

    def parquet_files(self) -> list[Path]:
        """The snapshot files in ``projects/`` (whether the manifest names them or not)."""
        base = self.root / "projects"
        return sorted(base.glob("*/*.parquet")) if base.is_dir() else []

    def snapshots(self) -> list[Snapshot]:
        """Stored periods, oldest first."""
        periods = self.manifest()["periods"]
        return sorted((Snapshot.from_json(v) for v in periods.values()), key=lambda s: s.as_of)

    def get(self, period: str) -> Snapshot | None:
        """The snapshot of a period, if stored."""
        entry = self.manifest()["periods"].get(period)
        return Snapshot.from_json(entry) if entry else None

    def read(self, snapshot: Snapshot, columns: Sequence[str] | None = None) -> pl.DataFrame:
        """The projects of a snapshot, checked against the manifest (file hash, row count).

        ``columns``: only these columns, of those the file has (the others are not
        parsed); None reads them all. The whole file is hashed either way.

        A missing, altered or unreadable file stops (StoreError) naming the period, its
        file and how to repair it.
        """
        frame, problem = check_snapshot(self.root, snapshot, columns=columns)
        if frame is None:
            raise StoreError(
                f"period {snapshot.period}: the stored file {self.root / snapshot.file} "
                f"{problem}; {snapshot.repair_hint()}"
            )
        return frame

    def findings(self, snapshot: Snapshot) -> list[dict[str, Any]]:
        """The findings of the ledger a snapshot was stored from (none for a snapshot stored
        before they were kept, or a file whose metadata cannot be read: :meth:`read` says
        what is wrong with such a file)."""
        try:
            packed = pl.read_parquet_metadata(self.root / snapshot.file).get(FINDINGS_KEY)
            return unpack_findings(packed) if packed else []
        except (OSError, ValueError, zlib.error, pl.exceptions.PolarsError):
            return []

    def find(self, as_of: date) -> Snapshot | None:
        """The snapshot whose as-of date is exactly ``as_of``."""
        return next((s for s in self.snapshots() if s.as_of == as_of), None)

    def previous(self, as_of: date) -> Snapshot | None:
        """The latest snapshot strictly before ``as_of`` in the same year.

        A month (an as-of at a month end) is compared with the latest earlier month, never
        with a week stored inside it: a 月分析 says 与1-9月相比, not 与截至10月18日相比. A
        week (any other as-of) is compared with whatever was stored last, week or month.
        """
        earlier = [s for s in self.snapshots() if s.as_of < as_of and s.as_of.year == as_of.year]
        if period_key(as_of) != as_of.isoformat():  # a month end: months only
            earlier = [s for s in earlier if period_key(s.as_of) != s.as_of.isoformat()]
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
    def locked(self, *, timeout: float = 300.0, repair: bool = True) -> Iterator[None]:
        """Hold the store's lock; wait up to ``timeout`` seconds for another run.

        ``repair`` False is for ``history --rebuild``, which works without a manifest.
        """
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fh = (self.root / ".lock").open("a+")
        except OSError as exc:  # a read-only or foreign store: an error, not a crash
            raise StoreError(
                f"{self.root}: cannot write the store's lock file ({exc.strerror or exc}); "
                "give a folder this user may write with --store or [store] dir"
            ) from None
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
            if repair:
                self.repair()
            yield
        finally:
            with contextlib.suppress(OSError):
                _unlock(fh)
            fh.close()

    def repair(self) -> None:
        """Finish or tidy a commit a crash interrupted (never deletes a snapshot)."""
        for stale in self.root.glob(f".{MANIFEST}.*.tmp"):  # a manifest write that died
            stale.unlink()
        self.notes.extend(repair(self.root, self.manifest()))

    def verify(self) -> list[tuple[Snapshot, str | None]]:
        """Every stored period with what is wrong with its file (None when it is intact)."""
        return [(s, check_snapshot(self.root, s)[1]) for s in self.snapshots()]

    def rebuild(self, *, timeout: float = 300.0) -> list[str]:
        """Write the manifest anew from the snapshot files themselves (``history --rebuild``)."""
        with self.locked(timeout=timeout, repair=False):
            # A commit a crash interrupted is finished first while the manifest can still
            # be read: its new file waits in staging/, where the rebuild does not look,
            # and the next run's repair would delete it as never stored.
            try:
                manifest = self.manifest()
            except StoreError:  # the manifest is lost: keep staged files, never delete
                pending = []
            else:  # finish what it names; a file it does not name is the rebuild's to read
                pending = repair(self.root, manifest, tidy=False)
            pending += set_aside_staged(self.root)
            manifest, notes = rebuild(self.root, self.parquet_files())
            self.write_manifest(manifest)
        return pending + notes

    def _replaced_path(self, file: str, replaced: list[dict[str, Any]]) -> str:
        """Where a replaced snapshot goes: ``replaced/period=…/<sha>.parquet``, or
        ``<sha>.2.parquet`` … when a file of that name was set aside before (A → B → A → B
        replaced the first A's file with the second's, and the manifest named both)."""
        base = "replaced/" + file.removeprefix("projects/")
        taken = {r["moved_to"] for r in replaced}
        moved, n = base, 2
        while moved in taken or (self.root / moved).exists():
            moved, n = f"{base.removesuffix('.parquet')}.{n}.parquet", n + 1
        return moved

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        """Replace the manifest atomically."""
        manifest["version"] = FORMAT_VERSION
        text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        write_atomic(self.root / MANIFEST, text)

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
        findings: Sequence[dict[str, Any]] = (),
    ) -> tuple[Snapshot, str]:
        """Store a period's projects; returns the snapshot and what happened.

        What happened is "stored", "unchanged" (identical file again, stored file intact:
        no-op), "repaired" (identical file again over a damaged stored file) or "replaced"
        (a different file with ``replace``; the old snapshot is kept). Call inside
        :meth:`locked`. ``findings`` (the ledger's, as plain dicts) go into the file's own
        metadata, read back by :meth:`findings`.
        """
        key = period or period_key(as_of)
        manifest = self.manifest()
        existing = manifest["periods"].get(key)
        same = bool(existing) and existing["sha256"] == sha256
        if same and check_snapshot(self.root, Snapshot.from_json(existing), parse=False)[1] is None:
            return Snapshot.from_json(existing), "unchanged"
        if existing and not same and not replace:
            raise UsageError(
                f"{key}期已由 {existing['source']} 入库（sha256 {existing['sha256'][:12]}…），"
                "此文件内容不同（period already stored from a different file）；要以此文件替换，"
                "加 --replace（原文件保留在 replaced/ 下）"
            )
        rel = f"projects/period={key}/{sha256[:12]}.parquet"
        snapshot = Snapshot(
            period=key,
            as_of=as_of,
            file=rel,
            source=source.name,
            sha256=sha256,
            rows=projects.height,
            # A repair rewrites the same file as it was first stored, byte for byte.
            ingested_at=existing["ingested_at"]
            if same
            else datetime.now(UTC).replace(microsecond=0).isoformat(),
            meta=meta,
        )
        # 1. the file, under staging/ where no glob over projects/ sees it
        staged = self.root / staged_path(rel)
        staged.parent.mkdir(parents=True, exist_ok=True)
        own = {k: v for k, v in snapshot.to_json().items() if k != "file_sha256"}
        metadata = {META_KEY: json.dumps(own, ensure_ascii=False)}
        if existing and not same:  # tells the newer file when a rebuild finds both
            metadata[REPLACES_KEY] = existing["file"]
        if findings:
            metadata[FINDINGS_KEY] = pack_findings(list(findings))
        projects.write_parquet(staged, metadata=metadata)
        with staged.open("rb") as fh:
            os.fsync(fh.fileno())
        snapshot = dataclasses.replace(snapshot, file_sha256=file_sha256(staged))
        # 2. the manifest: from here on the period is stored (repair finishes 3 and 4)
        manifest["periods"][key] = snapshot.to_json()
        if existing and not same:
            moved = self._replaced_path(existing["file"], manifest["replaced"])
            manifest["replaced"].append(existing | {"moved_to": moved})
        self.write_manifest(manifest)
        # 3. the replaced file aside, 4. the new file into projects/
        self.repair()
        return snapshot, "replaced" if existing and not same else "repaired" if same else "stored"
