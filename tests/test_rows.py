"""Row classification of several sheets at once: the same as one by one, nothing leaks."""

from __future__ import annotations

from projtrack.read.layout import detect_layout
from projtrack.read.rawsheet import frame_from_rows as _frame_from_rows
from projtrack.read.rows import classify_rows, classify_sheets

HEADER = ["序号", "项目名称", "年度计划投资", "累计完成投资"]

# A county sheet: a title, sections with figures, projects, a 合计 and a note below.
SECTIONED = [
    ["某县重点项目表"],
    HEADER,
    ["一、省重点项目(2个)", None, "30", "9"],
    ["1", "甲", "10", "3"],
    ["2", "乙", "20", "6"],
    ["二、市重点项目(1个)", None, "5", "1"],
    ["(一)产业项目", None, "5", "1"],
    ["3", "丙", "5", "1"],
    ["合计", None, "35", "10"],
    ["注:数据来自各乡镇。", None, None, None],
]
# A sheet with no sections and no footer: none of the first sheet's state may reach it.
PLAIN = [HEADER, ["1", "丁", "7", "2"], ["2", "戊", "8", "1"]]
# A short sheet signed at the bottom: the signature is footer, though another sheet's
# last project comes further down.
SIGNED = [
    HEADER,
    ["1", "己", "3", "1"],
    ["审核:李四", None, None, None],
    ["王五", None, None, None],
]


def _sheet(rows: list[list[str | None]]):
    frame = _frame_from_rows(rows)
    layout = detect_layout(frame)
    assert layout is not None
    return frame, layout


def test_several_sheets_classify_as_each_alone() -> None:
    sheets = [_sheet(SECTIONED), _sheet(PLAIN), _sheet(SECTIONED)]
    together = classify_sheets(sheets)
    alone = [classify_rows(frame, layout) for frame, layout in sheets]
    assert len(together) == 3
    for a, b in zip(together, alone, strict=True):
        assert a.equals(b)


def test_sections_and_footer_stay_in_their_sheet() -> None:
    first, second = classify_sheets([_sheet(SECTIONED), _sheet(PLAIN)])
    kinds = dict(zip(first["_row"], first["_kind"], strict=True))
    assert kinds == {3: "section_top", 4: "project", 5: "project", 6: "section_top",
                     7: "section_sub", 8: "project", 9: "total", 10: "note"}  # fmt: skip
    levels = dict(zip(first["_row"], first["_sec_level"], strict=True))
    assert (levels[4], levels[8]) == ("省重点", "市重点")
    assert first.filter(first["_row"] == 8)["_sec_category"].to_list() == ["产业项目"]
    # The second sheet starts fresh: its projects get no section, and are not footer.
    assert second["_kind"].to_list() == ["project", "project"]
    assert second["_sec_level"].to_list() == [None, None]
    assert second["_section"].to_list() == [None, None]


def test_no_sheets_no_rows() -> None:
    assert classify_sheets([]) == []


def test_the_footer_is_found_per_sheet() -> None:
    signed, _ = classify_sheets([_sheet(SIGNED), _sheet(SECTIONED)])
    assert signed["_kind"].to_list() == ["project", "note", "note"]


def test_batches_of_sheets_classify_alike(monkeypatch) -> None:
    """Small batches (here one to two sheets each) give what one batch gives."""
    import projtrack.read.rows as rows

    sheets = [_sheet(SECTIONED), _sheet(PLAIN), _sheet(SIGNED), _sheet(SECTIONED)]
    whole = classify_sheets(sheets)
    monkeypatch.setattr(rows, "BATCH_ROWS", 5)
    batched = classify_sheets(sheets)
    assert len(batched) == 4
    for a, b in zip(whole, batched, strict=True):
        assert a.equals(b)
