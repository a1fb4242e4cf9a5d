"""Spreadsheets that are really markup: HTML tables saved as .xls by web platforms, and
XML Spreadsheet 2003 files. Parsed with the standard library, their spans
(``rowspan``/``colspan``, ``ss:MergeAcross``/``ss:MergeDown``) kept as merged ranges and
checked against the limits before any grid is built.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from projtrack.errors import LedgerError
from projtrack.read.limits import DEFAULT_LIMITS, Limits, check_grid
from projtrack.read.rawsheet import RawSheet, frame_from_rows
from projtrack.read.xlsx_scan import Merge


def _decode(data: bytes, *, strict: bool = True) -> str | None:
    """Decode CSV bytes: UTF-8 (with or without BOM) first, then GB18030 (Chinese Excel)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            if not strict and exc.start > len(data) - 4:
                return data[: exc.start].decode(encoding)
            continue
    return None


class _TableParser(HTMLParser):
    """Collect the cells of every <table>, honouring colspan/rowspan like merged cells."""

    def __init__(self, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__()
        self.limits = limits
        self.merges: list[list[Merge]] = []
        self._merges: list[Merge] = []
        self.tables: list[list[list[str | None]]] = []
        self._rows: list[list[str | None]] | None = None
        self._cell: list[str] | None = None
        self._span = (1, 1)
        self._below: list[Merge] = []  # row spans still covering rows to come

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._rows, self._below, self._merges = [], [], []
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th") and self._rows is not None:
            if not self._rows:
                self._rows.append([])
            a = dict(attrs)
            self._span = (_int(a.get("rowspan")), _int(a.get("colspan")))
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._rows is not None:
            self._place("".join(self._cell).strip() or None)
            self._cell = None
        elif tag == "table" and self._rows is not None:
            self.tables.append(self._rows)
            self.merges.append(self._merges)
            self._rows = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def _place(self, value: str | None) -> None:
        assert self._rows is not None
        r = len(self._rows) - 1
        row = self._rows[r]
        self._below = [m for m in self._below if m[2] > r]
        while _covered(self._below, r, len(row)):
            row.append(None)
        rowspan, colspan = self._span
        col = len(row)
        check_grid(0, r + rowspan, col + colspan, self.limits,
                   f"a cell spanning {rowspan} rows × {colspan} columns")  # fmt: skip
        if rowspan > 1 or colspan > 1:
            self._merges.append((r + 1, col + 1, r + rowspan, col + colspan))
            if rowspan > 1:
                self._below.append(self._merges[-1])
        row.append(value)
        row.extend([None] * (colspan - 1))


def _covered(spans: list[Merge], r: int, c: int) -> bool:
    """Is the 0-based cell (r, c) inside one of ``spans``, below the span's first row?"""
    return any(r1 <= r < r2 and c1 <= c + 1 <= c2 for r1, c1, r2, c2 in spans)


def _int(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


def read_html(path: Path, limits: Limits) -> list[RawSheet]:
    raw = path.read_bytes()
    text = None
    lowered = raw[:2048].lower()
    for enc in ("gb18030", "gbk", "gb2312"):
        if f"charset={enc}".encode() in lowered or f'charset="{enc}'.encode() in lowered:
            text = raw.decode("gb18030", errors="replace")
    text = text or _decode(raw) or raw.decode("utf-8", errors="replace")
    parser = _TableParser(limits)
    parser.feed(text)
    merges = [tuple(m) for t, m in zip(parser.tables, parser.merges, strict=True) if t]
    tables = [t for t in parser.tables if t]
    if not tables:
        raise LedgerError(path, "the HTML file holds no <table>")
    name = path.stem
    return [
        RawSheet(f"{name}_{i + 1}" if len(tables) > 1 else name, frame_from_rows(t), merges=m)
        for i, (t, m) in enumerate(zip(tables, merges, strict=True))
    ]


_SS = "{urn:schemas-microsoft-com:office:spreadsheet}"


def read_spreadsheetml(path: Path, limits: Limits) -> list[RawSheet]:
    """ "XML Spreadsheet 2003" files (often saved as .xls by web platforms and old Excel).

    Cells may skip columns (``ss:Index``) and span others (``ss:MergeAcross`` /
    ``ss:MergeDown``, like merged cells: the text stays in the first cell).
    """
    import xml.etree.ElementTree as ET

    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise LedgerError(path, f"cannot read the XML spreadsheet: {exc}") from None
    sheets = []
    for number, ws in enumerate(root.iter(f"{_SS}Worksheet"), start=1):
        name = ws.get(f"{_SS}Name") or f"Sheet{number}"
        rows: list[list[str | None]] = []
        merges: list[Merge] = []
        below: list[Merge] = []  # MergeDown spans still covering rows to come
        for row_el in ws.iter(f"{_SS}Row"):
            index = row_el.get(f"{_SS}Index")
            check_grid(0, int(index or 0), 1, limits, f"ss:Index={index} on a row")
            while index and len(rows) < int(index) - 1:
                rows.append([])
            r = len(rows)
            row: list[str | None] = []
            below = [m for m in below if m[2] > r]
            for cell in row_el.findall(f"{_SS}Cell"):
                at = cell.get(f"{_SS}Index")
                target = int(at) - 1 if at else len(row)
                across = int(cell.get(f"{_SS}MergeAcross") or 0)
                down = int(cell.get(f"{_SS}MergeDown") or 0)
                what = f"a cell at ss:Index={at}, MergeAcross={across}, MergeDown={down}"
                width = max(target, len(row)) + across + 1
                check_grid(0, r + down + 1, width, limits, what)
                while len(row) < target or _covered(below, r, len(row)):
                    row.append(None)
                data = cell.find(f"{_SS}Data")
                text = "".join(data.itertext()).strip() if data is not None else ""
                col = len(row)
                row.append(text or None)
                row.extend([None] * across)
                if across or down:
                    merges.append((r + 1, col + 1, r + 1 + down, col + 1 + across))
                if down:
                    below.append(merges[-1])
            rows.append(row)
        sheets.append(RawSheet(name, frame_from_rows(rows), merges=tuple(merges)))
    if not sheets:
        raise LedgerError(path, "the XML spreadsheet holds no worksheet")
    return sheets
