"""Ledgers worded and encoded the way published bureau tables are, with their own figures.

Independent of the reader: projects are invented here (:func:`invent`), written with a
chosen wording for each column (:data:`WORDINGS`) as .xlsx (openpyxl) or as the text
files Excel and WPS export (:func:`write_text`), and the expected totals are summed from
the records (:func:`expected`), never by calling projtrack.
"""

from __future__ import annotations

import csv
import io
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl

REGIONS = ("旌阳区", "中江县", "什邡市", "绵竹市")
LEVELS = ("省重点", "市重点")
CITY_LEADERS = ("张市长", "李副市长", None)
COUNTY_LEADERS = ("王县长", "赵副县长", "刘副区长")

# Every wording a published table uses for a field (issue #11), one per ledger in turn.
WORDINGS: dict[str, tuple[str, ...]] = {
    "region": ("所属区（市）县", "區（市）縣", "所在县（市、区）", "项目属地", "隶属",
               "建设区域（所在区）", "分部门或分县（市、区）项目", "所在镇街", "镇街", "街镇",
               "责任乡镇", "镇（街道）"),
    "annual_plan": ("年度投资计划", "年投资计划", "年度目标任务", "当年计划投资", "2024年计划完成投资"),
    "completed_ytd": ("1-6月实际完成投资", "1-7月已完成投资额", "年初至报告期累计完成投资",
                      "1-6月完成", "至5月中旬完成投资额"),
    "completed_since_start": ("开工至上一年度底累计完成投资", "至2009年底累计完成投资"),
    "level": ("省级或市级重点项目",),
    "planned_start": ("拟开工时间", "今年开工时间"),
    "planned_finish": ("拟竣工时间", "今年竣工时间"),
    "problems": ("需要省、市协调解决问题", "存在的问题及工作建议", "项目建设中存在问题", "存在的困难和问题"),
    "owner": ("业主单位或筹办单位", "建设单位及责任人"),
    "total_investment": ("总投资", "概算总投资", "计划总投资"),
}  # fmt: skip
LEADER_WORDINGS = ("挂点领导", "项目挂点领导", "包保县领导", "县级包联领导", "市级联系领导",
                   "市挂钩领导", "牵头区领导", "联系县领导", "分管县领导", "包抓领导", "责任领导")  # fmt: skip
# The as-of date each completion wording gives, with the title a bureau writes above it.
AS_OF = {"1-6月实际完成投资": "2024-06-30", "1-7月已完成投资额": "2024-07-31",
         "年初至报告期累计完成投资": "2024-06-30", "1-6月完成": "2024-06-30",
         "至5月中旬完成投资额": "2024-05-20"}  # fmt: skip
TITLES = {"1-7月已完成投资额": "2024年重点项目推进情况表（1-7月）",
          "至5月中旬完成投资额": "2024年重点项目推进情况表"}  # fmt: skip
TITLE = "2024年重点项目推进情况表（1-6月）"


@dataclass(frozen=True)
class Rec:
    """One invented project; money in 万元."""

    name: str
    region: str
    level: str
    total: float
    plan: float | None
    ytd: float | None
    since: float
    start: date
    finish: date
    city_leader: str | None
    county_leader: str
    owner: str
    problem: str | None

    @property
    def leader(self) -> str:
        """The first leader level present: the city leader, else the county one."""
        return self.city_leader or self.county_leader


