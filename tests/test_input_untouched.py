"""The ledger is only ever read: every command leaves its bytes and mtime as they were."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app

COMMANDS = [
    ["rank"], ["rank", "-f", "json"], ["check"], ["brief"], ["brief", "-f", "xlsx", "-o", "b.xlsx"],
    ["brief", "-f", "docx", "-o", "b.docx"], ["warn"], ["starts"], ["problems"], ["ingest"],
]  # fmt: skip


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_commands_never_modify_the_ledger(
    runner: CliRunner, example: Path, tmp_path: Path, args: list[str]
) -> None:
    ledger = tmp_path / example.name
    shutil.copy2(example, ledger)
    before = (hashlib.sha256(ledger.read_bytes()).hexdigest(), ledger.stat().st_mtime_ns)
    result = runner.invoke(app, [args[0], str(ledger), *args[1:]])
    assert result.exit_code == 0, result.output
    after = (hashlib.sha256(ledger.read_bytes()).hexdigest(), ledger.stat().st_mtime_ns)
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [example.name]  # nothing beside it
