"""Ledgers whose rows include totals, sections and 其中 rows in every form bureaus write.

A :class:`TotalsSpec` says where the labels stand (序号, 项目名称, 建设内容 or 县(市、区)),
whether the region is a column, a section above each block ("一、龙海市（12项）") or a
named total after it ("龙海市合计12个"), whether stated counts are right, and whether a
完成率 column and a 汇总 sheet come with it (right or wrong). :func:`build` writes the
workbook and returns the figures ``rank`` must give and the reconciliation ``check`` must
report — computed here from the invented projects and the rows written, never by
calling projtrack.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook

REGIONS = ("龙海市", "漳浦县", "芗城区", "市本级")
LEVELS = ("省重点", "市重点")
STAGES = ("新开工", "续建")
CN = "一二三四五六七八九十"
SHEET = "重点项目"
NAME_FORMS = ("{}", "★{}", "{}", "{n}●{}", "（{n}）{}", "{n}.{}")
LABEL_COLUMNS = ("seq", "name", "content", "region")

Cell = str | float | int | None


@dataclass(frozen=True)
class Project:
    name: str
    region: str
    level: str
    stage: str
    plan: float | None
    done: float | None
    named: bool = True  # False: the 项目名称 cell is left blank (序号 and figures kept)


@dataclass(frozen=True)
class TotalsSpec:
    label_column: str = "name"  # one of LABEL_COLUMNS, or "random" (each row its own)
    regions: str = "column"  # column | before (sections) | after (named totals) | both
    total: str = "top"  # none | top | bottom
    counts: str = "right"  # none | right | wrong (one stated count off by one)
    breakdown: bool = False  # 其中：省重点项目 under the grand total
    rate: str = "none"  # none | right | wrong (one 完成率 cell off by 5 points)
    summary: str = "none"  # none | right | wrong (one 汇总 figure off)
    unnamed: bool = False  # one numbered project row without a name
    # Extra non-project rows: (position among the rows under the header, label, column,
    # a figure written in the money columns or None). Never projects, whatever they say.
    extra: tuple[tuple[int, str, str, float | None], ...] = ()
    n: int = 12
    seed: int = 0


@dataclass
class Expected:
    projects: int
    annual_plan: float
    completed_ytd: float
    regions: dict[str, tuple[int, float, float]]
    totals: tuple[int, int]  # (checked, agreed) 合计/小计/其中/section rows with figures
    counts: tuple[int, int]
    rates: tuple[int, int]
    summary: tuple[int, int]
    mismatches: list[tuple[str, str]] = field(default_factory=list)  # (where, code)


@dataclass
class Built:
    path: Path
    projects: list[Project]
    expected: Expected


def invent(rng: random.Random, n: int, unnamed: bool) -> list[Project]:
    out = []
    for i in range(n):
        plan = None if i == 3 else float(rng.randrange(100, 50000)) + rng.choice((0.0, 0.5))
        done = None if i == 5 else round((plan or 3000) * rng.uniform(0.02, 0.6), 1)
        form = rng.choice(NAME_FORMS)
        out.append(Project(
            name=form.format(f"{rng.choice('东西南北')}区{rng.choice(('厂房', '管网', '医院'))}"
                             f"项目{i + 1:03d}", n=i + 1),
            region=REGIONS[i % len(REGIONS)], level=LEVELS[(i // 2) % 2],
            stage=STAGES[i % 2], plan=plan, done=done,
            named=not (unnamed and i == n - 2)))  # fmt: skip
    return out


def _count_label(rng: random.Random, base: str, n: int) -> str:
    return base + rng.choice((f"（{n}个）", f"（{n}项）", f"({n}项)", f"{n}个", f"（共{n}个项目）"))


def build(spec: TotalsSpec, folder: Path, name: str) -> Built:
    """Write the ledger of ``spec`` to ``folder`` and return its expected figures."""
    rng = random.Random(spec.seed)
    projects = invent(rng, spec.n, spec.unnamed)
    projects.sort(key=lambda p: REGIONS.index(p.region))
    region_col = spec.regions == "column"
    heads: list[Cell] = ["序号", "县(市、区)", "项目名称", "建设内容", "项目级别", "建设性质",
             "年度计划投资(万元)", "1-3月完成投资(万元)"]  # fmt: skip
    if spec.rate != "none":
        heads.append("完成率(%)")
    col = {k: i for i, k in enumerate(("seq", "region", "name", "content", "level", "stage",
                                       "plan", "done", "rate"))}  # fmt: skip
    rows: list[list[Cell]] = [["2024年漳州市重点项目推进情况表（1-3月）"] + [None] * 7, heads]
    exp_totals = [0, 0]
    exp_counts = [0, 0]
    exp_rates = [0, 0]
    mismatches: list[tuple[str, str]] = []
    wrong_count_done = [spec.counts != "wrong"]
    wrong_rate_done = [spec.rate != "wrong"]

    def place() -> str:
        return rng.choice(LABEL_COLUMNS) if spec.label_column == "random" else spec.label_column

    def sums(ps: list[Project]) -> tuple[float, float]:
        return sum(p.plan or 0 for p in ps), sum(p.done or 0 for p in ps)

    def label_row(text: str, ps: list[Project] | None, count: bool, where: str | None = None):
        """A row with ``text`` in a text column and (if ``ps``) the sums of ``ps``."""
        row: list[Cell] = [None] * len(heads)
        at = where or place()
        if count and spec.counts != "none" and ps is not None:
            stated = len(ps)
            if not wrong_count_done[0]:
                stated += 1
                wrong_count_done[0] = True
                mismatches.append((f"{SHEET}!第{len(rows) + 1}行", "count_mismatch"))
            text = _count_label(rng, text, stated)
            exp_counts[0] += 1
            exp_counts[1] += int(stated == len(ps))
        row[col[at]] = text
        if ps is not None and rng.random() < 0.8:
            plan, done = sums(ps or [])
            row[col["plan"]], row[col["done"]] = plan, done
            exp_totals[0] += 1
            exp_totals[1] += 1
            if spec.rate != "none" and plan > 0:
                row[col["rate"]] = round(done / plan * 100, 2)
                exp_rates[0] += 1
                exp_rates[1] += 1
        rows.append(row)

    def grand_total() -> None:
        form = rng.choice(("合计", "总计", "全市合计", "合计{}", "合计{}"))
        label_row(form.replace("{}", ""), projects, "{}" in form)
        if spec.breakdown:
            members = [p for p in projects if p.level == "省重点"]
            label_row("其中：省重点项目", members, False)

    if spec.total == "top":
        grand_total()
    seq = 0
    numbering = rng.choice(("{}、", "（{}）"))
    for k, region in enumerate(REGIONS):
        block = [p for p in projects if p.region == region]
        if spec.regions in ("before", "both"):
            label_row(numbering.format(CN[k]) + region, block, True)
        for p in block:
            seq += 1
            row: list[Cell] = [None] * len(heads)
            row[col["seq"]] = seq
            row[col["name"]] = p.name if p.named else None
            row[col["content"]] = rng.choice(("新建厂房3万平方米", "一、主体工程；二、配套", None))
            row[col["region"]] = p.region if region_col else None
            row[col["level"]], row[col["stage"]] = p.level, p.stage
            row[col["plan"]], row[col["done"]] = p.plan, p.done
            if not p.named:
                mismatches.append((f"{SHEET}!C{len(rows) + 1}", "name_missing"))
            if spec.rate != "none" and p.plan and p.done is not None:
                rate = round(p.done / p.plan * 100, 1)
                exp_rates[0] += 1
                if not wrong_rate_done[0]:
                    rate += 5.0
                    wrong_rate_done[0] = True
                    mismatches.append((f"{SHEET}!I{len(rows) + 1}", "rate_mismatch"))
                else:
                    exp_rates[1] += 1
                row[col["rate"]] = rate
            rows.append(row)
        if spec.regions in ("after", "both"):
            label_row(f"{region}合计", block, True)
    if spec.total == "bottom":
        grand_total()
    rows.append(["注：本表由各县（市、区）发改局填报。"])
    for pos, text, at, figure in spec.extra:
        row = [None] * len(heads)
        row[col[at]] = text
        row[col["plan"]] = row[col["done"]] = figure
        rows.insert(2 + pos % (len(rows) - 1), row)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    for r in rows:
        ws.append(r)
    exp_summary = (0, 0)
    if spec.summary != "none":
        exp_summary, bad = _summary(wb, projects, spec.summary == "wrong")
        mismatches += bad
    path = folder / f"{name}.xlsx"
    wb.save(path)
    plan, done = sums(projects)
    regions = {r: (len(ps), *sums(ps)) for r in REGIONS if (ps := [p for p in projects
                                                                   if p.region == r])}  # fmt: skip
    return Built(path, projects, Expected(
        len(projects), plan, done, regions, (exp_totals[0], exp_totals[1]),
        (exp_counts[0], exp_counts[1]), (exp_rates[0], exp_rates[1]), exp_summary,
        sorted(mismatches)))  # fmt: skip


def _summary(
    wb: Workbook, projects: list[Project], wrong: bool
) -> tuple[tuple[int, int], list[tuple[str, str]]]:
    ws = wb.create_sheet("汇总", 0)
    ws.append(["2024年重点项目汇总表"])
    ws.append(["县(市、区)", "项目个数", "年度计划投资(万元)", "1-3月完成投资(万元)"])
    bad: list[tuple[str, str]] = []
    n = 0
    for i, region in enumerate(REGIONS):
        ps = [p for p in projects if p.region == region]
        plan = sum(p.plan or 0 for p in ps)
        done = sum(p.done or 0 for p in ps)
        if wrong and i == 1:
            plan += 100.0
            bad.append((f"汇总!C{ws.max_row + 1}", "summary_mismatch"))
        ws.append([region, len(ps), plan, done])
        n += 1
    ws.append(["合计", len(projects), sum(p.plan or 0 for p in projects),
               sum(p.done or 0 for p in projects)])  # fmt: skip
    n += 1
    return (n, n - len(bad)), bad
