"""Reading the judges' score sheets of a 拉练 (on-site inspection tour) into one long frame.

Bureaus keep these in Excel in a few shapes, each recognised by its header row:

- **long**: one row per score, columns 评委 | 单位 | [指标/项目] | 得分 (or 名次) [| 组别];
  without a 评委 column and without judges' columns (单位 | 得分) it is one score per unit;
- **judges × units**: first column 评委, one column per unit; one sheet per scoring item
  (the sheet name is the item) or a single sheet;
- **units × judges**: a 单位 column (县(市、区), 乡镇(街道) …, not necessarily the first:
  组别 | 单位 | 评委1 …), one column per judge, optionally 组别 and 指标 columns; one sheet
  per item or a single sheet;
- **units × periods** (method ``periods``): a 单位 column, one column per period
  (1月, 2月, 3月, 季度 …) holding each period's published score.

The result has one row per cell that holds (or should hold) a score: ``judge``, ``unit``,
``item``, ``value`` (Float64, null when empty or not a number), ``text`` (the cell as
typed), ``group`` and where it was read (``_sheet``, ``_row``, ``_col``), so that any later
problem names its cell. Lines the sheet derived from the scores (总分, 平均分, 得分 beside
judges, 名次, 签字 …: :mod:`projtrack.read.score_heads`) are not scores; those stating a
figure per unit are kept in ``stated`` to be reconciled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from projtrack.errors import LedgerError, column_letter
from projtrack.read.rawsheet import RawSheet
from projtrack.read.score_grid import (
    MAX_IN_HEADER,
    SINGLE,
    Body,
    frame,
    grid_body,
    long_body,
    stated_frame,
)
from projtrack.read.score_heads import ONE_SCORE, is_judge, role
from projtrack.read.sources import read_sheets

__all__ = ["MAX_IN_HEADER", "SINGLE_ITEM", "ScoreSheet", "read_scores"]

HEADER_ROWS = 10  # the header is looked for in the first rows of a sheet
SINGLE_ITEM = SINGLE


@dataclass
class ScoreSheet:
    """The scores of a 拉练 workbook as one long frame, and what was learnt reading it."""

    path: Path
    scores: pl.DataFrame  # judge, unit, item, value, text, group, _sheet, _row, _col
    layouts: dict[str, str]  # sheet → long | judges_by_units | units_by_judges | periods
    item_max: dict[str, float] = field(default_factory=dict)  # from headers: 项目质量(40分)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (sheet, reason)
    # What the sheet states per unit beside the judges: unit, item, kind (total | mean |
    # trimmed | score | rank), header, text, value, _sheet, _row, _col.
    stated: pl.DataFrame = field(default_factory=lambda: stated_frame([]))
    titles: list[str] = field(default_factory=list)  # the text above each sheet's header
    # A 名次 column read as the score (a vote): (sheet, row, column, header).
    ranks_read: list[tuple[str, int, int, str]] = field(default_factory=list)

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
    stated: list[pl.DataFrame] = []
    sheet = ScoreSheet(path, pl.DataFrame(), {})
    raw_sheets = read_sheets(path)
    several = len([s for s in raw_sheets if not s.hidden]) > 1
    for raw in raw_sheets:
        if raw.hidden:
            sheet.skipped.append((raw.name, "隐藏工作表"))
            continue
        found = _read_sheet(raw, path, several=several)
        if found is None:
            sheet.skipped.append((raw.name, "no score header (评委 / 单位 / 得分)"))
            continue
        body, title = found
        layout = "periods" if periods and body.layout == "units_by_judges" else body.layout
        sheet.layouts[raw.name] = layout
        sheet.item_max.update(body.maxima)
        sheet.titles += [title] if title else []
        if body.rank_read is not None:
            sheet.ranks_read.append((raw.name, *body.rank_read))
        parts.append(frame(body.scores))
        stated.append(stated_frame(body.stated))
    if not parts:
        names = "、".join(s.name for s in raw_sheets) or "none"
        raise LedgerError(
            path,
            "no score sheet found: looked for a header row with 评委 and units, 单位 and "
            f"judges, or 评委 | 单位 | 得分 columns (sheets: {names})",
        )
    sheet.scores = pl.concat(parts, how="vertical_relaxed")
    sheet.stated = pl.concat(stated, how="vertical_relaxed")
    if sheet.scores.height == 0:
        sheets = "、".join(sheet.layouts)
        raise LedgerError(
            path,
            f"the score sheet ({sheets}) has its header but no score under it: fill in the "
            "judges' scores (one row or column per judge, or 评委 | 单位 | 得分 rows)",
        )
    _refuse_twice_scored(path, sheet.scores)
    return sheet


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


def _read_sheet(raw: RawSheet, path: Path, *, several: bool) -> tuple[Body, str] | None:
    """The sheet's header, its shape and body, and the text above the header (its title).

    The header is the first row with a unit column (单位, 县(市、区), 乡镇(街道) …) or with
    评委 leading it (after 序号 and 组别). A unit column with 评委 and 得分 columns, or with
    no column of its own beside the derived ones (单位 | 得分), is a long table; any other
    column beside a unit column is a judge's (or a period's).
    """
    rows = _cells(raw)
    for r, row in enumerate(rows[:HEADER_ROWS]):
        roles = [role(c) for c in row]
        lead = next((j for j, k in enumerate(roles) if k not in ("", "number", "group")), None)
        if lead is None:
            continue
        unit = next((j for j, k in enumerate(roles) if k == "unit"), None)
        scored = any(k in ("score", "rank") for k in roles)
        title = " ".join(c for line in rows[:r] for c in line if c)
        item = raw.name if several else SINGLE_ITEM
        if is_judge(row[lead]) and (unit is None or not scored):
            body = grid_body(raw, rows, r, roles, lead, item, judges_are_rows=True,
                             path=str(path))  # fmt: skip
        elif unit is None:
            continue
        elif _is_long(roles):
            body = long_body(raw, rows, r, roles, str(path))
        else:
            body = grid_body(raw, rows, r, roles, unit, item, judges_are_rows=False,
                             path=str(path))  # fmt: skip
        return body, title
    return None


def _is_long(roles: list[str]) -> bool:
    """One score a row: a 评委 column beside 得分 (or 名次), or no judge's column at all."""
    scored = any(k in ONE_SCORE for k in roles)
    return scored and ("judge" in roles or "other" not in roles)
