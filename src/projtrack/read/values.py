"""Vectorised parsing of cell texts into numbers and dates.

Sheets are read as text (one read, no per-cell Python), so every value passes through
these Polars expressions: full-width digits, thousands separators, "约50", "—"/"/"/"无"
as empty, percentages, Excel serial dates and "2022年5月"-style dates.
"""

from __future__ import annotations

import functools
import re

import polars as pl

from projtrack.errors import Finding
from projtrack.read.date_words import word_date
from projtrack.read.fields import unit_factor
from projtrack.read.spellings import merge_spellings
from projtrack.text import INVISIBLE, normalize_text
from projtrack.vocab import BARE_LEVEL, LEVEL_SPELLING

# Cell texts that mean "no value" in a ledger (after stripping spaces).
EMPTY_MARKERS: tuple[str, ...] = (
    "", "-", "--", "—", "——", "–", "/", "\\", "无", "暂无", "空", "N/A", "n/a", "NA", "null",
    "None", "#N/A", "/ ", "－", "－－", "／", "無", "暫無", "—-", "…", "……",
    # What programs write for a missing value: pandas (nan, <NA>), R (NA), SQL (NULL).
    "nan", "NaN", "NAN", "<NA>", "NULL", "Null", "none",
)  # fmt: skip
# In a number column "一" (typed for a dash) is empty too; in 序号 it is section one. "#N/A"
# is not: in a money column it is a lookup that found nothing (VLOOKUP's error, or its text
# in a CSV export), reported as a formula error rather than read as a blank without a word.
NUMBER_EMPTY_MARKERS: tuple[str, ...] = (*(m for m in EMPTY_MARKERS if m != "#N/A"), "一")

_FULL_WIDTH = {chr(0xFF10 + i): str(i) for i in range(10)} | {
    "．": ".", "，": ",", "－": "-", "％": "%", "＋": "+", "　": " ",
}  # fmt: skip
# No project's amount comes near this, in any unit (10^15 万元 is a thousand times the
# world's yearly output). A cell beyond it — or text such as "1e309", which a float reads
# as infinity — is a typo or garbage: read as empty with a finding (an error in a required
# column, see :func:`out_of_range`), so that no sum can overflow to inf.
LARGEST_AMOUNT = 1e15
_NUMBER = (
    r"^[约約近超逾达達]?\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*(%?)(?:万元|万|元)?$"
)


_STRIPPED = " \t\r\n\u3000\xa0" + INVISIBLE


def clean_text(expr: pl.Expr, markers: tuple[str, ...] = EMPTY_MARKERS) -> pl.Expr:
    """Strip spaces (also the ideographic one, and invisible format characters such as a
    zero-width space pasted with a county's name) and map empty markers to null.

    ``replace`` rather than ``when/then``: it runs on every text cell of a ledger, and
    on 100k rows it costs half as much.
    """
    return expr.str.strip_chars(_STRIPPED).replace(_marker_series(markers), None)


@functools.cache
def _marker_series(markers: tuple[str, ...]) -> pl.Series:
    """The markers as one Series, built once: a list would become one literal per marker
    in every expression (a sheet builds about forty of them)."""
    return pl.Series("markers", markers, dtype=pl.String)


def parse_number(expr: pl.Expr) -> pl.Expr:
    """Text → Float64 (null when empty or not a number); a trailing % divides by 100."""
    text = (
        clean_text(expr, NUMBER_EMPTY_MARKERS)
        .str.replace_many(_FULL_WIDTH)
        .str.replace_all(rf"[,\s{INVISIBLE}]", "")
    )
    parts = text.str.extract_groups(_NUMBER)
    value = parts.struct.field("1").cast(pl.Float64, strict=False)
    value = pl.when(value.abs() < LARGEST_AMOUNT).then(value)  # NaN and inf fail too
    return pl.when(parts.struct.field("2") == "%").then(hundredths(value)).otherwise(value)


def hundredths(expr: pl.Expr) -> pl.Expr:
    """``expr / 100``, correctly rounded whatever the column's length.

    Polars divides a column of two or more values by a literal as a multiplication by its
    reciprocal, so ``69%`` read 0.6900000000000001 beside another cell and 0.69 alone;
    a column-by-column division is exact, so the same cell always gives the same value.
    """
    return expr.map_batches(_divide_by_hundred, return_dtype=pl.Float64)


def _divide_by_hundred(values: pl.Series) -> pl.Series:
    """Element-wise ``values / 100`` against a full column of 100s (see :func:`hundredths`)."""
    return values.cast(pl.Float64) / pl.Series([100.0]).new_from_index(0, len(values))


