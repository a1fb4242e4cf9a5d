"""``--help`` of every command reads well: metavars, no parser placeholders (``{ledger}``,
``<int range>``, ``<%Y-%m-%d>``, ``[1<=x<=12]``)."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.cli.helptext import plain_help

COMMANDS = ["rank", "check", "brief", "warn", "starts", "problems", "init", "ingest",
            "history", "trend", "lalian", "duibiao", "rutong", "woniu", "notices"]  # fmt: skip
# brief -o documents its own placeholders, {year} … {place}: the only braces allowed.
OUTPUT_PLACEHOLDERS = re.compile(r"\{(?:year|period|label|date|month|place)\}")


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_has_no_placeholder_noise(runner: CliRunner, command: str | None) -> None:
    args = [command, "--help"] if command else ["--help"]
    result = runner.invoke(app, args, prog_name="projtrack")
    assert result.exit_code == 0, result.output
    text = OUTPUT_PLACEHOLDERS.sub("", result.stdout)
    assert "<" not in text and ">" not in text and "{" not in text and "}" not in text, text
    assert "%Y" not in text and "int range" not in text


def test_every_command_is_checked() -> None:
    """A new command's help is checked too: the list is every registered command."""
    assert sorted(COMMANDS) == sorted(str(c.name) for c in app.registered_commands)


@pytest.mark.parametrize(
    ("command", "wanted"),
    [("rank", ["Usage: projtrack rank [OPTIONS] LEDGER", "--as-of YYYY-MM-DD", "--top N",
               "--month 1-12", "--quarter Q1-Q4", "-o, --output FILE", "--by FIELD"]),
     ("brief", ["Usage: projtrack brief [OPTIONS] [LEDGER]", "--week N", "--detail auto|yes|no"]),
     ("ingest", ["--period YYYY-MM", "--year YYYY"]),
     ("init", ["Usage: projtrack init [OPTIONS] [FOLDER]"]),
     ("notices", ["--per responsible|leader", "-o, --output DIR", "--date YYYY-MM-DD"]),
     ("duibiao", ["Usage: projtrack duibiao [OPTIONS] [SERIES]", "--unit NAME"]),
     ("lalian", ["--method METHOD", "--label WORDS"])],
)  # fmt: skip
def test_help_shows_metavars(runner: CliRunner, command: str, wanted: list[str]) -> None:
    text = runner.invoke(app, [command, "--help"], prog_name="projtrack").stdout
    for piece in wanted:
        assert piece in text


def test_plain_help_rewrites_what_the_parser_writes() -> None:
    raw = "Usage: x rank [OPTIONS] {LEDGER}\n\n  LEDGER <file>  text\n  --month 1-12  m.  [1<=x<=12]\n  --top N  [x>=1]"
    assert plain_help(raw) == (
        "Usage: x rank [OPTIONS] LEDGER\n\n  LEDGER         text\n  --month 1-12  m.  [1-12]\n  --top N  [≥1]"
    )


def test_every_option_says_it_in_chinese_first() -> None:
    """Bureau staff read the Chinese word first: every option's and argument's help starts
    with a Chinese word (the English follows), as the commands' own first lines do."""
    from typer.main import get_command

    han = re.compile(r"[\u4e00-\u9fff（]")
    english_first = []
    for command in get_command(app).commands.values():  # type: ignore[attr-defined]
        for param in command.params:
            text = getattr(param, "help", None) or ""
            if text and not han.match(text):
                english_first.append(f"{command.name} {param.name}: {text[:40]}")
    assert not english_first
