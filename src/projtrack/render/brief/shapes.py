"""The typed shape of a briefing's template context (what ``brief.md.j2`` receives).

Every value is display text, already punctuated; Markdown, Word, Excel and HTML print
these strings as they are, so the formats say the same thing character for character.
"""

from __future__ import annotations

from typing import TypedDict


class Masthead(TypedDict):
    """版头: 重点项目建设简报 / 第×期 / ××发展和改革局编   2024年4月×日."""

    name: str
    issue: str
    issuer: str
    date: str


class Table(TypedDict):
    """A titled table: its unit line (单位：万元、%), headers and display rows."""

    title: str
    unit: str
    headers: list[str]
    rows: list[list[str]]


class ProjectsSection(Table):
    """A project list cut at its length; ``more`` says how many tied projects were left out."""

    more: str


class RankingSection(Table):
    """The ranking with its sentences; ``row_lists`` is red/black/None per row (+ 合计).

    ``aligns`` is the Markdown alignment row, from each column's kind.
    """

    aligns: list[str]
    lists: str
    note: str
    rule: str
    row_lists: list[str | None]


class WarnCount(TypedDict):
    """A colour's count: ``{"colour": "red", "label": "红色预警", "count": "12"}``."""

    colour: str
    label: str
    count: str


class WarningsSection(Table):
    """红黄蓝预警: the counting sentence, the lead to the red table, the rules."""

    counts: list[WarnCount]
    sentence: str
    lead: str
    more: str
    rules: str


class StartsSection(Table):
    """新开工项目: the start-rate sentence and the 应开未开 table."""

    sentence: str
    more: str


class ProblemItem(TypedDict):
    """``1．名称：问题。`` — number, then the item's text."""

    number: str
    text: str


class ProblemUnit(TypedDict):
    """A responsible unit's heading (``县住建局（3个）``) and its items."""

    heading: str
    items: list[ProblemItem]


class ProblemArea(TypedDict):
    """``（一）旌阳区`` — a 县(市、区) and its units; heading "" when the ledger has none."""

    heading: str
    units: list[ProblemUnit]


class SubTable(TypedDict):
    """One table of a section: its title ("" when the section has one table), unit line,
    headers, display rows, per-column alignment (``l``/``c``/``r``) and notes under it."""

    title: str
    unit: str
    headers: list[str]
    rows: list[list[str]]
    aligns: list[str]
    notes: list[str]


class Section(TypedDict):
    """A section built from tables: 十快十慢, 蜗牛项目, 包保领导 (``key`` says which)."""

    key: str
    title: str
    lead: str
    tables: list[SubTable]
    notes: list[str]


class BriefContext(TypedDict):
    """Everything a briefing template needs (see ``templates/brief.md.j2``)."""

    masthead: Masthead
    title: str
    as_of: str
    source_line: str
    source: str
    headline: str
    levels: str
    changes: str
    summary: str
    ranking: RankingSection
    warnings: WarningsSection
    behind: ProjectsSection | None
    largest: ProjectsSection | None
    starts: StartsSection | None
    fast_slow: Section | None  # in place of ``behind`` when present
    supervision: list[Section]  # 蜗牛项目, 包保领导 (those the data allow)
    anomalies: list[str]
    problems: list[ProblemArea]
    problem_count: int
    problems_title: str
    problems_intro: str
    problems_more: str
    colophon: list[str]
