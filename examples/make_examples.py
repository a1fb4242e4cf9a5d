"""Generate the example ledger ``zhongjiang_2024_q1.xlsx`` and its CSV twin.

The figures reproduce the published 中江县 2024 一季度 report (SPEC §3): 72 key projects,
6 省重点 (162000 of 373616 万元 = 43.36%) and 66 市重点 (333000 of 1233333 万元 = 27.0%),
495000 of 1606949 万元 = 30.8% overall. Output is deterministic: running the script twice
yields byte-identical files. Usage (from the repo root): ``python examples/make_examples.py``.
"""

from __future__ import annotations

import csv
import io
import random
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.xml.functions import tostring

HERE = Path(__file__).parent
STAMP = datetime(2024, 4, 2, 9, 0)
AS_OF = date(2024, 3, 31)
TITLE = "2024年中江县重点项目推进情况表(1-3月)"
# fmt: off
HEADERS = ("序号 项目名称 项目级别 建设性质 所在乡镇 业主单位 责任单位 总投资 2024年计划投资 "
           "1-3月完成投资 计划开工时间 实际开工时间 形象进度 存在问题").split()
FIELDS = "name level stage town owner dept total plan done planned actual progress problem".split()
TARGETS = {"省重点": (6, 373616, 162000), "市重点": (66, 1233333, 333000)}  # n, plan, done
PARK, SEAT = "中江高新区", "凯江镇"
BUCKETS = {"省重点": [(40000, 90000)], "市重点": [(3000, 12000), (12000, 30000), (30000, 55000)]}
TOWNS = "凯江镇 南华镇 集凤镇 辑庆镇 仓山镇 永太镇 兴隆镇 龙台镇".split()
CITY = "中江县城市建设投资集团有限公司 中江县国有资产经营有限公司"
# dept: (name templates, owners, extra weight, plan size factor, dept-specific 形象进度)
DEPTS: dict[str, tuple[str, str, int, float, str]] = {
    "县发改局": ("中江县{town}城乡冷链物流中心项目 中江县{town}分布式光伏发电项目 "
             "中江县{town}天然气管网延伸工程 中江县{town}以工代赈示范项目", CITY, 2, 0.8,
             "设备安装调试中 主体工程完成{p}%"),
    "县经信局": ("年产{prod}{tail} 中江县{town}中小企业创业园建设项目",
             "中江县工业投资发展有限公司", 5, 1.2, "厂房钢结构吊装完成{p}% 设备安装调试中"),
    "中江高新区管委会": ("中江高新区{zone}标准化厂房建设项目 中江高新区{zone}基础设施配套工程 "
                  "年产{prod}{tail}", "中江县高新产业投资有限公司", 5, 1.2,
                  "主体工程完成{p}% 设备安装调试中"),
    "县交通运输局": ("G350线中江段改建工程 S106线{town}段改建工程 {town}至县城快速通道建设项目 "
                 "中江县{town}农村公路提档升级工程", "中江县交通建设投资有限公司", 2, 1.5,
                 "路基工程完成{p}%,正在进行路面施工 桥梁下部结构完成{p}%"),
    "县水利局": ("中江县凯江河道综合治理工程 中江县{town}灌区续建配套与节水改造项目 "
             "中江县{town}水厂扩建及管网延伸工程 中江县{town}山洪沟防洪治理工程",
             "中江县水务投资有限公司 中江县水利局", 2, 1.2, "堤防工程完成{p}% 管网铺设完成{p}%"),
    "县住建局": ("中江县{town}老旧小区改造项目 中江县{town}场镇污水处理设施建设项目 "
             "中江县{town}城市更新项目 中江县生活垃圾焚烧发电项目", CITY, 2, 0.8,
             "管网铺设完成{p}% 主体结构完成{p}% 外立面改造完成{p}%"),
    "县农业农村局": ("中江县{town}高标准农田建设项目 中江县{town}现代农业园区建设项目 "
                 "中江挂面产业园建设项目 中江县{town}丹参种植及加工基地项目",
                 "中江县兴农投资有限公司 中江县农业农村局", 2, 0.6,
                 "土地平整完成{p}% 沟渠配套完成{p}%"),
    "县教育局": ("中江县{town}中心学校改扩建工程 中江县{town}公办幼儿园新建项目 "
             "中江县职业中专学校实训楼建设项目", "中江县教育局", 1, 0.4,
             "主体结构完成{p}% 装饰装修施工中"),
    "县卫健局": ("中江县人民医院门诊综合楼建设项目 中江县中医院医养结合中心建设项目 "
             "中江县{town}中心卫生院改扩建项目 中江县妇幼保健院迁建项目",
             "中江县人民医院 中江县卫生健康局", 1, 0.9, "主体结构完成{p}% 装饰装修施工中"),
    "县文广旅局": ("中江县{town}文旅融合提升项目 中江县文化馆图书馆建设项目 "
               "中江县{town}乡村旅游示范区建设项目", "中江县文化旅游发展有限公司", 1, 0.5,
               "景观工程完成{p}% 游客中心主体完工"),
}
BIG = ["县经信局", "中江高新区管委会", "县交通运输局", "县水利局", "县卫健局"]  # may be 省重点
PRODUCTS = ("5万吨高端铝型材 30万吨新型环保建材 2万吨精细化工中间体 1万吨锂电池正极材料 "
            "10万吨食品级淀粉 8万吨特种纸 6万吨玻璃纤维 3万吨电子级磷酸 12万吨再生铜杆 "
            "20万吨生物有机肥 50万套智能家居 100万套汽车零部件 5亿只精密电子元器件 "
            "20万台新能源电机 3万台套智能配电设备 2000万件医疗器械耗材 1.5万吨中江挂面 "
            "3000吨中药饮片 10万吨饲料 2万吨再生塑料 20万立方米加气混凝土砌块 5万吨预制菜 "
            "1200万平方米光伏玻璃 10万吨白酒 4万吨冷冻食品 15万吨钢结构件").split()