# An amount as typed in a money column: an optional 约 and a unit of its own (50万元, 1.2亿),
# thousands separators only in groups of three (12,5 is not twelve thousand and five), and
# a bracket after it: a unit (0.5（亿元）), or a note that does not change the figure — one
# without digits (3000（调整后）) or one naming what it includes (37390（含调增1000）,
# 5000（其中中央资金2000）). A note with other figures (1000（调整为1500）) is no amount:
# which figure is meant is the ledger's to say.
_AMOUNT_NOTE = r"[(（](?:(?:含|其中|包括)[^()（）]*|[^()（）\d]*)[)）]"
_AMOUNT = (
    r"^[约約近超逾达達]?\s*((?:[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|[+-]?\.\d+)"
    r"(?:[eE][+-]?\d+)?)\s*(亿元|亿|万元|万|千元|元)?"
    rf"(?:[(（](亿元|万元|千元|元)[)）]|{_AMOUNT_NOTE})?$"
)
# A money cell whose figure is read with a note beside it (said in a finding).
AMOUNT_WITH_NOTE = r"\d\s*(?:亿元|亿|万元|万|千元|元)?\s*" + _AMOUNT_NOTE + r"\s*$"
_CELL_UNITS = {"亿": "亿元", "万": "万元"}


def parse_amount(expr: pl.Expr, unit: str) -> pl.Expr:
    """Text of a money cell → Float64 in the column's ``unit`` (null when not an amount).

    A unit typed in the cell is converted (``50万元`` in a 亿元 column is 0.005); a
    percentage, a comma that is not a thousands separator or any other text is not an
    amount, so the cell is reported rather than misread.
    """
    text = clean_text(expr, NUMBER_EMPTY_MARKERS).str.replace_many(_FULL_WIDTH)
    parts = text.str.replace_all(rf"[\s{INVISIBLE}]", "").str.extract_groups(_AMOUNT)
    value = parts.struct.field("1").str.replace_all(",", "").cast(pl.Float64, strict=False)
    cell_unit = pl.coalesce(parts.struct.field("2"), parts.struct.field("3")).replace(_CELL_UNITS)
    factors = {u: unit_factor(u) / unit_factor(unit) for u in ("亿元", "万元", "千元", "元")}
    scale = cell_unit.replace_strict(factors, default=1.0, return_dtype=pl.Float64)
    value = value * scale.fill_null(1.0)
    return pl.when(value.abs() < LARGEST_AMOUNT).then(value)


def unparsable_number(expr: pl.Expr) -> pl.Expr:
    """True where a cell holds text that is neither empty nor a number (for a finding)."""
    return clean_text(expr, NUMBER_EMPTY_MARKERS).is_not_null() & parse_number(expr).is_null()


def out_of_range(text: str) -> bool:
    """True for a cell text that is a number, but too large or not finite (``1e309``)."""
    cleaned = "".join(_FULL_WIDTH.get(ch, ch) for ch in text.strip(_STRIPPED))
    if re.fullmatch(r"[+-]?(?:inf|infinity)", cleaned, re.IGNORECASE):
        return True  # a numeric cell holding infinity, as the workbook reader prints it
    match = re.match(_NUMBER, re.sub(r"[,\s]", "", cleaned))
    if match is None:
        return False
    value = float(match[1])
    return not abs(value) < LARGEST_AMOUNT


_EXCEL_EPOCH = pl.date(1899, 12, 30)
_ISO_DAY = r"^\d{4}-\d{2}-\d{2}$"
_YMD = r"^(\d{4})\s*[-./年]\s*(\d{1,2})(?:\s*[-./月]\s*(\d{1,2}))?"
# A platform's compact dates: 202403 (March 2024), 20240315.
_COMPACT = r"^(20\d{2})(0[1-9]|1[0-2])((?:[0-2]\d|3[01])?)$"
# 2024年3-4月 (至4月, ~4月): a window from March, not 4 March.
_MONTH_WINDOW = r"^(\d{4}\s*年\s*\d{1,2})\s*月?\s*[-~～至到]\s*\d{1,2}\s*月.*$"


# The part of a month a date cell may name after it (2024年3月下旬, 3月中旬, 6月底): a
# planned start is due from the first day of the part it names, as a month alone is due
# from its 1st — 上旬, 初, 月初 the 1st, 中旬, 中, 月中 the 11th, 下旬 the 21st (中下旬:
# from 中旬) — and 底, 末, 月底 (a deadline) name the month's last day.
PART_OF_MONTH = r"(月?[初中底末]|[上中下][上中下]?旬)"
_YM_PART = rf"^\d{{4}}\s*[-./年]\s*\d{{1,2}}\s*(?:月份?)?\s*{PART_OF_MONTH}\s*$"


