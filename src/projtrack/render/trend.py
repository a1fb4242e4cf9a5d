"""Trend output: completion rate and variance per period and group (table, JSON, Excel)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import polars as pl

from projtrack.render.numbers import percent, signed_pp
from projtrack.render.views import View


@dataclass
class TrendReport:
    """Long frame: period, as_of, label, group, projects, …, completion_rate, variance_pp."""

    frame: pl.DataFrame
    group_by: str

    def to_json(self) -> dict[str, Any]:
        """Rows as plain values (dates as ISO text)."""
        rows = self.frame.with_columns(pl.col("as_of").cast(pl.String)).to_dicts()
        return {"group_by": self.group_by, "unit": "万元", "rows": rows}

    def periods(self) -> list[tuple[str, str]]:
        """(period, label) in time order."""
        seen = self.frame.select("period", "label").unique(maintain_order=True)
        return list(seen.iter_rows())

    def titles(self) -> list[str]:
        """Column titles of the periods: the label (一季度), with the year (2023年一季度)
        when the periods span more than one year, so no two columns read the same."""
        periods = self.periods()
        years = {period[:4] for period, _ in periods}
        if len(years) <= 1:
            return [label for _, label in periods]
        return [f"{period[:4]}年{label}" for period, label in periods]

    def groups(self) -> list[str]:
        """Groups in the order of the latest period's rate (合计 last)."""
        latest = self.periods()[-1][0]
        last = self.frame.filter((pl.col("period") == latest) & (pl.col("group") != "合计"))
        ordered = last.sort(["completion_rate", "group"], descending=[True, False], nulls_last=True)
        others = sorted(set(self.frame["group"]) - set(ordered["group"]) - {"合计"})
        return [*ordered["group"], *others, "合计"]


def trend_views(report: TrendReport) -> list[View]:
    """A pivot: one row per group, rate and variance for each period."""
    periods = report.periods()
    index = {(r["period"], r["group"]): r for r in report.frame.iter_rows(named=True)}
    headers = ["分组"]
    for title in report.titles():
        headers += [f"{title}完成率", f"{title}较时序"]
    rows = []
    for group in report.groups():
        row = [group]
        for period, _ in periods:
            rec = index.get((period, group))
            row += [percent(rec["completion_rate"]) if rec else "",
                    signed_pp(rec["variance_pp"]) if rec else ""]  # fmt: skip
        rows.append(row)
    pivot = View(
        title="各期完成率与较时序进度(百分点)",
        headers=headers,
        rows=rows,
        numeric=set(range(1, len(headers))),
    )
    return [pivot]


def trend_long_view(report: TrendReport) -> View:
    """The long form for CSV: one row per period and group, unrounded."""
    return View(
        title="明细",
        headers=[
            "期间",
            "分组",
            "项目数",
            "年度计划投资(万元)",
            "累计完成投资(万元)",
            "完成率",
            "较时序进度(百分点)",
        ],
        rows=[
            [
                r["period"],
                r["group"],
                str(r["projects"]),
                repr(r["annual_plan"]),
                repr(r["completed_ytd"]),
                "" if r["completion_rate"] is None else repr(r["completion_rate"]),
                "" if r["variance_pp"] is None else repr(r["variance_pp"]),
            ]
            for r in report.frame.iter_rows(named=True)
        ],
        numeric={2, 3, 4, 5, 6},  # figures stay numbers: no formula guard on -18.9
    )


def trend_xlsx(report: TrendReport) -> bytes:
    """A workbook: the pivot of rates by period, and a line chart of each group's rate."""
    import xlsxwriter

    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                      "strings_to_urls": False})  # fmt: skip
    periods = report.periods()
    groups = report.groups()
    ws = wb.add_worksheet("趋势")
    head = wb.add_format({"bold": True, "border": 1, "align": "center", "text_wrap": True})
    pct = wb.add_format({"num_format": "0.0%", "border": 1})
    text = wb.add_format({"border": 1})
    index = {(r["period"], r["group"]): r for r in report.frame.iter_rows(named=True)}
    ws.write_string(0, 0, "分组", head)
    for j, title in enumerate(report.titles(), start=1):
        ws.write_string(0, j, f"{title}完成率", head)
    for i, group in enumerate(groups, start=1):
        ws.write_string(i, 0, group, text)
        for j, (period, _) in enumerate(periods, start=1):
            rec = index.get((period, group))
            if rec and rec["completion_rate"] is not None:
                ws.write_number(i, j, rec["completion_rate"], pct)
            else:
                ws.write_blank(i, j, None, text)
    ws.set_column(0, 0, 18)
    ws.set_column(1, len(periods), 14)
    ws.freeze_panes(1, 1)
    chart = wb.add_chart({"type": "line"})
    for i in range(1, len(groups) + 1):
        chart.add_series({
            "name": ["趋势", i, 0],
            "categories": ["趋势", 0, 1, 0, len(periods)],
            "values": ["趋势", i, 1, i, len(periods)],
            "marker": {"type": "circle"},
        })  # fmt: skip
    chart.set_title({"name": "完成率走势"})
    chart.set_y_axis({"num_format": "0%"})
    ws.insert_chart(len(groups) + 3, 0, chart, {"x_scale": 1.6, "y_scale": 1.3})
    # Printed as an office prints it: A4 landscape, one page wide, the header row repeated,
    # page numbers; the chart starts a page of its own when the table fills the first, so
    # it is never cut in two (its legend alone on the next page).
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    ws.set_margins(left=0.5, right=0.5, top=0.8, bottom=0.8)
    ws.set_footer("&C— &P —")
    if len(groups) > 12:  # (the table and the chart, about 20 rows, fill a landscape page)
        ws.set_h_pagebreaks([len(groups) + 2])
    wb.set_properties({"created": _fixed_time(periods[-1][0])})
    wb.close()
    return buffer.getvalue()


def _fixed_time(period: str) -> Any:
    from datetime import datetime

    return datetime(int(period[:4]), int(period[5:7]), 1)
