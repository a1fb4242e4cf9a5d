"""Generate the example ledgers: ``zhongjiang_2024_q1.xlsx`` with its CSV twin (tidy) and
``deyang_2022_1-9.xlsx`` (a messy city workbook, see the 德阳市 section below).

The figures reproduce the published 中江县 2024 一季度 report (SPEC §3): 72 key projects,
6 省重点 (162000 of 373616 万元 = 43.36%) and 66 市重点 (333000 of 1233333 万元 = 27.0%),
495000 of 1606949 万元 = 30.8% overall. 德阳市 2022 1-9月: 379 projects, 总投资 5050 亿元,
plan 859 亿元, completed 923 亿元 = 107.5%. Output is deterministic: running the script twice
yields byte-identical files. Usage (from the repo root): ``python examples/make_examples.py``.
"""

from __future__ import annotations

import csv
import io
import random
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
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
    save_fixed(wb, path, "中江县发展和改革局", STAMP)


def save_fixed(wb: Workbook, path: Path, creator: str, stamp: datetime) -> None:
    """Save ``wb`` with fixed metadata and fixed zip timestamps (byte-identical reruns)."""
    wb.properties.creator = creator
    wb.properties.created = wb.properties.modified = stamp
    buf = io.BytesIO()
    wb.save(buf)  # openpyxl resets `modified` to now() and stamps zip entries with the clock,
    wb.properties.modified = stamp  # so rewrite core.xml and every entry's timestamp
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "docProps/core.xml":
                data = tostring(wb.properties.to_tree())
            fixed = zipfile.ZipInfo(info.filename, stamp.timetuple()[:6])
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


# ----------------------------------------------------------------------------- 德阳市 2022 1-9月
# The second example is a messy city workbook (SPEC §3, §5): a 汇总 sheet, then one sheet
# per county or park with a two-row merged header, a 合计 row, section rows with their
# subtotals, 序号 restarting per section, nested sub-sections and notes. Amounts are kept
# in 0.01 亿元 (百万元) as integers so every sum is exact at two decimals.

DY_STAMP = datetime(2022, 10, 10, 9, 0)
DY_FILE = "deyang_2022_1-9.xlsx"
DY_TITLE = "2022年德阳市重点项目推进情况表(1-9月)"
DY_TARGETS = (505000, 85900, 92300)  # Σ 总投资, 2022年计划投资, 1-9月完成投资 in 0.01 亿元
MONEY_KEYS = ("total", "plan", "done")
DY_TYPO = ("什邡市", 10)  # the 合计 row of this sheet types 1-9月完成投资 0.10 亿元 too high


@dataclass(frozen=True)
class County:
    """One county sheet: towns (or park zones), 省重点 and 市重点 counts, the 市重点
    sub-sections (category, count) if the sheet has them, and the sheet's sums in 0.01 亿元."""

    name: str
    towns: str
    prov: int
    city: int
    subs: tuple[tuple[str, int], ...]
    total: int
    plan: int
    done: int


