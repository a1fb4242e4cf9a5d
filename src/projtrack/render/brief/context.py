"""Display values of a briefing, shared by the Markdown, Excel, Word and HTML renderers.

Building them once — and punctuating them in one pass — means the formats say exactly
the same thing, character for character.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any, cast

import polars as pl

from projtrack.render.brief.masthead import colophon, masthead
from projtrack.render.brief.phrases import (
    anomaly_notes,
    change_sentence,
    headline,
    levels_sentence,
    lists_sentence,
    starts_sentence,
    warn_sentence,
)
from projtrack.render.brief.sections import fast_slow_section, leaders_section, woniu_section
from projtrack.render.brief.shapes import (
    BriefContext,
    ProblemArea,
    ProblemUnit,
    ProjectsSection,
)
from projtrack.render.numbers import grouped, percent, signed_pp
from projtrack.render.punctuation import item_number, punctuate
from projtrack.render.supervision import stats_note
from projtrack.render.tables import (
    markdown_aligns,
    progress_note,
    rank_columns,
    rank_headers,
    rank_heading,
    rank_rows,
    ytd_label,
)

if TYPE_CHECKING:
    from projtrack.jobs.brief import Briefing
    from projtrack.jobs.ranked import RankReport

PROJECT_HEADERS = ["序号", "项目名称", "{group}", "年度计划投资", "{ytd}",
                   "完成率", "较时序进度(百分点)"]  # fmt: skip
CN_ORDINALS = "一二三四五六七八九十"
# auto: tables in 亿元 when a row (not the 合计) would need 7 digits in 万元 (≥ 100亿元).
YI_FROM_WAN = 1_000_000


def project_rows(frame: pl.DataFrame, money: Callable[[float | None], str]) -> list[list[str]]:
    """Rows of a project table (behind / largest)."""
    return [
        [str(i), r["name"], r["group"], money(r["annual_plan"]), money(r["completed_ytd"]),
         percent(r["completion_rate"]), signed_pp(r["variance_pp"])]
        for i, r in enumerate(frame.iter_rows(named=True), start=1)
    ]  # fmt: skip


def in_yi(wan: float | None) -> str:
    """万元 shown in 亿元 with two decimals: 1,637,100 → 163.71."""
    return grouped(None if wan is None else wan / 1e4, 2)


def display_unit(b: Briefing) -> tuple[str, Callable[[float | None], str]]:
    """The tables' money unit (``[brief] unit``; auto by magnitude) and its formatter."""
    unit = b.settings.unit
    if unit == "auto":
        rows = b.ranking.rows.select("annual_plan", "completed_ytd")
        largest = max((v for col in rows.iter_columns() for v in col if v is not None),
                      default=0.0)  # fmt: skip
        unit = "亿元" if largest >= YI_FROM_WAN else "万元"
    return (unit, in_yi) if unit == "亿元" else (unit, grouped)


# A briefing lists at most this many red projects, 应开未开 projects and problems; the
# full lists are what `projtrack warn`, `starts` and `problems` (and the workbook) are for.
LIST_LIMIT = 50
# The 存在问题 section is the briefing's 督办 list, by unit (most problems first): cut at 50 it
# left out whole units — the ones with fewest problems — and split the last one. It lists
# up to 300 problems and never cuts inside a unit (:func:`problems_shown`).
PROBLEM_LIMIT = 300


def more_note(total: int, what: str, command: str, limit: int | None = None) -> str:
    """The note under a list cut at ``limit`` rows (:data:`LIST_LIMIT`), or '' when whole."""
    limit = LIST_LIMIT if limit is None else limit
    if total <= limit:
        return ""
    return f"(以上为前{limit}个,共{total}个{what},完整清单见 projtrack {command}。)"


def cn_ordinal(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (section and 公文 item numbers up to 99)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN_ORDINALS[tens - 1] + "十")
    return head + (CN_ORDINALS[ones - 1] if ones else "")


# Keys whose values are codes, not text to punctuate.
_RAW_KEYS = {"row_lists", "problem_count", "source", "aligns", "key"}


