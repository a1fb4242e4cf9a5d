"""Struck-through cells of an .xlsx: the office's way of taking a project off the list.

Staff often strike a project's row through (删除线) instead of deleting it when it is
调出 or 撤销, so that the table keeps its history. calamine reads values only, so such a
row would be counted as if it were live. The fonts with ``<strike/>`` and the cell
formats (``cellXfs``) that use them are read from ``styles.xml``; the sheet scan then
records the cells written in those formats (:func:`struck_cells`), and the loader names
every project whose name is struck through (:func:`projtrack.read.checks.struck_findings`).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from projtrack.errors import column_number

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_OFF = ("0", "false")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c\s")
_CELL_REF = re.compile(rb'\sr="([A-Z]{1,4})(\d{1,8})"')


def struck_styles(styles: bytes) -> frozenset[int]:
    """The indices of the cell formats (``cellXfs``) whose font is struck through."""
    if b"strike" not in styles:
        return frozenset()
    try:
        root = ET.fromstring(styles)
    except ET.ParseError:
        return frozenset()
    fonts = root.find(f"{_MAIN}fonts")
    xfs = root.find(f"{_MAIN}cellXfs")
    if fonts is None or xfs is None:
        return frozenset()
    struck_fonts = set()
    for i, font in enumerate(fonts.findall(f"{_MAIN}font")):
        strike = font.find(f"{_MAIN}strike")
        if strike is not None and strike.get("val", "1").lower() not in _OFF:
            struck_fonts.add(i)
    return frozenset(
        i
        for i, xf in enumerate(xfs.findall(f"{_MAIN}xf"))
        if int(xf.get("fontId", "0") or 0) in struck_fonts
    )


def struck_cells(piece: bytes, styles: frozenset[int]) -> list[tuple[int, int]]:
    """(1-based row, 0-based column) of the cells of a piece of sheet XML written in one
    of the struck ``styles`` (cells without a reference are skipped). Each ``s="N"`` is
    found with a byte search and only its own tag is parsed: the cost follows the struck
    cells, not the sheet."""
    found = []
    for style in sorted(styles):
        mark = b' s="%d"' % style
        at = piece.find(mark)
        while at >= 0:
            start = piece.rfind(b"<", 0, at)  # the tag: no "<" inside attribute values
            if _CELL_TAG.match(piece, start):
                ref = _CELL_REF.search(piece[start : piece.find(b">", at)])
                if ref is not None:
                    found.append((int(ref.group(2)), column_number(ref.group(1)) - 1))
            at = piece.find(mark, at + 1)
    return sorted(found)
