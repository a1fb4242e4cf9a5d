"""The briefing as an Excel workbook a bureau prints and forwards.

Sheets: 总览 (sentences and key figures), 排名 (red/black list coloured, with a native
chart), 明细 (every project, coloured and labelled by its 红黄蓝 warning — the same
classification as ``projtrack warn``), 问题清单 and 应开未开 when there is something to
list. Figures are real numbers with number formats, so readers can sum and sort them;
sentences come from :mod:`brief_context`, so the workbook says exactly what the Markdown,
Word and HTML briefings say. Output is deterministic: the document date is the as-of
date, not the clock.
"""

from __future__ import annotations

import io
import math
import re
from datetime import datetime, time
from typing import TYPE_CHECKING, Any

import polars as pl
import xlsxwriter

from projtrack.render.brief.context import brief_context, more_note
from projtrack.render.brief.measure import header_lines
from projtrack.render.brief.rutong_sheet import rutong_sheet
from projtrack.render.brief.sections_xlsx import supervision_sheets
from projtrack.render.brief.sheet import (
    FONT_SIZE,
    MIN_PRINTED_PT,
    NUMBER_WIDTH,
    PAGE_UNITS,
    Sheet,
    text_width,
)
from projtrack.render.punctuation import own_words, punctuate
from projtrack.render.tables import LIST_LABELS, rank_change, rank_headers, ytd_label
from projtrack.vocab import FIELD_LABELS

if TYPE_CHECKING:
    from projtrack.jobs.brief import Briefing
    from projtrack.jobs.ranked import RankReport
    from projtrack.render.brief.shapes import BriefContext

__all__ = ["render_brief_xlsx", "text_width", "wants_detail"]

LIST_STYLES = {"红榜": "red", "黑榜": "black"}
WARN_STYLES = {"red": "warn_red", "yellow": "warn_yellow"}
WARN_WORDS = {"red": "红", "yellow": "黄", "blue": "蓝"}
# 明细 wraps its long text columns at these widths (Excel units, ~2 per Chinese
# character), so the printed sheet stays at ≥ 9 pt instead of shrinking to fit.
DETAIL_CAPS = {"name": 30, "region": 14, "level": 10, "responsible": 14, "stage": 10,
               "reason": 16, "progress_text": 26, "problems": 22}  # fmt: skip
DETAIL_FLOORS = {"name": 20, "region": 10}  # others: 8 (four characters a line)


# Above this many projects the per-project 明细 sheet is left out unless asked for: it
# is what costs (xlsxwriter writes about 6 µs a cell; 100k projects × 22 columns take
# 12-15 s) and a workbook of that size is not what a briefing is printed from.
DETAIL_LIMIT = 20_000


# Without the 明细 sheet the workbook's lists (问题清单, 应开未开) stop after this many
# rows, with a note naming the command that lists them all: on a national roll-up they
# run to tens of thousands of rows, which cost as much as 明细 and are not a briefing.
LIST_ROWS = 1_000


def wants_detail(projects: int, choice: str = "auto") -> bool:
    """``--detail``: yes, no, or auto (yes up to :data:`DETAIL_LIMIT` projects)."""
    if choice == "auto":
        return projects <= DETAIL_LIMIT
    return choice == "yes"


