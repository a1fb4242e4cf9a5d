"""CSV cells written ="…" (web-platform exports) and required columns without numbers."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from conftest import write_csv
from projtrack.cli.app import app

HEAD = ["序号", "项目名称", "县(市、区)", "年度计划投资（万元）", "1-6月完成投资（万元）"]
PROJECTS = [("甲项目", "旌阳区", 35188.5, 17892.6), ("乙项目", "中江县", 46693.2, 18862.3),
            ("丙项目", "旌阳区", 6118.1, 1214.1)]  # fmt: skip


def test_equals_quoted_numbers_are_numbers(runner: CliRunner, tmp_path: Path) -> None:
    rows = [["2024年重点项目推进情况表（1-6月）"], HEAD]
    rows += [[i + 1, f'="{n}"', r, f'="{p}"', f"\t{d}"] for i, (n, r, p, d) in enumerate(PROJECTS)]
    result = runner.invoke(app, ["rank", str(write_csv(tmp_path / "p.csv", rows)), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    plan, done = sum(p[2] for p in PROJECTS), sum(p[3] for p in PROJECTS)
    assert abs(data["total"]["annual_plan"] - plan) < 1e-6
    assert abs(data["total"]["completed_ytd"] - done) < 1e-6
    assert {r["group"] for r in data["rows"]} == {"旌阳区", "中江县"}
    assert not [w for w in data["warnings"] if w["code"] == "not_a_number"]


def test_a_plan_column_without_any_number_stops(runner: CliRunner, tmp_path: Path) -> None:
    for plan in ("待定", ""):
        rows = [["2024年重点项目推进情况表（1-6月）"], HEAD]
        rows += [[i + 1, n, r, plan, d] for i, (n, r, _, d) in enumerate(PROJECTS)]
        path = write_csv(tmp_path / "p.csv", rows)
        result = runner.invoke(app, ["rank", str(path), "-f", "json"])
        assert result.exit_code == 1 and result.stdout == ""
        message = " ".join(result.stderr.split())
        assert "no usable number" in message and "p!D2" in message, message
        assert ("待定" in message) == (plan == "待定")


def test_a_completion_column_of_text_stops(runner: CliRunner, tmp_path: Path) -> None:
    rows = [["2024年重点项目推进情况表（1-6月）"], HEAD]
    rows += [[i + 1, n, r, p, "已完成"] for i, (n, r, p, _) in enumerate(PROJECTS)]
    result = runner.invoke(app, ["rank", str(write_csv(tmp_path / "p.csv", rows))])
    assert result.exit_code == 1
    assert "no usable number" in result.stderr and "p!E2" in " ".join(result.stderr.split())
