"""Formula cells of an .xls whose saved value is missing, as formula text.

A program that writes .xls files without a calculation engine (xlwt, and the platform
exports built on it) stores each formula's tokens with a placeholder result — an empty
string (BIFF result type 3) — that Excel/WPS replace when they open the file. calamine
reads that placeholder as an empty cell, which a sum would take as 0. So the sheet's
``FORMULA`` records are read here: a cell is *missing* its value when

- its result is the empty-string placeholder and its formula is arithmetic (an
  arithmetic formula never yields ""), or
- its result is the empty-string placeholder and no formula of the workbook holds a
  real result (a workbook never calculated).

Its tokens (RPN, BIFF8 ``Ptg``) are turned back into A1 text (``E4+F4``,
``SUM(E5:G5)``); tokens outside plain arithmetic give a text that
:mod:`projtrack.read.formulas` will not compute, so the cell is refused, never read as 0.
"""

from __future__ import annotations

import struct

from projtrack.errors import cell_ref

FORMULA = 0x0006
_BINARY = {0x03: "+", 0x04: "-", 0x05: "*", 0x06: "/"}
_SUM, _SUBTOTAL = 4, 344
UNREADABLE = "<公式无法解读>"  # not arithmetic: never computed


class _Stop(Exception):
    pass


def formula_record(body: bytes) -> tuple[int, int, str, bool] | None:
    """(1-based row, 0-based column, formula text, result is the "" placeholder) of a
    ``FORMULA`` record; None when the record is too short."""
    if len(body) < 22:
        return None
    row, col = struct.unpack_from("<HH", body, 0)
    result = body[6:14]
    placeholder = result[6:8] == b"\xff\xff" and result[0] == 3
    (size,) = struct.unpack_from("<H", body, 20)
    try:
        text = _text(body[22 : 22 + size])
    except (_Stop, struct.error, IndexError):
        text = UNREADABLE
    return row + 1, col, text, placeholder


def is_arithmetic(text: str) -> bool:
    return text != UNREADABLE


def _ref(row: int, col_field: int) -> str:
    col = col_field & 0x3FFF
    col_rel, row_rel = bool(col_field & 0x4000), bool(col_field & 0x8000)
    letters = cell_ref(None, 1, col)[:-1]
    return f"{'' if col_rel else '$'}{letters}{'' if row_rel else '$'}{row + 1}"


def _text(tokens: bytes) -> str:
    """The RPN tokens as infix text; raises _Stop on a token outside plain arithmetic."""
    stack: list[str] = []
    pos = 0
    while pos < len(tokens):
        ptg = tokens[pos]
        pos += 1
        base = ptg & 0x1F if ptg >= 0x20 else ptg
        if ptg in _BINARY:
            right, left = stack.pop(), stack.pop()
            stack.append(f"{left}{_BINARY[ptg]}{right}")
        elif ptg == 0x12:  # unary plus
            pass
        elif ptg == 0x13:  # unary minus
            stack.append(f"-{stack.pop()}")
        elif ptg == 0x15:  # parentheses
            stack.append(f"({stack.pop()})")
        elif ptg == 0x19:  # attribute: a one-argument SUM, or spacing/volatility
            flags = tokens[pos]
            pos += 3
            if flags & 0x04:  # CHOOSE jump table
                raise _Stop
            if flags & 0x10:
                stack.append(f"SUM({stack.pop()})")
            elif flags & ~0x41 & 0xFF:  # IF / goto: not arithmetic
                raise _Stop
        elif ptg == 0x1E:  # integer
            stack.append(str(struct.unpack_from("<H", tokens, pos)[0]))
            pos += 2
        elif ptg == 0x1F:  # number
            stack.append(repr(struct.unpack_from("<d", tokens, pos)[0]))
            pos += 8
        elif ptg >= 0x20 and base == 0x04:  # ptgRef
            row, col = struct.unpack_from("<HH", tokens, pos)
            stack.append(_ref(row, col))
            pos += 4
        elif ptg >= 0x20 and base == 0x05:  # ptgArea
            r1, r2, c1, c2 = struct.unpack_from("<HHHH", tokens, pos)
            stack.append(f"{_ref(r1, c1)}:{_ref(r2, c2)}")
            pos += 8
        elif ptg >= 0x20 and base == 0x02:  # ptgFuncVar
            argc, index = tokens[pos] & 0x7F, struct.unpack_from("<H", tokens, pos + 1)[0] & 0x7FFF
            pos += 3
            if index not in (_SUM, _SUBTOTAL) or argc < 1 or argc > len(stack):
                raise _Stop
            args = stack[len(stack) - argc :]
            del stack[len(stack) - argc :]
            name = "SUM" if index == _SUM else "SUBTOTAL"
            stack.append(f"{name}({','.join(args)})")
        else:
            raise _Stop
    if len(stack) != 1:
        raise _Stop
    return stack[0]
