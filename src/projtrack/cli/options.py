"""Options shared by several commands, defined once (typer ``Annotated`` aliases)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from projtrack.period import PeriodArgs

if TYPE_CHECKING:
    from projtrack.config import Config
from projtrack.vocab import Convention, GroupBy


class TableFormat(StrEnum):
    """Output formats of tabular commands."""

    table = "table"
    md = "md"
    csv = "csv"
    json = "json"


class ReportFormat(StrEnum):
    """Output formats of the commands that also write a Word document."""

    table = "table"
    md = "md"
    csv = "csv"
    json = "json"
    docx = "docx"


def start_parsing(value: Path | None) -> Path | None:
    """Start parsing an Excel ledger now, while the command imports its libraries.

    A typer callback, so that every command that takes a ledger gets the head start
    (see :mod:`projtrack.workbook`); the read itself reports any problem.
    """
    if value is not None:
        from projtrack.read.workbook import prefetch

        prefetch(value)
    return value


LedgerArg = Annotated[
    Path,
    typer.Argument(
        exists=True, dir_okay=False, readable=True, callback=start_parsing, metavar="LEDGER",
        help="台账文件 Ledger file (.xlsx .xlsm .xls .ods .csv, or an HTML-table .xls).",
    ),
]  # fmt: skip
By = Annotated[
    GroupBy | None,
    typer.Option(
        "--by",
        metavar="FIELD",
        help="分组 Group by region, level, responsible, leader (包保领导), category or stage "
        "(default: region, else responsible, else level).",
    ),
]
Top = Annotated[
    int | None,
    typer.Option(
        "--top", min=1, metavar="N", help="红黑榜名额 N for the red/black lists (default 3)."
    ),
]
Format = Annotated[
    TableFormat | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="输出格式 table, md, csv or json (default: from the -o suffix, else table).",
    ),
]
ReportFormatOpt = Annotated[
    ReportFormat | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="输出格式 table, md, csv, json or docx (default: from the -o suffix, else table).",
    ),
]
Output = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        dir_okay=False,
        metavar="FILE",
        help="写入文件 Write to this file (atomically); the format follows its suffix.",
    ),
]
AsOfOpt = Annotated[
    datetime | None,
    typer.Option(
        "--as-of", formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", help="截止日期 As-of date."
    ),
]
Year = Annotated[
    int | None, typer.Option("--year", min=1990, max=2100, metavar="YYYY", help="年份 Year.")
]
Month = Annotated[
    int | None,
    typer.Option("--month", min=1, max=12, metavar="1-12", help="截至月份 As-of month."),
]
Quarter = Annotated[
    str | None,
    typer.Option("--quarter", metavar="Q1-Q4", help="季度 Quarter: Q1 一季度 … Q4 全年."),
]
ConventionOpt = Annotated[
    Convention | None,
    typer.Option(
        "--convention",
        metavar="NAME",
        help="时序进度 Time progress: month (M/12, default), day, or plan (1-N月计划投资).",
    ),
]
IncludeHidden = Annotated[
    bool,
    typer.Option(
        "--include-hidden", help="读取隐藏工作表 Read hidden sheets too (default: skipped)."
    ),
]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="列出全部提示 List every warning.")]
ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config",
        dir_okay=False,
        metavar="FILE",
        help="配置文件 projtrack.toml (default: ./projtrack.toml).",
    ),
]
StatsOpt = Annotated[
    Path | None,
    typer.Option(
        "--stats",
        exists=True,
        dir_okay=False,
        readable=True,
        metavar="STATS",
        help="统计入库清单 The statistics list 入统 goes by (default: [rutong] stats).",
    ),
]
StoreOpt = Annotated[
    Path | None,
    typer.Option(
        "--store",
        file_okay=False,
        metavar="DIR",
        help="快照库 Snapshot store folder (default: ./projtrack-data).",
    ),
]


def period(
    as_of: datetime | None, year: int | None, month: int | None, quarter: str | None
) -> PeriodArgs:
    """The as-of options as the keyword arguments every library job takes."""
    return {
        "as_of": as_of.date() if as_of else None,
        "year": year,
        "month": month,
        "quarter": quarter,
    }


def load_config(path: Path | None, include_hidden: bool = False) -> Config:
    """The configuration, with ``--include-hidden`` over ``[reading] include_hidden``."""
    from dataclasses import replace

    from projtrack.config import Reading
    from projtrack.config import load_config as load

    cfg = load(path)
    return replace(cfg, reading=Reading(include_hidden=True)) if include_hidden else cfg
