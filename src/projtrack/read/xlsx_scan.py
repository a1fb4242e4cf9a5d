"""What an .xlsx says about its own structure, read before calamine parses its cells.

calamine (through fastexcel) gives cell values only. The sheet XML says more, and some
of it decides whether the values can be trusted or even loaded:

- the used range: one stray value at ``XFD1048576`` makes calamine allocate the whole
  grid and abort the process, so the extent is measured here first and an absurd one
  refused (:class:`~projtrack.read.limits.Limits`);
- the inflated size of every part (a zip bomb), counted while streaming, never trusted
  from the zip headers;
- merged ranges (``<mergeCells>``): a 县(市、区) written once over a block of projects;
- formula cells whose saved value is missing (``<f>`` without ``<v>``: a file written by a
  program and never opened in Excel/WPS), which calamine reads as empty;
- each sheet's visibility (hidden, very hidden);
- cells holding an error value (``#REF!``), which calamine reads as empty;
- cells struck through, and number cells shown as percentages (:mod:`projtrack.read.xlsx_styles`).

The scan streams each part in chunks with byte searches (no DOM): about 0.3 s of CPU for
100k rows. This module imports nothing of projtrack's data modules.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from projtrack.errors import LedgerError, cell_ref, column_number
from projtrack.read.error_values import ERROR_MARK, xlsx_error_cells
from projtrack.read.limits import CEILING, EXCEL_COLUMNS, EXCEL_ROWS, Limits, raise_hint
from projtrack.read.xlsx_formulas import missing_values
from projtrack.read.xlsx_styles import percent_cells, percent_styles, struck_cells, struck_styles

CHUNK = 1 << 20
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"

_ROW_R = re.compile(rb'<(?:\w+:)?row\b[^>]*?\sr="(\d+)"')
_CELL_R = re.compile(rb'\sr="([A-Z]{1,4})(\d{1,8})"')
_VALUE_MARKS = (b"<v>", b"<v ", b"<is>", b":v>", b":is>")
_PLAIN_VALUE_MARKS = tuple(m for m in _VALUE_MARKS if m.startswith(b"<"))
_PREFIXED = re.compile(rb":(?:v>|v |is>|row |f>|f )")  # every prefixed mark looked for
_F_OPEN = re.compile(rb"<f")  # ``b"<f" in piece``, at twice the speed
_MERGE = re.compile(
    rb'<(?:\w+:)?mergeCell\b[^>]*?ref="([A-Z]{1,4})(\d{1,8}):([A-Z]{1,4})(\d{1,8})"'
)
_CALC_ON_LOAD = re.compile(rb'fullCalcOnLoad="(?:1|true)"')

Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (1-based)


@dataclass
class SheetScan:
    """What the XML of one sheet says beyond its values (rows 1-based, columns 0-based)."""

    name: str
    state: str = "visible"  # visible | hidden | veryHidden
    merges: list[Merge] = field(default_factory=list)
    # (row, column) → formula text, for formula cells whose saved value is missing
    missing: dict[tuple[int, int], str] = field(default_factory=dict)
    hidden_rows: list[int] = field(default_factory=list)  # rows hidden in Excel (1-based)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) → #REF!
    struck: set[tuple[int, int]] = field(default_factory=set)  # cells struck through
    # column letters → rows of the number cells formatted as percentages (0.45 shown 45%)
    percent: dict[bytes, list[int]] = field(default_factory=dict)

    @property
    def hidden(self) -> bool:
        return self.state != "visible"


def scan_xlsx(path: Path, limits: Limits) -> dict[str, SheetScan] | None:
    """Scan an .xlsx/.xlsm: sheet name → :class:`SheetScan`; raise past a limit.

    Returns None when the file is not a readable zip workbook (calamine then says what
    is wrong with it).
    """
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    with archive:
        budget = _Budget(path, limits)
        try:
            sheets, parts, calc_on_load = _sheets(archive, budget)
            styles = _styles(archive, budget)
        except LedgerError:
            raise
        except Exception:  # an .ods, or a damaged workbook.xml: only the size is checked
            for info in archive.infolist():
                for _ in _stream(archive, info, budget):
                    pass
            return None
        scans: dict[str, SheetScan] = {}
        by_part = dict(zip(parts, sheets, strict=True))
        for info in archive.infolist():
            scan = by_part.get(info.filename)
            if scan is None:
                for _ in _stream(archive, info, budget):
                    pass  # counted against the budget, nothing else wanted
                continue
            try:
                _scan_sheet(archive, info, scan, budget, limits, (calc_on_load, *styles))
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
                continue  # a damaged part: calamine reports it for that sheet
            scans[scan.name] = scan
        for scan in sheets:
            scans.setdefault(scan.name, scan)
        return scans


class _Budget:
    """Bytes inflated so far, against ``max_unpacked_mb``."""

    def __init__(self, path: Path, limits: Limits) -> None:
        self.path, self.limits, self.used = path, limits, 0

    def take(self, n: int) -> None:
        self.used += n
        if self.used > self.limits.max_unpacked_bytes:
            mb = self.limits.max_unpacked_mb
            raise LedgerError(
                self.path,
                f"the workbook inflates to more than {mb} MB when unpacked (a real ledger "
                f"needs a few MB; this looks like a damaged file or a zip bomb); "
                + raise_hint("max_unpacked_mb", mb * 4),
            )


def _stream(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> Iterator[bytes]:
    """The inflated bytes of one part in chunks, counted against the budget."""
    try:
        with archive.open(info) as fh:
            while chunk := fh.read(CHUNK):
                budget.take(len(chunk))
                yield chunk
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, ValueError):
        return  # damaged or encrypted part: calamine reports it


def _read_part(archive: zipfile.ZipFile, name: str, budget: _Budget) -> bytes:
    return b"".join(_stream(archive, archive.getinfo(name), budget))


def _sheets(archive: zipfile.ZipFile, budget: _Budget) -> tuple[list[SheetScan], list[str], bool]:
    """The sheets of workbook.xml in order, their part names, and whether Excel is told
    to recalculate on load (xlsxwriter/openpyxl files: their saved values are placeholders)."""
    import xml.etree.ElementTree as ET

    book_part = "xl/workbook.xml"
    for info in archive.infolist():
        if info.filename.lower().endswith("workbook.xml") and "/" in info.filename:
            book_part = info.filename
            break
    book = _read_part(archive, book_part, budget)
    rels_part = posixpath.join(posixpath.dirname(book_part), "_rels", "workbook.xml.rels")
    rels = ET.fromstring(_read_part(archive, rels_part, budget))
    targets = {}
    for rel in rels.iter(f"{_PKG}Relationship"):
        target = rel.get("Target", "")
        if target.startswith("/"):
            part = target.lstrip("/")
        else:
            part = posixpath.normpath(posixpath.join(posixpath.dirname(book_part), target))
        targets[rel.get("Id")] = part
    root = ET.fromstring(book)
    sheets, parts = [], []
    for el in root.iter(f"{_MAIN}sheet"):
        scan = SheetScan(el.get("name", ""), el.get("state", "visible"))
        sheets.append(scan)
        parts.append(targets.get(el.get(f"{_REL}id"), ""))
    return sheets, parts, bool(_CALC_ON_LOAD.search(book))


def _styles(archive: zipfile.ZipFile, budget: _Budget) -> tuple[frozenset[int], frozenset[int]]:
    """The struck-through and the percentage cell formats of the workbook's styles part."""
    part = next((i for i in archive.infolist() if i.filename.lower().endswith("styles.xml")), None)
    styles = b"".join(_stream(archive, part, budget)) if part else b""
    return struck_styles(styles), percent_styles(styles)


