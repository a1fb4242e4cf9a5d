"""Reading a ledger file into raw sheets of text, whatever its format.

Every format ends as the same thing, a :class:`RawSheet`: a Polars frame of text
columns whose row *i* is the Excel row ``i + 1``, so that each later step can name a
cell exactly as the user sees it. Excel/ODS go through calamine (fastexcel) in one read
per sheet; text (CSV/TSV, whatever its encoding or file name) goes through
:mod:`projtrack.read.textfile`; "xls" files that are HTML tables (web platforms export
them) are parsed with the standard library.
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

import polars as pl

from projtrack.errors import Finding, LedgerError, column_number
from projtrack.progress import step
from projtrack.read.cell_errors import fill_errors
from projtrack.read.complaints import RESAVE
from projtrack.read.complaints import plain_reason as _short
from projtrack.read.limits import DEFAULT_LIMITS, LimitError, Limits
from projtrack.read.markup import read_html, read_spreadsheetml
from projtrack.read.new_errors import errors_as_text, is_new_error_refusal
from projtrack.read.rawsheet import RawSheet, frame_from_rows
from projtrack.read.textfile import decode_text, fit_records, looks_like_text, pick_delimiter
from projtrack.read.workbook import ParsedSheet, open_workbook

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
HTML_SUFFIXES = {".htm", ".html"}


def read_sheets(path: Path, limits: Limits = DEFAULT_LIMITS) -> list[RawSheet]:
    """Read every sheet of a ledger as text; raise :class:`LedgerError` when it can't be read
    or asks for more than ``limits``."""
    if path.exists() and not path.is_file():  # a pipe or a device: open() would wait forever
        raise LedgerError(path, "not a regular file (a pipe or a device); give the ledger file")
    try:
        head = path.open("rb").read(4096)
    except OSError as exc:
        raise LedgerError(path, f"cannot open the file ({exc.strerror or exc})") from None
    if not head:
        raise LedgerError(path, "the file is empty (0 bytes)")
    kind = _sniff(path, head)
    if kind in ("html", "text", "spreadsheetml", "text-renamed"):
        try:
            if kind == "html":
                return read_html(path, limits)
            if kind == "spreadsheetml":
                return read_spreadsheetml(path, limits)
            return _read_renamed_text(path) if kind == "text-renamed" else [_read_csv(path)]
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
    real = _misnamed(path, head)
    try:
        if real is None:
            return _read_excel(path, limits)
        # calamine picks the format by the file name: read a copy under the right one.
        with tempfile.TemporaryDirectory(prefix="projtrack-") as tmp:
            copy = Path(tmp) / f"ledger{real}"
            shutil.copyfile(path, copy)
            return _read_excel(path, limits, source=copy)
    except _NewErrors:  # #SPILL! and the like: read again with the error cells as text
        with tempfile.TemporaryDirectory(prefix="projtrack-") as tmp:
            copy = Path(tmp) / "ledger.xlsx"
            errors_as_text(path, copy)
            return _read_excel(path, limits, source=copy, patched=True)


class _NewErrors(Exception):
    """calamine refused a sheet for an Excel-365 error value (see read/new_errors.py)."""


def _misnamed(path: Path, head: bytes) -> str | None:
    """The suffix a workbook's content calls for when its name says another (an .xlsx
    renamed to .xls for an upload form, an .xls saved as .xlsx), else None."""
    if head.startswith(b"PK\x03\x04"):
        # An ODF package stores its mimetype uncompressed as the first entry.
        if b"application/vnd.oasis.opendocument.spreadsheet" in head[:256]:
            return None if path.suffix.lower() == ".ods" else ".ods"
        return None if path.suffix.lower() in (".xlsx", ".xlsm", ".xlsb") else ".xlsx"
    return None if path.suffix.lower() == ".xls" else ".xls"  # an OLE container


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
    if suffix in EXCEL_SUFFIXES and looks_like_text(head):
        return "text-renamed"  # a CSV/TSV a platform saved under a spreadsheet name
    if suffix in EXCEL_SUFFIXES:
        raise LedgerError(
            path,
            f"the file is named {suffix} but is not a spreadsheet (it may be truncated, "
            "corrupt or another kind of file)",
        )
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES or looks_like_text(head):
        return "text"
    raise LedgerError(
        path,
        "not a spreadsheet: expected .xlsx, .xlsm, .xls, .ods, .csv or an HTML table",
    )


def _read_excel(
    path: Path, limits: Limits, source: Path | None = None, *, patched: bool = False
) -> list[RawSheet]:
    """Every sheet of the workbook at ``source`` (default ``path``); messages name ``path``.
    ``patched``: ``source`` is a copy with its error cells as text (read/new_errors.py)."""
    try:
        workbook = open_workbook(source or path, limits)  # parsed on worker threads, maybe started
    except LedgerError as exc:  # said of the user's file, never of a temporary copy
        if exc.path == path or type(exc) is not LedgerError:
            raise
        raise LedgerError(path, exc.detail, sheet=exc.sheet) from None
    except _CALAMINE_ERRORS as exc:  # fastexcel raises several unrelated types for broken files
        _reraise_interrupts(exc)
        raise LedgerError(path, f"cannot read the workbook: {_short(exc)}") from None
    sheets, count = [], len(workbook.names)
    if count == 0:  # Excel saves one sheet at least: the sheet list (xl/workbook.xml) is lost
        raise LedgerError(path, f"the file is damaged or incomplete (it lists no sheet); {RESAVE}")
    for index, parsed in enumerate(workbook.parsed()):
        step("读取工作表 reading sheets", index, count)
        try:
            frame, offset, hidden = _polars_sheet(parsed)
        except _CALAMINE_ERRORS as exc:
            _reraise_interrupts(exc)
            if "empty" in str(exc).lower() or "no rows" in str(exc).lower():
                frame, offset, hidden = pl.DataFrame(), 0, False
            elif is_new_error_refusal(exc) and not patched:
                raise _NewErrors from None
            else:
                message = f"cannot read the sheet: {_short(exc)}"
                raise LedgerError(path, message, sheet=parsed.name) from None
        scan = parsed.scan
        state = scan.state if scan else ("hidden" if hidden else "visible")
        hidden = hidden or bool(scan and scan.hidden)
        frame = _rename(frame)
        if scan and scan.errors:
            frame = fill_errors(frame, offset, scan.errors)
        sheet = RawSheet(parsed.name, frame, offset, hidden, state=state)
        if scan:
            sheet = replace(sheet, merges=tuple(scan.merges), missing=scan.missing,
                            hidden_rows=tuple(scan.hidden_rows),
                            struck=frozenset(scan.struck),
                            percent=_by_column(scan.percent))  # fmt: skip
        sheets.append(sheet)
        del parsed  # calamine's copy of the sheet goes now, not after the last one
    return sheets


def _by_column(cells: dict[bytes, list[int]]) -> dict[int, tuple[int, ...]]:
    """The scan's column letters → rows, keyed by 0-based column number."""
    return {column_number(letters) - 1: tuple(rows) for letters, rows in cells.items()}


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


