"""Scheduled runs: the inbox is taken in only when something is new, a bad file is skipped
and reported, the year comes from the data, non-finite numbers never enter the store, and
the log line names what its counts count."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.store import Store

HEADER = ["项目名称", "县(市、区)", "年度计划投资", "1-{m}月完成投资"]
MAR = [["甲", "东区", 100, 30], ["乙", "东区", 300, 60], ["丙", "西区", 200, 50]]
MAR_FIXED = [["甲", "东区", 100, 30], ["乙", "东区", 300, 75], ["丙", "西区", 200, 50]]
DATA = Path("projtrack-data")


def run(*args: str):  # click's Result
    return CliRunner().invoke(app, list(args))


def make(tidy, month: int, rows, name: str, year: int = 2024) -> Path:
    return tidy([h.format(m=month) for h in HEADER], rows, name=name,
                title=f"{year}年绵竹市重点项目推进情况")  # fmt: skip


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    Path("projtrack.toml").write_text(f'[store]\ninbox = "{folder.as_posix()}"\n', "utf-8")
    return folder


def store_digest() -> dict[str, str]:
    """Every file of the store (the lock file aside) and its SHA-256."""
    return {p.relative_to(DATA).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(DATA.rglob("*")) if p.is_file() and p.name != ".lock"}  # fmt: skip


def age(path: Path, seconds: float) -> None:
    stamp = 1_700_000_000 - seconds
    os.utime(path, (stamp, stamp))


def test_a_no_op_run_leaves_the_store_byte_identical(tidy, inbox) -> None:
    original = make(tidy, 3, MAR, "inbox/3月台账.xlsx")
    age(original, 100)
    first = run("brief", "--quarter", "Q1")
    assert first.exit_code == 0, first.output
    assert "入库 Ingested" in first.stderr and "3月台账.xlsx" in first.stderr
    # A corrected March arrives beside the original, newer.
    fixed = make(tidy, 3, MAR_FIXED, "inbox/3月台账(更正).xlsx")
    age(fixed, 10)
    second = run("brief", "--quarter", "Q1", "-f", "json")
    assert second.exit_code == 0, second.output
    # 30 + 75 + 50 = 155 of 600: the corrected figures, not the original 140.
    assert json.loads(second.stdout)["total"]["completed_ytd"] == pytest.approx(155)
    assert "period 2024-03 is now stored from the newer 3月台账(更正).xlsx" in second.stderr
    manifest = Store(DATA).manifest()
    assert manifest["periods"]["2024-03"]["source"] == "3月台账(更正).xlsx"
    assert [r["source"] for r in manifest["replaced"]] == ["3月台账.xlsx"]
    before = store_digest()
    for args in (["--quarter", "Q1"], ["--quarter", "Q2"], ["--quarter", "Q1"],
                 ["--month", "5"], ["--quarter", "Q1"]):  # fmt: skip
        again = run("brief", *args)
        assert again.exit_code in (0, 3), again.output
        assert "Ingested" not in again.stderr
        assert store_digest() == before


def test_two_new_files_for_one_period_the_newer_wins_and_the_other_is_reported(tidy, inbox) -> None:
    older = make(tidy, 3, MAR_FIXED, "inbox/a.xlsx")
    newer = make(tidy, 3, MAR, "inbox/b.xlsx")
    age(older, 50)
    age(newer, 20)
    result = run("brief", "--quarter", "Q1", "--log", "run.log")
    assert result.exit_code == 0, result.output
    assert f"跳过 Skipped: {older}: also holds period 2024-03; the newer b.xlsx is used" in (
        result.stderr
    )
    assert Store(DATA).get("2024-03").source == "b.xlsx"  # type: ignore[union-attr]
    [line] = Path("run.log").read_text("utf-8").splitlines()
    assert "inbox_stored=1" in line and "inbox_skipped=1" in line
    # Same modification time: the name decides (later name wins), and it is stable.
    age(older, 20)
    before = store_digest()
    again = run("brief", "--quarter", "Q1")
    assert "the newer b.xlsx is used" in again.stderr
    assert store_digest() == before


def test_a_superseded_file_left_in_the_inbox_never_rolls_a_period_back(tidy, inbox) -> None:
    """Run 1 stores the corrected March (the newer file); staff move it out; run 2 stored
    the older, superseded file over it as "(replaced)". It is now reported and skipped;
    a correction newer than the stored file still replaces it."""
    older = make(tidy, 3, MAR, "inbox/3月台账.xlsx")
    fixed = make(tidy, 3, MAR_FIXED, "inbox/3月台账更正.xlsx")
    age(older, 50)
    age(fixed, 20)
    assert run("brief", "--quarter", "Q1").exit_code == 0
    assert Store(DATA).get("2024-03").source == fixed.name  # type: ignore[union-attr]
    fixed.unlink()
    before = store_digest()
    result = run("brief", "--quarter", "Q1")
    assert result.exit_code == 0, result.output
    assert f"跳过 Skipped: {older}：2024-03期已由较新的文件 {fixed.name}" in (result.stderr)
    assert f"projtrack ingest {older} --replace" in result.stderr
    assert store_digest() == before
    later = make(tidy, 3, [*MAR_FIXED[:2], ["丙", "西区", 200, 66]], "inbox/3月台账再更正.xlsx")
    age(later, 5)
    assert run("brief", "--quarter", "Q1").exit_code == 0
    assert Store(DATA).get("2024-03").source == later.name  # type: ignore[union-attr]


def test_a_bad_inbox_file_is_reported_and_skipped(tidy, inbox, monkeypatch) -> None:
    (inbox / "garbage.xlsx").write_bytes(b"PK\x03\x04 this is not a workbook")
    far = make(tidy, 3, MAR, "inbox/far.xlsx")
    good = make(tidy, 3, MAR, "inbox/3月.xlsx", year=2024)
    age(good, 100)  # the oldest: read after the bad ones
    import projtrack.jobs.inbox as inbox_module

    real = inbox_module.open_ledger

    def reader(config, path):  # a native reader's failure, as with a far stray cell
        if Path(path).name == "far.xlsx":
            raise RuntimeError("memory allocation of 17179869184 bytes failed")
        return real(config, path)

    monkeypatch.setattr(inbox_module, "open_ledger", reader)
    result = run("brief", "--quarter", "Q1", "--log", "run.log")
    assert result.exit_code == 0, result.output
    assert f"跳过 Skipped: {far}: cannot be read (RuntimeError" in result.stderr
    assert f"跳过 Skipped: {inbox / 'garbage.xlsx'}" in result.stderr
    assert "\n# 绵竹市2024年一季度重点项目推进情况\n" in result.stdout
    [line] = Path("run.log").read_text("utf-8").splitlines()
    assert "status=ok" in line and "inbox_stored=1 inbox_skipped=2" in line  # documented order


class FakePanic(BaseException):
    """pyo3's PanicException derives from BaseException, not Exception."""


