"""A workbook whose name says another format (an .xlsx renamed .xls for an upload form, an
.xls saved under .xlsx, an .ods named .xlsx) is read by its content, with the same figures,
and messages still name the file the user gave."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app


def rank_json(runner: CliRunner, path: Path) -> dict:
    result = runner.invoke(app, ["rank", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    data.pop("source", None)  # names the file
    return data


def _workbooks(tmp_path: Path) -> dict[str, Path]:
    import corpus

    sheets = [corpus.Sheet("Sheet1", [["项目名称", "县(市、区)", "2024年计划投资", "1-6月完成投资"],
                                      ["甲项目", "东区", 100, 40], ["乙项目", "西区", 200, 90],
                                      ["丙项目", "东区", 300, 150]])]  # fmt: skip
    out = {}
    for kind, write in (("xlsx", corpus.write_xlsx), ("xls", corpus.write_xls),
                        ("ods", corpus.write_ods)):  # fmt: skip
        out[kind] = write(sheets, tmp_path / f"right.{kind}") or tmp_path / f"right.{kind}"
    return out


@pytest.mark.parametrize(("kind", "named"), [("xlsx", ".xls"), ("xlsx", ".ods"),
                                             ("xls", ".xlsx"), ("ods", ".xlsx")])  # fmt: skip
def test_read_by_content(runner: CliRunner, tmp_path: Path, kind: str, named: str) -> None:
    right = _workbooks(tmp_path)[kind]
    wrong = tmp_path / f"2024年6月台账{named}"
    wrong.write_bytes(right.read_bytes())
    got = rank_json(runner, wrong)
    assert got == rank_json(runner, right)
    assert got["total"]["annual_plan"] == 600 and got["total"]["completed_ytd"] == 280
    assert wrong.read_bytes() == right.read_bytes()  # the input is never touched


def test_a_damaged_misnamed_file_names_the_user_s_file(runner: CliRunner, tmp_path: Path) -> None:
    right = _workbooks(tmp_path)["xlsx"]
    cut = tmp_path / "上报.xls"
    cut.write_bytes(right.read_bytes()[:3000])
    result = runner.invoke(app, ["rank", str(cut)])
    assert result.exit_code == 1
    assert "上报.xls" in result.output and "ledger.xlsx" not in result.output
