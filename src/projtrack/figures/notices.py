"""督办单: what each responsible unit (or leader) is asked to act on, and by when.

A unit's notice lists its red projects (after the escalation ladder), its 应开未开 projects
(new starts due and not started) and its overdue open problems (see
:mod:`projtrack.figures.problems`). A unit with none of these gets no notice. Units are
ordered by red projects, then by everything listed, then by name. A notice goes to
someone: projects with no unit (or no leader) named are on none, and are counted.

Projects whose row has a finding (a 合计/小计 that does not add up, a plan of 0, a value that
looks like the wrong unit, …) are kept but flagged: a notice never names a project whose
figures did not reconcile without saying so.

The reply deadline counts working days Monday to Friday after the issue date; public
holidays and their make-up working days are not known.

A notice to a leader (``--per leader``) does not list, as a 督办措施, a 约谈 by the leader in
charge at the addressee's own level (the default ladder's 分管副市长约谈 and 分管市领导约谈, in
a notice to the 副市长 who is that 分管市领导): it would ask the addressee to be talked to,
or to talk, by themselves. Measures of another level (分管县领导约谈 in a notice to a 市级
leader) and those by the 主要领导 or of the project's own head (项目负责人约谈) are listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from projtrack.errors import Finding
from projtrack.figures.leaders import one_row_per_leader
from projtrack.figures.metrics import named
from projtrack.figures.problems import classify_problems
from projtrack.figures.starts import most_overdue_first, new_start_flags
from projtrack.vocab import UNSET_GROUP

FLAG_TEXT = "台账核对有提示"

# A 约谈 by (or of) a leader of a level: 分管副市长约谈, 分管市领导约谈, 县领导约谈,
# 约谈分管副县长. 主要领导 (the 书记, the 县长) stand above the leader in charge: not matched.
_LEVELS = "省市县区州旗盟"
_LEADER = (
    rf"(?:分管|包保|挂点|挂钩|挂联|联系|包联|包抓|牵头)?(?<!主要)(?P<level>[{_LEVELS}])?级?"
    rf"(?:(?<!主要)领导|副(?P<post>[{_LEVELS}])长)"
)
_LEADER_TALKS = (re.compile(f"{_LEADER}约谈"), re.compile(f"约谈{_LEADER}"))
_ADDRESSEE_LEVEL = re.compile(rf"([{_LEVELS}])级?(?:[\u4e00-\u9fff]{{0,4}})领导")


def addressee_level(label: str) -> str | None:
    """The level the leader column names (市级联系领导 → 市, 包保县领导 → 县), or None."""
    found = _ADDRESSEE_LEVEL.search(label)
    return found.group(1) if found else None


def own_measure(action: str | None, level: str | None) -> bool:
    """Whether a 督办措施 is a 约谈 by (or of) the leader in charge at ``level`` — the
    addressee of a leader's notice. An unknown level on either side counts as the same."""
    if not action:
        return False
    for talk in _LEADER_TALKS:
        for found in talk.finditer(action):
            said = found.group("level") or found.group("post")
            if level is None or said is None or said == level:
                return True
    return False


@dataclass(frozen=True)
class UnitItems:
    """One unit's red projects, 应开未开 projects and overdue problems."""

    unit: str
    red: pl.DataFrame
    not_started: pl.DataFrame
    problems: pl.DataFrame

    @property
    def flagged(self) -> int:
        """Projects whose row has a finding, each once: a project both red and 应开未开
        (or with two findings) is one project to check, as notices.md counts them."""
        keys: set[tuple[object, ...]] = set()
        for frame in (self.red, self.not_started, self.problems):
            key = [c for c in ("where", "name") if c in frame.columns]
            keys.update(frame.filter(pl.col("flag").is_not_null()).select(key).rows())
        return len(keys)


@dataclass(frozen=True)
class Unaddressed:
    """Projects with nobody named in the column notices go by: a notice must go to someone,
    so they are on no notice, and the list says how many there are."""

    projects: int  # projects whose cell is empty
    listed: int  # of them, projects with something a notice would list


def addressed(
    items: list[UnitItems], projects: pl.DataFrame, per: str
) -> tuple[list[UnitItems], Unaddressed]:
    """The units a notice can be sent to, and what is left out for want of a name.

    ``items`` are :func:`unit_items`'s (projects without a name are grouped under
    ``(未填写)``, which is nobody); ``projects`` the ledger's, one row each.
    """
    # blank, or naming nobody (a lone 、 in a leader cell)
    blank = projects.select(named(per).cast(pl.String).str.strip_chars().fill_null("") == "")[per]
    unset = [i for i in items if i.unit == UNSET_GROUP]
    listed = {w for i in unset for f in (i.red, i.not_started, i.problems) for w in f["where"]}
    kept = [i for i in items if i.unit != UNSET_GROUP]
    return kept, Unaddressed(int(blank.sum()), len(listed))


