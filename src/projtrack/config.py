"""projtrack.toml: the rules each bureau sets for itself, validated on load.

Found as ``--config FILE``, else ``./projtrack.toml``, else the built-in defaults. An
unknown key, a wrong type or an impossible threshold is a usage error (exit 2) whose
message names the file, the key and the nearest valid key.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any, get_type_hints

from projtrack import config_shapes as shapes
from projtrack.config_sections import Lalian, Notices, Rung, Rutong, Supervision
from projtrack.errors import UsageError
from projtrack.vocab import CANONICAL_FIELDS, CONVENTIONS

CONFIG_NAME = "projtrack.toml"
MAX_MONTHS = 120  # month counts of [warnings]: ten years is already no rule
MAX_TOP = 10_000  # names on a red or black list


@dataclass(frozen=True)
class General:
    """Words and defaults of the briefing."""

    place: str = ""  # 中江县; default: from the ledger title
    scope: str = ""  # 全县 / 全市 / 全区; default: from the ledger title
    convention: str = "month"  # month | day | plan
    output_dir: str = ""  # default folder for files written without -o
    punctuation: str = "full"  # full (，；：（）as official documents, SPEC §4) | half


@dataclass(frozen=True)
class Exemption:
    """A unit kept off the black list, with the published reason."""

    unit: str
    reason: str


@dataclass(frozen=True)
class Lists:
    """红黑榜 rules."""

    top_n: int = 3
    red_requires_on_track: bool = True  # 红榜 only for units that met time progress
    black_requires_behind: bool = True  # 黑榜 only for units that missed it
    exempt: tuple[Exemption, ...] = ()
    weights: tuple[tuple[str, float], ...] = ()  # composite score (empty: completion rate)
    sequences: tuple[tuple[str, tuple[str, ...]], ...] = ()  # ranked apart


@dataclass(frozen=True)
class Warnings:
    """红黄蓝 thresholds (defaults follow a published city rule)."""

    rule: str = "absolute"  # absolute (percentage points) | relative (share of time progress)
    progress_yellow_pp: float = 10.0  # 黄: behind by 10 to 30 pp (inclusive)
    progress_red_pp: float = 30.0  # 红: behind by more than 30 pp
    relative_yellow: float = 0.3  # relative rule: 黄 when behind by ≥ 30% of time progress
    relative_red: float = 0.5  # relative rule: 红 when behind by more than 50%
    zero_investment_red_after_month: int = 3  # 零投资 is 红 after this as-of month
    start_red_months: int = 3  # 应开未开: 黄 below, 红 at 3 or more months overdue
    stats_yellow_months: int = 1  # started, not 入统: 黄 from 1 month after start
    stats_red_months: int = 2  # … 红 when more than 2 months


@dataclass(frozen=True)
class BriefConfig:
    """The masthead (版头) and distribution line (版记) of the briefing, and what it shows."""

    name: str = "重点项目建设简报"  # the red masthead
    issuer: str = ""  # 中江县发展和改革局; blank: the placeholder ××发展和改革局
    issue: int = 0  # 第N期; 0: the placeholder 第×期
    numbering: str = "fixed"  # fixed (issue as set) | store (the Nth stored period of the year)
    date: str = ""  # the issue date as printed, e.g. 2024年4月8日; blank: 2024年4月×日
    report_to: tuple[str, ...] = ()  # 报: the bodies above
    send_to: tuple[str, ...] = ()  # 送: bodies at the same level
    issue_to: tuple[str, ...] = ()  # 发: the units below
    unit: str = "auto"  # amounts in tables: auto (亿元 when large) | 万元 | 亿元
    show_source: bool = False  # print the ledger's file name under the title
    leaders: bool = True  # a 包保领导 table when the ledger names leaders
    woniu: bool = True  # the 十大蜗牛项目 when any project meets [supervision]'s rule
    fast_slow: bool = True  # 十快十慢 (in place of 滞后时序进度较多的项目)


@dataclass(frozen=True)
class StoreConfig:
    """Where snapshots live and where cron finds new ledgers."""

    dir: str = "projtrack-data"  # relative to the current folder
    inbox: str = ""  # folder scanned for new ledgers by scheduled runs
    lock_timeout: float = 300.0  # seconds a run waits for another to finish


@dataclass(frozen=True)
class Reading:
    """How a ledger file is read."""

    include_hidden: bool = False  # read hidden and very hidden sheets too (--include-hidden)


@dataclass(frozen=True)
class FileLimits:
    """How much work one ledger file may ask for; past a limit the run stops (exit 1)."""

    max_cells: int = 10_000_000  # rows × columns of one sheet's used range (spans included)
    max_unpacked_mb: int = 500  # what an .xlsx/.ods may inflate to, all parts together


MAX_CELLS_CEILING = 200_000_000  # beyond this a sheet cannot fit in memory (= read/limits.py)


@dataclass(frozen=True)
class Config:
    """The whole configuration, with where it came from."""

    general: General = field(default_factory=General)
    lists: Lists = field(default_factory=Lists)
    warnings: Warnings = field(default_factory=Warnings)
    store: StoreConfig = field(default_factory=StoreConfig)
    brief: BriefConfig = field(default_factory=BriefConfig)
    lalian: Lalian = field(default_factory=Lalian)
    rutong: Rutong = field(default_factory=Rutong)
    supervision: Supervision = field(default_factory=Supervision)
    reading: Reading = field(default_factory=Reading)
    limits: FileLimits = field(default_factory=FileLimits)
    notices: Notices = field(default_factory=Notices)
    columns: tuple[tuple[str, str], ...] = ()  # extra header synonyms: (header, field)
    aliases: tuple[tuple[str, str], ...] = ()  # (spelling, canonical unit name)
    source: str = "built-in defaults"

    def alias_map(self) -> dict[str, str]:
        """Spelling → canonical unit name."""
        return dict(self.aliases)


def find_config(explicit: Path | None, cwd: Path | None = None) -> Path | None:
    """``--config FILE``, else ``./projtrack.toml``, else None (built-in defaults)."""
    if explicit is not None:
        if not explicit.is_file():
            raise UsageError(f"{explicit}: configuration file not found")
        return explicit
    candidate = (cwd or Path.cwd()) / CONFIG_NAME
    return candidate if candidate.is_file() else None


def load_config(explicit: Path | None = None, *, cwd: Path | None = None) -> Config:
    """Find, read and validate the configuration."""
    path = find_config(explicit, cwd)
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: not valid TOML: {exc}") from None
    except RecursionError:  # arrays or tables nested thousands deep: no configuration
        raise UsageError(f"{path}: not valid TOML: nested too deeply") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read the configuration: {exc}") from None
    return parse_config(data, source=str(path))


SECTIONS = {
    "general": General,
    "lists": Lists,
    "warnings": Warnings,
    "store": StoreConfig,
    "brief": BriefConfig,
    "lalian": Lalian,
    "rutong": Rutong,
    "supervision": Supervision,
    "reading": Reading,
    "limits": FileLimits,
    "notices": Notices,
}
FREE_TABLES = ("columns", "aliases")


def parse_config(data: dict[str, Any], *, source: str) -> Config:
    """Validate a parsed TOML document into a :class:`Config`."""
    shapes.unknown(data, [*SECTIONS, *FREE_TABLES], source, "")
    parts: dict[str, Any] = {}
    for name, cls in SECTIONS.items():
        table = data.get(name, {})
        if not isinstance(table, dict):
            raise UsageError(f"{source}: [{name}] must be a table")
        parts[name] = _section(cls, table, source, name)
    columns = _table(data, "columns", source, '"项目名" = "name"')
    for header, target in columns.items():
        if not isinstance(target, str) or target not in CANONICAL_FIELDS:
            near = shapes.near(str(target), CANONICAL_FIELDS)
            raise UsageError(
                f"{source}: columns.{header} = {target!r} is not a field{near}; "
                f"fields are: {', '.join(CANONICAL_FIELDS)}"
            )
    aliases: list[tuple[str, str]] = []
    for canonical, spellings in _table(data, "aliases", source, '"旌阳区" = ["旌阳"]').items():
        if isinstance(spellings, str):
            spellings = [spellings]
        if not isinstance(spellings, list) or not all(isinstance(s, str) for s in spellings):
            raise UsageError(f"{source}: aliases.{canonical} must be a list of names")
        if fields := [s for s in spellings if s in CANONICAL_FIELDS]:
            # A header synonym appended at the end of the file lands in [aliases] (the
            # last table of `projtrack init`'s file) and would merge nothing, silently.
            raise UsageError(
                f"{source}: aliases.{canonical} = {fields[0]!r}: {fields[0]} is a field, not "
                f"a unit's name; a header synonym belongs under [columns] "
                f'("{canonical}" = "{fields[0]}"), which comes before [aliases] in the file'
            )
        aliases.extend((s, canonical) for s in spellings)
    config = Config(
        **parts,
        columns=tuple((str(h), str(f)) for h, f in columns.items()),
        aliases=tuple(aliases),
        source=source,
    )
    _check_values(config, source)
    return replace(
        config, brief=replace(config.brief, date=shapes.issue_date(config.brief.date, source))
    )


def _table(data: dict[str, Any], name: str, source: str, example: str) -> dict[str, Any]:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise UsageError(f"{source}: [{name}] must be a table of lines such as {example}")
    return table


def _section(cls: type, table: dict[str, Any], source: str, name: str) -> Any:
    hints = get_type_hints(cls)
    valid = [f.name for f in fields(cls)]
    shapes.unknown(table, valid, source, f"{name}.")
    values: dict[str, Any] = {}
    for key, value in table.items():
        expected = hints[key]
        if key == "exempt":
            if not isinstance(value, list):
                raise UsageError(f"{source}: {EXEMPT_SHAPE}, got {value!r}")
            values[key] = tuple(_exemption(v, source) for v in value)
            continue
        if key == "weights":
            values[key] = shapes.weights(value, source)
            continue
        if key in ("sequences", "groups"):
            values[key] = shapes.sequences(value, source, f"{name}.{key}")
            continue
        if key in ("items", "period_weights"):
            values[key] = shapes.positive_table(value, source, f"{name}.{key}")
            continue
        if key == "ladder":
            values[key] = tuple(Rung(*rung) for rung in shapes.ladder(value, source))
            continue
        if key == "aliases" and name == "rutong":
            if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                raise UsageError(
                    f'{source}: rutong.aliases is a table such as {{ "台账名称" = "统计名称" }}'
                )
            values[key] = tuple((str(k), v) for k, v in value.items())
            continue
        if key == "units":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise UsageError(f"{source}: {name}.units must be a list of names")
            values[key] = tuple(value)
            continue
        if key in ("report_to", "send_to", "issue_to"):
            values[key] = _names(value, source, f"{name}.{key}")
            continue
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise UsageError(f"{source}: {name}.{key} must be {expected.__name__}, got {value!r}")
        if expected is float and not math.isfinite(value):
            raise UsageError(f"{source}: {name}.{key} must be a finite number, got {value!r}")
        values[key] = value
    return cls(**values)


def _names(value: Any, source: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f'{source}: {where} is a list of names such as ["市发展改革委"]')
    return tuple(value)


EXEMPT_SHAPE = 'lists.exempt entries are { unit = "…", reason = "…" }, in a list'


def _exemption(value: Any, source: str) -> Exemption:
    if (
        not isinstance(value, dict)
        or set(value) != {"unit", "reason"}
        or not all(isinstance(v, str) for v in value.values())
    ):
        raise UsageError(f"{source}: {EXEMPT_SHAPE}, got {value!r}")
    return Exemption(str(value["unit"]), str(value["reason"]))


def _check_values(config: Config, source: str) -> None:
    """Thresholds that cannot work together are refused, not silently used."""
    w, g, lists = config.warnings, config.general, config.lists
    problems = []
    if g.convention not in CONVENTIONS:
        problems.append(
            f"general.convention must be 'month', 'day' or 'plan', got {g.convention!r}"
        )
    if g.punctuation not in ("half", "full"):
        problems.append(f"general.punctuation must be 'half' or 'full', got {g.punctuation!r}")
    if config.brief.unit not in ("auto", "万元", "亿元"):
        problems.append(f"brief.unit must be 'auto', '万元' or '亿元', got {config.brief.unit!r}")
    if config.brief.numbering not in ("fixed", "store"):
        problems.append(
            f"brief.numbering must be 'fixed' or 'store', got {config.brief.numbering!r}"
        )
    if config.brief.issue < 0:
        problems.append("brief.issue must be ≥ 0 (0 prints 第×期)")
    if w.rule not in ("absolute", "relative"):
        problems.append(f"warnings.rule must be 'absolute' or 'relative', got {w.rule!r}")
    if not 0 <= w.progress_yellow_pp <= w.progress_red_pp:
        problems.append("warnings.progress_yellow_pp must be ≥ 0 and ≤ warnings.progress_red_pp")
    if not 0 <= w.relative_yellow <= w.relative_red <= 1:
        problems.append("warnings.relative_yellow ≤ warnings.relative_red, both within 0-1")
    if not 0 <= w.stats_yellow_months <= w.stats_red_months:
        problems.append("warnings.stats_yellow_months must be ≤ warnings.stats_red_months")
    if not 0 <= w.stats_red_months <= MAX_MONTHS:
        problems.append(f"warnings.stats_red_months must be 0-{MAX_MONTHS}")
    if not 1 <= w.start_red_months <= MAX_MONTHS:
        problems.append(f"warnings.start_red_months must be 1-{MAX_MONTHS}")
    if not 0 <= w.zero_investment_red_after_month <= 12:
        problems.append("warnings.zero_investment_red_after_month must be 0-12")
    if config.store.lock_timeout < 0:
        problems.append("store.lock_timeout must be ≥ 0 seconds")
    if not 1 <= lists.top_n <= MAX_TOP:
        problems.append(f"lists.top_n must be 1-{MAX_TOP}")
    lalian = config.lalian
    if lalian.method not in ("mean", "trimmed", "weighted", "vote", "periods"):
        problems.append(
            "lalian.method must be 'mean', 'trimmed', 'weighted', 'vote' or 'periods', "
            f"got {lalian.method!r}"
        )
    if not 0 <= lalian.decimals <= 4:
        problems.append("lalian.decimals must be 0-4")
    if lalian.top_n < 1:
        problems.append("lalian.top_n must be at least 1")
    rutong = config.rutong
    if not 0 <= rutong.threshold_wan < float("inf"):
        problems.append("rutong.threshold_wan must be ≥ 0 万元")
    if not 50 <= rutong.fuzzy_threshold <= 100:
        problems.append("rutong.fuzzy_threshold must be 50-100")
    if not 0 < rutong.deviation < float("inf"):
        problems.append("rutong.deviation must be a positive share, e.g. 0.2")
    if not 1000 <= config.limits.max_cells <= MAX_CELLS_CEILING:
        problems.append(f"limits.max_cells must be 1000 to {MAX_CELLS_CEILING:,}")
    if not 1 <= config.limits.max_unpacked_mb <= 8192:
        problems.append("limits.max_unpacked_mb must be 1 to 8192")
    sup = config.supervision
    for key in ("fast_slow_n", "woniu_start_months", "woniu_red_periods", "woniu_finish_months",
                "woniu_top"):  # fmt: skip
        if getattr(sup, key) < 1:
            problems.append(f"supervision.{key} must be at least 1")
    if sup.fast_slow_units < 0:
        problems.append("supervision.fast_slow_units must be ≥ 0")
    if config.notices.reply_days < 0:
        problems.append("notices.reply_days must be ≥ 0 working days")
    if problems:
        raise UsageError(f"{source}: " + "; ".join(problems))


def as_dict(obj: Any) -> Any:
    """A config (or part) as plain values, for printing the rules in use."""
    if is_dataclass(obj):
        return {f.name: as_dict(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, tuple):
        return [as_dict(v) for v in obj]
    return obj
