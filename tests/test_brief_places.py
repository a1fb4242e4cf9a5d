"""A briefing's place, scope word and group word from the ledger as bureaus write it:
titles with a period or level between the year and 重点 (1-12月市重点, 2025年1月), a
county's workbook with one sheet per town (乡镇, not 县（市、区）), and a county ledger in
续建/新开工 and 产业/基础设施 sections with no unit column (briefed by its sections)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from conftest import write_xlsx
from projtrack.cli.app import app

HEADER = ["序号", "项目名称", "县（市、区）", "年度计划投资（万元）", "1-12月完成投资（万元）"]


def _brief(runner: CliRunner, path: Path, *args: str) -> list[str]:
    result = runner.invoke(app, ["brief", str(path), *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()


def _line(lines: list[str], start: str) -> str:
    return next(line for line in lines if line.startswith(start))


@pytest.mark.parametrize(
    ("title", "heading", "lead"),
    [
        ("达州市2024年1-12月市重点项目推进情况", "# 达州市2024年全年重点项目推进情况",
         "全年，全市4个重点项目"),
        ("宣汉县2024年1-12月县重点项目推进情况表", "# 宣汉县2024年全年重点项目推进情况",
         "全年，全县4个重点项目"),
        ("广元市2024年市级重点项目投资完成情况表（1-12月）", "# 广元市2024年全年重点项目推进情况",
         "全年，全市4个重点项目"),
        ("巴中市2024年全年重大项目推进情况表", "# 巴中市2024年全年重点项目推进情况",
         "全年，全市4个重点项目"),
        ("2024年1-12月重点项目推进情况", "# 2024年全年重点项目推进情况", "全年，4个重点项目"),
    ],
)  # fmt: skip
def test_title_place_and_scope_word(
    tmp_path: Path, runner: CliRunner, title: str, heading: str, lead: str
) -> None:
    rows = [[1, "甲", "通川区", 100, 90], [2, "乙", "通川区", 100, 100],
            [3, "丙", "达川区", 200, 150], [4, "丁", "宣汉县", 100, 80]]  # fmt: skip
    path = write_xlsx(tmp_path / "l.xlsx", [[title], HEADER, *rows])
    lines = _brief(runner, path)
    assert _line(lines, "# ") == heading
    assert _line(lines, "全年，").startswith(lead + "累计完成投资")


def test_a_january_ledger_is_the_countys(tmp_path: Path, runner: CliRunner) -> None:
    header = ["序号", "项目名称", "责任单位", "年度计划投资", "1月完成投资"]
    rows = [[1, "甲", "县住建局", 1200, 100], [2, "乙", "县交通局", 2400, 200]]
    path = write_xlsx(tmp_path / "l.xlsx", [["剑阁县2025年1月重点项目推进情况表"], header, *rows])
    lines = _brief(runner, path)
    assert _line(lines, "# ") == "# 剑阁县2025年1月重点项目推进情况"
    assert _line(lines, "1月，").startswith("1月，全县2个重点项目累计完成投资")


def _workbook(path: Path, sheets: Sequence[tuple[str, str, Sequence[Sequence[Any]]]]) -> Path:
    """Sheets (name, title, rows) without a region column: the sheet names the group."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, title, rows in sheets:
        ws = wb.create_sheet(name)
        ws.append([title])
        ws.append(["序号", "项目名称", "年度计划投资", "1-9月完成投资"])
        for row in rows:
            ws.append(list(row))
    wb.save(path)
    return path


TOWNS = [("陵江镇", [[1, "陵江镇污水厂", 4600, 3650]]),
         ("2.元坝镇（2个）", [[1, "元坝镇老街", 2000, 1400], [2, "元坝镇园区", 1900, 1280]]),
         ("东青镇", [[1, "东青镇道路", 8300, 2710]])]  # fmt: skip


