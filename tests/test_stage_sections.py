"""Sections naming a stage (一、续建项目, 二、新开工项目（6个）, 竣工项目) set 建设性质.

Found by a tester: a county ledger kept in 续建 | 新开工 | 竣工 sections with no 建设性质
column counted its new starts by their planned start in the as-of year, so a 新开工
project planned for last December (not started) was not 应开未开 and the 开工率 was 80.0%
instead of 66.7%. Figures here are counted by hand.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import write_sheets, write_xlsx
from projtrack.cli.app import app
from projtrack.read.labels import section_stage
from projtrack.read.load import load_ledger

HEAD = ["序号", "项目名称", "责任单位", "年度计划投资", "1-6月完成投资", "计划开工时间",
        "实际开工时间"]  # fmt: skip
TITLE = ["某县2024年重点项目推进情况表（1-6月）"]
# As of 2024-06-30.
KEPT_ON = [[1, "甲", "县交通局", 100, 40, "2023.3", "2023.4"]]
NEW = [
    [1, "乙", "县交通局", 200, 50, "2024年3月", "2024年4月"],  # due, started
    [2, "丙", "县教育局", 300, 0, "2023年12月", None],  # due, not started: 6 months overdue
    [3, "丁", "县教育局", 400, 90, "2024年5月", "2024年5月"],  # due, started
    [4, "戊", "县住建局", 500, 0, "2024年9月", None],  # not yet due
]
DONE = [[1, "己", "县住建局", 50, 50, "2022.5", "2022.6"]]


def _sections(*, count: bool = True) -> list[list[Any]]:
    def line(label: str, n: int) -> list[Any]:
        return [None, f"{label}（{n}个）" if count else label]

    return [line("一、续建项目", 1), *KEPT_ON, line("二、新开工项目", 4), *NEW,
            line("三、竣工项目", 1), *DONE]  # fmt: skip


def _json(runner: CliRunner, *args: str) -> Any:
    result = runner.invoke(app, [*args, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_new_starts_come_from_the_new_start_section(tmp_path: Path, runner: CliRunner) -> None:
    path = write_xlsx(tmp_path / "l.xlsx", [TITLE, HEAD, *_sections()])
    frame = load_ledger(path).projects
    assert frame.select("name", "stage").rows() == [
        ("甲", "续建"), ("乙", "新开工"), ("丙", "新开工"), ("丁", "新开工"), ("戊", "新开工"),
        ("己", "竣工")]  # fmt: skip
    data = _json(runner, "starts", str(path), "--by", "responsible")
    # Due: 乙 丙 丁 (戊 in September); started: 乙 丁. Not 乙 丁 alone (planned in 2024).
    assert (data["due"], data["started"]) == (3, 2)
    assert data["start_rate"] == pytest.approx(2 / 3)
    assert data["not_started"] == [
        {"name": "丙", "group": "县教育局", "planned_start": "2023-12-01", "months_overdue": 6}
    ]
    ranked = _json(runner, "rank", str(path), "--by", "stage")
    got = {r["group"]: (r["projects"], r["annual_plan"]) for r in ranked["rows"]}
    assert got == {"续建": (1, 100), "新开工": (4, 1400), "竣工": (1, 50)}


def test_a_sheet_with_a_stage_for_some_sections_only_keeps_no_stage(tmp_path: Path) -> None:
    """一、产业项目 | 二、前期项目: a stage for the 前期 block alone would make every other
    project no new start; the sheet keeps no stage (new starts by planned start, as before)."""
    rows = [TITLE, HEAD, [None, "一、产业项目"], *NEW, [None, "二、前期项目"], *DONE]
    frame = load_ledger(write_xlsx(tmp_path / "l.xlsx", rows)).projects
    assert frame["stage"].to_list() == [None] * 5
    assert frame["category"].to_list() == ["产业项目"] * 4 + ["前期项目"]


def test_a_stage_column_wins_and_the_section_fills_its_blanks(tmp_path: Path) -> None:
    head = [*HEAD, "建设性质"]
    rows = [TITLE, head, [None, "一、新开工项目"],
            [*NEW[0], "续建"], [*NEW[1], None], [None, "二、产业项目"], [*NEW[2], None]]  # fmt: skip
    frame = load_ledger(write_xlsx(tmp_path / "l.xlsx", rows)).projects
    assert frame["stage"].to_list() == ["续建", "新开工", None]


def test_a_sub_section_keeps_its_top_sections_stage(tmp_path: Path) -> None:
    rows = [TITLE, HEAD, [None, "一、新开工项目"], [None, "（一）产业项目"], NEW[0],
            [None, "（二）基础设施项目"], NEW[1], [None, "二、新开工社会事业项目"], NEW[2],
            [None, "三、续建项目"], *KEPT_ON]  # fmt: skip
    frame = load_ledger(write_xlsx(tmp_path / "l.xlsx", rows)).projects
    assert frame.select("stage", "category").rows() == [
        ("新开工", "产业项目"), ("新开工", "基础设施项目"), ("新开工", "新开工社会事业项目"),
        ("续建", "续建项目")]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "stage"),
    [("新开工项目", "新开工"), ("续建项目（5个）", "续建"), ("竣工项目", "竣工"),
     ("前期项目", "前期"), ("2024年计划新开工项目", "新开工"), ("新开工产业项目", "新开工"),
     ("新建项目", "新开工"), ("續建項目", "续建"), ("（二）在建（11项）", "在建"),
     ("产业项目", None), ("基础设施", None), ("省重点项目", None), ("已开工项目", None),
     ("未开工项目", None), ("续建及新开工项目", None), ("新建道路", None)],
)  # fmt: skip
def test_which_section_names_are_stages(name: str, stage: str | None) -> None:
    assert section_stage(name) == stage


def test_sheets_named_for_stages_set_the_stage(tmp_path: Path, runner: CliRunner) -> None:
    path = write_sheets(tmp_path / "s.xlsx", {"续建项目": [TITLE, HEAD, *KEPT_ON],
                                              "新开工项目": [TITLE, HEAD, *NEW]})  # fmt: skip
    frame = load_ledger(path).projects
    assert frame.select("name", "stage", "category").rows() == [
        ("甲", "续建", "续建项目"),
        *((n, "新开工", "新开工项目") for n in "乙丙丁戊"),
    ]
    data = _json(runner, "starts", str(path), "--by", "responsible")
    assert (data["due"], data["started"]) == (3, 2)
