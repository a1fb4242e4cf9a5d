"""Merged cells over a block of projects, blank grouping cells and hidden rows.

A ledger shows grouping most often by writing 县(市、区) or 责任单位 once and merging the
cell down over that county's rows. Excel keeps the text in the merge's first cell
only, so a reader of values sees one project with the county and the rest blank. The
merged ranges (from the .xlsx XML, HTML ``rowspan``, XML Spreadsheet ``ss:MergeDown``)
say where the text belongs:

- a label column (region, responsible unit, owner, level, stage, leader, …): the merged
  value belongs to every project row the merge spans;
- a money column: the amount is **not** copied (Excel's own SUM counts it once); a
  merged amount spanning several projects cannot be split and is a finding;
- the project's name and number are never copied (a name merged over two rows is one
  project written on two lines, not two projects).

A blank that is not inside a merged range stays blank; grouping by a column with blank
cells is a finding (:func:`blank_group_findings`).
"""

from __future__ import annotations

import polars as pl

from projtrack.errors import Finding, cell_ref
from projtrack.read.model import ColumnUse, SheetInfo
from projtrack.read.rawsheet import RawSheet
from projtrack.vocab import FIELD_LABELS, MONEY_FIELDS

NEVER_FILLED = {"name", "id", "seq", "rate"}
SHOWN = 5


def fill_merges(
    raw: RawSheet,
    first_row: int,
    fields: dict[int, str | None],
    money: set[int],
    rows: pl.DataFrame,
) -> tuple[pl.DataFrame, list[Finding]]:
    """Fill merged label cells down into the project rows they span.

    ``first_row`` is the Excel row of the first data row; ``fields`` maps a frame column
    to its field (None for a column the layout does not use); ``money`` holds the frame
    columns read as amounts; ``rows`` are the classified rows (``_row``, ``_kind``).
    """
    if not raw.merges or rows.height == 0:
        return rows, []
    off = raw.col_offset
    projects = set(rows.filter(pl.col("_kind") == "project")["_row"].to_list())
    fills: dict[int, dict[int, str]] = {}
    findings: list[Finding] = []
    parts: dict[int, int] = {}  # row → the project row it continues
    shares: dict[int, str] = {}  # row → the merged name it carries as a project of its own
    share_col = -1
    for r1, c1, r2, c2 in raw.merges:
        j = c1 - 1 - off
        # A merge that starts in the header block holds a header, not a value.
        if r2 <= r1 or r1 < first_row or f"c{j}" not in rows.columns:
            continue
        if fields.get(j) == "name" and r1 in projects:
            # One project written over several rows (一标段 | 二标段): the rows below its
            # merged name are parts of it, their amounts added to it — except a row in
            # another 县(市、区): the same project's share in another county, its own row.
            below = [r for r in range(r1 + 1, r2 + 1) if r not in projects]
            apart = [r for r in below if _elsewhere(raw, fields, r1, r)]
            parts.update({r: r1 for r in below if r not in apart})
            if apart and (name := _cell(raw, r1, j)) is not None:
                shares.update({r: name for r in apart})
                share_col = j
            continue
        covered = [r for r in range(r1, r2 + 1) if r in projects]
        if len(covered) < 2:
            continue
        if any(c - 1 - off in money for c in range(c1, c2 + 1)):
            value = _cell(raw, r1, j)
            if value is not None:
                where = f"{cell_ref(None, r1, c1 - 1)}:{cell_ref(None, r2, c2 - 1)}"
                findings.append(Finding(
                    raw.name, r1, c1 - 1, "merged_amount",
                    f"合并单元格 {where} 的金额 {value} 跨 {len(covered)} 个项目，无法拆分，"
                    f"只计入第 {r1} 行的项目",
                ))  # fmt: skip
            continue
        if fields.get(j) in NEVER_FILLED or fields.get(j) in MONEY_FIELDS:
            continue
        value = _cell(raw, r1, j)
        if value is None:
            continue
        column = fills.setdefault(j, {})
        for r in covered:
            column.setdefault(r, value)
    rows = _fold_parts(rows, parts, money) if parts else rows
    if shares:
        at = pl.col("_row").is_in(list(shares))
        rows = rows.with_columns(
            pl.when(at).then(pl.lit("project")).otherwise("_kind").alias("_kind"),
            pl.coalesce(pl.col(f"c{share_col}"), pl.col("_row").replace_strict(
                shares, default=None, return_dtype=pl.String)).alias(f"c{share_col}"),
        )  # fmt: skip
    if not fills:
        return rows, findings
    return rows.with_columns(
        pl.coalesce(pl.col(f"c{j}"), pl.col("_row").replace_strict(by_row, default=None,
                                                                    return_dtype=pl.String))
        .alias(f"c{j}")
        for j, by_row in fills.items()
    ), findings  # fmt: skip


