"""``projtrack rank``: rank groups by completion of the annual plan, with 红黑榜."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from projtrack.cli import options as o
from projtrack.cli.errors import report_warnings
from projtrack.cli.output import emit, resolve_format

if TYPE_CHECKING:
    from rich.console import Console

    from projtrack.jobs.ranked import RankReport


def rank(
    ledger: o.LedgerArg,
    by: o.By = None,
    top: o.Top = None,
    fmt: o.Format = None,
    output: o.Output = None,
    as_of: o.AsOfOpt = None,
    year: o.Year = None,
    month: o.Month = None,
    quarter: o.Quarter = None,
    convention: o.ConventionOpt = None,
    config: o.ConfigOpt = None,
    include_hidden: o.IncludeHidden = False,
    store: o.StoreOpt = None,
    verbose: o.Verbose = False,
    projects: Annotated[
        bool,
        typer.Option(
            "--projects",
            help="十快十慢 Also list the N fastest and slowest projects and 先进/后进 units.",
        ),
    ] = False,
) -> None:
    """排名与红黑榜 Rank counties/departments/levels by completion of the annual plan."""
    from projtrack.figures.lists import ListRule
    from projtrack.jobs.rank import rank as run_rank
    from projtrack.jobs.stored import store_for

    cfg = o.load_config(config, include_hidden)
    report = run_rank(
        ledger=ledger,
        by=by.value if by else None,
        rule=ListRule.from_config(cfg.lists, top),
        store=store_for(cfg, store),
        config=cfg,
        **o.period(as_of, year, month, quarter),
        convention=convention.value if convention else cfg.general.convention,
        projects=projects,
    )
    kind = resolve_format(fmt, output, workbook=True)
    emit(report, kind, output, renderers=_WITH_LISTS if projects else _RENDERERS)
    report_warnings(report.warnings, verbose=verbose)


def _table(report: RankReport, console: Console) -> None:
    from projtrack.render.terminal import render_rank

    render_rank(report, console)


def _md(report: RankReport) -> str:
    from projtrack.render.markdown import render_rank

    return render_rank(report)


def _csv(report: RankReport) -> str:
    from projtrack.render.machine import rank_csv

    return rank_csv(report)


def _json(report: RankReport) -> str:
    from projtrack.render.machine import to_json

    return to_json(report.to_json(), report.punctuation)


def _xlsx(report: RankReport) -> bytes:
    from projtrack.render.rank_xlsx import render_rank_xlsx

    return render_rank_xlsx(report)


def _table_lists(report: RankReport, console: Console) -> None:
    from projtrack.render.fastslow import fast_slow_views
    from projtrack.render.views import styled, to_terminal

    _table(report, console)
    console.print()
    assert report.fast_slow is not None
    to_terminal(styled(fast_slow_views(report.fast_slow), report.punctuation), console)


def _md_lists(report: RankReport) -> str:
    from projtrack.render.fastslow import fast_slow_views
    from projtrack.render.views import styled, to_markdown

    assert report.fast_slow is not None
    views = styled(fast_slow_views(report.fast_slow), report.punctuation)
    return _md(report).rstrip("\n") + "\n\n" + to_markdown(views)


def _csv_lists(report: RankReport) -> str:
    from projtrack.render.fastslow import fast_slow_csv_view
    from projtrack.render.views import to_csv

    assert report.fast_slow is not None
    return to_csv(fast_slow_csv_view(report.fast_slow))


_RENDERERS: dict[str, Callable[..., Any]] = {
    "table": _table, "md": _md, "csv": _csv, "json": _json, "xlsx": _xlsx,
}  # fmt: skip
# --projects: the ranking, then the lists; CSV holds the project lists (one table)
_WITH_LISTS: dict[str, Callable[..., Any]] = {
    "table": _table_lists, "md": _md_lists, "csv": _csv_lists, "json": _json, "xlsx": _xlsx,
}  # fmt: skip
