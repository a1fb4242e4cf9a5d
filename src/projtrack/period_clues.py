"""What one source says of a ledger's period (:class:`Clue`), and weighing sources that
disagree: which year the ledger is for, and the ``as_of_conflict`` findings that name the
sources set aside.

Split from :mod:`projtrack.period`, which reads the clues from text and resolves the as-of
date with them.

The year is not simply the first source's. A year in a year-to-date header
("2025年1-3月完成投资") is data: the column holds that year's figures. A year in a plan
header ("2025年计划投资") is a label of the template, copied from one year's workbook into
the next with the rest of the header, so it is weighed like a title or the file name —
one vote per kind of source. The ledger's own dates vote too, against a year: a project
that actually started after a year's end cannot stand in that year's ledger. When the
votes cannot tell the years apart, the ledger is refused with the sources named, rather
than one guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from projtrack.errors import Finding, LedgerError

# The kinds of source that each vote once on the year, and their words in messages.
KIND_WORDS = {"plan": "计划投资表头", "title": "标题", "note": "表下注", "sheet name": "工作表名",
              "file name": "文件名"}  # fmt: skip


@dataclass(frozen=True)
class Clue:
    """What one piece of text says about the period: any of year, month, day."""

    source: str
    text: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    plan: bool = False  # a plan header's: a label of the template, not data
    where: str = ""  # the header's cell (重点项目!G3), when known


@dataclass(frozen=True)
class LatestStart:
    """The latest 实际开工时间 of the ledger and its cell (``重点项目!K20``)."""

    date: date
    where: str


def kind_of(clue: Clue) -> str:
    """data (a year-to-date header), plan (a plan header), or the kind of label."""
    if clue.source == "header":
        return "plan" if clue.plan else "data"
    return next((k for k in KIND_WORDS if clue.source.startswith(k)), clue.source)


def said(clue: Clue) -> str:
    """A clue in words, with its cell when known: 表头「2025年计划投资」（重点项目!G3）."""
    kind = kind_of(clue)
    word = "表头" if kind in ("data", "plan") else KIND_WORDS.get(kind, clue.source)
    return f"{word}「{clue.text}」" + (f"({clue.where})" if clue.where else "")


def choose_year(
    clues: list[Clue], *, latest_start: LatestStart | None, path_name: str
) -> tuple[Clue | None, list[Finding]]:
    """The clue whose year the ledger is for, and findings naming the sources set aside.

    A year-to-date header's year wins (data). Otherwise each kind of source — plan header,
    title, note, sheet name, file name — votes with its first year; a year before the
    latest actual start's year is out; of the years left, one named by more kinds than any
    other and by at least two wins. None when no source states a year. Raises LedgerError
    (asking for --year) when the sources disagree and nothing tells them apart.
    """
    stated = [c for c in clues if c.year]
    if not stated:
        return None, []
    data = next((c for c in stated if kind_of(c) == "data"), None)
    if data is not None:
        late = _too_late(latest_start, [data.year or 0])
        return data, _set_aside(data, stated, "年度完成投资表头的年份是数据的年份") + (
            [Finding(None, None, None, "as_of_conflict", f"{said(data)}为{data.year}年,但{late}")]
            if late else []
        )  # fmt: skip
    votes: dict[str, Clue] = {}
    for clue in stated:
        votes.setdefault(kind_of(clue), clue)
    years = sorted({c.year for c in votes.values() if c.year})
    if len(years) == 1:
        first = next(iter(votes.values()))
        return first, _set_aside(first, stated, "")
    possible = [y for y in years if latest_start is None or latest_start.date.year <= y]
    if len(possible) == 1:
        chosen = next(c for c in votes.values() if c.year == possible[0])
        late = _too_late(latest_start, [y for y in years if y not in possible])
        return chosen, _set_aside(chosen, stated, f"{late},台账不会是该年的")
    backers = {y: [c for c in votes.values() if c.year == y] for y in possible or years}
    (best, top), *rest = sorted(backers.items(), key=lambda kv: -len(kv[1]))
    if len(top) >= 2 and all(len(others) < len(top) for _, others in rest):
        why = "、".join(KIND_WORDS.get(kind_of(c), c.source) for c in top) + f"都为{best}年"
        if any(kind_of(c) == "plan" for _, others in rest for c in others):
            why += ",计划投资表头的年份常随上年的表格沿用"
        return top[0], _set_aside(top[0], stated, why)
    listed = ";".join(f"{said(c)}为{c.year}年" for c in votes.values())
    raise LedgerError(
        path_name,
        f"cannot tell the year of this ledger: its sources disagree ({listed}) and nothing "
        "in the ledger tells which is right. Give it with --year (or --as-of YYYY-MM-DD), "
        "or correct the one that is out of date",
    )


def _too_late(latest_start: LatestStart | None, years: list[int]) -> str:
    """实际开工时间重点项目!K20为2026-01-28,晚于2025年年底 — or '' when no start is later
    than the end of every one of ``years``."""
    if latest_start is None or not years or latest_start.date.year <= max(years):
        return ""
    ends = "、".join(f"{y}年" for y in years)
    return f"实际开工时间{latest_start.where}为{latest_start.date.isoformat()},晚于{ends}年底"


def _set_aside(chosen: Clue, stated: list[Clue], why: str) -> list[Finding]:
    """The finding naming the first source whose year is not the chosen one's (none when
    all agree)."""
    other = next((c for c in stated if c.year != chosen.year), None)
    if other is None:
        return []
    reason = f"({why})" if why else ""
    return [Finding(None, None, None, "as_of_conflict",
                    f"截止年份不一致:{said(chosen)}为{chosen.year}年,{said(other)}为"
                    f"{other.year}年;采用{chosen.year}年{reason}")]  # fmt: skip


def month_conflicts(clues: list[Clue]) -> list[Finding]:
    """The first source naming another month than the first that names one."""
    seen = [c for c in clues if c.month]
    other = next((c for c in seen[1:] if c.month != seen[0].month), None)
    if other is None:
        return []
    first = seen[0]
    return [Finding(None, None, None, "as_of_conflict",
                    f"截止月份不一致:{said(first)}为{first.month}月,{said(other)}为"
                    f"{other.month}月;采用前者")]  # fmt: skip


def option_conflicts(d: date, clues: list[Clue]) -> list[Finding]:
    """What the ledger says against a period option's date ``d`` (the option is used): the
    day, the month and the year, each the first source naming another."""
    out = []
    # A title that states the day (截至2024年6月14日) against an option for another day
    # of the same month (--quarter Q2 → 6月30日): time progress differs, so say so.
    day = next((c for c in clues if c.day and c.month == d.month and c.year in (None, d.year)
                and c.day != d.day), None)  # fmt: skip
    if day is not None:
        out.append(f"选项指定截止{d.month}月{d.day}日,但{said(day)}为{day.month}月{day.day}日")
    month = next((c for c in clues if c.month and c.month != d.month), None)
    if month is not None:
        out.append(f"选项指定截止{d.month}月,但{said(month)}为{month.month}月")
    year = next((c for c in clues if c.year and c.year != d.year), None)
    if year is not None:
        out.append(f"选项指定{d.year}年,但{said(year)}为{year.year}年")
    return [Finding(None, None, None, "as_of_conflict", f"{m};采用选项") for m in out]
