"""The formula cells of an .xlsx sheet whose saved value is missing.

A workbook written by a program and never opened in Excel/WPS keeps ``<f>`` without a
``<v>`` (or, when the program asks Excel to recalculate on load, with a placeholder 0);
calamine reads such a cell as empty. The sheet scan hands each piece of sheet XML that
holds a formula here; the cells found are computed or refused by
:mod:`projtrack.read.formulas`. A shared formula (``<f t="shared" si="0"/>``) is written
once, in its first cell, and shifted here to each cell that names it.
"""

from __future__ import annotations

import html
import re

from projtrack.errors import cell_ref, column_number

_CELL_R = re.compile(rb'\sr="([A-Z]{1,4})(\d{1,8})"')
_CELL_T = re.compile(rb'\st="(\w+)"')
_ATTR = re.compile(rb'(\w+)="([^"]*)"')


def missing_values(
    piece: bytes,
    missing: dict[tuple[int, int], str],
    shared: dict[bytes, tuple[int, int, str]],
    calc_on_load: bool,
) -> None:
    """Add to ``missing`` the formula cells of ``piece`` whose saved value is missing
    ((1-based row, 0-based column) → formula text); ``shared`` keeps each shared
    formula's first cell for the cells that only name it."""
    for m in _FORMULA_CELL.finditer(piece):
        head, f_attrs, f_text, v_elem, v_text = m.groups()
        ref = _CELL_R.search(head)
        if ref is None:
            continue
        row, col = int(ref.group(2)), column_number(ref.group(1)) - 1
        text = html.unescape((f_text or b"").decode("utf-8", "replace"))  # &#21442; → 参
        if b"shared" in f_attrs:
            attrs = dict(_ATTR.findall(f_attrs))
            si = attrs.get(b"si", b"")
            if text:
                shared[si] = (row, col, text)
            elif si in shared:
                r0, c0, master = shared[si]
                text = shift_formula(master, row - r0, col - c0)
        if not text:
            continue
        saved = (v_text or b"").strip() if v_elem else None
        kind = _CELL_T.search(head)
        is_text = kind is not None and kind.group(1) in (b"str", b"inlineStr", b"s")
        # A program that asks Excel to recalculate on load (xlsxwriter, openpyxl) saves 0
        # or nothing as a placeholder: neither is the formula's value.
        placeholder = calc_on_load and saved in (b"", b"0")
        if saved is None or (not saved and not is_text) or placeholder:
            missing[(row, col)] = text


_FORMULA_CELL = re.compile(
    rb"<(?:\w+:)?c\b([^>]*)>\s*<(?:\w+:)?f\b([^>]*?)(?:/>|>([^<]*)</(?:\w+:)?f>)\s*"
    rb"(<(?:\w+:)?v\b[^>]*?(?:/>|>([^<]*)</(?:\w+:)?v>))?"
)
_REF = re.compile(r"(\$?)([A-Z]{1,3})(\$?)(\d+)")


def shift_formula(formula: str, rows: int, cols: int) -> str:
    """A shared formula's text as it reads in a cell ``rows`` below, ``cols`` right."""

    def move(m: re.Match[str]) -> str:
        col = column_number(m.group(2))
        row = int(m.group(4))
        if not m.group(1):
            col += cols
        if not m.group(3):
            row += rows
        letters = cell_ref(None, 1, col - 1)[:-1] if col >= 1 else m.group(2)
        return f"{m.group(1)}{letters}{m.group(3)}{row}"

    return _REF.sub(move, formula)