TAILS = ["项目", "生产线项目", "智能制造项目"]
ZONES = "南区 北区 智能制造产业园 食品产业园 新材料产业园 电子信息产业园".split()
BRANDS = "鑫瑞 华宇 恒泰 金凯 润丰 宏达源 天骄 蜀川 博远 德益 川江 众鑫".split()
GENERIC = "完成总工程量的{p}% 完成年度目标任务的{p}% "
STARTING = "完成场平及桩基施工 基础工程施工中 完成临设搭建,正在进行土方开挖 桩基施工完成{p}%"
IDLE = "正在开展前期工作 施工图审查中 正在办理用地手续 可研已批复,正在开展初步设计 正在招标"
PRE_PROBLEMS = ("用地报批进度缓慢,尚未取得施工许可 资金到位不足,融资贷款未落实 环评审批尚未完成 "
                "征地拆迁存在阻工 专项债券资金尚未下达 林地征占用手续未办结 土地挂牌出让未完成")
RUN_PROBLEMS = ("施工图设计变更,影响施工进度 电力管线迁改进度滞后 业主资金链紧张,施工队伍减少 "
                "地质条件复杂,桩基施工进度缓慢 资金到位不足,工程款支付滞后 设备采购合同未签订 "
                "原材料价格上涨,施工单位进场人员不足 交叉施工协调难度大")
# fmt: on


@dataclass
class Project:
    """One ledger row (amounts in 万元); ``status`` is running|new|unstarted|later."""

    level: str
    dept: str
    stage: str = "续建"
    status: str = "running"
    name: str = ""
    town: str = ""
    owner: str = ""
    total: int = 0
    plan: int = 0
    done: int = 0
    planned: date | None = None
    actual: date | None = None
    progress: str = ""
    problem: str | None = None


def _day(rng: random.Random, start: date, end: date) -> date:
    """Return a random date in [start, end]."""
    return start + timedelta(days=rng.randint(0, (end - start).days))


def _fit(raw: list[float], total: int, step: int) -> list[int]:
    """Scale ``raw`` to multiples of ``step`` summing to ``total``; the last non-zero entry
    absorbs the rounding residual."""
    k = total / sum(raw)
    out = [round(x * k / step) * step for x in raw]
    out[max(i for i, x in enumerate(out) if x > 0)] += total - sum(out)
    return out


