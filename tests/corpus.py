"""A corpus of messy ledgers (台账), built feature by feature, with the figures they must give.

Each ledger is made from project records this module invents (:func:`invent_projects`),
laid out as a :class:`Spec` says (title rows, header depth, sections, totals, notes,
units, wide monthly columns, several sheets, traditional headers, text numbers) and
written in one format (xlsx, xlsm, xls, ods, CSV in three encodings, HTML saved as
.xls). The expected figures are computed directly from the records (:func:`expect`),
never by calling projtrack.

Used by ``tests/test_layouts.py``; also a script that writes the whole corpus and an
``expected.json`` to a folder::

    python tests/corpus.py /tmp/corpus
"""

from __future__ import annotations

import csv
import html
import io
import json
import random
import sys
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from functools import cache
from pathlib import Path

YEAR = 2024
REGIONS = ("旌阳区", "中江县", "什邡市", "绵竹市", "广汉市", "罗江区")
LEVELS = ("省重点", "市重点", "县重点")
CATEGORIES = ("产业项目", "基础设施项目", "社会民生项目")
STAGES = ("续建", "新开工")
PLACES = ("高新区", "经开区", "城北", "城南", "工业园", "物流园", "凯江", "石亭江", "白马关")
THINGS = ("标准化厂房建设", "污水处理厂扩建", "智能制造产业园", "冷链物流中心", "人民医院迁建",
          "农村公路提档升级", "光伏发电", "老旧小区改造", "职业学校实训楼", "天然气管网延伸",
          "高标准农田建设", "文旅融合提升")  # fmt: skip
CN_NUM = "一二三四五六七八九十"
EMPTY_MARKERS = ("—", "/", "-", "无", "")
FORMATS = ("xlsx", "xlsm", "xls", "ods", "csv", "csv-bom", "csv-gb", "html-xls")
SUFFIX = {"xlsx": ".xlsx", "xlsm": ".xlsm", "xls": ".xls", "ods": ".ods", "csv": ".csv",
          "csv-bom": ".csv", "csv-gb": ".csv", "html-xls": ".xls"}  # fmt: skip
BY = ("region", "level", "category")

Cell = str | int | float | datetime | None


# ----------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Project:
    """One invented project; money in 万元, ``months[i]`` completed in month i + 1."""

    name: str
    region: str
    level: str
    category: str
    stage: str
    total: float | None
    plan: float | None
    months: tuple[float | None, ...]
    start: date

    def ytd(self, month: int) -> float | None:
        """Completed from January to ``month`` (None when no month has a figure)."""
        done = [m for m in self.months[:month] if m is not None]
        return sum(done) if done else None

    def span(self, first: int, last: int) -> float | None:
        """Completed in months first..last."""
        done = [m for m in self.months[first - 1 : last] if m is not None]
        return sum(done) if done else None


