"""The briefing's supervision sections: 十快十慢, 十大蜗牛项目 and the 包保领导 table.

Each is a :class:`Section` of display strings (written with half-width marks; the
briefing's one punctuation pass makes them full-width), so Markdown, Word, HTML and the
workbook's 总览 print the same words. A section is left out when its data are not there:
十快十慢 needs four projects with a plan, 蜗牛 a project meeting the rule, the leader table
a leader column.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from projtrack.render.brief.phrases import progress_phrase
from projtrack.render.brief.shapes import Section, SubTable
from projtrack.render.numbers import percent, signed_pp
from projtrack.vocab import UNSET_GROUP, places_words

if TYPE_CHECKING:
    from projtrack.figures.fastslow import FastSlow, Ranked
    from projtrack.jobs.brief import Briefing
    from projtrack.jobs.lookback import SnailList

CN_COUNTS = "一二三四五六七八九十"
# 十快十慢 is printed when each list holds at least this many (4 projects with a plan);
# below it the older 滞后时序进度较多的项目 section is printed.
MIN_LISTED = 2


def fast_slow_section(b: Briefing, listed: pl.DataFrame | None = None) -> Section | None:
    """十快十慢: the fastest and slowest projects by variance, and the 先进/后进 units.

    ``listed`` (name, group) are the projects the briefing's 红色预警 table prints: a slow
    project among them is named, not printed a second time with the same figures (the
    slowest are most often the red ones; a briefing listing them twice is sent back).
    When every project has the same rate the section says so and prints no table."""
    lists = b.ranking.fast_slow
    if lists is None or lists.n < MIN_LISTED:
        return None  # too few projects: 滞后 is printed
    group = b.ranking.group_label
    lead = f"按项目完成率较时序进度排序({lists.ranked_projects}个有年度计划的项目参与),"
    if lists.even is not None:
        rate, variance = lists.even
        lead += f"各项目完成率均为{percent(rate)}({progress_phrase(variance)}),不分快慢。"
        if lists.leading or lists.lagging:
            lead += units_sentence(lists, group)
        return {"key": "fast_slow", "title": "十快十慢项目", "lead": lead, "tables": [],
                "notes": []}  # fmt: skip
    if lists.fast.rows.is_empty():
        return None
    fast, slow = (_shown(r) for r in (lists.fast, lists.slow))
    counts = (f"各{fast.height}个" if fast.height == slow.height
              else f"分别为{fast.height}个、{slow.height}个")  # fmt: skip
    lead += f"进度最快、最慢的项目{counts}。"
    if lists.leading or lists.lagging:
        lead += units_sentence(lists, group)
    notes = []
    if fewer := lists.fewer_note(fast.height, slow.height):
        notes.append(fewer)
    if 0 < lists.slow.rows.height < lists.n:
        notes.append(f"进度最慢的项目不与进度最快的重复,余下{lists.slow.rows.height}个。")
    tables = [_ranked_table(f"({CN_COUNTS[0]})", lists.fast, fast, group)]
    red = _in_red(lists.slow.rows, listed)
    repeated = slow.join(red, on=["name", "group"], how="semi")
    # The slow projects past the rows printed here that the red table prints: a tie
    # longer than this list (95 at 0 investment) may be longer than the red table's 50 too.
    beyond = red.height - repeated.height
    if repeated.height < slow.height:
        table = _ranked_table(f"({CN_COUNTS[1]})", lists.slow, slow, group, beyond)
        if repeated.height:
            table["rows"] = [r for r in table["rows"] if not _named(r, repeated)]
            table["notes"].insert(0, _repeated_note(repeated))
        tables.append(table)
    elif slow.height:
        notes.append(_all_red_note(slow, lists.slow.rows.height - slow.height, red))
    return {"key": "fast_slow", "title": "十快十慢项目", "lead": lead, "tables": tables,
            "notes": notes}  # fmt: skip


def _shown(ranked: Ranked) -> pl.DataFrame:
    """The rows printed: the whole list when ties add at most N rows, else the first N (a
    March ledger may have hundreds of projects tied at 0 investment; the workbook and
    ``rank --projects`` list them all)."""
    if ranked.rows.height <= 2 * ranked.n:
        return ranked.rows
    return ranked.rows.head(ranked.n)


def units_sentence(lists: FastSlow, group: str) -> str:
    """``先进单位:A、B;后进单位:D、E、F(按…完成率排名前3名且达到时序进度、后3名且滞后
    时序进度)。``, ties included: the rule :func:`figures.fastslow.lead_and_lag` applies."""
    parts, counts = [], []
    if lists.leading:
        parts.append(f"先进单位:{'、'.join(lists.leading)}")
        counts.append(
            places_words("前", lists.units) + ("且达到时序进度" if lists.lead_on_track else "")
        )
    if lists.lagging:
        parts.append(f"后进单位:{'、'.join(reversed(lists.lagging))}")  # worst first, as 黑榜
        counts.append(
            places_words("后", lists.units) + ("且滞后时序进度" if lists.lag_behind else "")
        )
    return ";".join(parts) + f"(按{group}完成率排名{'、'.join(counts)})。"


def _named(row: list[str], repeated: pl.DataFrame) -> bool:
    """The display row (名次, 项目名称, group, …) is one of ``repeated``."""
    return not repeated.filter((pl.col("name") == row[1]) & (pl.col("group") == row[2])).is_empty()


# What the note naming the slow projects already in the red table says: the Word and
# Markdown briefings have that table, the workbook has not (sections_xlsx leaves it out).
RED_TABLE = "已列入上文红色预警项目表"


def _repeated_note(repeated: pl.DataFrame) -> str:
    """``进度最慢的第1、2名项目(A、B)已列入红色预警项目表,不再重复列出。``; with a tie
    the places are said with their names (``进度最慢的7个项目(并列第1名A、B、C、D;第5名E;
    …)``): "第1、5、6、7名项目" for seven projects read as a mistake."""
    places = repeated.group_by("rank", maintain_order=True).agg(pl.col("name"))
    if places.height == repeated.height:
        names = "、".join(repeated["name"].to_list())
        ranks = "、".join(str(r) for r in places["rank"].to_list())
        return f"进度最慢的第{ranks}名项目({names}){RED_TABLE},不再重复列出。"
    said = ";".join((f"第{r}名" if len(ns) == 1 else f"并列第{r}名") + "、".join(ns)
                    for r, ns in places.iter_rows())  # fmt: skip
    return f"进度最慢的{repeated.height}个项目({said}){RED_TABLE},不再重复列出。"


def _in_red(rows: pl.DataFrame, listed: pl.DataFrame | None) -> pl.DataFrame:
    """The ``rows`` the red table prints, with ``seq``: their 序号 in that table."""
    if listed is None:
        return rows.with_columns(pl.lit(0, pl.Int64).alias("seq")).clear()
    seq = listed.select("name", "group").with_row_index("seq", offset=1)
    return rows.join(seq.with_columns(pl.col("seq").cast(pl.Int64)), on=["name", "group"],
                     how="inner", maintain_order="left")  # fmt: skip


def _red_named(red: pl.DataFrame, n: int) -> str:
    """What follows 已列入上文红色预警项目表: the projects' names (``:A、B``), as many as a
    list prints whole (2N); more (50 tied at 0 investment) by their 序号 there
    (``(序号1至50)``), when they are one run of it (the slowest red projects head that
    table), else still by name."""
    seqs = red["seq"].to_list()
    if red.height > 2 * n and seqs == list(range(seqs[0], seqs[0] + len(seqs))):
        return f"(序号{seqs[0]}至{seqs[-1]})"
    return ":" + "、".join(red["name"].to_list())


def _all_red_note(slow: pl.DataFrame, left: int, red: pl.DataFrame) -> str:
    """The slow projects printed, all in the red table, named with their places: a tie is
    said (并列第1名), never put "按名次" in an order the figures do not give; ``left``
    more projects tied with the last are counted, as under a table, those of them ``red``
    (the slow list's projects the red table prints) holds as listed there."""
    places = slow.group_by("rank", maintain_order=True).agg(pl.col("name"))
    if places.height == 1:
        rank, level = slow["rank"][0], signed_pp(slow["variance_pp"][0])
        head = f"进度最慢的{slow.height + left}个项目并列第{rank}名(较时序进度{level}个百分点),"
        names = _red_named(red, slow.height)
        if red.height == slow.height + left:
            return f"{head}均{RED_TABLE}{names}。"
        return (f"{head}其中{red.height}个{RED_TABLE}{names};"
                f"另有{slow.height + left - red.height}个未列出,{FULL_LIST}。")  # fmt: skip
    beyond = red.height - slow.height
    if places.height == slow.height:  # no tie: the order is the places'
        text = f"进度最慢的{slow.height}个项目均{RED_TABLE},按名次依次为:{'、'.join(slow['name'])}"
        return text + (f";{_left_note(left, slow, beyond)}" if left else "。")
    said = ";".join(
        (f"第{r}名" if len(ns) == 1 else f"并列第{r}名") + "、".join(ns)
        for r, ns in places.iter_rows()
    )
    text = f"进度最慢的{slow.height}个项目均{RED_TABLE},依次为:{said}"
    return text + (f";{_left_note(left, slow, beyond)}" if left else "。")


# Where a list cut short in the briefing is whole.
FULL_LIST = "完整名单见简报工作簿或 projtrack rank --projects"


def _left_note(left: int, shown: pl.DataFrame, red: int = 0) -> str:
    """``另有20个项目与上列第1名并列(较时序进度-25.0个百分点),未列出;完整名单见…。``;
    ``red`` of them printed by the red table are said to be there, not "未列出"."""
    level = signed_pp(shown["variance_pp"][-1])
    head = f"另有{left}个项目与上列第{shown['rank'][-1]}名并列(较时序进度{level}个百分点),"
    if red == left:
        return f"{head}均{RED_TABLE}。"
    if red:
        return f"{head}其中{red}个{RED_TABLE},{left - red}个未列出;{FULL_LIST}。"
    return f"{head}未列出;{FULL_LIST}。"


def _ranked_table(
    number: str, ranked: Ranked, shown: pl.DataFrame, group: str, red: int = 0
) -> SubTable:
    """A list's table; ``red``: how many of the rows left out the red table prints."""
    left = ranked.rows.height - shown.height
    note = _left_note(left, shown, red) if left else ranked.note() or ""
    return {
        "title": f"{number}{ranked.title}的{shown.height}个项目",
        "unit": "单位:%",
        "headers": ["名次", "项目名称", group, "完成率", "较时序进度(百分点)"],
        "rows": [
            [
                str(r["rank"]),
                r["name"],
                r["group"],
                percent(r["completion_rate"]),
                signed_pp(r["variance_pp"]),
            ]
            for r in shown.iter_rows(named=True)
        ],
        "aligns": ["c", "l", "l", "r", "r"],
        "notes": [note] if note else [],
    }


def woniu_section(b: Briefing) -> Section | None:
    """十大蜗牛项目 (巴中) from 新昌's rule, with the listings and what each one gets."""
    snails = b.snails
    if snails is None or snails.projects.is_empty():
        return None
    rule, frame = snails.rule, snails.projects
    total = frame.height
    again = int((frame["appearances"] > 1).sum())
    lead = (f"按蜗牛项目认定情形(开工拖后{rule.start_months}个月及以上、"
            f"连续{rule.red_periods}期红色预警、完工延后{rule.finish_months}个月及以上),"
            f"本期共有{total}个蜗牛项目")  # fmt: skip
    lead += f",其中再次列入{again}个。" if again else "。"
    shown = frame.head(rule.top)
    notes = ["首次列入的通报批评,再次列入的曝光。", _history_note(snails)]
    top_name = "十大蜗牛项目" if rule.top == 10 else f"前{rule.top}个蜗牛项目"
    if total > rule.top:
        notes.append(f"(以上为{top_name};共{total}个,完整清单见 projtrack woniu。)")
    if shown["flag"].is_not_null().any():
        notes.append("标“台账核对有提示”的项目,其所在行有核对提示(见 projtrack check)。")
    table: SubTable = {
        "title": "",
        "unit": "",
        "headers": ["序号", "项目名称", b.ranking.group_label, "蜗牛情形", "列入次数", "处理"],
        "rows": _snail_rows(shown),
        "aligns": ["c", "l", "l", "l", "r", "c"],
        "notes": [],
    }
    title = top_name if total > rule.top else "蜗牛项目"
    return {"key": "woniu", "title": title, "lead": lead, "tables": [table], "notes": notes}


def _snail_rows(frame: pl.DataFrame) -> list[list[str]]:
    return [
        [str(r["rank"]), r["name"] + ("(台账核对有提示)" if r["flag"] else ""), r["group"],
         ";".join(r["criteria"]), str(r["appearances"]), r["sanction"]]
        for r in frame.iter_rows(named=True)
    ]  # fmt: skip


def _history_note(snails: SnailList) -> str:
    """Which periods the red streaks and the listings were counted over."""
    look = snails.lookback
    if not look.store_used:
        return "连续红色预警只计本期,列入次数均按首次计(往期台账未入库)。"
    # The last period is this one, counted from the briefing's own list and not written:
    # it is no recorded list (unless a woniu run recorded it, and then today's list counts).
    earlier = snails.listing_periods[:-1]
    counted = (
        f"列入次数依据快照库记录的蜗牛名单({'、'.join(earlier)})和本期名单"
        if earlier
        else "快照库中没有本年此前各期的蜗牛名单记录,列入次数只计本期名单"
    )
    return (look.describe().rstrip("。") + f";{counted}"
            "(本期不写入快照库;记录名单用 projtrack woniu)。")  # fmt: skip


def _split(ahead: int, behind: int, leaders: int) -> str:
    """How many leaders' projects are ahead of 时序进度 and how many behind, with no "0位":
    均 when all are on one side, one side alone when the rest have no plan."""
    if ahead and behind:
        return f",其中{ahead}位领导联系项目的完成率达到或超过时序进度,{behind}位低于时序进度"
    every = "所联系项目的完成率" if leaders == 1 else "各位领导联系项目的完成率均"
    if ahead:
        return (f",{every}达到或超过时序进度" if ahead == leaders
                else f",其中{ahead}位领导联系项目的完成率达到或超过时序进度")  # fmt: skip
    if behind:
        return (f",{every}低于时序进度" if behind == leaders
                else f",其中{behind}位领导联系项目的完成率低于时序进度")  # fmt: skip
    return ""


def leaders_section(b: Briefing) -> Section | None:
    """Per leader, in the ledger's order: completion, red/yellow counts, open problems."""
    if b.leaders is None or b.leaders.rows.is_empty():
        return None
    table_of, frame, label = b.leaders, b.leaders.rows, b.leader_label
    named = frame.filter(frame["leader"] != UNSET_GROUP)
    ahead = int(named["on_track"].sum())
    behind = int((~named["on_track"]).sum())  # null (no plan) is neither
    lead = f"按{label}统计,{named.height}位领导联系{table_of.projects}个项目" + _split(
        ahead, behind, named.height
    )
    if unplanned := named.height - ahead - behind:
        lead += f",{unplanned}位领导联系的项目无年度计划"
    if table_of.unset:
        lead += f";另有{table_of.unset}个项目未填写{label}"
    # No 序号: the leaders are few and in protocol order, and the nine columns it would
    # make do not fit the 156 mm of a 公文 page in 五号 type.
    headers = [label, "项目数", "完成率", "较时序进度(百分点)", "红色预警", "黄色预警",
               "未解决问题"]  # fmt: skip
    overdue = b.deadlines
    if overdue:
        headers.append("其中逾期")
    rows = []
    for r in frame.iter_rows(named=True):
        row = [r["leader"], str(r["projects"]), percent(r["completion_rate"]),
               signed_pp(r["variance_pp"]), str(r["red"]), str(r["yellow"]),
               str(r["open_problems"])]  # fmt: skip
        rows.append([*row, str(r["overdue_problems"])] if overdue else row)
    table: SubTable = {
        "title": "",
        "unit": "单位:个、%",
        "headers": headers,
        "rows": rows,
        "aligns": ["l", *["r"] * (len(headers) - 1)],
        "notes": [],
    }
    notes = ["领导按台账所列顺序排列;完成率为所联系项目累计完成投资之和除以年度计划投资之和"
             "(与 projtrack rank --by leader 相同),预警为项目个数。"]  # fmt: skip
    if table_of.shared:
        notes.append(f"{table_of.shared}个项目由多位领导联系,在每位领导下各计一次,"
                     "上文的联系项目总数中只计一次。")  # fmt: skip
    return {"key": "leaders", "title": f"{label}联系项目推进情况", "lead": lead + "。",
            "tables": [table], "notes": notes}  # fmt: skip