def render_brief_xlsx(briefing: Briefing, *, detail: bool = True) -> bytes:
    """The briefing as .xlsx bytes; the same briefing always gives the same bytes.

    ``detail`` False leaves out the per-project 明细 sheet (see :func:`wants_detail`)
    and cuts the 问题清单 and 应开未开 lists at :data:`LIST_ROWS` rows.
    """
    b, ctx, out = briefing, brief_context(briefing), io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    wb = xlsxwriter.Workbook(out, options)
    wb.set_properties({"title": b.title, "subject": "重点项目推进情况简报", "author": "projtrack",
                       "created": datetime.combine(b.as_of.date, time())})  # fmt: skip
    cache: dict = {}

    def new(name: str, title: str, heads: list[str], **kw: Any) -> Sheet:
        return Sheet(wb, cache, name, title, heads, punctuation=b.punctuation, **kw)

    _overview(new("总览", ctx["title"], [], widths=[24, 16, *[12] * 6]), b, ctx)
    rk = ctx["ranking"]
    notes = [rk["lists"], rk["note"], rk["rule"], *ctx["anomalies"]]
    ranking_sheet(new("排名", rk["title"], rank_headers(b.ranking)), b.ranking, notes,
                  b.punctuation)  # units in headers  # fmt: skip
    if detail:
        columns = _detail_columns(b)
        heads = ["序号", *(c[1] for c in columns)]
        caps = _detail_caps(columns, b.punctuation)
        _details(new("明细", f"{b.title}项目明细", heads, caps=caps), b, columns)
    supervision_sheets(new, b, ctx)
    rows = None if detail else LIST_ROWS
    if b.problems.height:
        heads = ["序号", *(FIELD_LABELS[f] for f in ("responsible", "name", "problems"))]
        title = f"存在问题清单(共{b.problems.height}个项目)"
        sheet = new("问题清单", title, heads, caps={2: 30, 3: 50})
        frame = _first(b.problems, rows).select("responsible", "name", "problems")
        r = sheet.rows(frame.iter_rows(), ["wrap", "wrap", "wrap"])
        if more := more_note(b.problems.height, "项目", "problems", rows or b.problems.height):
            sheet.note(r, more)
        sheet.finish()
    if b.starts is not None and b.starts.not_started.height:
        heads = ["序号", "项目名称", b.ranking.group_label, "计划开工时间", "逾期(月)",
                 "责任单位", "存在问题"]  # fmt: skip
        title = f"应开未开项目清单(截至{b.as_of.date.month}月{b.as_of.date.day}日)"
        sheet = new("应开未开", title, heads, caps={1: 30, 6: 40})
        late = b.starts.not_started
        frame = _first(late, rows).select(
            "name", "group", "planned_start", "months_overdue", "responsible", "problems"
        )
        r = sheet.rows(frame.iter_rows(), ["text", "text", "date", "int", "text", "wrap"])
        if more := more_note(late.height, "应开未开项目", "starts", rows or late.height):
            sheet.note(r, more)
            r += 1
        sheet.note(r + 1, ctx["starts"]["sentence"] if ctx["starts"] else "")
        sheet.finish()
    if b.statistics is not None:  # --stats / [rutong] stats
        rutong_sheet(new, b.statistics)
    wb.close()
    return out.getvalue()


def _first(frame: pl.DataFrame, rows: int | None) -> pl.DataFrame:
    """The first ``rows`` rows, or all of them."""
    return frame if rows is None else frame.head(rows)


def _overview(sheet: Sheet, b: Briefing, ctx: BriefContext) -> None:
    """总览: the sentences a report quotes, then the key figures as numbers."""
    sheet.ws.write_string(1, 0, ctx["source_line"], sheet.fmt("subtitle"))
    sentences = [
        ctx["headline"],
        ctx["levels"],
        ctx["changes"],
        ctx["ranking"]["lists"],
        ctx["warnings"]["sentence"],
        ctx["starts"]["sentence"] if ctx["starts"] else "",
        *(part["lead"] for part in [*filter(None, [ctx["fast_slow"]]), *ctx["supervision"]]),
        *ctx["anomalies"],
    ]
    r = 3
    for r, text in enumerate(filter(None, sentences), start=3):
        sheet.note(r, text)
    t, s = b.ranking.total, b.starts
    figures: list[tuple[str, Any, str]] = [
        ("项目数(个)", t["projects"], "int"),
        ("年度计划投资(万元)", t["annual_plan"], "amount"),
        ("累计完成投资(万元)", t["completed_ytd"], "amount"),
        ("完成率", t["completion_rate"], "pct"),
        ("时序进度", b.ranking.time_progress, "pct"),
        ("较时序进度(百分点)", t["variance_pp"], "pp"),
    ]
    if s is not None and s.due:
        figures += [("应开工新开工项目(个)", s.due, "int"), ("已开工(个)", s.started, "int"),
                    ("开工率", s.start_rate, "pct")]  # fmt: skip
    figures.append(("存在未解决问题项目(个)" if b.problems_settled else "存在问题项目(个)",
                    b.problems.height, "int"))  # fmt: skip
    head = r + 2
    sheet.ws.write_row(head, 0, ["主要指标", "数值"], sheet.fmt("head"))
    for r, (label, value, kind) in enumerate(figures, start=head + 1):
        sheet.text(r, 0, punctuate(label, b.punctuation))
        # counts right-aligned like the amounts in the same 数值 column, not centred
        sheet.num(r, 1, value, "count" if kind == "int" else kind)
    sheet.finish()


