"""Merged cells and sheet states of an Excel 97-2003 (.xls) workbook.

calamine reads the values of an .xls, but fastexcel does not pass on its merged ranges;
a 县(市、区) merged down over a county's projects would reach the reader in the first
row only. So the workbook stream is read here directly: the compound-file container
(a small FAT file system) and, in the BIFF8 records, each sheet's ``BOUNDSHEET`` (name,
visibility) and ``MERGEDCELLS`` ranges, the ``FORMULA`` cells whose saved value is
missing (:mod:`projtrack.read.xls_formulas`), error values and struck-through cells
(:mod:`projtrack.read.xls_styles`). Anything unexpected (another BIFF version, a
damaged container) gives up quietly: the values are still read, and a blank grouping
cell is then a finding like any other.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path

from projtrack.read.error_values import xls_error_cell
from projtrack.read.xls_formulas import FORMULA, formula_record, is_arithmetic
from projtrack.read.xls_styles import CELL_RECORDS, FONT, XF, struck_cell, struck_formats
from projtrack.read.xlsx_scan import SheetScan

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END = 0xFFFFFFFE
_BOUNDSHEET, _MERGEDCELLS, _EOF, _BOF = 0x0085, 0x00E5, 0x000A, 0x0809
_BOOLERR = 0x0205
_STATES = {0: "visible", 1: "hidden", 2: "veryHidden"}


class _Damaged(Exception):
    pass


def scan_xls(path: Path) -> dict[str, SheetScan] | None:
    """Sheet name → state and merged ranges, or None when the file cannot be followed."""
    try:
        data = path.read_bytes()
        stream = _workbook_stream(data)
        return _biff(stream) if stream else None
    except (_Damaged, struct.error, IndexError, ValueError, OSError, UnicodeDecodeError):
        return None


def _workbook_stream(data: bytes) -> bytes | None:
    """The ``Workbook`` stream of a compound file."""
    if data[:8] != OLE_MAGIC:
        return None
    size = 1 << struct.unpack_from("<H", data, 30)[0]
    mini_size = 1 << struct.unpack_from("<H", data, 32)[0]
    n_fat, dir_start = struct.unpack_from("<II", data, 44)
    cutoff, minifat_start, _, difat_start, n_difat = struct.unpack_from("<IIIII", data, 56)
    sectors = (len(data) - 512) // size + 1

    def sector(i: int) -> bytes:
        if not 0 <= i < sectors:
            raise _Damaged
        return data[512 + i * size : 512 + (i + 1) * size]

    difat = list(struct.unpack_from("<109I", data, 76))
    nxt = difat_start
    for _ in range(min(n_difat, sectors)):
        if nxt >= _END:
            break
        block = struct.unpack(f"<{size // 4}I", sector(nxt))
        difat += block[:-1]
        nxt = block[-1]
    fat: list[int] = []
    for s in difat[: min(n_fat, sectors)]:
        fat += struct.unpack(f"<{size // 4}I", sector(s))

    def chain(start: int, table: list[int]) -> list[int]:
        out: list[int] = []
        while start < _END and len(out) <= len(table):
            if start >= len(table):
                raise _Damaged
            out.append(start)
            start = table[start]
        return out

    directory = b"".join(sector(s) for s in chain(dir_start, fat))
    entries = []
    for at in range(0, len(directory) - 127, 128):
        length = struct.unpack_from("<H", directory, at + 64)[0]
        name = directory[at : at + max(0, length - 2)].decode("utf-16-le", "replace")
        kind = directory[at + 66]
        start, stream_size = struct.unpack_from("<II", directory, at + 116)
        entries.append((name, kind, start, stream_size))
    if not entries:
        return None
    found = next((e for e in entries if e[1] == 2 and e[0] in ("Workbook", "Book")), None)
    if found is None:
        return None
    _, _, start, stream_size = found
    if stream_size >= cutoff:
        return b"".join(sector(s) for s in chain(start, fat))[:stream_size]
    minifat: list[int] = []
    for s in chain(minifat_start, fat):
        minifat += struct.unpack(f"<{size // 4}I", sector(s))
    root = b"".join(sector(s) for s in chain(entries[0][2], fat))
    pieces = [root[m * mini_size : (m + 1) * mini_size] for m in chain(start, minifat)]
    return b"".join(pieces)[:stream_size]


def _records(stream: bytes, pos: int, wanted: tuple[int, ...]) -> Iterator[tuple[int, bytes]]:
    """The ``wanted`` records of one substream (from its BOF to its EOF), and its BOF."""
    unpack = struct.Struct("<HH").unpack_from
    while pos + 4 <= len(stream):
        kind, length = unpack(stream, pos)
        if kind in wanted:
            yield kind, stream[pos + 4 : pos + 4 + length]
        pos += 4 + length
        if kind == _EOF:
            break


def _biff(stream: bytes) -> dict[str, SheetScan] | None:
    globals_ = list(_records(stream, 0, (_BOF, _BOUNDSHEET, FONT, XF)))
    if not globals_ or globals_[0][0] != _BOF or globals_[0][1][:2] != b"\x00\x06":
        return None  # not BIFF8
    struck = struck_formats(globals_)
    wanted = (_MERGEDCELLS, FORMULA, _BOOLERR, *(CELL_RECORDS if struck else ()))
    scans: dict[str, SheetScan] = {}
    placeholders: list[tuple[SheetScan, int, int, str]] = []
    calculated = False  # some formula of the workbook holds a real result
    for kind, body in globals_:
        if kind != _BOUNDSHEET or len(body) < 8:
            continue
        offset, state, sheet_type, length, flags = struct.unpack_from("<IBBBB", body, 0)
        if sheet_type != 0:  # a chart or macro sheet
            continue
        raw = body[8 : 8 + length * (2 if flags & 1 else 1)]
        name = raw.decode("utf-16-le" if flags & 1 else "latin-1")
        scan = SheetScan(name, _STATES.get(state & 3, "hidden"))
        for record, sub in _records(stream, offset, wanted):
            if struck and record != _MERGEDCELLS:
                scan.struck.update(struck_cell(record, sub, struck))
            if record not in (_MERGEDCELLS, FORMULA, _BOOLERR):
                continue
            error = xls_error_cell(record, sub) if record != _MERGEDCELLS else None
            if error is not None:
                scan.errors[error[:2]] = error[2]
            if record == _BOOLERR:
                continue
            if record == FORMULA:
                cell = formula_record(sub)
                if cell is not None and cell[3]:
                    placeholders.append((scan, cell[0], cell[1], cell[2]))
                calculated = calculated or (cell is not None and not cell[3])
                continue
            if len(sub) < 2:
                continue
            count = struct.unpack_from("<H", sub, 0)[0]
            for i in range(min(count, (len(sub) - 2) // 8)):
                r1, r2, c1, c2 = struct.unpack_from("<HHHH", sub, 2 + 8 * i)
                scan.merges.append((r1 + 1, c1 + 1, r2 + 1, c2 + 1))
        scans[name] = scan
    for scan, row, col, text in placeholders:
        if is_arithmetic(text) or not calculated:
            scan.missing[(row, col)] = text
    return scans