def in_month(first: pl.Expr, part: pl.Expr) -> pl.Expr:
    """The day of ``first``'s month that ``part`` (:data:`PART_OF_MONTH`, or null) names."""
    return (
        pl.when(part.str.contains("[底末]")).then(first.dt.month_end())
        .when(part.str.contains("^月?中")).then(first.dt.offset_by("10d"))
        .when(part.str.starts_with("下")).then(first.dt.offset_by("20d"))
        .otherwise(first)
    )  # fmt: skip


def parse_date(expr: pl.Expr) -> pl.Expr:
    """Text → Date from Excel dates, serial numbers, 2022-05, 2022年5月, 2022.05, 2022/5/1,
    202205 and 20220501.

    A month without a day is taken as the 1st of that month, or the day the part of it
    named after it starts (2022年5月下旬: 21 May; 5月底: 31 May), see :func:`in_month`.
    """
    text = clean_text(expr).str.replace_many(_FULL_WIDTH).str.replace(_MONTH_WINDOW, "${1}月")
    text = text.str.replace(_COMPACT, "${1}-${2}-${3}").str.strip_suffix("-")  # 202403
    parts = text.str.extract_groups(_YMD)
    iso = pl.concat_str(
        parts.struct.field("1"),
        parts.struct.field("2").str.zfill(2),
        parts.struct.field("3").fill_null("1").str.zfill(2),
        separator="-",
    )
    # 2024年3季度 is no March: a quarter (and 上半年) is read by read/date_words.py.
    quarter = text.str.contains(r"^\d{4}\s*[-./年]?\s*第?\s*\d\s*季")
    day = pl.when(~quarter).then(iso.str.to_date("%Y-%m-%d", strict=False))
    ymd = in_month(day, text.str.extract(_YM_PART, 1))
    serial = text.str.extract(r"^(\d{5})(?:\.\d+)?$", 1).cast(pl.Int64, strict=False)
    from_serial = _EXCEL_EPOCH + pl.duration(days=serial)
    return pl.coalesce(ymd, pl.when(serial.is_between(20000, 80000)).then(from_serial))


def number_column(values: pl.Series, unit: str | None = None) -> tuple[pl.Series, pl.Series]:
    """Parse a text column into (Float64 values, unparsable mask), cheaply.

    With ``unit`` the column holds money in that unit and its cells are read by
    :func:`parse_amount` (a cell's own unit converted; %, 12,5 and other text unparsable).

    Most cells of a ledger are plain numbers that a cast handles in microseconds; only
    the cells the cast cannot take (thousands separators, "约50", "—", full-width
    digits…) go through :func:`parse_number`'s regex chain. The first pass is one
    query, because on a small sheet each query's fixed cost is what counts.
    """
    v = pl.col("v")
    fast = v.cast(pl.Float64, strict=False)
    first = values.to_frame("v").select(
        fast.alias("n"),
        ((~(fast.abs() < LARGEST_AMOUNT)).fill_null(True) & v.is_not_null()).alias("need"),
        pl.lit(False).alias("bad"),
    )
    out, bad, need = first["n"].alias(values.name), first["bad"].alias(values.name), first["need"]
    if not need.any():
        return out, bad
    idx = need.arg_true()
    hard = pl.DataFrame({"v": values.gather(idx)})
    number = parse_number(v) if unit is None else parse_amount(v, unit)
    given = clean_text(v, NUMBER_EMPTY_MARKERS).is_not_null()
    parsed = hard.select(number.alias("n"), (given & number.is_null()).alias("bad"))
    out.scatter(idx, parsed["n"])
    bad.scatter(idx, parsed["bad"])
    return out, bad


def _calamine_form(v: pl.Expr) -> pl.Expr:
    """calamine's text of a date cell (``2024-03-05 00:00:00``), by cast."""
    return v.str.to_date("%Y-%m-%d %H:%M:%S", strict=False)


def _iso_day(v: pl.Expr) -> pl.Expr:
    """A CSV's ISO date (``2024-03-05``), by cast; only that exact shape."""
    return pl.when(v.str.contains(_ISO_DAY)).then(v.str.to_date("%Y-%m-%d", strict=False))


