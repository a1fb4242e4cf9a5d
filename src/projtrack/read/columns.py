"""Settling which column is which field when the header alone does not decide it.

After the header is matched (:mod:`projtrack.read.layout`), a field may have several
columns: two ``2024年计划投资`` columns, ``县(市、区)`` and ``乡镇``, a ``挂钩领导`` parent over
``市领导 | 县领导``. Taking the left one without a word is how a ledger gets misread, so:

- a ``[columns]`` entry naming a column by letter (``"市重点!E" = "annual_plan"``, or
  ``"*!E"`` for every sheet) picks that column for the field, and the others are not used;
- of two money columns, one whose cells are mostly text (年度目标任务 written as a sentence)
  is not an amount and is set aside with a note;
- leader columns (包保领导) are several levels of one thing: the first is ``leader``, the
  second ``leader_other``; per project the first level present is the leader and the
  other is kept in ``leader_other`` (:func:`combine_leaders`);
- columns holding the same values in every project row are one column, used once;
- columns whose headers state different years (``2023年1-6月完成投资`` beside
  ``2024年1-6月完成投资``, a 同比 layout): the one of the year the sheet reports (its
  title, else the other required headers) is used, the others are set aside with a note;
- any other field matched by two or more columns is a ``column_ambiguous`` finding naming
  every cell; for a required field (name, plan, completed) it stops the run (exit 1)
  with the ``[columns]`` line that settles it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import polars as pl

from projtrack.errors import Finding, LedgerError, cell_ref, column_letter
from projtrack.read.fields import current_synonyms, strip_annotations, unit_factor
from projtrack.read.labels import TOWN_HEADER
from projtrack.read.layout import Column, Layout
from projtrack.read.since_start import difference_findings, refuse_same_as_since_start
from projtrack.read.subcolumns import is_adjusted
from projtrack.read.values import number_column
from projtrack.read.year_share import THIS_YEAR
from projtrack.text import normalize_text
from projtrack.vocab import CANONICAL_FIELDS, FIELD_LABELS, MONEY_FIELDS, REQUIRED_FIELDS

# A [columns] key that names a column by its letter: "市重点!E", "*!E" (any sheet).
PICK = re.compile(r"^(.*)!\s*([A-Za-z]{1,3})$")
LEADER_FIELDS = ("leader", "leader_other")


def column_picks(sheet: str) -> dict[int, str]:
    """0-based absolute column → field, from the [columns] keys that name ``sheet``'s columns."""
    picks: dict[int, str] = {}
    for key, field in current_synonyms():
        match = PICK.match(key.strip())
        if not match:
            continue
        where, letters = match[1].strip(), match[2].upper()
        if where in ("", "*") or normalize_text(where) == normalize_text(sheet):
            picks[_column_index(letters)] = field
    return picks


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


