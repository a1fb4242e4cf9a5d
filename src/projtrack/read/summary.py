"""Reconciling a 汇总 sheet with the detail sheets (SPEC §5).

A 汇总 sheet lists no projects, so it is never counted; but each of its rows states the
number of projects, the plan or the completion of a group the detail sheets hold (a
county, a level, a category, or one detail sheet), and 合计 the whole. Each such figure
is checked against the projects read, within the rounding of the digits shown. A row
naming a group the detail sheets do not hold is a mismatch too: a sheet may be missing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import polars as pl

from projtrack.errors import Finding
from projtrack.read.fields import find_unit, match_header, unit_factor
from projtrack.read.headrows import unit_row, without_unit_cells
from projtrack.read.labels import TOTAL_LABEL, TOWN_HEADER, section_level
from projtrack.read.reconcile import TOTAL_TOLERANCE, Reconciliation, fmt
from projtrack.read.unit_lines import stated_units
from projtrack.text import normalize_text

if TYPE_CHECKING:
    from projtrack.read.rawsheet import RawSheet

_SCAN = 30
_NUMBER = re.compile(r"^[-+]?\d[\d,]*(?:\.(\d+))?$|^[-+]?\.(\d+)$")
# Header cells of a 汇总 sheet (normalised), by what the column holds.
_ROLES = (
    ("count", re.compile(r"个数|项目数|数量|^个$|项目\(个\)|^项目个")),
    ("rate", re.compile(r"率|%|比例|比重|进度")),
    ("total_investment", re.compile(r"总投资")),
    ("annual_plan", re.compile(r"计划")),
    ("completed_ytd", re.compile(r"完成")),
)
# A sheet named otherwise is not a summary by its header alone when its name or title
# says it is for reference or of another year (说明, 供参考, 上年同期), or when its
# columns are a project's (建设单位 | 建设内容 | 年度计划投资: a list of projects).
_NOT_A_SUMMARY = r"说明|参考|备注|目录|封面|附注|上年|去年|往年|同期|对比|比较"
# … and only when named for the whole (全市, 德阳市, Sheet2, 总体情况, 分县情况), not for a
# part whose figures cover some projects only (新开工, 省重点, a title 新开工项目分县统计).
_WHOLE_NAME = (
    r"全[市县区州省旗盟]|[^\d]{1,8}[市县区州省旗盟]|(?:sheet|Sheet|SHEET|工作表)\d*"
    r"|总体(?:情况)?|全部|(?:分|按|各)(?:县|区|市|乡镇|单位).*"
)
_PART = r"新开工|续建|前期|竣工|[省市县区]级?重点|产业|基础设施|民生|社会事业"
_PROJECT_COLUMN = r"建设内容|建设规模|建设性质|建设单位|业主|项目法人|开工|形象进度|竣工"
_GROUP = re.compile(
    rf"县|市|区|单位|地区|区域|名称|级别|类别|类型|部门|产业|分类|项目|{TOWN_HEADER}"
)
# The fields of a detail sheet's unit column: a 汇总 keyed by any header the reader takes
# for one of them (乡镇, 所在乡镇, 镇街, 责任单位 …) is keyed by that column. Matched by
# pattern alone, 乡镇 keyed nothing and the sheet went unreconciled without a word.
_GROUP_FIELDS = frozenset({"region", "responsible", "level", "category"})
# Amounts a 汇总 may also show that are not the year's plan or its completion so far.
_OTHER_AMOUNT = re.compile(
    r"\d{1,2}-\d{1,2}月计划|截至\d{1,2}月.*计划|本月|当月|开工|至今|以来|上年"
)
# A row's numbering before its label (1、, 二., (三)), normalised.
_NUMBERED = r"^(?:(?:\d+|[一二三四五六七八九十]+)[、.]|\([一二三四五六七八九十\d]+\))"
_PROJECT_NAME = re.compile(r"^(?:建设)?项目(?:名称|名)$|^名称$")
_LABELS = {"count": "项目个数", "total_investment": "总投资", "annual_plan": "年度计划投资",
           "completed_ytd": "完成投资"}  # fmt: skip


def reconcile_summaries(
    summaries: list[RawSheet], projects: pl.DataFrame, hidden: Sequence[str] = ()
) -> tuple[Reconciliation, list[str]]:
    """Check each 汇总 sheet's figures against the projects of the detail sheets; also the
    labels of its rows whose sheet is among the ``hidden`` sheets (not read): a 汇总 naming
    西充县 beside a hidden 西充县 sheet says the report has a county the ranking lacks."""
    out = Reconciliation()
    # The values a row may name, normalised once (a summary has a row per group).
    names: dict[str, pl.Series] = {
        name: _normalised(projects[name])
        for name in ("_sheet", "region", "level", "category", "responsible")
        if name in projects.columns
    }
    found: list[str] = []
    for raw in summaries:
        _one(raw, projects, names, out, {_sheet_key(h): h for h in hidden}, found)
    return out, found


def _sheet_key(text: str) -> str:
    """A sheet name or a 汇总 label as compared with each other: without numbering, a
    count in brackets, 台账/表 or the county's suffix (1.西充县（6个） and 西充 are one)."""
    norm = normalize_text(text)
    norm = re.sub(_NUMBERED, "", norm)
    norm = re.sub(r"\([^()]*\d[^()]*\)$", "", norm)
    norm = re.sub(r"(?:重点项目)?(?:台账|明细表?|清单|表)$", "", norm) or norm
    return re.sub(r"(?:自治县|县|区|市|旗)$", "", norm) or norm


