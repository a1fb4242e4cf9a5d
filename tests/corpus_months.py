"""Ledgers whose completions are given by month only, with the figures they must give.

Three layouts bureaus use (issue #11, "Completions by month only"):

- ``by-month``: ``1月 … 12月`` under a merged parent such as ``2024年逐月完成投资(万元)``,
  later months still empty, no cumulative column;
- ``blocks``: one block per month, the month in the parent and the fields in the
  children (``8月`` over ``当月完成投资额 | 形象进度``), several months side by side;
- ``tenday``: early months as plain columns, later ones as ten-day blocks (``8月`` over
  ``上旬 | 中旬 | 下旬 | 累计``), with or without the block's 累计.

The projects and their figures are invented here; :func:`expect` computes the totals
straight from them, never by calling projtrack. Written with xlsxwriter, with real
merged header cells.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter

YEAR = 2024
REGIONS = ("旌阳区", "中江县", "什邡市")
TEN_DAYS = ("上旬", "中旬", "下旬")
CN_MONTHS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")
Cell = str | int | float | None


@dataclass(frozen=True)
class MonthProject:
    """One project; ``parts[m - 1]`` is what it completed in month m, by ten-day part
    (None where the cell is left empty)."""

    name: str
    region: str
    total: float
    plan: float
    parts: tuple[tuple[float | None, float | None, float | None], ...]

    def month(self, m: int) -> float | None:
        """Month m's own completion: the sum of its parts, None when all are empty."""
        given = [p for p in self.parts[m - 1] if p is not None]
        return round(sum(given), 2) if given else None

    def ytd(self, m: int) -> float:
        """January to month m, an empty month counting as 0."""
        return sum(self.month(k) or 0.0 for k in range(1, m + 1))


@dataclass(frozen=True)
class MonthSpec:
    """How a by-month ledger is laid out."""

    kind: str = "by-month"  # by-month | blocks | tenday | upto (至M月中旬完成投资额)
    filled: int = 5  # the last month with figures
    title: str = ""  # period words after the title, e.g. "(截至5月底)"; "" for none
    line2: str = "填报单位:县发展和改革局"  # the line under the title
    parent: str = f"{YEAR}年逐月完成投资(万元)"  # over the months ("" for none)
    empty: tuple[int, ...] = ()  # months up to ``filled`` left empty for every project
    columns: int = 12  # month columns written: first月 … columns月
    first: int = 1  # the first month column written
    tenday_from: int = 1  # tenday: months from this one are ten-day blocks
    tenday_total: bool = True  # tenday: each block has its 累计
    tenday_running: bool = False  # tenday: the 累计 runs from January (1-M月), not the month
    mid: bool = False  # the last filled month stops at 中旬 (下旬 empty)
    block_cumulative: bool = False  # blocks: each block also has 累计完成投资 (1-M月)
    plan_months: bool = False  # also 1月 … 12月 under 2024年逐月计划投资 (never completions)
    skew: float = 0.0  # added to the first project's 累计 of month ``filled`` (a typo)
    chinese_months: bool = False  # 一月 … 十二月 instead of 1月 … 12月
    n: int = 12
    seed: int = 7


@dataclass
class MonthCase:
    path: Path
    spec: MonthSpec
    projects: list[MonthProject] = field(default_factory=list)


def invent(spec: MonthSpec) -> list[MonthProject]:
    """Projects with figures in months 1 … ``filled`` (some cells empty), none later."""
    rng = random.Random(spec.seed)
    out = []
    for i in range(spec.n):
        plan = float(rng.randrange(500, 20000, 10))
        months: list[tuple[float | None, float | None, float | None]] = []
        for m in range(1, 13):
            if m > spec.filled or m in spec.empty:
                months.append((None, None, None))
                continue
            # The first project always reports, so that month m has figures.
            if i > 0 and rng.random() < 0.15:
                months.append((None, None, None))
                continue
            a: float | None
            a, b, c = (round(rng.uniform(0, plan / 30), 2) for _ in range(3))
            if rng.random() < 0.1:
                a = None  # an empty ten-day cell: the month is the sum of the others
            months.append((a, b, None if spec.mid and m == spec.filled else c))
        total = plan * rng.choice((2, 3, 5))
        out.append(MonthProject(f"项目{i + 1}", REGIONS[i % len(REGIONS)], total, plan,
                                tuple(months)))  # fmt: skip
    return out


@dataclass(frozen=True)
class Expected:
    """What ``rank --format json`` must say at one as-of month."""

    as_of: str
    total: tuple[int, float, float]  # projects, annual plan, completed
    groups: dict[str, tuple[int, float, float]]


