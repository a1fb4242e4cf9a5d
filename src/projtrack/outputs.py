"""Writing output files atomically: a temporary file in the same folder, then a rename.

A reader (or a cron job killed half-way) never sees a half-written report. Three targets
are not replaced that way: a ledger this run has read (refused: the input is never
modified), a symbolic link (the file it points to is replaced, the link stays), and what is
not a regular file — ``/dev/stdout``, a named pipe — which is written through, never
replaced by a regular file.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from projtrack.errors import OutputError, UsageError

# (device, inode) of every ledger read in this process: never an output.
_INPUTS: dict[tuple[int, int], Path] = {}


def protect_input(path: Path) -> None:
    """Remember that ``path`` is an input, so that :func:`write_atomic` refuses to replace it."""
    try:
        info = path.stat()
    except OSError:
        return  # the reader reports a file it cannot open
    _INPUTS[(info.st_dev, info.st_ino)] = path


def _refuse_input(path: Path, info: os.stat_result) -> None:
    source = _INPUTS.get((info.st_dev, info.st_ino))
    if source is not None:
        raise UsageError(
            f"the output {path} is the ledger being read ({source.name}); a ledger is "
            "never overwritten: choose another output file"
        )


def append_line(path: Path, line: str) -> None:
    """Append one line to a log file (created with its folder), never to a ledger read."""
    try:
        _refuse_input(path, path.stat())
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise OutputError(_cannot_write(path, exc)) from None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")
    except OSError as exc:
        raise OutputError(_cannot_write(path, exc)) from None


def write_atomic(path: Path, data: str | bytes | Iterator[str], *, encoding: str = "utf-8") -> None:
    """Write ``data`` to ``path`` so that the file is either the old one or the whole new one.

    ``data`` may be pieces of text, written as they come (a long JSON report is never
    held whole). Raises :class:`UsageError` when ``path`` is a ledger this run read, and
    :class:`OutputError` (naming the path and the reason) when the system refuses the write.
    """
    payload = _encoded(data, encoding)
    try:
        info: os.stat_result | None = path.stat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputError(_cannot_write(path, exc)) from None
    if info is not None:
        _refuse_input(path, info)
        if stat.S_ISDIR(info.st_mode):
            raise OutputError(f"cannot write {path}: it is a folder; give a file name")
        if not stat.S_ISREG(info.st_mode):
            _write_through(path, payload)
            return
    try:
        _replace(Path(os.path.realpath(path)), payload)
    except OSError as exc:
        raise OutputError(_cannot_write(path, exc)) from None


def _encoded(data: str | bytes | Iterator[str], encoding: str) -> Iterable[bytes]:
    if isinstance(data, bytes):
        return (data,)
    if isinstance(data, str):
        return (data.encode(encoding),)
    return (piece.encode(encoding) for piece in data)


def _replace(path: Path, payload: Iterable[bytes]) -> None:
    """Temp file beside ``path`` (a symlink's target, already resolved), then a rename.

    The resolved path is checked against the inputs again: ``new/../台账.xlsx`` could not
    be looked at before (``new`` did not exist), yet it is the ledger.
    """
    try:
        _refuse_input(path, path.stat())
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            for piece in payload:
                fh.write(piece)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _file_mode(path))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_through(path: Path, payload: Iterable[bytes]) -> None:
    """A device or a pipe (``-o /dev/stdout``): write into it; it cannot be half-replaced."""
    try:
        with path.open("wb") as fh:
            for piece in payload:
                fh.write(piece)
    except OSError as exc:
        raise OutputError(_cannot_write(path, exc)) from None


def _cannot_write(path: Path, exc: OSError) -> str:
    return f"cannot write {path}: {exc.strerror or exc}"


def _file_mode(path: Path) -> int:
    """Keep an existing file's mode; a new file gets what open() would give (0666 & ~umask).

    mkstemp creates 0600 files, which colleagues could not open in a shared folder.
    """
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
