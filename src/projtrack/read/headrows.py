"""Rows that belong to the header, not the data: the 栏次 row and the header repeated.

Tables made after the statistics bureau's forms number their columns on a row of their
own right under the header: ``1 | 2 | 3 | … | 8``, ``甲 | 乙 | 丙 | 1 | 2 | 3`` (text
columns lettered, figure columns numbered), ``栏次 | A | B | 1 | 2 | 3=1+2``. Read as
data, such a row is a project named "2" with a plan of 4 and a completion of 5: a small,
silent error in every total. A row is one when every cell it fills is a column token and
its numbers run 1, 2, 3 … (or k, k+1, …) from left to right — no project row looks so.
The header repeated on each printed page (with its 栏次 row) is marked here as well, and
a cell that only states the unit (单位：亿元 beside the title or in a corner of the
header) is taken out of the header block before it is read.
"""

from __future__ import annotations

import re
from itertools import pairwise

import polars as pl

from projtrack.read.fields import match_header
from projtrack.read.values import clean_text
from projtrack.text import normalize_text

__all__ = ["blank_or_header", "is_column_number_row", "unit_row", "without_unit_cells"]

# A name cell a 栏次 row may hold: a column's number or letter.
_COLUMN_TOKEN = (
    r"^(?:[(（\[]?\d{1,2}(?:\.0+)?[)）\]]?|第\d{1,2}[栏列]"
    r"|[A-Za-zＡ-Ｚａ-ｚ]|[甲乙丙丁戊己庚辛壬癸])$"
)

# A text column's mark: 甲/乙/丙…, a single Latin letter, or the row's own label.
_LETTER = re.compile(r"^(?:[甲乙丙丁戊己庚辛壬癸]|[A-Za-z]|栏次|栏号|行次|列次|列号|栏目)$")
# A figure column's number, possibly with how it is made: 3, 3.0, 3=1+2, 5=3/4.
_NUMBER = re.compile(
    r"^(?:\(|\[|第)?(\d{1,2})(?:\.0+)?(?:\)|\]|栏|列)?(?:[=][\d+\-*/×÷%()（）.\s]+)?$"
)
# At least this many tokens, so that a short row ("1 | 2") of a real table is not taken.
_MIN_TOKENS = 3


def is_column_number_row(cells: list[str | None]) -> bool:
    """True when the filled cells are column tokens whose numbers rise one by one.

    At least two numbers are needed (one number and letters is a project lettered A with
    a figure), or none and letters running A, B, C … across; at least three tokens.
    """
    numbers: list[int] = []
    tokens = 0
    for cell in cells:
        text = normalize_text(cell).strip() if cell is not None else ""
        if not text:
            continue
        tokens += 1
        number = _NUMBER.match(text)
        if number:
            numbers.append(int(number.group(1)))
        elif not _LETTER.match(text):
            return False
    if tokens < _MIN_TOKENS:
        return False
    if len(numbers) < 2:  # A | B | C | D …: text and figure columns all lettered
        return len(numbers) == 0 and _lettered(cells)
    return all(b == a + 1 for a, b in pairwise(numbers))


