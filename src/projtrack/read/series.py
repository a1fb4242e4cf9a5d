"""Reading a small 对标 series file: one or more units' values of an indicator, period by period.

Three shapes, recognised by the header row (title rows above it allowed):

- **long**: 期别 | 单位 | [指标] | 值 (one value a row; 期别 may be 年份, 时间, 季度 …);
- **wide**: 期别 | 安居区 | 溧阳市 | … (one column per unit), optionally with a 指标 column;
- **across**: 单位 | 2020年 | 2021年 | 2022年一季度 … (units down, periods across, the
  common layout of a printed report), optionally with a 指标 column; the corner may be
  blank or say both (单位/年份).

The result keeps the periods in the order the file gives them (2020, 2021, 2022年一季度,
2022年预计 are not sortable as dates) and where each value was read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from projtrack.errors import LedgerError
from projtrack.read.rawsheet import RawSheet
from projtrack.read.sources import read_sheets
from projtrack.read.values import clean_text, parse_number
from projtrack.text import normalize_text

PERIOD = r"^(?:期别|期间|时期|时间|年份|年度|季度|月份|日期|报告期|统计期)$"
UNIT = r"^(?:单位|地区|区域|县\(市、?区\)|县市区|名称|对象|城市|县区)$"
INDICATOR = r"^(?:指标|指标名称|项目|统计指标)$"
VALUE = r"^(?:值|数值|数据|指标值|金额|产值|完成值|本期值)(?:\(.*\))?$"
HEADER_ROWS = 10
# A header naming a period: a year (2020, 2021年, 2022年（预计）), a quarter, a month range,
# 上半年, 前三季度, 全年 — the columns of a table with its periods across.
PERIOD_HEADER = (r"^(?:(?:19|20)\d{2}(?:年度?)?|\d{2,4}年.*|.*(?:[一二三四1-4]季度|上半年|下半年"
                 r"|前三季度|全年|\d{1,2}月|\d{1,2}-\d{1,2}月|Q[1-4]).*)$")  # fmt: skip
# A corner cell over the unit column of such a table: 单位, or 单位 with the periods'
# word (单位/年份, 地区/时间; a backslash too), or nothing.
CORNER = (r"^(?:(?:单位|地区|区域|县\(市、?区\)|县市区|名称|城市|县区)"
          r"(?:[\\/|](?:期别|年份|时间|年度|期间))?)?$")  # fmt: skip


@dataclass
class Series:
    """Values of units over periods, as read."""

    path: Path
    values: pl.DataFrame  # period, unit, indicator, value, text, _sheet, _row, _col
    periods: list[str]  # in file order


def read_series(path: Path | str) -> Series:
    """Read the first sheet with a 期别 header; raise LedgerError when there is none."""
    path = Path(path)
    for raw in read_sheets(path):
        if raw.hidden:
            continue
        frame = _read_sheet(raw)
        if frame is not None and frame.height == 0:
            raise LedgerError(path, f"the series ({raw.name}) has its header but no value under "
                                    "it: one row a period, with each unit's value")  # fmt: skip
        if frame is not None:
            periods = frame["period"].unique(maintain_order=True).to_list()
            return Series(path, frame, periods)
    raise LedgerError(
        path, "no series found: looked for a header row with 期别 (or 年份/时间) and units "
        "or 单位 | 值 columns"
    )  # fmt: skip


def _read_sheet(raw: RawSheet) -> pl.DataFrame | None:
    rows = [[(c or "").strip() for c in row] for row in raw.frame.iter_rows()]
    for r, row in enumerate(rows[:HEADER_ROWS]):
        heads = [normalize_text(c) for c in row]
        period = _find(heads, PERIOD)
        if period is None:
            across = _across(raw, rows, r, heads)
            if across is None:
                continue
            return across
        unit, value, indicator = _find(heads, UNIT), _find(heads, VALUE), _find(heads, INDICATOR)
        records: list[tuple[str, str, str, str, str, int, int]] = []
        body = list(enumerate(rows[r + 1 :], start=r + 2))
        if unit is not None and value is not None:
            for i, cells in body:
                if _at(cells, period) and _at(cells, unit):
                    records.append((_at(cells, period), _at(cells, unit),
                                    _at(cells, indicator), _at(cells, value), raw.name, i,
                                    raw.col_offset + value))  # fmt: skip
        else:
            columns = [j for j, h in enumerate(heads) if h and j not in (period, indicator)]
            for i, cells in body:
                if not _at(cells, period):
                    continue
                for j in columns:
                    records.append((_at(cells, period), row[j], _at(cells, indicator),
                                    _at(cells, j), raw.name, i, raw.col_offset + j))  # fmt: skip
        return _frame(records)
    return None


def _across(raw: RawSheet, rows: list[list[str]], r: int, heads: list[str]) -> pl.DataFrame | None:
    """Units down, periods across (单位 | 2020年 | 2021年 …): a header whose first filled cell
    is a unit corner and whose other cells, two at least, name periods (a 指标 column may
    stand between). None when the row is not such a header."""
    filled = [j for j, h in enumerate(heads) if h]
    if len(filled) < 3 or not re.match(CORNER, heads[0]):
        return None
    indicator = _find(heads, INDICATOR)
    periods = [j for j in filled if j not in (0, indicator)]
    if len(periods) < 2 or not all(re.match(PERIOD_HEADER, heads[j]) for j in periods):
        return None
    records = [
        (rows[r][j], _at(cells, 0), _at(cells, indicator), _at(cells, j), raw.name, i,
         raw.col_offset + j)
        for i, cells in enumerate(rows[r + 1 :], start=r + 2) if _at(cells, 0)
        for j in periods
    ]  # fmt: skip
    return _frame(records)


def _frame(records: list[tuple[str, str, str, str, str, int, int]]) -> pl.DataFrame:
    names = ["period", "unit", "indicator", "text", "_sheet", "_row", "_col"]
    schema = dict.fromkeys(names[:5], pl.String) | {"_row": pl.Int64, "_col": pl.Int64}
    frame = pl.DataFrame(records, schema=schema, orient="row")
    return frame.with_columns(
        parse_number(pl.col("text")).alias("value"),
        clean_text(pl.col("text")).alias("text"),
        pl.col("indicator").replace("", None),
    )


def _find(heads: list[str], pattern: str) -> int | None:
    return next((i for i, h in enumerate(heads) if h and re.match(pattern, h)), None)


def _at(row: list[str], j: int | None) -> str:
    return row[j] if j is not None and j < len(row) else ""
