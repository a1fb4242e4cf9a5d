"""What the snapshot store is made of: the manifest entry of a period (:class:`Snapshot`),
file hashes and the check of a stored file against its entry. Below both
:mod:`projtrack.store` and :mod:`projtrack.store_repair`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

MANIFEST = "manifest.json"
FORMAT_VERSION = 1
META_KEY = "projtrack"  # the key of a snapshot's own manifest entry in its Parquet metadata
REPLACES_KEY = "projtrack.replaces"  # the file a snapshot replaced (with --replace)
# The ledger's findings when it was stored (a JSON list, deflated and base64-encoded: a
# ledger of 100,000 rows may have as many findings, and every read of the file parses its
# footer), so that a briefing from the store flags rows and notes totals as the ledger's did.
FINDINGS_KEY = "projtrack.findings.z"


def pack_findings(findings: list[dict[str, object]]) -> str:
    """The findings as stored: JSON, deflated (level 9, the same bytes every time), base64."""
    import base64
    import json
    import zlib

    text = json.dumps(findings, ensure_ascii=False, separators=(",", ":"))
    return base64.b64encode(zlib.compress(text.encode("utf-8"), 9)).decode("ascii")


def unpack_findings(packed: str) -> list[dict[str, object]]:
    """:func:`pack_findings` undone; raises ValueError (or zlib.error) on damaged text."""
    import base64
    import json
    import zlib

    found = json.loads(zlib.decompress(base64.b64decode(packed, validate=True)).decode("utf-8"))
    if not isinstance(found, list):
        raise ValueError("not a list of findings")
    return [f for f in found if isinstance(f, dict)]


STAGING = "staging"
QUARANTINE = "quarantine"
REPLACED = "replaced"


@dataclass(frozen=True)
class Snapshot:
    """One stored period as the manifest describes it."""

    period: str  # YYYY-MM, or YYYY-MM-DD for a date inside a month (weekly dispatch)
    as_of: date
    file: str  # relative to the store root
    source: str
    sha256: str  # of the source ledger
    rows: int
    ingested_at: str
    meta: dict[str, Any]
    file_sha256: str = ""  # of the Parquet file itself ("" in stores written before 0.x)

    def to_json(self) -> dict[str, Any]:
        """The manifest entry."""
        return {
            "period": self.period,
            "as_of": self.as_of.isoformat(),
            "file": self.file,
            "source": self.source,
            "sha256": self.sha256,
            "file_sha256": self.file_sha256,
            "rows": self.rows,
            "ingested_at": self.ingested_at,
            "meta": self.meta,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Snapshot:
        """Read a manifest entry; a key of the wrong type (a hand-edited ``"meta": null``)
        is a ValueError, which the manifest's reader turns into its clear stop, never a
        crash in whatever command reads the entry later."""
        for key in ("period", "as_of", "file", "source", "sha256", "ingested_at"):
            if not isinstance(data[key], str):
                raise ValueError(f"{key} of an entry is not text")
        if not isinstance(data.get("file_sha256", ""), str):
            raise ValueError("file_sha256 of an entry is not text")
        meta = data.get("meta", {})
        if not isinstance(meta, dict) or not all(
            isinstance(meta.get(k, empty), type(empty))
            for k, empty in (("headers", {}), ("titles", []), ("label", ""))
        ):
            raise ValueError("meta of an entry is not a table of headers, titles and label")
        if isinstance(data["rows"], bool) or not isinstance(data["rows"], int):
            raise ValueError("rows of an entry is not a whole number")
        return cls(
            period=data["period"],
            as_of=date.fromisoformat(data["as_of"]),
            file=data["file"],
            source=data["source"],
            sha256=data["sha256"],
            rows=int(data["rows"]),
            ingested_at=data["ingested_at"],
            meta=data.get("meta", {}),
            file_sha256=data.get("file_sha256", ""),
        )

    def repair_hint(self) -> str:
        """How to put this period's file right: ingest its source again."""
        if self.source == "?":  # adopted by --rebuild from a file without metadata
            return (
                f"repair it by ingesting that period's ledger again: projtrack ingest LEDGER "
                f"--period {self.period} --replace; projtrack history --verify checks every "
                "stored file"
            )
        return (
            f"repair it by ingesting its source again: projtrack ingest {self.source} "
            f"--period {self.period} (add --replace if {self.source} has changed since); "
            "projtrack history --verify checks every stored file"
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


def staged_path(rel: str) -> str:
    """Where the file ``projects/period=…/x.parquet`` is written before it is stored."""
    return f"{STAGING}/{rel.removeprefix('projects/')}.tmp"


def check_snapshot(
    root: Path,
    snapshot: Snapshot,
    *,
    parse: bool = True,
    columns: Sequence[str] | None = None,
) -> tuple[pl.DataFrame | None, str | None]:
    """The snapshot's projects and None, or None and what is wrong with its file.

    Checks that the file exists, that its SHA-256 is the manifest's, that it parses and
    that it holds the manifest's number of rows. ``parse`` False stops after the hash.

    ``columns`` reads only those of the named columns the file has (Parquet projection);
    a column the file lacks is simply not in the frame, as in a full read. The whole
    file is still hashed, every time: the bytes hashed are the bytes parsed (read once
    into memory), so a file altered between the check and the read cannot slip
    through. Hashing costs about 0.5 ms per MB; parsing every column costs ten times
    that, which is what the projection saves.
    """
    path = root / snapshot.file
    if not path.is_file():  # a reader without the lock, in a commit's last step
        path = root / staged_path(snapshot.file)
    if not path.is_file():
        return None, "is missing"
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, f"cannot be read ({exc.strerror or exc})"
    digest = hashlib.sha256(data).hexdigest()
    if snapshot.file_sha256 and digest != snapshot.file_sha256:
        return None, (
            f"has been altered or damaged (its SHA-256 is {digest[:12]}…, the manifest "
            f"says {snapshot.file_sha256[:12]}…)"
        )
    if not parse:
        return pl.DataFrame(), None
    try:
        frame = pl.read_parquet(data, columns=_present(data, columns))
    except Exception:  # polars raises several kinds for a damaged file
        return None, "is damaged (not a readable Parquet file)"
    if frame.height != snapshot.rows:
        return None, f"holds {frame.height} rows where the manifest says {snapshot.rows}"
    if columns is not None:
        frame = frame.select(c for c in frame.columns if c in columns)
    return frame, None


def _present(data: bytes, columns: Sequence[str] | None) -> list[str] | None:
    """The asked-for columns the file has, in the file's order (None: all of them); at
    least one column, so that the frame still has the file's number of rows."""
    if columns is None:
        return None
    names = list(pl.read_parquet_schema(data))
    return [c for c in names if c in columns] or names[:1]
