"""Reading the judges' score sheets of a 拉练 (on-site inspection tour) into one long frame.

Bureaus keep these in Excel in a few shapes, each recognised by its header row:

- **long**: one row per score, columns 评委 | 单位 | [指标/项目] | 得分 (or 名次) [| 组别];
- **judges × units**: first column 评委, one column per unit; one sheet per scoring item
  (the sheet name is the item) or a single sheet;
- **units × judges**: first column 单位 (县、区…), one column per judge, optionally a 组别
  column; one sheet per item or a single sheet;
- **units × periods** (method ``periods``): first column 单位, one column per period
  (1月, 2月, 3月, 季度 …) holding each period's published score.

The result has one row per cell that holds (or should hold) a score: ``judge``, ``unit``,
``item``, ``value`` (Float64, null when empty or not a number), ``text`` (the cell as
typed), ``group`` and where it was read (``_sheet``, ``_row``, ``_col``), so that any later
problem names its cell. Rows such as 平均分/合计 under the scores are not scores.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from projtrack.errors import LedgerError, column_letter
from projtrack.read.rawsheet import RawSheet
from projtrack.read.sources import read_sheets
from projtrack.read.values import clean_text, parse_number
from projtrack.text import normalize_text

JUDGE = r"^(?:评委|评审|评委姓名|评委编号|评审人|打分人|评分人|测评人|专家|考评人)\d*$"
UNIT = (
    r"^(?:单位|参评单位|被测评单位|被考评单位|县\(?市、?区\)?|县市区|县区|区县|县\(市\)区"
    r"|地区|区域|所属县\(市、区\)|名称|单位名称|县\(市、区\)名称)$"
)
ITEM = r"^(?:指标|项目|测评项目|评分项目|考评项目|打分项目|测评指标|评分指标|考核指标)$"
SCORE = r"^(?:得分|分数|评分|分值|成绩|打分|测评得分|名次|排名|排序|票数)$"
GROUP = r"^(?:组别|分组|组|序列|类别)$"
NOT_A_SCORE_ROW = r"^(?:平均分?|合计|总计|小计|总分|最高分|最低分|备注|说明|注[:：].*)$"
MAX_IN_HEADER = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")
HEADER_ROWS = 10  # the header is looked for in the first rows of a sheet
SINGLE_ITEM = "总分"


@dataclass
class ScoreSheet:
    """The scores of a 拉练 workbook as one long frame, and what was learnt reading it."""

    path: Path
    scores: pl.DataFrame  # judge, unit, item, value, text, group, _sheet, _row, _col
    layouts: dict[str, str]  # sheet → long | judges_by_units | units_by_judges | periods
    item_max: dict[str, float] = field(default_factory=dict)  # from headers: 项目质量(40分)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (sheet, reason)

    @property
    def items(self) -> list[str]:
        """Scoring items in the order first seen."""
        return self.scores["item"].unique(maintain_order=True).to_list()


def read_scores(path: Path | str, *, periods: bool = False) -> ScoreSheet:
    """Read every visible sheet of a score workbook (or CSV); raise LedgerError if none fits.

    ``periods``: a units × columns sheet holds one score per period (method ``periods``)
    rather than one per judge.
    """
    path = Path(path)
    parts: list[pl.DataFrame] = []
    layouts: dict[str, str] = {}
    item_max: dict[str, float] = {}
    skipped: list[tuple[str, str]] = []
    raw_sheets = read_sheets(path)
    several = len([s for s in raw_sheets if not s.hidden]) > 1
    for raw in raw_sheets:
        if raw.hidden:
            skipped.append((raw.name, "隐藏工作表"))
            continue
        found = _read_sheet(raw, several=several, periods=periods)
        if found is None:
            skipped.append((raw.name, "no score header (评委 / 单位 / 得分)"))
            continue
        layout, frame, maxima = found
        layouts[raw.name] = layout
        item_max.update(maxima)
        parts.append(frame)
    if not parts:
        names = "、".join(s.name for s in raw_sheets) or "none"
        raise LedgerError(
            path,
            "no score sheet found: looked for a header row with 评委 and units, 单位 and "
            f"judges, or 评委 | 单位 | 得分 columns (sheets: {names})",
        )
    scores = pl.concat(parts, how="vertical_relaxed")
    if scores.height == 0:
        sheets = "、".join(layouts)
        raise LedgerError(
            path,
            f"the score sheet ({sheets}) has its header but no score under it: fill in the "
            "judges' scores (one row or column per judge, or 评委 | 单位 | 得分 rows)",
        )
    _refuse_twice_scored(path, scores)
    return ScoreSheet(path, scores, layouts, item_max, skipped)


def _refuse_twice_scored(path: Path, scores: pl.DataFrame) -> None:
    """A judge scoring a unit twice on one item (a unit's column repeated, 评委1's row
    twice): which score counts is the sheet's to say, not an average of the two."""
    keyed = scores.filter(pl.col("judge") != "")
    twice = keyed.filter(pl.struct("judge", "unit", "item").is_duplicated())
    if twice.height == 0:
        return
    first = twice.row(0, named=True)
    same = twice.filter((pl.col("judge") == first["judge"]) & (pl.col("unit") == first["unit"])
                        & (pl.col("item") == first["item"]))  # fmt: skip
    cells = "、".join(f"{r['_sheet']}!{column_letter(r['_col'])}{r['_row']}"
                     for r in same.iter_rows(named=True))  # fmt: skip
    raise LedgerError(
        path,
        f"{first['judge']}对{first['unit']}的打分出现不止一次（{cells}）：某单位的列或某评委的行"
        "重复了，请只保留一处再运行（scored more than once）",
    )


