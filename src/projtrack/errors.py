"""Typed errors and findings that always say *where* in the workbook a problem is.

Every message a user sees is rendered from one place (:func:`cell_ref`) so that a
reference reads the same everywhere: ``市重点!H15``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# Exit codes of SPEC §8.
EXIT_OK = 0
EXIT_DATA = 1
EXIT_USAGE = 2
EXIT_NOTHING = 3


def column_letter(index: int) -> str:
    """Excel column letter for a 0-based column index (0 → A, 27 → AB)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_number(letters: bytes | str) -> int:
    """The 1-based number of an Excel column letter (``A`` → 1, ``XFD`` → 16384)."""
    n = 0
    for ch in letters if isinstance(letters, str) else letters.decode():
        n = n * 26 + ord(ch) - 64
    return n


def cell_ref(sheet: str | None, row: int | None = None, column: int | None = None) -> str:
    """Render a location as a user reads it in Excel: ``sheet!H15``, ``sheet!15``, ``sheet``.

    ``row`` is the 1-based row the user sees; ``column`` a 0-based index.
    """
    parts = ""
    if column is not None:
        parts += column_letter(column)
    if row is not None:
        parts += str(row) if column is not None else f"第{row}行"
    if sheet is None:
        return parts
    return f"{sheet}!{parts}" if parts else sheet


class ProjtrackError(Exception):
    """Base of every error projtrack reports to a user (never shown with a traceback)."""

    exit_code = EXIT_DATA


class UsageError(ProjtrackError):
    """The command was called wrongly (options conflict, a bad config key): exit 2."""

    exit_code = EXIT_USAGE


class OutputError(ProjtrackError):
    """An output file cannot be written (folder missing, permission denied): exit 1."""


class NothingToDo(ProjtrackError):
    """A run found nothing to work on (e.g. cron found no new ledger): exit 3."""

    exit_code = EXIT_NOTHING


class LedgerError(ProjtrackError):
    """The ledger cannot be used: unreadable, no header, a required field missing."""

    def __init__(self, path: Path | str, message: str, sheet: str | None = None) -> None:
        self.path = Path(path)
        self.sheet = sheet
        self.detail = message
        where = self.path.name + (f" [{sheet}]" if sheet else "")
        super().__init__(f"{where}: {message}")


class CellError(LedgerError):
    """A problem at one cell; carries sheet, 1-based row, column letter and header."""

    def __init__(
        self,
        path: Path | str,
        message: str,
        *,
        sheet: str | None,
        row: int,
        column: int,
        header: str | None = None,
    ) -> None:
        self.row = row
        self.column = column
        self.header = header
        LedgerError.__init__(self, path, message, sheet=None)
        self.sheet = sheet
        ref = cell_ref(sheet, row, column)
        hdr = f" ({header})" if header else ""
        Exception.__init__(self, f"{Path(path).name} {ref}{hdr}: {message}")


@dataclass(frozen=True, order=True)
class Finding:
    """A warning (or error) about the ledger's content, with the cell it is about.

    ``row`` is the 1-based row in the sheet, ``column`` a 0-based column index.
    """

    sheet: str | None
    row: int | None
    column: int | None
    code: str
    message: str
    severity: str = "warning"

    @property
    def where(self) -> str:
        """The location as ``sheet!H15`` (or the sheet, or '' for the whole file)."""
        return cell_ref(self.sheet, self.row, self.column)

    def to_json(self) -> dict[str, str]:
        """The SPEC §7 shape: ``{"where": …, "message": …}`` plus the finding's code."""
        return {"where": self.where, "code": self.code, "message": self.message}
