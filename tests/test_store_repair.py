"""The store never loses data: a lost manifest stops and is rebuilt from the snapshots,
unnamed files are quarantined, a commit is invisible to a glob until it is done, and every
file is checked against the manifest before it is used."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.store import Store

HEADER = ["项目名称", "县(市、区)", "年度计划投资", "1-{m}月完成投资"]
FEB = [["甲", "东区", 100, 10], ["乙", "东区", 300, 30], ["丙", "西区", 200, 40]]
MAR = [["甲", "东区", 100, 30], ["乙", "东区", 300, 60], ["丙", "西区", 200, 50]]
DATA = Path("projtrack-data")


def make(tidy, month: int, rows: list[list[object]], name: str) -> Path:
    return tidy([h.format(m=month) for h in HEADER], rows, name=name,
                title="2024年绵竹市重点项目推进情况")  # fmt: skip


def run(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def stored(tidy) -> tuple[Path, Path]:
    feb, mar = make(tidy, 2, FEB, "feb.xlsx"), make(tidy, 3, MAR, "mar.xlsx")
    for path in (feb, mar):
        assert run("ingest", str(path)).exit_code == 0
    return feb, mar


def parquet_files() -> list[Path]:
    return sorted((DATA / "projects").glob("*/*.parquet"))


def test_a_lost_manifest_stops_and_is_rebuilt_from_the_snapshots(tidy, stored) -> None:
    before = json.loads((DATA / "manifest.json").read_text(encoding="utf-8"))
    files = parquet_files()
    (DATA / "manifest.json").unlink()
    apr = make(tidy, 4, MAR, "apr.xlsx")
    for args in (["ingest", str(apr)], ["brief", "--month", "3"], ["history"]):
        result = run(*args)
        assert result.exit_code == 1, (args, result.output)
        assert "manifest.json is missing" in result.stderr
        assert "projtrack history --rebuild" in result.stderr
        assert parquet_files() == files  # nothing deleted
    rebuilt = run("history", "--rebuild")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "2024-02" in rebuilt.stdout and "2024-03" in rebuilt.stdout
    after = json.loads((DATA / "manifest.json").read_text(encoding="utf-8"))
    assert after["periods"] == before["periods"]  # every field, from the files' own metadata
    assert run("brief", "--month", "3").exit_code == 0


@pytest.mark.parametrize(
    "text",
    ['{"periods": {"2024-03": {"period": ', '{"periods": {}, "replaced": [{"file": 1}]}', "[]"],
)
def test_a_malformed_manifest_stops_naming_it(stored, text: str) -> None:
    (DATA / "manifest.json").write_text(text, "utf-8")
    for args in (["history"], ["ingest", str(stored[0])]):
        result = run(*args)
        assert result.exit_code == 1, result.output
        assert "manifest.json: the store's manifest cannot be read" in result.stderr
        assert "Internal error" not in result.stderr
    assert len(parquet_files()) == 2


def test_an_unreadable_manifest_stops_with_the_way_to_rebuild(stored) -> None:
    (DATA / "manifest.json").write_text('{"periods": {"2024-03": {"period": ', "utf-8")
    result = run("trend")
    assert result.exit_code == 1
    assert "the store's manifest cannot be read" in result.stderr
    assert "projtrack history --rebuild" in result.stderr
    assert "Internal error" not in result.stderr
    assert run("history", "--rebuild").exit_code == 0
    kept = list(DATA.glob("manifest.json.*.bak"))
    assert len(kept) == 1 and kept[0].read_text("utf-8").startswith('{"periods": {"2024-03"')
    assert [s.period for s in Store(DATA).snapshots()] == ["2024-02", "2024-03"]


def test_rebuild_keeps_the_newest_file_of_a_period_and_the_replaced_ones(tidy, stored) -> None:
    fixed = make(tidy, 3, [*MAR[:2], ["丙", "西区", 200, 55]], "mar-fixed.xlsx")
    assert run("ingest", str(fixed), "--replace").exit_code == 0
    before = Store(DATA).manifest()
    (DATA / "manifest.json").unlink()
    # The replaced file is put back beside the current one, as a crash could leave it.
    [old] = before["replaced"]
    shutil.move(DATA / old["moved_to"], DATA / old["file"])
    assert run("history", "--rebuild").exit_code == 0
    after = Store(DATA).manifest()
    assert after["periods"] == before["periods"]
    [again] = after["replaced"]
    assert again["source"] == "mar.xlsx" and (DATA / again["moved_to"]).is_file()
    assert len(list((DATA / "projects/period=2024-03").iterdir())) == 1


def test_an_unnamed_snapshot_is_quarantined_never_deleted(tidy, stored) -> None:
    stray = DATA / "projects/period=2024-05/0123456789ab.parquet"
    stray.parent.mkdir()
    shutil.copy(parquet_files()[0], stray)
    data = stray.read_bytes()
    result = run("ingest", str(make(tidy, 4, MAR, "apr.xlsx")))
    assert result.exit_code == 0, result.output
    assert not stray.exists()
    [kept] = (DATA / "quarantine").rglob("*.parquet")
    assert kept.read_bytes() == data
    assert "projects/period=2024-05/0123456789ab.parquet is not named" in result.stderr
    assert "quarantine/period=2024-05/0123456789ab.parquet" in result.stderr


SRC_ENV = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
KILLER = """
import os, signal, sys
calls = {"n": 0}
die_at = int(sys.argv[2])
real_replace = os.replace
def dying_replace(src, dst):
    calls["n"] += 1
    if calls["n"] == die_at:
        os.kill(os.getpid(), signal.SIGKILL)
    return real_replace(src, dst)
