"""The as-of date of a ledger and its official period label (一季度, 1-5月, 第N周).

An explicit option always wins; otherwise the date is inferred from, in this order, the
header of the year-to-date column ("1-3月完成投资"), the title and footer notes of the
sheets, and the file name. Sources that disagree give a warning naming both.
"""

from __future__ import annotations

import calendar
import re
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TypedDict

from projtrack.errors import Finding, LedgerError, UsageError
from projtrack.period_clues import (
    Clue,
    LatestStart,
    choose_year,
    month_conflicts,
    option_conflicts,
)
from projtrack.text import arabic_dates, normalize_text, period_words

QUARTER_END = {1: 3, 2: 6, 3: 9, 4: 12}
# The date a form was filled in (填报日期:2024年6月5日), or a platform exported it (导出时间:
# 2024-10-08 09:31:22, 下载日期, 生成时间), is not the period it reports.
FILING_DATE = (
    r"(?:填报|填報|报送|報送|填表|制表|製表|打印|编制|編製|导出|導出|下载|下載|生成)"
    r"(?:日期|时间|時間)\s*[:：]?\s*\S*(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
)
QUARTER_LABEL = {3: "一季度", 6: "上半年", 9: "前三季度", 12: "全年"}
QUARTER_WORDS = (
    r"(一季度|第一季度|上半年|半年|二季度|第二季度|前三季度|三季度|第三季度"
    r"|全年|四季度|第四季度|年度总结)"
)


@dataclass(frozen=True)
class AsOf:
    """The resolved as-of date, how it is labelled, and where it came from."""

    date: date
    label: str
    source: str
    findings: list[Finding] = field(default_factory=list)
    # The year the label counts in when it is not the date's: ISO week 1 of 2026 runs from
    # 2025-12-29, so 2026年第1周 may hold a ledger of 2025-12-31.
    year: int | None = None

    @property
    def month(self) -> int:
        """The as-of month (1-12)."""
        return self.date.month

    @property
    def label_year(self) -> int:
        """The year of the period the label names (titles, {year} in file names)."""
        return self.year or self.date.year


@dataclass(frozen=True)
class PeriodRequest:
    """The period a user asked for (``--as-of``, ``--year``, ``--month``, ``--quarter``).

    Every job takes one, so the four options are named once; what the ledger itself says
    is weighed against them in :func:`resolve_as_of`.
    """

    as_of: date | None = None
    year: int | None = None
    month: int | None = None
    quarter: str | None = None


class PeriodArgs(TypedDict, total=False):
    """The same four options as keyword arguments: ``rank(ledger, quarter="Q1")``."""

    as_of: date | None
    year: int | None
    month: int | None
    quarter: str | None


