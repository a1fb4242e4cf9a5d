"""JSON and CSV output: stable, unrounded, deterministic."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Any

from projtrack.render.cells import safe_text

if TYPE_CHECKING:
    from projtrack.jobs.ranked import RankReport


def to_json(data: Any) -> str:
    """Pretty, key-order-preserving JSON with CJK kept readable; ends with a newline."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# Optional ranking columns (present with sequences, composite scores, the plan convention
# or an earlier stored period): JSON key → CSV header, in the order they are written.
OPTIONAL_CSV = {
    "sequence": "序列", "score": "综合得分", "time_progress": "时序进度",
    "prev_rank": "上期排名", "rank_change": "排名变化", "rate_change_pp": "完成率较上期(百分点)",
}  # fmt: skip


def rank_csv(report: RankReport) -> str:
    """The ranking as CSV for Excel: Chinese headers, unrounded numbers, a 合计 row.

    Optional columns (see :data:`OPTIONAL_CSV`) come before 榜单 when the ranking has them.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    extra = [k for k in OPTIONAL_CSV if k in report.rows.columns]
    writer.writerow(["排名", report.group_label, "项目数", "年度计划投资(万元)",
                     "累计完成投资(万元)", "完成率", "较时序进度(百分点)",
                     *(OPTIONAL_CSV[k] for k in extra), "榜单"])  # fmt: skip
    labels = {"red": "红榜", "black": "黑榜", None: ""}
    for rec in report.rows.iter_rows(named=True):
        writer.writerow([
            "" if rec["rank"] is None else rec["rank"], safe_text(rec["group"]), rec["projects"],
            _num(rec["annual_plan"]), _num(rec["completed_ytd"]), _num(rec["completion_rate"]),
            _num(rec["variance_pp"]), *(_cell(rec[k]) for k in extra), labels[rec["list"]],
        ])  # fmt: skip
    t = report.total
    writer.writerow(["", "合计", t["projects"], _num(t["annual_plan"]), _num(t["completed_ytd"]),
                     _num(t["completion_rate"]), _num(t["variance_pp"]),
                     *(_cell(t.get(k)) for k in extra), ""])  # fmt: skip
    return out.getvalue()


def _cell(value: Any) -> Any:
    """A CSV cell: numbers unrounded, text guarded against formulas, None empty."""
    if value is None:
        return ""
    if isinstance(value, float):
        return _num(value)
    return safe_text(value)


def _num(value: float | None) -> str:
    return "" if value is None else repr(float(value))