def _read_renamed_text(path: Path) -> list[RawSheet]:
    """A CSV/TSV saved under a spreadsheet name (.xls/.xlsx): read as text, with a note."""
    sheet = _read_csv(path)
    text = f"文件名为{path.suffix}，内容却是文本（CSV/TSV），已按文本读取"
    note = Finding(None, None, None, "text_format", text, "info")
    return [replace(sheet, findings=(note, *sheet.findings))]


def _read_csv(path: Path) -> RawSheet:
    """A text ledger: encoding detected (:mod:`textfile`), rows fitted to the header."""
    found = decode_text(path.read_bytes())
    if found is None:
        raise LedgerError(
            path, "cannot decode the text file (tried UTF-8, UTF-16 and detection); "
            "save it from Excel/WPS as CSV UTF-8"
        )  # fmt: skip
    text, encoding = found
    notes: list[Finding] = []
    if "+" in encoding or "no BOM" in encoding:
        notes.append(Finding(None, None, None, "text_encoding", f"按 {encoding} 解码", "info"))
    delimiter = pick_delimiter(text[:65536])
    fitted = fit_records(text, delimiter, path.stem)
    if fitted is None:
        frame = _excel_text(_csv_frame(text, delimiter), '="' in text)
        return RawSheet(path.stem, frame, findings=tuple(notes))
    rows, misfits = fitted
    frame = _excel_text(frame_from_rows(rows), '="' in text)
    return RawSheet(path.stem, frame, findings=(*notes, *misfits))


def _excel_text(frame: pl.DataFrame, wrapped: bool) -> pl.DataFrame:
    """Cells written ``="46693.2"`` (web platforms' CSV, so that Excel keeps the text as
    typed) → the text inside; a number column then reads it as a number."""
    if not wrapped or frame.width == 0:
        return frame
    return frame.with_columns(pl.all().str.replace(r'^\s*="(.*)"\s*$', "${1}"))


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
        return frame_from_rows(rows)
    first = [c or None for c in head[start]]
    if body.width != width or [c or None for c in body.row(0)] != first:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        return frame_from_rows(rows)
    titles = frame_from_rows([*head[:start], [""] * width]).head(start)
    body = body.with_columns(pl.when(pl.all() != "").then(pl.all()).name.keep())
    return pl.concat([titles, body], how="vertical") if start else body
