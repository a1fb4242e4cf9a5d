"""The official sentences of a briefing, built from computed figures (SPEC §2-§4)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from projtrack.period import period_label
from projtrack.render.numbers import fixed, percent, side, yi_amount, yi_digits
from projtrack.render.tables import caveat_notes

if TYPE_CHECKING:
    from projtrack.jobs.brief import Briefing
    from projtrack.period import AsOf


def progress_phrase(variance_pp: float | None) -> str:
    """超时序进度5.8个百分点 / 滞后时序进度3.2个百分点 / 与时序进度持平 (never a negative 超)."""
    if variance_pp is None:
        return ""
    shown = fixed(abs(variance_pp), 1)
    if shown == fixed(0.0, 1):
        return "与时序进度持平"
    return f"{'超' if variance_pp > 0 else '滞后'}时序进度{shown}个百分点"


def convention_note(briefing: Briefing) -> str:
    """Said only when time progress is not the default month convention."""
    r = briefing.ranking
    if r.convention == "plan":
        tp = r.total.get("time_progress", r.time_progress)
        return f"(时序进度按1-{r.as_of.date.month}月计划投资计算,为{percent(tp)})"
    if r.convention == "day":
        return f"(时序进度按日计算,为{percent(r.time_progress)})"
    return ""


def headline(briefing: Briefing) -> str:
    """一季度,全县72个省市重点项目累计完成投资49.5亿元,完成年度计划投资30.8%,超时序进度5.8个百分点。"""
    t = briefing.ranking.total
    done = _done(t["completed_ytd"], _level_digits(briefing), "累计")
    scope = f"{briefing.scope}{t['projects']}个{briefing.level_words}"
    head = f"{data_period(briefing.as_of)},{scope}{done}"
    if t["completion_rate"] is None:
        return head + "(未填报年度计划投资)。"
    phrase = progress_phrase(t["variance_pp"])
    rate = f"完成年度计划投资{percent(t['completion_rate'])}," if t["completed_ytd"] else ""
    return f"{head},{rate}{phrase}{convention_note(briefing)}。"


def data_period(as_of: AsOf) -> str:
    """The period the figures are of, as the headline says it: the label, except when a
    week's year is not its data's (2026年第1周 holding 2025-12-31): then the data's own
    period with its year (2025年全年, 截至2025年12月30日), never 第1周 over a year's figures."""
    d = as_of.date
    if as_of.label_year == d.year:
        return as_of.label
    own = period_label(d)
    return f"截至{d.year}年{own[2:]}" if own.startswith("截至") else f"{d.year}年{own}"


def _done(wan: float, digits: int | None, word: str = "") -> str:
    """``累计完成投资16.2亿元``, or ``尚未完成投资`` for nothing at all (0.00亿元 and 0万元
    are not how an office says that none was done; the rate, 0.0%, then goes unsaid)."""
    return f"{word}完成投资{yi_amount(wan, digits=digits)}" if wan else "尚未完成投资"


def _level_digits(briefing: Briefing) -> int | None:
    """The decimals of the headline's total and of its levels' amounts said after it: the
    finest any of them needs, so that the parts add up to the total as printed."""
    if briefing.levels.height < 2:
        return None
    amounts = [briefing.ranking.total["completed_ytd"], *briefing.levels["completed_ytd"]]
    # a level with nothing done is said 尚未完成投资: no decimals for it to ask
    return max((yi_digits(a) for a in amounts if a), default=None)


def level_clause(row: dict[str, Any], digits: int | None = None) -> str:
    """6个省重点项目完成投资16.2亿元,占年度计划43.4%,超时序进度18.4个百分点."""
    head = f"{row['projects']}个{row['group']}项目{_done(row['completed_ytd'], digits)}"
    if row["completion_rate"] is None:
        return head + "(未填报年度计划投资)"
    rate = f"占年度计划{percent(row['completion_rate'])}," if row["completed_ytd"] else ""
    return f"{head},{rate}{progress_phrase(row['variance_pp'])}"


def levels_sentence(briefing: Briefing) -> str:
    """其中,…;…。 — only when the ledger has more than one level."""
    if briefing.levels.height < 2:
        return ""
    digits = _level_digits(briefing)
    clauses = [level_clause(r, digits) for r in briefing.levels.iter_rows(named=True)]
    return "其中," + ";".join(clauses) + "。" + _rounding_note(briefing, digits)


ROUNDING_NOTE = "(因四舍五入,分项之和与合计略有出入。)"


