"""Formula cells whose saved value is missing: computed where the ledger holds the inputs.

A workbook written by a program (openpyxl, a platform export) and never opened in
Excel/WPS keeps its formulas (``=SUM(E5:G5)``) without the values Excel would have
saved; calamine reads such a cell as empty, which a sum would take as 0. So each such
cell is computed here from the cells it names, when the formula is plain arithmetic
over cells of the same sheet (``SUM``, ``+ - * /``, numbers, parentheses) and every
input is a number (or itself computable). The value is written into the sheet as if
Excel had saved it, and a finding says so. A cell that cannot be computed is kept in
``RawSheet.missing``: if the ledger uses its column, the load stops naming it
(:func:`missing_error`) and tells the user to open and save the file in Excel/WPS.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import polars as pl

from projtrack.errors import Finding, LedgerError, cell_ref, column_number
from projtrack.read.rawsheet import RawSheet

_TOKEN = re.compile(
    r"\s*(?:(?P<range>\$?[A-Z]{1,3}\$?\d+:\$?[A-Z]{1,3}\$?\d+)|(?P<ref>\$?[A-Z]{1,3}\$?\d+)"
    r"|(?P<num>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+)|(?P<sum>SUM\s*\()"
    r"|(?P<subtotal>SUBTOTAL\s*\(\s*(?:9|109)\s*,)|(?P<op>[-+*/(),]))",
    re.IGNORECASE,
)
_CELL = re.compile(r"(\$?)([A-Z]{1,3})(\$?)(\d+)", re.IGNORECASE)
MAX_DEPTH = 50  # formulas waiting on formulas; deeper chains are not computed
MAX_RANGE = 100_000  # cells one SUM may read
SHOWN = 5  # cells named in a message


class _Unknown(Exception):
    """The formula cannot be computed from this sheet's values."""


def resolve_formulas(raw: RawSheet) -> RawSheet:
    """``raw`` with every computable missing formula value filled in.

    ``computed`` lists what was filled (row, column, formula, value); ``missing`` keeps
    the cells that could not be computed.
    """
    if not raw.missing:
        return raw
    values: dict[tuple[int, int], float] = {}
    unknown: set[tuple[int, int]] = set()
    shapes: dict[str, list[_Token]] = {}
    text = _Cells(raw)
    busy: list[tuple[int, int]] = []  # the cells being computed, innermost last

    def cell(row: int, col: int) -> float | None:
        """The number in a cell (None for text); raises _Unknown for an uncomputable one."""
        key = (row, col)
        if key in values:
            return values[key]
        if key in unknown or key in busy or len(busy) > MAX_DEPTH:
            raise _Unknown
        if key not in raw.missing:
            return _number(text(row, col))
        busy.append(key)
        try:
            formula = plain_formula(raw.missing[key], raw.name)
            tokens = _compiled(formula, row, col, shapes)
            values[key] = _Eval(tokens, row, col, cell, nested).run()
        except (_Unknown, ZeroDivisionError, OverflowError, RecursionError):
            unknown.add(key)
            raise _Unknown from None
        finally:
            busy.pop()
        return values[key]

    def nested(row: int, col: int) -> bool:
        """A cell holding a SUBTOTAL itself, which an enclosing SUBTOTAL skips."""
        formula = raw.missing.get((row, col))
        return formula is not None and _NESTED.search(formula) is not None

    for key in raw.missing:  # in sheet order: a running total meets its inputs computed
        try:
            cell(*key)
        except _Unknown:
            pass
    computed = tuple(
        (r, c, raw.missing[(r, c)], v) for (r, c), v in sorted(values.items()) if math.isfinite(v)
    )
    left = {k: f for k, f in raw.missing.items() if k not in values or not math.isfinite(values[k])}
    return replace(raw, frame=_fill(raw, computed), missing=left, computed=computed)


def computed_finding(raw: RawSheet) -> list[Finding]:
    """One finding per sheet naming the computed cells (the first few and the count)."""
    if not raw.computed:
        return []
    shown = "，".join(
        f"{cell_ref(None, r, c)}（={f} → {v:g}）" for r, c, f, v in raw.computed[:SHOWN]
    )
    more = f" 等 {len(raw.computed)} 个" if len(raw.computed) > SHOWN else ""
    first_row, first_col = raw.computed[0][0], raw.computed[0][1]
    return [
        Finding(
            raw.name, first_row, first_col, "formula_computed",
            f"公式单元格没有保存的计算结果（文件由程序生成，未在 Excel/WPS 中打开保存），"
            f"已按公式计算：{shown}{more}",
        )
    ]  # fmt: skip


