"""Five monthly ledgers (May to September 2024) with known colours, starts, finishes and
problems, for the supervision commands (notices, woniu, rank --projects).

Every project has an annual plan of 1200 万元; its completion in month M is the time
progress M/12 plus an offset set by the letter of that month (B ahead by j/100, Y behind by
(15 + j)/100, R behind by (35 + j)/100), so variances are exact and ties are real ties.
An actual start shows in a month's ledger only from the month it happened.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

MONTHS = [5, 6, 7, 8, 9]
YEAR = 2024
PLAN = 1200.0


@dataclass(frozen=True)
class Project:
    name: str
    unit: str
    region: str
    stage: str
    letters: str  # progress letter per month, May to September
    j: int  # hundredths of the offset
    planned_start: date | None = None
    actual_start: date | None = None
    planned_finish: date | None = None
    problem: str | None = None
    deadline: date | None = None
    status: str | None = None

    def offset(self, month: int) -> float:
        letter = self.letters[MONTHS.index(month)]
        return {"B": self.j, "Y": -(15 + self.j), "R": -(35 + self.j)}[letter] / 100

    def completed(self, month: int) -> float:
        return 100.0 * month + PLAN * self.offset(month)

    def started_by(self, month: int) -> date | None:
        a = self.actual_start
        return a if a is not None and (a.year, a.month) <= (YEAR, month) else None


P = Project
PROJECTS = [
    P("交通一", "县交通局", "东区", "续建", "RRRRR", 2),
    P("交通二", "县交通局", "东区", "续建", "BBBYY", 1),
    P("交通三", "县交通局", "西区", "新开工", "BBBBB", 0, planned_start=date(2024, 5, 10)),
    P("交通四", "县交通局", "西区", "续建", "BBBBB", 5, planned_finish=date(2024, 1, 31),
      problem="征地拆迁未完成", deadline=date(2024, 8, 15), status="推进中"),
    P("水利一", "县水利局", "东区", "新开工", "BBBBB", 3, planned_start=date(2024, 3, 1),
      actual_start=date(2024, 7, 20)),
    P("水利二", "县水利局", "东区", "续建", "RBBBR", 0),
    P("水利三", "县水利局", "西区", "续建", "YYRYY", 4),
    P("住建一", "县住建局", "东区", "续建", "BRBYR", 6),
    P("住建二", "县住建局", "西区", "新开工", "BBBBB", 1, planned_start=date(2024, 8, 1)),
    P("住建三", "县住建局", "西区", "续建", "BBBBY", 7, problem="资金未到位",
      deadline=date(2024, 6, 30), status="已解决"),
    P("教育一", "县教育局", "东区", "续建", "BBBBB", 9, problem="施工许可待办",
      deadline=date(2024, 9, 10), status="未解决"),
    P("教育二", "县教育局", "西区", "竣工", "BBBBB", 8, planned_finish=date(2024, 2, 29)),
    P("文旅一", "县文旅局", "东区", "续建", "BBBBB", 4, problem="设计变更",
      deadline=date(2024, 12, 31), status="未解决"),
    P("文旅二", "县文旅局", "西区", "新开工", "BBBBB", 6, planned_start=date(2024, 2, 1),
      actual_start=date(2024, 3, 5)),
    P("文旅三", "县文旅局", "东区", "续建", "BBBBB", 2, planned_finish=date(2024, 4, 30)),
    P("文旅四", "县文旅局", "西区", "续建", "BBBBB", 9),
    P("交通五", "县交通局", "东区", "续建", "BBBBB", 8),
    P("水利四", "县水利局", "西区", "续建", "YYYBB", 0),
    P("住建四", "县住建局", "东区", "续建", "BBBBB", 0),
    P("教育三", "县教育局", "西区", "续建", "BBBBB", 1),
]  # fmt: skip

HEADER = ["项目名称", "县(市、区)", "责任单位", "建设性质", "年度计划投资", "1-{m}月完成投资",
          "计划开工时间", "实际开工时间", "计划竣工时间", "存在问题", "办结时限", "问题状态"]  # fmt: skip


def _text(d: date | None) -> str | None:
    return d.isoformat() if d else None


def monthly_ledgers(
    tidy: Callable[..., Path],
    months: list[int] = MONTHS,
    leaders: dict[str, str | None] | None = None,
    leader_header: str = "包保领导",
) -> dict[int, Path]:
    """One ledger per month, named 2024年M月台账.xlsx; with ``leaders`` (project name →
    leader) a leader column headed ``leader_header`` is added at the end."""
    paths = {}
    for m in months:
        header = [h.format(m=m) for h in HEADER] + ([leader_header] if leaders else [])
        rows = [
            [p.name, p.region, p.unit, p.stage, PLAN, p.completed(m), _text(p.planned_start),
             _text(p.started_by(m)), _text(p.planned_finish), p.problem, _text(p.deadline),
             p.status] + ([leaders.get(p.name)] if leaders else [])
            for p in PROJECTS
        ]  # fmt: skip
        paths[m] = tidy(header, rows, name=f"{YEAR}年{m}月台账.xlsx",
                        title=f"{YEAR}年某县重点项目推进情况")  # fmt: skip
    return paths
