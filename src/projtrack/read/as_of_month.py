"""The month a wide ledger (a column per month) is read at, when no option names one.

SPEC §5 and issue #11: the as-of month is the one the title states (``截至5月底``,
``1-5月``; else the notes or the file name), else the latest month with figures. Months
after the as-of month are not counted (said in a finding when they hold figures); a month
at or before it that is empty for every project is a finding too (see
:func:`projtrack.read.wide.month_findings`), since the ledger may be incomplete.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from projtrack.errors import Finding, LedgerError
from projtrack.period import stated_month
from projtrack.read.ledger import Ledger
from projtrack.read.model import SheetInfo


def month_ledger(path: Path, sheets: list[SheetInfo]) -> bool:
    """Whether a sheet reads its completion from month columns (see :func:`open_months`).

    Raise :class:`LedgerError` for a sheet whose only completion column names one month
    after January (6月完成投资, 完成投资（6月）, beside an unread 截至上月累计): it may hold
    June alone or January to June, and reading it as the year-to-date would put a month's
    figure in every rate (滞后43个百分点 where the county is on time).
    """
    for info in sheets:
        ytd = [c for c in info.columns if c.field == "completed_ytd"]
        lone = ytd and all(c.months and c.months[0] == c.months[1] > 1 for c in ytd)
        if lone and not info.month_columns and not info.ytd_chains:
            col = ytd[0]
            raise LedgerError(
                path,
                f"the only completion column ({col.where} {col.header}) names one month, "
                f"{col.months[0] if col.months else ''}月: it may hold that month alone or the "
                "year so far, so no year-to-date figure can be read from it. Name it "
                f"1-{col.months[0] if col.months else 'N'}月完成投资 (or 截至N月累计) if it is the "
                "year so far, add the earlier months or a 1-N月累计完成投资 column, or name it "
                "under [columns] in projtrack.toml.",
                sheet=info.name,
            )
    return any(i.month_columns for i in sheets)


def open_months(ledger: Ledger, month: int | None) -> Ledger:
    """A wide ledger set to ``month``, or to the stated month, or to the latest with figures.

    Raise :class:`LedgerError` when a sheet's month columns give single months but no
    run from January (7月 and 8月 only): no year-to-date figure can be made from them.
    """
    for info in ledger.sheets:
        if info.used and info.month_columns and not info.ytd_chains:
            cols = [c for c in info.month_columns if c.field == "completed_ytd"]
            shown = f"{cols[0].where} {cols[0].header}"
            if len(cols) > 1:
                shown += f" … {cols[-1].where} {cols[-1].header}"
            raise LedgerError(
                ledger.path,
                f"the completion columns give single months only ({shown}), with no run of "
                "months from January and no 1-N月 (累计) column, so no year-to-date figure can "
                "be made. Add the earlier months or a 1-N月累计完成投资 column, or name a "
                "cumulative column under [columns] in projtrack.toml.",
                sheet=info.name,
            )
    if not ledger.months:
        return ledger
    stated = stated_month(ledger.texts)
    ledger = replace(ledger, stated_month=stated if stated in ledger.months else None)
    latest = ledger.latest_month
    target = month or ledger.stated_month or latest
    if target is None:
        # No figures yet and no month named: the as-of must come from an option, and the
        # jobs say so when none is given (see projtrack.period.resolve_as_of).
        return ledger
    chosen = ledger.select_month(target)
    if month is None and latest and ledger.stated_month and latest > ledger.stated_month:
        filled = {
            u.months[1]
            for s in ledger.sheets
            if s.used
            for u in s.month_columns
            if u.field == "completed_ytd" and u.months and u not in s.empty_columns
        }
        later = "、".join(f"{m}月" for m in sorted(filled) if m > ledger.stated_month)
        source, text = next((s, t) for s, t in ledger.texts
                            if stated_month([(s, t)]) == ledger.stated_month)  # fmt: skip
        chosen.findings.insert(
            0,
            Finding(None, None, None, "months_after_as_of",
                    f"{source}「{text}」所示截止月份为{ledger.stated_month}月，{later}已填的数字不计入"
                    f"（如需计入，请用 --month {latest}）", "warning"),
        )  # fmt: skip
    return chosen