def invent_projects(rng: random.Random, n: int, regions: tuple[str, ...] = REGIONS[:3]):
    """``n`` projects spread over regions, levels and categories (each used at least once)."""
    projects = []
    for i in range(n):
        plan: float | None = float(rng.randrange(300, 90000))
        if rng.random() < 0.3:
            plan = plan + 0.5
        if i == 4:
            plan = None  # an empty plan still counts as a project
        months = tuple(
            None if rng.random() < 0.12 else round((plan or 5000) * rng.uniform(0.01, 0.12), 1)
            for _ in range(12)
        )
        if i == 6:
            months = (None,) * 12  # nothing reported yet
        projects.append(
            Project(
                name=f"{rng.choice(PLACES)}{rng.choice(THINGS)}项目({i + 1:03d})",
                region=regions[i % len(regions)],
                level=LEVELS[i % 3] if i >= 3 else LEVELS[i],
                category=CATEGORIES[(i // 3) % 3] if i >= 3 else CATEGORIES[(i + 1) % 3],
                stage=STAGES[i % 2],
                total=None if i == 9 else float(round((plan or 8000) * rng.uniform(1.2, 6))),
                plan=plan,
                months=months,
                start=date(rng.choice((2022, 2023, 2024)), rng.randrange(1, 13), 1),
            )
        )
    return projects


# ----------------------------------------------------------------------------- spec


@dataclass(frozen=True)
class Spec:
    """How one ledger is laid out. Every field is one layout feature."""

    fmt: str = "xlsx"  # one of FORMATS
    title: bool = True  # a title row and a unit / 填报单位 row above the header
    depth: int = 1  # header rows: 1, 2 (1-N月完成投资 over 金额 | 占年度计划%), 3
    sections: str = "none"  # none | level | category | level+category
    section_figures: bool = False  # section rows carry their subtotals
    subtotals: bool = False  # a 小计 row closes each (innermost) section
    total: str = "none"  # none | top (合计 under the header) | bottom (总计)
    seq_restart: bool = False  # 序号 restarts at 1 in each section
    blank_rows: bool = False
    notes: bool = False  # 注:… and 填报人:… under the table
    units: str = "header"  # header (万元) | title 单位:万元 | yi 单位:亿元 | mixed
    text_numbers: bool = False  # "12,345.5", full-width digits, —, /, -, 无 as empty
    traditional: bool = False  # traditional characters and full-width punctuation
    wide: str = "none"  # none | monthly | jan-feb | cumulative
    sheets: str = "single"  # single | region (+汇总, 说明) | level (+汇总)
    month: int = 3
    n: int = 12
    seed: int = 0

    def check(self) -> Spec:
        """Raise ValueError for combinations a real ledger cannot have."""
        if self.fmt not in FORMATS:
            raise ValueError(f"unknown format {self.fmt}")
        if self.fmt.startswith(("csv", "html")) and self.sheets != "single":
            raise ValueError("CSV and HTML ledgers have one sheet")
        if self.units == "yi" and not self.title:
            raise ValueError("a 亿元 title unit needs a title")
        if self.sheets == "level" and "level" in self.sections:
            raise ValueError("level comes from the sheets")
        if self.wide in ("jan-feb", "cumulative") and self.month < 2:
            raise ValueError("1-2月 columns need month >= 2")
        if not 1 <= self.month <= 11:
            raise ValueError("month must leave a future month column: 1-11")
        return self


@dataclass
class Expected:
    """What ``projtrack rank --format json`` must say, computed from the records."""

    as_of: str
    projects: int
    annual_plan: float
    completed_ytd: float
    groups: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)


@dataclass
class Case:
    """A written ledger with its expected figures and the CLI arguments it needs."""

    name: str
    path: Path
    spec: Spec
    expected: Expected
    projects: list[Project] = field(default_factory=list)
    args: tuple[str, ...] = ()


# ----------------------------------------------------------------------------- text


@cache
def _s2t():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("s2t")


_FULL = str.maketrans({"(": "（", ")": "）", ":": "：", "-": "－", ",": "，", "%": "％"})


def _text(spec: Spec, text: str, *, label: bool = True) -> str:
    """Header or label text as the ledger writes it: traditional + full-width if asked."""
    if not spec.traditional:
        return text
    out = _s2t().convert(text)
    return out.translate(_FULL) if label else out


def _value(spec: Spec, text: str) -> str:
    """A value (region, category, level) as written: converted, never full-width."""
    return _text(spec, text, label=False)


@cache
def _t2s():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


def group_label(spec: Spec, text: str) -> str:
    """A county or category as a ranking names it: written in traditional characters only, it
    is named in simplified ones, as the title and every sentence around it are."""
    return str(_t2s().convert(_value(spec, text)))


def expect(projects: list[Project], spec: Spec) -> Expected:
    """Totals and per-group sums straight from the records (SPEC §4: empty counts as 0)."""
    m = spec.month

    def key(p: Project, by: str) -> str:
        if by == "region":
            return group_label(spec, p.region)
        if by == "level":
            from_column = spec.sheets != "level" and "level" not in spec.sections
            return _value(spec, p.level) if from_column else p.level
        return group_label(spec, p.category)

    groups: dict[str, dict[str, dict[str, float]]] = {}
    for by in BY:
        table: dict[str, dict[str, float]] = {}
        for p in projects:
            row = table.setdefault(key(p, by), {"projects": 0, "annual_plan": 0.0,
                                                "completed_ytd": 0.0})  # fmt: skip
            row["projects"] += 1
            row["annual_plan"] += p.plan or 0.0
            row["completed_ytd"] += p.ytd(m) or 0.0
        groups[by] = table
    last = date(YEAR, m + 1, 1).toordinal() - 1
    return Expected(
        as_of=date.fromordinal(last).isoformat(),
        projects=len(projects),
        annual_plan=sum(p.plan or 0.0 for p in projects),
        completed_ytd=sum(p.ytd(m) or 0.0 for p in projects),
        groups=groups,
    )


# ----------------------------------------------------------------------------- grid


@dataclass
class Sheet:
    """A sheet as a grid of cells plus its merged ranges (0-based, inclusive)."""

    name: str
    rows: list[list[Cell]] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass(frozen=True)
class Col:
    """One leaf column: its header path (parent first) and what it holds."""

    key: str  # seq name region level category stage owner start total plan done rate
    path: tuple[str, ...]  # progress remarks, done:a:b, progress:a:b for wide columns


def _units(spec: Spec) -> dict[str, str]:
    """Unit suffix of each money header, the parent (depth 3) and the title line."""
    wan, yi = "(万元)", "(亿元)"
    if spec.units == "header":
        parent = wan if spec.depth == 3 else ""
        leaf = "" if spec.depth == 3 else wan
        return {"total": leaf, "plan": leaf, "done": leaf, "parent": parent, "title": ""}
    if spec.units == "mixed":
        return {"total": yi, "plan": wan, "done": wan, "parent": "", "title": "单位:亿元"}
    title = "单位:亿元" if spec.units == "yi" else "单位:万元"
    return {"total": "", "plan": "", "done": "", "parent": "", "title": title}


def _factor(spec: Spec, key: str) -> float:
    """Divide 万元 by this to write the column's unit."""
    if spec.units == "yi" or (spec.units == "mixed" and key == "total"):
        return 1e4
    return 1.0


def _periods(spec: Spec) -> list[tuple[int, int]]:
    """The (first, last) months of the wide columns, one future (empty) column included."""
    end = spec.month + 1
    if spec.wide == "monthly":
        return [(m, m) for m in range(1, end + 1)]
    if spec.wide == "jan-feb":
        return [(1, 2), *((m, m) for m in range(3, end + 1))]
    return [(1, m) for m in range(2, end + 1)]


def _columns(spec: Spec) -> list[Col]:
    u = _units(spec)
    m = spec.month
    done = f"1-{m}月完成投资" if m > 1 else "1月完成投资"
    total, plan = f"总投资{u['total']}", f"{YEAR}年计划投资{u['plan']}"
    parent = f"投资情况{u['parent']}"
    cols = [Col("seq", ("序号",)), Col("name", ("项目名称",))]
    if spec.sheets != "region":
        cols.append(Col("region", ("县(市、区)",)))
    if spec.sheets != "level" and "level" not in spec.sections:
        cols.append(Col("level", ("项目级别",)))
    if "category" not in spec.sections:
        cols.append(Col("category", ("项目类别",)))
    cols += [
        Col("stage", ("建设性质",)),
        Col("owner", ("业主单位",)),
        Col("start", ("计划开工时间",)),
    ]
    top = (parent,) if spec.depth == 3 else ()
    cols += [Col("total", (*top, total)), Col("plan", (*top, plan))]
    if spec.wide == "none":
        if spec.depth == 1:
            cols += [Col("done", (done + u["done"],)), Col("rate", ("完成率(%)",))]
        else:
            cols += [Col("done", (*top, done + u["done"], "金额")),
                     Col("rate", (*top, done + u["done"], "占年度计划(%)"))]  # fmt: skip
        cols.append(Col("progress", ("形象进度",)))
    else:
        for a, b in _periods(spec):
            label = f"{a}月" if a == b else f"{a}-{b}月"
            if spec.depth == 1:
                paths = ((f"{label}完成投资{u['done']}",), (f"{label}形象进度",))
            else:
                paths = ((*top, label, f"完成投资{u['done']}"), (*top, label, "形象进度"))
            cols += [Col(f"done:{a}:{b}", paths[0]), Col(f"progress:{a}:{b}", paths[1])]
    cols.append(Col("remarks", ("备注",)))
    return cols


def _header(sheet: Sheet, spec: Spec, cols: list[Col]) -> None:
    """Write the header rows with merged parents (horizontal) and leaves (vertical)."""
    depth = max(len(c.path) for c in cols)
    base = len(sheet.rows)
    grid: list[list[Cell]] = [[None] * len(cols) for _ in range(depth)]
    for level in range(depth):
        j = 0
        while j < len(cols):
            path = cols[j].path
            if level >= len(path):
                j += 1
                continue
            if level == len(path) - 1:  # a leaf: merged down to the last header row
                grid[level][j] = _text(spec, path[level])
                if level < depth - 1:
                    sheet.merges.append((base + level, j, base + depth - 1, j))
                j += 1
                continue
            k = j
            while (
                k + 1 < len(cols)
                and cols[k + 1].path[: level + 1] == path[: level + 1]
                and (len(cols[k + 1].path) > level + 1)
            ):
                k += 1
            grid[level][j] = _text(spec, path[level])
            if k > j:
                sheet.merges.append((base + level, j, base + level, k))
            j = k + 1
    sheet.rows.extend(grid)


def _number(spec: Spec, rng: random.Random, value: float | None, factor: float) -> Cell:
    """A money cell: a number, or with text_numbers a formatted text / an empty marker."""
    if value is None:
        return rng.choice(EMPTY_MARKERS) if spec.text_numbers else None
    v = value / factor
    if factor != 1:
        v = round(v, 6)
    if not spec.text_numbers or (spec.fmt.startswith("csv") and rng.random() < 0.3):
        return v
    style = rng.randrange(3)
    text = f"{v:,.6f}".rstrip("0").rstrip(".") if style == 0 else f"{v:.6f}".rstrip("0").rstrip(".")
    if style == 1:
        text = text.translate({ord(d): chr(0xFF10 + int(d)) for d in "0123456789"})
    return text


def _date(rng: random.Random, d: date, fmt: str) -> Cell:
    style = rng.randrange(4)
    if style == 0 and not fmt.startswith(("csv", "html")):
        return datetime(d.year, d.month, d.day)
    return (f"{d:%Y-%m}", f"{d.year}年{d.month}月", f"{d:%Y.%m}", f"{d:%Y-%m-%d}")[style]


def _project_row(spec: Spec, rng: random.Random, cols: list[Col], p: Project, seq: int):
    row: list[Cell] = []
    m = spec.month
    for c in cols:
        key = c.key
        if key == "seq":
            row.append(seq if rng.random() < 0.7 else str(seq))
        elif key == "name":
            row.append(p.name)
        elif key in ("region", "level", "category", "stage"):
            row.append(_value(spec, getattr(p, key)))
        elif key == "owner":
            row.append(f"{p.region}城市建设投资有限公司")
        elif key == "start":
            row.append(_date(rng, p.start, spec.fmt))
        elif key == "total":
            row.append(_number(spec, rng, p.total, _factor(spec, "total")))
        elif key == "plan":
            row.append(_number(spec, rng, p.plan, _factor(spec, "plan")))
        elif key == "done":
            row.append(_number(spec, rng, p.ytd(m), _factor(spec, "done")))
        elif key == "rate":
            ytd = p.ytd(m)
            rate = None if not p.plan or ytd is None else round(ytd / p.plan * 100, 2)
            row.append(f"{rate}%" if rate is not None and rng.random() < 0.5 else rate)
        elif key == "progress":
            row.append(_value(spec, "主体工程施工中"))
        elif key.startswith("done:"):
            a, b = map(int, key.split(":")[1:])
            value = None if b > m else (p.ytd(b) if spec.wide == "cumulative" else p.span(a, b))
            row.append(_number(spec, rng, value, _factor(spec, "done")) if b <= m else None)
        elif key.startswith("progress:"):
            b = int(key.split(":")[2])
            row.append(_value(spec, f"完成总工程量的{min(95, 10 * b)}%") if b <= m else None)
        else:
            row.append(None)
    return row


def _sum_row(spec: Spec, cols: list[Col], projects: list[Project], label_cells: dict[str, Cell]):
    """A row carrying the sums of ``projects`` in every money column (合计/小计/section)."""
    m = spec.month
    row: list[Cell] = []
    for c in cols:
        key = c.key
        if key in label_cells:
            row.append(label_cells[key])
            continue
        values: list[float | None]
        if key == "total":
            values = [p.total for p in projects]
        elif key == "plan":
            values = [p.plan for p in projects]
        elif key == "done":
            values = [p.ytd(m) for p in projects]
        elif key.startswith("done:"):
            a, b = map(int, key.split(":")[1:])
            if b > m:
                row.append(None)
                continue
            values = [p.ytd(b) if spec.wide == "cumulative" else p.span(a, b) for p in projects]
        else:
            row.append(None)
            continue
        money = key if key in ("total", "plan") else "done"
        row.append(round(sum(v or 0.0 for v in values) / _factor(spec, money), 6))
    return row


def _label_cells(spec: Spec, sheet: Sheet, cols: list[Col], seq: str | None, label: str,
                 style: int) -> dict[str, Cell]:  # fmt: skip
    """The label of a section/total row: in 序号+名称, merged over both, or in 名称 alone."""
    name_at = next(i for i, c in enumerate(cols) if c.key == "name")
    if style == 1:
        sheet.merges.append((len(sheet.rows), 0, len(sheet.rows), name_at))
        return {"seq": _text(spec, (seq or "") + label), "name": None}
    if style == 2 or seq is None:
        return {"seq": None, "name": _text(spec, (seq or "") + label)}
    return {"seq": _text(spec, seq.rstrip("、")), "name": _text(spec, label)}


def _sections(spec: Spec, projects: list[Project]):
    """[(top label, [(sub label | None, projects)])] in the order the sheet lists them."""
    if spec.sections == "none":
        return [(None, [(None, projects)])]
    top_key = "category" if spec.sections == "category" else "level"
    out = []
    tops = list(dict.fromkeys(getattr(p, top_key) for p in projects))
    for i, top in enumerate(tops):
        members = [p for p in projects if getattr(p, top_key) == top]
        label = f"{top}项目" if top_key == "level" else top
        top_label = (f"{CN_NUM[i]}、", f"{label}({len(members)}个)")
        if spec.sections != "level+category":
            out.append((top_label, [(None, members)]))
            continue
        subs = []
        for j, cat in enumerate(dict.fromkeys(p.category for p in members)):
            inner = [p for p in members if p.category == cat]
            subs.append(((f"({CN_NUM[j]})", cat), inner))
        out.append((top_label, subs))
    return out


def _sheet(spec: Spec, rng: random.Random, name: str, scope: str, projects: list[Project]):
    cols = _columns(spec)
    sheet = Sheet(name)
    width = len(cols)
    u = _units(spec)
    if spec.title:
        period = "月报表" if spec.wide != "none" else f"(1-{spec.month}月)"
        sheet.rows.append([_text(spec, f"{YEAR}年{scope}重点项目推进情况表{period}")]
                          + [None] * (width - 1))  # fmt: skip
        sheet.merges.append((0, 0, 0, width - 1))
        unit_row: list[Cell] = [_text(spec, f"填报单位:{scope}发展和改革局")] + [None] * (width - 1)
        if u["title"]:
            unit_row[-1] = _text(spec, u["title"])
        sheet.rows.append(unit_row)
        sheet.merges.append((1, 0, 1, 3))
    _header(sheet, spec, cols)
    total_label = "合计" if spec.total == "top" else "总计"
    if spec.total == "top":
        style = rng.randrange(3)
        cells = _label_cells(spec, sheet, cols, None, total_label, style)
        sheet.rows.append(_sum_row(spec, cols, projects, cells))
    seq = 0
    for top, subs in _sections(spec, projects):
        if spec.seq_restart:
            seq = 0
        if top is not None:
            style = rng.randrange(3)
            members = [p for _, ps in subs for p in ps]
            cells = _label_cells(spec, sheet, cols, top[0], top[1], style)
            row = (
                _sum_row(spec, cols, members, cells)
                if spec.section_figures
                else [cells.get(c.key) for c in cols]
            )
            sheet.rows.append(row)
        for sub, members in subs:
            if sub is not None:
                cells = _label_cells(spec, sheet, cols, sub[0], sub[1], rng.randrange(3))
                row = (
                    _sum_row(spec, cols, members, cells)
                    if spec.section_figures
                    else [cells.get(c.key) for c in cols]
                )
                sheet.rows.append(row)
            for p in members:
                seq += 1
                sheet.rows.append(_project_row(spec, rng, cols, p, seq))
                if spec.blank_rows and rng.random() < 0.2:
                    sheet.rows.append([None] * width)
            if spec.subtotals and (top is not None or sub is not None):
                cells = {"name": _text(spec, "小计")}
                sheet.rows.append(_sum_row(spec, cols, members, cells))
        if spec.blank_rows:
            sheet.rows.append([None] * width)
    if spec.total == "bottom":
        cells = _label_cells(spec, sheet, cols, None, total_label, rng.randrange(3))
        sheet.rows.append(_sum_row(spec, cols, projects, cells))
    if spec.notes:
        sheet.rows.append([None] * width)
        period = "按月填报" if spec.wide != "none" else f"为1-{spec.month}月累计数"
        for text in (
            f"注:1.本表由各县(市、区)发展改革部门填报;2.完成投资{period}。",
            f"填报人:张三    审核人:李四    填报日期:{YEAR}年{spec.month + 1}月5日",
        ):
            sheet.merges.append((len(sheet.rows), 0, len(sheet.rows), width - 1))
            sheet.rows.append([_text(spec, text)] + [None] * (width - 1))  # fmt: skip
    return sheet


def _summary(spec: Spec, key: str, projects: list[Project]) -> Sheet:
    """A 汇总 sheet: one row per sheet group with counts and sums, no project names."""
    sheet = Sheet(_text(spec, "汇总"))
    head = "县(市、区)" if key == "region" else "项目级别"
    sheet.rows.append([_text(spec, f"{YEAR}年重点项目推进情况汇总表")] + [None] * 4)
    sheet.merges.append((0, 0, 0, 4))
    sheet.rows.append([_text(spec, h) for h in
                       (head, "项目个数", "年度计划投资(万元)", "完成投资(万元)", "完成率(%)")])  # fmt: skip
    for g in dict.fromkeys(getattr(p, key) for p in projects):
        ps = [p for p in projects if getattr(p, key) == g]
        plan = sum(p.plan or 0 for p in ps)
        done = sum(p.ytd(spec.month) or 0 for p in ps)
        sheet.rows.append([_value(spec, g), len(ps), plan, done, round(done / plan * 100, 2)])
    return sheet


def layout(spec: Spec, projects: list[Project]) -> list[Sheet]:
    """The sheets of a ledger for ``spec`` (pure: no file is written)."""
    spec.check()
    rng = random.Random(spec.seed + 7)
    order = {k: i for i, k in enumerate(LEVELS + CATEGORIES)}
    if "level" in spec.sections:
        projects = sorted(projects, key=lambda p: (order[p.level], order[p.category]))
    elif spec.sections == "category":
        projects = sorted(projects, key=lambda p: order[p.category])
    if spec.sheets == "single":
        return [_sheet(spec, rng, "重点项目", "", projects)]
    key = spec.sheets
    sheets = [_summary(spec, key, projects)]
    for g in sorted(dict.fromkeys(getattr(p, key) for p in projects), key=str):
        ps = [p for p in projects if getattr(p, key) == g]
        name = _value(spec, g if key == "region" else f"{g}项目")
        sheets.append(_sheet(spec, rng, name, _value(spec, g) if key == "region" else "", ps))
    if key == "region":
        sheets.append(Sheet(_text(spec, "填表说明"), [[_text(spec, "1.请各县如实填报。")],
                                                        [_text(spec, "2.金额单位为万元。")]]))  # fmt: skip
    return sheets


# ----------------------------------------------------------------------------- writers


def _padded(sheet: Sheet) -> list[list[Cell]]:
    width = sheet.width
    return [row + [None] * (width - len(row)) for row in sheet.rows]


def _covered(sheet: Sheet) -> tuple[dict[tuple[int, int], tuple[int, int]], set[tuple[int, int]]]:
    spans, covered = {}, set()
    for r1, c1, r2, c2 in sheet.merges:
        spans[(r1, c1)] = (r2 - r1 + 1, c2 - c1 + 1)
        covered |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)} - {(r1, c1)}
    return spans, covered


