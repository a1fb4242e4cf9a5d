"""The workbook's building block: one sheet with its title, headers, cells and print setup.

Ledger text is written with ``write_string`` (never ``write``), and formula-like text also
gets Excel's quote prefix, so "=SUM(A1)" stays text even after someone edits the cell.
Colours are chosen to survive a black-and-white printer: 红榜 is bold dark-red text on a
light fill, 黑榜 bold on a clearly darker grey; a red warning is darker than a yellow one.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from projtrack.render.brief.measure import header_lines
from projtrack.render.cells import FORMULA_START
from projtrack.render.punctuation import own_words, punctuate

if TYPE_CHECKING:
    from xlsxwriter.format import Format

MAX_WIDTH = 60  # column width cap (Excel units); longer text wraps
PARAGRAPH_COLUMNS = 8  # sentences are merged across A:H
NUMBER_WIDTH = {"int": 6, "count": 8, "amount": 12, "pct": 8, "pp": 8, "score": 8, "date": 11}
TEXT_KINDS = ("text", "wrap")
FONT_SIZE = 11  # the workbook's default (Calibri 11)
MIN_PRINTED_PT = 9.0  # printed text is never smaller than this
# The printable width of A4 landscape with 0.5-inch margins, in Excel column units: 146 in
# Excel (a unit is 1.85 mm at Calibri 11); LibreOffice draws units wider, so 128 leaves room.
PAGE_UNITS = 128

_KINDS: dict[str, dict[str, Any]] = {
    "title": {"bold": True, "font_size": 16},
    "subtitle": {"font_color": "#595959"},
    "para": {"text_wrap": True, "valign": "top"},
    "head": {"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True,
             "bg_color": "#D9E1F2", "border": 1},
    "text": {"border": 1, "valign": "vcenter"},
    "wrap": {"border": 1, "valign": "vcenter", "text_wrap": True},
    "centre": {"border": 1, "valign": "vcenter", "align": "center"},
    "int": {"border": 1, "valign": "vcenter", "num_format": "0", "align": "center"},
    "count": {"border": 1, "valign": "vcenter", "num_format": "#,##0"},  # beside amounts
    "amount": {"border": 1, "valign": "vcenter", "num_format": "#,##0"},
    "pct": {"border": 1, "valign": "vcenter", "num_format": "0.0%"},
    "pp": {"border": 1, "valign": "vcenter", "num_format": "+0.0;-0.0;0.0"},
    "score": {"border": 1, "valign": "vcenter", "num_format": "0.0"},
    "date": {"border": 1, "valign": "vcenter", "num_format": 'yyyy"年"m"月"'},
}  # fmt: skip
# Fills by luminance: red list 233, yellow 236, red warning 178, black list 150 — with bold
# text where it matters, each pair the reader must tell apart differs in greyscale.
_STYLES: dict[str, dict[str, Any]] = {
    "": {},
    "red": {"bg_color": "#FCE4E4", "font_color": "#9C0006", "bold": True},  # 红榜
    "black": {"bg_color": "#969696", "bold": True},  # 黑榜
    "warn_red": {"bg_color": "#E89A9A", "font_color": "#7F0000", "bold": True},  # 红色预警
    "warn_yellow": {"bg_color": "#FFF1B8", "font_color": "#7F6000"},  # 黄色预警
    "total": {"bold": True},
}


def text_width(text: str) -> int:
    """Display width: CJK and full-width characters count 2, ASCII 1.

    UTF-8 spends 3 bytes on a CJK character and 1 on ASCII, so (chars + bytes) // 2 gives
    2 and 1 without a Python loop per character (明细 may have tens of thousands of rows).
    """
    return (len(text) + len(text.encode("utf-8"))) // 2


# Rows a landscape A4 page holds at least, fitted to one page wide: a table no longer than
# this prints on one page, and repeating its title and headers would only head a page with
# nothing under them but the chart (排名) or the notes.
ONE_PAGE_ROWS = 25


class Sheet:
    """One sheet: title row, header row, cells, and column widths measured while writing.

    ``punctuation`` is applied to the title, the headers, notes and the page header and
    footer — the sheet's own words; ledger text in cells is written as it is.
    """

    def __init__(self, wb: Any, cache: dict, name: str, title: str, headers: list[str],
                 widths: list[int] | None = None, *, punctuation: str = "full",
                 caps: dict[int, int] | None = None) -> None:  # fmt: skip
        self.wb, self.cache, self.punctuation = wb, cache, punctuation
        self.title = punctuate(title, punctuation)
        self.ws = wb.add_worksheet(name)
        self.caps = caps or {}  # column → width cap (its text wraps beyond it)
        self.last_row = 1  # the last row written (the table's length decides repeated titles)
        # Headers break at a word boundary onto two lines, so ask for the longer line.
        shown = [header_lines(punctuate(h, punctuation)) for h in headers]
        self.widths = widths or [max(4, *map(text_width, lines)) for lines in shown]
        for c in self.caps:
            self.widths[c] = min(self.widths[c], self.caps[c])
        if headers:
            self.ws.set_row(1, 30)  # two lines of header
        self.ws.write_string(0, 0, self.title, self.fmt("title"))
        for c, lines in enumerate(shown):
            self.ws.write_string(1, c, "\n".join(lines), self.fmt("head"))

    def fmt(self, kind: str, style: str = "", quoted: bool = False) -> Format:
        """A format made once per (kind, style, quoted) for the whole workbook."""
        key = (kind, style, quoted)
        if key not in self.cache:
            props = {**_KINDS[kind], **_STYLES[style], **({"quote_prefix": True} if quoted else {})}
            self.cache[key] = self.wb.add_format(props)
        return self.cache[key]

    def text(self, r: int, c: int, value: str | None, kind: str = "text", style: str = "") -> None:
        """Ledger text: always a string cell, quote-prefixed when it looks like a formula;
        projtrack's ``(未填写)`` in the sheet's punctuation, as the briefing prints it."""
        if not value:
            self.ws.write_blank(r, c, None, self.fmt(kind, style))
            return
        value = own_words(value, self.punctuation)
        self.ws.write_string(r, c, value, self.fmt(kind, style, value.startswith(FORMULA_START)))
        self.widths[c] = max(self.widths[c], text_width(value))

    def num(self, r: int, c: int, value: Any, kind: str, style: str = "") -> None:
        """A number (or date) with its format; a missing value stays a formatted blank, and
        a word in its place (统计为0 where a ratio has none) is written as text, aligned so."""
        if value is None:
            self.ws.write_blank(r, c, None, self.fmt(kind, style))
        elif isinstance(value, str):
            self.ws.write_string(r, c, value, self.fmt(kind, style))
            self.widths[c] = max(self.widths[c], text_width(value))
        elif kind == "date":
            self.ws.write_datetime(r, c, value, self.fmt(kind, style))
        else:
            self.ws.write_number(r, c, value, self.fmt(kind, style))
        self.widths[c] = max(self.widths[c], NUMBER_WIDTH[kind])

    def rows(self, rows: Iterable[Sequence[Any]], kinds: list[str], *, start: int = 2,
             numbered: bool = True, style: Callable[[Sequence[Any]], str] | None = None,
             styled: Sequence[int] = ()) -> int:  # fmt: skip
        """Write a table body (with 序号 if ``numbered``); return the next free row.

        ``style(row)`` colours the columns in ``styled``; everything else is plain.
        """
        text, num, first, r = self.text, self.num, int(numbered), start - 1
        wrapped = [(c - first, self.caps[c] - 2) for c in self.caps if c >= first]
        for r, row in enumerate(rows, start=start):
            band = style(row) if style else ""
            if wrapped:  # rows as high as their longest wrapped text (no reader autofits)
                lines = max(  # a tenth more: LibreOffice draws a unit wider than Excel
                    math.ceil(text_width(str(row[c] or "")) * 1.1 / max(w, 1)) for c, w in wrapped
                )
                if lines > 1:
                    self.ws.set_row(r, 15 * lines)
            if numbered:
                num(r, 0, r - start + 1, "int")
            for c, (value, kind) in enumerate(zip(row, kinds, strict=True), start=first):
                if kind == "text" and c in self.caps:
                    kind = "wrap"  # a capped column wraps: nothing is cut off on paper
                if kind in (*TEXT_KINDS, "centre"):
                    text(r, c, value, kind, band if c in styled else "")
                else:
                    num(r, c, value, kind, band if c in styled else "")
        self.last_row = max(self.last_row, r)
        return r + 1

    def note(self, r: int, text: str) -> None:
        """A sentence merged across A:H, wrapped, its row high enough for its lines."""
        text = punctuate(text, self.punctuation)
        shown = [min(w + 2, MAX_WIDTH) for w in self.widths[:PARAGRAPH_COLUMNS]]
        line = sum(shown) + 8.43 * (PARAGRAPH_COLUMNS - len(shown))
        self.ws.merge_range(r, 0, r, PARAGRAPH_COLUMNS - 1, "", self.fmt("para"))
        self.ws.write_string(r, 0, text, self.fmt("para"))
        self.ws.set_row(r, 18 * max(1, math.ceil(text_width(text) / line)))

    def column_widths(self) -> list[float]:
        """The widths the columns are given: measured, +2, capped."""
        return [min(w + 2, self.caps.get(c, MAX_WIDTH)) for c, w in enumerate(self.widths)]

    def finish(self, *, freeze_col: int = 0, repeat_columns: int = 0) -> None:
        """Widths, frozen headers, A4 landscape fitted to one page wide, titles repeated,
        page numbers. ``repeat_columns`` (明细: 序号 and 项目名称) are printed on every page
        too, should a reader print it at another scale."""
        widths = self.column_widths()
        for c, width in enumerate(widths):
            self.ws.set_column(c, c, width)
        ws = self.ws
        ws.freeze_panes(2, freeze_col)
        ws.set_paper(9)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        if self.last_row > ONE_PAGE_ROWS:  # a short table's title and headers are not
            ws.repeat_rows(0, 1)  # repeated over a page holding only its chart or notes
        if repeat_columns:
            ws.repeat_columns(0, repeat_columns - 1)
        ws.center_horizontally()
        ws.set_margins(left=0.5, right=0.5, top=0.8, bottom=0.8)
        ws.set_header("&L" + self.title[:100].replace("&", "&&") + "&R&A")
        ws.set_footer("&C" + punctuate("第&P页,共&N页", self.punctuation))