os.replace = dying_replace
from projtrack.cli.app import app
sys.argv = ["projtrack", "ingest", sys.argv[1], *sys.argv[3:]]
app()
"""


@pytest.mark.parametrize("replace", [False, True])
@pytest.mark.parametrize("die_at", [1, 2, 3])
def test_a_glob_never_sees_an_uncommitted_or_second_file(tidy, stored, die_at, replace) -> None:
    if replace:  # a corrected March: manifest, move the old aside, rename the new in
        ledger = make(tidy, 3, [*MAR[:2], ["丙", "西区", 200, 55]], "mar-fixed.xlsx")
    else:  # a new period: manifest, rename the new in
        ledger = make(tidy, 4, MAR, "apr.xlsx")
    extra = ["--replace"] if replace else []
    proc = subprocess.run([sys.executable, "-c", KILLER, str(ledger), str(die_at), *extra],
                          capture_output=True, text=True, env=SRC_ENV)  # fmt: skip
    killed = proc.returncode == -signal.SIGKILL
    assert killed or (not replace and die_at == 3), proc.stderr
    folders = [p.parent.name for p in parquet_files()]
    assert len(folders) == len(set(folders))  # never two files of one period
    manifest = json.loads((DATA / "manifest.json").read_text("utf-8"))
    named = {e["file"] for e in [*manifest["periods"].values(), *manifest["replaced"]]}
    assert {p.relative_to(DATA).as_posix() for p in parquet_files()} <= named
    frame = pl.read_parquet(str(DATA / "projects/*/*.parquet"), hive_partitioning=True)
    assert frame.height <= 9 and frame.height % 3 == 0
    # The next locked run finishes or tidies the commit.
    assert run("ingest", str(ledger), *extra).exit_code == 0
    store = Store(DATA)
    assert not (DATA / "staging").exists()
    assert {p.relative_to(DATA).as_posix() for p in parquet_files()} == {
        s.file for s in store.snapshots()
    }
    assert all(problem is None for _, problem in store.verify())
    periods = 3 if not replace else 2
    assert pl.read_parquet(str(DATA / "projects/*/*.parquet")).height == 3 * periods


@pytest.mark.parametrize("die_at", [1, 2, 3])
def test_a_rebuild_after_an_interrupted_commit_keeps_the_committed_period(
    tidy, stored, die_at
) -> None:
    """Killed mid-commit of a --replace (the manifest written, the new file still in
    staging/), then `history --rebuild`: the rebuild read projects/ only, dropped the new
    file, and the next run deleted it from staging/. It now finishes the commit first."""
    ledger = make(tidy, 3, [*MAR[:2], ["丙", "西区", 200, 55]], "mar-fixed.xlsx")
    proc = subprocess.run([sys.executable, "-c", KILLER, str(ledger), str(die_at), "--replace"],
                          capture_output=True, text=True, env=SRC_ENV)  # fmt: skip
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    committed = json.loads((DATA / "manifest.json").read_text("utf-8"))["periods"]["2024-03"]
    result = run("history", "--rebuild")
    assert result.exit_code == 0, result.output
    current = Store(DATA).get("2024-03")
    assert current is not None and current.sha256 == committed["sha256"]  # the new one
    assert run("ingest", str(stored[0])).exit_code == 0  # the next locked run
    again = Store(DATA).get("2024-03")
    assert again is not None and again.sha256 == committed["sha256"]
    assert (DATA / again.file).is_file()
    done = pl.read_parquet(DATA / again.file)["completed_ytd"].sum()
    # Killed at the manifest's own write (1), nothing was committed: March stays as it was.
    assert committed["source"] == ("mar.xlsx" if die_at == 1 else "mar-fixed.xlsx")
    assert done == pytest.approx(30 + 60 + (50 if die_at == 1 else 55))


def test_a_rebuild_without_a_manifest_sets_staged_files_aside(tidy, stored) -> None:
    """No manifest to tell an interrupted commit from one that never happened: a staged
    file goes to quarantine/ with a note, never deleted."""
    ledger = make(tidy, 4, MAR, "apr.xlsx")
    proc = subprocess.run([sys.executable, "-c", KILLER, str(ledger), "1"],
                          capture_output=True, text=True, env=SRC_ENV)  # fmt: skip
    assert proc.returncode == -signal.SIGKILL
    (DATA / "manifest.json").unlink()
    result = run("history", "--rebuild")
    assert result.exit_code == 0, result.output
    kept = list((DATA / "quarantine").rglob("*.parquet"))
    assert len(kept) == 1 and "quarantine/" in result.output
    assert pl.read_parquet(kept[0]).height == 3


def test_a_snapshot_with_other_rows_stops_naming_the_period(stored) -> None:
    snap = Store(DATA).get("2024-03")
    assert snap is not None
    path = DATA / snap.file
    altered = pl.read_parquet(path).with_columns(pl.col("completed_ytd") * 2)
    altered.write_parquet(path)  # same rows, other values
    result = run("brief", "--month", "3")
    assert result.exit_code == 1
    assert f"period 2024-03: the stored file {path} has been altered or damaged" in result.stderr
    assert "projtrack ingest mar.xlsx --period 2024-03" in result.stderr
    assert "status=error" in result.stderr


@pytest.mark.parametrize("damage", ["truncate", "delete", "fewer rows"])
def test_a_damaged_file_is_named_with_its_repair(stored, damage: str) -> None:
    _, mar = stored
    snap = Store(DATA).get("2024-02")
    assert snap is not None
    path = DATA / snap.file
    if damage == "truncate":
        path.write_bytes(path.read_bytes()[:100])
    elif damage == "delete":
        path.unlink()
    else:
        # Rewritten with fewer rows and the manifest's hash updated to match: the row
        # count still tells.
        pl.read_parquet(path).head(2).write_parquet(path)
        manifest = json.loads((DATA / "manifest.json").read_text("utf-8"))
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        manifest["periods"]["2024-02"]["file_sha256"] = digest
        (DATA / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    want = {"truncate": "has been altered or damaged", "delete": "is missing",
            "fewer rows": "holds 2 rows where the manifest says 3"}[damage]  # fmt: skip
    checks = (["trend"], ["brief", "--month", "2"], ["history", "--verify"],
              ["rank", str(mar)])  # rank compares with the stored February  # fmt: skip
    for args in checks:
        result = run(*args)
        assert result.exit_code == 1, (args, result.output)
        assert f"period 2024-02: the stored file {path} {want}" in result.stderr
        assert "projtrack ingest feb.xlsx --period 2024-02" in result.stderr
        assert "Internal error" not in result.stderr
    verify = run("history", "--verify")
    assert "2024-03" in verify.stdout and "正常 OK" in verify.stdout


def test_ingesting_the_source_again_repairs_a_damaged_file(stored) -> None:
    feb, _ = stored
    snap = Store(DATA).get("2024-02")
    assert snap is not None
    good = (DATA / snap.file).read_bytes()
    (DATA / snap.file).write_bytes(good[:50])
    result = run("ingest", str(feb), "--period", "2024-02")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("已修复 Repaired: 2024-02")
    assert (DATA / snap.file).read_bytes() == good
    ok = run("history", "--verify")
    assert ok.exit_code == 0 and ok.stdout.count("正常 OK") == 2
    assert "Verified: 2 stored file(s)" in ok.stderr


def test_snapshot_files_carry_their_own_manifest_entry(stored) -> None:
    for snap in Store(DATA).snapshots():
        own = json.loads(pl.read_parquet_metadata(DATA / snap.file)["projtrack"])
        entry = snap.to_json()
        del entry["file_sha256"]
        assert own == entry
        assert snap.file_sha256 == hashlib.sha256((DATA / snap.file).read_bytes()).hexdigest()


@pytest.mark.parametrize("written", ["2024-3", "2024-03-31", " 2024-03"])
def test_a_period_written_another_way_is_the_same_period(tidy, stored, written) -> None:
    """--period 2024-3 or 2024-03-31 stored a second March beside 2024-03 without
    --replace (trend then showed two 一季度 columns); the key comes from the date."""
    other = make(tidy, 3, [*MAR[:2], ["丙", "西区", 200, 55]], "mar-b.xlsx")
    result = run("ingest", str(other), "--period", written)
    assert result.exit_code == 2 and "already stored" in result.stderr, result.output
    assert sorted(s.period for s in Store(DATA).snapshots()) == ["2024-02", "2024-03"]
    assert run("ingest", str(other), "--period", written, "--replace").exit_code == 0
    assert sorted(s.period for s in Store(DATA).snapshots()) == ["2024-02", "2024-03"]


@pytest.mark.parametrize(
    ("args", "words"),
    [(["--period", "2024-02-30"], "a real date"), (["--period", "0000-03"], "1990-2100"),
     (["--period", "2024-03", "--as-of", "2024-03-15"], "name different dates")],
)  # fmt: skip
def test_a_wrong_period_is_a_usage_error(tidy, args, words) -> None:
    """An impossible --period was an internal error (ValueError); --period and --as-of
    naming two dates stored March under 2024-03 with the 15th as its date."""
    ledger = make(tidy, 3, MAR, "mar.xlsx")
    result = run("ingest", str(ledger), *args)
    assert result.exit_code == 2, result.output
    assert words in result.stderr and "Internal" not in result.stderr


def test_replacing_back_and_forth_keeps_every_replaced_file(tidy, stored) -> None:
    """A → B → A → B wrote replaced/…/<sha of A>.parquet twice: the manifest listed four
    replaced snapshots, two files existed, and two entries' SHA-256 matched no file."""
    _feb, mar = stored
    other = make(tidy, 3, [*MAR[:2], ["丙", "西区", 200, 55]], "mar-b.xlsx")
    for path in (other, mar, other):
        assert run("ingest", str(path), "--replace").exit_code == 0
    manifest = json.loads((DATA / "manifest.json").read_text("utf-8"))
    moved = [r["moved_to"] for r in manifest["replaced"]]
    assert len(moved) == len(set(moved)) == 3
    for entry in manifest["replaced"]:
        kept = DATA / entry["moved_to"]
        assert kept.is_file()
        assert hashlib.sha256(kept.read_bytes()).hexdigest() == entry["file_sha256"]


