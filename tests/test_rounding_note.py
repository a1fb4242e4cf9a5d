"""The levels' amounts, each rounded on its own, said under a total they do not add up
to as printed: the statistical bulletin's note says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app

NOTE = "（因四舍五入，分项之和与合计略有出入。）"
HEADER = ["项目名称", "县(市、区)", "项目级别", "年度计划投资", "1-9月完成投资"]


@pytest.mark.parametrize(
    ("done", "noted"),
    [
        # 10.754 + 2.544 + 0.524 = 13.822: said 10.75 + 2.54 + 0.52 = 13.81 under 13.82
        ((107_540, 25_440, 5_240), True),
        # 10.00 + 2.00 + 0.50 = 12.50: no note
        ((100_000, 20_000, 5_000), False),
    ],
)
def test_the_note_when_the_parts_do_not_add_up_as_printed(
    runner: CliRunner, tidy, done: tuple[int, int, int], noted: bool
) -> None:
    levels = ["省重点", "市重点", "县重点"]
    rows = [[f"{lvl}项目", "甲县", lvl, 200_000, d] for lvl, d in zip(levels, done, strict=True)]
    path: Path = tidy(HEADER, rows)
    text = runner.invoke(app, ["brief", str(path)]).stdout
    line = next(ln for ln in text.splitlines() if "其中，" in ln)
    shown = [f"{d / 1e4:.2f}亿元" for d in done]
    assert all(s in line for s in shown)
    total = f"{sum(done) / 1e4:.2f}亿元"
    assert total in text
    assert (NOTE in line) is noted
