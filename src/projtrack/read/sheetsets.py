"""Sheets that must not be added together: a copy of another sheet (a 打印版 beside the
台账), and sheets of different periods (2024年1-6月 beside 2023年1-6月).

A workbook with one sheet per county is stacked; but a second visible sheet holding the
same projects with the same figures is a copy, and counting it would double every total;
sheets named for different periods hold figures of different years or months, and no sum
of them is a figure of either. The copy is left out with a note; different periods stop
the run with a message naming the sheets (hide or delete the others, or split the file).
"""

from __future__ import annotations

import polars as pl

from projtrack.errors import Finding, LedgerError
from projtrack.period import clues_from_text
from projtrack.read.model import SheetInfo

MIN_COPY = 2  # a sheet of one project repeated is not called a copy


def _signature(frame: pl.DataFrame) -> set[tuple[str, float, float]]:
    """The projects of a sheet as (name, plan, completed), rounded to the 万元 cent."""
    rows = frame.select(
        pl.col("name").fill_null(""),
        pl.col("annual_plan").fill_null(0.0).round(2),
        pl.col("completed_ytd").fill_null(0.0).round(2),
    ).iter_rows()
    return set(rows)


def drop_copies(
    infos: list[SheetInfo], parts: list[pl.DataFrame]
) -> tuple[list[pl.DataFrame], list[Finding]]:
    """Leave out a used sheet whose projects all stand, with the same figures, in an
    earlier used sheet; its info is marked unused in place (``parts`` follow ``infos``)."""
    used = [i for i in infos if i.used]
    if len(used) < 2:  # nothing to be a copy of (and a signature costs a pass over 100k rows)
        return parts, []
    kept: list[tuple[SheetInfo, pl.DataFrame]] = []
    signatures: dict[int, set[tuple[str, float, float]]] = {}  # computed when needed

    def signature(frame: pl.DataFrame) -> set[tuple[str, float, float]]:
        if id(frame) not in signatures:
            signatures[id(frame)] = _signature(frame)
        return signatures[id(frame)]

    frames: list[pl.DataFrame] = []
    notes: list[Finding] = []
    for info, frame in zip(used, parts, strict=True):
        # A copy's first project stands in the original: sheets whose first project's
        # name is in no earlier sheet need no signature (a pass over all their projects).
        first = frame["name"].fill_null("").head(1)
        candidates = [
            (k, f) for k, f in kept if first.is_in(f["name"].fill_null("").implode()).all()
        ]
        sig = signature(frame) if candidates and frame.height >= MIN_COPY else set()
        original = next(
            (k for k, f in candidates if len(sig) >= MIN_COPY and sig <= signature(f)), None
        )
        if original is None:
            kept.append((info, frame))
            frames.append(frame)
            continue
        info.used = False
        info.reason = f"a copy of sheet {original.name} (the same {len(sig)} projects and figures)"
        notes.append(Finding(info.name, None, None, "sheet_copy",
                             f"未计入：与工作表 {original.name} 的{len(sig)}个项目及金额完全相同，"
                             "视为副本（如打印版），以免重复计算"))  # fmt: skip
    return frames, notes


def refuse_mixed_periods(path: object, infos: list[SheetInfo]) -> None:
    """Stop when the used sheets are named for different periods (years or months)."""
    used = [i for i in infos if i.used]
    if len(used) < 2:
        return
    periods: dict[tuple[int | None, int | None], list[str]] = {}
    for info in used:
        clue = clues_from_text(f"sheet {info.name}", info.name)
        if clue is None:
            return  # a sheet named for no period (a county): sheets are parts of one ledger
        periods.setdefault((clue.year, clue.month), []).append(info.name)
    if len(periods) > 1:
        names = "、".join(names[0] for names in periods.values())
        raise LedgerError(
            str(path),
            f"the sheets are named for different periods ({names}); their figures cannot be "
            "added together. Keep one period's sheet visible (hide or delete the others, "
            "hidden sheets are not read), or save each period as its own file",
        )