def missing_error(path: Path, raw: RawSheet, columns: set[int], first_row: int) -> None:
    """Stop when a used column (0-based, absolute) holds a formula without a saved value
    at or below ``first_row`` (1-based)."""
    cells = sorted((r, c) for r, c in raw.missing if c in columns and r >= first_row)
    if not cells:
        return
    shown = ", ".join(f"{cell_ref(None, r, c)} (={raw.missing[(r, c)]})" for r, c in cells[:SHOWN])
    more = f" and {len(cells) - SHOWN} more" if len(cells) > SHOWN else ""
    raise LedgerError(
        path,
        f"{len(cells)} formula cell(s) have no saved value and cannot be computed from the "
        f"sheet: {shown}{more}. The file was written by a program and never opened in "
        "Excel/WPS: open it in Excel/WPS, save it, and run again (公式没有计算结果，请用 "
        "Excel/WPS 打开并保存后再试)",
        sheet=raw.name,
    )


class _Cells:
    """The text of a cell by (1-based row, absolute 0-based column); columns taken once."""

    def __init__(self, raw: RawSheet) -> None:
        self.frame, self.offset = raw.frame, raw.col_offset
        self.columns: dict[int, list[object]] = {}

    def __call__(self, row: int, col: int) -> str | None:
        j = col - self.offset
        if not (0 <= j < self.frame.width and 1 <= row <= self.frame.height):
            return None
        column = self.columns.get(j)
        if column is None:
            column = self.columns[j] = self.frame.to_series(j).to_list()
        value = column[row - 1]
        return None if value is None else str(value)


# A reference as (absolute column?, column or offset, absolute row?, row or offset).
_Ref = tuple[bool, int, bool, int]
_Token = tuple[str, object]


def _compiled(formula: str, row: int, col: int, shapes: dict[str, list[_Token]]) -> list[_Token]:
    """The tokens of a formula, references relative to its cell; one parse per shape
    (=F3+G3, =F4+G4, … share one)."""
    shape = _CELL.sub(lambda m: _key(m, row, col), formula.upper())
    tokens = shapes.get(shape)
    if tokens is None:
        tokens = shapes[shape] = [
            (kind, _relative(text, row, col) if kind in ("ref", "range") else text)
            for kind, text in _tokens(formula.lstrip("="))
        ]
    return tokens


def _key(m: re.Match[str], row: int, col: int) -> str:
    c, r = column_number(m.group(2).upper()) - 1, int(m.group(4))
    c_part = f"${c}" if m.group(1) else str(c - col)
    r_part = f"${r}" if m.group(3) else str(r - row)
    return f"<{c_part},{r_part}>"


def _relative(text: str, row: int, col: int) -> tuple[_Ref, ...]:
    refs = []
    for m in _CELL.finditer(text):
        c, r = column_number(m.group(2).upper()) - 1, int(m.group(4))
        refs.append((bool(m.group(1)), c if m.group(1) else c - col,
                     bool(m.group(3)), r if m.group(3) else r - row))  # fmt: skip
    return tuple(refs)


# SUBTOTAL(9, …) and SUBTOTAL(109, …) are sums (the second skips hidden rows, which a
# ledger's 合计 row rarely relies on); other SUBTOTAL functions are not computed. As in
# Excel, a SUBTOTAL skips the cells of its ranges that hold a SUBTOTAL themselves: 分类汇总
# writes =SUBTOTAL(9,D4:D12) under blocks each closed by its own, which a SUM would add twice.
_NESTED = re.compile(r"\bSUBTOTAL\s*\(", re.IGNORECASE)


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens, pos = [], 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise _Unknown
        kind = m.lastgroup or ""
        tokens.append((kind, m.group(kind).strip().upper()))
        pos = m.end()
    return tokens


_PERCENT = re.compile(r"(\d+(?:\.\d*)?|\.\d+)%")


def plain_formula(formula: str, sheet: str) -> str:
    """The formula as the evaluator reads it: references qualified with the cell's own
    sheet (``=台账!G3+'台账'!H3``) unqualified, and a percent (``D3*25%``) a division. A
    reference to another sheet keeps its ``!``, which the evaluator does not compute."""
    own = re.escape(sheet)
    text = re.sub(rf"(?:'{own}'|(?<![\w.']){own})!", "", formula)
    return _PERCENT.sub(r"(\1/100)", text)


