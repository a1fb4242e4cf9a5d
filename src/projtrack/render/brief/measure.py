"""Text measured as it prints, and the column widths of the Word tables built from it.

One rule for every Word table (briefing, 督办单, lalian/duibiao/rutong documents):

- A figure, a date, a short name (a unit) is never broken: its column is as wide as its
  widest cell **in the weight it prints in** (合计 and 黑榜 rows are bold, and bold digits
  are wider), plus the cell margins the table declares (``CELL_MARGIN``, written on every
  table, so the padding is known rather than guessed).
- A header breaks only at its word boundaries (:func:`header_lines`); its widest line,
  in bold, is the column's minimum.
- Long text (wider than ``WRAP_EM``, or clauses: ``未开工，逾期5个月``) wraps: 项目名称
  (else the first text column) first gets up to ``NAME_SHARE`` of the text width, then
  every other long text column (预警原因, 蜗牛情形) up to ``LONG_CAP``, then whatever is
  left goes to 项目名称, so the table fills the text block.
- Only when the one-line columns alone exceed the text width do text columns (unit
  names, widest first) wrap; only when that is not enough are all columns scaled.
"""

from __future__ import annotations

import re
import unicodedata

from docx.shared import Pt

TABLE_SIZE = Pt(10.5)  # 五号
CELL_MARGIN = Pt(2.85)  # 0.1 cm left and right in every cell (w:tblCellMar)
SLACK = Pt(0.75)  # rounding; the widths measured are the widest fonts' already
PADDING = 2 * CELL_MARGIN + SLACK
WRAP_EM = 12.0  # a text column whose widest cell is wider than this wraps
WRAP_LEAST_EM = 5.0  # the narrowest a wrapping column gets (besides its header)
# 项目名称 gets up to this share of the text width first. At 0.45 a 预警原因 was left about
# an eighth of the width and printed 滞后时序进/度42.0个/百分点 over three lines.
NAME_SHARE = 0.35
LONG_CAP = 0.22  # another long text column (预警原因) gets at most this share
AUTOSPACE_EM = 0.25  # Word and LibreOffice space Chinese from Latin letters and digits

# Regular and bold advance widths in em of the half-width characters, as drawn by the
# fallback fonts (DejaVu Sans, Noto Sans CJK) when 仿宋_GB2312 is missing: the widest
# case. 仿宋's own digits are half an em.
_NARROW = {
    "digit": (0.64, 0.70),
    ",": (0.32, 0.38),
    ".": (0.32, 0.38),
    ":": (0.34, 0.40),
    ";": (0.34, 0.40),
    "%": (0.95, 1.0),
    "+": (0.84, 0.84),
    "-": (0.36, 0.42),
    "(": (0.39, 0.46),
    ")": (0.39, 0.46),
    " ": (0.32, 0.35),
}
_OTHER = (0.62, 0.72)  # other ASCII letters and signs
_FIGURE = re.compile(r"[\d\s,.%+\-～~/:年月日（）()第期个名]*")


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WFA"


def display_units(text: str) -> int:
    """Width in half-width characters: a Chinese character counts two."""
    return sum(2 if _wide(ch) else 1 for ch in text)


def text_em(text: str, *, bold: bool = False) -> float:
    """Printed width in em of one line: a Chinese character 1, a digit 0.64 (0.70 bold),
    other half-width marks by their fallback-font width, and a quarter em where Chinese
    meets a Latin letter or digit (``2024年1月`` is 2024 年 1 月 on paper)."""
    total = 0.0
    for n, ch in enumerate(text):
        if _wide(ch):
            total += 1.0
        else:
            key = "digit" if ch.isdigit() else ch
            total += _NARROW.get(key, _OTHER)[bold]
        if n and ch.isascii() != text[n - 1].isascii():
            pair = (text[n - 1], ch)
            if any(c.isascii() and c.isalnum() for c in pair) and any(_wide(c) and
                    unicodedata.category(c) == "Lo" for c in pair):  # fmt: skip
                total += AUTOSPACE_EM
    return total


# Words a header may break before: 年度计划|投资, 1-3月|完成投资, 较时序进度|（百分点）.
BREAK_BEFORE = ("（", "(", "完成", "投资", "时间", "进度", "得分", "变化", "(百分点", "问题")