# fmt: off
COUNTIES = (
    County("旌阳区", "天元街道 孝泉镇 黄许镇 和新镇 德新镇 双东镇 东湖街道 八角井街道", 10, 50,
           (("产业项目", 26), ("基础设施项目", 15), ("社会民生项目", 9)), 83546, 14036, 15462),
    County("罗江区", "万安镇 金山镇 略坪镇 白马关镇 新盛镇 鄢家镇 调元镇", 5, 30, (),
           44018, 7785, 7548),
    County("广汉市", "雒城街道 向阳镇 三星堆镇 南兴镇 连山镇 金鱼镇 小汉镇 高坪镇", 10, 55,
           (("产业项目", 33), ("基础设施项目", 22)), 87963, 14812, 16371),
    County("什邡市", "方亭街道 师古镇 洛水镇 马祖镇 湔氐镇 禾丰镇 隐峰镇 南泉镇", 8, 42, (),
           65027, 11164, 11739),
    County("绵竹市", "剑南街道 汉旺镇 孝德镇 九龙镇 土门镇 西南镇 齐天镇 拱星镇", 8, 42, (),
           65590, 11027, 11537),
    County("中江县", "凯江镇 南华镇 集凤镇 辑庆镇 仓山镇 永太镇 兴隆镇 龙台镇", 8, 47,
           (("产业项目", 24), ("基础设施项目", 23)), 70035, 12208, 12556),
    County("德阳经开区", "装备制造产业园 通用航空产业园 新材料产业园 东区 西区", 6, 29, (),
           49472, 8193, 9385),
    County("德阳高新区", "智能制造产业园 电子信息产业园 新能源产业园 南区 北区", 5, 24, (),
           39349, 6675, 7702),
)
# (sheet, index in the sheet) → a deliberate oddity the check must report, with fixed
# figures (total, plan, done) and texts: a carried-over project with no 2022 plan, and a
# project whose year-to-date completion is more than three times its (too small) plan.
DY_SPECIAL: dict[tuple[str, int], tuple[str, str, int, int, int, str, str | None]] = {
    ("罗江区", 12): ("基础设施项目", "续建", 620, 0, 85, "主体工程已完工,正在进行竣工验收及结算",
                    None),
    ("绵竹市", 20): ("产业项目", "新开工", 560, 50, 172, "设备提前进场安装,完成总工程量的85%",
                    "年度计划投资偏小,已申请调增年度计划"),
}
# category → "template=departments" (the county's departments; parks have their own bureaus)
DY_NAMES = {
    "产业项目": ("{brand}{kind}年产{prod}{tail}=经信局,投资促进局 "
             "{brand}{kind}{sector}产业化项目=经信局,投资促进局,发改局 "
             "{place}{town}{sector}产业园建设项目=发改局,经信局 "
             "{brand}{kind}{sector}智能制造基地项目=经信局,投资促进局 "
             "{place}{town}标准化厂房建设项目=经信局 {place}{town}冷链物流中心建设项目=商务局"),
    "基础设施项目": ("{place}{town}污水处理厂扩建工程=住建局 "
                "{place}{town}场镇基础设施提升工程=住建局 {road}{short}段改建工程=交通运输局 "
                "{place}{town}供水管网延伸工程=水利局 {place}{town}110千伏输变电工程=发改局,经信局 "
                "{place}{town}片区综合开发项目=住建局,自然资源局 {place}{river}综合治理工程=水利局 "
                "{place}{town}农村公路提档升级工程=交通运输局 "
                "{place}{town}高标准农田建设项目=农业农村局"),
    "社会民生项目": ("{place}人民医院{wing}建设项目=卫健局 {place}中医院{wing}建设项目=卫健局 "
                "{place}{town}中心学校改扩建工程=教育局 {place}{town}公办幼儿园新建项目=教育局 "
                "{place}{town}老旧小区改造项目=住建局 {place}{town}养老服务中心建设项目=民政局 "
                "{place}{town}文旅融合发展项目=文广旅局 {place}{town}人才公寓建设项目=住建局"),
}
PARK_SKIP = ("{road}", "{river}", "人民医院", "中医院", "农村公路", "高标准农田", "场镇")
DY_PRODUCTS = ("500台套清洁高效发电装备 2万吨高端铸锻件 300套燃气轮机叶片 5万吨磷酸铁锂 "
               "10万吨锂电池正极材料 2万吨电子级磷酸 30万吨新型环保建材 1000台套智能装备 "
               "3万吨精细化工中间体 10万千升浓香型白酒 100万套汽车零部件 20万台新能源电机 "
               "300套石油钻采装备 2000台工程机械液压件 1万吨航空铝材 6万吨玻璃纤维 "
               "3万吨再生铜杆 2000万件医疗器械耗材 5万吨预制菜 8万吨特种纸 5亿只精密电子元器件 "
               "100台套氢能装备 1.5万吨碳纤维复合材料 200套风电主轴 500套核电关键部件 "
               "10万吨冷冻食品 3000吨中药饮片 50万套智能家居 2万吨钛合金材料 5GWh储能电池").split()
DY_SECTORS = ("高端装备 新能源装备 通用航空 新材料 锂电材料 氢能装备 精细化工 食品饮料 医药健康 "
              "数字经济 清洁能源装备 智能家居 节能环保").split()
