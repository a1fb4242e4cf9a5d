"""Sheets parsed on worker threads and started early: same frames, never stale ones."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from projtrack.read import workbook
from projtrack.read.sources import read_sheets
from projtrack.read.workbook import Workbook, open_workbook, prefetch

ROOT = Path(__file__).resolve().parents[1]
DEYANG = ROOT / "examples" / "deyang_2022_1-9.xlsx"


def _county_book(path: Path, marker: str = "甲") -> Path:
    wb = openpyxl.Workbook()
    wb.active.title = "汇总"
    wb.active.append(["县", "项目数"])
    for n, county in enumerate(["东区", "西区", "南区", "北区"]):
        ws = wb.create_sheet(county)
        ws.append(["项目名称", "年度计划投资", "累计完成投资"])
        for i in range(5 + n):
            ws.append([f"{county}{marker}{i}", 100 + i, 10 * n + i])
    wb.save(path)
    return path


@pytest.fixture(autouse=True)
def _nothing_pending():
    workbook._pending.clear()
    yield
    workbook._pending.clear()


def _frames(path: Path) -> list[tuple[str, list[tuple]]]:
    return [(s.name, s.frame.rows()) for s in read_sheets(path)]


def test_two_workers_give_the_sheets_of_one_in_order(tmp_path: Path) -> None:
    path = _county_book(tmp_path / "book.xlsx")
    one = Workbook(path, workers=1)
    two = Workbook(path, workers=2)
    names = [f.result().name for f in two.futures]
    assert names == ["汇总", "东区", "西区", "南区", "北区"] == one.names
    for a, b in zip(one.futures, two.futures, strict=True):
        assert a.result().sheet.to_polars().equals(b.result().sheet.to_polars())
    # An .xlsx with several sheets is parsed on two threads; one sheet needs one.
    assert workbook._workers(path, 5) == min(2, os.cpu_count() or 1)
    assert workbook._workers(path, 1) == 1


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_xls_and_ods_are_parsed_on_one_thread(tmp_path: Path, suffix: str) -> None:
    """Their readers decode the whole file on opening: a second one would only repeat it."""
    import corpus

    sheets = [corpus.Sheet(name, [["项目名称", "年度计划投资"], ["甲", 1]]) for name in "ABC"]
    path = tmp_path / f"book{suffix}"
    (corpus.write_xls if suffix == ".xls" else corpus.write_ods)(sheets, path)
    assert workbook._workers(path, 3) == 1
    assert [s.name for s in read_sheets(path)] == ["A", "B", "C"]


def test_prefetched_read_equals_a_plain_read(tmp_path: Path) -> None:
    path = _county_book(tmp_path / "book.xlsx")
    plain = _frames(path)
    prefetch(path)
    prefetch(path)  # the command line and then the argument: started once
    assert len(workbook._pending) == 1
    assert _frames(path) == plain
    assert workbook._pending == {}  # taken, not kept alive


def test_a_file_changed_after_the_prefetch_is_read_again(tmp_path: Path) -> None:
    path = _county_book(tmp_path / "book.xlsx", marker="旧")
    prefetch(path)
    _county_book(path, marker="新新")  # rewritten: another size and mtime
    os.utime(path, ns=(1, 1))
    names = [row[0] for _, rows in _frames(path)[1:] for row in rows[1:]]
    assert names and all("新新" in n for n in names)


def test_no_prefetch_for_text_files_or_missing_files(tmp_path: Path) -> None:
    csv = tmp_path / "ledger.csv"
    csv.write_text("项目名称,年度计划投资\n甲,1\n", encoding="utf-8")
    prefetch(csv)
    prefetch(tmp_path / "missing.xlsx")
    assert workbook._pending == {}


def test_a_broken_workbook_fails_when_read_not_when_prefetched(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    prefetch(path)  # does not raise
    with pytest.raises(Exception):  # noqa: B017 - calamine's own error type
        open_workbook(path)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "projtrack", *args], capture_output=True,
                          text=True, env=env, check=False)  # fmt: skip


def test_console_script_ranks_with_the_head_start(tmp_path: Path) -> None:
    """`projtrack rank LEDGER` (parse started before typer) equals the options-first form."""
    first = _run("rank", str(DEYANG), "--format", "json")
    later = _run("rank", "--format", "json", str(DEYANG))
    assert first.returncode == later.returncode == 0, first.stderr
    a, b = json.loads(first.stdout), json.loads(later.stdout)
    assert a == b
    assert a["total"]["projects"] == 379


def test_help_through_the_console_script_imports_no_data_library() -> None:
    code = (
        "import sys\n"
        "sys.argv = ['projtrack', 'rank', '--help']\n"
        "from projtrack.cli.launch import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = {'polars', 'openpyxl', 'xlsxwriter', 'docx', 'jinja2', 'fastexcel'}\n"
        "print('HEAVY', sorted(heavy & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "HEAVY []"


def test_a_sheet_that_fails_to_parse_is_named(tmp_path: Path, monkeypatch) -> None:
    """An error on a worker thread reaches the user as a clean error naming the sheet."""
    import fastexcel
    from typer.testing import CliRunner

    from projtrack.cli.app import app

    path = _county_book(tmp_path / "book.xlsx")
    real = fastexcel.ExcelReader.load_sheet

    def load_sheet(self, idx, **kwargs):  # type: ignore[no-untyped-def]
        if idx == 2:
            raise RuntimeError("XML error at row 7")
        return real(self, idx, **kwargs)

    monkeypatch.setattr(fastexcel.ExcelReader, "load_sheet", load_sheet)
    result = CliRunner().invoke(app, ["rank", str(path), "--year", "2024"])
    assert result.exit_code == 1
    assert "西区" in result.stderr and "XML error at row 7" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_prefetch_opens_the_file_by_its_absolute_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker may start after the caller changed folder (a test runner, a library
    user): it must open the file it was given, so it gets the absolute path."""
    import shutil

    (tmp_path / "examples").mkdir()
    ledger = tmp_path / "examples" / "ledger.xlsx"
    shutil.copy(ROOT / "examples" / "zhongjiang_2024_q1.xlsx", ledger)
    seen: list[Path] = []
    real = workbook.Workbook

    def recording(path: Path, **kw: object) -> object:
        seen.append(path)
        return real(path, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(workbook, "Workbook", recording)
    monkeypatch.chdir(tmp_path)
    workbook.prefetch(Path("examples") / "ledger.xlsx")
    monkeypatch.chdir(ROOT)
    opened = workbook.open_workbook(ledger)
    assert seen == [ledger.resolve()] and seen[0].is_absolute()
    assert opened.names