def month_end(year: int, month: int) -> date:
    """Last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def period_label(as_of: date, *, kind: str = "auto") -> str:
    """Official label: 一季度/上半年/前三季度/全年 at quarter ends, else 1-N月 or 截至M月D日.

    ``kind`` "month" forces the 1-N月 form (the user asked for --month), except for the
    whole year: 全年 from a ledger, the store, ``--month 12``, ``--quarter Q4`` and
    ``--full-year`` alike.
    """
    m = as_of.month
    if as_of != month_end(as_of.year, m):
        return f"截至{m}月{as_of.day}日"
    if m == 12 or (kind != "month" and m in QUARTER_LABEL):  # 1-12月 is always 全年
        return QUARTER_LABEL[m]
    return ytd_span(m)


def ytd_span(month: int) -> str:
    """A year-to-date span as headers write it: 1月 (never 1-1月), 1-9月."""
    return "1月" if month == 1 else f"1-{month}月"


_TIME = re.compile(r"(\d{4}[-/.]\d{1,2}[-/.]\d{1,2})\s+\d{1,2}:\d{2}(?::\d{2})?")


_WEEK_DATES = re.compile(
    r"(?:(20\d{2})年)?(?<!\d)(\d{1,2})月(\d{1,2})日?\s*[—–\-~～至到]+\s*"
    r"(?:(?:(20\d{2})年)?(\d{1,2})月)?(\d{1,2})日"
)


# A note under the table speaks of many periods besides its own (注：续建项目指2023年及以前
# 开工…, 2024年计划投资为调整后数, 填报人…): it dates the table only with words that date
# data — 截至2024年3月31日, 完成投资为1-5月累计数, 2024年第25周, 2024年一季度.
_NOTE_DATING = re.compile(
    r"(?:截[至止]至?|统计至|累计至|数据至)(?:20\d{2}年)?\d{1,2}月(?:\d{1,2}日|[上中下]旬|[底末])?"
    r"|(?:20\d{2}年)?(?<!\d)1-\d{1,2}月|20\d{2}年度?第\d{1,2}周|20\d{2}年" + QUARTER_WORDS
)


# A line that is only a date (2024-03-15, 统计时间:2024年3月15日) dates the table too.
_DATE_ONLY = re.compile(
    r"^(?:\D{0,4}(?:日期|时间):?)?(20\d{2}(?:年\d{1,2}月\d{1,2}日|([-./])\d{1,2}\2\d{1,2}))\D{0,2}$"
)


def note_dating(text: str) -> str | None:
    """The words of a note under the table that date its data, or None (see _NOTE_DATING)."""
    t = period_words(arabic_dates(normalize_text(_TIME.sub(r"\1", text))))
    found = _NOTE_DATING.search(t) or _DATE_ONLY.match(t)
    return (found[1] if found.re is _DATE_ONLY else found[0]) if found else None


def clues_from_text(source: str, text: str, *, file_name: bool = False) -> Clue | None:
    """Read year/month/day from a title, header, note or file name."""
    if source.startswith("note"):
        dating = note_dating(text)
        clue = clues_from_text("dating", dating) if dating else None
        return replace(clue, source=source, text=text) if clue else None
    # A date cell's time (2024-05-31 00:00:00) would run into the day once spaces go.
    t = normalize_text(_TIME.sub(r"\1", text))
    t = arabic_dates(t)  # 二〇二四年六月三十日 → 2024年6月30日
    year = month = day = None
    # A week's dates (周调度表（6月17日—6月23日）): its last day; a week into the next year
    # (2024年12月30日-2025年1月5日) ends the year the ledger is for.
    if week := _WEEK_DATES.search(t):
        year = int(week[1]) if week[1] else None
        month, day = int(week[5] or week[2]), int(week[6])
        if month < int(week[2]) or (week[4] and week[1] and week[4] > week[1]):
            month, day = 12, 31  # 12月30日—1月5日: a year's ledger runs to its year end
    # A full date: 2024年3月15日, or 2024-03-15 / 2024.3.15 / 2024/3/15 with one separator
    # ("2022年1-9月" is a period, not 9 January).
    full = (
        None
        if week
        else re.search(r"(20\d{2})年(\d{1,2})月(\d{1,2})日", t)
        or re.search(r"(20\d{2})([\-./])(\d{1,2})\2(\d{1,2})(?!\d)", t)
    )
    if full:
        parts = [g for g in full.groups() if g not in ("-", ".", "/")]
        year, month, day = int(parts[0]), int(parts[1]), int(parts[2])
    # 截至6月20日 (a weekly dispatch) without a year: that day.
    upto_day = re.search(r"(?<!\d)(?:截[至止]至?|至)(\d{1,2})月(\d{1,2})日", t)
    if month is None and upto_day:
        month, day = int(upto_day[1]), int(upto_day[2])
    t = period_words(t)  # 一至六月 → 1-6月; 上半年 → 1-6月
    # 至8月中旬 (a ten-day dispatch): the 10th, the 20th, or the month's end for 下旬.
    tenday = re.search(r"(?<![\d-])(\d{1,2})月([上中])旬", t)
    if month is None and tenday:
        month, day = int(tenday[1]), 10 if tenday[2] == "上" else 20
    span = re.search(r"(?<!\d)(\d{1,2})-(\d{1,2})月", t)
    if month is None and span:
        month = int(span[2])
    if month is None:
        q = re.search(QUARTER_WORDS, t)
        if q:
            word = q[1]
            month = (
                3
                if "一" in word
                else 9
                if "三" in word
                else 12
                if ("全" in word or "四" in word or "总结" in word)
                else 6
            )
        # Q3, 2024Q3, 台账_Q3 — never the Q3 inside a word (L22_Q3row): no letter either side.
        qn = re.search(r"(?i)(?<![a-z])Q([1-4])(?![\da-z])", t)
        if month is None and qn:
            month = QUARTER_END[int(qn[1])]
    if month is None and file_name:
        rng = re.search(r"(?<!\d)1-(\d{1,2})(?!\d)", t)
        if rng:
            month = int(rng[1])
    if month is None:
        ym = re.search(r"(20\d{2})年?[\-./_]?(\d{1,2})月", t) or (
            re.search(r"(20\d{2})[\-._](\d{1,2})(?![\d-])", t)
            or re.search(r"(?<!\d)(20\d{2})(0[1-9]|1[0-2])(?!\d)", t)  # 重点项目202406
            if file_name else None
        )  # fmt: skip
        if ym:
            year, month = int(ym[1]), int(ym[2])
    if month is None:
        upto = re.search(r"(?<!\d)(?:截[至止]至?|至)(?:20\d{2}年)?(\d{1,2})月", t) or re.search(
            r"(?<![\d-])(\d{1,2})月(?:份|末|底|累计|调度|推进|进展)", t
        )  # 3月调度情况, 3月推进情况表: a month's dispatch
        if upto:
            month = int(upto[1])
    if month is None and source == "header" and re.search(r"(?<![\d\-])1月(?!\d)", t):
        month = 1  # 1月完成投资: in January the month is the year to date
    if month is None:  # a title's bracketed month: 推进情况表（1月）, (5月份)
        bracket = re.search(r"\((\d{1,2})月份?\)", t)
        if bracket and 1 <= int(bracket[1]) <= 12:
            month = int(bracket[1])
    # 至5月中旬: up to the end of the month's second ten days (上旬 1-10, 中旬 11-20).
    xun = re.search(r"(?<!\d)(?:截[至止]至?|至)(?:20\d{2}年)?(\d{1,2})月([上中])旬", t)
    if xun and day is None and month in (None, int(xun[1])):
        month, day = int(xun[1]), 10 if xun[2] == "上" else 20
    if week_no := re.search(r"(20\d{2})年(?:度)?第(\d{1,2})周", t):  # a week by its number
        if month is None and 1 <= int(week_no[2]) <= 53:
            with suppress(ValueError):
                end = date.fromisocalendar(int(week_no[1]), int(week_no[2]), 7)
                year, month, day = end.year, end.month, end.day
    if year is None and file_name and (short := re.search(r"(?<!\d)(\d{2})年(\d{1,2})月", t)):
        year, month = 2000 + int(short[1]), month or int(short[2])  # 24年6月台账
    if year is None:
        y = re.search(r"(20\d{2})年", t) or re.search(r"(?<!\d)(20\d{2})(?!\d)", t)
        if y:
            year = int(y[1])
    if month is not None and not 1 <= month <= 12:
        month = day = None
    if year is None and month is None:
        return None
    return Clue(source, text, year, month, day)


# 全年 in a plan or target header (全年计划投资, 年度计划投资(全年), 全年目标任务) is the
# plan's scope — the whole year's plan — not the period the ledger reports; 全年完成投资
# is a period (a completion header keeps its words).
_PLAN_SCOPE = re.compile(r"[(（]?全年度?[)）]?")
# A bracketed note on a plan header saying when or by whom it was set or changed.
_PLAN_NOTE = re.compile(r"\([^()]*(?:下达|批复|调整|结转|印发|发文|文件|通知|号)[^()]*\)")


def plan_header_clues(headers: list[str], wheres: list[str] | None = None) -> list[Clue]:
    """What plan headers say of the period, 全年 as the plan's scope set aside; each clue
    quotes its header as written. A plan added up from its parts (年度计划投资/一季度+二季度
    +三季度+四季度) speaks through its parent only: 一季度 is a part, not the period. A
    bracketed note of when or how the plan was set (2025年计划投资(2024年12月下达)) is not
    the period either. The clues are marked ``plan`` (a template's label, see
    :mod:`projtrack.period_clues`), with their cells when ``wheres`` gives them."""
    own = [h.rsplit("/", 1)[0] if "+" in h.rsplit("/", 1)[-1] else h for h in headers]
    plain = (_PLAN_NOTE.sub("", _PLAN_SCOPE.sub("", normalize_text(h))) for h in own)
    clues = (clues_from_text("header", h) for h in plain)
    cells = wheres or [""] * len(headers)
    return [replace(c, text=h, plan=True, where=w)
            for c, h, w in zip(clues, headers, cells, strict=True) if c is not None]  # fmt: skip


def infer_clues(header_texts: list[tuple[str, str]], texts: list[tuple[str, str]]) -> list[Clue]:
    """Clues in priority order: year-to-date headers, plan headers, titles/notes, file name."""
    clues = []
    for source, text in [*header_texts, *texts]:
        clue = clues_from_text(source, text, file_name=source == "file name")
        if clue:
            clues.append(clue)
    return clues


def stated_month(texts: list[tuple[str, str]]) -> int | None:
    """The month the titles, notes or file name give (the first that names one); the
    caller has taken the filing dates out of the titles and notes."""
    return next((c.month for c in infer_clues([], texts) if c.month), None)


def resolve_as_of(
    clues: list[Clue],
    *,
    path_name: str,
    as_of: date | None = None,
    year: int | None = None,
    month: int | None = None,
    quarter: str | None = None,
    latest_start: LatestStart | None = None,
) -> AsOf:
    """Combine options and clues into one as-of date; options win, conflicts are warnings.

    The year, when no option gives it, is weighed by :func:`choose_year` (``latest_start``
    is the ledger's latest 实际开工时间, which rules out the years before it)."""
    given = sum(x is not None for x in (as_of, month, quarter))
    if given > 1:
        raise UsageError("give only one of --as-of, --month and --quarter")
    if month is not None and not 1 <= month <= 12:
        raise UsageError(f"--month must be 1-12, got {month}")
    q_month = None
    if quarter is not None:
        key = quarter.strip().upper().lstrip("Q")
        if key not in ("1", "2", "3", "4"):
            raise UsageError(f"--quarter must be Q1, Q2, Q3 or Q4, got {quarter!r}")
        q_month = QUARTER_END[int(key)]

    inferred_month = next(((c.month, c) for c in clues if c.month), (None, None))
    findings = month_conflicts(clues)
    if year is None and as_of is None:
        year_clue, year_findings = choose_year(clues, latest_start=latest_start,
                                               path_name=path_name)  # fmt: skip
        findings = year_findings + findings
    else:
        year_clue = None

    if as_of is not None:
        result = AsOf(as_of, period_label(as_of), "option --as-of")
    else:
        y = year if year is not None else year_clue.year if year_clue else None
        m = month or q_month or inferred_month[0]
        if y is None:
            raise LedgerError(
                path_name,
                "cannot tell the year of this ledger: no year in the headers, the title or "
                "the file name. Give it with --year 2024 (or --as-of 2024-03-31).",
            )
        if m is None:
            raise LedgerError(
                path_name,
                "cannot tell the as-of month: no '1-N月' header, no month in the title or the "
                "file name. Give it with --month N, --quarter Qn or --as-of YYYY-MM-DD.",
            )
        clue = inferred_month[1]
        day = _stated_day(clues, y, m) if clue and not (month or q_month) else None
        try:
            d = date(y, m, day) if day else month_end(y, m)
        except ValueError:
            d = month_end(y, m)
        if month is not None:
            src, kind = "option --month", "month"
        elif q_month is not None:
            src, kind = "option --quarter", "auto"
        else:
            src, kind = f"{clue.source}: {clue.text}" if clue else "?", "auto"
        if year is not None:
            src += " (year from --year)"
        elif year_clue is not None and year_clue is not clue:
            src += f" (year from {year_clue.source}: {year_clue.text})"
        result = AsOf(d, period_label(d, kind=kind), src)
    if given > 0 or year is not None:
        findings += option_conflicts(result.date, clues)
    return AsOf(result.date, result.label, result.source, findings)


def _stated_day(clues: list[Clue], year: int, month: int) -> int | None:
    """The day a clue gives within the as-of month: 1-3月完成投资 under a title 截至2024年3月15日
    is as of 15 March (a weekly dispatch). A day of another month or year is not taken."""
    return next(
        (c.day for c in clues if c.day and c.month == month and c.year in (None, year)), None
    )


def week_range(year: int, week: int) -> tuple[date, date]:
    """Monday and Sunday of ISO week ``week`` of ``year`` (a 周调度 covers one such week)."""
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        raise UsageError(f"--week must be 1-52 (or 53 in a long ISO year), got {week}") from None
    return monday, date.fromisocalendar(year, week, 7)


def week_year(day: date, week: int) -> int:
    """The year whose ISO week ``week`` holds ``day`` — its ISO year (2025-12-31 is in week 1
    of 2026) or its calendar year — else its calendar year: the year a --week means when
    none is given, taken from the data's date."""
    for year in (day.isocalendar().year, day.year):
        with suppress(ValueError):
            if date.fromisocalendar(year, week, 1) <= day <= date.fromisocalendar(year, week, 7):
                return year
    return day.year


def week_label(year: int, week: int) -> str:
    """第N周(3月11日-3月17日): the label of a weekly dispatch (the years written when the
    week runs into the next year). ``year`` is the ISO week-year, the one a title names."""
    start, end = week_range(year, week)
    if start.year != end.year:  # ISO week 1 of 2026: 第1周(2025年12月29日-2026年1月4日)
        return (f"第{week}周({start.year}年{start.month}月{start.day}日-{end.year}年{end.month}月"
                f"{end.day}日)")  # fmt: skip
    return f"第{week}周({start.month}月{start.day}日-{end.month}月{end.day}日)"
