"""Parsing the sheets of an Excel workbook with calamine, on worker threads.

Parsing the sheet XML is most of what a large ledger costs (about 0.5 s for 100k rows),
and calamine releases the GIL while it parses. So the sheets are parsed on up to two
worker threads (a city workbook with a sheet per county parses in about half the
time), and a command can start the parse with :func:`prefetch` as soon as it knows
the file, before it imports Polars and the rest of the library (about 0.2 s that
then overlap with the parse). This module imports neither Polars nor projtrack's
data modules, so that a prefetch costs nothing at start-up.

Each worker has its own calamine reader: one reader cannot parse two sheets at once.
Only .xlsx/.xlsm/.xlsb files are parsed in parallel; an .xls or .ods reader decodes
the whole file when it opens, so a second reader would only repeat that work.
"""

from __future__ import annotations

import os
import queue
import threading
import zipfile
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from projtrack.errors import LedgerError
from projtrack.read.limits import DEFAULT_LIMITS, Limits
from projtrack.read.ods_scan import scan_ods
from projtrack.read.xls_scan import OLE_MAGIC, scan_xls
from projtrack.read.xlsx_scan import SheetScan, scan_xlsx

ZIP_MAGIC = b"PK\x03\x04"
MAX_WORKERS = 2


@dataclass(frozen=True)
class ParsedSheet:
    """One sheet as calamine parsed it: ``sheet`` (text cells) or the ``error`` it raised."""

    name: str
    sheet: Any = None  # fastexcel.ExcelSheet, converted to Polars by the caller
    error: BaseException | None = None
    scan: SheetScan | None = None  # what the .xlsx XML says beyond the values


class Workbook:
    """An open workbook whose sheets are being parsed in the background.

    Opening raises what calamine raises for a file it cannot read, and
    :class:`~projtrack.errors.LedgerError` for a zip workbook past ``limits`` (scanned
    before calamine sees it); a sheet that cannot be parsed comes back as a
    :class:`ParsedSheet` with its ``error``.
    """

    def __init__(
        self, path: Path, *, workers: int | None = None, limits: Limits = DEFAULT_LIMITS
    ) -> None:
        import fastexcel

        self.path = path
        self.limits = limits
        self.scans = _scan(path, limits)
        first = fastexcel.read_excel(path)
        self.names: list[str] = list(first.sheet_names)
        self._readers: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._readers.put(first)
        if workers is None:
            workers = _workers(path, len(self.names))
        pool = ThreadPoolExecutor(max(1, workers), thread_name_prefix="projtrack-parse")
        self.futures: list[Future[ParsedSheet] | None] = [
            pool.submit(self._parse, i, name) for i, name in enumerate(self.names)
        ]
        pool.shutdown(wait=False)  # the workers finish the queue and end

    def parsed(self) -> Iterator[ParsedSheet]:
        """The sheets in order as their parse finishes, each let go once handed over.

        calamine's copy of a sheet is larger than the Polars frame made from it, so the
        workbook keeps none of them: the caller converts one and drops it.
        """
        for index, future in enumerate(self.futures):
            if future is None:
                raise RuntimeError("the parsed sheets were taken already")
            self.futures[index] = None
            yield future.result()
            del future

    def _parse(self, index: int, name: str) -> ParsedSheet:
        import fastexcel

        reader = None
        try:
            try:
                reader = self._readers.get_nowait()
            except queue.Empty:  # the second worker: its own reader
                reader = fastexcel.read_excel(self.path)
            scan = self.scans.get(name) if self.scans else None
            sheet = reader.load_sheet(index, header_row=None, skip_rows=0, dtypes="string")
            return ParsedSheet(name, sheet, scan=scan)
        except BaseException as exc:  # a Rust panic is a BaseException
            if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
                raise
            return ParsedSheet(name, error=exc)
        finally:
            if reader is not None:
                self._readers.put(reader)


def _scan(path: Path, limits: Limits) -> dict[str, SheetScan] | None:
    """The structure of a workbook, checked against the limits before calamine loads it.

    Raises :class:`LedgerError` past a limit; a file the scan cannot follow (damaged zip,
    deflate or XML) gives None, and calamine then says what is wrong with it.
    """
    try:
        with path.open("rb") as fh:
            head = fh.read(4)
        if head == OLE_MAGIC[:4]:
            return scan_xls(path)
        if head != ZIP_MAGIC:
            return None
        scans = scan_xlsx(path, limits)  # for an .ods: only the unpacked size is checked
        if scans is None:
            with zipfile.ZipFile(path) as archive:
                if b"opendocument" in archive.read("mimetype")[:100]:
                    return scan_ods(archive, path, limits)
        return scans
    except LedgerError:
        raise
    except Exception:
        return None


def _workers(path: Path, sheets: int) -> int:
    """How many threads parse: two for a zip workbook (.xlsx) with several sheets."""
    if sheets < 2:
        return 1
    try:
        with path.open("rb") as fh:
            head = fh.read(128)
    except OSError:
        return 1
    if not head.startswith(ZIP_MAGIC) or b"opendocument" in head:  # .ods is a zip too
        return 1
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1, sheets))


_Key = tuple[str, int, int, Limits]
_pending: dict[_Key, Future[Workbook]] = {}
_lock = threading.Lock()


def _key(path: Path, limits: Limits) -> _Key | None:
    try:
        stat = path.stat()
        return (str(path.resolve()), stat.st_mtime_ns, stat.st_size, limits)
    except OSError:
        return None


def prefetch(path: Path, limits: Limits = DEFAULT_LIMITS) -> None:
    """Start parsing an Excel ledger in the background; :func:`open_workbook` picks it up.

    Does nothing for a file that is not a zip or OLE workbook (CSV, HTML tables), or
    that cannot be read: the normal read reports the problem.
    """
    key = _key(path, limits)
    if key is None or not path.is_file():  # a pipe would block the open: the read says so
        return
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError:
        return
    if not (head.startswith(ZIP_MAGIC) or head == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return
    with _lock:
        if key in _pending:  # started already (the command line, then the argument)
            return
        _pending.clear()  # one ledger at a time: never keep an unused parse alive
        opener = ThreadPoolExecutor(1, thread_name_prefix="projtrack-open")
        # The absolute path: the worker may open the file after the caller has changed
        # folder (a relative path would then name another file, or none).
        _pending[key] = opener.submit(Workbook, Path(key[0]), limits=limits)
    opener.shutdown(wait=False)


def open_workbook(path: Path, limits: Limits = DEFAULT_LIMITS) -> Workbook:
    """The workbook at ``path``, parsed by :func:`prefetch` if it started, else now.

    A prefetch is used only if the file is unchanged since it started and was started
    with the same limits.
    """
    key = _key(path, limits)
    with _lock:
        started = _pending.pop(key, None) if key else None
        if key and started is None:  # started with other limits: let that parse go
            for other in [k for k in _pending if k[:3] == key[:3]]:
                del _pending[other]
    if started is not None:
        return started.result()  # re-raises what opening the file raised
    return Workbook(path, limits=limits)