def test_sheets_named_for_towns_are_ranked_as_towns(tmp_path: Path, runner: CliRunner) -> None:
    sheets = [(n, f"苍溪县{n}2024年前三季度重点项目推进情况表", r) for n, r in TOWNS]
    lines = _brief(runner, _workbook(tmp_path / "towns.xlsx", sheets))
    assert _line(lines, "# ") == "# 苍溪县2024年前三季度重点项目推进情况"
    assert _line(lines, "## 二、") == "## 二、前三季度重点项目投资完成情况排名（按乡镇）"
    assert _line(lines, "按") == "按乡镇排名，陵江镇进入红榜；东青镇列入黑榜。"  # 3 towns: 1 and 1
    assert _line(lines, "| 排名 |").startswith("| 排名 | 乡镇 | 项目数 |")
    assert "县（市、区）" not in "\n".join(lines)


def test_sheets_named_for_counties_stay_counties(tmp_path: Path, runner: CliRunner) -> None:
    counties = ["旌阳区", "罗江区", "中江县"]
    sheets = [(c, f"{c}2024年1-9月重点项目推进情况表", r)
              for c, (_, r) in zip(counties, TOWNS, strict=True)]  # fmt: skip
    lines = _brief(runner, _workbook(tmp_path / "counties.xlsx", sheets))
    assert _line(lines, "按") == "按县（市、区）排名，旌阳区进入红榜；中江县列入黑榜。"
    assert _line(lines, "| 排名 |").startswith("| 排名 | 县（市、区） | 项目数 |")


SECTIONS = [["", "全县合计（4个）", "", 26000, 11900],
            ["", "一、续建项目", "", 10000, 5500],
            ["", "（一）产业项目", "", 5000, 2600], [1, "黄羊产业园", "续建", 5000, 2600],
            ["", "（二）基础设施项目", "", 5000, 2900], [2, "城市供水二期", "续建", 5000, 2900],
            ["", "二、新开工项目", "", 16000, 6400],
            ["", "（一）产业项目", "", 10000, 2500], [3, "石墨新材料项目", "新开工", 10000, 2500],
            ["", "（二）社会事业项目", "", 6000, 3900], [4, "人民医院新院区", "新开工", 6000, 3900]]  # fmt: skip


def test_a_ledger_without_units_is_briefed_by_its_sections(
    tmp_path: Path, runner: CliRunner
) -> None:
    header = ["序号", "项目名称", "建设性质", "年度计划投资", "1-6月完成投资"]
    path = write_xlsx(tmp_path / "l.xlsx", [["南江县2024年重点项目推进情况表"], header, *SECTIONS])
    lines = _brief(runner, path)
    assert _line(lines, "上半年，").startswith("上半年，全县4个重点项目")
    assert _line(lines, "## 二、") == "## 二、上半年重点项目投资完成情况排名（按项目类别）"
    assert (
        _line(lines, "按")
        == "按项目类别排名，社会事业项目进入红榜；产业项目列入黑榜。"  # 3 kinds: 1 and 1
    )
    # rank prints a ranking only: it still asks which grouping
    result = runner.invoke(app, ["rank", str(path)])
    assert result.exit_code == 2
    assert "choose --by category or --by stage" in result.stderr


def test_a_ledger_with_stages_only_is_briefed_by_stage(tmp_path: Path, runner: CliRunner) -> None:
    header = ["序号", "项目名称", "建设性质", "年度计划投资", "1-6月完成投资"]
    rows = [[1, "甲", "续建", 1000, 600], [2, "乙", "新开工", 1000, 300]]
    path = write_xlsx(tmp_path / "l.xlsx", [["南江县2024年重点项目推进情况表"], header, *rows])
    lines = _brief(runner, path)
    assert _line(lines, "## 二、") == "## 二、上半年重点项目投资完成情况排名（按建设性质）"
    assert _line(lines, "按") == "按建设性质排名，续建进入红榜；新开工列入黑榜。"


def test_the_workbooks_detail_calls_town_sheets_towns(tmp_path: Path, runner: CliRunner) -> None:
    sheets = [(n, f"苍溪县{n}2024年前三季度重点项目推进情况表", r) for n, r in TOWNS]
    ledger = _workbook(tmp_path / "towns.xlsx", sheets)
    out = tmp_path / "brief.xlsx"
    result = runner.invoke(app, ["brief", str(ledger), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    detail = openpyxl.load_workbook(out)["明细"]
    heads = [c.value for row in detail.iter_rows(max_row=6) for c in row if c.value]
    assert heads[1:4] == ["序号", "项目名称", "乡镇"]
