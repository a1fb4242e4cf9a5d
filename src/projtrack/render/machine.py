"""JSON and CSV output: stable, unrounded, deterministic."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from projtrack.render.cells import safe_text
from projtrack.render.punctuation import message_punctuation

if TYPE_CHECKING:
    from projtrack.jobs.ranked import RankReport


# The keys whose text is projtrack's own prose (a finding's message, the list rule, the
# warning rules): printed in the configured punctuation like every other Chinese text
# (SPEC §4). Values the ledger gave (names, groups, 存在问题) and the group ``(未填写)``
# that scripts match on are data, kept as they are.
PROSE_KEYS = frozenset({"message", "rule", "rules"})


def to_json(data: Any, punctuation: str = "full") -> str:
    """Pretty, key-order-preserving JSON with CJK kept readable; ends with a newline.

    A Polars frame among the values (``report.to_json(frames=True)``) is written as the
    list of its rows' objects, exactly as ``json.dumps(frame.to_dicts(), indent=2)``
    writes them, but column by column: for 100,000 warned projects, about 0.15 s instead
    of 1 s for building the dicts and encoding them one value at a time. Everything else
    is ``json.dumps``' own text.
    """
    return "".join(json_parts(data, punctuation))


ROWS = 5000  # a frame's rows turned into text at a time


def json_parts(data: Any, punctuation: str = "full") -> Iterator[str]:
    """The text of :func:`to_json` in pieces, a frame's rows :data:`ROWS` at a time.

    The caller writes each piece out before the next is made, so the text of 100,000
    warned projects (about 50 MB of JSON, twice that as Python text) never exists whole:
    ``warn --format json`` peaks about 100 MB lower than with the whole text at once.
    """
    yield from _encode(_prose(data, punctuation), "")
    yield "\n"


def _said(value: Any) -> Any:
    """A prose value punctuated: a text, or each text of a list (warn's ``rules``)."""
    if isinstance(value, str):
        return message_punctuation(value)
    if isinstance(value, list):
        return [message_punctuation(v) if isinstance(v, str) else v for v in value]
    return value


def _prose(value: Any, punctuation: str) -> Any:
    """``value`` with the text under :data:`PROSE_KEYS` punctuated; frames are data."""
    if punctuation != "full":
        return value
    if isinstance(value, dict):
        return {
            k: _said(v) if k in PROSE_KEYS else _prose(v, punctuation)
            for k, v in value.items()
        }  # fmt: skip
    if isinstance(value, list):
        return [_prose(v, punctuation) for v in value]
    return value


def _encode(value: Any, indent: str) -> Iterator[str]:
    """``value`` as ``json.dumps(indent=2)`` writes it ``indent`` deep, in pieces."""
    pl = sys.modules.get("polars")  # not imported: no frame to write (history, init)
    if pl is not None and isinstance(value, pl.DataFrame):
        yield from _records(value, indent)
        return
    if pl is not None and isinstance(value, dict) and value:
        if all(type(k) is str for k in value) and any(
            isinstance(v, (dict, pl.DataFrame)) for v in value.values()
        ):
            inner = indent + "  "
            yield "{"
            for i, (key, item) in enumerate(value.items()):
                yield f"{',' if i else ''}\n{inner}{_string(key)}: "
                yield from _encode(item, inner)
            yield f"\n{indent}}}"
            return
    # JSON text has no raw line breaks inside strings: every break is the layout's.
    yield json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


# What json.dumps escapes in a string when ensure_ascii is off: quote, backslash, controls.
_NEEDS_ESCAPE = r'["\\\x00-\x1f]'


def _records(frame: Any, indent: str) -> Iterator[str]:
    """A frame as the JSON list of its rows' objects, ``indent`` deep, :data:`ROWS` at a time."""
    import polars as pl

    flat = all(
        t in (pl.String, pl.Boolean, pl.Null) or t.is_integer() or t.is_float()
        for t in frame.dtypes
    )
    if frame.height == 0 or frame.width == 0 or not flat:  # json.dumps lays these out
        yield from _encode(frame.to_dicts(), indent)
        return
    inner, field = indent + "  ", indent + "    "
    for start in range(0, frame.height, ROWS):
        part = frame.slice(start, ROWS)
        # Each row's text starts with what separates it from the row before: "[" before
        # the first of the frame, "," before the others.
        first = pl.lit("[") if start == 0 else pl.lit(",")
        lead = pl.when(pl.int_range(pl.len()) == 0).then(first).otherwise(pl.lit(","))
        columns = [lead, pl.lit(f"\n{inner}")]
        for i, name in enumerate(part.columns):
            head = ("{\n" if i == 0 else ",\n") + f"{field}{_string(name)}: "
            columns.extend([pl.lit(head), _column(part.get_column(name))])
        rows = part.select(pl.concat_str([*columns, pl.lit(f"\n{inner}}}")]).alias("row"))
        yield "".join(rows.get_column("row").to_list())
    yield f"\n{indent}]"


def _column(series: Any) -> Any:
    """The JSON text of each value of a flat column (null as ``null``), as an expression."""
    import polars as pl

    values = pl.col(series.name)
    if series.dtype == pl.String and not series.str.contains(_NEEDS_ESCAPE).any():
        return pl.concat_str([pl.lit('"'), values, pl.lit('"')]).fill_null("null")
    if series.dtype.is_integer():
        return values.cast(pl.String).fill_null("null")
    if series.dtype == pl.Null:
        return pl.lit("null")
    if series.dtype == pl.Boolean:
        return pl.when(values).then(pl.lit("true")).when(~values).then(pl.lit("false")) \
            .otherwise(pl.lit("null"))  # fmt: skip
    # Floats (Python's shortest repr; NaN, Infinity) and strings with a character to
    # escape: json.dumps' own text of each value.
    dump = json.dumps
    texts = [
        "null" if v is None else repr(v) if type(v) is float and v - v == 0 else dump(v,
        ensure_ascii=False) for v in series.to_list()
    ]  # fmt: skip
    return pl.lit(pl.Series(texts, dtype=pl.String))


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