def _scan_sheet(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    scan: SheetScan,
    budget: _Budget,
    limits: Limits,
    book: tuple[bool, frozenset[int], frozenset[int]],  # recalculated on load; struck, % formats
) -> None:
    calc_on_load, strikes, percents = book
    bound = _Bound()
    shared: dict[bytes, tuple[int, int, str]] = {}
    loose = 0  # "<" counted in the pieces whose values were not counted
    for piece in _pieces(_stream(archive, info, budget)):
        # Prefixed elements (<x:row>, <x:v>, <x:f>) are rare: one search finds any, else their
        # marks count 0. Each other value mark (<v>, <is>) starts with its own "<": the "<"
        # bound the values, which are counted only when that bound passes the limit.
        prefixed = _PREFIXED.search(piece) is not None
        tags = 0 if prefixed else piece.count(b"<")
        exact = prefixed or bound.values + loose + tags > limits.max_cells
        bound.measure(piece, prefixed, values=exact)
        loose += 0 if exact else tags
        if _F_OPEN.search(piece) or (prefixed and (b":f>" in piece or b":f " in piece)):
            missing_values(piece, scan.missing, shared, calc_on_load)
        if strikes:
            scan.struck.update(struck_cells(piece, strikes))
        if percents:
            percent_cells(piece, percents, scan.percent)
        if ERROR_MARK in piece:
            scan.errors.update(xlsx_error_cells(piece))
        if b'hidden="' in piece:
            scan.hidden_rows += [int(r) for r in _HIDDEN_ROW.findall(piece)]
        if b"mergeCell" in piece:
            scan.merges += [(int(r1), column_number(c1), int(r2), column_number(c2))
                            for c1, r1, c2, r2 in _MERGE.findall(piece)]  # fmt: skip
    if loose and bound.values + loose > limits.max_cells:  # the bound is not enough: count
        again = _pieces(_stream(archive, info, _Budget(budget.path, limits)))
        bound.values = sum(p.count(mark) for p in again for mark in _VALUE_MARKS)
    if bound.values > limits.max_cells:
        raise LedgerError(
            budget.path,
            f"the sheet holds {bound.values:,} cells with values, more than the limit of "
            f"{limits.max_cells:,} cells; " + raise_hint("max_cells", bound.values),
            sheet=scan.name,
        )
    if bound.beyond:  # calamine would try to allocate the grid up to it (a crash, a hang)
        raise LedgerError(
            budget.path,
            f"a cell lies beyond Excel's last row or column ({bound.beyond}); "
            "the file is damaged — open it in Excel/WPS and save it again",
            sheet=scan.name,
        )
    if bound.cells <= limits.max_cells and bound.last_col <= EXCEL_COLUMNS:
        return  # the usual case: even counting styled empty cells, the sheet is small
    # Measure again, counting only the cells that hold a value (as calamine does).
    extent = _Extent()
    for piece in _pieces(_stream(archive, info, _Budget(budget.path, budget.limits))):
        extent.measure(piece)
    extent.check(budget.path, scan.name, limits)


