"""The fast CSV path (csv module for the title records, Polars for the body) reads the
same frame as the csv module alone, on every shape a ledger CSV takes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from projtrack.read.rawsheet import frame_from_rows as _frame_from_rows
from projtrack.read.sources import _csv_frame

CASES = [
    "标题\n单位:万元\n序号,项目名称,计划\n1,甲,100\n2,乙,200\n",
    '标题,,\n序号,项目名称,计划\n1,"甲,一期",100\n2,"乙\n二期",200\n注:完\n',
    "序号,项目名称,计划\n1,甲,100\n2,乙\n3,丙,300,多余\n",
    "a\tb\tc\n1\t2\t3\n",
    "",
    "只有一行标题\n",
    '序号,名称\n1,"未闭合的引号\n2,乙\n',
]


def slow(text: str, delimiter: str) -> list[tuple[object, ...]]:
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return _frame_from_rows(rows).rows()


@pytest.mark.parametrize("text", CASES)
def test_fast_path_equals_the_csv_module(text: str) -> None:
    delimiter = "\t" if "\t" in text else ","
    fast = _csv_frame(text, delimiter)
    expected = slow(text, delimiter)
    if "多余" in text:  # a record longer than the header: the extra field is dropped
        expected = [row[: fast.width] for row in expected]
    assert fast.rows() == expected


cells = st.text(alphabet=st.sampled_from(list('ab甲乙 ,"\n1.')), max_size=6)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(cells, min_size=1, max_size=4), min_size=1, max_size=5),
    st.lists(st.lists(cells, min_size=4, max_size=4), min_size=1, max_size=8),
)
def test_random_ledgers(titles: list[list[str]], body: list[list[str]]) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows([*titles, ["序号", "名称", "计划", "完成"], *body])
    text = out.getvalue()
    assert _csv_frame(text, ",").rows() == slow(text, ",")


def test_a_cell_longer_than_the_csv_modules_limit_is_read(tmp_path: Path) -> None:
    """A 备注 pasted from a report can pass 128 KiB, the csv module's default field limit."""
    from typer.testing import CliRunner

    from projtrack.cli.app import app

    remark = "用地报批材料已报送，" * 30_000  # 300,000 characters in one cell
    rows = [["序号", "项目名称", "责任单位", "2026年计划投资", "1-10月完成投资", "备注"],
            ["1", "甲项目", "城关镇", "1000", "800", remark],
            ["2", "乙项目", "新华镇", "500", "100", ""]]  # fmt: skip
    path = tmp_path / "台账.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    result = CliRunner().invoke(app, ["rank", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    groups = {g["group"]: g for g in json.loads(result.stdout)["rows"]}
    assert groups["城关镇"]["completed_ytd"] == 800
    assert groups["新华镇"]["completion_rate"] == pytest.approx(0.2)
