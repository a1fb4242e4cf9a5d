"""Where ``-o`` may write: never over the ledger being read, through a symlink or a pipe
without replacing it, and a clear message (exit 1) when the system refuses the path."""

from __future__ import annotations

import os
import shutil
import stat
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLE, EXAMPLE_CSV
from projtrack.cli.app import app
from projtrack.errors import OutputError
from projtrack.outputs import write_atomic


@pytest.fixture
def ledger(tmp_path: Path, example: Path) -> Path:
    return Path(shutil.copy(example, tmp_path / "台账.xlsx"))


@pytest.mark.parametrize("command", ["brief", "rank", "warn", "starts", "problems"])
@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_output_naming_the_ledger_is_refused(
    runner: CliRunner, tmp_path: Path, command: str, suffix: str
) -> None:
    source = EXAMPLE_CSV if suffix == ".csv" else EXAMPLE
    ledger = Path(shutil.copy(source, tmp_path / f"台账{suffix}"))
    before = ledger.read_bytes()
    result = runner.invoke(app, [command, str(ledger), "-o", str(ledger)])
    assert result.exit_code == 2, result.output
    assert f"the output {ledger} is the ledger being read (台账{suffix})" in result.stderr
    assert ledger.read_bytes() == before


@pytest.mark.parametrize("target", ["新建/../台账.xlsx", "{place}/../台账.xlsx"])
def test_output_through_a_folder_not_yet_made_to_the_ledger_is_refused(
    runner: CliRunner, ledger: Path, tmp_path: Path, target: str
) -> None:
    """``new/../台账.xlsx`` cannot be looked at before ``new`` exists; the path written is."""
    before = ledger.read_bytes()
    result = runner.invoke(app, ["brief", str(ledger), "-o", str(tmp_path / target)])
    assert result.exit_code == 2, result.output
    assert "is the ledger being read" in result.stderr
    assert ledger.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["台账.xlsx"]


def test_output_through_a_symlink_to_the_ledger_is_refused(
    runner: CliRunner, ledger: Path, tmp_path: Path
) -> None:
    link = tmp_path / "link.xlsx"
    link.symlink_to(ledger)
    before = ledger.read_bytes()
    result = runner.invoke(app, ["brief", str(ledger), "-o", str(link)])
    assert result.exit_code == 2
    assert ledger.read_bytes() == before and link.is_symlink()


def test_a_symlink_output_stays_a_link_and_its_target_gets_the_text(
    runner: CliRunner, ledger: Path, tmp_path: Path
) -> None:
    target = tmp_path / "reports" / "rank.md"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "rank.md"
    link.symlink_to(target)
    result = runner.invoke(app, ["rank", str(ledger), "-o", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8").startswith("## 一季度重点项目投资完成情况排名")


def test_a_pipe_is_written_through_never_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, "一季度\n")
    reader.join(timeout=30)
    assert got == ["一季度\n".encode()]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_folder_or_an_impossible_path_is_a_clear_error(
    runner: CliRunner, ledger: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(OutputError, match="it is a folder"):
        write_atomic(folder, "x")
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    for args in (["brief", str(ledger), "-o", str(folder)],
                 ["brief", str(ledger), "-o", str(blocker / "简报.md")],
                 ["rank", str(ledger), "-o", str(blocker / "rank.md")],
                 ["brief", str(ledger), "--log", str(blocker / "run.log")]):  # fmt: skip
        result = runner.invoke(app, args)
        assert result.exit_code == 1, (args, result.output)
        assert "Internal error" not in result.stderr
        assert "错误 Error: cannot write " in result.stderr


def test_permission_denied_is_a_clear_error(
    runner: CliRunner, ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As root a read-only folder does not refuse; the system's refusal is simulated."""
    import tempfile

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    target = tmp_path / "简报.md"
    result = runner.invoke(app, ["brief", str(ledger), "-o", str(target)])
    assert result.exit_code == 1, result.output
    assert f"错误 Error: cannot write {target}: Permission denied" in result.stderr
    assert not target.exists()


def test_the_log_is_never_appended_to_the_ledger(runner: CliRunner, ledger: Path) -> None:
    before = ledger.read_bytes()
    result = runner.invoke(app, ["brief", str(ledger), "--log", str(ledger)])
    assert result.exit_code == 2, result.output
    assert "is the ledger being read" in result.stderr
    assert ledger.read_bytes() == before