def settle_columns(
    path: Path, sheet: str, layout: Layout, projects: pl.DataFrame, offset: int
) -> tuple[Layout, list[Finding]]:
    """One column per field (see the module doc); raise when a required field is ambiguous.

    ``projects`` are the sheet's project rows (text columns ``c<j>``); ``offset`` turns a
    frame column into the sheet's column index.
    """
    header_row = layout.header_start + 1
    columns = list(layout.columns)
    findings: list[Finding] = []
    if layout.unit_conflict and any(c.field in MONEY_FIELDS and not c.unit for c in columns):
        raise LedgerError(path, unit_conflict_message(layout.unit_conflict), sheet=sheet)

    def ref(col: Column) -> str:
        return f"{cell_ref(sheet, header_row, col.index + offset)}（{col.header}）"

    present = {c.index + offset for c in columns}
    picks = {at: f for at, f in column_picks(sheet).items() if at in present}
    for j, col in enumerate(columns):
        picked = picks.get(col.index + offset)
        if picked is not None:  # that column alone: not the sum of parts it heads, nor refused
            columns[j] = replace(col, field=picked, parts=(), unsplit=())
        elif col.field in picks.values():
            columns[j] = replace(col, field=None, parts=(), unsplit=())
    for name in dict.fromkeys(c.field for c in columns):
        if name not in CANONICAL_FIELDS:
            continue
        same = [c for c in columns if c.field == name]
        if not same:
            continue
        year = sheet_year(layout, columns, name)
        years = {_year(c) for c in same}
        if len(same) == 1:
            # 2023年完成投资 alone on a sheet of 2024 (title or 2024年计划投资): last year's
            # whole figure, not this year's completion; the field is then missing.
            kept = [c for c in same if c.months or _year(c) in (None, year)
                    or name != "completed_ytd" or year is None]  # fmt: skip
        elif year is not None and len(years) > 1:
            # 2023年1-6月 beside 2024年1-6月 (else beside 1-6月): the sheet's year is read.
            # 调整后计划投资 beside 2024年计划投资 is this year's plan in force (settled below).
            kept = [
                c
                for c in same
                if _year(c) == year
                or (_year(c) is None and name == "annual_plan" and is_adjusted(c.header))
            ]
            kept = kept or [c for c in same if _year(c) is None]  # fmt: skip
        elif year is None and name == "completed_ytd":
            # 2023年完成投资 beside 1-6月完成投资, the sheet's year unknown: a year's whole
            # figure beside a year-to-date column is the year before's, for comparison.
            kept = [c for c in same if c.months or _year(c) is None]
        else:
            kept = same
        if kept != same and (kept or len(same) == 1):
            for col in [c for c in same if c not in kept]:
                columns[columns.index(col)] = replace(col, field=None)
                same.remove(col)
                why = f"本表为{year}年" if year is not None else "表中另有本年累计列"
                # 至2023年底累计完成投资 is not a figure of 2023 alone: a total run to its end.
                end = re.search(r"\d{4}年度?(?:底|末)", normalize_text(col.header))
                what = f"截至{_year(col)}年底的累计数" if end else f"{_year(col)}年的数字"
                findings.append(
                    Finding(sheet, header_row, col.index + offset, "column_other_year",
                            f"{col.header} 是{what}，{why}，不作为{FIELD_LABELS[name]}列", "info")
                )  # fmt: skip
        if name == "completed_ytd" and (
            whole := _since_start(projects, columns, same, layout.title_unit)
        ):
            columns[columns.index(whole)] = replace(
                whole, field="completed_since_start", months=None
            )
            same.remove(whole)
            findings.append(
                Finding(sheet, header_row, whole.index + offset, "column_since_start",
                        f"{whole.header} 与 {same[0].header} 同在，其数不小于后者："
                        "按开工以来累计完成投资读", "info")
            )  # fmt: skip
        if len(same) < 2 or len({c.months for c in same}) > 1:
            # One column left; or columns for different months (a column per month, or a
            # month's own column beside a year-to-date one): read/wide.py sorts them out.
            continue
        if name in MONEY_FIELDS:
            for col in [c for c in same if _mostly_text(projects, c)]:
                columns[columns.index(col)] = replace(col, field=None)
                same.remove(col)
                findings.append(
                    Finding(sheet, header_row, col.index + offset, "column_not_money",
                            f"{col.header} 的内容多为文字而非金额，不作为"
                            f"{FIELD_LABELS[name]}列", "info")
                )  # fmt: skip
            if len(same) < 2:
                continue
        if name == "actual_start":  # 实际开工时间 beside 是否开工: the dates are read
            dated = [c for c in same if not _STATUS.search(c.header)]
            for col in [c for c in same if c not in dated] if dated else []:
                columns[columns.index(col)] = replace(col, field=None)
                same.remove(col)
            if len(same) < 2:
                continue
        if name == "leader":
            for k, col in enumerate(same[1:], start=1):
                field = "leader_other" if k == 1 else None
                columns[columns.index(col)] = replace(col, field=field)
            continue
        if _same_values(projects, same, money=name in MONEY_FIELDS):
            for col in same[1:]:  # the same figures twice (a copy kept for printing)
                columns[columns.index(col)] = replace(col, field=None)
            continue
        cells = "、".join(ref(c) for c in same)
        named = [c for c in same if _user_named(c, name)]  # [columns] says which
        adjusted = [c for c in same if is_adjusted(c.header)]
        if not named and name == "annual_plan" and len(adjusted) == 1:
            named = adjusted  # 年度计划投资 | 调整后年度计划投资: the plan in force
        county = [c for c in same if not re.search(TOWN_HEADER, c.header)]
        if not named and name == "region" and len(county) == 1 and _places(projects, county[0]) > 1:
            named = county  # 所在乡镇 | 县（市、区）: towns of two counties are not one group
        if len(named) == 1:
            why = (
                "以调整后计划为准，"
                if named is adjusted
                else "按县（市、区）分组，"
                if named is county
                else "按 projtrack.toml [columns] "
            )
            for col in [c for c in same if c is not named[0]]:
                columns[columns.index(col)] = replace(col, field=None)
            findings.append(
                Finding(sheet, header_row, named[0].index + offset, "column_ambiguous",
                        f"{len(same)}列都像{FIELD_LABELS[name]}：{cells}；"
                        f"{why}使用“{named[0].header}”", "info")
            )  # fmt: skip
            continue
        line = f'"{sheet}!{column_letter(same[0].index + offset)}" = "{name}"'
        if name in REQUIRED_FIELDS:
            raise LedgerError(
                path,
                f"{len(same)} columns match {FIELD_LABELS[name]} ({name}): {cells}; "
                "projtrack will not guess which one holds the figures. Pick one by its "
                f"column letter under [columns] in projtrack.toml, e.g. {line}",
                sheet=sheet,
            )
        for col in same[1:]:
            columns[columns.index(col)] = replace(col, field=None)
        findings.append(
            Finding(sheet, header_row, same[0].index + offset, "column_ambiguous",
                    f"{len(same)}列都像{FIELD_LABELS[name]}：{cells}；使用第一列。"
                    f"如应使用另一列，在 projtrack.toml 的 [columns] 中写 {line}（改列号）")
        )  # fmt: skip
    _organisation_column(sheet, header_row, offset, projects, columns, findings)
    refuse_same_as_since_start(path, sheet, ref, columns, projects)
    said = [(c.index, c.header, c.minus) for c in columns if c.field == "completed_ytd"]
    findings.extend(difference_findings(sheet, header_row, offset, said))
    return replace(layout, columns=columns), findings


