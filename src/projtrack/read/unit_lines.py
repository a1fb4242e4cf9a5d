"""The money unit a sheet states above or beside its header, for the whole table or per column.

Most sheets say one unit (``单位：万元`` in the title, a unit cell beside it). Some say
which columns are in which: ``单位：总投资为亿元，其余为万元`` — the project's total in 亿元,
the year's figures in 万元. Read as one unit, the first named, every amount came out 10⁴
times too large or too small (with only a warning that the figures looked odd). So a unit
statement naming several units is read clause by clause: a clause naming columns gives
them their unit, 其余/其他 gives the rest theirs; a statement naming several units without
saying which columns each is for (``单位：亿元、万元``) cannot be read, and the run stops
with the line and how to say it. A column's own header unit (``总投资（亿元）``) always wins.

A unit written into the header of a column that holds no money (``备注（金额单位：亿元）``,
the last header cell) is the table's unit too, where no title or unit cell states one.
"""

from __future__ import annotations

import re

from projtrack.read.fields import MONEY_UNIT, find_unit, strip_annotations
from projtrack.text import normalize_text

_MONEY = MONEY_UNIT
_ANY_MONEY = re.compile(_MONEY)
# One clause of a unit statement: 总投资为亿元, 其余均为万元, 亿元.
_CLAUSE = re.compile(rf"^(.*?)(?:均|都|统一)?(?:为|是|:|用|按|以)?({_MONEY})(?:计|为单位)?$")
# Words of a clause that mean the whole table or the rest of it.
_REST = re.compile(
    r"^(?:其余|其他|其它|余下|剩余|其余各?列|其他各?列|本表|全表|表中|金额|资金|人民币|投资额?"
    r"|数据|计量|全部|所有|均|都|统一|一律)*$"
)
_SEPARATORS = r"[,;、。/()\[\]]"
# A header that says the table's unit, not its own column's: 备注（金额单位：亿元）, 备注
# (单位：万元), 说明：计量单位万元 — never 中央资金（单位：亿元）, a column of its own.
_TABLE_UNIT_IN_HEADER = re.compile(
    rf"(?:金额|计量)单位[:]?({_MONEY})|^(?:备注|说明|注)[^单]*单位[:]?({_MONEY})"
)


def stated_units(
    titles: list[str], unit_cell: str | None, headers: list[tuple[str, str | None]]
) -> tuple[str | None, dict[int, str], str | None]:
    """The table's unit; the unit the statement gives each column (by position in
    ``headers``, each (header, field)); and the line that names several units without
    saying which columns, if any. The caller keeps a header's own unit over these."""
    for line in [*titles, *([unit_cell] if unit_cell else [])]:
        text = normalize_text(line)
        at = text.find("单位")
        several = at >= 0 and len(set(_ANY_MONEY.findall(text[at:]))) > 1
        per_column = _clauses(text[at + 2 :].lstrip(":")) if several else (None, {})
        if per_column == (None, {}):  # one unit, or a statement saying none by clauses
            if unit := find_unit(line):
                return unit, {}, None
            continue
        if per_column is None:
            return None, {}, line
        rest, named = per_column
        if not all(any(_names(w, h) for h, _ in headers) for w in named):
            return None, {}, line
        given = {k: u for k, (h, _) in enumerate(headers)
                 if (u := next((u for w, u in named.items() if _names(w, h)), None))}  # fmt: skip
        return rest, given, None
    for header, field in headers:  # 备注（金额单位：亿元）: a column without money says it
        if field not in ("annual_plan", "completed_ytd", "total_investment"):
            if found := _TABLE_UNIT_IN_HEADER.search(normalize_text(header)):
                return found[1] or found[2], {}, None
    return None, {}, None


def _clauses(statement: str) -> tuple[str | None, dict[str, str]] | None:
    """The unit of the rest (其余为万元) and of each named column (总投资为亿元), or None
    when a clause names a unit and no columns while another does too (亿元、万元)."""
    rest: str | None = None
    named: dict[str, str] = {}
    bare: set[str] = set()
    listed: list[str] = []  # 总投资、年度计划投资为亿元: names before the one with the unit
    for clause in re.split(_SEPARATORS, statement):
        if not (match := _CLAUSE.match(clause)):
            listed.append(clause)
            continue
        words, unit = match[1], match[2]
        if not words:
            bare.add(unit)
        elif _REST.match(words):
            rest = unit
        else:
            named |= dict.fromkeys([*filter(None, listed), words], unit)
        listed = []
    if len(bare) > 1 or (bare and named and rest is None and not _one(bare, named)):
        return None
    return rest or (bare.pop() if bare else None), named


def _one(bare: set[str], named: dict[str, str]) -> bool:
    """单位：万元；总投资：亿元 — one bare unit beside named ones is the rest's."""
    return len(bare) == 1 and bare.isdisjoint(named.values())


def _names(words: str, header: str) -> bool:
    """Whether a clause's words (总投资) name a column (总投资, 计划总投资（亿元）)."""
    core = strip_annotations(header)
    return bool(core) and (words in core or core in words)


def sheet_unit(
    table: str | None, titled: bool, money_units: list[str | None]
) -> tuple[str | None, str]:
    """The unit ``check`` states for a sheet and where it comes from: ``table`` (the
    title's or a note's unit, ``titled`` when the title's) — unless every money column
    states its own (a units row 亿元 | 亿元 under the header), then theirs (``columns``;
    no unit when they differ). Else the sheet said "万元, not stated" over columns read in
    亿元."""
    own = {u for u in money_units if u}
    if money_units and all(money_units) and own != {table}:
        return (own.pop() if len(own) == 1 else None), "columns"
    if not table:
        return None, "default"
    return table, "title" if titled else "note"
