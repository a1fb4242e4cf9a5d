"""The ``rank`` job: a ledger in, the ranked groups with red and black lists out."""

from __future__ import annotations

from pathlib import Path
from typing import Unpack

from projtrack.config import Config
from projtrack.errors import UsageError
from projtrack.figures.lists import ListRule
from projtrack.jobs.context import job_context, request
from projtrack.jobs.ranked import RankReport, rank_report
from projtrack.period import AsOf, PeriodArgs
from projtrack.read.ledger import Ledger
from projtrack.store import Store


def rank(
    ledger: Path | str | Ledger,
    *,
    by: str | None = None,
    top: int | None = None,
    convention: str | None = None,
    rule: ListRule | None = None,
    store: Store | None = None,
    stored_as_of: AsOf | None = None,
    config: Config | None = None,
    projects: bool = False,
    **period: Unpack[PeriodArgs],
) -> RankReport:
    """Rank the groups of a ledger by completion of the annual plan.

    ``period`` is ``as_of``/``year``/``month``/``quarter`` as on the command line. With a
    ``store``, the ranking also carries the change against earlier stored periods;
    ``stored_as_of`` is the as-of of a ledger rebuilt from the store. ``config`` gives the
    header synonyms, aliases, convention and list rule not given here. ``projects`` adds
    the 十快/十慢 lists (``[supervision] fast_slow_n``) and the 先进/后进 units.
    """
    if top is not None and top < 1:
        raise UsageError(f"--top must be at least 1, got {top}")
    ctx = job_context(ledger, config=config, period=request(period), by=by,
                      convention=convention, stored_as_of=stored_as_of)  # fmt: skip
    chosen = rule or ListRule.from_config(ctx.config.lists, top)
    return rank_report(ctx, rule=chosen, store=store, projects=projects)
