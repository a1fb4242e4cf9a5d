"""One group, one name: a county or unit written several ways in one ledger.

Rows are typed by different people: 旌阳区 beside 旌阳 区 (a space typed inside),
广汉　市 (a full-width space), 羅江區 (traditional), 高新区（旌阳） beside 高新区(旌阳), the
short form 旌阳 beside 旌阳区, and 德阳市旌阳区 beside 旌阳区. Grouped as written, each
spelling is a group of its own: the county's figures are split and a briefing can name
one county on both the 红榜 and the 黑榜. So the labels of the grouping columns are
merged here, on the distinct values only (a ledger holds a few dozen):

- the same text once spaces, widths and traditional forms are set aside is one label,
  written as its most common spelling (a simplified one without spaces, with full-width
  brackets, first), silently;
- for 县(市、区) also a short form (旌阳) where exactly one label is it with a place
  suffix (旌阳区), and a label with its city or province before it (德阳市旌阳区) where
  exactly one label is what follows: those are merged with a ``label_merged`` note, since
  they are an inference.
"""

from __future__ import annotations

import re

import polars as pl

from projtrack.errors import Finding
from projtrack.text import normalize_text, t2s
from projtrack.vocab import FIELD_LABELS

MERGED_FIELDS = ("region", "responsible", "owner", "leader", "category")
_SUFFIX = re.compile(r"(?:自治县|自治州|新区|开发区|县|区|市|旗|州|盟|镇|乡|街道)$")
_PREFIX = re.compile(r"^.{1,6}?(?:省|自治区|市|州|盟|地区)")


def merge_spellings(projects: pl.DataFrame) -> tuple[pl.DataFrame, list[Finding]]:
    """``projects`` with each grouping column's spellings merged, and the notes."""
    findings: list[Finding] = []
    exprs = []
    for name in MERGED_FIELDS:
        if name not in projects.columns or projects[name].null_count() == projects.height:
            continue
        counts = projects[name].drop_nulls().value_counts(sort=True)
        spelled: dict[str, int] = dict(
            zip(counts[name].to_list(), counts["count"].to_list(), strict=True)
        )
        mapping = _same_text(spelled)
        if name == "region":
            inferred = _short_and_prefixed(set(mapping.values()))
            for written, label in inferred.items():
                findings.append(_note(name, written, label))
            mapping = {v: inferred.get(mapping[v], mapping[v]) for v in spelled}
        mapping = {k: v for k, v in mapping.items() if k != v}
        if mapping:
            exprs.append(pl.col(name).replace(mapping))
    return (projects.with_columns(exprs) if exprs else projects), findings


def _same_text(spelled: dict[str, int]) -> dict[str, str]:
    """Each spelling → the label of its key (no spaces, half-width, simplified)."""
    groups: dict[str, list[str]] = {}
    for value in spelled:
        groups.setdefault(normalize_text(value), []).append(value)
    out: dict[str, str] = {}
    for values in groups.values():
        plain = [v for v in values if not re.search(r"\s", v) and t2s().convert(v) == v]
        # 高新区（旌阳） before 高新区(旌阳): the official style's brackets, then the commonest
        best = max(plain or values, key=lambda v: (not re.search(r"[()]", v), spelled[v]))
        out.update({v: best for v in values})
    return out


def _short_and_prefixed(labels: set[str]) -> dict[str, str]:
    """旌阳 → 旌阳区 and 德阳市旌阳区 → 旌阳区 where exactly one label fits."""
    out: dict[str, str] = {}
    full = [v for v in labels if _SUFFIX.search(normalize_text(v))]
    for value in labels:
        key = normalize_text(value)
        if not _SUFFIX.search(key) and len(key) >= 2:
            longer = [v for v in full if normalize_text(v)[: len(key)] == key
                      and _SUFFIX.fullmatch(normalize_text(v)[len(key):])]  # fmt: skip
            if len(longer) == 1:
                out[value] = longer[0]
                continue
        prefix = _PREFIX.match(key)
        if prefix and len(key) > prefix.end() + 1:
            rest = key[prefix.end() :]
            shorter = [v for v in full if v != value and normalize_text(v) == rest]
            if len(shorter) == 1:
                out[value] = shorter[0]
    return out


def _note(field: str, written: str, label: str) -> Finding:
    return Finding(
        None, None, None, "label_merged",
        f"{FIELD_LABELS[field]}“{written}”按“{label}”计（同一地方的简写或带上级名称的写法）；"
        "如并非同一地方，请在 projtrack.toml 的 [aliases] 中区分",
        "info",
    )  # fmt: skip
