"""The briefing as one self-contained HTML page for phones, through ``brief.html.j2``.

Inline CSS and an inline SVG chart, no script and no external reference: the file opens
the same offline, forwarded in a chat app, or printed to A4 (``--format pdf``). Every
sentence comes from :func:`brief_context`, so the page says what the other formats say.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from projtrack.render.brief.chart import rank_chart
from projtrack.render.brief.context import brief_context
from projtrack.render.punctuation import punctuate
from projtrack.resources import template_dir

if TYPE_CHECKING:
    import jinja2

    from projtrack.jobs.brief import Briefing


@cache
def _environment() -> jinja2.Environment:
    """Strict, autoescaping: ledger text can never become markup."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir())),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=True,
    )


def render_brief_html(briefing: Briefing) -> str:
    """The page as text (UTF-8 when written)."""
    import markupsafe

    ctx = brief_context(briefing)
    r = briefing.ranking
    title = punctuate(f"年度计划投资完成率(按{r.group_label})", briefing.punctuation)
    chart = markupsafe.Markup(rank_chart(r, title=title))  # built from escaped parts
    # Row classes of the ranking: red / black for the lists, total for 合计.
    rows = [listed or "" for listed in ctx["ranking"]["row_lists"][:-1]] + ["total"]
    return (
        _environment().get_template("brief.html.j2").render(**ctx, chart=chart, ranking_rows=rows)
    )