def expect(projects: list[MonthProject], month: int, day: int | None = None) -> Expected:
    """Totals and per-region sums of January … ``month``, straight from the records."""
    import calendar

    last = day or calendar.monthrange(YEAR, month)[1]
    groups: dict[str, tuple[int, float, float]] = {}
    for p in projects:
        n, plan, done = groups.get(p.region, (0, 0.0, 0.0))
        groups[p.region] = (n + 1, plan + p.plan, done + p.ytd(month))
    total = (len(projects), sum(p.plan for p in projects), sum(p.ytd(month) for p in projects))
    return Expected(f"{YEAR}-{month:02d}-{last:02d}", total, groups)


# ----------------------------------------------------------------------------- layout


def _month_paths(spec: MonthSpec) -> list[tuple[tuple[str, ...], str, int, int]]:
    """Each month column: (header path, what it holds, month, ten-day part index).

    What it holds: "month" (the month's own figure), "part", "total" (a ten-day block's
    累计), "cum" (1-M月), "progress".
    """
    top = (spec.parent,) if spec.parent else ()
    cols: list[tuple[tuple[str, ...], str, int, int]] = []
    if spec.plan_months:
        cols += [((f"{YEAR}年逐月计划投资(万元)", f"{m}月"), "plan", m, 0) for m in range(1, 13)]
    if spec.kind == "upto":
        return [*cols, ((f"至{spec.filled}月中旬完成投资额(万元)",), "upto", spec.filled, 0)]
    for m in range(spec.first, spec.columns + 1):
        label = f"{CN_MONTHS[m - 1]}月" if spec.chinese_months else f"{m}月"
        if spec.kind == "by-month":
            cols.append(((*top, label), "month", m, 0))
        elif spec.kind == "blocks":
            cols.append(((*top, label, "当月完成投资额"), "month", m, 0))
            if spec.block_cumulative:
                cols.append(((*top, label, "累计完成投资"), "cum", m, 0))
            cols.append(((*top, label, "形象进度"), "progress", m, 0))
        elif m < spec.tenday_from:
            cols.append(((*top, label), "month", m, 0))
        else:
            cols += [((*top, label, part), "part", m, k) for k, part in enumerate(TEN_DAYS)]
            if spec.tenday_total:
                cols.append(((*top, label, "累计"), "total", m, 0))
    return cols


def _header(ws: xlsxwriter.worksheet.Worksheet, first: int, paths: list[tuple[str, ...]]) -> int:
    """Header rows from ``first``: leaves merged down, equal parents merged across."""
    depth = max(len(p) for p in paths)
    for level in range(depth):
        j = 0
        while j < len(paths):
            path = paths[j]
            if level >= len(path):
                j += 1
                continue
            if level == len(path) - 1:
                if level < depth - 1:
                    ws.merge_range(first + level, j, first + depth - 1, j, path[level])
                else:
                    ws.write(first + level, j, path[level])
                j += 1
                continue
            k = j
            while k + 1 < len(paths) and paths[k + 1][: level + 1] == path[: level + 1] \
                    and len(paths[k + 1]) > level + 1:  # fmt: skip
                k += 1
            if k > j:
                ws.merge_range(first + level, j, first + level, k, path[level])
            else:
                ws.write(first + level, j, path[level])
            j = k + 1
    return depth


def write(spec: MonthSpec, folder: Path, name: str) -> MonthCase:
    """Write the ledger ``name``.xlsx and return it with its projects."""
    projects = invent(spec)
    path = folder / f"{name}.xlsx"
    fixed = [(("序号",), "seq"), (("项目名称",), "name"), (("县(市、区)",), "region"),
             (("总投资(万元)",), "total"), ((f"{YEAR}年计划投资(万元)",), "plan")]  # fmt: skip
    months = _month_paths(spec)
    paths = [p for p, _ in fixed] + [p for p, *_ in months] + [("备注",)]
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("重点项目")
    ws.merge_range(0, 0, 0, len(paths) - 1, f"{YEAR}年重点项目推进情况表{spec.title}")
    ws.write(1, 0, spec.line2)
    depth = _header(ws, 2, paths)
    for i, p in enumerate(projects):
        r = 2 + depth + i
        for j, fixed_value in enumerate((i + 1, p.name, p.region, p.total, p.plan)):
            ws.write(r, j, fixed_value)
        for k, (_, holds, m, part) in enumerate(months):
            value: Cell = None
            if holds == "month":
                value = p.month(m)
            elif holds == "part":
                value = p.parts[m - 1][part]
            elif holds == "total":
                month = p.month(m)
                if spec.tenday_running and m <= spec.filled:  # written while it runs on
                    month = round(p.ytd(m), 2) if p.ytd(m) else None
                value = month + spec.skew if i == 0 and m == spec.filled and month else month
            elif holds == "plan":
                value = round(p.plan / 12, 2)
            elif holds == "upto":
                value = round(p.ytd(m), 2)
            elif holds == "cum" and m <= spec.filled:
                value = round(p.ytd(m), 2)
            elif holds == "progress" and p.month(m) is not None:
                value = f"{m}月完成主体工程{m * 5}%"
            if value is not None:
                ws.write(r, len(fixed) + k, value)
    wb.close()
    return MonthCase(path, spec, projects)
