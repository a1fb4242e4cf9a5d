"""Dates written in words or without separators (read/date_words.py): each form gives the
day a bureau means, and a quarter is never taken for a month."""

from __future__ import annotations

import json
from datetime import date

import polars as pl
import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.read.date_words import word_date
from projtrack.read.values import date_column

CASES = [
    ("20240315", None, date(2024, 3, 15)),
    ("3月15日", 2024, date(2024, 3, 15)),
    ("3月15号", 2024, date(2024, 3, 15)),
    ("二季度", 2024, date(2024, 4, 1)),
    ("2024年第三季度", None, date(2024, 7, 1)),
    ("2024年3季度", None, date(2024, 7, 1)),  # the vectorised parse read this as March
    ("2024Q4", None, date(2024, 10, 1)),
    ("三季度末", 2024, date(2024, 9, 30)),
    ("2024年上半年", None, date(2024, 1, 1)),
    ("下半年", 2024, date(2024, 7, 1)),
    ("上半年底", 2024, date(2024, 6, 30)),
    ("2024年底", None, date(2024, 12, 31)),
    ("2024年三月", None, date(2024, 3, 1)),
    ("十一月份", 2024, date(2024, 11, 1)),
    ("2024年十二月二十五日", None, date(2024, 12, 25)),
    ("２０２４年二季度", None, date(2024, 4, 1)),  # full-width digits
]
NOT_DATES = [
    ("3月15日", None),  # no year anywhere: not guessed
    ("二季度", None),
    ("2月30日", 2024),
    ("19991301", None),
    ("年内", 2024),
    ("2024年5季度", None),
    ("12345678", None),
]


@pytest.mark.parametrize(("text", "year", "expected"), CASES)
def test_each_form_gives_its_day(text: str, year: int | None, expected: date) -> None:
    assert date_column(pl.Series("c", [text]), year).to_list() == [expected]


@pytest.mark.parametrize(("text", "year"), NOT_DATES)
def test_what_names_no_day_stays_empty(text: str, year: int | None) -> None:
    assert word_date(text, year) is None
    assert date_column(pl.Series("c", [text]), year).to_list() == [None]


def test_a_quarter_is_due_from_its_first_month(runner: CliRunner, tidy) -> None:
    """As of 1-6月: planned 二季度 is due (from 1 April), 3季度 is not (it was read as March
    and listed 应开未开), 20240315 and 3月15日 are due; none is `not_a_date`."""
    header = ["项目名称", "县(市、区)", "建设性质", "年度计划投资", "1-6月完成投资",
              "计划开工时间", "实际开工时间"]  # fmt: skip
    rows = [
        ["甲", "东区", "新开工", 100, 10, "2024年二季度", None],
        ["乙", "东区", "新开工", 100, 10, "2024年3季度", None],
        ["丙", "西区", "新开工", 100, 10, "20240315", "20240320"],
        ["丁", "西区", "新开工", 100, 0, "3月15日", None],
        ["戊", "西区", "新开工", 100, 0, "下半年", None],
    ]
    path = tidy(header, rows)
    data = json.loads(runner.invoke(app, ["starts", str(path), "-f", "json"]).stdout)
    assert (data["due"], data["started"]) == (3, 1)
    assert sorted(r["name"] for r in data["not_started"]) == ["丁", "甲"]
    check = json.loads(runner.invoke(app, ["check", str(path), "-f", "json"]).stdout)
    assert not [f for f in check["findings"] if f["code"] == "not_a_date"]