# Pointers to a command, for whoever runs projtrack: kept in the Markdown briefing (the
# operator's), left out of the Word, HTML and workbook briefings that are sent out.
_COMMANDS = re.compile(
    r"[，,]完整(?:清单|名单)见 projtrack [a-z]+"  # （以上为前50个…，完整清单见 projtrack warn。）
    r"|或 projtrack [a-z]+(?: --?[a-z-]+)*"  # 完整名单见简报工作簿或 projtrack rank --projects
    r"|[（(](?:见|与|用) projtrack [^（）()]*[）)]"  # （见 projtrack check）（与 … 相同）
    r"|[；;]记录名单用 projtrack [a-z]+"
    # The operator's cue to check a row before sending: not for the reader of the document.
    r"|[（(]台账核对有提示[）)]"
    r"|^标“台账核对有提示”的项目[,，]其所在行有核对提示[^。]*。$"
)


def _punctuate(value: Any, style: str, key: str = "", commands: bool = True) -> Any:
    """One pass over every string of the context: prose, headings, headers and cells."""
    if key in _RAW_KEYS:
        return value
    if isinstance(value, dict):
        return {k: _punctuate(v, style, k, commands) for k, v in value.items()}
    if isinstance(value, list):  # a note that was nothing but an operator's pointer goes
        out = [_punctuate(v, style, "", commands) for v in value]
        return [o for o, v in zip(out, value, strict=True) if o != "" or v == ""]
    if isinstance(value, str):
        return punctuate(value if commands else _COMMANDS.sub("", value), style)
    return value


def brief_context(b: Briefing, *, commands: bool = False) -> BriefContext:
    """Everything a briefing template needs, as strings and lists of strings.

    Full-width punctuation （，；：（）) by default; ``[general] punctuation = "half"`` keeps
    the half-width marks the sentences are built with. Pointers to projtrack's commands
    (``完整清单见 projtrack warn``, ``（与 projtrack rank --by leader 相同）``) are only
    kept with ``commands`` (the Markdown briefing, the operator's); the Word, HTML and
    workbook briefings go out and never name a command.
    """
    return cast(BriefContext, _punctuate(_context(b), b.punctuation, "", commands))