def test_every_run_writes_its_log_line_crashes_included(tidy, monkeypatch) -> None:
    ledger = make(tidy, 3, MAR, "mar.xlsx")
    import projtrack.jobs.brief as brief_module

    def crash(*args, **kwargs):
        raise FakePanic("called `Option::unwrap()` on a `None` value")

    monkeypatch.setattr(brief_module, "brief", crash)
    with pytest.raises(FakePanic):
        CliRunner().invoke(app, ["brief", str(ledger), "--log", "run.log"],
                           catch_exceptions=False)  # fmt: skip
    [line] = Path("run.log").read_text("utf-8").splitlines()
    assert "projtrack brief status=crash" in line and "ledger=" in line
    assert 'error="called `Option::unwrap()` on a `None` value"' in line


def test_the_year_comes_from_the_data_not_the_clock(tidy, inbox) -> None:
    make(tidy, 3, MAR, "inbox/2023年3月.xlsx", year=2023)
    first = run("brief", "--quarter", "Q1", "-o", "r/{year}-{period}.md")
    assert first.exit_code == 0, first.output
    assert "\n# 绵竹市2023年一季度" in Path("r/2023-Q1.md").read_text("utf-8")
    second = run("brief", "--quarter", "Q1", "-o", "r/{year}-{period}.md")
    assert second.exit_code == 0, second.output


def test_an_empty_store_and_inbox_is_nothing_to_do(inbox) -> None:
    result = run("brief", "--quarter", "Q1")
    assert result.exit_code == 3
    assert "nothing is stored yet" in result.stderr and "status=nothing" in result.stderr