def write_xlsx(sheets: list[Sheet], path: Path) -> None:
    """openpyxl, merged cells for real (also used for .xlsm: calamine reads both alike)."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name)
        for r, row in enumerate(sheet.rows):
            for c, value in enumerate(row):
                if value is not None:
                    ws.cell(row=r + 1, column=c + 1, value=value)
        for r1, c1, r2, c2 in sheet.merges:
            ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1,
                           end_column=c2 + 1)  # fmt: skip
    wb.save(path)


def write_xls(sheets: list[Sheet], path: Path) -> None:
    """Excel 97-2003 (BIFF8) with xlwt, merges via write_merge."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for sheet in sheets:
        ws = book.add_sheet(sheet.name)
        spans, covered = _covered(sheet)
        for r, row in enumerate(sheet.rows):
            for c, value in enumerate(row):
                if (r, c) in covered:
                    continue
                style = date_style if isinstance(value, datetime) else xlwt.Style.default_style
                if (r, c) in spans:
                    h, w = spans[(r, c)]
                    ws.write_merge(r, r + h - 1, c, c + w - 1, value, style)
                elif value is not None:
                    ws.write(r, c, value, style)
    book.save(str(path))


def write_ods(sheets: list[Sheet], path: Path) -> None:
    """OpenDocument with odfpy: spanned cells plus covered cells, as LibreOffice writes."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    for sheet in sheets:
        table = Table(name=sheet.name)
        spans, covered = _covered(sheet)
        for r, row in enumerate(_padded(sheet)):
            tr = TableRow()
            for c, value in enumerate(row):
                if (r, c) in covered:
                    tr.addElement(CoveredTableCell())
                    continue
                kw: dict[str, object] = {}
                if (r, c) in spans:
                    kw["numberrowsspanned"], kw["numbercolumnsspanned"] = spans[(r, c)]
                if value is None:
                    cell = TableCell(**kw)
                elif isinstance(value, datetime):
                    cell = TableCell(valuetype="date", datevalue=f"{value:%Y-%m-%d}", **kw)
                    cell.addElement(P(text=f"{value:%Y-%m-%d}"))
                elif isinstance(value, int | float):
                    cell = TableCell(valuetype="float", value=value, **kw)
                    cell.addElement(P(text=str(value)))
                else:
                    cell = TableCell(valuetype="string", **kw)
                    cell.addElement(P(text=value))
                tr.addElement(cell)
            table.addElement(tr)
        doc.spreadsheet.addElement(table)
    doc.save(str(path))


def _plain(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def write_csv(sheet: Sheet, path: Path, encoding: str) -> None:
    """As Excel saves CSV: merged cells keep their text in the first cell only."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(
        [_plain(v) for v in row] for row in _padded(sheet)
    )
    path.write_bytes(buffer.getvalue().encode(encoding))