def _name(
    rng: random.Random, p: Project, towns: list[str], products: list[str], used: set[str]
) -> None:
    """Pick a unique project name, its town and its owner from the department's templates."""
    templates, owners, *_ = DEPTS[p.dept]
    while True:
        tpl = rng.choice(templates.split())
        if "{prod}" in tpl and not products:
            continue
        town = towns[0] if "{town}" in tpl else SEAT
        prod = products[-1] if products else ""
        name = tpl.format(town=town, zone=rng.choice(ZONES), prod=prod, tail=rng.choice(TAILS))
        if name not in used:
            break
    used.add(name)
    if "{town}" in tpl:
        towns.pop(0)
    if "{prod}" in tpl:
        products.pop()
    p.name, p.town = name, PARK if "年产" in name or p.dept == PARK + "管委会" else town
    company = f"四川{rng.choice(BRANDS)}{rng.choice(['实业', '科技', '集团'])}有限公司"
    p.owner = company if "年产" in name else rng.choice(owners.split())


def _rate(rng: random.Random, p: Project) -> float:
    """Draw a plausible completion rate for the project's level and status."""
    if p.status == "unstarted":
        return 0.0
    if p.status == "later":
        return 0.0 if rng.random() < 0.6 else rng.uniform(0.01, 0.05)
    if p.level == "省重点":
        return rng.uniform(0.30, 0.60)
    lo, hi = rng.choices([(0.05, 0.2), (0.2, 0.4), (0.4, 0.6), (0.6, 0.8)], [15, 50, 22, 13])[0]
    return rng.uniform(lo, hi)


def build() -> list[Project]:
    """Generate the 72 projects deterministically from ``random.Random(2024)``."""
    rng = random.Random(2024)
    names = list(DEPTS)
    depts = names * 3 + rng.choices(names, [spec[2] for spec in DEPTS.values()], k=36)
    rng.shuffle(depts)
    depts = [rng.choice(BIG) for _ in range(6)] + depts
    projects = [Project("省重点" if i < 6 else "市重点", d) for i, d in enumerate(depts)]
    towns, products = TOWNS * 3, PRODUCTS[:]
    rng.shuffle(towns)
    rng.shuffle(products)
    towns += rng.choices(TOWNS, k=72)
    used: set[str] = set()
    for p in projects:
        _name(rng, p, towns, products, used)
    city_new = rng.sample(range(6, 72), 27)  # 27 + 2 provincial = 29 新开工 (about 40%)
    for k, i in enumerate([1, 4, *city_new]):
        projects[i].stage = "新开工"
        projects[i].status = "unstarted" if 2 <= k < 6 else "later" if 6 <= k < 18 else "new"
    for p in projects:
        if p.status == "running":
            p.planned = _day(rng, date(2021, 3, 1), date(2023, 11, 30))
            p.actual = p.planned + timedelta(days=rng.randint(0, 45))
        elif p.status == "later":
            p.planned = _day(rng, date(2024, 4, 10), date(2024, 9, 28))
        else:
            due = date(2024, 3, 20) if p.level == "市重点" else date(2024, 2, 20)
            p.planned = _day(rng, date(2024, 1, 5), due)
            if p.status == "new":
                p.actual = min(AS_OF, p.planned + timedelta(days=rng.randint(0, 20)))
    for level, (_, plan_sum, done_sum) in TARGETS.items():
        group = [p for p in projects if p.level == level]
        plans = [rng.uniform(*rng.choice(BUCKETS[level])) * DEPTS[p.dept][3] for p in group]
        rates = [_rate(rng, p) for p in group]
        for p, plan in zip(group, _fit(plans, plan_sum, 100), strict=True):
            p.plan, p.total = plan, round(plan * rng.uniform(2.0, 6.0) / 100) * 100
        raw = [p.plan * r for p, r in zip(group, rates, strict=True)]
        for p, done in zip(group, _fit(raw, done_sum, 1), strict=True):
            p.done = done
    for p in projects:  # 形象进度, then 存在问题 for all 应开未开 plus 8 lagging projects
        texts = {"running": GENERIC + DEPTS[p.dept][4], "new": STARTING}.get(p.status, IDLE)
        p.progress = rng.choice(texts.split()).format(p=rng.randrange(30, 95, 5))
    lagging = [p for p in projects if p.actual and p.done < 0.25 * p.plan]
    flagged = [p for p in projects if p.status == "unstarted"] + rng.sample(lagging, 8)
    texts = rng.sample(PRE_PROBLEMS.split(), 4) + rng.sample(RUN_PROBLEMS.split(), 8)
    for p, text in zip(flagged, texts, strict=True):
        p.problem = text
    return projects


