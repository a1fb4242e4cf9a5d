"""Reading a ledger file into raw sheets of text, whatever its format.

Every format ends as the same thing, a :class:`RawSheet`: a Polars frame of text
columns whose row *i* is the Excel row ``i + 1``, so that each later step can name a
cell exactly as the user sees it. Excel/ODS go through calamine (fastexcel) in one read
per sheet; CSV is decoded as UTF-8 or GB18030; "xls" files that are HTML tables (web
platforms export them) are parsed with the standard library.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import polars as pl

from projtrack.errors import LedgerError
from projtrack.progress import step
from projtrack.read.complaints import plain_reason as _short
from projtrack.read.limits import DEFAULT_LIMITS, LimitError, Limits, check_grid
from projtrack.read.workbook import ParsedSheet, open_workbook
from projtrack.read.xlsx_scan import Merge

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
HTML_SUFFIXES = {".htm", ".html"}


@dataclass(frozen=True)
class RawSheet:
    """One sheet as text: ``frame`` row i is sheet row ``i + 1``; column j is ``col_offset + j``."""

    name: str
    frame: pl.DataFrame
    col_offset: int = 0
    hidden: bool = False
    state: str = "visible"  # visible | hidden | veryHidden
    merges: tuple[Merge, ...] = ()  # merged ranges (1-based rows and columns)
    # (row, 0-based column) → formula text: formula cells whose saved value is missing
    missing: dict[tuple[int, int], str] = field(default_factory=dict)
    computed: tuple[tuple[int, int, str, float], ...] = ()  # filled in by read/formulas.py


def read_sheets(path: Path, limits: Limits = DEFAULT_LIMITS) -> list[RawSheet]:
    """Read every sheet of a ledger as text; raise :class:`LedgerError` when it can't be read
    or asks for more than ``limits``."""
    try:
        head = path.open("rb").read(4096)
    except OSError as exc:
        raise LedgerError(path, f"cannot open the file ({exc.strerror or exc})") from None
    if not head:
        raise LedgerError(path, "the file is empty (0 bytes)")
    kind = _sniff(path, head)
    if kind in ("html", "text", "spreadsheetml"):
        readers = {"html": _read_html, "spreadsheetml": _read_spreadsheetml}
        try:
            return readers[kind](path, limits) if kind in readers else [_read_csv(path)]
        except LimitError as exc:
            raise LedgerError(path, str(exc)) from None
        except LedgerError:
            raise
        except Exception as exc:  # csv.Error, a parser choking on binary junk
            raise LedgerError(path, f"cannot read the file as {kind}: {_short(exc)}") from None
    if kind == "encrypted":
        raise LedgerError(
            path,
            "the workbook is encrypted (password-protected); open it in Excel, remove the "
            "password (文件 → 信息 → 保护工作簿) and save it again",
        )
    return _read_excel(path, limits)


def _sniff(path: Path, head: bytes) -> str:
    """Decide the real format from the first bytes, not only from the file name."""
    if head.startswith(b"PK\x03\x04"):
        return "excel"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        # An OLE container: an .xls workbook, or an encrypted .xlsx.
        with path.open("rb") as fh:
            blob = fh.read(1 << 20)
        if "EncryptedPackage".encode("utf-16-le") in blob:
            return "encrypted"
        return "excel"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith(b"<") and b"urn:schemas-microsoft-com:office:spreadsheet" in stripped:
        return "spreadsheetml"
    if stripped.startswith(b"<") and (b"<table" in stripped or b"<html" in stripped):
        return "html"
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        raise LedgerError(
            path,
            f"the file is named {suffix} but is not a spreadsheet (it may be truncated, "
            "corrupt or another kind of file)",
        )
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES or _looks_like_text(head):
        return "text"
    raise LedgerError(
        path,
        "not a spreadsheet: expected .xlsx, .xlsm, .xls, .ods, .csv or an HTML table",
    )


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    return _decode(head[:4000], strict=False) is not None


def _read_excel(path: Path, limits: Limits) -> list[RawSheet]:
    try:
        workbook = open_workbook(path, limits)  # parsed on worker threads, maybe started
    except LedgerError:
        raise
    except _CALAMINE_ERRORS as exc:  # fastexcel raises several unrelated types for broken files
        _reraise_interrupts(exc)
        raise LedgerError(path, f"cannot read the workbook: {_short(exc)}") from None
    sheets, count = [], len(workbook.names)
    for index, parsed in enumerate(workbook.parsed()):
        step("读取工作表 reading sheets", index, count)
        try:
            frame, offset, hidden = _polars_sheet(parsed)
        except _CALAMINE_ERRORS as exc:
            _reraise_interrupts(exc)
            if "empty" in str(exc).lower() or "no rows" in str(exc).lower():
                frame, offset, hidden = pl.DataFrame(), 0, False
            else:
                message = f"cannot read the sheet: {_short(exc)}"
                raise LedgerError(path, message, sheet=parsed.name) from None
        scan, state = parsed.scan, "hidden" if hidden else "visible"
        xml = (scan.state, tuple(scan.merges), scan.missing) if scan else (state,)
        hidden = hidden or bool(scan and scan.hidden)
        sheets.append(RawSheet(parsed.name, _rename(frame), offset, hidden, *xml))
        del parsed  # calamine's copy of the sheet goes now, not after the last one
    return sheets


def _polars_sheet(parsed: ParsedSheet) -> tuple[pl.DataFrame, int, bool]:
    """A parsed sheet as (text frame, first column's index, hidden); raises its error."""
    if parsed.error is not None:
        raise parsed.error
    sheet = parsed.sheet
    offset = min((c.absolute_index for c in sheet.available_columns()), default=0)
    hidden = str(getattr(sheet, "visible", "visible")).lower() != "visible"
    return sheet.to_polars(), offset, hidden


# A Rust panic inside calamine surfaces as pyo3's PanicException, a BaseException.
_CALAMINE_ERRORS = (BaseException,)


def _reraise_interrupts(exc: BaseException) -> None:
    if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
        raise exc


def _rename(frame: pl.DataFrame) -> pl.DataFrame:
    """Columns named c0, c1, … and typed as text, whatever the source called them."""
    return frame.select(
        pl.col(c).cast(pl.String).alias(f"c{i}") for i, c in enumerate(frame.columns)
    )


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


def _read_csv(path: Path) -> RawSheet:
    text = _decode(path.read_bytes())
    if text is None:
        raise LedgerError(path, "cannot decode the text file as UTF-8 or GB18030/GBK")
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    return RawSheet(path.stem, _csv_frame(text, delimiter))


HEAD_RECORDS = 60


def _csv_frame(text: str, delimiter: str) -> pl.DataFrame:
    """CSV text → text columns: title records by the csv module, the body by Polars.

    The title rows above the header have fewer fields, which Polars' reader cannot take
    as the first record; so the first records are read with the csv module up to the
    widest one (the header), and Polars reads from there (100k rows: 0.05 s instead of
    0.7 s). Anything Polars refuses falls back to the csv module for the whole file.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    head = [row for _, row in zip(range(HEAD_RECORDS), reader, strict=False)]
    if not head:
        return pl.DataFrame()
    width = max(len(r) for r in head)
    start = next(i for i, r in enumerate(head) if len(r) == width)
    try:
        body = pl.read_csv(
            text.encode("utf-8"),
            has_header=False,
            separator=delimiter,
            skip_rows=start,
            infer_schema=False,
            truncate_ragged_lines=True,
            new_columns=[f"c{j}" for j in range(width)],
        )
    except Exception:  # malformed quoting and the like: the csv module is more forgiving
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        return _frame_from_rows(rows)
    first = [c or None for c in head[start]]
    if body.width != width or [c or None for c in body.row(0)] != first:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        return _frame_from_rows(rows)
    titles = _frame_from_rows([*head[:start], [""] * width]).head(start)
    body = body.with_columns(pl.when(pl.all() != "").then(pl.all()).name.keep())
    return pl.concat([titles, body], how="vertical") if start else body


def _frame_from_rows(rows: Sequence[Sequence[str | None]]) -> pl.DataFrame:
    """Rows of text (ragged) → a frame of text columns c0…, empty cells as null."""
    width = max((len(r) for r in rows), default=0)
    if width == 0:
        return pl.DataFrame()
    padded = [r if len(r) == width else [*r, *([None] * (width - len(r)))] for r in rows]
    columns = zip(*padded, strict=True)  # transposed in C, not cell by cell
    frame = pl.DataFrame(
        [pl.Series(f"c{j}", col, dtype=pl.String) for j, col in enumerate(columns)]
    )
    return frame.with_columns(pl.when(pl.all() != "").then(pl.all()).name.keep())


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


def _read_html(path: Path, limits: Limits) -> list[RawSheet]:
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
        RawSheet(f"{name}_{i + 1}" if len(tables) > 1 else name, _frame_from_rows(t), merges=m)
        for i, (t, m) in enumerate(zip(tables, merges, strict=True))
    ]


_SS = "{urn:schemas-microsoft-com:office:spreadsheet}"


def _read_spreadsheetml(path: Path, limits: Limits) -> list[RawSheet]:
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
        sheets.append(RawSheet(name, _frame_from_rows(rows), merges=tuple(merges)))
    if not sheets:
        raise LedgerError(path, "the XML spreadsheet holds no worksheet")
    return sheets
