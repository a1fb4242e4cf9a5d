"""Generate large synthetic ledgers (台账) for the performance benchmarks.

For each size (1k, 10k, 100k projects) three files are written into ``benchmarks/data/``:

* ``tidy_<N>.xlsx`` — one sheet: a title row, a unit row, one header row with the 13
  columns 序号 项目名称 县(市、区) 项目级别 建设性质 责任单位 总投资 2024年计划投资
  1-6月完成投资 计划开工时间 实际开工时间 形象进度 存在问题, then one row per project.
* ``tidy_<N>.csv`` — the same rows as UTF-8 CSV (title and unit rows included).
* ``messy_<N>.xlsx`` — one sheet per county plus a 汇总 sheet. Each county sheet has a
  title, a "填报单位:… / 单位:万元" line, a two-row merged header ("1-6月完成投资" merged
  over "金额" | "占年度计划(%)", the other headers merged vertically), a 合计 row, section
  rows "一、省重点项目(N个)" / "(一)产业项目" carrying subtotal figures, project rows,
  and notes at the bottom (注:…, 填报人:…).

Everything is derived from a seeded ``random.Random``, so the same command always gives
the same ledgers. The .xlsx files are written with xlsxwriter in ``constant_memory``
mode (rows in order, strings inline), which keeps generation fast and flat in memory.
Existing files are kept unless ``--force`` is given.

Usage (from the repo root)::

    .venv/bin/python benchmarks/make_ledgers.py                 # 1k, 10k, 100k
    .venv/bin/python benchmarks/make_ledgers.py --sizes 1000 10000 --force
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import xlsxwriter
import xlsxwriter.utility

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
SIZES = (1_000, 10_000, 100_000)
SEED = 20240630
YEAR = 2024
PERIOD = "1-6月"

COUNTIES = ("旌阳区 罗江区 广汉市 什邡市 绵竹市 中江县 涪城区 游仙区 安州区 江油市 "
            "三台县 盐亭县").split()  # fmt: skip
SUMMARY_SHEET = "汇总"
TIDY_HEADERS = [
    "序号", "项目名称", "县(市、区)", "项目级别", "建设性质", "责任单位", "总投资",
    f"{YEAR}年计划投资", f"{PERIOD}完成投资", "计划开工时间", "实际开工时间", "形象进度",
    "存在问题",
]  # fmt: skip
# Messy header: (parent, child) per column; a child of None means merged vertically.
MESSY_HEADERS: list[tuple[str, str | None]] = [
    *((h, None) for h in TIDY_HEADERS[:8]),
    (f"{PERIOD}完成投资", "金额"),
    (f"{PERIOD}完成投资", "占年度计划(%)"),
    *((h, None) for h in TIDY_HEADERS[9:]),
]
CATEGORIES = ("产业项目", "基础设施项目", "社会民生项目")
CN_NUM = "一二三四五六七八九十"
DEPTS = ("发改局 经信局 交通运输局 水利局 住建局 农业农村局 教育局 卫健局 文广旅局 "
         "自然资源局 生态环境局 商务局 应急管理局 投促局 国资中心").split()  # fmt: skip
PARK_DEPTS = ("高新区管委会", "经开区管委会")
TOWNS = ("城关镇 南华镇 集凤镇 辑庆镇 仓山镇 永太镇 兴隆镇 龙台镇 黄鹿镇 广福镇 石泉乡 "
         "东北镇 通济镇 富新镇 天元镇 清平镇").split()  # fmt: skip
PRODUCTS = ("高端铝型材 新型环保建材 精细化工中间体 锂电池正极材料 食品级淀粉 特种纸 玻璃纤维 "
            "电子级磷酸 再生铜杆 生物有机肥 智能家居 汽车零部件 精密电子元器件 新能源电机 "
            "智能配电设备 医疗器械耗材 中药饮片 饲料 再生塑料 预制菜 光伏玻璃 白酒 冷冻食品 "
            "钢结构件").split()  # fmt: skip
NAME_TEMPLATES = {
    "产业项目": ("年产{q}万吨{prod}项目", "{brand}{prod}智能制造项目", "{town}{prod}生产线技改项目",
             "{park}{zone}标准化厂房建设项目"),
    "基础设施项目": ("{town}至{town2}公路改建工程", "{town}污水处理厂提标改造工程",
               "{town}水厂扩建及管网延伸工程", "{town}片区城市更新项目", "{park}基础设施配套工程"),
    "社会民生项目": ("{town}中心学校改扩建工程", "{town}中心卫生院改扩建项目",
               "{town}老旧小区改造项目", "{town}养老服务中心建设项目", "{town}农贸市场建设项目"),
}  # fmt: skip
ZONES = "南区 北区 智能制造产业园 食品产业园 新材料产业园 电子信息产业园".split()
BRANDS = "鑫瑞 华宇 恒泰 金凯 润丰 宏达源 天骄 蜀川 博远 德益 川江 众鑫".split()
PROGRESS = ("主体工程完成{p}%", "基础工程施工中", "设备安装调试中", "厂房钢结构吊装完成{p}%",
            "路基工程完成{p}%,正在进行路面施工", "管网铺设完成{p}%", "装饰装修施工中",
            "完成年度目标任务的{p}%", "前期手续办理中", "土地平整完成{p}%")  # fmt: skip
PROBLEMS = ("用地指标未落实", "环评手续正在办理", "资金到位不足,融资困难", "征地拆迁进度滞后",
            "施工许可证尚未取得", "设计方案待调整", "原材料价格上涨,施工进度放缓")  # fmt: skip


@dataclass
class Project:
    """One generated project row."""

    name: str
    county: str
    level: str  # 省重点 / 市重点
    category: str
    stage: str  # 新开工 / 续建
    responsible: str
    total: float
    plan: float
    done: float | None
    planned_start: datetime
    actual_start: datetime | None
    progress: str
    problem: str | None


def make_projects(n: int, seed: int = SEED) -> list[Project]:
    """``n`` projects spread over the counties, each county with its own pace."""
    rnd = random.Random(seed + n)
    pace = {c: rnd.uniform(0.30, 0.62) for c in COUNTIES}  # county completion rate
    weights = [rnd.uniform(0.5, 1.5) for _ in COUNTIES]
    projects = []
    seen: dict[str, int] = {}
    for _ in range(n):
        county = rnd.choices(COUNTIES, weights)[0]
        level = "省重点" if rnd.random() < 0.12 else "市重点"
        category = rnd.choices(CATEGORIES, (5, 3, 2))[0]
        stage = "新开工" if rnd.random() < 0.4 else "续建"
        dept = rnd.choice(PARK_DEPTS if category == "产业项目" and rnd.random() < 0.3 else DEPTS)
        town, town2 = rnd.sample(TOWNS, 2)
        name = rnd.choice(NAME_TEMPLATES[category]).format(
            q=rnd.choice((1, 2, 3, 5, 8, 10, 20, 30, 50)), prod=rnd.choice(PRODUCTS),
            brand=rnd.choice(BRANDS), town=town, town2=town2, park=county[:-1] + "高新区",
            zone=rnd.choice(ZONES),
        )  # fmt: skip
        if not name.startswith(county[:-1]):
            name = county[:-1] + name
        # Names are unique, as in a real ledger: a repeated one becomes 二期, 三期, …
        phase = seen[name] = seen.get(name, 0) + 1
        if phase > 1:
            name = f"{name}({phase}期)"
        big = 4.0 if level == "省重点" else 1.0
        total = round(rnd.lognormvariate(9.6, 0.8) * big, 0)  # 万元, ~15k median
        plan = round(total * rnd.uniform(0.15, 0.45), 0)
        rate = min(1.3, max(0.0, rnd.gauss(pace[county], 0.18)))
        done = round(plan * rate, 1) if rnd.random() > 0.01 else None
        if stage == "新开工":
            planned = datetime(YEAR, rnd.randint(1, 11), rnd.randint(1, 28))
        else:
            planned = datetime(rnd.randint(2019, YEAR - 1), rnd.randint(1, 12), rnd.randint(1, 28))
        started = planned + timedelta(days=rnd.randint(-10, 60))
        actual = started if started <= datetime(YEAR, 6, 30) and rnd.random() > 0.1 else None
        if actual is None:
            progress = "前期手续办理中"
        else:
            progress = rnd.choice(PROGRESS).format(p=rnd.randrange(10, 100, 5))
        problem = rnd.choice(PROBLEMS) if rnd.random() < 0.2 else None
        projects.append(Project(name, county, level, category, stage, f"{county[:2]}{dept}",
                                total, plan, done, planned, actual, progress, problem))  # fmt: skip
    return projects


def _row(p: Project) -> list[object]:
    """The 13 tidy columns after 序号 (dates as datetime, money as float)."""
    return [p.name, p.county, p.level, p.stage, p.responsible, p.total, p.plan, p.done,
            p.planned_start, p.actual_start, p.progress, p.problem]  # fmt: skip


class _Writer:
    """Thin wrapper around an xlsxwriter workbook with the few formats the ledgers use."""

    def __init__(self, path: Path) -> None:
        self.wb = xlsxwriter.Workbook(str(path), {"constant_memory": True,
                                                  "strings_to_numbers": False,
                                                  "strings_to_formulas": False,
                                                  "strings_to_urls": False})  # fmt: skip
        # A fixed creation time, so that the same seed gives byte-identical files.
        self.wb.set_properties({"created": datetime(YEAR, 7, 5, 9, 0)})
        add = self.wb.add_format
        self.title = add({"bold": True, "font_size": 16, "align": "center"})
        self.head = add({"bold": True, "border": 1, "align": "center", "valign": "vcenter",
                         "text_wrap": True, "bg_color": "#DDEBF7"})  # fmt: skip
        self.text = add({"border": 1})
        self.money = add({"border": 1, "num_format": "#,##0.00"})
        self.pct = add({"border": 1, "num_format": "0.0"})
        self.date = add({"border": 1, "num_format": "yyyy-mm-dd"})
        self.section = add({"bold": True, "border": 1, "bg_color": "#F2F2F2"})
        self.section_money = add({"bold": True, "border": 1, "bg_color": "#F2F2F2",
                                  "num_format": "#,##0.00"})  # fmt: skip
        self.note = add({"italic": True})
        # 列号 → format of a project cell (tidy column order, 0 = 序号).
        self.kinds = [self.text] * 6 + [self.money] * 3 + [self.date] * 2 + [self.text] * 2

    def write_project(self, ws, r: int, values: list[object], kinds: list) -> None:  # type: ignore[no-untyped-def]
        for c, (value, fmt) in enumerate(zip(values, kinds, strict=True)):
            if value is None:
                ws.write_blank(r, c, None, fmt)
            elif isinstance(value, str):
                ws.write_string(r, c, value, fmt)
            elif isinstance(value, datetime):
                ws.write_datetime(r, c, value, fmt)
            else:
                ws.write_number(r, c, value, fmt)


def write_tidy(projects: list[Project], xlsx: Path, csv_path: Path) -> None:
    """The tidy ledger as .xlsx and as .csv (same rows)."""
    w = _Writer(xlsx)
    ws = w.wb.add_worksheet("台账")
    width = len(TIDY_HEADERS)
    title = f"{YEAR}年全市重点项目推进情况表({PERIOD})"
    ws.merge_range(0, 0, 0, width - 1, title, w.title)
    ws.write_string(1, width - 1, "单位:万元")
    for c, h in enumerate(TIDY_HEADERS):
        ws.write_string(2, c, h, w.head)
    for i, p in enumerate(projects):
        w.write_project(ws, 3 + i, [i + 1, *_row(p)], w.kinds)
    ws.set_column(1, 1, 40)
    w.wb.close()
    with csv_path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow([title] + [""] * (width - 1))
        out.writerow([""] * (width - 1) + ["单位:万元"])
        out.writerow(TIDY_HEADERS)
        for i, p in enumerate(projects):
            values = [i + 1, *_row(p)]
            out.writerow(["" if v is None else v.strftime("%Y-%m-%d")
                          if isinstance(v, datetime) else _num(v) for v in values])  # fmt: skip


def _num(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _sums(group: list[Project]) -> tuple[float, float, float]:
    total = round(sum(p.total for p in group), 2)
    plan = round(sum(p.plan for p in group), 2)
    done = round(sum(p.done or 0.0 for p in group), 2)
    return total, plan, done


def write_messy(projects: list[Project], xlsx: Path) -> None:
    """The messy ledger: one sheet per county (sections, subtotals, notes) plus 汇总."""
    w = _Writer(xlsx)
    width = len(MESSY_HEADERS)
    by_county = {c: [p for p in projects if p.county == c] for c in COUNTIES}
    # 汇总 first, as offices usually put it.
    ws = w.wb.add_worksheet(SUMMARY_SHEET)
    heads = ["序号", "县(市、区)", "项目个数", f"{YEAR}年计划投资", f"{PERIOD}完成投资",
             "完成率(%)"]  # fmt: skip
    ws.merge_range(0, 0, 0, len(heads) - 1, f"{YEAR}年全市重点项目推进情况汇总表({PERIOD})",
                   w.title)  # fmt: skip
    ws.write_string(1, len(heads) - 1, "单位:万元")
    for c, h in enumerate(heads):
        ws.write_string(2, c, h, w.head)
    r = 3
    for k, county in enumerate(COUNTIES, start=1):
        _, plan, done = _sums(by_county[county])
        w.write_project(ws, r, [k, county, len(by_county[county]), plan, done,
                                round(100 * done / plan, 1) if plan else None],
                        [w.text, w.text, w.text, w.money, w.money, w.pct])  # fmt: skip
        r += 1
    _, plan, done = _sums(projects)
    w.write_project(ws, r, [None, "合计", len(projects), plan, done,
                            round(100 * done / plan, 1) if plan else None],
                    [w.section, w.section, w.section, w.section_money, w.section_money,
                     w.section_money])  # fmt: skip
    kinds = [*w.kinds[:9], w.pct, *w.kinds[9:]]
    sec_kinds = [w.section, w.section, *[w.section] * 4, *[w.section_money] * 4,
                 *[w.section] * 4]  # fmt: skip
    for county in COUNTIES:
        group = by_county[county]
        ws = w.wb.add_worksheet(county)
        ws.merge_range(0, 0, 0, width - 1, f"{YEAR}年{county}重点项目推进情况表({PERIOD})",
                       w.title)  # fmt: skip
        ws.merge_range(1, 0, 1, 3, f"填报单位:{county}发展和改革局")
        ws.merge_range(1, width - 3, 1, width - 1, "单位:万元")
        # constant_memory writes rows strictly in order, so the two header rows are
        # written cell by cell first and their merged areas registered afterwards.
        for r in (2, 3):
            for c, (parent, child) in enumerate(MESSY_HEADERS):
                text = (
                    parent
                    if r == 2 and (c == 0 or MESSY_HEADERS[c - 1][0] != parent)
                    else child
                    if r == 3
                    else None
                )
                if text:
                    ws.write_string(r, c, text, w.head)
                else:
                    ws.write_blank(r, c, None, w.head)
        for c, (_, child) in enumerate(MESSY_HEADERS):
            if child is None:
                _register_merge(ws, 2, c, 3, c)
        _register_merge(ws, 2, 8, 2, 9)
        r = 4
        r = _section_row(w, ws, r, "合计", group, sec_kinds, label_col=1)
        seq = 0
        for t, level in enumerate(("省重点", "市重点")):
            in_level = [p for p in group if p.level == level]
            if not in_level:
                continue
            label = f"{CN_NUM[t]}、{level}项目({len(in_level)}个)"
            r = _section_row(w, ws, r, label, in_level, sec_kinds, label_col=0, merge=True)
            for s, category in enumerate(CATEGORIES):
                in_cat = [p for p in in_level if p.category == category]
                if not in_cat:
                    continue
                label = f"({CN_NUM[s]}){category}"
                r = _section_row(w, ws, r, label, in_cat, sec_kinds, label_col=0, merge=True)
                for p in in_cat:
                    seq += 1
                    values = _row(p)
                    rate = (
                        round(100 * p.done / p.plan, 1) if p.done is not None and p.plan else None
                    )
                    w.write_project(ws, r, [seq, *values[:8], rate, *values[8:]], kinds)
                    r += 1
        r += 1  # a blank row before the notes
        ws.write_string(r, 0, f"注:1.本表数据截至{YEAR}年6月30日;2.完成率=1-6月完成投资/"
                              f"{YEAR}年计划投资;3.金额单位为万元。", w.note)  # fmt: skip
        ws.write_string(r + 1, 0, "填报人:张明  审核人:李华  联系电话:0838-2201234", w.note)
        ws.set_column(1, 1, 40)
    w.wb.close()


def _register_merge(ws, first_row: int, first_col: int, last_row: int, last_col: int) -> None:  # type: ignore[no-untyped-def]
    """Mark an already-written area as merged.

    ``merge_range`` cannot be used for a header spanning two rows in constant_memory
    mode: it writes the blank under the first cell at once, which flushes the upper row
    and makes the next ``merge_range`` on it fail. The cells are written beforehand, so
    only the merge record is needed; it is what ``merge_range`` stores too.
    """
    ref = xlsxwriter.utility.xl_range(first_row, first_col, last_row, last_col)
    for r in range(first_row, last_row + 1):
        for c in range(first_col, last_col + 1):
            ws.merged_cells[(r, c)] = ref
    ws.merge.append([first_row, first_col, last_row, last_col])


def _section_row(w: _Writer, ws, r: int, label: str, group: list[Project], kinds: list,  # type: ignore[no-untyped-def]
                 *, label_col: int, merge: bool = False) -> int:  # fmt: skip
    """A 合计 / section row with the subtotal figures of ``group``; return the next row."""
    total, plan, done = _sums(group)
    values: list[object] = [None] * len(kinds)
    values[label_col] = label
    values[6], values[7], values[8] = total, plan, done
    values[9] = round(100 * done / plan, 1) if plan else None
    if merge:
        ws.merge_range(r, 0, r, 1, label, kinds[0])
        values = values[2:]
        kinds = kinds[2:]
        for c, (value, fmt) in enumerate(zip(values, kinds, strict=True), start=2):
            if value is None:
                ws.write_blank(r, c, None, fmt)
            else:
                ws.write(r, c, value, fmt)
    else:
        w.write_project(ws, r, values, kinds)
    return r + 1


def paths(n: int) -> dict[str, Path]:
    """The files generated for size ``n``."""
    return {
        "tidy": DATA / f"tidy_{n}.xlsx",
        "tidy-csv": DATA / f"tidy_{n}.csv",
        "messy": DATA / f"messy_{n}.xlsx",
    }


def generate(sizes: list[int], *, force: bool = False, quiet: bool = False) -> None:
    """Write the ledgers of each size, skipping files that already exist (unless ``force``)."""
    DATA.mkdir(parents=True, exist_ok=True)
    for n in sizes:
        files = paths(n)
        if not force and all(p.exists() and p.stat().st_size for p in files.values()):
            if not quiet:
                print(f"{n:>7} projects: reusing {', '.join(p.name for p in files.values())}")
            continue
        t0 = time.perf_counter()
        projects = make_projects(n)
        # Write to temporary names first so an interrupted run never leaves a half file.
        tmp = {k: p.with_name(p.stem + ".part" + p.suffix) for k, p in files.items()}
        write_tidy(projects, tmp["tidy"], tmp["tidy-csv"])
        write_messy(projects, tmp["messy"])
        for k, p in tmp.items():
            p.replace(files[k])
        if not quiet:
            print(f"{n:>7} projects: wrote {', '.join(p.name for p in files.values())} "
                  f"in {time.perf_counter() - t0:.1f} s")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--force", action="store_true", help="rewrite existing files")
    args = parser.parse_args(argv)
    generate(args.sizes, force=args.force)
    return 0


if __name__ == "__main__":
    sys.exit(main())
