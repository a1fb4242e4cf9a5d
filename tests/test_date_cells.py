"""``date_column`` (casts for the common forms, the regex chain once per distinct text)
gives every cell exactly what ``parse_date``, the regex chain alone, gives its text — or,
where that gives nothing, what ``word_date`` reads in it (20240305, 二季度)."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from projtrack.read.date_words import word_date
from projtrack.read.values import date_column, parse_date


def oracle(cells: list[str | None]) -> list[object]:
    frame = pl.DataFrame({"v": cells}, schema={"v": pl.String})
    parsed = frame.select(parse_date(pl.col("v"))).to_series().to_list()
    return [
        word_date(c, None) if p is None and c is not None else p
        for p, c in zip(parsed, cells, strict=True)
    ]


def check(cells: list[str | None]) -> None:
    series = pl.Series("c9", cells, dtype=pl.String)
    got = date_column(series)
    assert got.name == "c9" and got.dtype == pl.Date
    assert got.to_list() == oracle(cells)


FORMS = [
    "2024-03-05 00:00:00", "2024-03-05", "2024/3/5", "2024.03", "2024年3月", "2024年3月5日",
    "45356", "45356.5", "2024-02-30", "2024-13-01", "2024-3-5", " 2024-03-05", "2024-03-05 ",
    "２０２４-０３-０５", "+2024-03-05", "12024-03-05", "2024-03-05abc", "2024-03-05 25:00:00",
    "年内开工", "已开工", "—", "", None, "2024-03-05T00:00:00", "20240305",
]  # fmt: skip


@pytest.mark.parametrize("first", FORMS)
def test_every_form_in_every_position(first: str | None) -> None:
    # The form of the first filled cell decides which cast is tried first.
    check([first, *FORMS])
    check([first, *FORMS[::-1]])


def test_repeated_dates_take_the_lookup() -> None:
    check(["2024/3/5", "2024年3月", "未开工", None] * 50 + ["2024-03-05"])
    check(["2024-03-05"] * 100 + ["2024/3/5"] * 100)


pieces = st.sampled_from(["2024", "3", "03", "5", "-", "/", ".", "年", "月", "日", " ", "x", "0"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.lists(pieces, max_size=7).map("".join)), max_size=30))
def test_random_texts(cells: list[str | None]) -> None:
    check(cells)


def test_a_year_dot_one_date_is_said_to_be_january_or_october(tidy) -> None:
    """2024.1 in 计划开工时间: read as January (应开未开 by June), but 2024.10 typed into a
    number cell is stored as 2024.1 too: a date_ambiguous warning names the cell; 2024.10
    written as text, and 2024.11, are not ambiguous."""
    from projtrack.read.load import load_ledger

    header = ["序号", "项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资", "计划开工时间"]
    rows = [[1, "甲", "旌阳区", 100, 10, 2024.1], [2, "乙", "旌阳区", 100, 10, "2024.10"],
            [3, "丙", "旌阳区", 100, 10, "2024.11"]]  # fmt: skip
    ledger = load_ledger(tidy(header, rows))
    found = [f for f in ledger.findings if f.code == "date_ambiguous"]
    assert [f.where for f in found] == ["Sheet1!F4"]
    assert "2024年1月" in found[0].message and "2024-10" in found[0].message
    starts = ledger.projects["planned_start"].to_list()
    assert [(d.year, d.month) for d in starts] == [(2024, 1), (2024, 10), (2024, 11)]


@pytest.mark.parametrize(("text", "day"), [("202403", date(2024, 3, 1)),
                                           ("20240315", date(2024, 3, 15))])  # fmt: skip
def test_a_platforms_compact_dates(text: str, day: date) -> None:
    """202403 / 20240315 (platform exports) were not_a_date, their projects out of 应开工."""
    got = pl.DataFrame({"a": [text, "202413"]}).select(parse_date(pl.col("a")).alias("d"))["d"]
    assert got.to_list() == [day, None]
    assert date_column(pl.Series([text]), 2024).to_list() == [day]
