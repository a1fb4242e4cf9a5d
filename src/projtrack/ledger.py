"""Loading a ledger: from a file to one tidy frame of projects in 万元, with findings.

``load_ledger`` is the single entry point every command uses. It reads each sheet once
(:mod:`sources`), finds its header (:mod:`layout`) and row kinds (:mod:`rows`), parses
numbers and dates with Polars expressions (:mod:`values`) and checks the content
(:mod:`checks`). The result keeps, for every project, the sheet and Excel row it came
from, so that any later finding can name its cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from .checks import check_projects, check_totals, check_units
from .errors import Finding, LedgerError, cell_ref
from .fields import (
    CANONICAL_FIELDS,
    DATE_FIELDS,
    FIELD_LABELS,
    MONEY_FIELDS,
    REQUIRED_FIELDS,
    normalize_text,
    unit_factor,
)
from .layout import Layout, detect_layout
from .rows import classify_rows
from .sources import RawSheet, read_sheets
from .values import clean_text, parse_date, parse_number, unparsable_number

DEFAULT_UNIT = "万元"
SUMMARY_SHEET = r"汇总|总表|合计|统计表|目录|封面|说明|填表说明"


@dataclass(frozen=True)
class ColumnUse:
    """A column the loader used: its sheet position, header text, field and unit."""

    sheet: str
    column: int  # absolute 0-based column index in the sheet
    header: str
    field: str
    unit: str | None
    header_row: int  # 1-based row of the (first) header cell

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


@dataclass
class Ledger:
    """A loaded ledger: the projects (money in 万元) and everything learnt while reading."""

    path: Path
    projects: pl.DataFrame
    sheets: list[SheetInfo]
    findings: list[Finding]
    texts: list[tuple[str, str]]  # (source, text) that may name the period: titles, notes

    @property
    def fields(self) -> set[str]:
        """Canonical fields found in at least one used sheet (or filled from sections)."""
        found = {c.field for s in self.sheets if s.used for c in s.columns}
        for name in ("level", "category", "region"):
            if name in self.projects.columns and self.projects[name].null_count() < len(
                self.projects
            ):
                found.add(name)
        return found

    def header_texts(self, name: str) -> list[str]:
        """The header texts of the columns used for a field, in sheet order."""
        return [c.header for s in self.sheets if s.used for c in s.columns if c.field == name]

    def unit_summary(self) -> str:
        """The unit(s) the money columns were read in, for messages."""
        units = sorted({s.unit or DEFAULT_UNIT for s in self.sheets if s.used})
        return "、".join(units) or DEFAULT_UNIT


def load_ledger(path: Path | str) -> Ledger:
    """Read a ledger file into a :class:`Ledger`; raise :class:`LedgerError` if unusable."""
    path = Path(path)
    raw_sheets = read_sheets(path)
    infos: list[SheetInfo] = []
    parts: list[pl.DataFrame] = []
    findings: list[Finding] = []
    texts: list[tuple[str, str]] = []
    candidates: list[tuple[RawSheet, Layout]] = []
    for raw in raw_sheets:
        layout = detect_layout(raw.frame)
        if layout is None:
            infos.append(SheetInfo(raw.name, False, "no project header (项目名称 + 投资列)"))
            continue
        candidates.append((raw, layout))
    if not candidates:
        raise _no_header_error(path, raw_sheets)
    multi = len(candidates) > 1
    for raw, layout in candidates:
        rows = classify_rows(raw.frame, layout)
        n_projects = int((rows["_kind"] == "project").sum())
        if n_projects == 0:
            infos.append(SheetInfo(raw.name, False, "header found but no project rows"))
            continue
        if multi and re.search(SUMMARY_SHEET, normalize_text(raw.name)):
            infos.append(SheetInfo(raw.name, False, "summary sheet (汇总), not counted"))
            continue
        info, frame, sheet_findings, sheet_texts = _load_sheet(path, raw, layout, rows)
        infos.append(info)
        parts.append(frame)
        findings.extend(sheet_findings)
        texts.extend(sheet_texts)
    if not parts:
        raise LedgerError(path, "no sheet holds project rows under its header")
    used = [i for i in infos if i.used]
    projects = pl.concat(parts, how="vertical")
    if len(used) > 1:
        projects = _fill_from_sheet_names(projects, used)
    _require_fields(path, used)
    findings.extend(check_projects(projects, used))
    order = {info.name: i for i, info in enumerate(infos)}
    findings.sort(key=lambda f: (order.get(f.sheet or "", -1), f.row or 0, f.column or 0, f.code))
    texts.append(("file name", path.stem))
    return Ledger(path, projects, infos, findings, texts)


def _load_sheet(
    path: Path, raw: RawSheet, layout: Layout, rows: pl.DataFrame
) -> tuple[SheetInfo, pl.DataFrame, list[Finding], list[tuple[str, str]]]:
    """Turn the classified rows of one sheet into canonical project columns."""
    off = raw.col_offset
    header_row = layout.header_start + 1
    title_unit = layout.title_unit
    uses = [
        ColumnUse(raw.name, c.index + off, c.header, c.field, c.unit, header_row)
        for c in layout.fields().values()
        if c.field in CANONICAL_FIELDS
    ]
    info = SheetInfo(
        raw.name,
        True,
        header_rows=(header_row, header_row + layout.header_depth - 1),
        title_lines=layout.title_lines,
        columns=uses,
        unit=title_unit,
        unit_source="title" if title_unit else "default",
    )
    projects = rows.filter(pl.col("_kind") == "project")
    findings: list[Finding] = []
    exprs: list[pl.Expr] = []
    by_field = {u.field: u for u in uses}
    for name in CANONICAL_FIELDS:
        use = by_field.get(name)
        if use is None:
            dtype = (
                pl.Float64
                if name in MONEY_FIELDS
                else pl.Date
                if name in DATE_FIELDS
                else pl.String
            )
            exprs.append(pl.lit(None, dtype).alias(name))
            continue
        src = pl.col(f"c{use.column - off}")
        if name in MONEY_FIELDS:
            unit = use.unit or title_unit or DEFAULT_UNIT
            exprs.append((parse_number(src) * unit_factor(unit)).alias(name))
            bad = projects.filter(unparsable_number(src))
            for row, text in zip(bad["_row"], bad[f"c{use.column - off}"], strict=True):
                findings.append(
                    Finding(raw.name, row, use.column, "not_a_number",
                            f"{use.header} 不是数字: {text!r},按空值处理")
                )  # fmt: skip
        elif name in DATE_FIELDS:
            exprs.append(parse_date(src).alias(name))
        else:
            exprs.append(clean_text(src).alias(name))
    frame = projects.select(
        *exprs,
        pl.lit(raw.name).alias("_sheet"),
        pl.col("_row"),
        pl.col("_sec_level"),
        pl.col("_sec_category"),
    )
    frame = frame.with_columns(
        pl.coalesce("level", "_sec_level").alias("level"),
        pl.coalesce("category", "_sec_category").alias("category"),
    ).drop("_sec_level", "_sec_category")
    info.sections = [
        s for s in rows.filter(pl.col("_kind").str.starts_with("section"))["_label"].to_list() if s
    ]
    info.total_rows = rows.filter(pl.col("_kind").is_in(["total", "subtotal"]))["_row"].to_list()
    info.projects = frame.height
    findings.extend(check_totals(raw, layout, rows, uses, title_unit or DEFAULT_UNIT))
    findings.extend(check_units(frame, uses, title_unit or DEFAULT_UNIT))
    texts = [(f"title ({raw.name})", t) for t in layout.title_lines]
    notes = rows.filter(pl.col("_kind") == "note")["_label"].to_list()
    texts.extend((f"note ({raw.name})", t) for t in notes if t)
    return info, frame, findings, texts


def _fill_from_sheet_names(projects: pl.DataFrame, used: list[SheetInfo]) -> pl.DataFrame:
    """Several project sheets: where region (or level) is not a column, the sheet name is it."""
    from .rows import section_level

    names = [i.name for i in used]
    levels = [section_level(n) for n in names]
    sheet_col = pl.col("_sheet")
    if all(levels):
        mapping = dict(zip(names, levels, strict=True))
        return projects.with_columns(
            pl.coalesce("level", sheet_col.replace_strict(mapping, default=None)).alias("level")
        )
    return projects.with_columns(pl.coalesce("region", sheet_col).alias("region"))


def _require_fields(path: Path, used: list[SheetInfo]) -> None:
    for info in used:
        have = {c.field for c in info.columns}
        missing = [f for f in REQUIRED_FIELDS if f not in have]
        if missing:
            labels = "、".join(FIELD_LABELS[f] for f in missing)
            found = " | ".join(c.header for c in info.columns) or "(none)"
            raise LedgerError(
                path,
                f"no column for {labels}. Headers matched in rows "
                f"{info.header_rows[0] if info.header_rows else '?'}: {found}. "
                "Rename the column or add a synonym under [columns] in projtrack.toml.",
                sheet=info.name,
            )


def _no_header_error(path: Path, sheets: list[RawSheet]) -> LedgerError:
    """Say what was looked for and show the rows that came closest."""
    samples = []
    for raw in sheets[:3]:
        for row in raw.frame.head(6).iter_rows():
            cells = [c.strip() for c in row if c and c.strip()]
            if cells:
                samples.append(f"{raw.name}: " + " | ".join(cells[:8]))
                break
    shown = "; ".join(samples) or "the sheets are empty"
    return LedgerError(
        path,
        "no project header found: looked in the first 30 rows of every sheet for a row "
        "with 项目名称 and an investment column (年度计划投资 / 1-N月完成投资). "
        f"First rows seen: {shown}",
    )