def _pieces(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The inflated XML cut after a ``</row>``, so that no row is split between pieces;
    the last piece holds what follows the sheet data (the merged ranges)."""
    carry = b""
    for chunk in chunks:
        data = carry + chunk
        cut = data.rfind(b"</row>")
        if cut < 0 and len(data) <= 64 * CHUNK:
            carry = data
            continue
        cut = cut + 6 if cut >= 0 else len(data)  # one "row" of 64 MB: taken as it is
        yield data[:cut]
        carry = data[cut:]
    yield carry


_ROW_AT = re.compile(rb'<(?:\w+:)?row\b[^>]*?\sr="(\d+)"')
# A reference past column Z or at row 1,000,000 and beyond (a literal prefix: a fast scan);
# a cell or row beyond Excel's grid anywhere in a row (not only its last cell) is found.
_FAR_REF = re.compile(rb' r="([A-Z]{2,}|[A-Z]?(?=\d{7}))(\d*)"')
_HIDDEN_ROW = re.compile(rb'<(?:\w+:)?row\b(?=[^>]*\shidden="(?:1|true)")[^>]*?\sr="(\d+)"')


class _Bound:
    """A quick upper bound of the used range: row elements and any cell, styled or not."""

    def __init__(self) -> None:
        self.first_row = 0
        self.last_row = 0
        self.rows = 0  # row elements seen (for rows written without r=)
        self.last_col = 26  # A-Z, unless a wider reference is seen
        self.values = 0  # cells that hold a value, with or without a reference
        self.beyond = ""  # the first reference past Excel's last row or column, if any

    def measure(self, piece: bytes, prefixed: bool = True, *, values: bool = True) -> None:
        """Count a piece (``prefixed``: it may hold a :data:`_PREFIXED` mark; ``values``)."""
        marks = _VALUE_MARKS if prefixed else _PLAIN_VALUE_MARKS
        self.rows += piece.count(b"<row") + (piece.count(b":row ") if prefixed else 0)
        if values:
            self.values += sum(piece.count(mark) for mark in marks)
        if not self.first_row and (first := _ROW_AT.search(piece)):
            self.first_row = int(first.group(1))
        at = max(piece.rfind(b"<row"), piece.rfind(b":row ") if prefixed else -1)
        if at >= 0 and (last := _ROW_AT.search(piece, at - 2)):
            self.last_row = max(self.last_row, int(last.group(1)))
        # In a set's order the first named varied run to run (row 1048577 or cell A1048577):
        # sorted, a cell's reference comes first, the same every run.
        far = sorted(set(_FAR_REF.findall(piece)), key=lambda ref: (ref[0] == b"", ref))
        if far:
            self.last_col = max(self.last_col, max(column_number(c) for c, _ in far))
            beyond = [(c, r) for c, r in far if r and int(r) > EXCEL_ROWS]
            beyond += [(c, r) for c, r in far if column_number(c) > EXCEL_COLUMNS]
            if beyond and not self.beyond:
                self.beyond = b"".join(beyond[0]).decode()

    @property
    def cells(self) -> int:
        rows = max(self.last_row - max(self.first_row, 1) + 1, self.rows)
        return rows * self.last_col


class _Extent:
    """The used range, from the cells that hold a value (styled empty cells do not count)."""

    def __init__(self) -> None:
        self.first_row = 0
        self.last_row = 0
        self.last_col = 0
        self.far_row = ""  # the cell that sets last_row / last_col
        self.far_col = ""
        self.row = 0

    def measure(self, piece: bytes) -> None:
        for segment in piece.split(b"</row>"):
            found = _ROW_R.search(segment)
            if found:
                self.row = int(found.group(1))
                start = found.end()
            else:
                start = segment.find(b"<row")
                if start < 0:
                    continue
                self.row += 1
            value = max(segment.rfind(mark, start) for mark in _VALUE_MARKS)
            if value < 0:
                continue
            cell = max(segment.rfind(b"<c ", start, value), segment.rfind(b":c ", start, value))
            ref = _CELL_R.search(segment, cell, value) if cell >= 0 else None
            row = int(ref.group(2)) if ref else self.row
            col = column_number(ref.group(1)) if ref else 1
            self.first_row = min(self.first_row or row, row)
            if row >= self.last_row:
                self.last_row, self.far_row = row, cell_ref(None, row, col - 1)
            if col > self.last_col:
                self.last_col, self.far_col = col, cell_ref(None, row, col - 1)

    def check(self, path: Path, sheet: str, limits: Limits) -> None:
        if not self.last_row:
            return
        rows = self.last_row - self.first_row + 1
        cells = rows * self.last_col
        if self.last_row > EXCEL_ROWS or self.last_col > EXCEL_COLUMNS:
            far = self.far_row if self.last_row > EXCEL_ROWS else self.far_col
            raise LedgerError(
                path,
                f"a cell lies beyond Excel's last row or column ({far}); "
                "the file is damaged — open it in Excel/WPS and save it again",
                sheet=sheet,
            )
        if cells > limits.max_cells:
            corner = cell_ref(None, self.last_row, self.last_col - 1)
            far = ", ".join(dict.fromkeys([self.far_row, self.far_col]))
            raise LedgerError(
                path,
                f"the sheet's used range reaches {corner} ({rows:,} rows × {self.last_col:,} "
                f"columns = {cells:,} cells), more than the limit of {limits.max_cells:,} "
                f"cells; the farthest cells holding values: {far}. Probably a stray entry far "
                "from the table: delete it in Excel/WPS (Ctrl+End shows the last used cell) "
                "and save" + (f"; or {raise_hint('max_cells', cells)}" if cells <= CEILING else ""),
                sheet=sheet,
            )
