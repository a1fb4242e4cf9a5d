"""Every error reads ``错误 Error: …`` on stderr: the option parser's too, without its
jargon (``Value error,``, ``Input should be …``, ``%Y-%m-%d``), exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app

CASES = [
    (["--as-of", "2024-13-01"], "--as-of 的“2024-13-01”不是日期（应为 YYYY-MM-DD）",
     "--as-of: '2024-13-01' is not a date YYYY-MM-DD"),
    (["--top", "0"], "--top 不能小于 1", "--top: must be at least 1"),
    (["--top", "x"], "--top 须为整数", "--top: must be a whole number"),
    (["--month", "13"], "--month 不能大于 12", "--month: must be at most 12"),
    (["--by", "x"], "--by 不能是“x”，可选：region、level、responsible、category、stage",
     "--by: 'x' is not one of: 'region', 'level', 'responsible', 'category', 'stage'"),
    (["-f", "x"], "--format 不能是“x”，可选：table、md、csv、json",
     "--format: 'x' is not one of: 'table', 'md', 'csv', 'json'"),
    (["--quarter", "Q5"], "", "--quarter must be Q1, Q2, Q3 or Q4, got 'Q5'"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "chinese", "message"), CASES)
def test_bad_options_read_like_every_other_error(
    runner: CliRunner, example: Path, args: list[str], chinese: str, message: str
) -> None:
    """Said in Chinese first where the parser's message is a common one, the English after."""
    result = runner.invoke(app, ["rank", str(example), *args])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"错误 Error: {chinese or message}")
    assert message in lines[0]
    for jargon in ("Value error", "Input should", "%Y", "Usage:", "Invalid value"):
        assert jargon not in result.stderr


def test_a_parser_error_says_where_the_options_are(runner: CliRunner, example: Path) -> None:
    result = runner.invoke(app, ["rank", str(example), "--nope"], prog_name="projtrack")
    assert result.exit_code == 2
    assert result.stderr == (
        "错误 Error: 没有选项 --nope（是否为 --store、--top？）（用法见 projtrack rank --help）"
        "(No such option: --nope (Possible options: --store, --top))\n"
    )
    brief = runner.invoke(app, ["brief", str(example), "--detail", "maybe"])
    assert brief.exit_code == 2
    assert "错误 Error: --detail: use auto, yes or no (see " in brief.stderr


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["rank"], "错误 Error: 缺少参数 LEDGER（用法见 projtrack rank --help）"),
        (["rnak"], "错误 Error: 没有命令 rnak（是否为 rank？）（用法见 projtrack --help）"),
        (
            ["rank", "a.xlsx"],
            "错误 Error: 找不到文件“a.xlsx”（LEDGER）（用法见 projtrack rank --help）",
        ),
    ],
)
def test_a_missing_argument_or_a_typo_is_said_in_chinese(
    runner: CliRunner, args: list[str], said: str
) -> None:
    result = runner.invoke(app, args, prog_name="projtrack")
    assert result.exit_code == 2
    assert result.stderr.startswith(said), result.stderr


def test_an_extra_argument_is_said_in_chinese(runner: CliRunner, example: Path) -> None:
    result = runner.invoke(app, ["rank", str(example), "b.xlsx"], prog_name="projtrack")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "错误 Error: 多余的参数：b.xlsx（用法见 projtrack rank --help）"
    )
