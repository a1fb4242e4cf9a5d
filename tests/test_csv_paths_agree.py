"""The Polars fast path and the csv module read every corpus ledger saved as CSV to the
same projects and the same findings.

The corpus (tests/corpus.py) writes ledgers the way bureaus make them: title and unit
lines, headers over two or three rows, sections with stated counts, 合计/小计 rows, notes,
numbers as text with thousands separators, ``—`` for empty, units per column,
traditional characters. Each is read once as usual (the fast path wherever the cheap
test says every record fits) and once with the cheap test switched off, so that the csv
module reads every record: the slow path is the oracle."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from corpus import FEATURES
from corpus import build as corpus_build
from projtrack.read import textfile
from projtrack.read.load import load_ledger

CSV_CASES = [
    (name, replace(spec, fmt=fmt, seed=i))
    for i, (name, spec) in enumerate(FEATURES.items())
    for fmt in ("csv", "csv-gb")
    if spec.sheets == "single" and spec.fmt in ("xlsx", "csv", "csv-bom", "csv-gb")
]


def flat(ledger) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    return [(f.sheet, f.row, f.column, f.code, f.message) for f in ledger.findings]


@pytest.mark.parametrize(("name", "spec"), CSV_CASES, ids=[f"{n}-{s.fmt}" for n, s in CSV_CASES])
def test_fast_and_slow_paths_agree(
    name: str, spec: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    try:
        case = corpus_build(spec, tmp_path, name.replace("format-", "f-"))  # type: ignore[arg-type]
    except (ValueError, AssertionError):
        pytest.skip("a layout the corpus does not write as CSV")
    path = case.path
    month = 1 if case.args else None
    fast = load_ledger(path, month=month)
    with monkeypatch.context() as m:
        m.setattr(textfile, "fits", lambda text, delimiter: False)
        slow = load_ledger(path, month=month)
    assert fast.projects.height > 0
    assert fast.projects.equals(slow.projects, null_equal=True)
    assert flat(fast) == flat(slow)
    assert [(i.name, i.used, i.projects) for i in fast.sheets] == [
        (i.name, i.used, i.projects) for i in slow.sheets
    ]


def test_the_cases_include_quoted_fields(tmp_path: Path) -> None:
    """At least one corpus CSV has quoted fields and still takes the fast path."""
    quoted = 0
    for name, spec in CSV_CASES:
        try:
            case = corpus_build(spec, tmp_path, name.replace("format-", "f-"))
        except (ValueError, AssertionError):
            continue
        data = case.path.read_bytes()
        found = textfile.decode_text(data)
        assert found is not None
        text = found[0]
        if '"' in text and textfile.fits(text, textfile.pick_delimiter(text[:65536])):
            quoted += 1
    assert quoted >= 1
