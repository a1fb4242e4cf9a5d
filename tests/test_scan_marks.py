"""The .xlsx scan skips the marks of prefixed elements (``<x:row>``, ``<x:v>``, ``<x:f>``)
in a piece where one search finds none of them; its counts are the full count's.

The oracle is the scan's own measure with the skip switched off (every mark counted)."""

from __future__ import annotations

from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from projtrack.errors import LedgerError
from projtrack.read import xlsx_scan
from projtrack.read.limits import Limits
from projtrack.read.xlsx_scan import _PREFIXED, _Bound, scan_xlsx

TOKENS = [
    '<row r="3">', "</row>", "<row>", '<x:row r="7" hidden="1">', "</x:row>", '<c r="A3">',
    '<c r="AB12" t="s">', "<v>1</v>", '<v xml:space="preserve">2</v>', "<is><t>甲</t></is>",
    "<x:c>", "<x:v>5</x:v>", "<x:is><x:t>乙</x:t></x:is>", "<f>SUM(A1:A2)</f>", "<x:f>A1</x:f>",
    '<x:f t="shared">', "a:v>", ":row ", "单位:万元", 'x14ac:dyDescent="0.25"', " ",
]  # fmt: skip


def counts(bound: _Bound) -> tuple[int, ...]:
    return (bound.first_row, bound.last_row, bound.rows, bound.last_col, bound.values)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(TOKENS), max_size=25), min_size=1, max_size=4))
def test_skipping_absent_marks_changes_no_count(pieces: list[list[str]]) -> None:
    full, gated = _Bound(), _Bound()
    for tokens in pieces:
        piece = "".join(tokens).encode()
        full.measure(piece)
        gated.measure(piece, _PREFIXED.search(piece) is not None)
        assert counts(gated) == counts(full)


def test_a_prefixed_sheet_is_searched_in_full() -> None:
    piece = b'<x:row r="2"><x:c r="A2"><x:v>1</x:v></x:c><x:c r="B2"><x:is>a</x:is></x:c></x:row>'
    assert _PREFIXED.search(piece) is not None
    plain = piece.replace(b"x:", b"")
    assert _PREFIXED.search(plain) is None
    # The same cells unprefixed: one row, two values either way (closing tags of prefixed
    # elements are counted too: the count is an upper bound).
    bound = _Bound()
    bound.measure(plain, False)
    assert (bound.rows, bound.values, bound.last_row) == (1, 2, 2)


@pytest.mark.parametrize("chunk", [xlsx_scan.CHUNK, 256])
@pytest.mark.parametrize("shared", [True, False])
@pytest.mark.parametrize("slack", [-1, 0, 1, 400])
def test_value_cells_at_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int, shared: bool, slack: int
) -> None:
    """The values are bounded by the count of "<" and counted only when that bound passes
    the limit: the refusal still comes exactly when the cells holding a value pass it, and
    names their exact number (written here: 300 numbers and 300 texts, in 2 columns).
    Small chunks cut the sheet into many pieces, so that the first ones are only bounded
    and the sheet is counted again at the end."""
    monkeypatch.setattr(xlsx_scan, "CHUNK", chunk)
    path = tmp_path / "dense.xlsx"
    book = xlsxwriter.Workbook(path, {"strings_to_numbers": False, "constant_memory": not shared})
    sheet = book.add_worksheet("s")
    for row in range(300):
        sheet.write_number(row, 0, row + 0.5)
        sheet.write_string(row, 1, f"项目{row}")
    book.close()
    cells = 600
    limits = Limits(max_cells=cells + slack)
    if slack < 0:
        with pytest.raises(LedgerError, match=f"holds {cells:,} cells with values"):
            scan_xlsx(path, limits)
    else:
        assert scan_xlsx(path, limits) is not None
