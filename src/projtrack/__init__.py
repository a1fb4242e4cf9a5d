"""projtrack: analytics for key-investment-project ledgers (重点项目台账).

The Python API returns the same reports the commands render::

    import projtrack
    report = projtrack.rank("台账.xlsx", by="region", quarter="Q1")
    report.to_json()          # the data `projtrack rank --format json` prints
    ledger = projtrack.load_ledger("台账.xlsx")
    ledger.projects           # one Polars row per project, money in 万元

Each name is imported on first use, so ``import projtrack`` (and the CLI's ``--help``)
loads no data library.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from projtrack.config import Config, load_config
    from projtrack.jobs.brief import brief
    from projtrack.jobs.check import check
    from projtrack.jobs.duibiao import duibiao
    from projtrack.jobs.history import ingest, trend
    from projtrack.jobs.lalian import lalian
    from projtrack.jobs.notices import notices
    from projtrack.jobs.problems import problems
    from projtrack.jobs.rank import rank
    from projtrack.jobs.rutong import rutong
    from projtrack.jobs.starts import starts
    from projtrack.jobs.warn import warn
    from projtrack.jobs.woniu import woniu
    from projtrack.read.load import load_ledger
    from projtrack.store import Store

# Public name → the module that defines it.
_API = {
    "load_ledger": "projtrack.read.load",
    "rank": "projtrack.jobs.rank",
    "check": "projtrack.jobs.check",
    "brief": "projtrack.jobs.brief",
    "warn": "projtrack.jobs.warn",
    "starts": "projtrack.jobs.starts",
    "problems": "projtrack.jobs.problems",
    "ingest": "projtrack.jobs.history",
    "trend": "projtrack.jobs.history",
    "woniu": "projtrack.jobs.woniu",
    "notices": "projtrack.jobs.notices",
    "lalian": "projtrack.jobs.lalian",
    "duibiao": "projtrack.jobs.duibiao",
    "rutong": "projtrack.jobs.rutong",
    "Config": "projtrack.config",
    "load_config": "projtrack.config",
    "Store": "projtrack.store",
}

__all__ = [
    "Config",
    "Store",
    "__version__",
    "brief",
    "check",
    "duibiao",
    "ingest",
    "lalian",
    "load_config",
    "load_ledger",
    "notices",
    "problems",
    "rank",
    "rutong",
    "starts",
    "trend",
    "warn",
    "woniu",
]


def __getattr__(name: str) -> Any:
    """Import an API name on first use (PEP 562)."""
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'projtrack' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
