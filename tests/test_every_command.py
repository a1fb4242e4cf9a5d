"""Rules every ledger command keeps: help text, and a clean message on an empty ledger."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app

LEDGER_COMMANDS = ["rank", "check", "brief", "warn", "starts", "problems", "ingest", "woniu",
                   "notices"]  # fmt: skip
ALL_COMMANDS = [*LEDGER_COMMANDS, "init", "history", "trend"]


@pytest.mark.parametrize("command", ALL_COMMANDS)
def test_help(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: ")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in result.stdout)  # a Chinese summary


@pytest.mark.parametrize("command", LEDGER_COMMANDS)
def test_empty_ledger(runner: CliRunner, tidy, command: str) -> None:
    ledger = tidy(["项目名称", "县(市、区)", "年度计划投资", "1-3月完成投资", "计划开工时间"], [])
    result = runner.invoke(app, [command, str(ledger)])
    assert result.exit_code == 1
    assert "ledger.xlsx" in result.stderr
    assert "no sheet holds project rows" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", LEDGER_COMMANDS)
def test_not_a_spreadsheet(runner: CliRunner, tmp_path, command: str) -> None:
    ledger = tmp_path / "photo.xlsx"
    ledger.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    result = runner.invoke(app, [command, str(ledger)])
    assert result.exit_code == 1
    assert "photo.xlsx" in result.stderr and "not a spreadsheet" in result.stderr
