"""JSON and CSV output: stable, unrounded, deterministic."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..rank import RankReport

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def to_json(data: Any) -> str:
    """Pretty, key-order-preserving JSON with CJK kept readable; ends with a newline."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def safe_text(value: Any) -> Any:
    """A text cell that Excel would take for a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def rank_csv(report: RankReport) -> str:
    """The ranking as CSV for Excel: Chinese headers, unrounded numbers, a 合计 row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["排名", report.group_label, "项目数", "年度计划投资(万元)",
                     "累计完成投资(万元)", "完成率", "较时序进度(百分点)", "榜单"])  # fmt: skip
    labels = {"red": "红榜", "black": "黑榜", None: ""}
    for rec in report.rows.iter_rows(named=True):
        writer.writerow([
            "" if rec["rank"] is None else rec["rank"], safe_text(rec["group"]), rec["projects"],
            _num(rec["annual_plan"]), _num(rec["completed_ytd"]), _num(rec["completion_rate"]),
            _num(rec["variance_pp"]), labels[rec["list"]],
        ])  # fmt: skip
    t = report.total
    writer.writerow(["", "合计", t["projects"], _num(t["annual_plan"]), _num(t["completed_ytd"]),
                     _num(t["completion_rate"]), _num(t["variance_pp"]), ""])  # fmt: skip
    return out.getvalue()


def _num(value: float | None) -> str:
    return "" if value is None else repr(float(value))
