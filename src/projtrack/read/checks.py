"""Content checks of SPEC §6: each finding names the cell it is about.

Warnings never stop a run: plan 0, completed > 3× plan, completed > total investment,
negative values, a required value missing, a duplicate project, a column whose
magnitudes look like 元 or 亿元 in a 万元 column, and one project's amount typed in 元 in a
万元 column (far above the column's median and any plausible project). A subtotal that
does not match its rows is found by :mod:`projtrack.read.reconcile`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from projtrack.errors import CellError, Finding
from projtrack.read.fields import unit_factor
from projtrack.statements import UNDER_WAY, stated
from projtrack.text import name_keys
from projtrack.vocab import FIELD_LABELS, MONEY_FIELDS, REQUIRED_FIELDS, UNSET_GROUP

if TYPE_CHECKING:
    from projtrack.read.model import ColumnUse, SheetInfo

OVERRUN_FACTOR = 3.0
# A project that has done this share of its annual plan has started, whatever its 实际开工
# cell says (start_unrecorded).
STARTED_SHARE = 0.5
# A region cell naming two counties: 旌阳区、中江县, 旌阳区/中江县, 旌阳区和中江县.
JOINED_PLACES = (
    r"^[^、/,，和及]{1,10}(?:县|区|市|旗)\s*[、/,，和及]\s*[^、/,，和及]{1,10}(?:县|区|市|旗)$"
)


def _fmt(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


# A project the office has taken off the list but left in the table: 已调出, 已撤销 ….
REMOVED = (
    r"^\s*(?:该项目|项目)?(?:已经?)?(?:调出|撤销|撤项|取消|终止|剔除|移出|退出)"
    r"(?:重点项目|省重点|市重点|县重点)?(?:名单|清单|计划)?\s*[。.]?\s*$|已调出|调出重点项目|不再列入"
)
# … but not where the word is denied: 未调出重点项目, 不撤项 (拟调出 still asks).
NOT_REMOVED = r"(?:未|没有?|不|无需|无须|暂不)(?:被|予)?(?:调出|撤销|撤项|取消|剔除|移出|退出)"


def check_projects(projects: pl.DataFrame, sheets: list[SheetInfo]) -> list[Finding]:
    """Row-level checks on the stacked projects (amounts already in 万元)."""
    cols = {(c.sheet, c.field): c.column for s in sheets for c in s.columns}
    out: list[Finding] = []

    def add(frame: pl.DataFrame, field: str, code: str, template: str) -> None:
        for rec in frame.iter_rows(named=True):
            col = cols.get((rec["_sheet"], field))
            # Amounts as the ledger gives them (4,000, 1,234.5, -50), not padded to 4,000.00.
            shown = {k: _fmt(v) if k in MONEY_FIELDS and isinstance(v, float) else v
                     for k, v in rec.items()}  # fmt: skip
            out.append(Finding(rec["_sheet"], rec["_row"], col, code, template.format(**shown)))

    plan, done, total = pl.col("annual_plan"), pl.col("completed_ytd"), pl.col("total_investment")
    # A sheet without the column (a 前期 sheet) has one note for all its rows, not one each.
    with_done = [s.name for s in sheets if any(c.field == "completed_ytd" for c in s.columns)]
    with_start = [s.name for s in sheets if any(c.field == "actual_start" for c in s.columns)]
    half_done = (done >= STARTED_SHARE * plan) & (plan > 0)
    rules: list[tuple[pl.Expr, str, str, str]] = [
        (plan.is_null(), "annual_plan", "plan_missing",
         "{name}: 年度计划投资为空,不计完成率(仍计入项目个数)"),
        (plan == 0, "annual_plan", "plan_zero", "{name}: 年度计划投资为0,不计完成率"),
        (done.is_null() & plan.is_not_null() & pl.col("_sheet").is_in(with_done),
         "completed_ytd", "completed_missing",
         "{name}: 累计完成投资为空,按0计"),
        ((plan > 0) & (done > OVERRUN_FACTOR * plan), "completed_ytd", "completed_over_3x_plan",
         "{name}: 累计完成投资{completed_ytd}万元超过年度计划{annual_plan}万元的3倍,请核实"),
        # Half the year's plan done but no start recorded: 应开未开 and 蜗牛 (未开工，逾期7个月)
        # would list a project 97.9 % complete; the figures keep the ledger's word, said
        # loudly. (Less is the 前期 spending — land, design — many projects report first.)
        (half_done & pl.col("planned_start").is_not_null()
         & pl.col("actual_start").is_null()
         & ~pl.col("_start_word") & pl.col("_sheet").is_in(with_start),
         "actual_start", "start_unrecorded",
         "{name}: 已完成投资{completed_ytd}万元,但实际开工时间为空(或写明未开工),新开工统计按"
         "未开工计(应开未开);如已开工,请填写实际开工时间"),
        # 形象进度 saying the works are under way (主体施工, 在建, 已完工) says so too.
        (~half_done & _under_way(projects) & pl.col("planned_start").is_not_null()
         & pl.col("actual_start").is_null()
         & ~pl.col("_start_word") & pl.col("_sheet").is_in(with_start),
         "actual_start", "start_unrecorded",
         "{name}: 形象进度为“{progress_text}”,但实际开工时间为空(或写明未开工),新开工统计按"
         "未开工计(应开未开);如已开工,请填写实际开工时间"),
        ((total > 0) & (done > total), "completed_ytd", "completed_over_total",
         "{name}: 本年累计完成投资{completed_ytd}万元超过总投资{total_investment}万元"),
    ] + [
        (pl.col(field).str.contains(REMOVED) & ~pl.col(field).str.contains(NOT_REMOVED),
         field, "removed_project",
         f"{{name}}: {FIELD_LABELS[field]}写明“{{{field}}}”,仍计入项目和金额;如已调出重点项目名单,"
         "请删除此行或移出本表")
        for field in ("progress_text", "remarks", "stage") if field in projects.columns
    ] + [
        (pl.col("region").str.contains(JOINED_PLACES), "region", "region_joined",
         "{name}: 县(市、区)写作“{region}”,作为一个单位排名;跨县项目请按各县分担的金额分行填列")
        for _ in [1] if "region" in projects.columns
    ] + [
        (pl.col(field) < 0, field, "negative",
         f"{{name}}: {FIELD_LABELS[field]}为负数({{{field}}}万元)")
        for field in MONEY_FIELDS
    ]  # fmt: skip
    # Every rule's mask in one pass; only the rules that hit filter the projects.
    masks = projects.select(rule[0].fill_null(False).alias(f"m{i}") for i, rule in enumerate(rules))
    hits = masks.select(pl.all().any()).row(0)
    for i, (_, field, code, template) in enumerate(rules):
        if hits[i]:
            add(projects.filter(masks[f"m{i}"]), field, code, template)
    # A duplicate: the same name (and region, where there is one) appears twice — the
    # same name once spaces, widths, brackets and traditional forms are set aside
    # (康养小镇（一期） and 康养小镇(一期), 產業園 and 产业园 were counted twice unsaid).
    key = ["_seen", "region"]
    seen = _seen_names(projects)
    dup = seen.filter(pl.struct(key).is_duplicated() & pl.col("name").is_not_null())
    firsts = dup.group_by(key, maintain_order=True).agg(
        pl.col("_sheet").first().alias("_s"), pl.col("_row").first().alias("_r"),
        pl.col("name").first().alias("_n"),
    )  # fmt: skip
    dup = dup.join(firsts, on=key, how="left", nulls_equal=True).filter(
        (pl.col("_sheet") != pl.col("_s")) | (pl.col("_row") != pl.col("_r"))
    )
    # The other row's name as it is written there, when it is written otherwise (and not
    # only in bracket widths, which the messages show full-width anyway).
    dup = dup.with_columns(
        pl.when(_shown("_n") != _shown("name"))
        .then(pl.concat_str(pl.lit("（写作“"), "_n", pl.lit("”）")))
        .otherwise(pl.lit(""))
        .alias("_n")
    )
    add(dup, "name", "duplicate", "{name}: 与 {_s} 第{_r}行{_n} 重复")
    add(_same_figures_elsewhere(seen), "name", "duplicate_elsewhere",
        "{name}: 与 {_s} 第{_r}行({_g})名称和金额都相同,两处各计一次;如系重复填报请删除一处,"
        "跨县项目请按各县分担的金额填列")  # fmt: skip
    return out


def _under_way(projects: pl.DataFrame) -> pl.Expr:
    """Whether a project's 形象进度 says its works are under way or done (主体施工中, 在建,
    封顶, 已完工), clause by clause (projtrack.statements): not 施工图, 施工许可 or 施工招标,
    nor 尚未开工建设, 计划7月开工建设 — and 主体施工中，计划10月封顶 is under way (计划
    anywhere in the cell said it was not). False without the column."""
    if "progress_text" not in projects.columns:
        return pl.lit(False)
    return stated(pl.col("progress_text"), UNDER_WAY)


def _shown(column: str) -> pl.Expr:
    """A name as a message shows it: half-width brackets become full-width."""
    return pl.col(column).str.replace_all(r"\(", "（").str.replace_all(r"\)", "）")


def _seen_names(projects: pl.DataFrame) -> pl.DataFrame:
    """``projects`` with ``_seen``, the key its name is recognised by (:func:`name_key`),
    worked out once per distinct name (a ledger repeats few)."""
    names = projects["name"].drop_nulls().unique()
    seen = pl.col("name").replace_strict(names, name_keys(names), default=None)
    return projects.with_columns(seen.cast(pl.String).alias("_seen"))


def _same_figures_elsewhere(seen: pl.DataFrame) -> pl.DataFrame:
    """The rows repeating another row's name, 年度计划投资 and completion under another
    region (a county sheet pasted into the next one, a 跨县 project listed whole in both
    counties): each is counted in both places, which no 合计 of either sheet shows.
    ``seen``: the projects with their name keys (:func:`_seen_names`)."""
    if "region" not in seen.columns:
        return seen.clear()
    key = ["_seen", "annual_plan", "completed_ytd"]
    live = seen.filter(
        pl.col("name").is_not_null() & (pl.col("annual_plan") > 0) & (pl.col("completed_ytd") > 0)
    )
    same = live.filter(pl.struct(key).is_duplicated())
    if same.height == 0:
        return same
    firsts = same.group_by(key, maintain_order=True).agg(
        pl.col("_sheet").first().alias("_s"), pl.col("_row").first().alias("_r"),
        pl.col("region").first().fill_null(UNSET_GROUP).alias("_g"),
    )  # fmt: skip
    same = same.join(firsts, on=key, how="left")
    return same.filter(pl.col("region").fill_null(UNSET_GROUP) != pl.col("_g"))


def check_units(
    frame: pl.DataFrame,
    uses: list[ColumnUse],
    title_unit: str,
    cells: pl.DataFrame | None = None,
    offset: int = 0,
) -> list[Finding]:
    """Warn when a money column's magnitudes do not fit its unit (元 or 亿元 typed in 万元).

    ``cells`` (the sheet's text rows: ``_row``, ``c<j>`` for column ``offset + j``) spares
    a cell that states its own unit (``5000元``, read as 0.5 万元): it is not mistyped.
    """
    out: list[Finding] = []
    checked = [u for u in uses if u.field in ("annual_plan", "completed_ytd", "total_investment")]
    if not checked:
        return out
    # Count, median and max of the positive values of every column, in one query.
    stats = frame.select(
        expr
        for i, use in enumerate(checked)
        for expr in (
            pl.col(use.field).filter(pl.col(use.field) > 0).count().alias(f"n{i}"),
            pl.col(use.field).filter(pl.col(use.field) > 0).median().alias(f"m{i}"),
            pl.col(use.field).filter(pl.col(use.field) > 0).max().alias(f"x{i}"),
        )
    ).row(0, named=True)
    for i, use in enumerate(checked):
        unit = use.unit or title_unit
        if stats[f"n{i}"] < 3:
            continue
        median = _number(stats[f"m{i}"]) / unit_factor(unit)  # back in the column unit
        hint = None
        if unit == "万元" and median > 500_000:
            hint = "元"
        elif unit == "万元" and median < 5 and _number(stats[f"x{i}"]) < 100:
            hint = "亿元"
        elif unit == "亿元" and median > 1_000:
            hint = "万元"
        if hint and use.unit and title_unit == hint and use.unit != title_unit:
            # 单位：亿元 above, （万元） in the header: the header wins, the figures side
            # with the unit row — say both, the user knows which one was typed last.
            out.append(
                Finding(use.sheet, use.header_row, use.column, "unit_suspect",
                        f"{use.header} 按表头的{unit}读取,但标题/单位行写明{title_unit},"
                        f"数值中位数 {_fmt(median)} 也像是{title_unit};请改正表头或单位行中"
                        "错误的一处")
            )  # fmt: skip
        elif hint:
            out.append(
                Finding(use.sheet, use.header_row, use.column, "unit_suspect",
                        f"{use.header} 按{unit}读取,但数值中位数为 {_fmt(median)},"
                        f"看起来像是以{hint}填报;请在表头注明单位,如 ({hint})")
            )  # fmt: skip
        elif unit in ("万元", "亿元"):
            out.extend(_odd_cells(frame, use, median, unit, _own_unit(cells, use, offset)))
    return out


def _own_unit(cells: pl.DataFrame | None, use: ColumnUse, offset: int) -> set[int]:
    """The rows whose cell in ``use``'s column states its own unit (50万元, 1.2亿, 5000元)."""
    column = f"c{use.column - offset}"
    if cells is None or column not in cells.columns:
        return set()
    typed = cells.filter(pl.col(column).str.contains(r"(?:亿|万|元)\s*$"))
    return set(typed["_row"].to_list())


# One project typed in 元 in a 万元 column: a value this many times the column's median
# and beyond what one project plausibly reaches (万元: 100亿 a year, 1000亿 in all).
YUAN_RATIO = 1_000
PLAUSIBLE = {"annual_plan": 1e6, "completed_ytd": 1e6, "total_investment": 1e7}


def _odd_cells(
    frame: pl.DataFrame, use: ColumnUse, median: float, unit: str, spared: set[int]
) -> list[Finding]:
    """A finding at each cell that looks typed in another unit than its column's: in 元 in
    a 万元 column (a thousand times the median and beyond any one project), in 万元 in a
    亿元 column (a hundred times), or in 亿元 in a 万元 column (a thousandth of the median,
    under 10万元)."""
    factor = unit_factor(unit)
    shown = pl.col(use.field) / factor  # the cell as typed, in the column's unit
    # In a 亿元 column a 万元 figure is only ×10⁴ too big, and anything past 100亿 a year is
    # beyond one project: a hundred times the median is enough there.
    ratio = YUAN_RATIO if unit == "万元" else 100
    big = (shown >= ratio * median) & (pl.col(use.field) > PLAUSIBLE[use.field])
    small = (
        (shown > 0) & (shown * YUAN_RATIO <= median) & (pl.col(use.field) < 10)
        if unit == "万元"
        else pl.lit(False)
    )
    odd = frame.filter((pl.col("_sheet") == use.sheet) & (big | small))
    out = []
    for rec in odd.select("_row", "name", use.field).iter_rows(named=True):
        if rec["_row"] in spared:
            continue
        typed = rec[use.field] / factor
        if typed >= median:
            hint, meant = ("元", typed / 1e4) if unit == "万元" else ("万元", typed)
            times = f"的{typed / median:,.0f}倍"
        else:
            hint, meant, times = "亿元", typed * 1e4, f"的{median / typed:,.0f}分之一"
        out.append(Finding(use.sheet, rec["_row"], use.column, "unit_suspect",
                           f"{rec['name']}: {use.header} {_fmt(typed)}{unit}，是本列中位数"
                           f" {_fmt(median)} {times}，像是以{hint}填报"
                           f"（合 {_fmt(meant)} 万元）；请核实并改正"))  # fmt: skip
    return out


def _number(value: object) -> float:
    """A Polars scalar aggregate as a float (0.0 when empty)."""
    return float(value) if isinstance(value, int | float) else 0.0


def out_of_range_finding(path: Path, sheet: str, row: int, use: ColumnUse, text: str) -> Finding:
    """A money cell beyond any real amount (``1e309``, read as empty).

    In a required column (年度计划投资, 1-N月完成投资) the ledger cannot be used: no figure
    computed from it would be right, so this raises :class:`CellError` (exit 1).
    """
    message = f"数值超出范围，不是可信的金额：{text!r}"
    if use.field in REQUIRED_FIELDS:
        raise CellError(path, message + "；请改正该单元格", sheet=sheet, row=row,
                        column=use.column, header=use.header)  # fmt: skip
    return Finding(sheet, row, use.column, "number_out_of_range",
                   f"{use.header} {message}，按空值处理")  # fmt: skip
