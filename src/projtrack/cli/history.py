"""``projtrack ingest``, ``history`` and ``trend``: the snapshot store from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from projtrack.cli import options as o
from projtrack.cli.console import say
from projtrack.cli.errors import report_warnings
from projtrack.cli.output import emit_views


def ingest(
    ledger: o.LedgerArg,
    period: Annotated[
        str | None,
        typer.Option(
            "--period", metavar="YYYY-MM", help="期间 Period (default: the ledger's as-of)."
        ),
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="替换 Replace a stored period (the old one is kept).")
    ] = False,
    as_of: o.AsOfOpt = None,
    year: o.Year = None,
    month: o.Month = None,
    quarter: o.Quarter = None,
    config: o.ConfigOpt = None,
    include_hidden: o.IncludeHidden = False,
    store: o.StoreOpt = None,
    verbose: o.Verbose = False,
) -> None:
    """入库 Store a ledger's projects as the snapshot of its period."""
    from projtrack.jobs.history import ingest as run_ingest
    from projtrack.jobs.stored import store_for

    cfg = o.load_config(config, include_hidden)
    the_store = store_for(cfg, store)
    result = run_ingest(
        ledger=ledger,
        store=the_store,
        period=period,
        replace=replace,
        **o.period(as_of, year, month, quarter),
        lock_timeout=cfg.store.lock_timeout,
        config=cfg,
    )
    s = result.snapshot
    words = {
        "stored": "已入库 Stored",
        "replaced": "已替换 Replaced",
        "unchanged": "未变化 Unchanged",
        "repaired": "已修复 Repaired",
    }
    say(f"{words[result.action]}: {s.period} ({result.as_of.label}, {s.rows} 个项目) "
        f"← {s.source} → {the_store.root / s.file}")  # fmt: skip
    for note in the_store.notes:
        say(f"隔离 Quarantined: {note}", err=True)
    if result.name_conflict is not None:  # said whatever -v: the period may be the wrong one
        say(f"注意 Note: {result.name_conflict}，两者不一致；已按数据入库为 {s.period} 期。"
            f"若数据确是别的月份，请改正表头后以 --replace 重新入库；若文件名有误，请改正文件名"
            f"（the file name states another period than its data）", err=True)  # fmt: skip
    report_warnings(result.warnings, verbose=verbose)


def history(
    fmt: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help="输出格式 table 或 json")
    ] = "table",
    verify: Annotated[
        bool, typer.Option("--verify", help="校验 Check every stored file against the manifest.")
    ] = False,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="重建 Rebuild manifest.json from the snapshots.")
    ] = False,
    config: o.ConfigOpt = None,
    store: o.StoreOpt = None,
) -> None:
    """历史 List the stored periods (period, as-of, projects, source file, SHA-256)."""
    from projtrack.config import load_config
    from projtrack.jobs.stored import store_for
    from projtrack.render.machine import to_json
    from projtrack.render.terminal import make_console
    from projtrack.render.views import View, to_terminal

    cfg = load_config(config)
    the_store = store_for(cfg, store)
    if verify and rebuild:
        raise typer.BadParameter("give --verify or --rebuild, not both", param_hint="--verify")
    if rebuild:
        for note in the_store.rebuild(timeout=cfg.store.lock_timeout):
            say(f"重建 Rebuilt: {note}", err=True)
    elif verify:
        _verify(the_store)
        return
    snapshots = the_store.snapshots()
    if fmt == "json":
        say(to_json([s.to_json() for s in snapshots]), nl=False)
        return
    if fmt != "table":
        raise typer.BadParameter("use table or json", param_hint="--format")
    view = View(
        title=f"快照库 {the_store.root}: {len(snapshots)} 个期间",
        headers=["期间", "截止日期", "标签", "项目数", "来源文件", "SHA-256", "入库时间"],
        rows=[
            [
                s.period,
                s.as_of.isoformat(),
                s.meta.get("label", ""),
                str(s.rows),
                s.source,
                s.sha256[:12],
                s.ingested_at,
            ]
            for s in snapshots
        ],
        numeric={3},
    )
    to_terminal([view], make_console())


def _verify(the_store: Any) -> None:
    """Check every stored file; exit 1 naming each damaged period and how to repair it."""
    from projtrack.store import StoreError

    results = the_store.verify()
    for snap, problem in results:
        state = "正常 OK" if problem is None else f"损坏 DAMAGED: {problem}"
        if problem is None and not snap.file_sha256:
            state += " (rows checked; the manifest has no file hash: stored by an older version)"
        say(f"{snap.period}  {snap.file}  {state}")
    named = {s.file for s, _ in results}
    unnamed = [p.relative_to(the_store.root).as_posix() for p in the_store.parquet_files()]
    unnamed = [f for f in unnamed if f not in named]
    for file in unnamed:  # a period the manifest lost (a backup put back, an edit)
        say(f"未登记 UNNAMED  {file}  not in manifest.json")
    bad = [(s, p) for s, p in results if p is not None]
    if bad or unnamed:
        raise StoreError("; ".join([
            *(f"period {s.period}: the stored file {the_store.root / s.file} {p}; "
              f"{s.repair_hint()}" for s, p in bad),
            *(f"{file} is not named in manifest.json (the next run that writes sets it aside "
              "in quarantine/); if it is a period the manifest lost, run projtrack history "
              "--rebuild" for file in unnamed),
        ]))  # fmt: skip
    say(f"校验通过 Verified: {len(results)} stored file(s) match {the_store.root}/manifest.json",
        err=True)  # fmt: skip


def trend(
    by: o.By = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="输出格式 table, md, csv, json 或 xlsx (default: from -o, else table)",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            dir_okay=False,
            metavar="FILE",
            help="写入文件 Write to this file; .xlsx is a workbook with a chart.",
        ),
    ] = None,
    convention: o.ConventionOpt = None,
    config: o.ConfigOpt = None,
    store: o.StoreOpt = None,
) -> None:
    """趋势 Completion rate and variance per stored period and group."""
    from projtrack.config import load_config
    from projtrack.errors import NothingToDo
    from projtrack.jobs.history import trend as run_trend
    from projtrack.jobs.stored import store_for
    from projtrack.render.trend import TrendReport, trend_long_view, trend_views, trend_xlsx

    if fmt not in (None, "table", "md", "csv", "json", "xlsx"):  # before the store is read
        raise typer.BadParameter("use table, md, csv, json or xlsx", param_hint="--format")
    cfg = load_config(config)
    the_store = store_for(cfg, store)
    frame, used_by = run_trend(
        store=the_store,
        by=by.value if by else None,
        convention=convention.value if convention else cfg.general.convention,
        config=cfg,
    )
    if frame.height == 0:
        raise NothingToDo(
            f"数据目录 {the_store.root} 中没有入库的期次，请先运行 projtrack ingest"
            "（no stored periods）"
        )
    report = TrendReport(frame, used_by or "total")
    # Without --format the suffix of -o decides, as everywhere (-o t.csv is CSV).
    to_workbook = output is not None and output.suffix.lower() == ".xlsx" and fmt is None
    if fmt == "xlsx" or to_workbook:  # -o 趋势.xlsx is a workbook, as for rank and brief
        from projtrack.outputs import write_atomic

        target = output or Path("趋势.xlsx")
        write_atomic(target, trend_xlsx(report))
        say(f"已写入 Wrote {target}", err=True)
        return
    emit_views(report, trend_views(report), o.TableFormat(fmt) if fmt else None, output,
               csv_view=trend_long_view(report), csv_bom=False,
               punctuation=cfg.general.punctuation)  # fmt: skip