def _context(b: Briefing) -> dict[str, Any]:
    r = b.ranking
    ytd = ytd_label(r)
    headers = [h.format(group=r.group_label, ytd=ytd) for h in PROJECT_HEADERS]
    unit, money = display_unit(b)
    money_unit = f"单位:{unit}、%"
    red = b.warned.filter(pl.col("color") == "red")
    shown_red = red.head(LIST_LIMIT)
    starts = None
    if b.starts is not None and b.starts.due:
        starts = {
            "title": "新开工项目",
            "unit": "",
            "more": more_note(b.starts.not_started.height, "应开未开项目", "starts"),
            "sentence": starts_sentence(b),
            "headers": ["序号", "项目名称", r.group_label, "计划开工时间", "逾期(月)"],
            "rows": [
                [
                    str(i),
                    x["name"],
                    x["group"],
                    f"{x['planned_start'].year}年{x['planned_start'].month}月",
                    str(x["months_overdue"]),
                ]
                for i, x in enumerate(
                    b.starts.not_started.head(LIST_LIMIT).iter_rows(named=True), start=1
                )
            ],
        }
    # A project in the red table is not listed again under 滞后时序进度较多的项目.
    behind = b.behind.join(shown_red.select("name", "group"), on=["name", "group"], how="anti")
    warn_rows = [
        [str(i), w["name"], w["group"], percent(w["completion_rate"]),
         signed_pp(w["variance_pp"]), w["reason"] or ""]
        for i, w in enumerate(shown_red.iter_rows(named=True), start=1)
    ]  # fmt: skip
    sentence = warn_sentence(b)
    # 十慢 is the same ranking as 滞后时序进度较多的项目: its red projects are named only.
    fast_slow = fast_slow_section(b, shown_red.select("name", "group"))
    d = r.as_of.date
    as_of = f"{d.year}年{d.month}月{d.day}日"
    issued = d + timedelta(days=1)
    source = f",来源:{r.ledger.path.name}" if b.show_source else ""
    return {
        "masthead": masthead(b, f"{issued.year}年{issued.month}月"),
        "title": b.title,
        "as_of": as_of,
        "source_line": f"(数据截至{as_of}{source})",
        "source": r.ledger.path.name,  # for user templates; the built-in ones print it only
        # with [brief] show_source
        "headline": headline(b),
        "levels": levels_sentence(b),
        "changes": change_sentence(b),
        "summary": headline(b) + levels_sentence(b) + change_sentence(b),
        "ranking": {
            "title": rank_heading(r),
            "unit": money_unit,  # the headers drop their (万元): the unit line says it
            "headers": [re.sub(r"[(（]万元[)）]", "", h) for h in rank_headers(r)],
            "aligns": brief_aligns(r),
            "rows": rank_rows(r, money),
            "lists": lists_sentence(b),
            "note": progress_note(r),
            "rule": r.rule.describe(),
            "row_lists": [*r.rows["list"].to_list(), None],  # red/black/None per row (+ 合计)
        },
        "warnings": {
            "title": "红黄蓝预警",
            "unit": "单位:%",
            "counts": [
                {
                    "colour": c,
                    "label": f"{w}色预警" if c != "blue" else "正常推进(蓝色)",
                    "count": str(b.colour_counts[c]),
                }
                for c, w in (("red", "红"), ("yellow", "黄"), ("blue", "蓝"))
            ],
            "sentence": sentence,
            "lead": sentence + ("红色预警项目如下:" if warn_rows else ""),
            "headers": [
                "序号",
                "项目名称",
                r.group_label,
                "完成率",
                "较时序进度(百分点)",
                "预警原因",
            ],
            "rows": warn_rows,
            "more": more_note(red.height, "红色预警项目", "warn"),
            "rules": "预警规则:"
            + ";".join(b.warn_rules)
            + "。"
            + (stats_note(b.stats_basis) if b.stats_basis else ""),
        },
        "behind": None
        if fast_slow
        else _projects_section(
            "滞后时序进度较多的项目",
            headers,
            project_rows(behind, money),
            money_unit,
            tie_note(b, "behind", behind),
        ),
        "fast_slow": fast_slow,
        "supervision": [s for s in (woniu_section(b), leaders_section(b)) if s],
        "largest": _projects_section(
            "完成投资较多的项目",
            headers,
            project_rows(b.largest, money),
            money_unit,
            tie_note(b, "largest", b.largest),
        ),
        "starts": starts,
        "anomalies": anomaly_notes(b),
        "problems": _grouped_problems(b),
        "problem_count": b.problems.height,
        "problems_title": "存在问题",
        "problems_intro": _problems_intro(b)
        + (f"按{_area_label(b)}和责任单位列示如下。" if _has_areas(b) else "按责任单位列示如下。"),
        "problems_more": more_note(b.problems.height, "问题", "problems", problems_shown(b)),
        "colophon": colophon(b),
    }


def _problems_intro(b: Briefing) -> str:
    """共8个项目反映存在问题, or — when the ledger marks some as solved — 共8个项目存在问题
    尚未解决(另有16个项目的问题已解决或销号): the list holds the open ones only."""
    if not b.problems_settled:
        return f"共{b.problems.height}个项目反映存在问题,"
    return (
        f"共{b.problems.height}个项目存在问题尚未解决"
        f"(另有{b.problems_settled}个项目的问题已解决或销号),"
    )


def _projects_section(
    title: str, headers: list[str], rows: list[list[str]], unit: str, more: str = ""
) -> ProjectsSection | None:
    """A titled project table, or None when there is nothing to list (section left out)."""
    if not rows:
        return None
    return {"title": title, "unit": unit, "headers": headers, "rows": rows, "more": more}