def write_html_xls(sheet: Sheet, path: Path) -> None:
    """What web platforms export as .xls: an HTML table with rowspan/colspan, GB2312 declared."""
    spans, covered = _covered(sheet)
    out = ['<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
           "</head><body><table border=1>"]  # fmt: skip
    for r, row in enumerate(_padded(sheet)):
        out.append("<tr>")
        for c, value in enumerate(row):
            if (r, c) in covered:
                continue
            h, w = spans.get((r, c), (1, 1))
            attrs = (f' rowspan="{h}"' if h > 1 else "") + (f' colspan="{w}"' if w > 1 else "")
            out.append(f"<td{attrs}>{html.escape(_plain(value))}</td>")
        out.append("</tr>\n")
    out.append("</table></body></html>")
    path.write_bytes("".join(out).encode("gb18030"))


def write(sheets: list[Sheet], path: Path, fmt: str) -> None:
    """Write the sheets in ``fmt`` (one of FORMATS) to ``path``."""
    if fmt in ("xlsx", "xlsm"):
        write_xlsx(sheets, path)
    elif fmt == "xls":
        write_xls(sheets, path)
    elif fmt == "ods":
        write_ods(sheets, path)
    elif fmt.startswith("csv"):
        encoding = {"csv": "utf-8", "csv-bom": "utf-8-sig", "csv-gb": "gb18030"}[fmt]
        write_csv(sheets[0], path, encoding)
    else:
        write_html_xls(sheets[0], path)


