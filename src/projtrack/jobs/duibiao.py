"""The ``duibiao`` job: one unit measured against a model, period by period (对标).

The series come from the snapshot store (each stored period's completion rate per group:
no extra file needed) or from a small series file (期别 | 单位 | 值, e.g. 安居区 and 溧阳's
lithium output). The model is another unit, or ``average``: the whole of the stored
ledger (Σ completed ÷ Σ plan over all its projects) or the mean of the file's units.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from projtrack.config import Config
from projtrack.errors import (
    CellError,
    Finding,
    LedgerError,
    NothingToDo,
    UsageError,
    column_letter,
)
from projtrack.figures.duibiao import (
    average_of_units,
    benchmark,
    has_ratio,
    is_rate,
    skipped_months,
)
from projtrack.figures.metrics import RATE_FIELDS, group_metrics, time_progress, total_metrics
from projtrack.jobs.stored import read_stored, stored_as_of
from projtrack.read.series import read_series
from projtrack.read.values import hundredths
from projtrack.store import Store
from projtrack.vocab import FIELD_LABELS, GROUP_FIELDS

AVERAGE = "average"


@dataclass
class DuibiaoReport:
    """The unit's and the model's values per period, with ratio, gap and their change."""

    unit: str
    model: str  # the model's name as shown (平均 for the average)
    indicator: str
    rate: bool  # values are fractions; gaps in percentage points
    source: str  # "store" or the series file's name
    # period, value, model_value, ratio, gap, ratio_change_pp, gap_change; and where a
    # stored month is missing before a period, ``against`` (the period its change is taken
    # against) and ``skipped`` (the months missing), else null
    rows: pl.DataFrame
    warnings: list[Finding] = field(default_factory=list)
    ratios: bool = True  # 达到X的 means something (not for a change rate such as 增速)

    def to_json(self) -> dict[str, Any]:
        """Rates and ratios as fractions, gaps in points (rates) or the indicator's unit."""
        return {
            "unit": self.unit,
            "model": self.model,
            "indicator": self.indicator,
            "rate": self.rate,
            "ratios": self.ratios,
            "source": self.source,
            "periods": self.rows.to_dicts(),
            "warnings": [w.to_json() for w in self.warnings],
        }


def duibiao(
    series: Path | str | None = None,
    *,
    unit: str,
    model: str,
    indicator: str | None = None,
    by: str | None = None,
    store: Store | None = None,
    convention: str | None = None,
    config: Config | None = None,
) -> DuibiaoReport:
    """Benchmark ``unit`` against ``model`` (a unit or ``average``) over the periods of the
    series file, or of the store when no file is given."""
    cfg = config or Config()
    aliases = cfg.alias_map()
    given = (unit, model)
    unit, model = aliases.get(unit, unit), aliases.get(model, model)
    _refuse_self(given, unit, model)
    if series is not None:
        return _from_file(Path(series), unit, model, indicator, aliases)
    if store is None:
        raise UsageError("give a series file, or a snapshot store (--store) of earlier periods")
    return _from_store(store, unit, model, by, convention or cfg.general.convention, cfg)


def _from_store(
    store: Store, unit: str, model: str, by: str | None, convention: str, cfg: Config
) -> DuibiaoReport:  # fmt: skip
    """Each stored period's completion rate of the unit's group and of the model."""
    snapshots = store.snapshots()
    if not snapshots:
        raise NothingToDo(
            f"数据目录 {store.root} 中还没有入库的期次，请先用 projtrack ingest 入库台账"
            "（the store holds no period yet）"
        )
    group_by = by or "region"
    if group_by not in GROUP_FIELDS:
        raise UsageError(f"--by must be one of {', '.join(GROUP_FIELDS)}, got {group_by!r}")
    # The unit's and the model's rows are kept apart, one per period: the unit's were
    # once told from the model's by name in one long frame, so a name given for both
    # (or a label two periods share) gave each period several rows.
    rows: dict[str, list[dict[str, Any]]] = {"unit": [], "model": []}
    periods: list[str] = []
    dates: list[date] = []
    seen: set[str] = set()
    for snapshot in snapshots:
        projects = read_stored(store, snapshot, cfg, {group_by, *RATE_FIELDS})
        if group_by not in projects.columns:
            continue
        progress = time_progress(snapshot.as_of, convention)
        groups = group_metrics(projects, group_by, progress)
        rates = dict(zip(groups["group"], groups["completion_rate"], strict=True))
        seen.update(rates)
        label = f"{snapshot.as_of.year}年{stored_as_of(snapshot).label}"
        if label in periods:  # two stored dates labelled alike: say which is which
            label = f"{label}（{snapshot.as_of.isoformat()}）"
        model_rate = (
            total_metrics(projects, progress)["completion_rate"]
            if model == AVERAGE
            else rates.get(model)
        )
        periods.append(label)
        dates.append(snapshot.as_of)
        rows["unit"].append({"period": label, "value": rates.get(unit)})
        rows["model"].append({"period": label, "value": model_rate})
    for name in (unit, model):
        if name != AVERAGE and name not in seen:
            have = "、".join(sorted(seen)) or "none"
            raise UsageError(
                f"no {FIELD_LABELS[group_by]} named {name!r} in the stored periods; "
                f"groups found: {have}"
            )
    schema = {"period": pl.String, "value": pl.Float64}
    of = {side: pl.DataFrame(found, schema=schema) for side, found in rows.items()}
    # A year-to-date rate starts again each January: no 较上期 against last December.
    years = [p.split("年", 1)[0] for p in periods]
    fresh = [k > 0 and years[k] != years[k - 1] for k in range(len(years))]
    table = benchmark(of["unit"], of["model"], periods=periods, rate=True, fresh=fresh)
    skipped = skipped_months(dates, fresh)
    against = [periods[k - 1] if gap else None for k, gap in enumerate(skipped)]
    table = table.with_columns(pl.Series("against", against, dtype=pl.String),
                               pl.Series("skipped", skipped, dtype=pl.String))  # fmt: skip
    missing = table.filter(pl.col("value").is_null() | pl.col("model_value").is_null())
    notes = [Finding(None, None, None, "no_figure", f"{p}：缺少{unit}或{_shown(model)}的完成率")
             for p in missing["period"]]  # fmt: skip
    return DuibiaoReport(unit, _shown(model), "完成率", True, "store", table, notes)


