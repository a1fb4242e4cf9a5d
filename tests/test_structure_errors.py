"""Messages about unreadable files in the user's terms, and the [limits] configuration."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.read.complaints import plain_reason


class PanicException(BaseException):
    """Stands for pyo3's PanicException (a BaseException, as the real one)."""


def test_a_panic_reads_as_a_damaged_file() -> None:
    text = plain_reason(PanicException("called `Option::unwrap()` on a `None` value"))
    assert "unwrap" not in text and "damaged" in text and "Excel/WPS" in text


def test_library_prefixes_are_dropped() -> None:
    text = plain_reason(ValueError("calamine error: Xlsx error: Zip error: Could not find EOCD"))
    assert "calamine" not in text and "Xlsx error" not in text
    assert text.startswith("the file is damaged or incomplete (Could not find EOCD)")


@pytest.mark.parametrize(
    ("toml", "words"),
    [
        ("[limits]\nmax_cells = 10\n", "limits.max_cells must be 1000 to"),
        ("[limits]\nmax_unpacked_mb = 0\n", "limits.max_unpacked_mb must be 1 to 8192"),
        ("[limits]\nmax_cels = 5000\n", "did you mean 'max_cells'?"),
        ("[reading]\ninclude_hidden = 1\n", "include_hidden"),
    ],
)
def test_bad_limits_are_usage_errors(
    runner: CliRunner, tmp_path: Path, example: Path, toml: str, words: str
) -> None:
    config = tmp_path / "projtrack.toml"
    config.write_text(toml, encoding="utf-8")
    result = runner.invoke(app, ["rank", str(example), "--config", str(config)])
    assert result.exit_code == 2
    assert words in " ".join(result.stderr.split())


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_not_waited_on(tmp_path: Path) -> None:
    """A pipe named like a ledger: opening it waits for a writer forever (the run hung)."""
    pipe = tmp_path / "台账.xlsx"
    os.mkfifo(pipe)
    run = subprocess.run([sys.executable, "-m", "projtrack", "rank", str(pipe)],
                         capture_output=True, text=True, timeout=60)  # fmt: skip
    assert run.returncode == 1 and "not a regular file" in run.stderr
