"""As-of inference from headers, titles and file names; options win; labels."""

from __future__ import annotations

from datetime import date

import pytest

from projtrack.errors import LedgerError, UsageError
from projtrack.period import clues_from_text, infer_clues, period_label, resolve_as_of


@pytest.mark.parametrize(
    ("source", "text", "year", "month"),
    [
        ("header", "1-3月完成投资", None, 3),
        ("header", "1—6月累计完成投资（万元）", None, 6),
        ("header", "2024年计划投资", 2024, None),
        ("title", "2024年中江县重点项目推进情况表(1-3月)", 2024, 3),
        ("title", "2023年上半年重点项目推进情况", 2023, 6),
        ("title", "2022年前三季度全市重点项目完成情况", 2022, 9),
        ("title", "2024年一季度", 2024, 3),
        ("title", "截至2024年5月底", 2024, 5),
        ("file name", "2023年6月台账", 2023, 6),
        ("file name", "ledger_2023_1-6", 2023, 6),
        ("file name", "重点项目2024Q3", 2024, 9),
        ("file name", "2024-05", 2024, 5),
        ("title", "二〇二四年中江县重点项目推进情况表", 2024, None),
        ("title", "二零二四年六月份重点项目调度表", 2024, 6),
        ("title", "2024年十二月重点项目", 2024, 12),
        ("file name", "德阳市重点项目202406", 2024, 6),
        ("file name", "24年6月重点项目台账", 2024, 6),
        # 截止 (a common spelling of 截至) and N月累计 date a year-to-date header too: else
        # --month 6 relabelled a 1-3月 column as 1-6月 without a word.
        ("header", "截止3月完成投资", None, 3),
        ("header", "截止3月累计完成投资", None, 3),
        ("header", "截止至3月完成投资", None, 3),
        ("header", "3月累计完成投资", None, 3),
        # The first N months, and a month's dispatch titled without its year.
        ("header", "前两个月完成投资", None, 2),
        ("header", "前10个月累计完成投资", None, 10),
        ("header", "前十一个月完成投资", None, 11),
        ("title", "2025年前10个月重点项目推进情况", 2025, 10),
        ("title", "全县重点项目3月调度情况", None, 3),
        ("title", "重点项目11月推进情况表", None, 11),
    ],
)
def test_clues(source: str, text: str, year: int | None, month: int | None) -> None:
    clue = clues_from_text(source, text, file_name=source == "file name")
    assert clue is not None
    assert (clue.year, clue.month) == (year, month)


@pytest.mark.parametrize(
    ("name", "month"),
    [("L22_Q3row", None), ("台账Q2版本", 6), ("台账_Q3", 9), ("2024Q1", 3), ("Q4rd", None)],
)
def test_a_quarter_in_a_file_name_stands_alone(name: str, month: int | None) -> None:
    """Q3 inside a word (L22_Q3row) is no quarter: it made a 1-6月 ledger's file name say
    9月 (as_of_conflict); Q3, 2024Q3 and a Q3 before Chinese words still do."""
    clue = clues_from_text("file name", name, file_name=True)
    assert (clue.month if clue else None) == month


def test_a_date_in_chinese_numerals() -> None:
    """公文 dates are written 二〇二四年六月三十日: the year, month and day are read."""
    clue = clues_from_text("title", "（截至二〇二四年六月三十日）")
    assert clue is not None and (clue.year, clue.month, clue.day) == (2024, 6, 30)
    clue = clues_from_text("title", "截至2024年十月二十三日")
    assert clue is not None and (clue.year, clue.month, clue.day) == (2024, 10, 23)


@pytest.mark.parametrize(
    ("text", "date"),
    [("2024年中江县重点项目周调度表（6月17日—6月23日）", (None, 6, 23)),
     ("2024年6月17日至23日", (2024, 6, 23)),
     ("周报（2024年12月30日-2025年1月5日）", (2024, 12, 31)),
     ("2024年重点项目周调度表（12月30日—1月5日）", (2024, 12, 31))],
)  # fmt: skip
def test_a_week_of_dates_is_as_of_its_last_day(
    text: str, date: tuple[int | None, int, int]
) -> None:
    """A weekly dispatch titled with its week reports up to the week's last day; a week
    running into the next year ends the ledger's own year (its plan is that year's)."""
    clue = clues_from_text("title", text)
    assert clue is not None and (clue.month, clue.day) == date[1:]
    assert date[0] is None or clue.year == date[0]


def test_a_week_by_its_number_ends_on_its_sunday() -> None:
    """2024年第25周 (ISO week 25) runs 6月17日 to 6月23日: as of the 23rd."""
    clue = clues_from_text("title", "2024年第25周重点项目调度表")
    assert clue is not None and (clue.year, clue.month, clue.day) == (2024, 6, 23)


def test_full_date_in_a_note() -> None:
    clue = clues_from_text("note", "注:本表数据截至2024年3月15日。")
    assert clue is not None and (clue.year, clue.month, clue.day) == (2024, 3, 15)


def test_text_without_a_period_gives_no_clue() -> None:
    assert clues_from_text("title", "重点项目推进情况表") is None


def resolve(header: list[str], texts: list[tuple[str, str]], **options: object):  # type: ignore[no-untyped-def]
    clues = infer_clues([("header", h) for h in header], texts)
    return resolve_as_of(clues, path_name="x.xlsx", **options)  # type: ignore[arg-type]