# ----------------------------------------------------------------------------- corpus


def build(spec: Spec, folder: Path, name: str) -> Case:
    """Invent projects, lay them out per ``spec``, write the file, return it with its figures."""
    spec.check()
    rng = random.Random(spec.seed)
    projects = invent_projects(rng, spec.n)
    path = Path(folder) / f"{name}{SUFFIX[spec.fmt]}"
    write(layout(spec, projects), path, spec.fmt)
    # Without a title, a one-column ledger of January says only "1月完成投资", which
    # projtrack does not read as a period (yet): give the month as a user would.
    args = ("--month", "1") if not spec.title and spec.wide == "none" and spec.month == 1 else ()
    return Case(name, path, spec, expect(projects, spec), projects, args)


# One ledger per layout feature of the issue; names have no digits (the file name is
# also read for the period).
FEATURES: dict[str, Spec] = {
    "plain": Spec(),
    "title-unit-line": Spec(units="title"),
    "no-title": Spec(title=False),
    "header-depth-two": Spec(depth=2),
    "header-depth-three": Spec(depth=3),
    "sections-level": Spec(sections="level"),
    "sections-category": Spec(sections="category"),
    "sections-with-subtotals": Spec(sections="level", section_figures=True),
    "sections-nested": Spec(sections="level+category", section_figures=True, n=18),
    "subtotal-rows": Spec(sections="level+category", subtotals=True),
    "total-top": Spec(total="top", sections="level", section_figures=True),
    "total-bottom": Spec(total="bottom", subtotals=True, sections="level"),
    "blank-rows": Spec(blank_rows=True, sections="level"),
    "footer-notes": Spec(notes=True),
    "seq-restart": Spec(sections="level", seq_restart=True),
    "sheets-per-county": Spec(sheets="region", total="bottom"),
    "sheets-per-level": Spec(sheets="level", sections="category"),
    "wide-monthly": Spec(wide="monthly", month=5),
    "wide-jan-feb": Spec(wide="jan-feb", month=4),
    "wide-cumulative": Spec(wide="cumulative", month=6, title=False),
    "wide-depth-two": Spec(wide="cumulative", depth=2, month=3, sections="level"),
    "wide-depth-three": Spec(wide="monthly", depth=3, month=2, total="bottom"),
    "wide-january": Spec(wide="monthly", month=1),
    "units-yi-title": Spec(units="yi"),
    "units-mixed": Spec(units="mixed", depth=2),
    "text-numbers": Spec(text_numbers=True),
    "traditional": Spec(traditional=True, depth=2, sections="level+category", total="top"),
    # Found by hypothesis: sheets named 省重點 | 市重點 | 縣重點 are levels too.
    "traditional-level-sheets": Spec(traditional=True, sheets="level", units="header", n=7),
    "format-xls": Spec(fmt="xls", depth=2, sections="level", section_figures=True),
    "format-xlsm": Spec(fmt="xlsm", depth=2),
    "format-ods": Spec(fmt="ods", depth=3, sections="level"),
    "format-csv-utf": Spec(fmt="csv", title=False),
    "format-csv-bom": Spec(fmt="csv-bom", sections="level"),
    "format-csv-gb": Spec(fmt="csv-gb", text_numbers=True, units="mixed"),
    "format-html-xls": Spec(fmt="html-xls", depth=2, sections="level+category"),
    "xls-per-county": Spec(fmt="xls", sheets="region", depth=2),
    "ods-wide": Spec(fmt="ods", wide="jan-feb", month=3, depth=2),
    "everything": Spec(depth=3, sections="level+category", section_figures=True, subtotals=True,
                       total="top", seq_restart=True, blank_rows=True, notes=True, units="mixed",
                       text_numbers=True, traditional=True, sheets="region", n=30),
}  # fmt: skip


def build_all(folder: Path) -> list[Case]:
    """Write every feature ledger to ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    return [build(replace(spec, seed=i), folder, name)
            for i, (name, spec) in enumerate(FEATURES.items())]  # fmt: skip


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python tests/corpus.py OUT_DIR", file=sys.stderr)
        return 2
    folder = Path(argv[0])
    cases = build_all(folder)
    expected = {c.path.name: {"spec": asdict(c.spec), **asdict(c.expected)} for c in cases}
    (folder / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1))
    print(f"wrote {len(cases)} ledgers and expected.json to {folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