def invent(rng: random.Random, n: int) -> list[Rec]:
    """``n`` projects over every region and level; plans and completions with two decimals."""
    recs = []
    for i in range(n):
        plan = None if i % 11 == 5 else round(rng.uniform(100, 50000), 2)
        ytd = None if i % 13 == 7 else round(rng.uniform(0, 30000), 2)
        recs.append(
            Rec(
                name=f"项目{i + 1:03d}号{rng.choice(('产业园', '物流中心', '污水厂', '医院'))}",
                region=REGIONS[i % len(REGIONS)],
                level=LEVELS[(i // 2) % len(LEVELS)],
                total=round(rng.uniform(60000, 900000), 2),
                plan=plan,
                ytd=ytd,
                since=round(rng.uniform(0, 90000), 2),
                start=date(2024, rng.randint(1, 12), rng.randint(1, 28)),
                finish=date(2026, rng.randint(1, 12), 1),
                city_leader=CITY_LEADERS[i % len(CITY_LEADERS)],
                county_leader=COUNTY_LEADERS[i % len(COUNTY_LEADERS)],
                owner=f"德阳{('城投', '交投', '文旅', '产投')[i % 4]}公司",
                problem=None if i % 3 else "用地指标未落实",
            )
        )
    return recs


def wording(index: int) -> dict[str, str]:
    """The index-th combination: each field's wordings taken in turn."""
    return {field: options[index % len(options)] for field, options in WORDINGS.items()}


VALUES = {
    "region": lambda r: r.region, "annual_plan": lambda r: r.plan,
    "completed_ytd": lambda r: r.ytd, "completed_since_start": lambda r: r.since,
    "level": lambda r: r.level, "planned_start": lambda r: r.start.isoformat(),
    "planned_finish": lambda r: r.finish.isoformat(), "problems": lambda r: r.problem,
    "owner": lambda r: r.owner, "total_investment": lambda r: r.total,
    "leader": lambda r: r.leader, "actual_start": lambda r: None,
}  # fmt: skip


def table(
    recs: list[Rec], headers: dict[str, str], *, title: str | None = TITLE
) -> list[list[Any]]:
    """Title, unit line, one header row, then a row per project (序号, 项目名称, the fields)."""
    rows: list[list[Any]] = [[title], ["单位：万元"]] if title else []
    rows.append(["序号", "项目名称", *headers.values()])
    for i, r in enumerate(recs, start=1):
        rows.append([i, r.name, *(VALUES[f](r) for f in headers)])
    return rows


def write_xlsx(path: Path, sheets: dict[str, list[list[Any]]],
               merges: dict[str, list[str]] | None = None) -> Path:  # fmt: skip
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
    wb.save(path)
    return path


def leader_parent_table(recs: list[Rec]) -> tuple[list[list[Any]], list[str]]:
    """Two header rows: 挂钩领导 over 市领导 | 县领导, 项目业主单位 over 业主名称 | 负责人 | 联系人 | 电话."""
    top = ["序号", "项目名称", "县（市、区）", "挂钩领导", None, "项目业主单位", None, None, None,
           "年度计划投资", "1-6月完成投资"]  # fmt: skip
    sub = [None, None, None, "市领导", "县领导", "业主名称", "负责人", "联系人", "电话", None, None]
    rows: list[list[Any]] = [[TITLE], ["单位：万元"], top, sub]
    for i, r in enumerate(recs, start=1):
        rows.append([i, r.name, r.region, r.city_leader, r.county_leader, r.owner,
                     "负责人甲", "联系人乙", "0838-1234567", r.plan, r.ytd])  # fmt: skip
    merges = ["A3:A4", "B3:B4", "C3:C4", "D3:E3", "F3:I3", "J3:J4", "K3:K4"]
    return rows, merges


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def text_of(rows: list[list[Any]], delimiter: str) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(
        [[_cell(v) for v in row] for row in rows]
    )
    return out.getvalue()


# How Excel/WPS and platforms save text: name → (delimiter, bytes from text).
ENCODINGS = {
    "unicode-text": ("\t", lambda t: b"\xff\xfe" + t.encode("utf-16-le")),
    "utf16-no-bom": ("\t", lambda t: t.encode("utf-16-le")),
    "utf16-comma": (",", lambda t: b"\xff\xfe" + t.encode("utf-16-le")),
    "utf8-bom-gbk": (",", lambda t: b"\xef\xbb\xbf" + t.encode("gbk")),
    "gbk": (",", lambda t: t.encode("gbk")),
    "utf8": (",", lambda t: t.encode("utf-8")),
}


def write_text(path: Path, rows: list[list[Any]], encoding: str) -> Path:
    delimiter, encode = ENCODINGS[encoding]
    path.write_bytes(encode(text_of(rows, delimiter)))
    return path


def expected(recs: list[Rec], key: str) -> dict[str, tuple[int, float, float]]:
    """Per group: (projects, Σ plan, Σ completed), empty cells as 0."""
    out: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0.0])
    for r in recs:
        acc = out[getattr(r, key)]
        acc[0] += 1
        acc[1] += r.plan or 0.0
        acc[2] += r.ytd or 0.0
    return {g: (int(n), p, c) for g, (n, p, c) in out.items()}


def total(recs: list[Rec]) -> tuple[int, float, float]:
    return (len(recs), sum(r.plan or 0.0 for r in recs), sum(r.ytd or 0.0 for r in recs))
