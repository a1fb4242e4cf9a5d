"""对标 as a table per period and the sentence for the briefing.

``2022年一季度，安居区锂电产业产值达到溧阳的23.0%，较上期提高8.0个百分点。`` for values;
``2024年1-5月，安居区完成率41.7%，低于射洪市3.3个百分点，差距较上期缩小1.2个百分点。``
for rates.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from projtrack.figures.duibiao import RATE_DIGITS, VALUE_DIGITS, ratio_digits
from projtrack.render.numbers import fixed, percent, side, signed_pp
from projtrack.render.views import View

if TYPE_CHECKING:
    from projtrack.jobs.duibiao import DuibiaoReport


# The table's 达到X的 and 比值较上期 columns, left out where the ratio means nothing.
RATIO_COLUMNS = (3, 5)


def ratio_text(ratio: float | None) -> str:
    """达到…的 as a percentage: two decimals below 10% as shown (1.07%), else one (27.5%;
    9.996% is 10.0%)."""
    return percent(ratio, ratio_digits(ratio))


def _reaches(model: str, ratio: float) -> str:
    """``达到溧阳的1.07%``; a ratio that is not 0 but shows as 0.00% reads as none at all,
    so it is said as a bound: ``不足溧阳的0.01%``."""
    text = ratio_text(ratio)
    if ratio > 0 and text == percent(0.0, ratio_digits(ratio)):
        return f"不足{model}的{percent(0.0001, 2)}"
    return f"达到{model}的{text}"


def _signed(value: float | None, digits: int) -> str:
    text = fixed(value, digits)
    return "+" + text if value is not None and value > 0 and text.strip("0.") else text


def duibiao_views(report: DuibiaoReport) -> list[View]:
    """One table: 期别, the unit's value, the model's, 达到 (ratio), 差距, and their change."""
    shown = (
        (lambda v: percent(v, RATE_DIGITS)) if report.rate else (lambda v: fixed(v, VALUE_DIGITS))
    )
    gap_unit = "（个百分点）" if report.rate else ""
    headers = ["期别", report.unit, report.model, f"达到{report.model}的", f"差距{gap_unit}",
               "比值较上期（个百分点）", "差距较上期"]  # fmt: skip
    rows = [
        [r["period"], shown(r["value"]), shown(r["model_value"]), ratio_text(r["ratio"]),
         signed_pp(r["gap"]) if report.rate else _signed(r["gap"], VALUE_DIGITS),
         signed_pp(r["ratio_change_pp"]),
         signed_pp(r["gap_change"]) if report.rate else _signed(r["gap_change"], VALUE_DIGITS)]
        for r in report.rows.iter_rows(named=True)
    ]  # fmt: skip
    if not report.ratios:  # a change rate (增速): 达到X的 says nothing, its columns go
        headers = [h for j, h in enumerate(headers) if j not in RATIO_COLUMNS]
        rows = [[c for j, c in enumerate(row) if j not in RATIO_COLUMNS] for row in rows]
    title = duibiao_title(report)
    notes = [duibiao_sentence(report)] if duibiao_sentence(report) else []
    if gaps := _gap_note(report):
        notes.append(gaps)
    return [View(title, headers, rows, notes=notes, numeric=set(range(1, len(headers))))]


def _gap_note(report: DuibiaoReport) -> str:
    """Which period a 较上期 was taken against where a stored month is missing before it:
    ``较上期：2024年1-5月与2024年一季度比较（2024年4月未入库）。``"""
    said = [f"{r['period']}与{r['against']}比较（{r['skipped']}未入库）"
            for r in report.rows.iter_rows(named=True)
            if r["against"] and {r["gap_change"], r["ratio_change_pp"]} != {None}]  # fmt: skip
    return f"较上期：{'；'.join(said)}。" if said else ""


def _previous(r: dict[str, Any]) -> str:
    """What 较上期 compares with in a sentence: 上期, or the period named where a month is
    missing between (较2024年一季度)."""
    return str(r["against"]) if r.get("against") else "上期"


def duibiao_title(report: DuibiaoReport) -> str:
    """``安居区对标溧阳（锂电产值（亿元））``."""
    return f"{report.unit}对标{report.model}" + (
        f"（{report.indicator}）" if report.indicator else ""
    )


def duibiao_sentence(report: DuibiaoReport) -> str:
    """The latest period with figures, in words, with its change against the one before."""
    rows = report.rows.filter(report.rows["gap"].is_not_null())
    if rows.height == 0:
        return ""
    r = rows.row(-1, named=True)
    head = f"{r['period']}，{report.unit}"
    name = re.sub(r"[（(][^（）()]*[）)]", "", report.indicator)  # 产值（亿元） → 产值
    if report.rate:
        return f"{head}{name}{percent(r['value'])}，{_gap_words(report, r, rows.height > 1)}。"
    if r["ratio"] is None:  # below 0, or a model of 0 or less: the gap says it
        return f"{head}{name}{fixed(r['value'], VALUE_DIGITS)}{_amount_gap(report, r)}。"
    text = f"{head}{name}{_reaches(report.model, r['ratio'])}"
    change = r["ratio_change_pp"]
    if change is not None and rows.height > 1:
        if fixed(abs(change), 1).strip("0.") == "":
            text += f"，与{_previous(r)}持平"
        else:
            word = "提高" if change > 0 else "下降"
            text += f"，较{_previous(r)}{word}{fixed(abs(change), 1)}个百分点"
    return text + "。"


def _amount_gap(report: DuibiaoReport, r: dict[str, Any]) -> str:
    """``，低于溧阳5.00亿元`` — an amount's gap in the indicator's unit, when it has no
    ratio (a value below 0, a model of 0 or less)."""
    unit = re.search(r"[（(]([^（）()]*)[）)]", report.indicator)
    now = side(r["gap"], "高于", "低于")
    if not now:
        return f"，与{report.model}持平"
    return f"，{now}{report.model}{fixed(abs(r['gap']), VALUE_DIGITS)}{unit[1] if unit else ''}"


def _gap_words(report: DuibiaoReport, r: dict[str, Any], has_previous: bool) -> str:
    """高于/低于 the model by N points, and how that moved since the previous period: a gap
    that widened or narrowed (差距较上期缩小), a lead likewise (领先幅度), or a side that
    changed (由上期高于…2.3个百分点转为低于1.0个百分点): a "widened" gap across a change of
    side would make the reader work back to an impossible previous gap."""
    model = report.model
    now = side(r["gap"], "高于", "低于")
    if not now:
        words = f"与{model}持平"
    else:
        words = f"{now}{model}{fixed(abs(r['gap']), 1)}个百分点"
    change = r["gap_change"]
    if change is None or not has_previous:
        return words
    then = _previous(r)
    previous = r["gap"] - change
    before = side(previous, "高于", "低于")
    if before and now and before != now:
        return (f"由{then}{before}{model}{fixed(abs(previous), 1)}个百分点转为"
                f"{now}{fixed(abs(r['gap']), 1)}个百分点")  # fmt: skip
    if not now:
        return words + (f"（{then}{before}{fixed(abs(previous), 1)}个百分点）" if before else "")
    if not before:
        return words + f"（{then}与{model}持平）"
    word = "领先幅度" if r["gap"] > 0 else "差距"
    if fixed(abs(change), 1).strip("0.") == "":
        return words + f"，{word}与{then}持平"
    wider = (change > 0) == (r["gap"] > 0)
    return words + f"，{word}较{then}{'扩大' if wider else '缩小'}{fixed(abs(change), 1)}个百分点"