def _rounding_note(briefing: Briefing, digits: int | None) -> str:
    """The statistical bulletin's note when the levels' amounts, each rounded on its own
    (SPEC: round the displayed digits), do not add up to the total as printed (10.75 +
    2.54 + 0.52 said under 13.80) — only when the levels hold every project's amount."""
    total = briefing.ranking.total["completed_ytd"] or 0.0
    parts = [float(a or 0.0) for a in briefing.levels["completed_ytd"]]
    if abs(sum(parts) - total) > 1e-6 * max(1.0, abs(total)):
        return ""

    def shown(wan: float) -> float:
        text = yi_amount(wan, digits=digits) if wan else "0亿元"
        value = float(text.removesuffix("亿元").removesuffix("万元").replace(",", ""))
        return value / 1e4 if text.endswith("万元") else value

    printed = sum(shown(a) for a in parts)
    return ROUNDING_NOTE if abs(printed - shown(total)) > 1e-9 else ""


def lists_sentence(briefing: Briefing) -> str:
    """按所在乡镇排名,A、B、C进入红榜;D、E列入黑榜。"""
    rows = briefing.ranking.rows
    red = [r["group"] for r in rows.iter_rows(named=True) if r["list"] == "red"]
    black = [r["group"] for r in rows.iter_rows(named=True) if r["list"] == "black"]
    parts = []
    if red:
        parts.append(f"{'、'.join(red)}进入红榜")
    if black:
        parts.append(f"{'、'.join(reversed(black))}列入黑榜")
    if not parts:
        return ""
    return f"按{briefing.ranking.group_label}排名," + ";".join(parts) + "。"


def starts_sentence(briefing: Briefing) -> str:
    """截至一季度末,应开工新开工项目17个,已开工13个,开工率76.5%;应开未开项目4个。"""
    s = briefing.starts
    if s is None or s.due == 0:
        return ""
    day = briefing.as_of.date
    text = f"截至{day.month}月{day.day}日,应开工新开工项目{s.due}个,"
    missing = s.due - s.started
    if not s.started:  # not "已开工0个,开工率0.0%"
        text += "均未开工。"
    else:
        text += f"已开工{s.started}个,开工率{percent(s.start_rate)}"
        text += f";应开未开项目{missing}个。" if missing else ",应开工项目全部开工。"
    if s.started_early:
        text += f"另有{s.started_early}个项目提前开工。"
    return text


def _direction(value: float, up: str = "提高", down: str = "下降") -> str:
    """提高3.2个百分点 / 下降1.0个百分点 / 持平 (on the displayed digit)."""
    shown = fixed(abs(value), 1)
    if shown == fixed(0.0, 1):
        return "持平"
    return f"{up if value > 0 else down}{shown}个百分点"


def gap_change(variance_now: float, change: float) -> str:
    """超时序进度幅度扩大2.0个百分点 / 与时序进度的差距缩小1.5个百分点, or — when the
    total crossed time progress — 由滞后时序进度13.5个百分点转为超时序进度7.1个百分点: a
    "widened by 20.5" lead of 7.1 would make the reader work back to an impossible one."""
    before = variance_now - change
    now_side, before_side = (side(v, "超", "滞后") for v in (variance_now, before))
    if now_side and before_side and now_side != before_side:
        return (f"由{before_side}时序进度{fixed(abs(before), 1)}个百分点"
                f"转为{now_side}时序进度{fixed(abs(variance_now), 1)}个百分点")  # fmt: skip
    if not now_side:
        return "与时序进度持平" + (
            f"(上期{before_side}时序进度{fixed(abs(before), 1)}个百分点)" if before_side else ""
        )
    if not before_side:
        return f"{now_side}时序进度{fixed(abs(variance_now), 1)}个百分点(上期与时序进度持平)"
    if variance_now > 0:
        return "超时序进度幅度" + _direction(change, "扩大", "缩小")
    return "与时序进度的差距" + _direction(change, "缩小", "扩大")


