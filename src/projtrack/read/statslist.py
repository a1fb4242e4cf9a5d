"""Reading the statistics bureau's list of projects in the fixed-asset-investment database
(入统/入库清单): 项目代码, 项目名称, 入库时间, 本年完成投资, in its own columns and unit.

The header is found as a ledger's is (:mod:`projtrack.read.layout`: title rows, merged
headers, synonyms); the list needs a 项目名称 column and its completion column, and may
have a code, an entry date and a region. Amounts are converted to 万元 from the unit in the
header or the title (元 and 亿元 lists are common). Total rows are not projects.

The list's period is what it states: its completion header's month range (1-9月完成投资),
else its title's (2024年1-9月…入库清单), filing dates set aside (``period``). The jobs
refuse a list whose period is not the ledger's (SPEC §5: a header's month range is data).

What reading found is kept with the list (``findings``): a CSV row that could not be
aligned to the header and was dropped, the encoding, a completion cell that is text but no
number. A lost row takes its project out of the list, so the ledger's project reads as 未入库
— the user must hear of it, as ``check`` tells of the same defect in a ledger.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import polars as pl

from projtrack.errors import Finding, LedgerError
from projtrack.period import FILING_DATE, Clue, clues_from_text
from projtrack.read.fields import unit_factor
from projtrack.read.layout import Layout, detect_layout
from projtrack.read.rawsheet import RawSheet
from projtrack.read.rows import SUBTOTAL_LABEL, TOTAL_LABEL
from projtrack.read.sources import read_sheets
from projtrack.read.values import (
    clean_text,
    out_of_range,
    parse_date,
    parse_number,
    unparsable_number,
)
from projtrack.text import normalize_text

ENTRY_DATE = r"(?:入库|纳统|入统|纳入统计|入库审核)(?:时间|日期|月份)"
DEFAULT_UNIT = "万元"


@dataclass
class StatsList:
    """The statistics list as read: one row per project, money in 万元."""

    path: Path
    projects: pl.DataFrame  # code, name, region, entered, completed, _sheet, _row
    completed_header: str
    unit: str
    findings: list[Finding] = field(default_factory=list)  # reading it, and its cells
    period: Clue | None = None  # the period it states (header, else title); None: none said

    @property
    def unread(self) -> list[Finding]:
        """Rows the reader could not align to the header (dropped, or read with fields
        missing): a project there may be missing from the list or misread."""
        return [f for f in self.findings if f.code == "csv_row_fields"]


def read_stats_list(path: Path | str) -> StatsList:
    """Read the first visible sheet that has a 项目名称 and a completion column."""
    path = Path(path)
    for raw in read_sheets(path):
        if raw.hidden:
            continue
        layout = detect_layout(raw.frame)
        if layout is None:
            continue
        fields = layout.fields()
        if "name" not in fields or "completed_ytd" not in fields:
            continue
        return _read(path, raw, layout)
    raise LedgerError(
        path,
        "未找到统计清单（no statistics list found）：各工作表中都没有含 项目名称 和 本年完成投资"
        "（或 1-N月完成投资）的表头行",
    )


def _read(path: Path, raw: RawSheet, layout: Layout) -> StatsList:
    sheet, frame, fields = raw.name, raw.frame, layout.fields()
    done = fields["completed_ytd"]
    unit = done.unit or layout.title_unit or DEFAULT_UNIT
    entry = next((c for c in layout.columns if re.search(ENTRY_DATE, normalize_text(c.header))),
                 None)  # fmt: skip

    def text(field: str) -> pl.Expr:
        column = fields.get(field)
        return clean_text(pl.col(f"c{column.index}")) if column else pl.lit(None, pl.String)

    body = frame.slice(layout.first_data_row).with_row_index("_i")
    rows = body.select(
        text("id").alias("code"),
        text("name").alias("name"),
        text("region").alias("region"),
        (parse_date(pl.col(f"c{entry.index}")) if entry else pl.lit(None, pl.Date))
        .alias("entered"),
        (parse_number(pl.col(f"c{done.index}")) * unit_factor(unit)).alias("completed"),
        pl.when(unparsable_number(pl.col(f"c{done.index}"))).then(pl.col(f"c{done.index}"))
        .alias("_bad"),
        pl.lit(sheet).alias("_sheet"),
        (pl.col("_i") + layout.first_data_row + 1).cast(pl.Int64).alias("_row"),
    )  # fmt: skip
    label = pl.col("name").map_elements(normalize_text, return_dtype=pl.String)
    is_total = label.str.contains(TOTAL_LABEL) | label.str.contains(SUBTOTAL_LABEL)
    projects = rows.filter(pl.col("name").is_not_null() & ~is_total.fill_null(False))
    column = raw.col_offset + done.index
    bad = [_not_a_number(path, sheet, row, column, done.header, text)
           for row, text in projects.filter(pl.col("_bad").is_not_null())
           .select("_row", "_bad").iter_rows()]  # fmt: skip
    own = [_in_file(path, f) for f in raw.findings]
    period = stated_period(done.header, layout.title_lines)
    return StatsList(path, projects.drop("_bad"), done.header, unit, [*own, *bad], period)


def stated_period(header: str, titles: list[str]) -> Clue | None:
    """The period a list states: the completion header's month range (1-9月完成投资(元)),
    else the first title naming a month (2024年1-9月固定资产投资项目入库清单); its year from
    the same text, else from the header or any title. A filing or export date (导出时间:
    2024-10-08) is not the period. None when nothing names a month or a year (本年完成投资
    under 入库清单): such a list is taken as of the ledger's period."""
    texts = [("header", header), *(("title", re.sub(FILING_DATE, "", t)) for t in titles)]
    clues = [c for c in (clues_from_text(source, text) for source, text in texts) if c]
    dated = next((c for c in clues if c.month), None)
    year = next((c.year for c in ([dated] if dated else []) + clues if c.year), None)
    if dated is None:
        return next((c for c in clues if c.year), None)
    return replace(dated, year=year)


def _not_a_number(path: Path, sheet: str, row: int, column: int, header: str, text: str) -> Finding:
    """A completion cell that is text but no number (``abc``, ``1e309``) is read as no
    figure — as in a ledger — and said: the project then has no completion in the list."""
    what = "超出可读范围" if out_of_range(text) else "不是数字"
    message = f"统计清单《{path.name}》{header}{what}：“{text.strip()}”，按空值处理"
    return Finding(sheet, row, column, "not_a_number", message)


def _in_file(path: Path, finding: Finding) -> Finding:
    """A reading finding with the list's file named: its sheet may share a ledger sheet's
    name (Sheet1), and the user must know which file to mend."""
    return replace(finding, message=f"统计清单《{path.name}》：{finding.message}")
