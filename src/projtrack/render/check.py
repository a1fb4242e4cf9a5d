"""Rendering of ``projtrack check``: what was read, then the findings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from projtrack.render.punctuation import mixed_width
from projtrack.vocab import FIELD_LABELS

if TYPE_CHECKING:
    from rich.console import Console

    from projtrack.jobs.check import CheckReport

UNIT_SOURCES = {"title": "标题/单位行", "note": "表下注释", "default": "未注明，按万元",
                "columns": "各金额列表头注明"}  # fmt: skip


def render_check(report: CheckReport, console: Console) -> None:
    """Print the layout of every sheet, the columns used, the as-of date and the findings."""
    from rich import box
    from rich.table import Table

    ledger = report.ledger
    console.print(f"文件 File: {ledger.path.name} — {ledger.projects.height} 个项目")
    if report.as_of is not None:
        a = report.as_of
        console.print(f"截止日期 As-of: {a.date.isoformat()}（{a.label}）← {a.source}")
    else:
        console.print("截止日期 As-of: 无法确定（见下方提示）")
    shown_signature: list[tuple[int, str, str, str | None, int]] | None = None
    shown_sheet = ""
    for sheet in ledger.sheets:
        if not sheet.used:
            console.print(f"\n工作表 [{sheet.name}]：跳过 skipped — {sheet.reason}")
            continue
        first, last = sheet.header_rows or (0, 0)
        rows = f"第{first}行" if first == last else f"第{first}-{last}行"
        unit = sheet.unit or ("见各列" if sheet.unit_source == "columns" else "万元")
        unit_src = UNIT_SOURCES.get(sheet.unit_source, sheet.unit_source)
        head = f"\n工作表 [{sheet.name}]：{sheet.projects} 个项目；表头 {rows}"
        console.print(f"{head}；金额单位 {unit}（{unit_src}）")
        for line in sheet.title_lines:
            console.print(f"  标题：{line}")
        if sheet.sections:
            console.print("  分类行：" + "、".join(sheet.sections))
        if sheet.total_rows:
            console.print("  合计/小计行：" + "、".join(f"第{r}行" for r in sheet.total_rows))
        # Sheets of one workbook usually share a header: show its columns once.
        signature = [(c.column, c.header, c.field, c.unit, c.header_row) for c in sheet.columns]
        if signature == shown_signature:
            console.print(f"  列：与工作表 [{shown_sheet}] 相同（same columns as {shown_sheet}）")
            continue
        shown_signature, shown_sheet = signature, sheet.name
        table = Table(box=box.SIMPLE, show_edge=False, pad_edge=False)
        for title in ("单元格", "表头", "字段", "单位"):
            table.add_column(title)
        for col in sheet.columns:
            label = f"{col.field} {FIELD_LABELS[col.field]}"
            table.add_row(col.where, col.header, label, col.unit or "")
        console.print(table)
    render_reconciliation(report, console)
    if not report.findings:
        console.print("\n未发现问题 No findings.")
        return
    console.print()
    table = Table(title="提示 Findings", box=box.SIMPLE, show_edge=False, title_justify="left")
    for title in ("位置", "级别", "代码", "说明"):
        table.add_column(title, overflow="fold")
    for f in report.findings:
        level = "错误" if f.severity == "error" else "提示"
        table.add_row(f.where or ledger.path.name, level, f.code, mixed_width(f.message))
    console.print(table)
    console.print(
        f"共 {len(report.errors)} 个错误，{len(report.findings) - len(report.errors)} 条提示。"
    )


def reconciliation_line(report: CheckReport) -> str:
    """``对账 Reconciled: 5/5 合计行一致，3/3 个数一致，…`` (only the kinds the ledger states)."""
    rec = report.ledger.reconciliation
    parts = [f"{t.agreed}/{t.checked} {label}一致"
             for t, label in ((rec.totals, "合计行"), (rec.counts, "个数"),
                              (rec.summary, "汇总行"), (rec.rates, "完成率"))
             if t.checked]  # fmt: skip
    if rec.unchecked:
        parts.append(f"{len(rec.unchecked)} 个其中行未能核对（" + "、".join(rec.unchecked) + "）")
    if not parts:
        return "对账 Reconciled: 台账未列出可核对的合计、个数、汇总或完成率"
    return "对账 Reconciled: " + "，".join(parts)


def render_reconciliation(report: CheckReport, console: Console) -> None:
    """The reconciliation line, then each mismatch with its cell."""
    console.print("\n" + reconciliation_line(report), markup=False, highlight=False)
    for f in report.ledger.reconciliation.mismatches:
        console.print(f"  ✗ {f.where}：{mixed_width(f.message)}", markup=False, highlight=False)
