"""Start-up: ``--help`` of every command imports neither Polars nor pydantic (the data
libraries load only when a command runs), and the console script leaves without the
interpreter's teardown after flushing everything it printed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app

COMMANDS = sorted(c.name for c in app.registered_commands if c.name)
HEAVY = ("polars", "pydantic", "fastexcel", "rich", "jinja2", "xlsxwriter", "docx", "opencc")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "100"}
    return subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "projtrack", *args],
        capture_output=True, text=True, encoding="utf-8", env=env, cwd=cwd, check=False,
    )  # fmt: skip


def imported(stderr: str) -> set[str]:
    """Top-level packages named in ``-X importtime``'s report."""
    return {
        line.rsplit("|", 1)[1].strip().split(".")[0]
        for line in stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


def test_the_commands_are_all_here() -> None:
    assert len(COMMANDS) >= 15 and {"rank", "trend", "brief", "warn"} <= set(COMMANDS)


@pytest.mark.parametrize("args", [[], *([c] for c in COMMANDS)], ids=lambda a: " ".join(a) or "app")
def test_help_imports_no_data_library(args: list[str]) -> None:
    result = run(*args, "--help")
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("Usage: "), result.stdout[:200]
    names = imported(result.stderr)
    assert "projtrack" in names and "typer" in names  # the report is there
    assert names.isdisjoint(HEAVY), sorted(names & set(HEAVY))


def test_version_imports_no_data_library() -> None:
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("projtrack ")
    assert imported(result.stderr).isdisjoint(HEAVY)


def test_the_console_script_prints_everything_and_keeps_its_exit_code(
    runner: CliRunner, example: Path, tmp_path: Path
) -> None:
    expected = runner.invoke(app, ["warn", str(example), "--format", "json"])
    assert expected.exit_code == 0
    result = run("warn", str(example), "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout == expected.stdout  # every byte flushed before the process ends
    missing = run("rank", str(tmp_path / "missing.xlsx"), cwd=tmp_path)
    assert missing.returncode == 2
    assert "missing.xlsx" in missing.stderr and "does not exist" in missing.stderr
    empty = run("trend", "--store", str(tmp_path / "none"), cwd=tmp_path)
    assert empty.returncode == 3 and "请先运行 projtrack ingest" in empty.stderr
    written = run("rank", str(example), "-o", "排名.csv", cwd=tmp_path)
    assert written.returncode == 0 and "已写入 Wrote 排名.csv" in written.stderr
    assert (tmp_path / "排名.csv").read_text("utf-8-sig").startswith("排名,")


def test_a_run_with_plain_options_imports_no_pydantic(example: Path, tmp_path: Path) -> None:
    """Text, choices, paths and whole numbers are checked without pydantic (cli/params.py)."""
    args = ("rank", str(example), "--by", "level", "--top", "2", "-f", "json", "-o", "r.json")
    result = run(*args, "--convention", "day", "--store", "store", cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "pydantic" not in imported(result.stderr)
    assert (tmp_path / "r.json").read_text("utf-8").startswith('{\n  "as_of": "2024-03-31"')
    dated = run("rank", str(example), "--as-of", "2024-03-15", "-f", "json", cwd=tmp_path)
    assert dated.returncode == 0 and '"as_of": "2024-03-15"' in dated.stdout  # typer's check


def test_the_head_start_imports_no_data_library() -> None:
    """The parse starts before Polars is imported, so that the two overlap: what the console
    script imports to start it (``read/workbook.py`` and the workbook scans) loads no Polars.
    (A scan that imported Polars once made every large ledger 0.4 s slower.)"""
    code = "import projtrack.read.workbook"
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    names = imported(result.stderr)
    assert "projtrack" in names
    assert names.isdisjoint(HEAVY), sorted(names & set(HEAVY))


@pytest.mark.parametrize("given", [None, "dirty_decay_ms:0,muzzy_decay_ms:0"])
def test_polars_allocator_uses_one_arena_unless_the_user_says_otherwise(given: str | None) -> None:
    """The console script asks jemalloc (Polars' allocator) for one arena before Polars is
    loaded (a briefing held 330 MB with one arena per thread, 270 MB with one); a value the
    user set is kept."""
    driver = (
        "import os, sys\n"
        "sys.argv = ['projtrack', '--version']\n"
        "from projtrack.cli import launch\n"
        "try:\n    launch.main()\nexcept SystemExit:\n    pass\n"
        "print('polars' in sys.modules, os.environ.get('_RJEM_MALLOC_CONF'))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "_RJEM_MALLOC_CONF"}
    if given:
        env["_RJEM_MALLOC_CONF"] = given
    out = subprocess.run([sys.executable, "-c", driver], capture_output=True, text=True,
                         env=env, check=True).stdout.split()  # fmt: skip
    assert out[-2:] == ["False", given or "narenas:1"]
