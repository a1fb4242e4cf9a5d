"""Loading a ledger: from a file to one tidy frame of projects in 万元, with findings.

``load_ledger``, the entry point of every command, reads each sheet once (:mod:`sources`),
finds its header (:mod:`layout`) and row kinds (:mod:`rows`), parses numbers and dates with
Polars (:mod:`values`), checks the content (:mod:`checks`). A finding names its cell.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import polars as pl

from projtrack.errors import Finding, LedgerError, cell_ref
from projtrack.outputs import protect_input
from projtrack.period import FILING_DATE
from projtrack.progress import step
from projtrack.read.as_of_month import month_ledger, open_months
from projtrack.read.cell_errors import KIND_READ, cell_findings, errors_first
from projtrack.read.checks import check_projects, check_units
from projtrack.read.columns import combine_leaders, settle_columns, sheet_year
from projtrack.read.dates import bad_dates, started_word
from projtrack.read.deadlines import DEADLINE_FIELDS, NEAREST_YEAR, deadline_column, sheet_month
from projtrack.read.fields import normalize_series, note_unit, unit_factor, user_synonyms
from projtrack.read.formulas import computed_finding, missing_error, resolve_formulas
from projtrack.read.instructions import not_reports
from projtrack.read.layout import Column, Layout, detect_layout
from projtrack.read.ledger import Ledger, finding_key
from projtrack.read.limits import DEFAULT_LIMITS, Limits
from projtrack.read.merges import fill_merges, hidden_row_findings
from projtrack.read.model import ColumnUse, SheetInfo
from projtrack.read.money_cells import with_numbers
from projtrack.read.overlaps import settle_overlaps
from projtrack.read.parts import part_indices, part_uses, sum_parts
from projtrack.read.plan_fill import fill_unadjusted
from projtrack.read.rawsheet import RawSheet
from projtrack.read.reconcile import UNNAMED, Reconciliation, reconcile_sheet
from projtrack.read.repeats import settle_repeats
from projtrack.read.require import drop_sheets_without_figures, require_fields, require_numbers
from projtrack.read.row_roles import refuse_row_roles
from projtrack.read.rows import LEVELISH, classify_sheets
from projtrack.read.sheet_periods import refuse_mixed_periods, sheet_period_clue
from projtrack.read.sheet_regions import fill_from_sheet_names
from projtrack.read.sheetsets import (
    drop_copies,
    section_county,
    section_stage_of,
    section_unit,
    summaries_apart,
    summary_titles,
)
from projtrack.read.sources import read_sheets
from projtrack.read.struck import settle_struck
from projtrack.read.summary import is_summary_sheet, named_summary, reconcile_summaries
from projtrack.read.unit_lines import sheet_unit
from projtrack.read.values import clean_text, date_column, tidy_labels
from projtrack.read.wide import read_wide, wide_columns
from projtrack.text import normalize_text
from projtrack.vocab import CANONICAL_FIELDS, DATE_FIELDS, MONEY_FIELDS

DEFAULT_UNIT = "万元"
_EMPTY_SHEET = "header found but no project rows"  # a county sheet with nothing this period
# Fields whose values name a unit and may be spelt several ways ("经开区" = "德阳经开区").
SUMMARY_SHEET = r"汇总|总表|合计|统计表|目录|封面|说明|填表说明"


def load_ledger(
    path: Path | str,
    *,
    month: int | None = None,
    synonyms: tuple[tuple[str, str], ...] = (),
    aliases: dict[str, str] | None = None,
    include_hidden: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> Ledger:
    """Read a ledger file into a :class:`Ledger`; raise :class:`LedgerError` if unusable.

    ``month`` is the as-of month for wide ledgers (a column per month); without it the
    latest month with figures is used. ``synonyms`` are extra (header, field) pairs and
    ``aliases`` map other spellings of a unit to one name (projtrack.toml [columns],
    [aliases]). Hidden and very hidden sheets are skipped unless ``include_hidden``;
    ``limits`` bound the work a file may ask for (projtrack.toml [limits]).
    """
    with user_synonyms(synonyms):
        return _load(Path(path), month, aliases or {}, include_hidden, limits)


def _load(
    path: Path, month: int | None, aliases: dict[str, str], include_hidden: bool, limits: Limits
) -> Ledger:
    """The body of :func:`load_ledger`."""
    protect_input(path)  # never an output of this run
    raw_sheets = [resolve_formulas(raw) for raw in read_sheets(path, limits)]
    infos: list[SheetInfo] = []
    parts: list[pl.DataFrame] = []
    findings: list[Finding] = []
    texts: list[tuple[str, str]] = []
    for raw in raw_sheets:
        findings.extend(raw.findings)  # what reading the file found (encoding, CSV rows)
    candidates: list[tuple[RawSheet, Layout]] = []
    summaries: list[RawSheet] = []  # 汇总 sheets: not counted, reconciled with the others
    summary_hidden: list[str] = []  # 汇总 rows naming a hidden sheet's unit
    reconciled = Reconciliation()
    for raw in raw_sheets:
        if raw.hidden and not include_hidden:
            kind = "very hidden" if raw.state == "veryHidden" else "hidden"
            reason = f"{kind} sheet (隐藏工作表); --include-hidden reads it"
            infos.append(SheetInfo(raw.name, False, reason))
            continue
        layout = detect_layout(raw.frame)
        if layout is None:
            if not (raw.frame.height and raw.frame.width):
                reason = "empty sheet"
            elif is_summary_sheet(raw):
                reason = "summary sheet (汇总) without project rows, not counted"
                summaries.append(raw)
            else:
                reason = "no project header (项目名称 + 投资列)"
            infos.append(SheetInfo(raw.name, False, reason))
            continue
        candidates.append((raw, layout))
    hidden = [r.name for r in raw_sheets if r.hidden and not include_hidden]
    hint = f"; hidden sheets not read: {'、'.join(hidden)} (--include-hidden reads them)"
    if not candidates:
        error = _no_header_error(path, [r for r in raw_sheets if include_hidden or not r.hidden])
        raise LedgerError(path, error.detail + (hint if hidden else ""))
    multi = len(candidates) > 1
    named: dict[str, RawSheet] = {}
    recs: dict[str, Reconciliation] = {}
    classified = classify_sheets([(raw.frame, layout) for raw, layout in candidates])
    no_report = not_reports([raw.name for raw, _ in candidates], classified)  # 填报说明, 示例
    classified.reverse()  # popped in sheet order, each let go once its projects are out
    for done, (raw, layout) in enumerate(candidates):
        step("整理工作表 parsing sheets", done, len(candidates))
        rows = classified.pop()
        n_projects = int((rows["_kind"] == "project").sum())
        if n_projects == 0 or raw.name in no_report:
            infos.append(SheetInfo(raw.name, False, no_report.get(raw.name, _EMPTY_SHEET)))
            continue
        if multi and re.search(SUMMARY_SHEET, normalize_text(raw.name)):
            named[raw.name] = raw  # a 总表 of projects: a summary, the full list or a part
        info, frame, sheet_findings, sheet_texts, recs[raw.name] = _load_sheet(
            path, raw, layout, rows
        )
        infos.append(info)
        parts.append(frame)
        findings.extend(sheet_findings)
        texts.extend(sheet_texts)
    if not parts:
        said = "".join(f"; sheet {n}: {why}" for n, why in no_report.items())
        raise LedgerError(path, "no sheet holds project rows under its header" + said
                          + (hint if hidden else ""))  # fmt: skip
    parts, skipped = drop_sheets_without_figures(infos, parts)
    parts, copies = drop_copies(infos, parts)
    parts, repeats, alone = settle_overlaps(path, infos, parts, set(named))
    refuse_mixed_periods(path, infos)  # after an earlier month's sheet is left out
    parts = summaries_apart(infos, parts, [named[n] for n in alone], summaries, candidates)
    alone = {raw.name for raw in summaries}  # summaries after all
    earlier = {f"({f.sheet})" for f in repeats if f.code == "sheet_period"}  # not this period
    texts = [t for t in texts if not any(t[0].endswith(e) for e in earlier)]
    findings = [f for f in findings if f.sheet not in alone]  # (titles still tell the year)
    for name in (i.name for i in infos if i.name in recs and i.name not in alone):
        reconciled.merge(recs[name])
    skipped = [*skipped, *copies, *repeats]
    used = [i for i in infos if i.used]
    findings.extend(require_fields(path, used))
    if len(raw_sheets) > 1:
        findings.extend(
            Finding(i.name, None, None, "sheet_skipped", f"未计入：{i.reason_zh()}", "info")
            for i in infos
            if not i.used and i.reason != "empty sheet" and i.name not in {f.sheet for f in skipped}
        )
    findings.extend(skipped)
    projects = pl.concat(parts, how="diagonal_relaxed")
    require_numbers(path, used, projects, findings)
    if sum(i.used or i.reason == _EMPTY_SHEET for i in infos) > 1:  # (one may have nothing)
        projects = fill_from_sheet_names(projects, used)
    # A section whose name is a region written elsewhere (a 县(市、区) value) sets the region.
    places = pl.col("_sec_cat").is_in(projects["region"].drop_nulls().unique().implode())
    moved = places & pl.col("region").is_null()
    projects = projects.with_columns(
        pl.when(moved).then("_sec_cat").otherwise("region").alias("region"),
        pl.when(moved).then(None).otherwise("category").alias("category"),
    ).drop("_sec_cat")
    projects, merged_labels = tidy_labels(projects, aliases)
    findings.extend(merged_labels)
    if summaries:  # (and the hidden sheets its rows name: their units are not ranked)
        from_summary, summary_hidden = reconcile_summaries(summaries, projects, hidden)
        reconciled.merge(from_summary)
        findings.extend(from_summary.mismatches)
    order = {info.name: i for i, info in enumerate(infos)}
    texts += [t for raw in summaries if named_summary(raw) for t in summary_titles(raw)
              if t not in texts]  # fmt: skip
    texts.append(("file name", path.stem))
    ledger = Ledger(path, projects, infos, [], texts, sheet_findings=findings,
                    reconciliation=reconciled, summary_hidden=summary_hidden)  # fmt: skip
    if ledger.months or month_ledger(path, used):
        ledger = open_months(ledger, month)
        if ledger.ytd_month is not None:
            return ledger
    ledger.findings = sorted(errors_first([*findings, *check_projects(projects, used)]),
                             key=finding_key(order))  # fmt: skip
    # An ordinary ledger's year-to-date header may name its months too (1-3月完成投资).
    ends = {c.months[1] for i in used for c in i.columns
            if c.field == "completed_ytd" and c.months and c.months[0] == 1}  # fmt: skip
    ledger.ytd_month = ends.pop() if len(ends) == 1 else None
    return ledger


# A line that is only the date: 截至2024年10月31日, 数据截止10月底 (never 截至12月底前完成).
DATED_LINE = (
    r"^\s*(?:数据|统计|进度)?(?:截[至止]|截止至)\s*(?:20\d{2}\s*年)?\s*\d{1,2}\s*月"
    r"(?:\s*\d{1,2}\s*日|底|末)?\s*止?\s*$"
)


def _load_sheet(
    path: Path, raw: RawSheet, layout: Layout, rows: pl.DataFrame
) -> tuple[SheetInfo, pl.DataFrame, list[Finding], list[tuple[str, str]], Reconciliation]:
    """Turn the classified rows of one sheet into canonical project columns."""
    off = raw.col_offset
    header_row = layout.header_start + 1
    notes = rows.filter(pl.col("_kind") == "note")["_label"].to_list()
    title_unit = layout.title_unit or note_unit(notes)
    layout = _resolve_ambiguous(layout, rows.filter(pl.col("_kind") == "project"))
    layout, findings = settle_columns(
        path, raw.name, layout, rows.filter(pl.col("_kind") == "project"), off
    )
    refuse_row_roles(path, raw, layout, rows)  # 计划 | 实际 rows of one project
    wide = wide_columns(layout)
    money_cols = {c.index for c in layout.columns if c.field in MONEY_FIELDS} | part_indices(layout)
    if wide:
        money_cols |= {c.index for c in wide.ytd}
        money_cols |= {c.index for cols in wide.parts.values() for c in cols}
    units = {c.index: c.unit or title_unit or DEFAULT_UNIT for c in layout.columns}
    rows = with_numbers(rows, {j: units.get(j, DEFAULT_UNIT) for j in money_cols}, raw.percent, off)
    read_cols = {c.index + off for c in layout.columns
                 if c.field in CANONICAL_FIELDS or (c.months and not c.field)}  # fmt: skip
    missing_error(path, raw, read_cols, header_row)
    fields_at = {c.index: c.field for c in layout.columns}
    rows, merged = fill_merges(raw, layout.first_data_row + 1, fields_at, money_cols, rows)
    rows = sum_parts(path, raw, rows, layout, units)
    rows, unadjusted = fill_unadjusted(raw.name, rows, layout, units, header_row, off)
    projects = rows.filter(pl.col("_kind") == "project")

    def use_of(c: Column) -> ColumnUse:
        return ColumnUse(raw.name, c.index + off, c.header, c.field or "", c.unit, header_row,
                         c.months)  # fmt: skip

    def money(use: ColumnUse) -> pl.Expr:
        unit = use.unit or title_unit or DEFAULT_UNIT
        return pl.col(f"_n{use.column - off}") * unit_factor(unit)

    fields = layout.fields()
    uses = [use_of(c) for c in fields.values() if c.field in CANONICAL_FIELDS]
    said = [u.unit for u in uses if u.field in MONEY_FIELDS]
    unit, unit_source = sheet_unit(title_unit, bool(layout.title_unit), said)
    info = SheetInfo(
        raw.name,
        True,
        header_rows=(header_row, header_row + layout.header_depth - 1),
        title_lines=layout.title_lines,
        columns=uses,
        unit=unit,
        unit_source=unit_source,
    )
    findings.extend([*merged, *unadjusted, *computed_finding(raw)])
    exprs: list[pl.Expr] = []
    by_field = {u.field: u for u in uses}
    checked = list(uses) + part_uses(layout, use_of)
    dates: dict[str, pl.Series] = {}  # c<j> → its Dates, parsed once
    period = (sheet_year(layout), sheet_month(layout))  # what a date without a year is near
    for name in CANONICAL_FIELDS:
        use = by_field.get(name)
        if use is None:
            dtype = pl.Float64 if name in MONEY_FIELDS else pl.Date if name in DATE_FIELDS else None
            exprs.append(pl.lit(None, dtype or pl.String).alias(name))
            continue
        src = pl.col(f"c{use.column - off}")
        if name in MONEY_FIELDS:
            exprs.append(money(use).alias(name))
        elif name in DATE_FIELDS:
            local = src.meta.output_name()
            dates[local] = (  # a deadline by the end of its span, a start from its beginning
                deadline_column(projects[local], *period, nearest=name in NEAREST_YEAR)
                if name in DEADLINE_FIELDS else date_column(projects[local], period[0])
            )  # fmt: skip
            exprs.append(pl.lit(dates[local]).alias(name))
        else:
            exprs.append(clean_text(src).alias(name))
    start = by_field.get("actual_start")
    cell = pl.col(f"c{start.column - off}") if start else None
    exprs.append(started_word(cell).alias("_start_word"))  # null: no column, not known
    extra: list[pl.Expr] = [pl.lit(False).alias("_wide")]
    if wide:
        extra, cells, wide_findings = read_wide(wide, projects, info, use_of, money)
        checked = [u for u in checked if u.field != "completed_ytd"] + cells
        findings.extend(wide_findings)
        if "completed_ytd" not in by_field and info.ytd_chains:  # months given in parts only
            info.columns.append(info.ytd_chains[max(info.ytd_chains)][-1])
        # Month-less 本月完成投资 / 形象进度 columns, kept for the latest month.
        plain_month = by_field.get("completed_month")
        plain_progress = [c for c in layout.columns if c.field == "progress_text" and not c.months]
        extra += [
            (money(plain_month) if plain_month else pl.lit(None, pl.Float64)).alias("_mon_base"),
            (clean_text(pl.col(f"c{plain_progress[0].index}")) if plain_progress
             else pl.lit(None, pl.String)).alias("_prog_base"),
        ]  # fmt: skip
    findings += cell_findings(path, raw.name, rows.filter(KIND_READ), checked, off)
    frame = projects.select(
        *exprs,
        pl.lit(raw.name).alias("_sheet"),
        pl.col("_row"),
        pl.col("_sec_level", "_sec_category", "_sec_region", "_sec_stage", "_unnamed"),
        *extra,
    )
    frame = frame.with_columns(
        pl.coalesce("level", "_sec_level").alias("level"),
        section_stage_of(frame, "stage" in by_field).alias("stage"),
        *section_unit(),
        section_county([c.header for c in layout.columns if c.field == "region"]).alias("region"),
        pl.when(pl.col("_unnamed")).then(pl.lit(UNNAMED)).otherwise("name").alias("name"),
        pl.when(pl.col("category").is_null()).then("_sec_category").alias("_sec_cat"),
    ).drop("_sec_level", "_sec_category", "_sec_region", "_sec_stage", "_unnamed")
    frame = combine_leaders(frame)
    findings.extend(bad_dates(raw.name, projects, uses, off, dates, period))
    findings.extend(hidden_row_findings(raw, projects, by_field.get("name")))
    rows, frame, struck = settle_struck(raw, rows, frame, uses, off)
    rows, frame, repeated = settle_repeats(raw, rows, frame, uses)
    findings.extend([*struck, *repeated])
    # Sections, totals and notes are few: one query, then sorted out in Python.
    special = rows.filter(
        pl.col("_kind").is_in(["section_top", "section_sub", "total", "subtotal", "note", "orphan"])
    ).select("_kind", "_label", "_row")
    kinds, labels, numbers = (special[c].to_list() for c in ("_kind", "_label", "_row"))
    info.sections = [t for k, t in zip(kinds, labels, strict=True) if k.startswith("section") and t]
    info.total_rows = [r for k, r in zip(kinds, numbers, strict=True) if k in ("total", "subtotal")]
    info.projects = frame.height
    info.headers = [c.header for c in layout.columns if c.header]
    unread = [c for c in layout.columns if c.header and c.field is None and c.part_of is None]
    info.unread = [f"{cell_ref(None, header_row, c.index + off)} '{c.header}'" for c in unread]
    reconciled = reconcile_sheet(raw, layout, rows, checked, frame, path)
    findings.extend(reconciled.findings)
    findings.extend(check_units(frame, uses, title_unit or DEFAULT_UNIT, projects, off))
    titles = [re.sub(FILING_DATE, "", t).strip() for t in layout.title_lines]
    texts = [(f"title ({raw.name})", t) for t in titles if t]
    # A line under the header that only dates the table (截至2024年10月31日) is a note too.
    first = projects["_row"].min() if projects.height else 0
    notes = [t for k, t, r in zip(kinds, labels, numbers, strict=True) if k == "note"
             or (k == "orphan" and t and re.match(DATED_LINE, t) and r < first)]  # fmt: skip
    # The date a form was filled in (填报日期:2024年4月5日) is not the period it reports.
    notes = [re.sub(FILING_DATE, "", t).strip() for t in notes if t]
    texts.extend((f"note ({raw.name})", t) for t in notes if t)
    # A sheet named for its period alone (6月份, 2024年1-6月) says it after title and notes.
    if (named := sheet_period_clue(raw.name)) is not None:
        texts.append((f"sheet name ({raw.name})", named.text))
    return info, frame, findings, texts, reconciled


def _resolve_ambiguous(layout: Layout, projects: pl.DataFrame) -> Layout:
    """Decide headers such as 项目类别 from their values: 省重点/市重点 → level, else category."""
    ambiguous = [c for c in layout.columns if c.alternative and c.field]
    if not ambiguous:
        return layout
    columns = list(layout.columns)
    for col in ambiguous:
        pair = {col.field, col.alternative}
        if "level" not in pair:
            continue
        other = next(f for f in pair if f != "level")
        cells = projects.select(clean_text(pl.col(f"c{col.index}"))).to_series()
        values = normalize_series(cells).drop_nulls()
        share = values.str.contains(LEVELISH).cast(pl.Float64).mean()
        levelish = values.len() > 0 and isinstance(share, float) and share >= 0.5
        want = "level" if levelish else other
        taken = {c.field for c in columns if c is not col and not c.alternative}
        if want in taken:
            want = other if want == "level" else "level"
        columns[columns.index(col)] = replace(col, field=want)
    return replace(layout, columns=columns)


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
