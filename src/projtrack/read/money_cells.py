"""Money columns parsed once, with the number cells that only look like amounts.

Every money column of a sheet is parsed here, each in its own unit, into ``_n<j>`` values
and ``_bad<j>`` (the cells that hold no amount); every later use (projects, findings,
合计 checks) reads these columns.

A number formatted as a percentage (0.45 formatted ``0%``, shown as ``45%``) is what the
user sees as 45%: a completion rate typed where an amount belongs. calamine gives the
bare 0.45, which would be summed as 0.45 万元 with no word. The .xlsx scan notes such
cells (:func:`projtrack.read.xlsx_styles.percent_cells`); here, in a money column only,
their text becomes what the sheet shows (``45%``), so that they are read as empty, as
the typed text ``45%`` is, and ``_pct<j>`` marks them for the finding that names them
(:func:`percent_message`). A sheet without such cells pays one dictionary lookup per
column.
"""

from __future__ import annotations

import polars as pl

from projtrack.read.values import number_column

# The largest number a percent-formatted money cell holds as a share (150%), not an amount.
MAX_SHARE = 1.5


def with_numbers(
    rows: pl.DataFrame,
    columns: dict[int, str],
    percent: dict[int, tuple[int, ...]],
    offset: int,
) -> pl.DataFrame:
    """``rows`` with ``_n<j>`` and ``_bad<j>`` for each money column ``j`` (its unit in
    ``columns``), and ``_pct<j>`` where ``percent`` (sheet column → rows) names cells of it.
    """
    parsed: list[pl.Series] = []
    for j, unit in sorted(columns.items()):
        text = rows[f"c{j}"]
        shown = percent.get(j + offset)
        flag = _shown_as_percent(rows, text, shown) if shown else None
        if flag is not None:
            text = _as_shown(text, flag)
            parsed += [text, flag.alias(f"_pct{j}")]
        values, bad = number_column(text, unit)
        parsed += [values.alias(f"_n{j}"), bad.alias(f"_bad{j}")]
    return rows.with_columns(parsed) if parsed else rows


def _shown_as_percent(
    rows: pl.DataFrame, text: pl.Series, shown: tuple[int, ...]
) -> pl.Series | None:
    """True for the rows whose cell is one of ``shown`` and holds a share (a number up to
    1.5, shown up to 150%); None if none. A larger one (2000 shown as 200000%) is an amount
    formatted wrong, and its figure stands as before."""
    value = text.cast(pl.Float64, strict=False)
    number = (value.is_finite() & (value.abs() <= MAX_SHARE)).fill_null(False)
    flag = rows["_row"].is_in(list(shown)) & number
    return flag if flag.any() else None


def _as_shown(text: pl.Series, flag: pl.Series) -> pl.Series:
    """``text`` with each flagged number written as the sheet shows it: 0.45 → ``45%``."""
    idx, text = flag.arg_true(), text.clone()
    numbers = text.gather(idx).cast(pl.Float64).to_list()
    shown = [f"{round(v * 100, 9):.12g}%" for v in numbers]
    return text.scatter(idx, pl.Series(shown, dtype=pl.String))


def percent_message(header: str, text: str) -> str:
    """The ``not_a_number`` message of a money cell formatted as a percentage."""
    return (
        f"{header} 为百分比格式的数值，显示为{text}，不是金额，按空值处理"
        "（请填写金额，或取消该单元格的百分比格式）"
    )