def header_lines(header: str) -> list[str]:
    """A header on one line, or two broken at a word boundary (never inside 万元 or 投资)."""
    if display_units(header) <= 8:
        return [header]
    cuts = [i for i in range(2, len(header) - 1) if header.startswith(BREAK_BEFORE, i)]
    if not cuts:
        return [header]
    best = min(cuts, key=lambda i: max(display_units(header[:i]), display_units(header[i:])))
    return [header[:best], header[best:]]


def header_em(header: str) -> float:
    """The widest line of a header as printed (headers are bold)."""
    return max(text_em(line, bold=True) for line in header_lines(header))


def cell_em(headers: list[str], rows: list[list[str]], bold: set[int]) -> list[float]:
    """Each column's widest body cell in em, bold rows measured bold."""
    return [
        max([text_em(row[i], bold=r in bold) for r, row in enumerate(rows)], default=0.0)
        for i in range(len(headers))
    ]


def _is_text(rows: list[list[str]], i: int) -> bool:
    """A column of words (names, reasons), not of figures, dates or ranks."""
    return any(row[i] and not _FIGURE.fullmatch(row[i]) for row in rows)


def _prose(rows: list[list[str]], i: int) -> bool:
    """A column of clauses (``未开工，逾期5个月``): it may wrap after a mark."""
    return any(mark in row[i] for row in rows for mark in "，；")


def column_widths(
    headers: list[str], rows: list[list[str]], available: int, bold: set[int] | None = None
) -> list[int]:
    """Widths in EMU summing to at most ``available`` (see the module's rule)."""
    bold = bold if bold is not None else set()
    size, pad = int(TABLE_SIZE), int(PADDING)
    heads = [max(2.0, header_em(h)) for h in headers]
    cells = cell_em(headers, rows, bold)
    text = [_is_text(rows, i) for i in range(len(headers))]
    named = [i for i, h in enumerate(headers) if "名称" in h]
    flex = (
        named[0] if named else next((i for i, t in enumerate(text) if t), min(1, len(headers) - 1))
    )
    most = [int(max(h, c) * size) + pad for h, c in zip(heads, cells, strict=True)]
    wraps = {
        i for i, c in enumerate(cells) if text[i] and (i == flex or c > WRAP_EM or _prose(rows, i))
    }

    def least(i: int) -> int:
        if i not in wraps:
            return most[i]
        return min(most[i], int(max(heads[i], WRAP_LEAST_EM) * size) + pad)

    # Over the width on one line: let text columns (unit names) wrap, widest first.
    for i in sorted((i for i in range(len(headers)) if text[i]), key=lambda i: -cells[i]):
        if sum(least(j) for j in range(len(headers))) <= available:
            break
        wraps.add(i)
    widths = [least(i) for i in range(len(headers))]
    if sum(widths) > available:
        return _squeezed(widths, cells, text, available)
    spare = available - sum(widths)
    order = [(flex, int(available * NAME_SHARE))]
    order += [(i, int(available * LONG_CAP)) for i in sorted(wraps - {flex})]
    for i, cap in order:
        grant = max(0, min(spare, min(most[i], cap) - widths[i]))
        widths[i] += grant
        spare -= grant
    widths[flex] += spare
    return widths


def _squeezed(widths: list[int], cells: list[float], text: list[bool], available: int) -> list[int]:
    """Widths still too wide for the page (a ranking with 较上期 columns): a figure never
    breaks (202,52|4), so a figure column keeps its widest figure and its header wraps
    further; the word columns share what is left; only if that is not enough are all
    scaled down together."""
    size, pad = int(TABLE_SIZE), int(PADDING)
    n = len(widths)
    out = [widths[i] if text[i] else int(max(cells[i], 2.0) * size) + pad for i in range(n)]
    words = [i for i in range(n) if text[i]]
    room = available - sum(out[i] for i in range(n) if not text[i])
    wanted = sum(out[i] for i in words)
    if words and wanted > room > int(WRAP_LEAST_EM * size) * len(words):
        out = [out[i] * room // wanted if text[i] else out[i] for i in range(n)]
    if sum(out) > available:
        return [w * available // sum(out) for w in out]
    spare = available - sum(out)  # given back to the figure columns, whose headers wrap
    figures = [i for i in range(n) if not text[i]]
    for i in figures:
        grant = min(spare, max(0, widths[i] - out[i]))
        out[i] += grant
        spare -= grant
    return out
