"""Malformed projtrack.toml shapes: a message naming the key, exit 2, never an internal error."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app

CASES = [
    ("[lists]\nweights = {completion_rate = nan}", "lists.weights.completion_rate must be a positive number, got nan"),
    ("[lists]\nweights = {completion_rate = inf}", "lists.weights.completion_rate must be a positive number, got inf"),
    ("[store]\nlock_timeout = nan", "store.lock_timeout must be a finite number, got nan"),
    ("[store]\nlock_timeout = inf", "store.lock_timeout must be a finite number, got inf"),
    ("[warnings]\nprogress_red_pp = inf", "warnings.progress_red_pp must be a finite number, got inf"),
    ("[warnings]\nprogress_yellow_pp = -nan", "warnings.progress_yellow_pp must be a finite number"),
    ("columns = \"x\"", "[columns] must be a table of lines such as"),
    ("columns = [1]", "[columns] must be a table of lines such as"),
    ("aliases = 5", "[aliases] must be a table of lines such as"),
    ("aliases = [1]", "[aliases] must be a table of lines such as"),
    ("[columns]\n\"项目\" = [\"name\"]", "columns.项目 = ['name'] is not a field"),
    ("lists = [1, 2]", "[lists] must be a table"),
    ("[lists]\nexempt = 5", "lists.exempt entries are { unit = \"…\", reason = \"…\" }, in a list, got 5"),
    ("[lists]\nexempt = [{unit = 5, reason = \"x\"}]", "lists.exempt entries are"),
    ("[lists]\nexempt = [{unit = [\"a\"], reason = \"x\"}]", "lists.exempt entries are"),
    ("[lists]\nsequences = [{name = 5, members = [\"a\"]}]", "lists.sequences entries are"),
    ("[lists]\ntop_n = [3]", "lists.top_n must be int, got [3]"),
    ("[lists]\ntop_n = 100000000000000000", "lists.top_n must be 1-10000"),
    ("[warnings]\nstats_red_months = 100000000000000000000", "warnings.stats_red_months must be 0-120"),
    ("[warnings]\nstart_red_months = 99999999999", "warnings.start_red_months must be 1-120"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "message"), CASES)
@pytest.mark.parametrize("command", ["rank", "warn"])
def test_malformed_config_is_a_usage_error(
    runner: CliRunner, example: Path, tmp_path: Path, text: str, message: str, command: str
) -> None:
    cfg = tmp_path / "projtrack.toml"
    cfg.write_text(text + "\n", encoding="utf-8")
    result = runner.invoke(app, [command, str(example), "--config", str(cfg)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"错误 Error: {cfg}: ")
    assert message in result.stderr
    assert "Internal error" not in result.stderr
