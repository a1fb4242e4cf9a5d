"""The ``check`` job: show what was read from a ledger and every finding, with its cell."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Unpack

from projtrack.config import Config
from projtrack.errors import Finding, LedgerError
from projtrack.jobs.context import ledger_as_of, no_grouping_message, open_ledger, request
from projtrack.period import AsOf, PeriodArgs
from projtrack.read.ledger import Ledger
from projtrack.vocab import FIELD_LABELS, GROUP_FIELDS


@dataclass
class CheckReport:
    """The ledger as read, its as-of date (or why there is none) and all findings."""

    ledger: Ledger
    as_of: AsOf | None
    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        """Findings that make the ledger unusable as it is."""
        return [f for f in self.findings if f.severity == "error"]

    def to_json(self) -> dict[str, Any]:
        """Layout, as-of and findings as plain values (stable keys)."""
        sheets = []
        for s in self.ledger.sheets:
            sheets.append({
                "name": s.name,
                "used": s.used,
                "reason": s.reason or None,
                "header_rows": list(s.header_rows) if s.header_rows else None,
                "title": s.title_lines,
                "unit": s.unit,
                "unit_source": s.unit_source or None,
                "columns": [
                    {"where": c.where, "header": c.header, "field": c.field,
                     "label": FIELD_LABELS[c.field], "unit": c.unit}
                    for c in s.columns
                ],
                "sections": s.sections,
                "total_rows": s.total_rows,
                "projects": s.projects,
            })  # fmt: skip
        as_of = None
        if self.as_of is not None:
            as_of = {
                "date": self.as_of.date.isoformat(),
                "label": self.as_of.label,
                "source": self.as_of.source,
            }
        return {
            "file": self.ledger.path.name,
            "projects": self.ledger.projects.height,
            "fields": sorted(self.ledger.fields),
            "as_of": as_of,
            "sheets": sheets,
            "counts": {
                "errors": len(self.errors),
                "warnings": len(self.findings) - len(self.errors),
            },
            "findings": [f.to_json() | {"severity": f.severity} for f in self.findings],
            "reconciliation": self.ledger.reconciliation.to_json(),
        }


def check(
    ledger: Path | str | Ledger,
    *,
    config: Config | None = None,
    **period: Unpack[PeriodArgs],
) -> CheckReport:
    """Load a ledger and collect everything a user should know before trusting it.

    An as-of date that cannot be inferred is not fatal here: it becomes a finding that
    says which option gives it.
    """
    loaded = open_ledger(config or Config(), ledger)
    findings = list(loaded.findings)
    resolved: AsOf | None
    try:
        resolved = ledger_as_of(loaded, request(period))
        findings = [*resolved.findings, *findings]
    except LedgerError as exc:
        resolved = None
        findings.insert(0, Finding(None, None, None, "as_of_unknown", exc.detail))
    if not any(f in loaded.fields for f in GROUP_FIELDS):  # rank, warn, brief would stop
        findings.insert(0, Finding(None, None, None, "no_grouping", no_grouping_message(loaded)))
    return CheckReport(loaded, resolved, findings)
