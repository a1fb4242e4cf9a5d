"""Every error reads ``错误 Error: …`` on stderr: the option parser's too, without its
jargon (``Value error,``, ``Input should be …``, ``%Y-%m-%d``), exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app

CASES = [
    (["--as-of", "2024-13-01"], "--as-of: '2024-13-01' is not a date YYYY-MM-DD"),
    (["--top", "0"], "--top: must be at least 1"),
    (["--top", "x"], "--top: must be a whole number"),
    (["--month", "13"], "--month: must be at most 12"),
    (["--by", "x"], "--by: 'x' is not one of: 'region', 'level', 'responsible', 'category', 'stage'"),
    (["-f", "x"], "--format: 'x' is not one of: 'table', 'md', 'csv', 'json'"),
    (["--quarter", "Q5"], "--quarter must be Q1, Q2, Q3 or Q4, got 'Q5'"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "message"), CASES)
def test_bad_options_read_like_every_other_error(
    runner: CliRunner, example: Path, args: list[str], message: str
) -> None:
    result = runner.invoke(app, ["rank", str(example), *args])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"错误 Error: {message}")
    for jargon in ("Value error", "Input should", "%Y", "Usage:", "Invalid value"):
        assert jargon not in result.stderr


def test_a_parser_error_says_where_the_options_are(runner: CliRunner, example: Path) -> None:
    result = runner.invoke(app, ["rank", str(example), "--nope"], prog_name="projtrack")
    assert result.exit_code == 2
    assert result.stderr == (
        "错误 Error: No such option: --nope (Possible options: --store, --top) "
        "(see projtrack rank --help)\n"
    )
    brief = runner.invoke(app, ["brief", str(example), "--detail", "maybe"])
    assert brief.exit_code == 2
    assert "错误 Error: --detail: use auto, yes or no (see " in brief.stderr
