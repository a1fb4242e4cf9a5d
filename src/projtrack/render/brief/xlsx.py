"""The briefing as an Excel workbook a bureau prints and forwards.

Sheets: 总览 (sentences and key figures), 排名 (red/black list coloured, with a native
chart), 明细 (every project, coloured by how far behind it is), 问题清单 and 应开未开 when
there is something to list. Figures are real numbers with number formats, so readers can
sum and sort them; sentences come from :mod:`brief_context`, so the workbook says exactly
what the Markdown and Word briefings say.

Ledger text is written with ``write_string`` (never ``write``), and formula-like text also
gets Excel's quote prefix, so "=SUM(A1)" stays text even after someone edits the cell.
Output is deterministic: the document date is the as-of date, not the clock.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, time
from typing import TYPE_CHECKING, Any

import polars as pl
import xlsxwriter

from projtrack.render.brief.context import brief_context, more_note
from projtrack.render.brief.phrases import starts_sentence
from projtrack.render.cells import FORMULA_START
from projtrack.render.tables import LIST_LABELS, rank_change, ytd_label
from projtrack.vocab import FIELD_LABELS

if TYPE_CHECKING:
    from xlsxwriter.format import Format

    from projtrack.jobs.brief import Briefing
    from projtrack.jobs.ranked import RankReport

RED_BELOW_PP = -30.0
"""明细 colours a project red when it is more than 30 pp behind time progress …"""
YELLOW_AT_OR_BELOW_PP = -10.0
"""… and yellow when 10 to 30 pp behind (both ends inclusive): the default 红黄蓝 rule of
the warnings issue (``config.Warnings.progress_red_pp`` / ``progress_yellow_pp``)."""

MAX_WIDTH = 60  # column width cap (Excel units); longer text wraps
PARAGRAPH_COLUMNS = 8  # sentences are merged across A:H
NUMBER_WIDTH = {"int": 6, "amount": 12, "pct": 8, "pp": 8, "score": 8, "date": 11}
TEXT_KINDS = ("text", "wrap")
LIST_STYLES = {"红榜": "red", "黑榜": "black"}

_KINDS: dict[str, dict[str, Any]] = {
    "title": {"bold": True, "font_size": 16},
    "subtitle": {"font_color": "#595959"},
    "para": {"text_wrap": True, "valign": "top"},
    "head": {"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True,
             "bg_color": "#D9E1F2", "border": 1},
    "text": {"border": 1, "valign": "vcenter"},
    "wrap": {"border": 1, "valign": "vcenter", "text_wrap": True},
    "int": {"border": 1, "num_format": "0"},
    "amount": {"border": 1, "num_format": "#,##0"},
    "pct": {"border": 1, "num_format": "0.0%"},
    "pp": {"border": 1, "num_format": "+0.0;-0.0;0.0"},
    "score": {"border": 1, "num_format": "0.0"},
    "date": {"border": 1, "num_format": 'yyyy"年"m"月"'},
}  # fmt: skip
_STYLES: dict[str, dict[str, Any]] = {
    "": {},
    "red": {"bg_color": "#FFC7CE", "font_color": "#9C0006"},  # 红榜; 红 warning in 明细
    "black": {"bg_color": "#D9D9D9"},  # 黑榜
    "yellow": {"bg_color": "#FFEB9C", "font_color": "#9C5700"},
    "total": {"bold": True},
}


def text_width(text: str) -> int:
    """Display width: CJK and full-width characters count 2, ASCII 1.

    UTF-8 spends 3 bytes on a CJK character and 1 on ASCII, so (chars + bytes) // 2 gives
    2 and 1 without a Python loop per character (明细 may have tens of thousands of rows).
    """
    return (len(text) + len(text.encode("utf-8"))) // 2


def variance_style(variance_pp: float | None) -> str:
    """The 明细 colour of a project: "red", "yellow" or "" (on track, or no rate)."""
    if variance_pp is None:
        return ""
    if variance_pp < RED_BELOW_PP:
        return "red"
    return "yellow" if variance_pp <= YELLOW_AT_OR_BELOW_PP else ""


class _Sheet:
    """One sheet: title row, header row, cells, and column widths measured while writing."""

    def __init__(self, wb: Any, cache: dict, name: str, title: str, headers: list[str],
                 widths: list[int] | None = None) -> None:  # fmt: skip
        self.wb, self.cache, self.title = wb, cache, title
        self.ws = wb.add_worksheet(name)
        self.widths = widths or [text_width(h) for h in headers]
        self.ws.write_string(0, 0, title, self.fmt("title"))
        for c, head in enumerate(headers):
            self.ws.write_string(1, c, head, self.fmt("head"))

    def fmt(self, kind: str, style: str = "", quoted: bool = False) -> Format:
        """A format made once per (kind, style, quoted) for the whole workbook."""
        key = (kind, style, quoted)
        if key not in self.cache:
            props = {**_KINDS[kind], **_STYLES[style], **({"quote_prefix": True} if quoted else {})}
            self.cache[key] = self.wb.add_format(props)
        return self.cache[key]

    def text(self, r: int, c: int, value: str | None, kind: str = "text", style: str = "") -> None:
        """Ledger text: always a string cell, quote-prefixed when it looks like a formula."""
        if not value:
            self.ws.write_blank(r, c, None, self.fmt(kind, style))
            return
        self.ws.write_string(r, c, value, self.fmt(kind, style, value.startswith(FORMULA_START)))
        self.widths[c] = max(self.widths[c], text_width(value))

    def num(self, r: int, c: int, value: Any, kind: str, style: str = "") -> None:
        """A number (or date) with its format; a missing value stays a formatted blank."""
        if value is None:
            self.ws.write_blank(r, c, None, self.fmt(kind, style))
        elif kind == "date":
            self.ws.write_datetime(r, c, value, self.fmt(kind, style))
        else:
            self.ws.write_number(r, c, value, self.fmt(kind, style))
        self.widths[c] = max(self.widths[c], NUMBER_WIDTH[kind])

    def rows(self, rows: Iterable[Sequence[Any]], kinds: list[str], *, start: int = 2,
             numbered: bool = True, style: Callable[[Sequence[Any]], str] | None = None,
             styled: Sequence[int] = ()) -> int:  # fmt: skip
        """Write a table body (with 序号 if ``numbered``); return the next free row.

        ``style(row)`` colours the columns in ``styled``; everything else is plain.
        """
        text, num, first, r = self.text, self.num, int(numbered), start - 1
        for r, row in enumerate(rows, start=start):
            band = style(row) if style else ""
            if numbered:
                num(r, 0, r - start + 1, "int")
            for c, (value, kind) in enumerate(zip(row, kinds, strict=True), start=first):
                if kind in TEXT_KINDS:
                    text(r, c, value, kind, band if c in styled else "")
                else:
                    num(r, c, value, kind, band if c in styled else "")
        return r + 1

    def note(self, r: int, text: str) -> None:
        """A sentence merged across A:H, wrapped, its row high enough for its lines."""
        shown = [min(w + 2, MAX_WIDTH) for w in self.widths[:PARAGRAPH_COLUMNS]]
        line = sum(shown) + 8.43 * (PARAGRAPH_COLUMNS - len(shown))
        self.ws.merge_range(r, 0, r, PARAGRAPH_COLUMNS - 1, "", self.fmt("para"))
        self.ws.write_string(r, 0, text, self.fmt("para"))
        self.ws.set_row(r, 18 * max(1, math.ceil(text_width(text) / line)))

    def finish(self, *, freeze_col: int = 0) -> None:
        """Widths, frozen headers, A4 landscape one page wide, titles repeated, page numbers."""
        for c, width in enumerate(self.widths):
            self.ws.set_column(c, c, min(width + 2, MAX_WIDTH))
        ws = self.ws
        ws.freeze_panes(2, freeze_col)
        ws.set_paper(9)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(0, 1)
        ws.center_horizontally()
        ws.set_margins(left=0.5, right=0.5, top=0.8, bottom=0.8)
        ws.set_header("&L" + self.title[:100].replace("&", "&&") + "&R&A")
        ws.set_footer("&C第 &P 页,共 &N 页")


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
    _overview(_Sheet(wb, cache, "总览", ctx["title"], [], [24, 16, *[12] * 6]), b, ctx)
    rk = ctx["ranking"]
    notes = [rk[k] for k in ("lists", "note", "rule")]
    _ranking(_Sheet(wb, cache, "排名", rk["title"], rk["headers"]), b.ranking, notes)
    if detail:
        columns = _detail_columns(b)
        heads = ["序号", *(c[1] for c in columns)]
        _details(_Sheet(wb, cache, "明细", f"{b.title}项目明细", heads), b, columns)
    rows = None if detail else LIST_ROWS
    if b.problems.height:
        heads = ["序号", *(FIELD_LABELS[f] for f in ("responsible", "name", "problems"))]
        sheet = _Sheet(wb, cache, "问题清单", f"存在问题清单(共{b.problems.height}个项目)", heads)
        r = sheet.rows(_first(b.problems, rows).iter_rows(), ["text", "text", "wrap"])
        if more := more_note(b.problems.height, "项目", "problems", rows or b.problems.height):
            sheet.note(r, more)
        sheet.finish()
    if b.starts is not None and b.starts.not_started.height:
        heads = ["序号", "项目名称", b.ranking.group_label, "计划开工时间", "逾期(月)",
                 "责任单位", "存在问题"]  # fmt: skip
        title = f"应开未开项目清单(截至{b.as_of.date.month}月{b.as_of.date.day}日)"
        sheet = _Sheet(wb, cache, "应开未开", title, heads)
        late = b.starts.not_started
        frame = _first(late, rows).select(
            "name", "group", "planned_start", "months_overdue", "responsible", "problems"
        )
        r = sheet.rows(frame.iter_rows(), ["text", "text", "date", "int", "text", "wrap"])
        if more := more_note(late.height, "应开未开项目", "starts", rows or late.height):
            sheet.note(r, more)
            r += 1
        sheet.note(r + 1, starts_sentence(b))
        sheet.finish()
    wb.close()
    return out.getvalue()


def _first(frame: pl.DataFrame, rows: int | None) -> pl.DataFrame:
    """The first ``rows`` rows, or all of them."""
    return frame if rows is None else frame.head(rows)


def _overview(sheet: _Sheet, b: Briefing, ctx: dict[str, Any]) -> None:
    """总览: the sentences a report quotes, then the key figures as numbers."""
    sheet.ws.write_string(1, 0, f"数据截至{ctx['as_of']},来源:{ctx['source']}",
                          sheet.fmt("subtitle"))  # fmt: skip
    sentences = [
        ctx["headline"],
        ctx["levels"],
        ctx["changes"],
        ctx["ranking"]["lists"],
        ctx["warnings"]["sentence"],
        starts_sentence(b),
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
    figures.append(("存在问题项目(个)", b.problems.height, "int"))
    head = r + 2
    sheet.ws.write_row(head, 0, ["主要指标", "数值"], sheet.fmt("head"))
    for r, (label, value, kind) in enumerate(figures, start=head + 1):
        sheet.text(r, 0, label)
        sheet.num(r, 1, value, kind)
    sheet.finish()


def _ranking(sheet: _Sheet, report: RankReport, notes: list[str]) -> None:
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
            (r["rate_change_pp"], rank_change(r["rank_change"], r["prev_rank"]))
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
        _chart(sheet, report, rated, r + 2)
    sheet.finish(freeze_col=2)


def _chart(sheet: _Sheet, report: RankReport, rated: pl.DataFrame, at_row: int) -> None:
    """Columns of completion rate per group with the time-progress line.

    Both series need cells (the line one cell per group holding time progress), so they
    read a small block in hidden columns after the table; ``show_hidden_data`` plots it.
    """
    ws, col, last = sheet.ws, len(sheet.widths) + 1, rated.height + 1
    for c, head in enumerate([report.group_label, "完成率", "时序进度"], start=col):
        ws.write_string(1, c, head)
    for r, (group, rate) in enumerate(rated.select("group", "completion_rate").iter_rows(), 2):
        ws.write_string(r, col, str(group))
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
    chart.set_title({"name": f"各{report.group_label}年度计划投资完成率与时序进度"})
    chart.set_y_axis({"num_format": "0%", "min": 0})
    chart.set_legend({"position": "bottom"})
    chart.show_hidden_data()
    chart.set_size({"width": 760, "height": 360})
    ws.insert_chart(at_row, 0, chart)
    ws.set_h_pagebreaks([at_row])  # printed on a page of its own, never cut in two


def _detail_columns(b: Briefing) -> list[tuple[str, str, str]]:
    """(field, header, kind) of 明细; the ledger's own header for the columns it has."""
    ledger = b.ranking.ledger
    columns = [("name", FIELD_LABELS["name"], "text")]
    for name in ("region", "level", "responsible", "stage"):
        if name in ledger.fields:
            found = ledger.header_texts(name)
            label = found[0].split("/")[-1] if found else FIELD_LABELS[name]
            columns.append((name, label, "text"))
    columns += [
        ("annual_plan", "年度计划投资(万元)", "amount"),
        ("completed_ytd", f"{ytd_label(b.ranking)}(万元)", "amount"),
        ("completion_rate", "完成率", "pct"),
        ("variance_pp", "较时序进度(百分点)", "pp"),
        ("progress_text", FIELD_LABELS["progress_text"], "wrap"),
        ("problems", FIELD_LABELS["problems"], "wrap"),
        ("_source", "来源", "text"),
    ]
    return columns


def _details(sheet: _Sheet, b: Briefing, columns: list[tuple[str, str, str]]) -> None:
    """明细: every project in ledger order; rate and variance coloured by how far behind."""
    ledger, names = b.ranking.ledger, [c[0] for c in columns]
    order = {s.name: i for i, s in enumerate(ledger.sheets)}
    frame = (
        b.projects.with_columns(
            pl.col("_sheet").replace_strict(order, default=len(order), return_dtype=pl.Int64)
            .alias("_order"),
            pl.format("{}!{}", "_sheet", "_row").alias("_source"),
        )
        .sort(["_order", "_row"], maintain_order=True)
        .select(names)
    )  # fmt: skip
    at = names.index("variance_pp")
    rate_cols = (names.index("completion_rate") + 1, at + 1)
    r = sheet.rows(frame.iter_rows(), [c[2] for c in columns],
                   style=lambda row: variance_style(row[at]), styled=rate_cols)  # fmt: skip
    sheet.ws.autofilter(1, 0, max(r - 1, 2), len(columns))
    sheet.finish(freeze_col=2)
