"""The loaded ledger: its projects frame, its sheets and findings, and picking a month."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import polars as pl

from projtrack.errors import Finding, LedgerError, UsageError, column_letter
from projtrack.read.checks import check_projects
from projtrack.read.model import SheetInfo
from projtrack.read.reconcile import Reconciliation
from projtrack.read.wide import month_findings, month_spans, sheet_at_month, with_month


@dataclass
class Ledger:
    """A loaded ledger: the projects (money in 万元) and everything learnt while reading.

    Wide ledgers (a column per month) keep the year-to-date figure of every month they
    can give in ``_ytd_m<M>`` columns; ``completed_ytd`` holds the one of ``ytd_month``
    (by default the latest month with figures) and :meth:`select_month` picks another.
    """

    path: Path
    projects: pl.DataFrame
    sheets: list[SheetInfo]
    findings: list[Finding]
    texts: list[tuple[str, str]]  # (source, text) that may name the period: titles, notes
    # Month completed_ytd runs to: the selected month of a wide ledger, or the month an
    # ordinary ledger's year-to-date header names (1-3月完成投资 → 3); None if unknown.
    ytd_month: int | None = None
    sheet_findings: list[Finding] = field(default_factory=list, repr=False)
    # Wide ledgers: the month the title, notes or file name state, when the month columns
    # can give it (see projtrack.read.as_of_month).
    stated_month: int | None = None
    # What the ledger states about its own rows (合计, counts, 汇总, 完成率) against what was read.
    reconciliation: Reconciliation = field(default_factory=Reconciliation)
    # Units a 汇总 sheet lists whose sheets are hidden (not read): the ranking lacks them.
    summary_hidden: list[str] = field(default_factory=list)

    @property
    def fields(self) -> set[str]:
        """Canonical fields found in at least one used sheet (or filled from sections or
        sheet names: 县住建局 | 县交通局 sheets fill 责任单位, 续建 | 新开工 sections 建设性质)."""
        found = {c.field for s in self.sheets if s.used for c in s.columns}
        for name in ("level", "category", "region", "responsible", "stage"):
            if name in self.projects.columns and self.projects[name].null_count() < len(
                self.projects
            ):
                found.add(name)
        return found

    @property
    def months(self) -> list[int]:
        """As-of months whose year-to-date completion the ledger can give (wide ledgers).

        Empty for an ordinary ledger with one year-to-date column.
        """
        return sorted({m for s in self.sheets if s.used for m in s.ytd_chains})

    @property
    def latest_month(self) -> int | None:
        """The latest month with figures in the month columns (None if not wide)."""
        found = [s.latest_month for s in self.sheets if s.used and s.latest_month]
        return max(found) if found else None

    def name_cell(self) -> pl.Expr:
        """Each project's 项目名称 cell as the user finds it in Excel: ``重点项目!B15``."""
        letters = {c.sheet: column_letter(c.column) for s in self.sheets if s.used
                   for c in s.columns if c.field == "name"}  # fmt: skip
        letter = pl.col("_sheet").replace_strict(letters, default="", return_dtype=pl.String)
        row = pl.col("_row").cast(pl.String)
        return pl.concat_str([pl.col("_sheet"), pl.lit("!"), letter, row])

    def header_texts(self, name: str) -> list[str]:
        """The header texts of the columns used for a field, in sheet order."""
        return [c.header for s in self.sheets if s.used for c in s.columns if c.field == name]

    def select_month(self, month: int) -> Ledger:
        """The same ledger with completed_ytd (and the monthly 形象进度) as of ``month``.

        For a wide ledger this is the cumulative column of that month, or the sum of the
        monthly columns up to it; an ordinary ledger is returned unchanged. Raise
        UsageError when ``month`` is after the last month with figures (or the month the
        title states, if later): the ledger's months are data, not a label; LedgerError
        when the month columns cannot give that month (quarterly columns and 5月).
        """
        if not self.months or month == self.ytd_month:
            return self
        reach = max(self.latest_month or 0, self.stated_month or 0)
        if reach and month > reach:
            raise UsageError(
                f"{self.path.name}: 截止月份{month}月超出台账的月度数据：the month columns have "
                f"figures up to {reach}月 only ({month_spans(self.sheets)}); the ledger cannot "
                f"give 1-{month}月. Choose --month {reach} or earlier."
            )
        if month not in self.months:
            have = "、".join(f"{m}月" for m in self.months)
            raise LedgerError(
                self.path,
                f"the month columns give year-to-date figures for {have} only, not for "
                f"{month}月; choose one of those months",
            )
        projects = with_month(self.projects, month, self.latest_month)
        sheets = [sheet_at_month(s, month) for s in self.sheets]
        used = [s for s in sheets if s.used]
        findings = [*self.sheet_findings, *month_findings(used, month),
                    *check_projects(projects, used)]  # fmt: skip
        order = {info.name: i for i, info in enumerate(sheets)}
        findings.sort(key=finding_key(order))
        return replace(self, projects=projects, sheets=sheets, findings=findings,
                       ytd_month=month)  # fmt: skip


def finding_key(order: dict[str, int]) -> Callable[[Finding], tuple[int, int, int, str]]:
    """Sort findings by sheet order, then row, column and code."""
    return lambda f: (order.get(f.sheet or "", -1), f.row or 0, f.column or 0, f.code)