def _row(i: int, p: Project) -> list[object]:
    """Return the 14 cell values of project ``p`` with 序号 ``i``."""
    return [i, *(getattr(p, field) for field in FIELDS)]


def _text(value: object) -> str:
    """Render a cell value as CSV text: empty for None, ISO format for dates."""
    return value.isoformat() if isinstance(value, date) else "" if value is None else str(value)


def _width(value: object) -> float:
    """Approximate Excel display width (CJK characters count double)."""
    return sum(2.1 if ord(c) > 0x2E80 else 1.1 for c in _text(value))


def write_xlsx(projects: list[Project], path: Path) -> None:
    """Write the tidy ledger workbook with fixed metadata and fixed zip timestamps."""
    wb = Workbook()
    ws = wb.active
    ws.title = "重点项目"
    last = get_column_letter(len(HEADERS))
    ws["A1"], ws["L2"] = TITLE, "单位:万元"
    ws.merge_cells(f"A1:{last}1")
    ws.merge_cells(f"L2:{last}2")
    ws["A1"].font, ws["A1"].alignment = Font(bold=True, size=16), Alignment(horizontal="center")
    ws["L2"].alignment = Alignment(horizontal="right")
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    rows = [HEADERS] + [_row(i, p) for i, p in enumerate(projects, 1)]
    for r, values in enumerate(rows, 3):
        for c, value in enumerate(values, 1):
            cell = ws.cell(r, c, value)
            cell.border = box
            if r == 3:
                cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="D9E1F2")
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            elif 8 <= c <= 10:
                cell.number_format = "#,##0"
            elif c in (11, 12):
                cell.number_format = "yyyy-mm-dd"
    ws.cell(len(rows) + 4, 1, "注:本表数据截至2024年3月31日。")  # row 76 stays blank
    ws.cell(len(rows) + 5, 1, "填报人:张某某    审核人:李某某")
    for c in range(1, len(HEADERS) + 1):
        width = max(_width(row[c - 1]) for row in rows)
        ws.column_dimensions[get_column_letter(c)].width = min(max(width + 2, 10), 48)
    ws.freeze_panes = "A4"
    wb.properties.creator = "中江县发展和改革局"
    wb.properties.created = wb.properties.modified = STAMP
    buf = io.BytesIO()
    wb.save(buf)  # openpyxl resets `modified` to now() and stamps zip entries with the clock,
    wb.properties.modified = STAMP  # so rewrite core.xml and every entry's timestamp
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "docProps/core.xml":
                data = tostring(wb.properties.to_tree())
            fixed = zipfile.ZipInfo(info.filename, STAMP.timetuple()[:6])
            dst.writestr(fixed, data, compress_type=zipfile.ZIP_DEFLATED)
    path.write_bytes(out.getvalue())


def write_csv(projects: list[Project], path: Path) -> None:
    """Write the CSV twin: UTF-8 with BOM, header row only, ISO dates, ``\\n`` line endings."""
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(HEADERS)
        for i, p in enumerate(projects, 1):
            out.writerow([_text(value) for value in _row(i, p)])


def check(projects: list[Project]) -> None:
    """Assert the published totals and the plausibility rules of the example."""
    for level, (n, plan_sum, done_sum) in TARGETS.items():
        group = [p for p in projects if p.level == level]
        assert len(group) == n, level
        assert sum(p.plan for p in group) == plan_sum, level
        assert sum(p.done for p in group) == done_sum, level
    assert (sum(p.done for p in projects), sum(p.plan for p in projects)) == (495000, 1606949)
    assert len({p.name for p in projects}) == 72
    assert all(0 < p.plan <= p.total and 0 <= p.done <= 0.95 * p.plan for p in projects)
    for key in ("town", "dept"):
        values = [getattr(p, key) for p in projects]
        assert len(set(values)) >= 9 and min(map(values.count, values)) >= 3, key
    assert sum(p.stage == "新开工" for p in projects) == 29
    assert sum(p.status == "unstarted" and p.actual is None for p in projects) == 4
    assert sum(p.problem is not None for p in projects) == 12


def main() -> None:
    """Build, check and write both example files next to this script."""
    projects = build()
    check(projects)
    write_xlsx(projects, HERE / "zhongjiang_2024_q1.xlsx")
    write_csv(projects, HERE / "zhongjiang_2024_q1.csv")
    print(f"wrote {len(projects)} projects to {HERE}")


if __name__ == "__main__":
    main()