def _fold_parts(rows: pl.DataFrame, parts: dict[int, int], money: set[int]) -> pl.DataFrame:
    """Add the amounts of a project's continuation rows to it; the rows become ``part``
    (neither a project nor a row whose money goes uncounted)."""
    head = pl.col("_row").replace_strict(parts, default=None, return_dtype=pl.Int64)
    keyed = rows.with_columns(pl.coalesce(head, pl.col("_row")).alias("_head"))
    numbers = [f"_n{j}" for j in sorted(money) if f"_n{j}" in rows.columns]
    sums = keyed.group_by("_head").agg(
        pl.when(pl.col(n).is_not_null().any()).then(pl.col(n).sum()).alias(f"{n}_sum")
        for n in numbers
    )
    folded = keyed.join(sums, on="_head", how="left").with_columns(
        pl.when(pl.col("_row").is_in(list(set(parts.values()))))
        .then(pl.col(f"{n}_sum")).otherwise(pl.col(n)).alias(n)
        for n in numbers
    )  # fmt: skip
    kind = pl.when(pl.col("_row").is_in(list(parts))).then(pl.lit("part")).otherwise("_kind")
    return folded.with_columns(kind.alias("_kind")).drop("_head", *(f"{n}_sum" for n in numbers))


def _elsewhere(raw: RawSheet, fields: dict[int, str | None], head: int, row: int) -> bool:
    """Whether ``row`` names another 县(市、区) than the project row ``head`` above it."""
    region = next((j for j, f in fields.items() if f == "region"), None)
    if region is None:
        return False
    here = _cell(raw, row, region)
    return here is not None and here.strip() != (_cell(raw, head, region) or "").strip()


def _cell(raw: RawSheet, row: int, j: int) -> str | None:
    if not (1 <= row <= raw.frame.height and 0 <= j < raw.frame.width):
        return None
    value = raw.frame[row - 1, j]
    return value if value is not None and str(value).strip() else None


def blank_group_findings(projects: pl.DataFrame, by: str, sheets: list[SheetInfo]) -> list[Finding]:
    """A finding per sheet whose projects leave the grouping cell blank while others fill it.

    Such projects are ranked as one group (未填写); the user should see which rows.
    """
    if by not in projects.columns or "_sheet" not in projects.columns:
        return []
    if projects[by].null_count() in (0, projects.height):
        return []
    blank = projects.filter(pl.col(by).is_null()).select("_sheet", "_row")
    findings = []
    label = FIELD_LABELS.get(by, by)
    for sheet, group in blank.group_by("_sheet", maintain_order=True):
        rows = group["_row"].to_list()
        name = str(sheet[0])
        use = next((u for i in sheets if i.name == name for u in i.columns if u.field == by), None)
        shown = "、".join(str(r) for r in rows[:SHOWN]) + (" 等" if len(rows) > SHOWN else "")
        findings.append(Finding(
            name, rows[0], use.column if use else None, "group_blank",
            f"{len(rows)} 个项目的{label}为空（不在合并单元格内），按 {label} 分组时归入"
            f"(未填写)：第 {shown} 行",
        ))  # fmt: skip
    return findings


def hidden_row_findings(
    raw: RawSheet, projects: pl.DataFrame, name: ColumnUse | None
) -> list[Finding]:
    """A warning per project row hidden in Excel: it is counted (as Excel's SUM counts it),
    but a person who hid it (已调出, 已撤销) may have meant it not to be."""
    if not raw.hidden_rows:
        return []
    hidden = projects.filter(pl.col("_row").is_in(list(raw.hidden_rows)))
    column = name.column if name else None
    local = f"c{column - raw.col_offset}" if column is not None else ""
    findings = []
    for rec in hidden.iter_rows(named=True):
        shown = f"（{rec[local]}）" if local and rec.get(local) else ""
        findings.append(Finding(
            raw.name, rec["_row"], column, "hidden_row",
            f"第{rec['_row']}行在Excel中被隐藏，仍计入{shown}；若该项目已调出或撤销，请从台账删除该行",
        ))  # fmt: skip
    return findings
