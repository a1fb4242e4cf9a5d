"""One group, one name: a county or unit written several ways in one ledger.

Rows are typed by different people: 旌阳区 beside 旌阳 区 (a space typed inside),
广汉　市 (a full-width space), 羅江區 (traditional), 高新区（旌阳） beside 高新区(旌阳), the
short form 旌阳 beside 旌阳区, and 德阳市旌阳区 beside 旌阳区. Grouped as written, each
spelling is a group of its own: the county's figures are split and a briefing can name
one county on both the 红榜 and the 黑榜. So the labels of the grouping columns are
merged here, on the distinct values only (a ledger holds a few dozen):

- the same text once spaces, widths and traditional forms are set aside is one label,
  written as its most common spelling (a simplified one without spaces, with full-width
  brackets, first), silently; a name written only in traditional characters (羅江區) is
  written in simplified ones (罗江区), as every sentence around it is;
- for 县(市、区) also a short form (旌阳) where exactly one county is it with a place
  suffix (旌阳区), and a label with its city or province before it (德阳市旌阳区,
  四川省德阳市旌阳区, 德阳广汉市 where 德阳 is written as a city elsewhere) where a label is
  what follows: those are merged with a ``label_merged`` note, since they are an
  inference, each into the last label of its chain of merges.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import polars as pl

from projtrack.errors import Finding
from projtrack.text import normalize_text, t2s
from projtrack.vocab import FIELD_LABELS

MERGED_FIELDS = ("region", "responsible", "owner", "leader", "category")
_SUFFIX = re.compile(r"(?:自治县|自治州|新区|开发区|县|区|市|旗|州|盟|镇|乡|街道)$")


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
        mapping, inferred = label_map(name, spelled)
        findings.extend(_note(name, written, label) for written, label in inferred.items())
        mapping = {k: v for k, v in mapping.items() if k != v}
        if mapping:
            exprs.append(pl.col(name).replace(mapping))
    return (projects.with_columns(exprs) if exprs else projects), findings


def label_map(field: str, spelled: dict[str, int]) -> tuple[dict[str, str], dict[str, str]]:
    """Each spelling of a column's values (with how often it is written) → its group's
    label, and the merges that are an inference (noted). Also used where sheets are
    compared before the labels are merged (:mod:`projtrack.read.overlaps`), so that a
    project is the same in both whichever spelling each sheet uses."""
    mapping = _same_text(spelled)
    if field != "region":
        return mapping, {}
    inferred = _short_and_prefixed(list(dict.fromkeys(mapping.values())))
    return {v: inferred.get(mapping[v], mapping[v]) for v in spelled}, inferred


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
        if not plain:  # 羅江區 alone: written 罗江区, as the title and every sentence are
            best = t2s().convert(best)
        out.update({v: best for v in values})
    return out


def _short_and_prefixed(labels: list[str]) -> dict[str, str]:
    """旌阳 → 旌阳区, 德阳市旌阳区 → 旌阳区, 四川省德阳市旌阳区 → 旌阳区 where exactly one
    county fits, each to the final label (a merge into a label merged in turn is followed:
    四川省德阳市旌阳区 → 德阳市旌阳区 → 旌阳区 left a 德阳市旌阳区 group). A short form
    beside the county written only with its city (旌阳, 德阳市旌阳区) is the county's own
    name, 旌阳区, the name every other spelling of it comes to. ``labels`` in the order
    the notes are to be in (the commonest first)."""
    keys = {v: normalize_text(v) for v in labels}
    label_of = {k: v for v, k in keys.items()}
    full = [v for v in labels if _SUFFIX.search(keys[v])]
    stems = _city_stems(keys[v] for v in full)
    rests = {v: r for v in full if (r := _rests(keys[v], stems))}
    counties = {keys[v] for v in full} | {r[-1] for r in rests.values()}
    out: dict[str, str] = {}
    for value, found in rests.items():  # the county after its city: the first label of it
        shorter = next((label_of[r] for r in found if r in label_of and label_of[r] != value), None)
        if shorter is not None:
            out[value] = shorter
    for value in (v for v in labels if v not in full):  # a short form: its one county
        key = keys[value]
        fits = {c for c in counties if len(key) >= 2 and c[: len(key)] == key
                and _SUFFIX.fullmatch(c[len(key) :])}  # fmt: skip
        if len(fits) != 1:
            continue
        county = fits.pop()
        out[value] = label_of.get(county, county)
        if county not in label_of:  # only written with its city: named as the county
            out.update({v: county for v, r in rests.items() if r[-1] == county and v not in out})
    return {v: _final(v, out) for v in labels if v in out}


def _final(value: str, merged: dict[str, str]) -> str:
    """The label a chain of merges ends at."""
    seen = {value}
    while merged.get(value, value) not in seen:
        value = merged[value]
        seen.add(value)
    return value


_CITY_END = re.compile(r"自治区|地区|省|市|州|盟")


def _rests(key: str, stems: set[str]) -> list[str]:
    """The counties a label may be with its province or city before it, outermost
    first: 四川省德阳市旌阳区 → 德阳市旌阳区, 旌阳区; 德阳广汉市 → 广汉市 when 德阳 is a
    city another label writes with its 市 (德阳市旌阳区)."""
    ends = {m.end() for m in _CITY_END.finditer(key) if 1 <= m.start() and m.end() <= 13}
    ends |= {len(stem) for stem in stems if key.startswith(stem)}
    return [key[e:] for e in sorted(ends) if _is_county(key[e:])]


def _is_county(text: str) -> bool:
    """A name and a place suffix (旌阳区), not a suffix alone (区, 新区)."""
    return len(text) >= 2 and bool(_SUFFIX.search(text)) and not _SUFFIX.fullmatch(text)


def _city_stems(keys: Iterable[str]) -> set[str]:
    """The cities and provinces labels write before a county, without their 市/省:
    德阳 from 德阳市旌阳区, 四川 and 德阳 from 四川省德阳市旌阳区."""
    stems: set[str] = set()
    for key in keys:
        start = 0
        for m in _CITY_END.finditer(key):
            if not _is_county(key[m.end() :]):
                break
            if m.start() - start >= 2:
                stems.add(key[start : m.start()])
            start = m.end()
    return stems


def _note(field: str, written: str, label: str) -> Finding:
    return Finding(
        None, None, None, "label_merged",
        f"{FIELD_LABELS[field]}“{written}”按“{label}”计（同一地方的简写或带上级名称的写法）；"
        "如并非同一地方，请在 projtrack.toml 的 [aliases] 中区分",
        "info",
    )  # fmt: skip
