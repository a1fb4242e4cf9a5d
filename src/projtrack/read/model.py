"""The shapes a loaded ledger is made of: the columns used, the sheets, the projects frame.

The projects frame (``Ledger.projects``) has one row per project and these columns:

- every canonical field of :data:`projtrack.read.fields.CANONICAL_FIELDS` (money in 万元 as
  Float64, dates as Date, the rest as String; null where the ledger has no such column);
- ``_sheet`` (String) and ``_row`` (Int64, the 1-based row the user sees in Excel): where the
  project was read, so that any later finding can name its cell;
- ``_wide`` (Boolean): the row comes from a ledger with a column per month; such rows also
  carry ``_ytd_m<M>``, ``_mon_m<M>``, ``_prog_m<M>``, ``_mon_base`` and ``_prog_base``
  (year-to-date, monthly amount and 形象进度 of month M; see :mod:`projtrack.read.wide`).

Figures add their own private columns while they compute (``_tp``: the time progress a
project is measured against, :func:`projtrack.figures.metrics.project_metrics`; ``_due``,
``_started``, ``_new``: :func:`projtrack.figures.starts.new_start_flags`;
``_planned``: :func:`projtrack.figures.metrics.with_plan_progress`). A column whose name
starts with ``_`` is never shown to the user and never stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from projtrack.errors import cell_ref

PLACE_COLUMNS = ("_sheet", "_row")  # where a project was read: every frame keeps them


@dataclass(frozen=True)
class ColumnUse:
    """A column the loader used: its sheet position, header text, field and unit."""

    sheet: str
    column: int  # absolute 0-based column index in the sheet
    header: str
    field: str
    unit: str | None
    header_row: int  # 1-based row of the (first) header cell
    months: tuple[int, int] | None = None  # months the column covers (1-3月 → (1, 3))

    @property
    def where(self) -> str:
        """The header cell, e.g. ``市重点!J3``."""
        return cell_ref(self.sheet, self.header_row, self.column)


@dataclass
class SheetInfo:
    """What the loader did with one sheet (shown by ``projtrack check``)."""

    name: str
    used: bool
    reason: str = ""
    header_rows: tuple[int, int] | None = None  # first and last 1-based header row
    title_lines: list[str] = field(default_factory=list)
    columns: list[ColumnUse] = field(default_factory=list)
    unit: str | None = None
    unit_source: str = ""
    sections: list[str] = field(default_factory=list)
    total_rows: list[int] = field(default_factory=list)
    projects: int = 0
    # Wide ledgers: every column that names its months, and for each as-of month the
    # columns whose sum is the year-to-date completion (1-2月 + 3月 → 1-3月).
    month_columns: list[ColumnUse] = field(default_factory=list)
    ytd_chains: dict[int, list[ColumnUse]] = field(default_factory=dict)
    latest_month: int | None = None  # latest month with figures in this sheet
    headers: list[str] = field(default_factory=list)  # every header text, matched or not
    unread: list[str] = field(default_factory=list)  # "D3 '上半年完成投资'": headers not read
    # Month columns (or a month's ten-day parts) empty or 0 for every project of the sheet.
    empty_columns: list[ColumnUse] = field(default_factory=list)
    # Months given in ten-day parts whose figures stop at 上旬 (10) or 中旬 (20).
    month_days: dict[int, int] = field(default_factory=dict)

    def reason_zh(self) -> str:
        """Why the sheet was not counted, in Chinese, for the ``sheet_skipped`` note (the
        reasons are English for ``check``'s bilingual line; a note says it in one language)."""
        for words, said in _SKIP_REASONS:
            if self.reason.startswith(words):
                return said
        return self.reason


# The reasons the loader gives for a sheet not counted → what the note says.
_SKIP_REASONS = (
    ("very hidden sheet", "深度隐藏的工作表（加 --include-hidden 读取）"),
    ("hidden sheet", "隐藏的工作表（加 --include-hidden 读取）"),
    ("summary sheet", "汇总表"),
    ("no project header", "没有项目表头（项目名称 + 投资列）"),
    ("header found but no project rows", "有表头，没有项目行"),
    ("empty sheet", "空工作表"),
)