DY_BRANDS = ("鑫瑞 华宇 恒泰 金凯 润丰 宏达源 天骄 蜀川 博远 德益 川江 众鑫 蓉欣 旌泰 亭江 瑞祥 "
             "中弘 宇晨 汉源 锦程 蜀能 德晟 华鼎 东岳").split()
DY_KINDS = "科技 实业 新材料 装备 能源 智造".split()
DY_TAILS = ["项目", "生产线项目", "技改项目", "智能制造项目"]
DY_ROADS = "G108线 G247线 S105线 S106线 S216线 G5京昆高速".split()
DY_RIVERS = "绵远河 石亭江 鸭子河 凯江 湔江 射水河 马尾河".split()
DY_WINGS = "门诊综合楼 住院综合楼 传染病区 医技综合楼".split()
DY_PARK_DEPTS = {"产业项目": "经济发展局 投资促进局", "基础设施项目": "规划建设局",
                 "社会民生项目": "社会事务局"}
DY_PROGRESS = {
    "产业项目": "厂房主体完工,设备安装完成{p}% 设备安装调试中 主体工程完成{p}% 部分生产线已试生产",
    "基础设施项目": "路基工程完成{p}%,路面施工中 管网铺设完成{p}% 主体工程完成{p}% "
                "完成总工程量的{p}%",
    "社会民生项目": "主体结构完成{p}% 装饰装修施工中 主体结构封顶 完成总工程量的{p}%",
}
DY_STARTING = "已开工,完成总工程量的{p}% 已开工,主体工程施工中 已开工,完成场平及基础施工".split()
DY_PROBLEMS = ("用地报批进度缓慢 资金到位不足,融资贷款未落实 专项债券资金尚未下达 电力管线迁改滞后 "
               "征地拆迁存在阻工 原材料价格上涨,施工进度放缓 受疫情影响,施工人员不足 "
               "8月有序用电影响施工进度 环评审批尚未完成 设计变更,影响施工进度").split()
DY_HEADERS = ("序号", "项目名称", "建设性质", "责任单位", "总投资", "2022年计划投资",
              "1-9月完成投资", None, "形象进度", "存在问题")
DY_SUBHEADERS = (None,) * 6 + ("金额", "占年度计划(%)", None, None)
# fmt: on


@dataclass
class DyProject:
    """One project row of the 德阳 workbook; amounts in 0.01 亿元."""

    county: str
    level: str
    category: str
    stage: str = "续建"
    name: str = ""
    dept: str = ""
    total: int = 0
    plan: int = 0
    done: int = 0
    progress: str = ""
    problem: str | None = None
    special: bool = False


def _spread(raw: list[float], target: int, lo: list[int], hi: list[int]) -> list[int]:
    """Scale ``raw`` to integers within [lo, hi] summing to ``target``: entries that
    leave their bounds are pinned there, and the last entry (never pinned) absorbs the
    rounding residual."""
    pinned: dict[int, int] = {}
    while True:
        free = [i for i in range(len(raw)) if i not in pinned]
        k = (target - sum(pinned.values())) / sum(raw[i] for i in free)
        out = {i: min(max(raw[i] * k, lo[i]), hi[i]) for i in free}
        moved = {i: round(v) for i, v in out.items() if v != raw[i] * k and i != free[-1]}
        if not moved:
            break
        pinned.update(moved)
    values = [pinned[i] if i in pinned else round(raw[i] * k) for i in range(len(raw))]
    values[-1] += target - sum(values)
    assert lo[-1] <= values[-1] <= hi[-1], (values[-1], lo[-1], hi[-1])
    return values