def add_working_days(start: date, days: int) -> date:
    """``days`` working days (Monday-Friday) after ``start``; holidays are not known."""
    current = start
    left = days
    while left > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            left -= 1
    return current


def with_flags(projects: pl.DataFrame, findings: list[Finding]) -> pl.DataFrame:
    """``flag``: the finding codes at each project's row (null when none)."""
    at: dict[tuple[str, int], list[str]] = {}
    for f in findings:
        if f.sheet is not None and f.row is not None:
            at.setdefault((f.sheet, f.row), []).append(f.code)
    keys = pl.DataFrame(
        {
            "_sheet": [s for s, _ in at],
            "_row": [r for _, r in at],
            "flag": ["、".join(sorted(set(c))) for c in at.values()],
        },
        schema={"_sheet": pl.String, "_row": projects.schema["_row"], "flag": pl.String},
    )
    return projects.join(keys, on=["_sheet", "_row"], how="left")


def unplaced(projects: pl.DataFrame, findings: list[Finding]) -> int:
    """Findings with a cell that is not on any project's row (a 合计 row, a 汇总 sheet)."""
    rows = set(zip(projects["_sheet"].to_list(), projects["_row"].to_list(), strict=True))
    return sum(
        1 for f in findings
        if f.sheet is not None and f.row is not None and (f.sheet, f.row) not in rows
    )  # fmt: skip


def unit_items(
    classified: pl.DataFrame,
    projects: pl.DataFrame,
    *,
    as_of: date,
    per: str,
    where: pl.Expr,
    level: str | None = None,
) -> list[UnitItems]:
    """Every unit with something to supervise, in notice order.

    ``classified``: the 红黄蓝 frame (``color``, ``streak``, ``action``, ``flag``);
    ``projects``: the ledger's projects with ``flag``. Per leader, a cell naming several
    leaders (``张县长、李副县长``) puts the project on each one's notice, split by the rule
    of the briefing's 包保领导 table (:func:`projtrack.figures.leaders.one_row_per_leader`),
    and a measure that is the addressee's own 约谈 (:func:`own_measure`; ``level``: the
    leaders' level, :func:`addressee_level`) is not listed.
    """
    flags = projects.select(where.alias("where"), "flag")  # one row per project
    if per == "leader":
        classified, projects = one_row_per_leader(classified), one_row_per_leader(projects)
        actions = classified["action"].drop_nulls().unique().to_list()
        own = [a for a in actions if own_measure(a, level)]
        classified = classified.with_columns(
            pl.when(pl.col("action").is_in(own)).then(None).otherwise("action").alias("action")
        )
    unit = pl.col(per).fill_null(UNSET_GROUP).alias("unit")
    red = classified.filter(pl.col("color") == "red").with_columns(unit)
    flagged = new_start_flags(projects, as_of)
    late = projects.head(0).with_columns(
        unit, where.alias("where"), pl.lit(None, pl.Int64).alias("months_overdue")
    )
    if flagged is not None:
        late = most_overdue_first(
            flagged.filter(pl.col("_due") & ~pl.col("_started")).with_columns(
                unit, where.alias("where")
            )
        )
    problems = (
        classify_problems(projects.with_columns(pl.col(per).alias("responsible")), as_of, where)
        .filter(pl.col("overdue_days").is_not_null())
        .rename({"responsible": "unit"})
    )
    problems = problems.join(flags, on="where", how="left")
    units = set(red["unit"].to_list()) | set(problems["unit"].to_list())
    if flagged is not None:
        units |= set(late["unit"].to_list())
    out = [
        UnitItems(
            unit=u,
            red=red.filter(pl.col("unit") == u),
            not_started=late.filter(pl.col("unit") == u),
            problems=problems.filter(pl.col("unit") == u),
        )
        for u in units
    ]
    # Equal counts keep the ledger's order of the units (where each first appears): the
    # order the office lists them in; a code point order of Chinese names is no order to
    # a reader, and pinyin would need a new dependency.
    seen = projects.select(unit)["unit"].unique(maintain_order=True).to_list()
    place = {u: k for k, u in enumerate(seen)}
    size = lambda i: i.red.height + i.not_started.height + i.problems.height  # noqa: E731
    return sorted(
        out, key=lambda i: (-i.red.height, -size(i), place.get(i.unit, len(place)), i.unit)
    )
