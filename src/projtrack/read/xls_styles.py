"""Struck-through cells of an Excel 97-2003 (.xls) workbook (删除线), as for an .xlsx.

An office strikes a project through when it is taken off the list but left in the table
(:mod:`projtrack.read.struck`). In BIFF8 a cell names its cell format (``XF`` record, in
the order written), the format names its font (``FONT`` records, in order, index 4 never
used), and a font's option flags carry ``fStrikeOut`` (0x0008). Only the cells written in
a struck format are collected; a workbook without a struck font costs one pass over its
few ``FONT`` records.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable

FONT, XF = 0x0031, 0x00E0
_STRIKE_OUT = 0x0008
# Cell records: row, column, XF index at the start of the body.
_ONE_CELL = frozenset({0x00FD, 0x0204, 0x0203, 0x027E, 0x0201, 0x0006, 0x0205})
_MULRK, _MULBLANK = 0x00BD, 0x00BE
CELL_RECORDS = (*_ONE_CELL, _MULRK, _MULBLANK)


def struck_formats(records: Iterable[tuple[int, bytes]]) -> frozenset[int]:
    """The XF indexes whose font is struck through, from the workbook globals' records."""
    fonts: list[bool] = []
    formats: list[int] = []
    for kind, body in records:
        if kind == FONT and len(body) >= 4:
            fonts.append(bool(struct.unpack_from("<H", body, 2)[0] & _STRIKE_OUT))
        elif kind == XF and len(body) >= 2:
            formats.append(struct.unpack_from("<H", body, 0)[0])
    if not any(fonts):
        return frozenset()
    struck = set()
    for index, font in enumerate(formats):
        at = font if font < 4 else font - 1  # font index 4 is never written
        if 0 <= at < len(fonts) and fonts[at]:
            struck.add(index)
    return frozenset(struck)


def struck_cell(kind: int, body: bytes, formats: frozenset[int]) -> list[tuple[int, int]]:
    """(1-based row, 0-based column) of the cells of one cell record written in a struck
    format (a MULRK/MULBLANK record holds a run of cells)."""
    if len(body) < 6:
        return []
    row, col = struct.unpack_from("<HH", body, 0)
    if kind in _ONE_CELL:
        return [(row + 1, col)] if struct.unpack_from("<H", body, 4)[0] in formats else []
    step = 6 if kind == _MULRK else 2
    count = (len(body) - 6) // step
    return [(row + 1, col + i) for i in range(count)
            if struct.unpack_from("<H", body, 4 + i * step)[0] in formats]  # fmt: skip