def test_a_non_finite_value_never_enters_the_store(tidy, inbox) -> None:
    rows = [["甲", "东区", 100, 30], ["乙", "东区", 300, "1e309"], ["丙", "西区", 200, 50]]
    bad = make(tidy, 3, rows, "bad.xlsx")
    result = run("ingest", str(bad))
    assert result.exit_code == 1
    # Title, unit line and header take rows 1-3: 乙 is row 5, 1-3月完成投资 column D.
    assert "bad.xlsx Sheet1!D5 (1-3月完成投资)" in result.stderr
    # The reader refuses it first (a required money cell out of range), naming the cell.
    assert "Sheet1!D5" in result.stderr and "Internal error" not in result.stderr
    assert not DATA.exists() or not list(DATA.rglob("*.parquet"))
    huge = [["甲", "东区", 1.7e308, 30], ["乙", "东区", 1.7e308, 60]]
    over = run("ingest", str(make(tidy, 3, huge, "huge.xlsx")))
    # Amounts of 1e308 万元 are out of range cell by cell already (the reader's limit).
    assert over.exit_code == 1 and "Sheet1!C4" in over.stderr
    # From the inbox: reported and skipped, the store stays empty.
    bad.rename(inbox / "bad.xlsx")
    cron = run("brief", "--quarter", "Q1", "--year", "2024")
    assert cron.exit_code == 3
    assert "跳过 Skipped:" in cron.stderr and "Sheet1!D5" in cron.stderr
    assert not list(DATA.rglob("*.parquet"))


def test_the_log_line_names_what_it_counts(tidy) -> None:
    # 1-6月: time progress 50%. Behind by 5, 20, 25, 40 pp and ahead by 10 pp.
    done = [45, 30, 25, 10, 60]
    rows = [[f"项目{i}", "东区", 100, d] for i, d in enumerate(done)]
    ledger = make(tidy, 6, rows, "jun.xlsx")
    result = run("brief", str(ledger), "-f", "json", "--log", "run.log")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    behind = [50 - d for d in done]
    yellow = sum(10 <= b <= 30 for b in behind)
    red = sum(b > 30 for b in behind)
    [line] = Path("run.log").read_text("utf-8").splitlines()
    fields = dict(part.split("=", 1) for part in line.split()[3:])
    assert "warnings" not in fields
    assert int(fields["red"]) == red == 1 and int(fields["yellow"]) == yellow == 2
    assert int(fields["blue"]) == data["warning_counts"]["blue"]
    assert int(fields["findings"]) == len(data["warnings"])


@pytest.mark.parametrize(
    "args",
    [["--quarter", "Q5"], ["--quarter", "Q1", "--month", "3"], ["--month", "3", "-o", "{q}.md"]],
)
def test_a_usage_error_logs_status_usage(tidy, args: list[str]) -> None:
    assert run("ingest", str(make(tidy, 3, MAR, "mar.xlsx"))).exit_code == 0
    result = run("brief", *args, "--log", "run.log")
    assert result.exit_code == 2, result.output
    [line] = Path("run.log").read_text("utf-8").splitlines()
    assert " projtrack brief status=usage " in line and " error=" in line


def test_an_unwritable_log_does_not_change_the_exit_code(tidy, tmp_path) -> None:
    """A usage error with a --log that cannot be written exited 1 (the log's failure) and
    logged status=usage on stderr; the run's own error decides: exit 2, both said."""
    assert run("ingest", str(make(tidy, 3, MAR, "mar.xlsx"))).exit_code == 0
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("brief", "--month", "3", "-o", "{q}.md", "--log", str(blocker / "run.log"))
    assert result.exit_code == 2, result.output
    assert "status=usage" in result.stderr and "cannot write" in result.stderr
    assert "unknown placeholder {q}" in result.stderr


TERMINATED = """
import os, signal, sys, time
import projtrack.jobs.brief as brief_module
def stopped(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGTERM)  # as `timeout` or a stopping service sends it
    time.sleep(5)
brief_module.brief = stopped
from projtrack.cli.launch import console
sys.argv = ["projtrack", "brief", sys.argv[1], "--log", "run.log", "-o", "out.md"]
console()
"""


def test_a_run_stopped_by_sigterm_still_logs_its_line(tidy) -> None:
    """`timeout -s TERM` killed a brief without a log line, against the promise that every
    run past option parsing leaves one; SIGTERM now ends it as ^C does."""
    import subprocess
    import sys

    ledger = make(tidy, 3, MAR, "mar.xlsx")
    src = Path(__file__).resolve().parents[1] / "src"
    proc = subprocess.run([sys.executable, "-c", TERMINATED, str(ledger)], capture_output=True,
                          text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(src)})  # fmt: skip
    assert proc.returncode != 0 and "Traceback" not in proc.stderr, proc.stderr
    [line] = Path("run.log").read_text("utf-8").splitlines()
    assert "status=interrupted" in line and "SIGTERM" in line
    assert not Path("out.md").exists()
