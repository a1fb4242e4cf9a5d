"""A section of the level's own departments (四、县直部门（3个）, 三、市本级) is its projects' unit.

Found by a tester: a county ledger grouped by town sections (一、东河镇 … 三、旺苍经开区) ended in
`四、县直部门（3个）`; its projects were ranked under 未填写 (the section was read as a
category) while the ledger names their unit — the county's own departments, ranked as one
unit as a 市本级 sheet is beside county sheets. Figures are counted by hand.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import write_xlsx
from projtrack.cli.app import app
from projtrack.read.labels import section_role
from projtrack.read.load import load_ledger

TITLE = ["某县2024年8月重点项目推进情况表"]
HEAD = ["序号", "项目名称", "责任单位", "年度计划投资", "1-8月完成投资"]
TOWN_A = [[1, "甲", "东河镇人民政府", 2000, 1500], [2, "乙", "东河镇人民政府", 1800, 300]]
TOWN_B = [[1, "丙", "嘉川镇人民政府", 3000, 2300]]
OWN = [[1, "丁", "县卫生健康局", 3500, 2900], [2, "戊", "县住房和城乡建设局", 6000, 2100],
       [3, "己", "县交通运输局", 12000, 6900]]  # fmt: skip


def _rows(own: str) -> list[list[Any]]:
    return [TITLE, HEAD, ["一", "东河镇（2个）"], *TOWN_A, ["二", "嘉川镇（1个）"], *TOWN_B,
            ["三", f"{own}（3个）"], *OWN]  # fmt: skip


@pytest.mark.parametrize("own", ["县直部门", "县直单位", "县本级"])
def test_the_own_departments_section_is_a_unit(tmp_path: Path, runner: CliRunner, own: str) -> None:
    path = write_xlsx(tmp_path / "l.xlsx", _rows(own))
    ledger = load_ledger(path)
    assert ledger.projects["region"].to_list() == ["东河镇"] * 2 + ["嘉川镇"] + [own] * 3
    assert not [f for f in ledger.findings if f.code == "group_blank"]
    result = runner.invoke(app, ["rank", str(path), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    rows = {r["group"]: (r["projects"], r["annual_plan"], r["completed_ytd"])
            for r in json.loads(result.stdout)["rows"]}  # fmt: skip
    assert rows == {"东河镇": (2, 3800, 1800), "嘉川镇": (1, 3000, 2300), own: (3, 21500, 11900)}
    # Its towns are still called 乡镇: the own unit is no county among them.
    table = runner.invoke(app, ["rank", str(path)]).stdout
    assert "按乡镇" in table


def test_the_own_unit_section_wins_over_the_cell_saying_where_it_is_built(
    tmp_path: Path,
) -> None:
    """一、旌阳区 | 二、市本级 on a city's sheet with a 所在县 column: 市本级's projects stand in
    旌阳区 and are answered for by the city's departments, as on a 市本级 sheet."""
    head = ["序号", "项目名称", "所在县（市、区）", "年度计划投资", "1-8月完成投资"]
    rows = [TITLE, head, ["一", "旌阳区"], [1, "甲", "旌阳区", 100, 50],
            ["二", "罗江区"], [1, "乙", "罗江区", 200, 60],
            ["三", "市直部门"], [1, "丙", "旌阳区", 300, 70], [2, "丁", None, 400, 80]]  # fmt: skip
    frame = load_ledger(write_xlsx(tmp_path / "c.xlsx", rows)).projects
    assert frame["region"].to_list() == ["旌阳区", "罗江区", "市直部门", "市直部门"]


def test_among_department_sections_it_stays_a_heading(tmp_path: Path) -> None:
    """一、县住建局 | 二、县交通运输局 | 三、县直部门: departments beside it, no places; it is
    no county to rank alone (its category, as before)."""
    head = ["序号", "项目名称", "年度计划投资", "1-8月完成投资"]
    rows = [TITLE, head, ["一", "县住建局"], [1, "甲", 100, 50], ["二", "县交通运输局"],
            [1, "乙", 200, 60], ["三", "县直部门"], [1, "丙", 300, 70]]  # fmt: skip
    frame = load_ledger(write_xlsx(tmp_path / "d.xlsx", rows)).projects
    assert frame.select("region", "responsible").rows() == [
        (None, "县住建局"), (None, "县交通运输局"), (None, None)]  # fmt: skip
    assert frame["category"].to_list()[2] == "县直部门"


@pytest.mark.parametrize("name", ["县直部门", "县直单位", "市直部门", "区直单位", "市本级"])
def test_own_level_names_are_regions(name: str) -> None:
    assert section_role(name) == ("region", name)