def _dy_name(rng: random.Random, c: County, p: DyProject, used: set[str]) -> None:
    """A unique, plausible project name and the responsible department."""
    park = c.name.endswith(("经开区", "高新区"))
    towns = c.towns.split()
    for attempt in range(200):
        tpl, depts = rng.choice(DY_NAMES[p.category].split()).split("=")
        if park and any(s in tpl for s in PARK_SKIP):
            continue
        name = tpl.format(
            brand=rng.choice(DY_BRANDS), kind=rng.choice(DY_KINDS), prod=rng.choice(DY_PRODUCTS),
            tail=rng.choice(DY_TAILS), sector=rng.choice(DY_SECTORS), place=c.name,
            town=rng.choice(towns), road=rng.choice(DY_ROADS), short=c.name[:-1],
            river=rng.choice(DY_RIVERS), wing=rng.choice(DY_WINGS),
        )  # fmt: skip
        if attempt > 100:
            name = name.replace("项目", "(二期)项目", 1).replace("工程", "(二期)工程", 1)
        if name not in used:
            break
    used.add(name)
    dept = rng.choice(DY_PARK_DEPTS[p.category].split() if park else depts.split(","))
    p.name, p.dept = name, c.name + dept


def _dy_county(rng: random.Random, c: County, used: set[str]) -> list[DyProject]:
    """The projects of one sheet in sheet order (省重点 first), with amounts fitted to the
    sheet's sums; the last project of the sheet absorbs the rounding residual."""
    park = c.name.endswith(("经开区", "高新区"))
    cats = list(DY_NAMES)
    prov = [rng.choices(cats[:2], [7, 3])[0] for _ in range(c.prov)]
    if c.subs:
        city = [cat for cat, n in c.subs for _ in range(n)]
    else:
        city = rng.choices(cats, [70, 25, 5] if park else [50, 30, 20], k=c.city)
    projects = [DyProject(c.name, "省重点", cat) for cat in prov]
    projects += [DyProject(c.name, "市重点", cat) for cat in city]
    for i, p in enumerate(projects):
        special = DY_SPECIAL.get((c.name, i))
        if special:
            p.category, p.stage, p.total, p.plan, p.done, p.progress, p.problem = special
            p.special = True
        elif rng.random() < 0.35:
            p.stage = "新开工"
        _dy_name(rng, c, p, used)
    normal = [p for p in projects if not p.special]
    rest = [sum(getattr(p, key) for p in projects if p.special) for key in MONEY_KEYS]
    buckets = [(30, 120), (120, 300), (300, 600), (600, 1000)]
    raw = [rng.uniform(300, 1100) if p.level == "省重点"
           else rng.uniform(*rng.choices(buckets, [35, 40, 20, 5])[0]) for p in normal]  # fmt: skip
    n = len(normal)
    raw[-1] = rng.uniform(200, 400)  # the residual-absorbing last project is mid-sized
    plans = _spread(raw, c.plan - rest[1], [30] * n, [1200] * n)
    rate_ranges = [(0.3, 0.75), (0.75, 1.0), (1.0, 1.3), (1.3, 1.8)]
    weights = {"省重点": [4, 16, 45, 35], "市重点": [12, 32, 38, 18]}  # 省重点 run ahead
    rates = [rng.uniform(*rng.choices(rate_ranges, weights[p.level])[0]) for p in normal]
    raw = [plan * rate for plan, rate in zip(plans, rates, strict=True)]
    dones = _spread(raw, c.done - rest[2], [int(0.15 * x) + 1 for x in plans],
                    [int(2.6 * x) for x in plans])  # fmt: skip
    raw = [plan * rng.uniform(3.5, 9) if p.level == "省重点" else plan * rng.uniform(2.5, 8)
           for p, plan in zip(normal, plans, strict=True)]  # fmt: skip
    pairs = zip(plans, dones, strict=True)  # total ≥ 1 亿元, ≥ 1.3 × plan, ≥ 1.1 × done
    lows = [max(100, -(-13 * plan // 10), -(-11 * done // 10)) for plan, done in pairs]
    totals = _spread(raw, c.total - rest[0], lows, [8000] * n)
    for p, total, plan, done in zip(normal, totals, plans, dones, strict=True):
        p.total, p.plan, p.done = total, plan, done
        texts = DY_STARTING if p.stage == "新开工" else DY_PROGRESS[p.category].split()
        p.progress = rng.choice(texts).format(p=rng.randrange(30, 100, 5))
        if rng.random() < 0.12:
            p.problem = rng.choice(DY_PROBLEMS)
    return projects


def build_deyang() -> list[DyProject]:
    """Generate the 379 projects deterministically from ``random.Random(2022)``."""
    rng = random.Random(2022)
    used: set[str] = set()
    return [p for c in COUNTIES for p in _dy_county(rng, c, used)]


def check_deyang(projects: list[DyProject]) -> None:
    """Assert the published totals (SPEC §3) and the plausibility rules of the example."""
    sums = tuple(sum(getattr(p, key) for p in projects) for key in MONEY_KEYS)
    assert sums == DY_TARGETS, sums
    assert len(projects) == 379 and len({p.name for p in projects}) == 379
    assert [sum(p.level == lvl for p in projects) for lvl in ("省重点", "市重点")] == [60, 319]
    for c in COUNTIES:
        mine = [p for p in projects if p.county == c.name]
        assert len(mine) == c.prov + c.city == c.prov + sum(n for _, n in c.subs or [("", c.city)])
        assert (sum(p.total for p in mine), sum(p.plan for p in mine)) == (c.total, c.plan)
        assert sum(p.done for p in mine) == c.done and not mine[-1].special
    odd = [(p.county, p.plan, p.done) for p in projects if p.plan == 0 or p.done > 3 * p.plan]
    assert odd == [("罗江区", 0, 85), ("绵竹市", 50, 172)], odd
    for p in projects:
        assert 100 <= p.total <= 8000 and p.done <= p.total and p.plan <= p.total
        assert p.plan == 0 or 30 <= p.plan <= 1200


def _yi(cents: int) -> float:
    """0.01 亿元 → 亿元 (the nearest float of the two-decimal figure)."""
    return round(cents / 100, 2)


def _pct(done: int, plan: int) -> float | str:
    """占年度计划(%) with one decimal, half up; "/" without a plan."""
    if plan == 0:
        return "/"
    return float((Decimal(done) * 100 / Decimal(plan)).quantize(Decimal("0.1"), ROUND_HALF_UP))


def _dy_sheet(wb: Workbook, c: County, projects: list[DyProject], style: int) -> None:
    """Write one county sheet (see the section comment above)."""
    ws = wb.create_sheet(c.name)
    park = c.name.endswith(("经开区", "高新区"))
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold = Font(bold=True)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    office = "经济发展局" if park else "发展和改革局"
    ws["A1"], ws["A2"], ws["I2"] = DY_TITLE, f"填报单位:{c.name}{office}", "单位:亿元"
    ws["A1"].font, ws["A1"].alignment = Font(bold=True, size=16), Alignment(horizontal="center")
    ws["I2"].alignment = Alignment(horizontal="right")
    for cells in ("A1:J1", "A2:D2", "I2:J2", "G3:H3"):
        ws.merge_cells(cells)
    for col, (head, sub) in enumerate(zip(DY_HEADERS, DY_SUBHEADERS, strict=True), 1):
        if head is not None and sub is None:
            ws.merge_cells(start_row=3, start_column=col, end_row=4, end_column=col)
        for r, text in ((3, head), (4, sub)):
            cell = ws.cell(r, col, text)
            cell.font, cell.alignment = bold, center
            cell.fill = PatternFill("solid", fgColor="D9E1F2")

    def sums(label: str, members: list[DyProject], at: str, merged: bool, extra: int = 0) -> None:
        r = ws.max_row + 1
        ws.cell(r, 1 if at == "A" else 2, label)
        if merged:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
        total, plan = sum(p.total for p in members), sum(p.plan for p in members)
        done = sum(p.done for p in members) + extra
        figures = (_yi(total), _yi(plan), _yi(done), _pct(done, plan))
        for col, value in zip(range(5, 9), figures, strict=True):
            ws.cell(r, col, value)
        for col in range(1, 11):
            ws.cell(r, col).font = bold

    typo = DY_TYPO[1] if c.name == DY_TYPO[0] else 0
    sums("合计", projects, "A" if style % 2 == 0 else "B", style % 2 == 0, typo)
    numerals = "一二三四五六七八九十"
    for k, level in enumerate(("省重点", "市重点")):
        members = [p for p in projects if p.level == level]
        sums(f"{numerals[k]}、{level}项目({len(members)}个)", members, "A", True)
        seq = 0
        for j, cat in enumerate(dict.fromkeys(p.category for p in members)):
            if level == "市重点" and c.subs:
                sums(f"({numerals[j]}){cat}", [p for p in members if p.category == cat], "B", False)
            for p in members:
                if level == "市重点" and c.subs and p.category != cat:
                    continue
                seq += 1
                ws.append([seq, p.name, p.stage, p.dept, _yi(p.total), _yi(p.plan), _yi(p.done),
                           _pct(p.done, p.plan), p.progress, p.problem])  # fmt: skip
            if not (level == "市重点" and c.subs):
                break
    last = ws.max_row
    for row in ws.iter_rows(min_row=3, max_row=last, max_col=10):
        for cell in row:
            cell.border = box
            if cell.column in (5, 6, 7) and cell.row > 4:
                cell.number_format = "0.00"
            elif cell.column == 8 and cell.row > 4:
                cell.number_format = "0.0"
    notes = ("注:1.本表金额单位为亿元,1-9月完成投资为2022年1-9月累计完成数;"
             "2.项目按省重点、市重点分类排列,序号分类编排。",
             f"填报人:{'王李张刘陈杨赵黄'[style]}某某    审核人:{'周吴徐孙胡朱高林'[style]}某某    "
             f"联系电话:0838-{2202100 + 37 * style}    填报日期:2022年10月8日")  # fmt: skip
    for k, text in enumerate(notes):
        ws.cell(last + 2 + k, 1, text)
        ws.merge_cells(start_row=last + 2 + k, start_column=1, end_row=last + 2 + k, end_column=10)
    for col, width in zip("ABCDEFGHIJ", (6, 46, 9, 20, 9, 10, 9, 10, 30, 30), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "C5"


def _dy_summary(wb: Workbook, projects: list[DyProject]) -> None:
    """The 汇总 sheet: one row per county with counts and sums, no project rows."""
    ws = wb.active
    ws.title = "汇总"
    ws["A1"], ws["F2"] = "2022年德阳市重点项目推进情况汇总表(1-9月)", "单位:亿元"
    ws.merge_cells("A1:F1")
    ws["A1"].font, ws["A1"].alignment = Font(bold=True, size=16), Alignment(horizontal="center")
    ws.append(["县(市、区)", "项目个数", "总投资", "年度计划投资", "1-9月完成投资", "完成率(%)"])
    for c in COUNTIES:
        mine = [p for p in projects if p.county == c.name]
        done, plan = sum(p.done for p in mine), sum(p.plan for p in mine)
        ws.append([c.name, len(mine), _yi(sum(p.total for p in mine)), _yi(plan), _yi(done),
                   _pct(done, plan)])  # fmt: skip
    total, plan, done = DY_TARGETS
    ws.append(["全市合计", len(projects), _yi(total), _yi(plan), _yi(done), _pct(done, plan)])
    for row in ws.iter_rows(min_row=3, max_row=ws.max_row):
        for cell in row:
            cell.font = Font(bold=cell.row in (3, ws.max_row))
            if cell.column in (3, 4, 5):
                cell.number_format = "0.00"
    for col, width in zip("ABCDEF", (14, 10, 12, 14, 15, 11), strict=True):
        ws.column_dimensions[col].width = width


def write_deyang(projects: list[DyProject], path: Path) -> None:
    """Write the city workbook: 汇总 first, then one sheet per county or park."""
    wb = Workbook()
    _dy_summary(wb, projects)
    for style, c in enumerate(COUNTIES):
        _dy_sheet(wb, c, [p for p in projects if p.county == c.name], style)
    save_fixed(wb, path, "德阳市发展和改革委员会", DY_STAMP)


def main() -> None:
    """Build, check and write the example files next to this script."""
    projects = build()
    check(projects)
    write_xlsx(projects, HERE / "zhongjiang_2024_q1.xlsx")
    write_csv(projects, HERE / "zhongjiang_2024_q1.csv")
    print(f"wrote {len(projects)} projects to {HERE}")
    deyang = build_deyang()
    check_deyang(deyang)
    write_deyang(deyang, HERE / DY_FILE)
    print(f"wrote {len(deyang)} projects to {HERE / DY_FILE}")


if __name__ == "__main__":
    main()
