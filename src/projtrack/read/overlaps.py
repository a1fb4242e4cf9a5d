"""Sheets that repeat each other's projects: a copy in another unit (a 报送版 in 亿元 beside
the 台账 in 万元), the full list beside its parts (总表 beside 省重点, 全部项目 beside the
county sheets), and the same projects for two months (本月 beside 上月).

Two rows of two sheets are the same project when they have the same name (as a project
key: no spaces, brackets, widths or traditional forms), 年度计划投资 and completion within
what the coarser sheet shows (half a unit of its last digit), and the same region, town,
responsible unit … where both sheets read that column, each spelling read as the label it
is grouped under (旌阳 and 德阳市旌阳区 are 旌阳区); rows of sheets named (or titled) for
different counties are never the same project. Counted twice, such projects would double
every total; so

- a sheet of an earlier month whose projects mostly stand in the latest month's sheets is
  left out (the latest report is taken, with a warning); one that does not is refused;
- two sheets with the same projects are one copy: the finer one (万元 before 亿元; else the
  first) is read;
- a sheet all of whose projects stand in a sheet listing more is a part of it: when the
  parts together list every project of the fuller sheet, each once, that sheet is their
  sum and is left out; otherwise the fuller sheet is the full list and the parts are left
  out;
- a sheet all of whose projects stand in the other sheets together (其中省重点项目 with
  one project of each county sheet) is a cross-cut of them and is left out;
- any other repetition beyond a few projects (some projects in both, neither sheet the
  whole of the other), and most of a sheet's names and plans again with other completions,
  stop the run naming both sheets: projtrack cannot tell which figures count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from projtrack.errors import Finding, LedgerError
from projtrack.period import FILING_DATE, Clue, clues_from_text, ytd_span
from projtrack.read.fields import unit_factor
from projtrack.read.model import SheetInfo
from projtrack.read.sheet_periods import sheet_period_clue
from projtrack.read.sheetsets import (
    UNIT_FIELDS,
    compared_fields,
    places_differ,
)
from projtrack.read.spellings import label_map
from projtrack.text import name_keys

FEW = 2  # a project or two in two sheets stays a per-row duplicate warning
UNNAMED_NAMES = ("", "（未填名称）")


@dataclass
class _Sheet:
    info: SheetInfo
    frame: pl.DataFrame  # name, _key, plan, done, k_<unit field>, _i (row in the frame)
    tol: float  # 万元: half a unit of the last digit the sheet shows
    factor: float  # the plan column's unit in 万元 (1 for 万元, 10000 for 亿元)
    month: int | None  # the month the year-to-date figures end at, when the sheet says
    year: int | None  # the year the sheet states

    @property
    def name(self) -> str:
        return self.info.name


def _shown_tolerance(values: pl.Series, factor: float) -> float:
    """Half a unit of the last digit the values show in their own unit, in 万元."""
    shown = (values.drop_nulls() / factor).to_list()
    digits = 0
    for v in shown[:2000]:
        while digits < 4 and abs(round(v, digits) - v) > 1e-6 * max(1.0, abs(v)):
            digits += 1
    return 0.5 * 10**-digits * factor + 0.01


def _month(info: SheetInfo) -> int | None:
    """The month a sheet's year-to-date figures end at: its 1-M月 column, else its title,
    else its name (one sheet per month: 1-5月 | 1-6月, 5月份, 一季度). A sheet with a
    column per month is settled later unless its title or name says its month (sheets 8月,
    9月 each with 本月 | 1-M月 columns are two months' reports)."""
    wide = bool(info.ytd_chains or info.month_columns)
    ends = {c.months[1] for c in info.columns
            if c.field == "completed_ytd" and c.months and c.months[0] == 1}  # fmt: skip
    if ends and not wide:
        return ends.pop() if len(ends) == 1 else None
    months = {c.month for c in _title_clues(info) if c.month is not None}
    if not months:
        months = {c.month for c in _name_clues(info) if c.month is not None}
    return months.pop() if len(months) == 1 else None


def _year(info: SheetInfo) -> int | None:
    """The year a sheet states: its plan header (2024年计划投资), else its title."""
    for c in info.columns:
        found = re.search(r"(20\d{2})年", c.header) if c.field == "annual_plan" else None
        if found:
            return int(found[1])
    years = {c.year for c in _title_clues(info) if c.year is not None}
    if not years:
        years = {c.year for c in _name_clues(info) if c.year is not None}
    return years.pop() if len(years) == 1 else None


def _name_clues(info: SheetInfo) -> list[Clue]:
    clue = sheet_period_clue(info.name)
    return [clue] if clue is not None else []


def _title_clues(info: SheetInfo) -> list[Clue]:
    lines = (re.sub(FILING_DATE, "", line) for line in info.title_lines)
    clues = (clues_from_text(f"title ({info.name})", line) for line in lines)
    return [c for c in clues if c is not None]


def _sheet(info: SheetInfo, frame: pl.DataFrame) -> _Sheet:
    units = {c.field: c.unit for c in info.columns}
    factor = unit_factor(units.get("annual_plan") or info.unit or "万元")
    done_factor = unit_factor(units.get("completed_ytd") or info.unit or "万元")
    rows = frame.select(
        pl.col("name").fill_null("").str.strip_chars().alias("name"),
        pl.col("annual_plan").fill_null(0.0).alias("plan"),
        pl.col("completed_ytd").fill_null(0.0).alias("done"),
        *(pl.col(f).cast(pl.String).fill_null("").str.strip_chars().alias(f"k_{f}")
          for f in UNIT_FIELDS),
    ).with_row_index("_i")  # fmt: skip
    rows = rows.filter(~pl.col("name").is_in(UNNAMED_NAMES))
    names = rows["name"].drop_nulls().unique()
    key = pl.col("name").replace_strict(names, name_keys(names), default=None)
    rows = rows.with_columns(key.cast(pl.String).alias("_key"))
    tol = max(_shown_tolerance(rows["plan"], factor), _shown_tolerance(rows["done"], done_factor))
    return _Sheet(info, rows, tol, max(factor, done_factor), _month(info), _year(info))


@dataclass
class _Match:
    a: int  # rows of a found in b (name, plan and completion)
    b: int  # rows of b found in a
    b_rows: set[int]
    near: int  # rows of a whose name (and plan) stand in b, whatever the completion
    done_differs: str | None  # a project whose completion differs, if any
    a_rows: pl.Series | None = None  # the rows of a found in b (``_i``)


def _one_spelling(sheets: list[_Sheet]) -> None:
    """Each sheet's counties, units … as the labels they will be grouped under
    (:func:`label_map`): a 市重点 sheet writing 旌阳 or 德阳市旌阳区 for the 旌阳区 of the
    省重点 sheet repeats the same projects, and was counted twice instead of refused."""
    for field in UNIT_FIELDS:
        column = f"k_{field}"
        counts: dict[str, int] = {}
        for s in sheets:
            for value in s.frame[column].to_list():
                counts[value] = counts.get(value, 0) + 1
        mapping, _ = label_map(field, {v: n for v, n in counts.items() if v})
        mapping = {k: v for k, v in mapping.items() if k != v}
        if mapping:
            for s in sheets:
                s.frame = s.frame.with_columns(pl.col(column).replace(mapping))


def _match(a: _Sheet, b: _Sheet, *, by_plan: bool = True, units: bool = True) -> _Match:
    """The rows of ``a`` and ``b`` that are one project; without ``units``, whatever the
    county, town or unit each sheet writes beside them."""
    if places_differ(a.info, b.info):  # 高标准农田 1000 万元 in every county: not one project
        return _Match(0, 0, set(), 0, None)
    tol = max(a.tol, b.tol)
    compared = compared_fields(a.info, b.info) if units else []
    keys = ["_key", *(f"k_{f}" for f in compared)]
    pairs = a.frame.join(b.frame, on=keys, suffix="_b")
    if by_plan:
        pairs = pairs.filter((pl.col("plan") - pl.col("plan_b")).abs() <= tol)
    agree = (pl.col("done") - pl.col("done_b")).abs() <= tol
    same = pairs.filter(agree)
    differs = pairs.filter(~agree & ~pl.col("_i").is_in(same["_i"].implode()))
    first = None if differs.is_empty() else str(differs["name"][0])
    b_rows = set(same["_i_b"].to_list())
    a_rows = same["_i"].unique()
    return _Match(a_rows.len(), len(b_rows), b_rows, pairs["_i"].n_unique(), first, a_rows)


def _leave_out(s: _Sheet, reason: str, code: str, message: str, notes: list[Finding]) -> None:
    s.info.used = False
    s.info.reason = reason
    notes.append(Finding(s.name, None, None, code, message))


def _period(s: _Sheet) -> str:
    months = ytd_span(s.month) if s.month else ""
    return f"{s.year or ''}{'年' if s.year else ''}{months}"


def _drop_earlier_periods(path: object, sheets: list[_Sheet], notes: list[Finding]) -> None:
    """The latest year, then the latest month in it, is the report; a sheet of an earlier
    year or month is left out when most of its projects (by name) stand in the latest
    sheets (last month's sheet beside this month's), else refused."""
    years = {s.year for s in sheets if s.year is not None}
    late = [s for s in sheets if s.year is None or s.year == max(years, default=None)]
    months = {s.month for s in late if s.month is not None}
    current = [s for s in late if s.month is None or s.month == max(months, default=None)]
    earlier = [s for s in sheets if s not in current]
    if not earlier:
        return
    now = next((s for s in current if s.month or s.year), current[0])
    for s in earlier:
        found = sum(_match(s, c, by_plan=False).near for c in current)
        if found <= FEW or found * 2 < s.frame.height:
            raise LedgerError(
                str(path),
                f"sheets {s.name} ({_period(s)}) and {now.name} ({_period(now)}) report "
                "different periods; their figures cannot be added together. Keep one "
                "period's sheet visible (hidden sheets are not read), or save each period as "
                "its own file",
            )
        reason = f"an earlier period ({_period(s)}) of sheet {now.name} ({_period(now)})"
        message = (
            f"未计入：本表为{_period(s)}数据，其{found}个项目在工作表 {now.name}"
            f"（{_period(now)}）中也有；采用最新的{_period(now)}，以免不同时期相加"
        )
        _leave_out(s, reason, "sheet_period", message, notes)


def _refuse(path: object, a: _Sheet, b: _Sheet, found: int, why: str) -> LedgerError:
    return LedgerError(
        str(path),
        f"sheets {a.name} and {b.name} list {found} of the same projects (same name and "
        f"年度计划投资); {why}. projtrack will not count them twice nor guess which one "
        "counts: delete or hide the sheet that is not part of the report",
    )


def settle_overlaps(
    path: object, infos: list[SheetInfo], parts: list[pl.DataFrame], summary_named: set[str]
) -> tuple[list[pl.DataFrame], list[Finding], set[str]]:
    """Leave out sheets that repeat other sheets' projects; ``parts`` follow the used
    ``infos``. Returns the frames kept, the notes, and the summary-named sheets whose
    projects stand in no other sheet (the caller decides what they are)."""
    used = [i for i in infos if i.used]
    if len(used) < 2:
        return parts, [], set(summary_named)
    sheets = [_sheet(i, f) for i, f in zip(used, parts, strict=True)]
    _one_spelling(sheets)
    frames = {s.name: f for s, f in zip(sheets, parts, strict=True)}
    notes: list[Finding] = []
    _drop_earlier_periods(path, sheets, notes)
    live = [s for s in sheets if s.info.used]
    matches: dict[tuple[str, str], _Match] = {}
    for x, a in enumerate(live):
        for b in live[x + 1 :]:
            m = _match(a, b)
            matches[a.name, b.name] = m  # (the reverse keeps near only as none or some)
            back = pl.Series("_i", sorted(m.b_rows), pl.UInt32)
            matches[b.name, a.name] = _Match(m.b, m.a, set(), m.near, m.done_differs, back)
            smaller = min(a.frame.height, b.frame.height)
            if m.done_differs and m.near > FEW and m.near * 2 >= smaller:
                raise _refuse(path, a, b, m.near, f"project {m.done_differs} has different "
                              "completions in the two (two months or two versions?)")  # fmt: skip
    alone = {s.name for s in live if all(matches[s.name, o.name].near == 0
                                         for o in live if o is not s)}  # fmt: skip
    # Copies: the same projects in both; the finer (then the first) is read.
    for x, a in enumerate(live):
        for b in live[x + 1 :]:
            if not (a.info.used and b.info.used):
                continue
            m = matches[a.name, b.name]
            if m.a == a.frame.height and m.b == b.frame.height and m.a > FEW - 1:
                keep, drop = (b, a) if b.factor < a.factor else (a, b)
                message = (
                    f"未计入：与工作表 {keep.name} 的{m.a}个项目相同（名称、年度计划投资一致，"
                    "金额在显示精度内相同），视为副本，以免重复计算"
                )
                reason = f"a copy of sheet {keep.name} (the same {m.a} projects)"
                _leave_out(drop, reason, "sheet_copy", message, notes)
    # Parts of a fuller sheet, the fullest first.
    for whole in sorted(live, key=lambda s: -s.frame.height):
        if not whole.info.used:
            continue
        inside = [s for s in live if s is not whole and s.info.used
                  and s.frame.height < whole.frame.height
                  and matches[s.name, whole.name].a == s.frame.height > FEW - 1]  # fmt: skip
        if not inside:
            continue
        covered: set[int] = set()
        for s in inside:
            covered |= _match(s, whole).b_rows
        names = "、".join(s.name for s in inside)
        disjoint = sum(s.frame.height for s in inside) == len(covered)  # no project twice
        if len(covered) == whole.frame.height and disjoint:
            message = (
                f"未计入：本表{whole.frame.height}个项目即工作表 {names} 的项目之和"
                "（名称、年度计划投资一致），以免重复计算"
            )
            _leave_out(whole, f"the projects of sheets {names} together", "sheet_copy", message,
                       notes)  # fmt: skip
            continue
        for s in inside:
            n, total = s.frame.height, whole.frame.height
            message = (
                f"未计入：本表{n}个项目都在工作表 {whole.name}（共{total}个项目）中，"
                f"按全表 {whole.name} 计算，以免重复计算"
            )
            reason = f"a part of sheet {whole.name} ({n} of its {total} projects)"
            _leave_out(s, reason, "sheet_subset", message, notes)
    _leave_out_cross_cuts(live, matches, notes)
    # Whatever still repeats beyond a few projects cannot be told apart: the same names and
    # figures under other counties or units too (a detail sheet whose 所在县 is not the full
    # list's 县（市、区）: kept beside it, its projects were counted twice without a word).
    kept = [s for s in live if s.info.used]
    for x, a in enumerate(kept):
        for b in kept[x + 1 :]:
            m = matches[a.name, b.name]
            if m.a > FEW:
                raise _refuse(path, a, b, m.a, "neither sheet lists the whole of the other")
            if compared_fields(a.info, b.info) and (n := _match(a, b, units=False).a) > FEW:
                raise _refuse(path, a, b, n, "with the same completions too, under another "
                              "县(市、区), 所在乡镇 or unit in one sheet than in the other, and "
                              "neither sheet lists the whole of the other")  # fmt: skip
    return [frames[s.name] for s in sheets if s.info.used], notes, summary_named & alone


def _leave_out_cross_cuts(
    live: list[_Sheet], matches: dict[tuple[str, str], _Match], notes: list[Finding]
) -> None:
    """A sheet every project of which stands in the other sheets together, none of them
    holding it all (其中省重点项目 beside the county sheets, one from each): a cross-cut of
    the report, left out. Counted, its projects were counted twice with a mere per-row
    warning, since no one sheet was its whole."""
    for s in sorted(live, key=lambda x: x.frame.height):
        others = [o for o in live if o is not s and o.info.used]
        if not s.info.used or s.frame.height < FEW or len(others) < 2:
            continue
        rows = [r for o in others if (r := matches[s.name, o.name].a_rows) is not None]
        if not rows or pl.concat(rows).n_unique() < s.frame.height:
            continue
        names = "、".join(o.name for o in others if matches[s.name, o.name].a)
        message = (
            f"未计入：本表{s.frame.height}个项目都在工作表 {names} 中（名称、年度计划投资一致），"
            "按各表计算，以免重复计算"
        )
        _leave_out(s, f"its projects stand in sheets {names}", "sheet_subset", message, notes)