def test_header_month_and_title_year_combine() -> None:
    as_of = resolve(["1-6月完成投资"], [("title", "2023年XX县重点项目表")])
    assert as_of.date == date(2023, 6, 30)
    assert as_of.label == "上半年"
    assert "1-6月完成投资" in as_of.source
    assert as_of.findings == []


def test_year_from_file_name() -> None:
    as_of = resolve(["1-5月完成投资"], [("file name", "2021年重点项目")])
    assert as_of.date == date(2021, 5, 31)
    assert as_of.label == "1-5月"


def test_conflicting_sources_are_a_warning_naming_both() -> None:
    as_of = resolve(["1-3月完成投资"], [("title", "2024年1-6月推进情况"), ("file name", "2024")])
    assert as_of.date == date(2024, 3, 31)
    [finding] = as_of.findings
    assert finding.code == "as_of_conflict"
    assert "1-3月完成投资" in finding.message and "2024年1-6月推进情况" in finding.message


def test_option_wins_and_conflict_is_reported() -> None:
    as_of = resolve(["1-3月完成投资"], [("title", "2024年")], month=5)
    assert as_of.date == date(2024, 5, 31)
    assert as_of.label == "1-5月"
    assert [f.code for f in as_of.findings] == ["as_of_conflict"]
    as_of = resolve(["1-3月完成投资"], [("title", "2024年")], quarter="Q2", year=2025)
    assert as_of.date == date(2025, 6, 30)
    assert as_of.label == "上半年"
    explicit = resolve([], [], as_of=date(2024, 5, 15))
    assert explicit.date == date(2024, 5, 15)
    assert explicit.label == "截至5月15日"


def test_missing_year_is_an_error_saying_how_to_give_it() -> None:
    with pytest.raises(LedgerError, match="--year"):
        resolve(["1-3月完成投资"], [("file name", "ledger")])


def test_missing_month_is_an_error_saying_how_to_give_it() -> None:
    with pytest.raises(LedgerError, match="--month"):
        resolve(["本年累计完成投资"], [("title", "2024年重点项目")])


def test_contradictory_options_are_a_usage_error() -> None:
    with pytest.raises(UsageError):
        resolve([], [], month=3, quarter="Q1", year=2024)
    with pytest.raises(UsageError):
        resolve([], [], quarter="Q5", year=2024)


@pytest.mark.parametrize(
    ("as_of", "kind", "label"),
    [
        (date(2024, 3, 31), "auto", "一季度"),
        (date(2024, 6, 30), "auto", "上半年"),
        (date(2024, 9, 30), "auto", "前三季度"),
        (date(2024, 12, 31), "auto", "全年"),
        (date(2024, 3, 31), "month", "1-3月"),
        (date(2024, 1, 31), "auto", "1月"),
        (date(2024, 5, 31), "auto", "1-5月"),
        (date(2024, 2, 29), "auto", "1-2月"),
        (date(2024, 5, 15), "auto", "截至5月15日"),
    ],
)
def test_period_labels(as_of: date, kind: str, label: str) -> None:
    assert period_label(as_of, kind=kind) == label


@pytest.mark.parametrize(
    ("text", "month", "day"),
    [
        ("德阳市2022年1-9月重点项目推进情况", 9, None),  # a period, not 9 January
        ("2022年1-3月台账", 3, None),
        ("2024-03-15", 3, 15),
        ("2024.3.15", 3, 15),
        ("注:本表数据截至2024年3月31日。", 3, 31),
    ],
)
def test_periods_are_not_read_as_dates(text: str, month: int, day: int | None) -> None:
    clue = clues_from_text("note", text)
    assert clue is not None and (clue.month, clue.day) == (month, day)


@pytest.mark.parametrize(
    ("texts", "as_of", "label"),
    [
        ([("title", "2024年重点项目推进情况表（截至2024年3月15日）")], date(2024, 3, 15), "截至3月15日"),
        ([("note", "注：本表数据截至3月20日。"), ("file name", "2024年台账")], date(2024, 3, 20),
         "截至3月20日"),
        # a day of another month is not this ledger's day: the header's month end, and a warning
        ([("title", "截至2024年4月15日重点项目情况")], date(2024, 3, 31), "一季度"),
    ],
)  # fmt: skip
def test_a_day_in_the_title_within_the_header_month_is_the_as_of(
    texts: list[tuple[str, str]], as_of: date, label: str
) -> None:
    """1-3月完成投资 under 截至2024年3月15日: the figures are those of 15 March (a weekly
    dispatch), and 时序进度 is counted to that day, not to 31 March."""
    resolved = resolve(["1-3月完成投资"], texts)
    assert (resolved.date, resolved.label) == (as_of, label)


def test_a_day_of_another_year_is_not_the_as_of() -> None:
    resolved = resolve(["2024年1-3月完成投资"], [("title", "截至2023年3月15日")])
    assert resolved.date == date(2024, 3, 31)


def test_a_day_and_a_month_option() -> None:
    """--month 3 asks for the month: its end, whatever day the title names."""
    resolved = resolve(["1-3月完成投资"], [("title", "截至2024年3月15日")], month=3)
    assert resolved.date == date(2024, 3, 31)