def change_sentence(briefing: Briefing) -> str:
    """与1-2月相比,完成率提高8.5个百分点,…;完成投资同比增长12.3%(上年同期40.1亿元)。"""
    r = briefing.ranking
    parts = []
    if r.previous is not None:
        ch = r.previous.change
        if ch["rate_change_pp"] is not None and ch["variance_change_pp"] is not None:
            parts.append(
                f"与{r.previous.label}相比,完成率{_direction(ch['rate_change_pp'])},"
                f"{gap_change(r.total['variance_pp'], ch['variance_change_pp'])}"
            )
    if r.year_ago is not None:
        growth = r.year_ago.change["completed_growth"]
        if growth is not None:
            # 上年同期 in the decimals of this year's total said before it: 2.74 against 2.2
            # (for 2.15) made a reader's 2.74 ÷ 2.2 = +24.5% disagree with the +27.4% printed.
            last = r.year_ago.total["completed_ytd"]
            digits = max(yi_digits(a) for a in (last, r.total["completed_ytd"]))
            digits = max(digits, _level_digits(briefing) or 0)
            prev = yi_amount(last, digits=digits)
            if percent(abs(growth)) == percent(0.0):
                parts.append(f"完成投资与上年同期持平(上年同期{prev})")
            else:
                word = "增长" if growth >= 0 else "下降"
                parts.append(f"完成投资同比{word}{percent(abs(growth))}(上年同期{prev})")
    return ";".join(parts) + "。" if parts else ""


def warn_sentence(briefing: Briefing) -> str:
    """按红黄蓝预警规则,红色预警项目2个、黄色预警项目20个,其余50个项目正常推进(蓝色)。

    A colour with no project is said so (无黄色预警项目), never "0个"; with neither red nor
    yellow, 全部N个项目. Blue projects without an annual plan are said apart: 其余50个项目为
    蓝色,其中47个正常推进、3个无年度计划投资、未评进度。
    """
    counts = briefing.colour_counts
    red, yellow, blue = counts["red"], counts["yellow"], counts["blue"]
    if red and yellow:
        head = f"按红黄蓝预警规则,红色预警项目{red}个、黄色预警项目{yellow}个"
    elif red or yellow:
        head = ("按红黄蓝预警规则," + (f"红色预警项目{red}个,无黄色预警项目" if red
                else f"无红色预警项目,黄色预警项目{yellow}个"))  # fmt: skip
    else:
        head = "按红黄蓝预警规则,无红色、黄色预警项目"
    if not blue:
        return head + "。"
    rest = f",其余{blue}个项目" if red or yellow else f",全部{blue}个项目"
    unrated = briefing.blue_without_plan
    if not unrated:
        return head + rest + "正常推进(蓝色)。"
    # A project without a plan has no progress to rate: blue, but not 正常推进.
    rated = f"{blue - unrated}个正常推进、" if blue > unrated else ""
    return head + rest + f"为蓝色,其中{rated}{unrated}个无年度计划投资、未评进度。"


def anomaly_notes(briefing: Briefing) -> list[str]:
    """Notes under the ranking for ledger findings that change a headline figure.

    A project completed beyond 3× its plan lifts its group's and the total's rate; a
    stated 合计/小计 that disagrees with its rows is not what the briefing adds up; a stated
    count that differs, or a 其中 line naming projects nothing read names, is what a section
    read wrongly leaves (its projects grouped under another level or none): said here, not
    only in ``check``.
    """
    r = briefing.ranking
    codes = [f.code for f in r.warnings]
    notes = []
    over = [f for f in r.warnings if f.code == "completed_over_3x_plan"]
    if over:
        rows = {(f.sheet, f.row) for f in over}
        names = [
            str(x["name"])
            for x in briefing.projects.select("name", "_sheet", "_row").iter_rows(named=True)
            if (x["_sheet"], x["_row"]) in rows
        ]
        shown = "、".join(names[:3]) + ("等" if len(names) > 3 else "")
        high = [
            f"{x['group']}完成率{percent(x['completion_rate'])}"
            for x in r.rows.iter_rows(named=True)
            if x["completion_rate"] is not None and x["completion_rate"] > 3
        ]
        lifted = f",使{'、'.join(high)}" if high else ""
        notes.append(
            f"注:{shown}{f'{len(over)}个项目' if len(over) > 1 else ''}"
            f"累计完成投资超过年度计划投资3倍{lifted},"
            "已按台账数据计入,请核实。"
        )
    if mismatches := codes.count("subtotal_mismatch"):
        notes.append(
            f"注:台账中{mismatches}处合计(小计)与所列项目之和不一致,本简报按项目逐项汇总。"
        )
    if counts := codes.count("count_mismatch"):
        notes.append(f"注:台账中{counts}处写明的项目个数与所列项目不符,请核实分类行和合计行。")
    if unknown := codes.count("breakdown_unchecked"):
        notes.append(f"注:台账中{unknown}处其中行所指的项目无法认出,未能核对,请核实。")
    return notes + [f"注:{note}" for note in caveat_notes(r, "本简报", hints=False)]