def _number(text: str | None) -> float | None:
    """A cell's number; 0 for an empty cell (as in Excel's arithmetic); None for text."""
    if text is None or not text.strip():
        return 0.0
    try:
        return float(text.replace(",", "").strip())
    except ValueError:
        return None


class _Eval:
    """A recursive-descent evaluator of Excel arithmetic: SUM, + - * /, refs, numbers."""

    def __init__(
        self,
        tokens: list[_Token],
        row: int,
        col: int,
        cell: Callable[[int, int], float | None],
        nested: Callable[[int, int], bool],
    ) -> None:
        self.tokens, self.row, self.col = tokens, row, col
        self.pos = 0
        self.cell, self.nested = cell, nested

    def _at(self, ref: _Ref) -> tuple[int, int]:
        abs_c, c, abs_r, r = ref
        return (r if abs_r else self.row + r), (c if abs_c else self.col + c)

    def run(self) -> float:
        value = self._expr()
        if self.pos != len(self.tokens):
            raise _Unknown
        return value

    def _peek(self) -> _Token:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else ("", "")

    def _take(self) -> _Token:
        token = self._peek()
        self.pos += 1
        return token

    def _expr(self) -> float:
        value = self._term()
        while self._peek() in (("op", "+"), ("op", "-")):
            value = value + self._term() if self._take()[1] == "+" else value - self._term()
        return value

    def _term(self) -> float:
        value = self._unary()
        while self._peek() in (("op", "*"), ("op", "/")):
            value = value * self._unary() if self._take()[1] == "*" else value / self._unary()
        return value

    def _unary(self) -> float:
        if self._peek() == ("op", "-"):
            self._take()
            return -self._unary()
        if self._peek() == ("op", "+"):
            self._take()
            return self._unary()
        return self._atom()

    def _atom(self) -> float:
        kind, text = self._take()
        if kind == "num":
            return float(str(text))
        if kind == "ref":
            return self._ref(text)  # type: ignore[arg-type]
        if kind in ("sum", "subtotal"):
            total = 0.0
            while True:
                if self._peek()[0] == "range":
                    refs = self._take()[1]
                    total += self._range(refs, kind == "subtotal")  # type: ignore[arg-type]
                else:
                    total += self._expr()
                sep = self._take()
                if sep == ("op", ")"):
                    return total
                if sep != ("op", ","):
                    raise _Unknown
        if (kind, text) == ("op", "("):
            value = self._expr()
            if self._take() != ("op", ")"):
                raise _Unknown
            return value
        raise _Unknown

    def _ref(self, refs: tuple[_Ref, ...]) -> float:
        value = self.cell(*self._at(refs[0]))
        if value is None:  # text in arithmetic: #VALUE! in Excel
            raise _Unknown
        return value

    def _range(self, refs: tuple[_Ref, ...], subtotal: bool = False) -> float:
        (ra, ca), (rb, cb) = self._at(refs[0]), self._at(refs[1])
        r1, r2 = sorted((ra, rb))
        c1, c2 = sorted((ca + 1, cb + 1))
        if (r2 - r1 + 1) * (c2 - c1 + 1) > MAX_RANGE:
            raise _Unknown
        total = 0.0
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                if subtotal and self.nested(r, c - 1):
                    continue
                value = self.cell(r, c - 1)  # a formula it cannot compute stops it
                total += value or 0.0  # SUM skips text, as Excel does
        return total


def _fill(raw: RawSheet, computed: tuple[tuple[int, int, str, float], ...]) -> pl.DataFrame:
    """The frame with the computed values written in as text (padded if needed)."""
    frame = raw.frame
    if not computed:
        return frame
    height = max(frame.height, max(r for r, *_ in computed))
    width = max(frame.width, max(c - raw.col_offset + 1 for _, c, *_ in computed))
    if height > frame.height:
        pad = pl.DataFrame({c: [None] * (height - frame.height) for c in frame.columns},
                           schema=frame.schema)  # fmt: skip
        frame = pl.concat([frame, pad])
    if width > frame.width:
        frame = frame.with_columns(
            pl.lit(None, pl.String).alias(f"c{j}") for j in range(frame.width, width)
        )
    by_col: dict[int, tuple[list[int], list[str]]] = {}
    for r, c, _, v in computed:
        rows, texts = by_col.setdefault(c - raw.col_offset, ([], []))
        rows.append(r - 1)
        texts.append(repr(v))
    return frame.with_columns(
        frame[f"c{j}"].scatter(rows, texts) for j, (rows, texts) in by_col.items()
    )
