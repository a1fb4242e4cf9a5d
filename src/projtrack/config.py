"""projtrack.toml: the rules each bureau sets for itself, validated on load.

Found as ``--config FILE``, else ``./projtrack.toml``, else the built-in defaults. An
unknown key, a wrong type or an impossible threshold is a usage error (exit 2) whose
message names the file, the key and the nearest valid key.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any, get_type_hints

from projtrack.errors import UsageError
from projtrack.vocab import CANONICAL_FIELDS, CONVENTIONS, INDICATORS

CONFIG_NAME = "projtrack.toml"


@dataclass(frozen=True)
class General:
    """Words and defaults of the briefing."""

    place: str = ""  # 中江县; default: from the ledger title
    scope: str = ""  # 全县 / 全市 / 全区; default: from the ledger title
    convention: str = "month"  # month | day | plan
    output_dir: str = ""  # default folder for files written without -o
    punctuation: str = "half"  # half (as SPEC writes it) | full (，；：（）for official documents)


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
    reading: Reading = field(default_factory=Reading)
    limits: FileLimits = field(default_factory=FileLimits)
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
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read the configuration: {exc}") from None
    return parse_config(data, source=str(path))


SECTIONS = {
    "general": General,
    "lists": Lists,
    "warnings": Warnings,
    "store": StoreConfig,
    "reading": Reading,
    "limits": FileLimits,
}
FREE_TABLES = ("columns", "aliases")


def parse_config(data: dict[str, Any], *, source: str) -> Config:
    """Validate a parsed TOML document into a :class:`Config`."""
    _unknown(data, [*SECTIONS, *FREE_TABLES], source, "")
    parts: dict[str, Any] = {}
    for name, cls in SECTIONS.items():
        table = data.get(name, {})
        if not isinstance(table, dict):
            raise UsageError(f"{source}: [{name}] must be a table")
        parts[name] = _section(cls, table, source, name)
    columns = data.get("columns", {})
    for header, target in columns.items():
        if target not in CANONICAL_FIELDS:
            near = _near(str(target), CANONICAL_FIELDS)
            raise UsageError(
                f"{source}: columns.{header} = {target!r} is not a field{near}; "
                f"fields are: {', '.join(CANONICAL_FIELDS)}"
            )
    aliases: list[tuple[str, str]] = []
    for canonical, spellings in data.get("aliases", {}).items():
        if isinstance(spellings, str):
            spellings = [spellings]
        if not isinstance(spellings, list) or not all(isinstance(s, str) for s in spellings):
            raise UsageError(f"{source}: aliases.{canonical} must be a list of names")
        aliases.extend((s, canonical) for s in spellings)
    config = Config(
        **parts,
        columns=tuple((str(h), str(f)) for h, f in columns.items()),
        aliases=tuple(aliases),
        source=source,
    )
    _check_values(config, source)
    return config


def _near(key: str, valid: list[str] | tuple[str, ...]) -> str:
    match = difflib.get_close_matches(key, list(valid), n=1, cutoff=0.5)
    return f" (did you mean {match[0]!r}?)" if match else ""


def _unknown(table: dict[str, Any], valid: list[str], source: str, prefix: str) -> None:
    for key in table:
        if key not in valid:
            where = f"{prefix}{key}"
            raise UsageError(
                f"{source}: unknown key {where!r}{_near(key, valid)}; "
                f"valid keys here: {', '.join(valid)}"
            )


def _section(cls: type, table: dict[str, Any], source: str, name: str) -> Any:
    hints = get_type_hints(cls)
    valid = [f.name for f in fields(cls)]
    _unknown(table, valid, source, f"{name}.")
    values: dict[str, Any] = {}
    for key, value in table.items():
        expected = hints[key]
        if key == "exempt":
            values[key] = tuple(_exemption(v, source) for v in value)
            continue
        if key == "weights":
            values[key] = _weights(value, source)
            continue
        if key == "sequences":
            values[key] = _sequences(value, source)
            continue
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise UsageError(f"{source}: {name}.{key} must be {expected.__name__}, got {value!r}")
        values[key] = value
    return cls(**values)


def _exemption(value: Any, source: str) -> Exemption:
    if not isinstance(value, dict) or set(value) != {"unit", "reason"}:
        raise UsageError(
            f'{source}: lists.exempt entries are {{ unit = "…", reason = "…" }}, got {value!r}'
        )
    return Exemption(str(value["unit"]), str(value["reason"]))


def _weights(value: Any, source: str) -> tuple[tuple[str, float], ...]:
    if not isinstance(value, dict):
        raise UsageError(f"{source}: lists.weights is a table such as {{ completion_rate = 0.6 }}")
    out = []
    for name, weight in value.items():
        if name not in INDICATORS:
            near = _near(name, list(INDICATORS))
            raise UsageError(
                f"{source}: unknown indicator 'lists.weights.{name}'{near}; "
                f"indicators: {', '.join(INDICATORS)}"
            )
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
            raise UsageError(f"{source}: lists.weights.{name} must be a positive number")
        out.append((name, float(weight)))
    return tuple(out)


def _sequences(value: Any, source: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    shape = 'lists.sequences entries are { name = "…", members = ["…", …] }'
    if not isinstance(value, list):
        raise UsageError(f"{source}: {shape}")
    out: list[tuple[str, tuple[str, ...]]] = []
    seen: set[str] = set()
    for entry in value:
        if not isinstance(entry, dict) or set(entry) != {"name", "members"}:
            raise UsageError(f"{source}: {shape}, got {entry!r}")
        members = entry["members"]
        if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
            raise UsageError(f"{source}: {shape}, got {entry!r}")
        twice = seen.intersection(members)
        if twice:
            raise UsageError(f"{source}: {'、'.join(sorted(twice))} in two ranking sequences")
        seen.update(members)
        out.append((str(entry["name"]), tuple(members)))
    return tuple(out)


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
    if w.rule not in ("absolute", "relative"):
        problems.append(f"warnings.rule must be 'absolute' or 'relative', got {w.rule!r}")
    if not 0 <= w.progress_yellow_pp <= w.progress_red_pp:
        problems.append("warnings.progress_yellow_pp must be ≥ 0 and ≤ warnings.progress_red_pp")
    if not 0 <= w.relative_yellow <= w.relative_red <= 1:
        problems.append("warnings.relative_yellow ≤ warnings.relative_red, both within 0-1")
    if not 0 <= w.stats_yellow_months <= w.stats_red_months:
        problems.append("warnings.stats_yellow_months must be ≤ warnings.stats_red_months")
    if w.start_red_months < 1:
        problems.append("warnings.start_red_months must be at least 1")
    if not 0 <= w.zero_investment_red_after_month <= 12:
        problems.append("warnings.zero_investment_red_after_month must be 0-12")
    if config.store.lock_timeout < 0:
        problems.append("store.lock_timeout must be ≥ 0 seconds")
    if not 1000 <= config.limits.max_cells <= MAX_CELLS_CEILING:
        problems.append(f"limits.max_cells must be 1000 to {MAX_CELLS_CEILING:,}")
    if not 1 <= config.limits.max_unpacked_mb <= 8192:
        problems.append("limits.max_unpacked_mb must be 1 to 8192")
    if lists.top_n < 1:
        problems.append("lists.top_n must be at least 1")
    if problems:
        raise UsageError(f"{source}: " + "; ".join(problems))


def as_dict(obj: Any) -> Any:
    """A config (or part) as plain values, for printing the rules in use."""
    if is_dataclass(obj):
        return {f.name: as_dict(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, tuple):
        return [as_dict(v) for v in obj]
    return obj
