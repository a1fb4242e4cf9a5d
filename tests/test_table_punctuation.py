"""Titles and notes of rank and the table commands follow ``[general] punctuation`` (SPEC §4).

Full-width by default, as the briefing; ``"half"`` keeps ,;:() everywhere. Column titles
follow it too (年度计划投资（万元）, SPEC §4) except in CSV, whose headers scripts read by
name; cells keep the ledger's own marks, JSON is never restyled.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app

COMMANDS = ["rank", "warn", "starts", "problems"]


def run(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def prose(text: str) -> list[str]:
    """The lines of Markdown that are titles or notes, not table rows."""
    return [line for line in text.splitlines() if line and not line.startswith("|")]


@pytest.mark.parametrize("command", COMMANDS)
def test_full_width_by_default_half_on_request(
    runner: CliRunner, example: Path, tmp_path: Path, command: str
) -> None:
    full = prose(run(runner, command, str(example), "-f", "md"))
    assert full and all(not any(m in line for m in "(),;:") for line in full[1:]), full
    assert any("（" in line or "，" in line or "：" in line for line in full)
    config = tmp_path / "half.toml"
    config.write_text('[general]\npunctuation = "half"\n', encoding="utf-8")
    half = prose(run(runner, command, str(example), "-f", "md", "--config", str(config)))
    assert not any(m in line for line in half for m in "（），；：")
    assert len(half) == len(full)


def test_column_titles_follow_the_style_csv_and_json_keep_their_marks(
    runner: CliRunner, example: Path, tmp_path: Path
) -> None:
    config = tmp_path / "half.toml"
    config.write_text('[general]\npunctuation = "half"\n', encoding="utf-8")
    md = run(runner, "rank", str(example), "-f", "md")
    assert "| 年度计划投资（万元） |" in md and "| 较时序进度（百分点） |" in md
    assert "| 年度计划投资(万元) |" in run(runner, "rank", str(example), "-f", "md",
                                         "--config", str(config))  # fmt: skip
    assert "年度计划投资（万元）" in run(runner, "rank", str(example))  # the terminal table
    assert "逾期（月）" in run(runner, "starts", str(example), "-f", "md")
    assert "年度计划投资(万元)" in run(runner, "rank", str(example), "-f", "csv").splitlines()[0]
    assert "逾期(月)" in run(runner, "starts", str(example), "-f", "csv").splitlines()[0]
    for command in COMMANDS:
        default = run(runner, command, str(example), "-f", "json")
        assert run(runner, command, str(example), "-f", "json", "--config", str(config)) == default