def is_summary_sheet(raw: RawSheet) -> bool:
    """Whether a sheet without a project header is a 汇总: so named (汇总, 总表, 合计, 统计表)
    or reading as a per-group summary (a key column and 项目个数 / 年度计划投资 / 完成投资) —
    a city's summary is often named 全市 or for the city (德阳市), and its figures must be
    checked as a 汇总's are."""
    if named_summary(raw):
        return True
    if not re.fullmatch(_WHOLE_NAME, normalize_text(raw.name).strip()):
        return False  # 说明, 新开工, 省重点: for reference, or a part of the projects
    rows = _cells(raw, _SCAN)
    found = _header(rows)
    if found is None:
        return False
    # A list of projects headed otherwise (建设单位 | 建设内容 | 年度计划投资) is not one, nor
    # a table of another year (2023年计划投资 | 2023年完成投资: last year's, for reference).
    titles = [normalize_text(c) for r in rows[: found[0]] for c in r if c]
    header = [normalize_text(c) for c in rows[found[0]] if c]
    return not (any(re.search(f"{_NOT_A_SUMMARY}|{_PART}", t) for t in titles)
                or any(re.search(_PROJECT_COLUMN, t) for t in header))  # fmt: skip


def named_summary(raw: RawSheet) -> bool:
    """A sheet named a summary (汇总, 总表, 合计, 统计表): its title dates the ledger as the
    detail sheets' do; a sheet taken for one by its header alone does not (a table of
    another year's figures must not set this one's)."""
    return bool(re.search(r"汇总|总表|合计|统计表", normalize_text(raw.name)))


def _normalised(values: pl.Series) -> pl.Series:
    """``normalize_text`` of each value (null as ""), computed once per distinct value."""
    text = values.cast(pl.String).fill_null("")
    distinct = text.unique()
    normal = pl.Series([normalize_text(t) for t in distinct.to_list()], dtype=pl.String)
    return text.replace_strict(distinct, normal, return_dtype=pl.String)


def _cells(raw: RawSheet, rows: int | None = None) -> list[list[str | None]]:
    """The sheet's cells as stripped texts (blank as None), its first ``rows`` only if given."""
    frame = raw.frame if rows is None else raw.frame.head(rows)
    return [[(c.strip() or None) if isinstance(c, str) else None for c in row]
            for row in frame.iter_rows()]  # fmt: skip


def _header(rows: list[list[str | None]]) -> tuple[int, int, dict[str, int]] | None:
    """(header row, group column, {role: column}) of the first row that reads as one.

    None for a sheet that lists projects (a 项目名称 column): it is not a per-group summary.
    """
    for r, row in enumerate(rows[:_SCAN]):
        if any(cell and _PROJECT_NAME.match(normalize_text(cell)) for cell in row):
            return None
        roles: dict[str, int] = {}
        group = None
        for j, cell in enumerate(row):
            if cell is None:
                continue
            text = normalize_text(cell)
            role = next((name for name, rx in _ROLES if rx.search(text)), None)
            if role in ("annual_plan", "completed_ytd") and _OTHER_AMOUNT.search(text):
                role = "other"  # 1-3月计划, 本月完成, 开工累计完成: not the year's figures
            if role and role not in roles and not (role == "count" and _GROUP.search(text)
                                                   and "个" not in text):  # fmt: skip
                roles[role] = j
            elif role is None and group is None and _is_group(cell, text):
                group = j
        if group is not None and {"count", "annual_plan", "completed_ytd"} & roles.keys():
            return r, group, roles
    return None


def _is_group(cell: str, text: str) -> bool:
    """Whether a header cell names the groups a 汇总's rows are (its key column)."""
    return bool(_GROUP.search(text)) or match_header(cell).field in _GROUP_FIELDS


def _number(text: str | None) -> tuple[float, float] | None:
    """A cell's value and half a unit of its last digit shown."""
    if text is None:
        return None
    clean = normalize_text(text).replace(",", "")
    m = _NUMBER.match(clean)
    if not m:
        return None
    digits = m.group(1) or m.group(2) or ""
    return float(clean), 0.5 * 10 ** -len(digits)