# A column headed 单位 alone is 计量单位 (公里, 平方米) in a table of scales, and a
# department's name (县住建局) in a department's ledger: its cells say which.
_UNIT_HEADERS = ("单位", "单位名称")
_ORGANISATION = r"(?:局|委|办|院|所|公司|集团|中心|政府|管委会|街道|镇|乡|部|站|队|厅|处|署|园区)$"


def _organisation_column(
    sheet: str,
    header_row: int,
    offset: int,
    projects: pl.DataFrame,
    columns: list[Column],
    findings: list[Finding],
) -> None:
    """With no 责任单位 column, a column headed 单位 whose project cells are mostly names of
    departments or towns is the responsible unit (``columns`` changed in place)."""
    if any(c.field == "responsible" for c in columns) or projects.height == 0:
        return
    for j, col in enumerate(columns):
        name = f"c{col.index}"
        if col.field is not None or normalize_text(col.header) not in _UNIT_HEADERS:
            continue
        if name not in projects.columns:
            continue
        cells = projects[name].str.strip_chars().drop_nulls()
        cells = cells.filter(cells != "")
        named = int(cells.str.contains(_ORGANISATION).sum())
        if cells.len() >= 2 and named * 2 > cells.len():
            columns[j] = replace(col, field="responsible")
            findings.append(
                Finding(sheet, header_row, col.index + offset, "column_unit_names",
                        f"{col.header} 列所填多为单位名称（如“{cells[0]}”），按责任单位读取",
                        "info")
            )  # fmt: skip
            return


_YEAR = re.compile(r"(20\d{2})年")
_STATUS = re.compile(r"是否|状态|情况")  # 是否开工, 开工状态: words, not dates


def unit_conflict_message(line: str) -> str:
    """What to write instead of a unit line naming several units for no column in particular."""
    return (f"单位行「{line}」写了几种单位，未说明各列用哪一种（which columns are in which "
            "unit?）：请在各金额列表头注明单位，如 总投资（亿元）、年度计划投资（万元），"
            "或写作“单位：总投资为亿元，其余为万元”")  # fmt: skip


