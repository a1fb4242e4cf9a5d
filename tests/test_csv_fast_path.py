"""A CSV goes the fast way (one ``pl.read_csv``) only when the csv module, reading every
record, would find nothing to say: no record of another width, nothing to fit. Quoted
fields (``"资金不足,融资困难"``, a line break inside) no longer send a file the slow way.

The oracle is the slow path itself: :func:`fit_records` with the cheap test switched off
reads every record with the csv module and reports each misfit."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from projtrack.read import textfile
from projtrack.read.rawsheet import frame_from_rows
from projtrack.read.sources import _csv_frame
from projtrack.read.textfile import fit_records, fits


def slow_records(text: str, delimiter: str) -> tuple[list[list[str]], list[str]]:
    """Every record as the csv module reads it, and the codes of the misfits it reports."""
    saved = textfile.fits
    textfile.fits = lambda text, delimiter: False
    try:
        fitted = fit_records(text, delimiter, "s")
    finally:
        textfile.fits = saved
    assert fitted is not None
    rows, findings = fitted
    return rows, [f.code for f in findings]


def check(text: str, delimiter: str = ",") -> bool:
    """When the cheap test says the records fit, the csv module agrees and the fast frame
    equals the csv module's frame. Returns the cheap test's answer."""
    fast = fits(text, delimiter)
    rows, codes = slow_records(text, delimiter)
    if fast:
        assert codes == []
        assert _csv_frame(text, delimiter).rows() == frame_from_rows(rows).rows()
    return fast


QUOTED = [
    '标题,,\n序号,名称,问题\n1,甲,"资金不足,融资困难"\n2,乙,\n',
    '标题,,\n序号,名称,问题\n1,"甲\n一期",无\n2,乙,"引号""内"""\n',
    '序号,名称,问题\r\n1,甲,"a,b"\r\n2,"乙",c\r\n',
]
NOT_FAST = [
    '序号,名称,问题\n1,甲,5"寸\n',  # a quote inside an unquoted field
    '序号,名称,问题\n1,甲,"半个"引号\n',  # quoted halfway
    '序号,名称,问题\n1,甲,"未闭合\n2,乙,丙\n',  # never closed
    '序号,名称,问题\n1,甲,丙\n"注:1,2"\n',  # a record that is one quoted field
    '序号,名称,问题\n1,"甲,乙",丙,多\n2,乙,丙\n',  # a quoted field in a record too long
    '序号,名称,问题\n1, "甲",丙\n',  # a space before the quote: not a quoted field
]


@pytest.mark.parametrize("text", QUOTED)
def test_quoted_fields_take_the_fast_path(text: str) -> None:
    assert check(text)


@pytest.mark.parametrize("text", NOT_FAST)
def test_other_quotes_take_the_csv_module(text: str) -> None:
    assert not check(text)


cells = st.text(alphabet=st.sampled_from(list('ab甲注 ,"\n\r1.')), max_size=5)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(cells, min_size=1, max_size=4), min_size=0, max_size=3),
    st.lists(st.lists(cells, min_size=1, max_size=5), min_size=1, max_size=8),
)
def test_written_by_a_csv_writer(titles: list[list[str]], body: list[list[str]]) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows([*titles, ["序号", "名称", "计划", "完成"], *body])
    check(out.getvalue())


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('a甲 ,"\n\r1')), max_size=60))
def test_any_text(text: str) -> None:
    check("序号,名称,计划\n" + text)


def test_a_generated_ledger_with_quoted_problems_is_fast() -> None:
    rows = [["2024年重点项目表", "", ""], ["序号", "项目名称", "存在问题"]]
    rows += [[str(i), f"项目{i}", "资金不足,融资困难" if i % 3 else ""] for i in range(1, 200)]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    assert check(out.getvalue())


def test_a_blank_record_wider_than_the_header() -> None:
    """Found by hypothesis: ",,,," under a 4-field header is a blank row, not the header."""
    check("序号,名称,计划,完成\n,,,,\n,\n,\n")
    check("标题,,,\n序号,名称,计划,完成\n,,,,,\n1,甲,2,3\n")
