"""Progress steps: reported per sheet to a listener, nothing printed when no one listens."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from projtrack.progress import listening
from projtrack.read.load import load_ledger


def test_steps_per_sheet(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name in ("东区", "西区", "南区"):
        ws = wb.create_sheet(name)
        ws.append(["2024年XX市重点项目推进情况表"])
        ws.append(["项目名称", "年度计划投资", "1-3月完成投资"])
        ws.append([f"{name}项目", 100, 25])
    path = tmp_path / "multi.xlsx"
    wb.save(path)
    seen: list[tuple[str, int, int]] = []
    with listening(lambda what, done, total: seen.append((what, done, total))):
        ledger = load_ledger(path)
    assert ledger.projects.height == 3
    reads = [(d, t) for w, d, t in seen if w.startswith("读取")]
    parses = [(d, t) for w, d, t in seen if w.startswith("整理")]
    assert reads == [(0, 3), (1, 3), (2, 3)]
    assert parses == [(0, 3), (1, 3), (2, 3)]
    seen.clear()
    load_ledger(path)  # outside the block: nobody listens
    assert seen == []