def test_a_store_that_cannot_be_written_is_an_error_not_a_crash(tidy, tmp_path) -> None:
    """A store folder this user may not write (here: under a file) stopped with status
    crash in the log; it is an error naming the store, exit 1."""
    ledger = make(tidy, 3, MAR, "mar.xlsx")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    log = tmp_path / "run.log"
    result = run("brief", "--quarter", "Q1", "--year", "2024", "--store",
                 str(blocker / "store"), "--log", str(log))  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "cannot write the store's lock file" in result.stderr and "[store] dir" in result.stderr
    assert "Internal" not in result.stderr
    assert "status=error" in log.read_text("utf-8")
    result = run("ingest", str(ledger), "--store", str(blocker / "store"))
    assert result.exit_code == 1 and "cannot write the store's lock file" in result.stderr


def test_a_rebuild_never_adopts_a_damaged_file(stored) -> None:
    """One byte changed inside a snapshot's data: the rebuild adopted it (its metadata
    reads), the manifest took the damaged file's hash, and ingesting the source again said
    `未变化 Unchanged` forever. The rebuild now quarantines it; the ingest stores it anew."""
    feb, _ = stored
    snap = Store(DATA).get("2024-02")
    assert snap is not None
    path = DATA / snap.file
    data = bytearray(path.read_bytes())
    data[100] ^= 0xFF
    path.write_bytes(bytes(data))
    result = run("history", "--rebuild")
    assert result.exit_code == 0, result.output
    assert "quarantine/" in result.output and Store(DATA).get("2024-02") is None
    again = run("ingest", str(feb))
    assert again.exit_code == 0 and "Unchanged" not in again.output, again.output
    assert all(problem is None for _, problem in Store(DATA).verify())


