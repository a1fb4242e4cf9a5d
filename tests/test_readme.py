"""README.md stays true: every command and option is documented, the set-up commands are
the ones CI runs, and the sessions that can be checked byte for byte are."""

from __future__ import annotations

import json
import re
import shlex
import tomllib
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from projtrack.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
CI_RUN = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
EXAMPLE_REL = "examples/zhongjiang_2024_q1.xlsx"
EXAMPLE = ROOT / EXAMPLE_REL
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def help_text(*args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--help"])
    assert result.exit_code == 0, result.output
    return result.stdout


def long_options(*args: str) -> set[str]:
    return set(re.findall(r"--[a-z][a-z-]*", help_text(*args)))


def console_sessions() -> list[tuple[str, str]]:
    """(command line without "$ ", the output below it) for each command of a console block."""
    sessions = []
    for lang, body in FENCE.findall(README):
        if lang != "console":
            continue
        lines = body.rstrip("\n").split("\n")
        starts = [i for i, line in enumerate(lines) if line.startswith("$ ")]
        for k, i in enumerate(starts):
            end = starts[k + 1] if k + 1 < len(starts) else len(lines)
            output = lines[i + 1 : end]
            sessions.append((lines[i][2:], "\n".join(output) + "\n" if output else ""))
    return sessions


def test_the_commands_are_the_ones_checked() -> None:
    assert COMMANDS == sorted(
        ["rank", "check", "brief", "warn", "starts", "problems", "init", "ingest", "history",
         "trend"]
    )  # fmt: skip


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_a_heading(name: str) -> None:
    assert re.search(rf"^### `projtrack {name}`", README, re.MULTILINE), (
        f"README.md has no '### `projtrack {name}`' heading"
    )


@pytest.mark.parametrize("name", [None, *COMMANDS])
def test_every_long_option_is_documented(name: str | None) -> None:
    options = long_options(*([name] if name else []))
    assert options, "no options parsed from --help"
    missing = sorted(o for o in options if not re.search(rf"{re.escape(o)}(?![a-z-])", README))
    assert missing == [], f"projtrack {name or ''} options missing from README.md: {missing}"


def test_setup_block_is_what_ci_runs() -> None:
    lang, body = FENCE.findall(README)[0]
    assert lang == "bash"
    install, checks = body.rstrip("\n").split("\n")
    assert README.splitlines()[0] == "# projtrack — 重点项目台账分析"
    assert install == (
        "python3 -m venv .venv && . .venv/bin/activate && pip install . && "
        f"projtrack rank {EXAMPLE_REL}"
    )
    assert EXAMPLE.is_file()
    # CI's smoke test installs without the extra and ranks the same example.
    assert re.search(r"pip install -q \.$", CI_RUN, re.MULTILINE)
    assert f"projtrack rank {EXAMPLE_REL}" in CI_RUN
    # The README's test command is exactly CI's last command.
    commands = [
        line.strip()
        for line in CI_RUN.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert commands[-1] == checks
    assert checks.startswith("pip install -e '.[test]' && ")


def test_rank_markdown_session_is_real(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    shown = [(cmd, out) for cmd, out in console_sessions()
             if cmd.startswith("projtrack rank ") and "--format md" in cmd]  # fmt: skip
    assert shown, "README.md shows no `projtrack rank … --format md` session"
    monkeypatch.chdir(tmp_path)  # no projtrack.toml, no snapshot store
    for command, expected in shown:
        args = shlex.split(command)[1:]
        args = [str(EXAMPLE) if a == EXAMPLE_REL else a for a in args]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        assert result.stdout == expected, f"README.md session differs: {command}"


def test_sessions_use_real_commands_and_options() -> None:
    """Every `$ projtrack …` line shown names a command and options that exist."""
    known = {name: long_options(name) for name in COMMANDS}
    known_global = long_options()
    for command, _ in console_sessions():
        words = shlex.split(command.split("  #")[0])
        if words[0] != "projtrack":
            continue
        name = words[1]
        if name.startswith("--"):
            assert name in known_global, command
            continue
        assert name in known, f"unknown command in README.md: {command}"
        used = {w for w in words[2:] if w.startswith("--")}
        assert used <= known[name], f"unknown option in README.md: {command}"


def test_rank_json_keys_are_documented(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["rank", str(EXAMPLE), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    keys = {*data, *data["total"], *data["rows"][0], *data["source"]}
    keys |= {"prev_rank", "rank_change", "rate_change_pp", "variance_change_pp", "previous",
             "year_ago", "code", "where", "message"}  # fmt: skip
    missing = sorted(k for k in keys if f"`{k}`" not in README)
    assert missing == [], f"JSON keys missing from README.md: {missing}"


def test_every_configuration_key_is_documented() -> None:
    template = tomllib.loads(
        (ROOT / "src" / "projtrack" / "templates" / "projtrack.toml").read_text(encoding="utf-8")
    )
    for section, table in template.items():
        assert f"`[{section}]`" in README, f"[{section}] missing from README.md"
        for key in table:
            assert f"`{key}`" in README, f"{section}.{key} missing from README.md"


def test_every_module_is_in_the_code_layout() -> None:
    src = Path(__file__).resolve().parents[1] / "src" / "projtrack"
    text = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    missing = [p.name for p in sorted(src.rglob("*.py")) if p.name not in text]
    assert missing == []
