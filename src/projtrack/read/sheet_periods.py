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
from projtrack.text import cn_number, normalize_text

# A sheet named for a period and nothing else: 6月, 5月份, 1-6月, 2024年1-6月, 二季度,
# 上半年, 2024.6 — decorated at most by numbering and 台账/数据/报表. 一季度开工项目,
# 2023年结转项目 or 全年项目 name projects, not the period the sheet reports.
_PERIOD_NAME = re.compile(
    r"^(?:20\d{2}年度?)?(?:\d{1,2}-\d{1,2}月份?|\d{1,2}月份?|[一二三四1-4]季度|第[一二三四1-4]季度"
    r"|前[二三两]季度|上半年|下半年|1-\d{1,2}月份?)(?:末|底)?"
    r"(?:累计)?(?:重点项目)?(?:推进情况)?(?:台账|数据|报表|明细|统计表|表)?$"
    r"|^20\d{2}[.\-/]\d{1,2}$|^20\d{2}(?:年度?)?(?:重点项目)?(?:台账|数据|报表|表)?$"
)


# A sheet named for a month alone (一月, 6月, 2024.06): said as a title would say it (6月份,
# 2024年6月份), so that the as-of reads it from the ledger's texts as it reads a title.
_CN_MONTH = re.compile(r"^(十[一二]|[一二三四五六七八九十])月")
_YEAR_MONTH = r"^(20\d{2})[.\-/](\d{1,2})$"
_MONTH_ALONE = r"^(\d{1,2})月$"


def sheet_period_clue(name: str) -> Clue | None:
    """The period a sheet's name states when the name is that period and nothing else
    (a bare 6月 or 2024.06 as a sheet name is that month, as 6月份 is)."""
    bare = name.strip()
    if not re.match(_YEAR_MONTH, bare):  # 2024.01 is no numbering 2024.
        bare = re.sub(SHEET_NUMBERING, "", bare).strip()
    text = _CN_MONTH.sub(lambda m: f"{cn_number(m[1])}月", normalize_text(bare))
    if not _PERIOD_NAME.match(text):
        return None
    said = re.sub(_MONTH_ALONE, r"\1月份", re.sub(_YEAR_MONTH, r"\1年\2月份", text))
    return clues_from_text(f"sheet name ({name})", bare if said == text else said)


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