def test_a_rebuild_over_a_stale_manifest_keeps_every_period(tidy, stored) -> None:
    """A manifest put back from a backup taken before March was stored: the rebuild ran
    the repair against it first, which quarantined March's file, and the rebuilt store
    had lost the period (exit 0). The rebuild now reads every file in projects/."""
    del stored  # February and March are in the store
    (DATA / "manifest.json").unlink()
    assert run("history", "--rebuild").exit_code == 0
    backup = (DATA / "manifest.json").read_text("utf-8")
    apr = make(tidy, 4, MAR, "apr.xlsx")
    assert run("ingest", str(apr)).exit_code == 0
    (DATA / "manifest.json").write_text(backup, "utf-8")  # the stale one, by hand
    result = run("history", "--rebuild")
    assert result.exit_code == 0, result.output
    assert sorted(s.period for s in Store(DATA).snapshots()) == ["2024-02", "2024-03", "2024-04"]
    assert (
        not list((DATA / "quarantine").rglob("*.parquet"))
        if (DATA / "quarantine").exists()
        else True
    )


def test_a_quarantined_file_moved_back_is_taken_by_the_rebuild(tidy, stored) -> None:
    """The documented way back — move the file into projects/ and run history --rebuild —
    quarantined it again (the repair ran before the rebuild)."""
    manifest = json.loads((DATA / "manifest.json").read_text("utf-8"))
    del manifest["periods"]["2024-02"]
    (DATA / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    assert run("ingest", str(stored[1])).exit_code == 0  # its repair sets February aside
    [kept] = list((DATA / "quarantine").rglob("*.parquet"))
    back = DATA / "projects" / kept.relative_to(DATA / "quarantine")
    back.parent.mkdir(parents=True, exist_ok=True)
    kept.rename(back)
    result = run("history", "--rebuild")
    assert result.exit_code == 0, result.output
    assert sorted(s.period for s in Store(DATA).snapshots()) == ["2024-02", "2024-03"]


@pytest.mark.parametrize(
    ("key", "value"),
    [("meta", None), ("file", None), ("file_sha256", 5), ("ingested_at", None),
     ("rows", "3"), ("meta", {"headers": [], "titles": []}), ("meta", {"label": None})],
)  # fmt: skip
def test_a_manifest_entry_of_the_wrong_type_is_a_clear_stop(stored, key, value) -> None:
    """A hand-edited `"meta": null` (and the like) gave 内部错误 Internal error in history,
    trend and brief while --verify passed: each now stops naming the manifest."""
    manifest = json.loads((DATA / "manifest.json").read_text("utf-8"))
    manifest["periods"]["2024-03"][key] = value
    (DATA / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    for args in (["history"], ["history", "--verify"], ["trend"], ["brief", "--month", "3"]):
        result = run(*args)
        assert result.exit_code == 1, (args, result.output)
        assert "manifest cannot be read" in result.stderr and "Internal" not in result.stderr


def test_verify_names_a_file_the_manifest_does_not(stored) -> None:
    """--verify checked only what the manifest names: a period the manifest lost (a backup
    put back) passed, and the next run that wrote set its file aside. It is now named."""
    manifest = json.loads((DATA / "manifest.json").read_text("utf-8"))
    lost = manifest["periods"].pop("2024-02")["file"]
    (DATA / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    result = run("history", "--verify")
    assert result.exit_code == 1
    assert f"未登记 UNNAMED  {lost}" in result.stdout
    assert "projtrack history --rebuild" in result.stderr
