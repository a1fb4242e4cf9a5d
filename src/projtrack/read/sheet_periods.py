"""Sheets named for a period (6月, 2024年1-6月, 二季度): the period a name states, and a
stop when the used sheets are named for different ones (their figures cannot be added).

Split from :mod:`projtrack.read.sheetsets`.
"""

from __future__ import annotations

import re

from projtrack.errors import LedgerError
from projtrack.period import Clue, clues_from_text
from projtrack.read.model import SheetInfo
from projtrack.read.sheetsets import SHEET_NUMBERING
from projtrack.text import normalize_text

# A sheet named for a period and nothing else: 6月, 5月份, 1-6月, 2024年1-6月, 二季度,
# 上半年, 2024.6 — decorated at most by numbering and 台账/数据/报表. 一季度开工项目,
# 2023年结转项目 or 全年项目 name projects, not the period the sheet reports.
_PERIOD_NAME = re.compile(
    r"^(?:20\d{2}年度?)?(?:\d{1,2}-\d{1,2}月份?|\d{1,2}月份?|[一二三四1-4]季度|第[一二三四1-4]季度"
    r"|前[二三两]季度|上半年|下半年|1-\d{1,2}月份?)(?:末|底)?"
    r"(?:累计)?(?:重点项目)?(?:推进情况)?(?:台账|数据|报表|明细|统计表|表)?$"
    r"|^20\d{2}[.\-/]\d{1,2}$|^20\d{2}(?:年度?)?(?:重点项目)?(?:台账|数据|报表|表)?$"
)


def sheet_period_clue(name: str) -> Clue | None:
    """The period a sheet's name states when the name is that period and nothing else."""
    bare = re.sub(SHEET_NUMBERING, "", name).strip()
    if not _PERIOD_NAME.match(normalize_text(bare)):
        return None
    return clues_from_text(f"sheet name ({name})", bare)


def refuse_mixed_periods(path: object, infos: list[SheetInfo]) -> None:
    """Stop when the used sheets are named for different periods (years or months)."""
    used = [i for i in infos if i.used]
    if len(used) < 2:
        return
    periods: dict[tuple[int | None, int | None], list[str]] = {}
    for info in used:
        clue = sheet_period_clue(info.name)
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
