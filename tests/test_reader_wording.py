"""A broken workbook is described in a user's words, never in the reader's (calamine/Rust)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.cli.jargon import plain_words

JARGON = ("calamine", "Xlsx error", "Zip error", "EOCD", "Cfb", "panicked", "allocation",
          "Xml error", "InvalidArchive")  # fmt: skip


@pytest.mark.parametrize(
    ("said", "words"),
    [
        ("calamine error: Xlsx error: Zip error: invalid Zip archive: Could not find EOCD",
         "the file is damaged or incomplete"),
        ("memory allocation of 17179869184 bytes failed", "more memory than any ledger needs"),
        ("PanicException: called `Option::unwrap()` on a `None` value", "the reader stopped"),
        ("calamine error: Xls error: Cfb error: Invalid sector shift, expecting 0x09 or 0x0C "
         "found 4444", "not a readable Excel 97-2003 (.xls) file"),
        ("calamine error: Xlsx error: Xml error: syntax error: tag not closed",
         "the data inside the workbook is cut off or malformed"),
        ("calamine error: Xlsx error: Worksheet '汇总' not found", "a part it lists is missing"),
        ("calamine error: Xlsx error: Unrecognized data type 'q'", "Unrecognized data type 'q'"),
    ],
)  # fmt: skip
def test_reader_messages_in_plain_words(said: str, words: str) -> None:
    text = plain_words(f"台账.xlsx: cannot read the workbook: {said}")
    assert text.startswith("台账.xlsx: cannot read the workbook: ")
    assert words in text
    assert not any(j in text for j in JARGON)


def test_other_messages_are_left_alone() -> None:
    message = "台账.xlsx: no column for 年度计划投资; headers found: 项目名称"
    assert plain_words(message) == message


def test_broken_files_through_the_cli(runner: CliRunner, example: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(example.read_bytes()[:5000])
    junk = tmp_path / "junk.xls"
    rng = random.Random(7)
    junk.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(rng.randrange(256) for _ in range(4000))
    )
    for path in (cut, junk):
        result = runner.invoke(app, ["rank", str(path)])
        assert result.exit_code == 1, result.output
        assert result.stderr.startswith(f"错误 Error: {path.name}")
        assert "save it again" in result.stderr
        assert not any(j in result.stderr for j in JARGON), result.stderr