def ranking_sheet(
    sheet: Sheet, report: RankReport, notes: list[str], punctuation: str = "full"
) -> None:
    """排名: groups as numbers, 红榜/黑榜 rows filled, the rule and notes, the chart below."""
    kinds = ["int", "text", "int", "amount", "amount", "pct", "pp", "text"]
    cols = ["rank", "group", "projects", "annual_plan", "completed_ytd", "completion_rate",
            "variance_pp"]  # fmt: skip
    frame = report.rows
    # Optional columns in the order of tables.rank_headers: 序列 after the group, 综合得分
    # after the variance.
    if "sequence" in frame.columns:
        cols.insert(2, "sequence")
        kinds.insert(2, "text")
    if "score" in frame.columns:
        kinds.insert(len(cols), "score")
        cols.append("score")
    labels = [LIST_LABELS[x] for x in frame["list"]]
    moves: list[tuple[Any, ...]] = [()] * frame.height
    total_moves: tuple[Any, ...] = ()
    if report.previous is not None:  # 完成率较上期 (pp) and 排名变化, as in the other formats
        kinds[len(cols) : len(cols)] = ["pp", "text"]
        moves = [
            (
                r["rate_change_pp"],
                rank_change(r["rank_change"], r["prev_rank"], r.get("prev_listed", False)),
            )
            for r in frame.iter_rows(named=True)
        ]
        total_moves = (report.previous.change["rate_change_pp"], "")
    rows = [
        (*row, *move, label)
        for row, move, label in zip(frame.select(cols).iter_rows(), moves, labels, strict=True)
    ]
    every = range(len(kinds))
    r = sheet.rows(rows, kinds, numbered=False, style=lambda row: LIST_STYLES.get(row[-1], ""),
                   styled=every)  # fmt: skip
    t = report.total
    total = (None, "合计", *(t.get(c, "") for c in cols[2:]), *total_moves, "")
    end = sheet.rows([total], kinds, start=r, numbered=False, style=lambda _: "total", styled=every)
    r = end
    for r, text in enumerate(filter(None, notes), start=end + 1):
        sheet.note(r, text)
    rated = frame.filter(pl.col("completion_rate").is_not_null())
    if rated.height:
        _chart(sheet, report, rated, r + 2, punctuation)
    sheet.finish(freeze_col=2)


def _chart(
    sheet: Sheet, report: RankReport, rated: pl.DataFrame, at_row: int, punctuation: str
) -> None:
    """Columns of completion rate per group with the time-progress line.

    Both series need cells (the line one cell per group holding time progress), so they
    read a small block in hidden columns after the table; ``show_hidden_data`` plots it.
    """
    ws, col, last = sheet.ws, len(sheet.widths) + 1, rated.height + 1
    for c, head in enumerate([report.group_label, "完成率", "时序进度"], start=col):
        ws.write_string(1, c, punctuate(head, punctuation))
    for r, (group, rate) in enumerate(rated.select("group", "completion_rate").iter_rows(), 2):
        ws.write_string(r, col, own_words(str(group), punctuation))  # the chart's labels
        ws.write_number(r, col + 1, rate)
        ws.write_number(r, col + 2, report.time_progress)
    ws.set_column(col, col + 2, None, None, {"hidden": True})
    name, categories = sheet.ws.name, [sheet.ws.name, 2, col, last, col]
    chart = sheet.wb.add_chart({"type": "column"})
    chart.add_series({"name": "完成率", "categories": categories,
                      "values": [name, 2, col + 1, last, col + 1], "fill": {"color": "#4472C4"},
                      "data_labels": {"value": True, "num_format": "0.0%"}})  # fmt: skip
    line = sheet.wb.add_chart({"type": "line"})
    line.add_series({"name": "时序进度", "categories": categories,
                     "values": [name, 2, col + 2, last, col + 2], "marker": {"type": "none"},
                     "line": {"color": "#C00000", "width": 2, "dash_type": "dash"}})  # fmt: skip
    chart.combine(line)
    each = re.sub(r"^(?:所在|所属)", "", report.group_label)  # 各乡镇, not 各所在乡镇
    chart.set_title({"name": punctuate(f"各{each}年度计划投资完成率与时序进度", punctuation)})
    chart.set_y_axis({"num_format": "0%", "min": 0})
    chart.set_legend({"position": "bottom"})
    chart.show_hidden_data()
    chart.set_size({"width": 760, "height": 360})
    ws.insert_chart(at_row, 0, chart, {"y_offset": 6})  # its top edge never on the page before
    ws.set_h_pagebreaks([at_row])  # printed on a page of its own, never cut in two


