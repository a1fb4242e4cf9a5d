"""Keeping the snapshot store whole: finish an interrupted commit, check files against the
manifest (``history --verify``) and rebuild a lost manifest from the files (``--rebuild``).

Nothing here deletes a snapshot. A file in ``projects/`` that the manifest does not name
is moved to ``quarantine/``; only temporary files (``staging/``, ``*.tmp``) are removed.
"""

from __future__ import annotations

import calendar
import contextlib
import json
import os
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import polars as pl

from projtrack.store_files import (
    MANIFEST,
    META_KEY,
    QUARANTINE,
    REPLACED,
    REPLACES_KEY,
    STAGING,
    Snapshot,
    check_snapshot,
    file_sha256,
    staged_path,
)


def repair(root: Path, manifest: dict[str, Any], *, tidy: bool = True) -> list[str]:
    """Finish or tidy a commit a crash interrupted; returns notes on quarantined files.

    Call with the lock held and the manifest read (a lost manifest stops before this).
    ``tidy`` False only finishes what the manifest names (for ``history --rebuild``, whose
    manifest may be stale: a file it does not name is read back by the rebuild, not set
    aside, and what is still staged is quarantined by the caller, not deleted).
    """
    current = {v["file"]: v for v in manifest["periods"].values()}
    replaced = {r["file"]: r for r in manifest["replaced"]}
    notes: list[str] = []
    base = root / "projects"
    for path in sorted(base.rglob("*")) if base.is_dir() else []:
        if not path.is_file():
            continue
        rel = path.relative_to(root).as_posix()
        if rel in current:
            continue
        if rel in replaced:  # the commit died before moving the replaced file aside
            _move(path, root / replaced[rel]["moved_to"])
        elif not tidy:
            continue
        elif path.name.endswith(".tmp"):  # a temporary file of an older version
            path.unlink()
        else:
            target = _free(root / QUARANTINE / path.relative_to(base))
            _move(path, target)
            notes.append(
                f"{rel} is not named in {MANIFEST}: moved to "
                f"{target.relative_to(root).as_posix()} (nothing was deleted)"
            )
    for rel, entry in current.items():  # the commit died before renaming the new file in
        staged = root / staged_path(rel)
        if staged.is_file() and file_sha256(staged) == entry.get("file_sha256"):
            _move(staged, root / rel)
    staging = root / STAGING
    if tidy and staging.is_dir():
        for path in sorted(staging.rglob("*"), reverse=True):
            if path.is_file():
                path.unlink()  # written but never stored: the manifest never named it
            else:
                with contextlib.suppress(OSError):
                    path.rmdir()
        with contextlib.suppress(OSError):
            staging.rmdir()
    return notes


def set_aside_staged(root: Path) -> list[str]:
    """Move the files of ``staging/`` to ``quarantine/`` when there is no manifest to tell
    a commit that was interrupted from one that never happened: the rebuild does not take
    them in, and they are not deleted."""
    staging = root / STAGING
    notes: list[str] = []
    for path in sorted(staging.rglob("*.parquet.tmp")) if staging.is_dir() else []:
        target = _free(root / QUARANTINE / path.relative_to(staging).with_suffix(""))
        _move(path, target)
        notes.append(
            f"{path.relative_to(root).as_posix()} was being stored when a run stopped and no "
            f"manifest says whether it was: moved to {target.relative_to(root).as_posix()} "
            "(check it; ingest its ledger again to store it)"
        )
    return notes


def _move(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source, target)


def _free(target: Path) -> Path:
    """``target``, or ``target.1``, ``target.2``… when a file of that name is already there."""
    candidate, n = target, 0
    while candidate.exists():
        n += 1
        candidate = target.with_name(f"{target.name}.{n}")
    return candidate