def _from_file(
    path: Path, unit: str, model: str, indicator: str | None, aliases: dict[str, str]
) -> DuibiaoReport:
    """The unit's and the model's values from a series file."""
    series = read_series(path)
    values = series.values.with_columns(pl.col("unit").replace(aliases)) if aliases else (
        series.values
    )  # fmt: skip
    names = values["indicator"].drop_nulls().unique(maintain_order=True).to_list()
    if indicator is None and len(names) > 1:
        raise UsageError(f"{path.name} holds several indicators ({'、'.join(names)}); "
                         "choose one with --indicator")  # fmt: skip
    chosen = indicator or (names[0] if names else "")
    if indicator is not None:
        values = values.filter(pl.col("indicator") == indicator)
        if values.height == 0:
            raise UsageError(f"{path.name} has no indicator {indicator!r}; it has: "
                             f"{'、'.join(names) or 'none'}")  # fmt: skip
    bad = values.filter(pl.col("value").is_null() & pl.col("text").is_not_null())
    if bad.height:
        first = bad.row(0, named=True)
        raise CellError(path, f"“{first['text']}”不是数值（{first['unit']} {first['period']}）",
                        sheet=first["_sheet"], row=first["_row"], column=first["_col"])  # fmt: skip
    _refuse_repeats(path, values)
    units = values["unit"].unique(maintain_order=True).to_list()
    for name in (unit, model):
        if name != AVERAGE and name not in units:
            raise UsageError(f"{path.name} has no unit {name!r}; units: {'、'.join(units)}")
    rate = is_rate(chosen, values["text"])
    if rate:  # a rate typed without % (30.8) is read as 30.8%, when any such value exceeds 1.5
        bare = ~pl.col("text").str.contains("%", literal=True).fill_null(False)
        top = values.filter(bare)["value"].drop_nulls().abs().max()
        if isinstance(top, float) and top > 1.5:
            values = values.with_columns(
                pl.when(bare)
                .then(hundredths(pl.col("value")))
                .otherwise(pl.col("value"))
                .alias("value")
            )
    target = values.filter(pl.col("unit") == unit)
    reference = (
        average_of_units(values) if model == AVERAGE else values.filter(pl.col("unit") == model)
    )
    ratios = has_ratio(chosen, rate, pl.concat([target["value"], reference["value"]]))
    table = benchmark(target, reference, periods=series.periods, rate=rate, ratios=ratios)
    none = pl.lit(None, pl.String)
    table = table.with_columns(none.alias("against"), none.alias("skipped"))
    return DuibiaoReport(unit, _shown(model), chosen, rate, path.name, table, [], ratios)


def _refuse_self(given: tuple[str, str], unit: str, model: str) -> None:
    """A unit measured against itself is a slip (a name typed twice, or an alias of the
    model): its table would be 100% and 0 gap every period, a comparison that says nothing.
    Refused alike for the store and a series file."""
    if unit != model:
        return
    named = unit if given == (unit, model) else f"{given[0]} 与 {given[1]} 都指 {unit}"
    raise UsageError(
        f"--unit 与 --model 是同一单位（{named}）：对标要与另一单位或平均水平（--model average）"
        "比较（the unit is its own model: choose another model）"
    )


def _refuse_repeats(path: Path, values: pl.DataFrame) -> None:
    """A unit given two values for one period (a row repeated, two columns of one unit):
    the table would show the period twice and compare it with itself (较上期)."""
    twice = values.filter(pl.struct("period", "unit").is_duplicated())
    if twice.height == 0:
        return
    first = twice.row(0, named=True)
    same = twice.filter((pl.col("period") == first["period"]) & (pl.col("unit") == first["unit"]))
    cells = "、".join(f"{r['_sheet']}!{column_letter(r['_col'])}{r['_row']}"
                     for r in same.iter_rows(named=True))  # fmt: skip
    raise LedgerError(path, f"{first['unit']} has more than one value for {first['period']} "
                            f"({cells}): keep one and run again")  # fmt: skip


def _shown(model: str) -> str:
    return "平均水平" if model == AVERAGE else model
