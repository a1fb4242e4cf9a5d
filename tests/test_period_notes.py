"""Notes under the table (注：, 说明：, 备注：, 填报人…) date the ledger only with the words that
date its data (截至2024年5月20日, 完成投资为1-5月累计数), never with the other years and
months they speak of: a tester's 南部县 ledger, 注：续建项目指2023年及以前开工…, gave a 2023
as_of_conflict against its 2024 headers."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app


@pytest.mark.parametrize(
    "note",
    ["注：1.续建项目指2023年及以前开工、2024年继续建设的项目；2.新开工项目计划开工时间为2024年或"
     "2023年底结转未开工项目。", "说明：续建项目指2023年12月及以前开工的项目",
     "备注：2022年计划投资为调整后数", "填报人：张三    审核人：李四    2023年4月5日"],
)  # fmt: skip
def test_notes_under_the_table_do_not_vote_on_the_period(
    runner: CliRunner, tidy: Callable[..., Path], note: str
) -> None:
    header = ["序号", "项目名称", "县(市、区)", "2024年计划投资", "1-3月完成投资"]
    path = tidy(header, [[1, "甲", "东区", 400, 100], [2, "乙", "西区", 600, 200], [None],
                         [note]])  # fmt: skip
    result = runner.invoke(app, ["rank", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["as_of"] == "2024-03-31"
    assert [w for w in report["warnings"] if w["code"] == "as_of_conflict"] == []


def test_a_note_dating_the_data_still_counts(runner: CliRunner, tidy: Callable[..., Path]) -> None:
    header = ["序号", "项目名称", "县(市、区)", "年度计划投资", "本年累计完成投资"]
    rows = [
        [1, "甲", "东区", 400, 100],
        [None],
        ["注：续建项目指2023年及以前开工；数据截至2024年5月20日。"],
    ]
    path = tidy(header, rows, title="XX县重点项目推进情况表")
    result = runner.invoke(app, ["rank", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["as_of"] == "2024-05-20"