def date_column(values: pl.Series, year: int | None = None) -> pl.Series:
    """Parse a text column into Dates; each cell gets what :func:`parse_date` gives its text,
    and a month alone (3月, 4月份) the first of that month of ``year`` (the sheet's year)
    when it is known (6月底: its last day).

    Most cells take a cast: calamine's datetimes (``2024-03-05 00:00:00``) or a CSV's ISO
    dates (``2024-03-05``), the form of the first date tried first (a cast that fails
    costs more than one that succeeds). The regex chain of :func:`parse_date` runs on the
    rest once per distinct text: a ledger of 100,000 projects holds a few thousand
    distinct dates.
    """
    v = pl.col("v")
    first = values.drop_nulls().head(1)
    forms = [_calamine_form, _iso_day]
    if first.len() and first.str.contains(_ISO_DAY).item():
        forms.reverse()
    out = values.to_frame("v").select(forms[0](v)).to_series().alias(values.name)
    need = out.is_null() & values.is_not_null()
    if not need.any():
        return out
    idx = need.arg_true()
    texts = values.gather(idx)
    parsed = texts.to_frame("v").select(forms[1](v)).to_series()
    rest = parsed.is_null()
    if rest.any():
        out.scatter(idx, parsed)
        idx, texts = idx.filter(rest), texts.filter(rest)
        distinct = texts.unique()
        if distinct.len() * 2 > texts.len():  # mostly distinct: a lookup would cost more
            parsed = texts.to_frame("v").select(parse_date(v)).to_series()
        else:
            dates = distinct.to_frame("v").select(parse_date(v)).to_series()
            parsed = texts.replace_strict(distinct, dates, return_dtype=pl.Date)
    out.scatter(idx, parsed)
    out = _month_alone(values, out, year) if year is not None else out
    return _word_dates(values, out, year)


def _word_dates(values: pl.Series, dates: pl.Series, year: int | None) -> pl.Series:
    """``dates`` with the cells the parse left empty read by :func:`word_date` (20240315,
    3月15日, 二季度 …), once per distinct text."""
    need = dates.is_null() & values.is_not_null()
    if not need.any():
        return dates
    idx = need.arg_true()
    texts = values.gather(idx)
    found = {t: word_date(t, year) for t in texts.unique().to_list()}
    return dates.scatter(idx, pl.Series([found[t] for t in texts.to_list()], dtype=pl.Date))


# A date cell holding a month alone: 3月, 4月份, 10月底 (a ledger of one year writes no year).
_MONTH_ALONE = rf"^\s*(\d{{1,2}})\s*月份?{PART_OF_MONTH}?\s*$"


def _month_alone(values: pl.Series, dates: pl.Series, year: int) -> pl.Series:
    """``dates`` with the cells that hold a month alone set to its first day in ``year``,
    or the day the part of it the cell names starts (3月下旬: the 21st; 6月底: the 30th)."""
    need = dates.is_null() & values.is_not_null()
    if not need.any():  # (most columns: every cell a date or empty)
        return dates
    month = values.str.extract(_MONTH_ALONE, 1).cast(pl.Int32, strict=False)
    known = month.is_between(1, 12) & dates.is_null()
    if not known.any():
        return dates
    valid = pl.when(pl.col("m").is_between(1, 12)).then(pl.col("m"))
    day = in_month(pl.date(year, valid, 1), pl.col("t").str.extract(_MONTH_ALONE, 2))
    found = pl.DataFrame({"m": month, "t": values}).select(day).to_series()
    return dates.zip_with(~known.fill_null(False), found).alias(dates.name)


def merge_level_spellings(levels: pl.Series) -> pl.Series:
    """One label per level: every spelling of 省重点 (省重点项目, 省级重点项目, and a bare
    省级 where one word of that level is written) becomes the spelling most projects use
    (on a tie the shortest, then the first written)."""
    counts = levels.drop_nulls().value_counts(sort=False)
    if counts.height < 2:
        return levels
    order = {v: i for i, v in enumerate(levels.drop_nulls().unique(maintain_order=True))}
    groups: dict[str, list[tuple[int, int, int, str]]] = {}
    for value, count in counts.iter_rows():
        norm = normalize_text(value)
        m = LEVEL_SPELLING.match(norm)
        if m:
            word = "重大" if "重大" in norm else "重点"
            groups.setdefault(m[1] + word, []).append((-count, len(value), order[value], value))
    # A bare 省级 / 市级项目 beside 省重点 is that level's spelling too (one word per level).
    for value, count in counts.iter_rows():
        bare = BARE_LEVEL.match(normalize_text(value))
        words = [k for k in groups if bare and k.startswith(bare[1])]
        if len(words) == 1:
            groups[words[0]].append((-count, len(value), order[value], value))
    mapping = {v: min(spellings)[3] for spellings in groups.values() for *_, v in spellings}
    if all(k == v for k, v in mapping.items()):
        return levels
    return levels.replace(mapping)


ALIASED_FIELDS = ("region", "responsible", "owner")  # projtrack.toml [aliases] apply to these


def tidy_labels(
    projects: pl.DataFrame, aliases: dict[str, str]
) -> tuple[pl.DataFrame, list[Finding]]:
    """Level spellings merged (:func:`merge_level_spellings`), the user's [aliases], then
    the spellings of one county or unit (:mod:`projtrack.read.spellings`), with its notes."""
    projects = projects.with_columns(merge_level_spellings(projects["level"]))
    if aliases:
        projects = projects.with_columns(
            pl.col(c).replace(aliases) for c in ALIASED_FIELDS if c in projects.columns
        )
    return merge_spellings(projects)