def _places(projects: pl.DataFrame, col: Column) -> int:
    """How many different places a column names (a county's own ledger names one county)."""
    name = f"c{col.index}"
    if name not in projects.columns:
        return 0
    return projects[name].str.strip_chars().replace("", None).drop_nulls().n_unique()


def _user_named(col: Column, field: str) -> bool:
    """Whether a projtrack.toml [columns] synonym names ``col``'s header as ``field``."""
    headers = (normalize_text(col.header), strip_annotations(col.header))
    return any(f == field and normalize_text(t) in headers for t, f in current_synonyms())


def _year(col: Column) -> int | None:
    found = {int(y) for y in _YEAR.findall(normalize_text(col.header))}
    return found.pop() if len(found) == 1 else None


def sheet_year(layout: Layout, columns: list[Column] | None = None, name: str = "") -> int | None:
    """The year the sheet reports: the one year its title states, else the one year the
    headers of the other required fields state (2024年计划投资); None when unsure."""
    columns = layout.columns if columns is None else columns
    titled = {int(y) for t in layout.title_lines for y in _YEAR.findall(normalize_text(t))}
    if len(titled) == 1:
        return titled.pop()
    if titled:
        return None
    # A year's whole completion (2023年完成投资) beside a 1-N月 column says last year, not this.
    dated = any(c.field == "completed_ytd" and c.months for c in columns)
    stated = {_year(c) for c in columns if c.field in REQUIRED_FIELDS and c.field != name
              and not (dated and c.field == "completed_ytd" and not c.months)}  # fmt: skip
    stated.discard(None)
    return stated.pop() if len(stated) == 1 else None


def _since_start(
    projects: pl.DataFrame, columns: list[Column], same: list[Column], unit: str | None
) -> Column | None:
    """Of year-to-date columns for the same months (截至6月底累计完成投资 | 1-6月完成投资), the
    one whose words do not name this year, when the others do and its figures add up to no
    less than each of theirs: the total since the project started, which 截至…累计 means
    beside this year's own column (refused as ambiguous, it stopped such ledgers). Compared
    in one unit: each column's own, else the sheet's ``unit``."""
    if len(same) < 2 or len({c.months for c in same}) > 1:
        return None
    if any(c.field == "completed_since_start" for c in columns):
        return None
    loose = [c for c in same if not THIS_YEAR.search(normalize_text(c.header))]
    if len(loose) != 1 or any(f"c{c.index}" not in projects.columns for c in same):
        return None
    total = {c.index: float(number_column(projects[f"c{c.index}"])[0].sum())
             * unit_factor(c.unit or unit or "万元") for c in same}  # fmt: skip
    whole = total[loose[0].index]
    return loose[0] if all(whole >= v - 1e-6 for v in total.values()) else None


def _same_values(projects: pl.DataFrame, cols: list[Column], *, money: bool) -> bool:
    """True when every column holds the same value as the first in every project row."""
    names = [f"c{c.index}" for c in cols]
    if projects.height == 0 or any(n not in projects.columns for n in names):
        return False
    if money:
        first = number_column(projects[names[0]])[0]
        return all(number_column(projects[n])[0].equals(first) for n in names[1:])
    first_text = projects[names[0]].str.strip_chars()
    return all(projects[n].str.strip_chars().equals(first_text) for n in names[1:])


def _mostly_text(projects: pl.DataFrame, col: Column) -> bool:
    """True when most non-empty project cells of the column are not numbers."""
    name = f"c{col.index}"
    if name not in projects.columns or projects.height == 0:
        return False
    values, bad = number_column(projects[name])
    filled = int(values.is_not_null().sum()) + int(bad.sum())
    return filled > 0 and int(bad.sum()) * 2 > filled


def combine_leaders(frame: pl.DataFrame) -> pl.DataFrame:
    """Per project, the first leader level present is ``leader``; the other is kept.

    With one leader column nothing changes. With two (市领导 | 县领导), a project whose
    first is empty takes the second as its leader, and ``leader_other`` holds the second
    only where the first was the leader.
    """
    if not all(f in frame.columns for f in LEADER_FIELDS):
        return frame
    first, other = pl.col("leader"), pl.col("leader_other")
    return frame.with_columns(
        pl.coalesce(first, other).alias("leader"),
        pl.when(first.is_not_null()).then(other).otherwise(None).alias("leader_other"),
    )
