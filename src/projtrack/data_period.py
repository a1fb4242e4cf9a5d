"""A header's period is data (SPEC §5): a period option naming another day, month or year
than a year-to-date or plan header names is a usage error that names both.

Split from :mod:`projtrack.period`, which resolves the as-of date from options and clues;
these checks run after it, on the resolved date and the headers' clues.
"""

from __future__ import annotations

from projtrack.errors import UsageError
from projtrack.period import QUARTER_LABEL, AsOf, Clue, ytd_span


def require_data_day(result: AsOf, ytd_clues: list[Clue]) -> None:
    """A year-to-date header that states its day ("截至7月17日完成", "至5月中旬完成投资额")
    holds the figures of that day, as a month range holds that month's (SPEC §5).

    A period option naming a later or an earlier date would relabel them (滞后时序进度 counted
    to 7月31日 over figures of 7月17日), so it is a usage error naming both; a week that
    contains the day resolves to the day itself (``brief --week``).
    """
    clue = next((c for c in ytd_clues if c.month and c.day), None)
    if clue is None or (clue.month, clue.day) == (result.date.month, result.date.day):
        return
    raise UsageError(
        f"the ledger's column 「{clue.text}」 holds figures to {clue.month}月{clue.day}日, "
        f"not {result.label} (to {result.date.isoformat()}): a header's date is the data's "
        f"date. Use a ledger of that date, or leave out the period option (a --week that "
        f"holds {clue.month}月{clue.day}日 is fine)"
    )


def require_data_month(result: AsOf, ytd_clues: list[Clue]) -> None:
    """A year-to-date header's month range is data, not a label (SPEC §5).

    "1-3月完成投资" holds 1-3月 figures: a period option naming another month would
    relabel them (上半年 over a first quarter's figures), so it is a usage error naming
    both periods. A date inside the header's month (weekly dispatch) is fine.
    """
    clue = next((c for c in ytd_clues if c.month), None)
    if clue is None or clue.month is None or clue.month == result.date.month:
        return
    month = clue.month
    data = ytd_span(month)
    quarter = QUARTER_LABEL.get(month)
    if quarter:
        data += f"（{quarter}）"
    raise UsageError(
        f"the ledger's column 「{clue.text}」 holds {data} figures, not {result.label} "
        f"(to {result.date.isoformat()}): a header's month range is the data's period. "
        f"Use a ledger of {result.label}, or leave out the period option"
    )


def require_data_year(result: AsOf, header_clues: list[Clue], labels: list[Clue]) -> None:
    """A year named in a year-to-date or plan header is the data's year (SPEC §5).

    "2025年计划投资" holds the 2025 plan and "2025年1-6月完成投资" 2025 figures: a period
    option naming another year would print them as that year's (a 2030年上半年 briefing,
    a 2030 period in the store), so it is a usage error naming both years — unless a
    title or the file name (``labels``) names the option's year: then the header is the
    one out of date (a template's 2024年计划投资 under a 2025 title), and the option
    stands with the ``as_of_conflict`` warning.
    """
    clue = next((c for c in header_clues if c.year), None)
    if clue is None or clue.year == result.date.year:
        return
    if any(c.year == result.date.year for c in labels):
        return
    raise UsageError(
        f"the ledger's column 「{clue.text}」 holds {clue.year}年 figures, not "
        f"{result.date.year}年 ({result.label}, to {result.date.isoformat()}): a header's "
        f"year is the data's year. Use a ledger of {result.date.year}年, or leave out the "
        f"period option (or give --year {clue.year})"
    )


def require_sheet_month(result: AsOf, kept: list[Clue], left_out: list[str]) -> None:
    """A workbook of one sheet per period (1月份 … 9月份) is read at its latest sheet, the
    others left out: that sheet's month (its name or title) is then the data's period,
    as a header's would be. A period option naming another month relabelled the latest
    sheet's figures (1-9月 printed as 1-6月), so it is a usage error saying what to do."""
    clue = next((c for c in kept if c.month), None)
    if not left_out or clue is None or clue.month == result.date.month:
        return
    sheet = clue.source[clue.source.find("(") + 1 : -1] if clue.source.endswith(")") else ""
    raise UsageError(
        f"本工作簿按期分表，读取的是最新的工作表「{sheet or clue.text}」（{clue.month}月）"
        f"数据，不是{result.label}；其他期的工作表（{'、'.join(left_out)}）未计入 (the "
        f"workbook has a sheet per period and reads the latest). To report {result.label}, "
        "save that period's sheet as its own file, or leave out the period option"
    )


def name_disagrees(result: AsOf, named: Clue | None) -> str | None:
    """What the file name says against the data's period, when they differ: the name's
    month or year is not the as-of's (2024年8月台账.xlsx over 1-9月完成投资). None when the
    name states no period or the same one.

    The data decides the period (SPEC §5), so such a file is stored as the header's month —
    over the real 9月 ledger, if that was stored. A mislabelled file is a routine slip in
    one direction or the other (a new month's ledger under last month's header, a copy
    misnamed), and only the user can tell which: the inbox leaves it, ``ingest`` says it.
    """
    if named is None:
        return None
    month_off = named.month is not None and named.month != result.date.month
    year_off = named.year is not None and named.year != result.date.year
    if not (month_off or year_off):
        return None
    said = (f"{named.year}年" if named.year else "") + (f"{named.month}月" if named.month else "")
    return f"文件名「{named.text}」为{said}，{_sources_said(result)}"


def _sources_said(result: AsOf) -> str:
    """Where the as-of's month and year came from, each from its own source: 表头「1月完成
    投资/金额」为1月、表头「2025年计划投资」为2025年 (one source: 表头「…」为2025年1-9月)."""
    month_from, _, year_from = result.source.partition(" (year from ")
    span = ytd_span(result.date.month)
    year_from = year_from.removesuffix(")")
    if not year_from:
        return f"{_where(month_from)}为{result.date.year}年{span}"
    year_said = "选项 --year" if year_from == "--year" else _where(year_from)
    return f"{_where(month_from)}为{span}、{year_said}为{result.date.year}年"


def _where(source: str) -> str:
    """An as-of's source in words: ``header: 1-9月完成投资`` → 表头「1-9月完成投资」."""
    kind, _, text = source.partition(": ")
    if kind.startswith("option"):
        return f"选项 {kind.removeprefix('option').strip()}"
    words = {"header": "表头", "title": "标题", "note": "表下注", "sheet name": "工作表名",
             "file name": "文件名"}  # fmt: skip
    word = next((w for k, w in words.items() if kind.startswith(k)), None)
    if word is None or not text:
        return "数据"
    return f"{word}「{text}」"