_ALPHABETS = ("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "甲乙丙丁戊己庚辛壬癸")


def _lettered(cells: list[str | None]) -> bool:
    """Every filled cell a letter, running A, B, C … (or 甲, 乙, 丙 …) without a gap."""
    marks = [normalize_text(c).strip().upper() for c in cells if c is not None and c.strip()]
    for alphabet in _ALPHABETS:
        if all(len(m) == 1 and m in alphabet for m in marks):
            at = [alphabet.index(m) for m in marks]
            return all(b == a + 1 for a, b in pairwise(at))
    return False


def blank_or_header(
    data: pl.DataFrame,
    headers: list[str],
    value_cols: list[str],
    name_col: str,
    fields: list[str | None] | None = None,
) -> list[pl.Expr]:
    """``_blank`` (no value anywhere) and ``_hdr`` (the header repeated, as on each page,
    or a 栏次 row anywhere in the body).

    Both are decided only on the rows that can be one: a blank row has no name, a
    repeated header has the header's own text in the name column, a 栏次 row a column's
    number or letter. Cleaning every cell of
    every row would cost more than the rest of the classification.
    """
    header_cells = [h.split("/")[-1] if h else None for h in headers]
    name_header = header_cells[int(name_col[1:])] if int(name_col[1:]) < len(header_cells) else None
    blank = pl.all_horizontal([clean_text(pl.col(c)).is_null() for c in value_cols])
    checks = [clean_text(pl.col(f"c{j}")) == t for j, t in enumerate(header_cells) if t]
    header = pl.all_horizontal(checks) if checks else pl.lit(False)
    token = pl.col("_name").str.contains(_COLUMN_TOKEN)
    suspects = data.filter(pl.col("_name").is_null() | (pl.col("_name") == name_header) | token)
    summary, foreign = _summary_heads(data, value_cols, name_col)
    if suspects.height == 0:
        return [
            *(pl.lit(False).alias(c) for c in ("_blank", "_hdr", "_hdr2")),
            pl.col("_i").is_in(summary + foreign).alias("_tbl"),
            pl.col("_i").is_in(foreign).alias("_xtbl"),
        ]
    marked = suspects.select("_i", blank.alias("b"), header.fill_null(False).alias("h"))
    rows = list(zip(*(marked[c].to_list() for c in ("_i", "b", "h")), strict=True))
    blank_rows = [i for i, b, _ in rows if b]
    # The header repeated on each printed page, and its 栏次 row (1 | 2 | 3 …) under it.
    numbered = suspects.filter(~pl.col("_i").is_in(blank_rows))
    header_rows = [i for i, _, h in rows if h] + [
        cells[0]
        for cells in numbered.select("_i", *value_cols).iter_rows()
        if is_column_number_row(list(cells[1:]))
    ]
    # 项目名称 again under the name header, other headers beside it: another table's header.
    other = suspects.filter(pl.col("_name") == name_header)["_i"].to_list()
    other = [i for i in other if i not in header_rows]
    tables = _other_tables(suspects, other, headers, fields or [], value_cols)
    return [
        pl.col("_i").is_in(blank_rows).alias("_blank"),
        pl.col("_i").is_in(header_rows).alias("_hdr"),
        pl.col("_i").is_in(other).alias("_hdr2"),
        pl.col("_i").is_in(tables + summary + foreign).alias("_tbl"),
        pl.col("_i").is_in(foreign).alias("_xtbl"),
    ]


_SHORT_NAME = 8  # 类别, 项目类别, 县(市、区): a header word is short; most project names are not


def _summary_heads(
    data: pl.DataFrame, value_cols: list[str], name_col: str
) -> tuple[list[int], list[int]]:
    """Rows that head another table under the ledger: in the name column a header word of
    another field (类别, 县(市、区), 责任单位), beside it two or more header words.

    Without 项目名称 among them it is a summary (分类统计：类别 | 项目个数 | 年度计划投资 |
    完成率), whose category rows were read as projects and doubled every total; with it,
    a project table whose columns are in another order (序号 | 县(市、区) | 项目名称 …),
    which the loader refuses. Returns (summary heads, project-table heads).
    """
    short = data.filter(pl.col("_name").str.len_chars() <= _SHORT_NAME)
    if short.height == 0:
        return [], []
    words = short["_name"].unique().to_list()
    heads = [w for w in words if match_header(w).field not in (None, "name", "seq")]
    if not heads:
        return [], []
    others = [c for c in value_cols if c != name_col]
    cells = short.filter(pl.col("_name").is_in(heads)).select("_i", *others)

    def field(value: object) -> str | None:
        return match_header(value).field if isinstance(value, str) else None

    summary: list[int] = []
    foreign: list[int] = []
    for row in cells.iter_rows():
        found = [field(v) for v in row[1:]]
        if sum(f not in (None, "seq") for f in found) >= 2:
            (foreign if "name" in found else summary).append(row[0])
    return summary, foreign


def _other_tables(
    suspects: pl.DataFrame,
    rows: list[int],
    headers: list[str],
    fields: list[str | None],
    value_cols: list[str],
) -> list[int]:
    """The rows among ``rows`` (项目名称 again in the name column) that head another table:
    two or more of their cells name another field than the header above that column
    (存在问题 | 责任单位 under 县(市、区) | 年度计划投资 — a 问题清单). A header repeated on a
    new page, even in part or shortened (年度计划投资（万元）, 年度计划), names no other."""
    if not rows:
        return []
    own = {f"c{j}": f for j, f in enumerate(fields)}
    parts = {f"c{j}": {normalize_text(t) for t in h.split("/") if t} for j, h in enumerate(headers)}

    def foreign(column: str, value: object) -> bool:
        text = normalize_text(str(value)) if value is not None else ""
        if not text or text in parts.get(column, set()):
            return False
        named = match_header(text).field
        return named not in (None, "seq", own.get(column))

    cells = suspects.filter(pl.col("_i").is_in(rows)).select("_i", *value_cols)
    return [
        row["_i"]
        for row in cells.iter_rows(named=True)
        if sum(foreign(c, row[c]) for c in value_cols) >= 2
    ]


# A cell that only states the money unit: 单位：亿元, （单位：万元）, 金额单位:万元, 单位:万元、个,
# 单位：个、亿元.
_UNIT_CELL = re.compile(
    r"^[(\[]?(?:金额|资金|投资|计量)?单位[:]?(?:[^,、;/:()\[\]元\d]{1,5}[,、;/]){0,3}"
    r"(?:亿元|万元|千元|元)(?:[,、;/].{0,6})?[)\]]?$"
)


def without_unit_cells(rows: list[list[str | None]]) -> tuple[list[list[str | None]], str | None]:
    """The rows with every unit cell blanked, and the first of those cells' text.

    A unit cell set beside the title (merged A1:F1 title, 单位：亿元 in G1) or in a corner of
    the header is neither a header nor a title: left in, it made the title row a header
    row (reading 1-2 as the header) and tied the unit to the column under it alone.
    """
    unit = None
    kept = []
    for row in rows:
        out: list[str | None] = []
        for value in row:
            text = value.strip() if value else None
            if text and _UNIT_CELL.match(normalize_text(text)):
                unit = unit or text
                out.append(None)
            else:
                out.append(value)
        kept.append(out)
    return kept, unit


# A cell of a units row: （亿元）, 万元, 单位：万元, or the unit of a column that holds no money
# (%, 个, 年月) — nothing else.
_UNIT_TOKEN = re.compile(
    r"^[(\[]?(?:单位[:]?)?(亿元|万元|千元|元|%|个|项|年|月|年月|日期|时间|万平方米|公里|米)[)\]]?$"
)
_MONEY_UNITS = ("亿元", "万元", "千元", "元")
_UNIT_LABEL = re.compile(r"^[(\[]?(?:计量|金额)?单位[:]?[)\]]?$")


def unit_row(cells: list[str | None]) -> dict[int, str] | None:
    """The money units of a row under the header that holds only units, by frame column:
    ``年度计划投资 | 1-6月完成投资`` over ``（亿元） | （万元）``. None for any other row.

    Left unread, such a row leaves every amount in 亿元 read as 万元 (10⁴ too small).
    """
    found: dict[int, str] = {}
    for j, cell in enumerate(cells):
        text = normalize_text(cell).strip() if cell is not None else ""
        if not text:
            continue
        if _UNIT_LABEL.match(text):  # 计量单位 | | | 亿元 | 亿元: the row's own label
            continue
        token = _UNIT_TOKEN.match(text)
        if token is None:
            return None
        if token[1] in _MONEY_UNITS:
            found[j] = token[1]
    return found or None
