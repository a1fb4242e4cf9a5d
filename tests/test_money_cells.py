"""Money cells typed with their own unit, a percentage or a decimal comma: converted into
the column's unit, or reported at their cell — never misread by a factor of 10,000."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.read.values import number_column


@pytest.mark.parametrize(
    ("text", "unit", "value", "bad"),
    [
        ("500元", "万元", 0.05, False),  # 500 元 in a 万元 column is 0.05 万元
        ("50万元", "亿元", 0.005, False),
        ("1.2亿", "万元", 12000.0, False),
        ("约50", "万元", 50.0, False),
        ("1,234.5", "万元", 1234.5, False),
        ("30%", "万元", None, True),  # a rate in a money column
        ("12，5", "万元", None, True),  # a decimal comma, not a thousands separator
        ("2,5,6", "万元", None, True),
        ("1e309", "万元", None, True),  # past any amount
        ("—", "万元", None, False),  # empty
    ],
)  # fmt: skip
def test_amount_cells(text: str, unit: str, value: float | None, bad: bool) -> None:
    values, flags = number_column(pl.Series("x", [text]), unit)
    assert values[0] == (pytest.approx(value) if value is not None else None)
    assert flags[0] is bad


def test_a_ledger_with_typed_units_and_a_rate_cell(runner, tidy) -> None:
    header = ["项目名称", "县(市、区)", "年度计划投资(万元)", "1-3月完成投资(万元)"]
    rows = [
        ["甲", "东区", 1000, "500000元"],
        ["乙", "东区", "2亿", 3000],
        ["丙", "西区", 800, "30%"],
    ]
    path = tidy(header, rows)
    result = runner.invoke(app, ["rank", str(path), "--quarter", "Q1", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["total"]["annual_plan"] == pytest.approx(1000 + 20000 + 800)
    assert data["total"]["completed_ytd"] == pytest.approx(50 + 3000)  # 30% is not an amount
    bad = [w for w in data["warnings"] if w["code"] == "not_a_number"]
    assert [w["where"] for w in bad] == ["Sheet1!D6"] and "30%" in bad[0]["message"]


@pytest.mark.parametrize(
    ("cell", "read", "noted"),
    [("37390（含调增1000）", 37390.0, True), ("5000(其中中央资金2000万元)", 5000.0, True),
     ("3000（调整后）", 3000.0, True), ("0.5（亿元）", 5000.0, False),
     ("1000（调整为1500）", None, False), ('"1,200"', 1200.0, False)],
)  # fmt: skip
def test_a_figure_with_a_note_beside_it(
    runner: CliRunner, tmp_path: Path, cell: str, read: float | None, noted: bool
) -> None:
    """A plan with a note in brackets was read as empty; a note that does not change the
    figure is read as the figure and said, one with another figure stays unread."""
    path = tmp_path / "台账.csv"
    path.write_text("序号,项目名称,责任单位,2026年计划投资（万元）,1-10月完成投资（万元）\n"
                    f"1,甲,城关镇,{cell},100\n2,乙,新华镇,800,400\n", encoding="utf-8")  # fmt: skip
    data = json.loads(runner.invoke(app, ["rank", str(path), "-f", "json"]).stdout)
    assert data["total"]["annual_plan"] == (read or 0) + 800
    codes = {w["code"] for w in data["warnings"] if w["where"] == f"{path.stem}!D2"}
    assert ("amount_note" in codes) == noted
    assert ("not_a_number" in codes) == (read is None)
