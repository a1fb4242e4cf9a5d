"""Views (titled tables) as a real workbook: one sheet per view, figures as numbers.

The commands that describe their output as views (warn, starts, problems, lalian, duibiao,
rutong, woniu) write ``-o x.xlsx`` through here; trend has its own workbook with a chart.
Each sheet: a title row, the headers, the rows — numeric columns written as numbers
(30.8% as 0.308 with a percent format, 1,234 as 1234), text with ``write_string`` so
that no ledger text becomes a formula — and the notes under the table. Deterministic:
the same views give the same bytes.
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

import xlsxwriter

from projtrack.render.brief.sheet import text_width

if TYPE_CHECKING:
    from projtrack.render.views import View

FIXED_DATE = datetime(2000, 1, 1)  # workbook properties: no clock in the bytes
_NUMBER = re.compile(r"^[+-]?[\d,]*\.?\d+$")
_PERCENT = re.compile(r"^[+-]?[\d,]*\.?\d+%$")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_SENTENCE = re.compile(r"[：:]")  # a title's name ends where its sentence begins
_BRACKETED = re.compile(r"（[^（）]*）|\([^()]*\)")
_FIGURE_END = re.compile(r"[\d.,%+\-－、，（(]+$")
SHEET_NAME_ROOM = 28  # Excel allows 31; 3 are kept for a _2 when two views share a name


def sheet_name(title: str, taken: set[str]) -> str:
    """A short tab name for a view's sheet: the title up to its first ``：``
    (``上半年新开工项目：应开工3个，已开工1个，开工率33.3%`` → ``上半年新开工项目``), its
    bracketed counts left out when that is still too long.

    Excel cuts a sheet name at 31 characters; cutting the title there left a tab ending
    inside a figure (``…开工率33.3``). The full title is the sheet's first row. Excel's
    other rules: none of ``[]:*?/\\``, unique in the workbook.
    """
    name = _SENTENCE.split(title, maxsplit=1)[0]
    if len(name) > SHEET_NAME_ROOM:
        name = _BRACKETED.sub("", name)
    name = _BAD_SHEET_CHARS.sub("", name).strip()
    if len(name) > SHEET_NAME_ROOM:  # no clause to stop at: never end inside a figure
        name = _FIGURE_END.sub("", name[:SHEET_NAME_ROOM])
    base = name or "表"
    name, n = base, 2
    while name in taken:
        name, n = f"{base[:26]}_{n}", n + 1
    taken.add(name)
    return name


def _decimals(text: str) -> int:
    """Digits after the point in a display string: the cell shows what the text showed."""
    digits = text.rstrip("%")
    return len(digits.split(".")[1]) if "." in digits else 0


def _cell(text: str) -> tuple[str, Any]:
    """("number" | "percent" | "text", value) of a display string of a numeric column."""
    plain = text.replace(",", "")
    if _PERCENT.match(text):
        return "percent", float(plain[:-1]) / 100
    if _NUMBER.match(text):
        return "number", float(plain)
    return "text", text


def _num_format(kind: str, decimals: int, signed: bool = False) -> str:
    """Excel number format with the display's decimals (no dangling point on integers);
    ``signed`` keeps the + the display showed (较时序进度 +5.8)."""
    tail = "." + "0" * decimals if decimals else ""
    body = f"0{tail}%" if kind == "percent" else f"#,##0{tail}"
    return f"+{body};-{body};{body}" if signed else body


def views_xlsx(views: list[View], title: str) -> bytes:
    """The views as .xlsx bytes, one sheet each."""
    out = io.BytesIO()
    wb = new_workbook(out, title)
    write_views(wb, views)
    wb.close()
    return out.getvalue()


def new_workbook(out: io.BytesIO, title: str) -> xlsxwriter.Workbook:
    """An in-memory workbook that never turns text into a formula, with fixed properties."""
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    wb = xlsxwriter.Workbook(out, options)
    wb.set_properties({"title": title, "author": "projtrack", "created": FIXED_DATE})
    return wb


TEXT_CAP = 36  # a text column wider than this wraps (a 原因, a 存在问题) instead of running on
# Width (in Excel's character units) a sheet may take printed upright on A4; wider ones are
# printed landscape. Either way the sheet is fitted to one page wide.
PORTRAIT_ROOM = 95


def write_views(wb: xlsxwriter.Workbook, views: list[View]) -> list[tuple[Any, int]]:
    """One sheet per view: title (row 0), headers (row 1), rows from row 2, the notes.
    Returns each sheet with its first free row below the notes.

    Each sheet prints as an office prints a list: A4 fitted to one page wide (landscape
    when the columns need it), the title and headers on every page, page numbers, long
    texts wrapped in their cells and the notes wrapped across the table's width.
    """
    bold = wb.add_format({"bold": True})
    head = wb.add_format({"bold": True, "bg_color": "#D9D9D9", "border": 1, "text_wrap": True,
                          "valign": "vcenter"})  # fmt: skip
    text_format = wb.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    note_format = wb.add_format({"text_wrap": True, "valign": "top"})
    formats: dict[tuple[str, int, bool], Any] = {}
    taken: set[str] = set()
    sheets = []
    for view in views:
        ws = wb.add_worksheet(sheet_name(view.title, taken))
        ws.write_string(0, 0, view.title, bold)
        widths = [text_width(h) for h in view.headers]
        for c, header in enumerate(view.headers):
            ws.write_string(1, c, header, head)
        for r, row in enumerate(view.rows, start=2):
            for c, text in enumerate(row):
                kind, value = _cell(text) if c in view.numeric else ("text", text)
                if kind == "text":
                    ws.write_string(r, c, str(value), text_format)
                else:
                    key = (kind, _decimals(text), text.startswith("+"))
                    if key not in formats:
                        formats[key] = wb.add_format(
                            {"num_format": _num_format(*key), "border": 1, "valign": "top"}
                        )
                    ws.write_number(r, c, value, formats[key])
                widths[c] = max(widths[c], text_width(text))
        shown = [min(max(w + 2, 6), TEXT_CAP if c not in view.numeric else 50)
                 for c, w in enumerate(widths)]  # fmt: skip
        for c, width in enumerate(shown):
            ws.set_column(c, c, width)
        _row_heights(ws, view.rows, shown)
        _write_notes(ws, view.notes, len(view.rows) + 3, shown, note_format)
        _print_setup(ws, sum(shown))
        sheets.append((ws, len(view.rows) + 3 + len(view.notes) + 1))
    return sheets


def _row_heights(ws: Any, rows: list[list[str]], widths: list[int]) -> None:
    """A row whose text wraps gets the height of its lines: a viewer that does not fit rows
    itself (LibreOffice, a printer driver) would cut the text at one line."""
    for r, row in enumerate(rows, start=2):
        lines = max((-(-text_width(t) // max(widths[c] - 1, 1)) for c, t in enumerate(row)),
                    default=1)  # fmt: skip
        if lines > 1:
            ws.set_row(r, 15 * lines)


def _write_notes(ws: Any, notes: list[str], first: int, widths: list[int], fmt: Any) -> None:
    """Each note across the table's width, wrapped, its row as tall as its lines."""
    room = max(sum(widths), 1)
    for k, note in enumerate(notes, start=first):
        if len(widths) > 1:
            ws.merge_range(k, 0, k, len(widths) - 1, note, fmt)
        else:
            ws.write_string(k, 0, note, fmt)
        lines = -(-text_width(note) // room)  # ceiling
        if lines > 1:
            ws.set_row(k, 15 * lines + 2)


def _print_setup(ws: Any, width: int) -> None:
    """A4, one page wide, title and headers repeated, page numbers as 公文 print them."""
    ws.freeze_panes(2, 0)
    ws.set_paper(9)
    if width > PORTRAIT_ROOM:
        ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0, 1)
    ws.center_horizontally()
    ws.set_margins(left=0.5, right=0.5, top=0.8, bottom=0.8)
    ws.set_footer("&C— &P —")
