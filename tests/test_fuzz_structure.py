"""Damaged and hostile files end in exit 0 or 1 with a message: no traceback, no native crash,
bounded memory (#14). The whole corpus runs in one child process under an address-space
limit, and its peak resident memory must stay under 1 GB; a native abort there fails the
test with the child's stderr."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from corpus_structure import fuzz_cases

ROOT = Path(__file__).resolve().parents[1]
MEMORY = 1 << 30  # the goal: any input ≤ 50 MB in ≤ 1 GB resident
# The address-space cap that makes a runaway allocation fail at once instead of swapping;
# larger than the goal because threads and allocators reserve address space they never use.
ADDRESS_SPACE = 2 << 30

CHILD = r"""
import json, sys
from typer.testing import CliRunner
from projtrack.cli.app import app

runner = CliRunner()
out = {}
config = sys.argv[1]
for path in sys.argv[2:]:
    result = runner.invoke(app, ["check", path, "-f", "json", "--config", config])
    exc = result.exception
    crash = None if exc is None or isinstance(exc, SystemExit) else repr(exc)[:300]
    out[path] = {"code": result.exit_code, "stdout": result.stdout[-2000:],
                 "stderr": result.stderr[-2000:], "crash": crash}
print(json.dumps(out))
"""


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    folder = tmp_path_factory.mktemp("fuzz")
    cases = fuzz_cases(folder / "cases")
    config = folder / "projtrack.toml"
    # The limits at a small scale, so that the corpus stays small and fast.
    config.write_text("[limits]\nmax_unpacked_mb = 24\nmax_cells = 1000000\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1"}
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(config), *map(str, cases.values())],
        capture_output=True, text=True, env=env, preexec_fn=_limit, timeout=300,
    )  # fmt: skip
    assert child.returncode == 0, f"child died ({child.returncode}): {child.stderr[-3000:]}"
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert peak_kb < MEMORY // 1024
    raw = json.loads(child.stdout.strip().splitlines()[-1])
    return {Path(k).name: v for k, v in raw.items()}


def test_every_case_ends_in_0_or_1_without_traceback(results: dict[str, dict]) -> None:
    bad = {
        name: r
        for name, r in results.items()
        if r["code"] not in (0, 1)
        or r["crash"]
        or "Traceback" in r["stderr"] + r["stdout"]
        or "Internal error" in r["stderr"]
    }
    assert bad == {}
    assert results["good.xlsx"]["code"] == 0


def test_messages_carry_no_rust_jargon(results: dict[str, dict]) -> None:
    words = ("panicked", "RUST_BACKTRACE", "memory allocation of", "calamine", "fastexcel")
    jargon = {n: r["stderr"] for n, r in results.items() if any(w in r["stderr"] for w in words)}
    assert jargon == {}


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("far_cell.xlsx", ["XFD1048576", "[S1]", "Ctrl+End"]),
        ("far_row.xlsx", ["C1048576", "max_cells"]),
        ("far_column.xlsx", ["XFD200", "max_cells"]),
        ("far_row_named.xls", ["far_row_named.xls", "C1048576", "max_cells"]),
        ("beyond_excel.xlsx", ["ZZZZ9", "damaged"]),
        ("no_sheet_list.xlsx", ["lists no sheet", "damaged"]),
        ("row_overflow.xlsx", ["99999999999", "damaged"]),
        ("five_letters.xlsx", ["ABCDE9", "damaged"]),
        ("zip_bomb.xlsx", ["24 MB", "max_unpacked_mb"]),
        ("html_rowspan.xls", ["50000000", "damaged"]),
        ("html_colspan.xls", ["50000000", "damaged"]),
        ("html_both.xls", ["4000", "max_cells"]),
        ("ss_row_index.xls", ["90000000"]),
        ("ss_cell_index.xls", ["90000000"]),
        ("ss_merge_across.xls", ["90000000"]),
        ("ss_merge_down.xls", ["max_cells"]),
        ("ods_rows.ods", ["B1000001", "max_cells"]),
        ("dense.xlsx", ["1,040,000 cells with values", "max_cells"]),
        ("ods_columns.ods", ["16,000", "max_cells"]),
    ],
)
def test_limits_are_named(results: dict[str, dict], name: str, words: list[str]) -> None:
    result = results[name]
    assert result["code"] == 1, result
    missing = [w for w in words if w not in result["stderr"]]
    assert missing == [], result["stderr"]


def test_a_garbled_dimension_is_not_the_extent(results: dict[str, dict]) -> None:
    for name in ("garbled_dimension.xlsx", "absurd_dimension.xlsx", "broken_dimension.xlsx"):
        assert results[name]["code"] == 0, results[name]
        assert json.loads(results[name]["stdout"])["projects"] == 5


def test_a_cell_beyond_excel_is_named_the_same_every_run(tmp_path: Path) -> None:
    """Row 1048577 and its cell A1048577: the message named one or the other by the hash
    seed of the run (a set's order); it names the cell, every run."""
    from corpus_structure import _raw_xlsx, _sheet_xml

    path = tmp_path / "远.xlsx"
    head = [(1, [("A1", "项目名称"), ("B1", "年度计划投资"), ("C1", "1-3月完成投资")])]
    path.write_bytes(_raw_xlsx(_sheet_xml([*head, (1048577, [("A1048577", 1)])])))
    said = set()
    for seed in ("1", "2", "3", "4"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-m", "projtrack", "check", str(path)],
                             capture_output=True, text=True, env=env, check=False)  # fmt: skip
        said.add(run.stderr.strip())
    assert len(said) == 1 and "(A1048577)" in said.pop()
