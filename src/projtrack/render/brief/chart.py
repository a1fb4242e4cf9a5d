"""The ranking as an inline SVG bar chart: completion rate per group, the 时序进度 line.

Horizontal bars (one per group, in rank order) read on a phone without turning it; the
chart scales to the page width through its viewBox. 红榜 bars are dark red and solid,
黑榜 bars hatched dark grey, the rest mid blue — told apart in greyscale too.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from projtrack.render.numbers import percent

if TYPE_CHECKING:
    from projtrack.jobs.ranked import RankReport

WIDTH, BAR, GAP, LABEL, TOP = 360, 18, 6, 92, 30  # user units ≈ CSS px on a phone
FILLS = {"red": "#8B0000", "black": "url(#hatch)", None: "#4F81BD"}


def rank_chart(report: RankReport, *, title: str) -> str:
    """An ``<svg>`` element (no script, no external reference), or '' when nothing is rated."""
    rows = [r for r in report.rows.iter_rows(named=True) if r["completion_rate"] is not None]
    if not rows:
        return ""
    tp = report.time_progress
    top = max([tp, *(r["completion_rate"] for r in rows)]) * 1.15 or 1.0
    span = WIDTH - LABEL - 52
    height = TOP + len(rows) * (BAR + GAP) + 24

    def x(rate: float) -> float:
        return LABEL + max(rate, 0.0) / top * span

    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title)}">',
        '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#D0D0D0"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#303030" stroke-width="3"/></pattern></defs>',
        f'<text x="0" y="16" class="chart-title">{escape(title)}</text>',
    ]
    for i, r in enumerate(rows):
        y = TOP + i * (BAR + GAP)
        end = x(r["completion_rate"])
        parts.append(
            f'<text x="{LABEL - 6}" y="{y + BAR * 0.7:.1f}" text-anchor="end">'
            f"{escape(str(r['group']))}</text>"
            f'<rect x="{LABEL}" y="{y}" width="{end - LABEL:.1f}" height="{BAR}" '
            f'fill="{FILLS.get(r["list"], FILLS[None])}" stroke="#202020" stroke-width="0.5"/>'
            f'<text x="{end + 4:.1f}" y="{y + BAR * 0.7:.1f}">{percent(r["completion_rate"])}'
            "</text>"
        )
    line = x(tp)
    bottom = TOP + len(rows) * (BAR + GAP)
    parts.append(
        f'<line x1="{line:.1f}" y1="{TOP - 6}" x2="{line:.1f}" y2="{bottom}" stroke="#C00000" '
        'stroke-width="2" stroke-dasharray="6 4"/>'
        f'<text x="{line:.1f}" y="{bottom + 16}" text-anchor="middle" class="tp">'
        f"时序进度{percent(tp)}</text></svg>"
    )
    return "".join(parts)