def _group_of(label: str, projects: pl.DataFrame, names: dict[str, pl.Series]) -> pl.Series | None:
    """A mask of the projects a 汇总 row names, or None when it names none of them."""
    norm = normalize_text(label)
    norm = re.sub(_NUMBERED, "", norm)
    if re.search(TOTAL_LABEL, norm):
        return pl.Series([True] * projects.height)
    wanted = {norm, re.sub(r"项目$", "", norm), norm + "项目"} - {""}
    for values in names.values():
        hit = values.is_in(list(wanted))
        if hit.any():
            return hit
    level = section_level(norm)
    if level is not None and "level" in projects.columns:
        return projects["level"] == level
    # A short form of one name only (龙海 for 龙海市, 高新区 for 德阳高新区), and the full
    # name of one written short (旌阳区 for the sheet 旌阳).
    stem = re.sub(r"项目$", "", norm)
    bare = re.sub(r"(?:自治县|县|区|市|旗)$", "", stem)
    for values in names.values():
        if len(bare) >= 2 and bare != stem and (hit := values == bare).any():
            return hit
    for values in names.values():
        hit = values.str.starts_with(stem) | values.str.ends_with(stem)
        if len(stem) >= 2 and hit.any() and values.filter(hit).n_unique() == 1:
            return hit
    return None


def _one(
    raw: RawSheet,
    projects: pl.DataFrame,
    names: dict[str, pl.Series],
    out: Reconciliation,
    hidden: dict[str, str],
    hidden_named: list[str],
) -> None:
    # A unit cell beside the title or in the header's corner (单位：万元) is no header.
    rows, unit_cell = without_unit_cells(_cells(raw))
    found = _header(rows)
    if found is None:
        return
    start, group, roles = found
    header = rows[start]
    units = unit_row(rows[start + 1]) if start + 1 < len(rows) else None
    if units:  # （亿元） | （万元） on a row of their own under the header
        start += 1
    titles = [t for row in rows[: found[0]] if (t := " ".join(c for c in row if c))]
    # Read as the detail sheets' are (read/unit_lines.py): 单位：总投资为亿元，其余为万元
    # gives each column its unit; taken as one (the first named), 总投资 read 10⁴ too small.
    fields = {j: role for role, j in roles.items()}
    sheet_unit, per_column, conflict = stated_units(
        titles, unit_cell, [(cell or "", fields.get(j)) for j, cell in enumerate(header)]
    )
    factors = {}
    for role, j in list(roles.items()):
        unit = find_unit(header[j] or "") or (units or {}).get(j) or per_column.get(j)
        if unit is None and conflict and role != "count":
            del roles[role]  # 单位：亿元、万元 names no columns: this one's unit is unknown
            continue
        factors[role] = 1.0 if role == "count" else unit_factor(unit or sheet_unit or "万元")
    for r in range(start + 1, len(rows)):
        row = rows[r]
        label = row[group] if group < len(row) else None
        figures = {role: _number(row[j] if j < len(row) else None)
                   for role, j in roles.items() if role in _LABELS}  # fmt: skip
        if (label is None or not any(figures.values()) or _number(label) is not None
                or label.startswith(("注", "说明", "填"))):  # fmt: skip
            continue
        mask = _group_of(label, projects, names)
        if mask is None and all(f is None or f[0] == 0 for f in figures.values()):
            out.summary.add(True)  # 罗江区 0 | 0 | 0 and its sheet 无: nothing, as stated
            continue
        if mask is None and (sheet := hidden.get(_sheet_key(label))) is not None:
            out.summary.add(False)
            hidden_named.append(label)
            out.mismatches.append(Finding(
                raw.name, r + 1, raw.col_offset + group, "summary_hidden",
                f"汇总表“{label}”行的工作表 {sheet} 为隐藏工作表，未计入排名和合计；"
                "如属本期报表，请取消隐藏或加 --include-hidden"))  # fmt: skip
            continue
        if mask is None:
            out.summary.add(False)
            out.mismatches.append(Finding(
                raw.name, r + 1, raw.col_offset + group, "summary_unmatched",
                f"汇总表“{label}”行在明细表中没有对应的项目"
                "（县区、级别、类别或工作表）"))  # fmt: skip
            continue
        members = projects.filter(mask)
        bad = []
        for role, value in figures.items():
            if value is None:
                continue
            given, half = value
            if role == "count":
                want = float(members.height)
                ok = given == want
            else:
                total = members[role].fill_null(0.0).sum() if role in members.columns else 0.0
                want = float(total) / factors[role]
                ok = abs(given - want) <= max(TOTAL_TOLERANCE, half) + 1e-9 * abs(want)
            if not ok:
                bad.append((role, given, want))
        out.summary.add(not bad)
        for role, given, want in bad:
            out.mismatches.append(Finding(
                raw.name, r + 1, raw.col_offset + roles[role], "summary_mismatch",
                f"汇总表“{label}”行的{header[roles[role]] or _LABELS[role]} {fmt(given)} "
                f"与明细表之和 {fmt(want)} 不符（差 {fmt(given - want)}）"))  # fmt: skip