def _cells(raw: RawSheet) -> list[list[str]]:
    """The sheet's cells as stripped text ("" when empty)."""
    return [[(c or "").strip() for c in row] for row in raw.frame.iter_rows()]


def _read_sheet(
    raw: RawSheet, *, several: bool, periods: bool
) -> tuple[str, pl.DataFrame, dict[str, float]] | None:
    rows = _cells(raw)
    for r, row in enumerate(rows[:HEADER_ROWS]):
        heads = [normalize_text(c) for c in row]
        if not any(heads):
            continue
        first = next(i for i, h in enumerate(heads) if h)
        if re.match(r"^(?:序号|序|NO\.?)$", heads[first], re.IGNORECASE):
            first = next((i for i in range(first + 1, len(heads)) if heads[i]), first)
        if _find(heads, UNIT) is not None and _find(heads, SCORE) is not None:
            return "long", *_long(raw, rows, r, heads)
        item = raw.name if several else SINGLE_ITEM
        if re.match(JUDGE, heads[first]):
            frame, maxima = _wide(raw, rows, r, first, item, judges_are_rows=True)
            return "judges_by_units", frame, maxima
        if re.match(UNIT, heads[first]):
            frame, maxima = _wide(raw, rows, r, first, item, judges_are_rows=False)
            return ("periods" if periods else "units_by_judges"), frame, maxima
    return None


def _find(heads: list[str], pattern: str) -> int | None:
    return next((i for i, h in enumerate(heads) if h and re.match(pattern, h)), None)


def _frame(records: list[dict[str, object]]) -> pl.DataFrame:
    text_columns = ("judge", "unit", "item", "text", "group", "_sheet")
    schema = {c: pl.String for c in text_columns} | {"_row": pl.Int64, "_col": pl.Int64}
    frame = (
        pl.DataFrame(records, schema=schema, orient="row")
        if records
        else pl.DataFrame(schema=schema)
    )
    return frame.with_columns(
        parse_number(pl.col("text")).alias("value"),
        clean_text(pl.col("text")).alias("text"),
    )


def _long(
    raw: RawSheet, rows: list[list[str]], r: int, heads: list[str]
) -> tuple[pl.DataFrame, dict[str, float]]:
    """评委 | 单位 | 指标 | 得分 [| 组别], one score a row; an item written with its full
    marks (项目质量(40分)) gives its maximum, as a header does in the other layouts."""
    unit, score = _find(heads, UNIT), _find(heads, SCORE)
    judge, item, group = _find(heads, JUDGE), _find(heads, ITEM), _find(heads, GROUP)
    assert unit is not None and score is not None
    records: list[dict[str, object]] = []
    maxima: dict[str, float] = {}
    for i, row in enumerate(rows[r + 1 :], start=r + 2):
        name = _at(row, unit)
        if not name or re.match(NOT_A_SCORE_ROW, normalize_text(name)):
            continue
        written = (_at(row, item) if item is not None else "") or SINGLE_ITEM
        if match := MAX_IN_HEADER.search(written):
            written = MAX_IN_HEADER.sub("", written).strip()
            maxima[written] = float(match.group(1))
        records.append({
            "judge": _at(row, judge) if judge is not None else "",
            "unit": name,
            "item": written,
            "text": _at(row, score),
            "group": _at(row, group) if group is not None else None,
            "_sheet": raw.name, "_row": i, "_col": raw.col_offset + score,
        })  # fmt: skip
    return _frame(records), maxima


def _wide(
    raw: RawSheet, rows: list[list[str]], r: int, first: int, item: str, *, judges_are_rows: bool
) -> tuple[pl.DataFrame, dict[str, float]]:
    """A grid: judges down and units across, or units down and judges (or periods) across."""
    heads = rows[r]
    group = _find([normalize_text(h) for h in heads], GROUP)
    columns = [j for j in range(first + 1, len(heads)) if heads[j] and j != group]
    maxima: dict[str, float] = {}
    match = MAX_IN_HEADER.search(item)
    if match:
        maxima[MAX_IN_HEADER.sub("", item).strip()] = float(match.group(1))
        item = MAX_IN_HEADER.sub("", item).strip()
    records: list[dict[str, object]] = []
    for i, row in enumerate(rows[r + 1 :], start=r + 2):
        label = _at(row, first)
        if not label or re.match(NOT_A_SCORE_ROW, normalize_text(label)):
            continue
        for j in columns:
            across = heads[j]
            judge, unit = (label, across) if judges_are_rows else (across, label)
            records.append({
                "judge": judge, "unit": unit, "item": item, "text": _at(row, j),
                "group": _at(row, group) if group is not None else None,
                "_sheet": raw.name, "_row": i, "_col": raw.col_offset + j,
            })  # fmt: skip
    return _frame(records), maxima


def _at(row: list[str], j: int | None) -> str:
    return row[j] if j is not None and j < len(row) else ""
