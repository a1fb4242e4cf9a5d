"""``duibiao -o 对标.xlsx``: the 对标 table and sentence as a sheet (as every view), with a
line chart of both series (the unit against the model) and a column chart of the ratio
(达到…的) beside it, under the sentence — none for a change rate (增速), which has no
ratio. The charts read the table's cells, so they show what the table shows."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from projtrack.render.views_xlsx import new_workbook, write_views

if TYPE_CHECKING:
    import xlsxwriter

    from projtrack.jobs.duibiao import DuibiaoReport
    from projtrack.render.views import View

UNIT_COLOUR, MODEL_COLOUR, RATIO_COLOUR = "#C00000", "#1F4E79", "#2E75B6"
CHART_WIDTH = 548  # pixels: the line chart (480 × 1.1) and a gap; the bars stand beside it


def duibiao_xlsx(report: DuibiaoReport, views: list[View]) -> bytes:
    """The workbook: the table (views[0]) with its sentence, then the two charts."""
    out = io.BytesIO()
    wb = new_workbook(out, views[0].title)
    (ws, free), *_ = write_views(wb, views)
    name, last = ws.get_name(), len(views[0].rows) + 1
    ws.set_paper(9)  # A4, landscape, one page wide: the table and both charts print together
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    periods = [name, 2, 0, last, 0]
    line = wb.add_chart({"type": "line"})
    for col, colour in ((1, UNIT_COLOUR), (2, MODEL_COLOUR)):
        line.add_series({
            "name": [name, 1, col], "categories": periods, "values": [name, 2, col, last, col],
            "line": {"color": colour, "width": 2.25},
            "marker": {"type": "circle", "size": 6, "fill": {"color": colour},
                       "border": {"color": colour}},
        })  # fmt: skip
    shown = f"（{report.indicator}）" if report.indicator else ""
    line.set_title({"name": f"{report.unit}与{report.model}{shown}", "name_font": {"size": 12}})
    line.set_legend({"position": "bottom"})
    if report.rate:
        line.set_y_axis({"num_format": "0%"})
    ws.insert_chart(free, 0, line, {"x_scale": 1.1, "y_scale": 1.2})
    if report.ratios:  # a change rate (增速) has no 达到…的 column to chart
        ws.insert_chart(free, 0, _ratio_bars(wb, report, name, periods, last),
                        {"x_scale": 1.1, "y_scale": 1.2, "x_offset": CHART_WIDTH})  # fmt: skip
    wb.close()
    return out.getvalue()


def _ratio_bars(wb: xlsxwriter.Workbook, report: DuibiaoReport, name: str, periods: list[Any],
                last: int) -> Any:  # fmt: skip
    """The column chart of 达到…的, labelled as the cells show the ratios (1.07%, 27.5%)."""
    bars = wb.add_chart({"type": "column"})
    bars.add_series(
        {
            "name": [name, 1, 3],
            "categories": periods,
            "values": [name, 2, 3, last, 3],
            "fill": {"color": RATIO_COLOUR},
            "data_labels": {"value": True},
        }
    )
    bars.set_title({"name": f"{report.unit}达到{report.model}的比值", "name_font": {"size": 12}})
    bars.set_legend({"none": True})
    bars.set_y_axis({"num_format": "0%", "min": 0})
    return bars
