"""The body of a 拉练 score sheet once its header is known: one record per score cell, and
the figures the sheet states about each unit (its 总分, 平均分, 得分, 名次).

Two shapes: a long table (one score a row: 评委 | 单位 | [指标] | 得分) and a grid (units
down and judges or periods across, or judges down and units across). In a grid, a line
the sheet derived from the judges' scores (:mod:`projtrack.read.score_heads`) is never a
judge or a unit: across the units it is stated per unit and kept for reconciling; across
the judges (a judge's 平均分 over the units) or as a note (签字, 注：…) it is left out.
A row with scores but no judge or unit name is refused naming its row, never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import polars as pl

from projtrack.errors import CellError
from projtrack.read.rawsheet import RawSheet
from projtrack.read.score_heads import DERIVED_KINDS, ONE_SCORE, STATED, role
from projtrack.read.values import clean_text, parse_number

MAX_IN_HEADER = re.compile(r"[（(]\s*(?:满分)?\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")
TEXT_COLUMNS = ("judge", "unit", "item", "text", "group", "_sheet")
STATED_COLUMNS = ("unit", "item", "kind", "header", "text", "_sheet")
SINGLE = "总分"  # the item of a sheet scoring one thing


@dataclass
class Body:
    """What one sheet's body gave: score records, stated figures, maxima, a rank column
    read as the score (a vote), and the 1-based row its header is on."""

    layout: str
    scores: list[dict[str, object]] = field(default_factory=list)
    stated: list[dict[str, object]] = field(default_factory=list)
    maxima: dict[str, float] = field(default_factory=dict)
    rank_read: tuple[int, int, str] | None = None  # (row, column, header)


def split_item(written: str) -> tuple[str, float | None]:
    """项目质量(40分) → (项目质量, 40.0); a name without its full marks → (name, None)."""
    match = MAX_IN_HEADER.search(written)
    if not match:
        return written, None
    return MAX_IN_HEADER.sub("", written).strip(), float(match.group(1))


def frame(records: list[dict[str, object]]) -> pl.DataFrame:
    """Score records → judge, unit, item, text, group, _sheet, _row, _col, value."""
    schema = {c: pl.String for c in TEXT_COLUMNS} | {"_row": pl.Int64, "_col": pl.Int64}
    return _parsed(records, schema)


def stated_frame(records: list[dict[str, object]]) -> pl.DataFrame:
    """Stated records → unit, item, kind, header, text, _sheet, _row, _col, value."""
    schema = {c: pl.String for c in STATED_COLUMNS} | {"_row": pl.Int64, "_col": pl.Int64}
    return _parsed(records, schema)


def _parsed(records: list[dict[str, object]], schema: Mapping[str, type[pl.DataType]]
            ) -> pl.DataFrame:  # fmt: skip
    out = pl.DataFrame(records, schema=dict(schema), orient="row") if records else (
        pl.DataFrame(schema=dict(schema))
    )  # fmt: skip
    return out.with_columns(
        parse_number(pl.col("text")).alias("value"), clean_text(pl.col("text")).alias("text")
    )


def fill_merged(raw: RawSheet, rows: list[list[str]], columns: set[int], below: int) -> None:
    """A label merged down a column (甲县 over its judges' rows, 城区组 over its units) belongs
    to every row it spans; only label columns are filled, never a score."""
    for r1, c1, r2, c2 in raw.merges:
        j = c1 - 1 - raw.col_offset
        if r2 <= r1 or r1 <= below or j not in columns or c2 != c1:
            continue
        value = rows[r1 - 1][j] if r1 - 1 < len(rows) and j < len(rows[r1 - 1]) else ""
        for r in range(r1, min(r2, len(rows))):
            if j < len(rows[r]) and not rows[r][j]:
                rows[r][j] = value


def long_body(raw: RawSheet, rows: list[list[str]], r: int, roles: list[str], path: str
              ) -> Body:  # fmt: skip
    """评委 | 单位 | [指标] | 得分 [| 组别], one score a row (no judge column: one score per
    unit); the score is the first of 得分, 名次 (a vote), 平均分, 总分 the header has."""
    unit = roles.index("unit")
    judge, item, group = (_first(roles, k) for k in ("judge", "item", "group"))
    score = next(j for k in ONE_SCORE if (j := _first(roles, k)) is not None)
    body = Body("long")
    if roles[score] == "rank":
        body.rank_read = (r + 1, raw.col_offset + score, rows[r][score])
    fill_merged(raw, rows, {c for c in (unit, judge, item, group) if c is not None}, r + 1)
    for i, row in enumerate(rows[r + 1 :], start=r + 2):
        name = _label(row, unit, [score], raw, i, path)
        if name is None:
            continue
        written, top = split_item(_at(row, item) or "") if item is not None else ("", None)
        written = written or SINGLE
        if top is not None:
            body.maxima[written] = top
        body.scores.append({
            "judge": _at(row, judge), "unit": name, "item": written, "text": _at(row, score),
            "group": _at(row, group) if group is not None else None,
            "_sheet": raw.name, "_row": i, "_col": raw.col_offset + score,
        })  # fmt: skip
    return body


def grid_body(
    raw: RawSheet,
    rows: list[list[str]],
    r: int,
    roles: list[str],
    lead: int,
    item: str,
    *,
    judges_are_rows: bool,
    path: str,
) -> Body:
    """Judges down and units across, or units down and judges (or periods) across."""
    heads = rows[r]
    layout = "judges_by_units" if judges_are_rows else "units_by_judges"
    body = Body(layout)
    item, top = split_item(item)
    if top is not None:
        body.maxima[item] = top
    own = ("other", "unit") if judges_are_rows else ("other",)
    across = [j for j, k in enumerate(roles)
              if j != lead and k in own and (j > lead or not judges_are_rows)]  # fmt: skip
    derived = [j for j, k in enumerate(roles) if k in STATED] if not judges_are_rows else []
    group = _first(roles, "group")
    item_col = None if judges_are_rows else _first(roles, "item")
    fill_merged(raw, rows, {c for c in (lead, group, item_col) if c is not None}, r + 1)
    groups: dict[int, str] = {}  # judges down: a 组别 row names each unit column's group
    for i, row in enumerate(rows[r + 1 :], start=r + 2):
        label = _label(row, lead, across, raw, i, path, keep_kinds=judges_are_rows)
        if label is None:
            continue
        kind = role(label)
        here, top = split_item(_at(row, item_col)) if item_col is not None else (item, None)
        here = here or item
        if top is not None:
            body.maxima[here] = top
        if judges_are_rows and kind == "group":
            groups.update({j: _at(row, j) for j in across if _at(row, j)})
            continue
        if judges_are_rows and kind in DERIVED_KINDS:
            if kind in STATED:
                body.stated += [_stated(raw, heads[j], here, kind, label, row, i, j)
                                for j in across]  # fmt: skip
            continue
        g = _at(row, group) if group is not None else None
        for j in across:
            judge, unit = (label, heads[j]) if judges_are_rows else (heads[j], label)
            body.scores.append({
                "judge": judge, "unit": unit, "item": here, "text": _at(row, j), "group": g,
                "_sheet": raw.name, "_row": i, "_col": raw.col_offset + j,
            })  # fmt: skip
        body.stated += [_stated(raw, label, here, roles[j], heads[j], row, i, j) for j in derived]
    if groups:
        column_group = {raw.col_offset + j: g for j, g in groups.items()}
        for rec in body.scores:
            rec["group"] = column_group.get(rec["_col"], rec["group"])  # type: ignore[call-overload]
    return body


def _stated(raw: RawSheet, unit: str, item: str, kind: str, header: str, row: list[str],
            i: int, j: int) -> dict[str, object]:  # fmt: skip
    return {"unit": unit, "item": item, "kind": kind, "header": header, "text": _at(row, j),
            "_sheet": raw.name, "_row": i, "_col": raw.col_offset + j}  # fmt: skip


def _label(
    row: list[str],
    col: int,
    scored: list[int],
    raw: RawSheet,
    i: int,
    path: str,
    *,
    keep_kinds: bool = False,
) -> str | None:
    """The row's judge or unit, or None for a row that holds no scores: empty, a note, a
    derived line (平均分, 合计得分, 评委签字：) — kept when ``keep_kinds`` (its figures are
    stated per unit). A label typed in a column before (合计 under 序号) counts as the
    row's; a row with a score but no name is refused."""
    label = _at(row, col)
    if not label:
        before = next((c for c in reversed(row[:col]) if c), "")
        if role(before) in DERIVED_KINDS:
            label = before
    kind = role(label)
    if kind in DERIVED_KINDS:
        return label if keep_kinds else None
    if label:
        return label
    numbers = [j for j in scored if _at(row, j) and re.search(r"\d", _at(row, j))]
    if numbers:
        raise CellError(
            path,
            "该行有得分但没有评委或单位名称：请填写名称（或删去该行）再运行（a row with scores "
            "and no name）",
            sheet=raw.name, row=i, column=raw.col_offset + col,
        )  # fmt: skip
    return None


def _first(roles: list[str], kind: str) -> int | None:
    return next((j for j, k in enumerate(roles) if k == kind), None)


def _at(row: list[str], j: int | None) -> str:
    return row[j] if j is not None and j < len(row) else ""