def _detail_columns(b: Briefing) -> list[tuple[str, str, str]]:
    """(field, header, kind) of 明细; the ledger's own header for the columns it has."""
    ledger = b.ranking.ledger
    columns = [("name", FIELD_LABELS["name"], "wrap")]
    for name in ("region", "level", "responsible", "stage"):
        if name in ledger.fields:
            found = ledger.header_texts(name)
            label = found[0].split("/")[-1] if found else FIELD_LABELS[name]
            if name == "region":  # the job's word: the header, or 乡镇 for towns' sheets
                label = b.region_label
            columns.append((name, label, "wrap" if name in DETAIL_CAPS else "text"))
    columns += [
        ("annual_plan", "年度计划投资(万元)", "amount"),
        ("completed_ytd", f"{ytd_label(b.ranking)}(万元)", "amount"),
        ("completion_rate", "完成率", "pct"),
        ("variance_pp", "较时序进度(百分点)", "pp"),
        ("progress_text", FIELD_LABELS["progress_text"], "wrap"),
        ("problems", FIELD_LABELS["problems"], "wrap"),
        ("color", "预警", "centre"),
        ("reason", "预警原因", "wrap"),
        ("_source", "来源", "text"),  # kept out of the print area
    ]
    return columns


def _detail_caps(columns: list[tuple[str, str, str]], punctuation: str) -> dict[int, int]:
    """Width caps of 明细's text columns, so that the printed columns (序号 to 预警原因; 来源
    is not printed) fit A4 landscape at the scale that keeps 9 pt text.

    The other columns are counted at the width they will get (their header's longer line
    or their figures, whichever is wider); the text columns share what is left in
    proportion to :data:`DETAIL_CAPS`, none below :data:`DETAIL_FLOORS` (项目名称 keeps
    ten characters a line) or its header's longer line. Should even the floors not fit,
    the sheet's fit-to-width scale goes below 9 pt rather than printing a column on a page
    of its own.
    """
    caps = {i: DETAIL_CAPS[c[0]] for i, c in enumerate(columns, 1) if c[0] in DETAIL_CAPS}
    heads = {i: max(map(text_width, header_lines(punctuate(c[1], punctuation))))
             for i, c in enumerate(columns, 1)}  # fmt: skip
    fixed = (
        NUMBER_WIDTH["int"]
        + 2
        + sum(  # 序号, then every printed column not capped
            max(NUMBER_WIDTH.get(kind, 4), heads[i]) + 2
            for i, (_, _, kind) in enumerate(columns[:-1], 1)
            if i not in caps
        )
    )
    room = PAGE_UNITS * 100 / math.ceil(MIN_PRINTED_PT * 100 / FONT_SIZE) - fixed
    floor = {i: max(DETAIL_FLOORS.get(columns[i - 1][0], 8), heads[i] + 2) for i in caps}
    caps = {i: max(cap, floor[i]) for i, cap in caps.items()}  # a header is never cut
    share = 1.0
    while share > 0.1 and sum(max(floor[i], int(c * share)) for i, c in caps.items()) > room:
        share -= 0.01
    return {i: max(floor[i], int(cap * share)) for i, cap in caps.items()}


def _details(sheet: Sheet, b: Briefing, columns: list[tuple[str, str, str]]) -> None:
    """明细: every project in ledger order, its 红黄蓝 warning in words and in colour.

    The colour is ``warn``'s (``Briefing.warned``, ``[warnings]`` thresholds); the rate,
    variance and 预警 cells of a red or yellow project are filled.
    """
    ledger, names = b.ranking.ledger, [c[0] for c in columns]
    order = {s.name: i for i, s in enumerate(ledger.sheets)}
    warned = b.warned.select("_sheet", "_row", "color", "reason")
    frame = (
        b.projects.join(warned, on=["_sheet", "_row"], how="left")
        .with_columns(
            pl.col("_sheet").replace_strict(order, default=len(order), return_dtype=pl.Int64)
            .alias("_order"),
            pl.format("{}!{}", "_sheet", "_row").alias("_source"),
        )
        .sort(["_order", "_row"], maintain_order=True)
        .select(names)
    )  # fmt: skip
    at = names.index("color")
    styled = (names.index("completion_rate") + 1, names.index("variance_pp") + 1, at + 1)
    # 预警 in words; its reason (projtrack's own words) punctuated like every other sentence.
    p = b.punctuation
    rows = (
        (*row[:at], WARN_WORDS.get(row[at], ""), row[at + 1] and punctuate(row[at + 1], p),
         *row[at + 2 :])
        for row in frame.iter_rows()
    )  # fmt: skip
    words = {v: k for k, v in WARN_WORDS.items()}
    r = sheet.rows(rows, [c[2] for c in columns],
                   style=lambda row: WARN_STYLES.get(words.get(row[at], ""), ""),
                   styled=styled)  # fmt: skip
    sheet.ws.autofilter(1, 0, max(r - 1, 2), len(columns))
    last = len(columns) - 1  # 来源 (sheet!row) is for checking, not for printing
    sheet.ws.print_area(0, 0, max(r - 1, 2), last)
    sheet.finish(freeze_col=2, repeat_columns=2)