def brief_aligns(report: RankReport) -> list[str]:
    """The ranking's Markdown alignment by column kind, 排名 and 榜单 centred (公文 tables)."""
    columns = rank_columns(report)
    return [
        ":-:" if c.kind == "rank" or c.header == "榜单" else align
        for c, align in zip(columns, markdown_aligns(columns), strict=True)
    ]


def tie_note(b: Briefing, which: str, shown: pl.DataFrame) -> str:
    """Under a list cut at its length: how many projects level with its last were left out
    (said only while the list shown still holds the project they tie with)."""
    count = b.tied_out.get(which, 0)
    frame = b.behind if which == "behind" else b.largest
    if not count or frame.height == 0:
        return ""
    last = frame.row(frame.height - 1, named=True)
    if shown.filter(
        (pl.col("name") == last["name"]) & (pl.col("group") == last["group"])
    ).is_empty():
        return ""  # the project they tie with is listed elsewhere (红色预警), not here
    level = (f"滞后时序进度{signed_pp(last['variance_pp']).lstrip('-')}个百分点"
             if which == "behind" else f"完成投资{grouped(last['completed_ytd'])}万元")  # fmt: skip
    return f"(另有{count}个项目与第{frame.height}名并列,{level},未列出。)"


def _has_areas(b: Briefing) -> bool:
    """Problems are grouped by 县(市、区) first when the ledger names more than one."""
    return "region" in b.problems.columns and b.problems["region"].n_unique() > 1


def _area_label(b: Briefing) -> str:
    """The ledger's word for the region column: 县(市、区), 所在乡镇, …."""
    return b.region_label


def _sentence(text: str) -> str:
    """A problem as an item of a list: ends with 。 (its own trailing mark replaced)."""
    return text.strip().rstrip(",;:.，；：。、") + "。"


def problems_shown(b: Briefing) -> int:
    """How many of the open problems the section lists: all up to :data:`PROBLEM_LIMIT`,
    else the whole units (in their order) that fit in it — at least the first unit."""
    if b.problems.height <= PROBLEM_LIMIT:
        return b.problems.height
    keys = ["region", "responsible"] if _has_areas(b) else ["responsible"]
    units = b.problems.select(keys).rows()
    shown = 0
    for i in range(1, len(units) + 1):
        if i == len(units) or units[i] != units[i - 1]:  # the end of a unit's problems
            if i > PROBLEM_LIMIT and shown:
                break
            shown = i
    return shown


def _grouped_problems(b: Briefing) -> list[ProblemArea]:
    """（一）县(市、区) → 县住建局（3个） → 1．名称：问题。, in the order of the problems."""
    areas: dict[str, dict[str, list[tuple[str, str]]]] = {}
    by_area = _has_areas(b)
    # A unit's count is of all its problems, also those past the cut of the list.
    totals: dict[tuple[str, str], int] = {}
    for rec in b.problems.iter_rows(named=True):
        key = ((rec.get("region") or "未填写") if by_area else "",
               rec["responsible"] or "未明确责任单位")  # fmt: skip
        totals[key] = totals.get(key, 0) + 1
    for rec in b.problems.head(problems_shown(b)).iter_rows(named=True):
        area = (rec.get("region") or "未填写") if by_area else ""
        unit = rec["responsible"] or "未明确责任单位"
        areas.setdefault(area, {}).setdefault(unit, []).append((rec["name"], rec["problems"]))
    out: list[ProblemArea] = []
    for n, (area, units) in enumerate(areas.items(), start=1):
        blocks: list[ProblemUnit] = [
            {
                # （一）… numbers the units when there is no 县(市、区) level above them
                "heading": f"{'' if by_area else f'({cn_ordinal(u)})'}{unit}"
                f"({totals[(area, unit)]}个)",
                "items": [
                    {"number": item_number(i, b.punctuation), "text": f"{name}:{_sentence(p)}"}
                    for i, (name, p) in enumerate(items, start=1)
                ],
            }
            for u, (unit, items) in enumerate(units.items(), start=1)
        ]
        out.append({"heading": f"({cn_ordinal(n)}){area}" if area else "", "units": blocks})
    return out