def read_own_entry(path: Path, root: Path) -> dict[str, Any]:
    """The manifest entry a snapshot file carries; for a file of an older version (no
    metadata), one made from its folder name, its rows and its modification time."""
    rel = path.relative_to(root).as_posix()
    rows = int(pl.scan_parquet(path).select(pl.len()).collect().item())
    own = pl.read_parquet_metadata(path).get(META_KEY)
    if own:
        entry: dict[str, Any] = json.loads(own)
    else:
        key = path.parent.name.removeprefix("period=")
        year, month, *day = (int(x) for x in key.split("-"))
        as_of = date(year, month, day[0] if day else calendar.monthrange(year, month)[1])
        stamp = datetime.fromtimestamp(path.stat().st_mtime, UTC).replace(microsecond=0)
        entry = {"period": key, "as_of": as_of.isoformat(), "source": "?", "sha256": "",
                 "ingested_at": stamp.isoformat(), "meta": {}}  # fmt: skip
    entry |= {"file": rel, "file_sha256": file_sha256(path), "rows": rows}
    # The entry must be usable, and the file whole: a file whose metadata reads but whose
    # data does not was adopted, then its source's ingest found it "unchanged" (the
    # manifest now had the damaged file's hash) and could never repair it.
    _, problem = check_snapshot(root, Snapshot.from_json(entry))
    if problem is not None:
        raise ValueError(problem)
    replaces = pl.read_parquet_metadata(path).get(REPLACES_KEY)
    return entry | ({REPLACES_KEY: replaces} if replaces else {})


def rebuild(root: Path, files: list[Path]) -> tuple[dict[str, Any], list[str]]:
    """A new manifest from the snapshot ``files`` themselves, and notes on what was done.

    Each period's newest file (by its time of ingest) is current; other files of that
    period move to ``replaced/``. A file that cannot be read goes to ``quarantine/``. An
    existing manifest is kept as ``manifest.json.<time>.bak``; the caller writes the new
    one. Call with the lock held (taken without repair).
    """
    notes: list[str] = []
    entries: dict[str, list[dict[str, Any]]] = {}
    for path in files:
        try:
            entry = read_own_entry(path, root)
        except Exception as exc:  # a damaged file: set it aside, go on
            target = _free(root / QUARANTINE / path.relative_to(root / "projects"))
            _move(path, target)
            rel = path.relative_to(root).as_posix()
            notes.append(f"{rel} cannot be read ({type(exc).__name__}): moved to "
                         f"{target.relative_to(root).as_posix()}")  # fmt: skip
            continue
        entries.setdefault(entry["period"], []).append(entry)
    periods: dict[str, Any] = {}
    replaced: list[dict[str, Any]] = []
    for key, found in sorted(entries.items()):
        superseded = {e.pop(REPLACES_KEY, None) for e in found}
        found.sort(key=lambda e: (e["file"] not in superseded, e["ingested_at"], e["file"]))
        periods[key] = found[-1]
        for older in found[:-1]:
            target = _free(root / REPLACED / older["file"].removeprefix("projects/"))
            _move(root / older["file"], target)
            moved = target.relative_to(root).as_posix()
            replaced.append(older | {"moved_to": moved})
            notes.append(f"period {key}: {older['file']} is older than {found[-1]['file']}: "
                         f"moved to {moved}")  # fmt: skip
    old_dir = root / REPLACED
    for path in sorted(old_dir.glob("*/*.parquet")) if old_dir.is_dir() else []:
        with contextlib.suppress(Exception):
            entry = read_own_entry(path, root)
            entry.pop(REPLACES_KEY, None)
            rel = entry["file"]
            if not any(r["moved_to"] == rel for r in replaced):
                original = "projects/" + rel.removeprefix(f"{REPLACED}/")
                replaced.append(entry | {"file": original, "moved_to": rel})
    old = root / MANIFEST
    if old.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        kept = _free(root / f"{MANIFEST}.{stamp}.bak")
        os.replace(old, kept)
        notes.append(f"the previous {MANIFEST} is kept as {kept.name}")
    notes.append(f"{MANIFEST} rebuilt: {len(periods)} period(s), {len(replaced)} replaced file(s)")
    return {"periods": periods, "replaced": replaced}, notes
