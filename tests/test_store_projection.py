"""Jobs that read the store read only the columns they use, and it shows in no figure:
every command that looks back over stored periods prints byte for byte what it prints
when every column is read. The file is still checked whole (SHA-256) on every read."""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.store import Store, StoreError
from projtrack.store_files import Snapshot

MONTHS = (1, 2, 3, 4)
REGIONS = ("东区", "西区", "南区")
UNITS = ("发改局", "住建局", "交通局")


def month_ledger(tidy, month: int) -> Path:
    """A ledger with every field the lookback and the comparisons could use."""
    rng = random.Random(month)
    header = ["项目编号", "项目名称", "县(市、区)", "建设性质", "责任单位", "年度计划投资",
              f"1-{month}月计划投资", f"1-{month}月完成投资", "计划开工时间", "实际开工时间",
              "是否入统", "形象进度", "存在问题"]  # fmt: skip
    rows = []
    for i in range(24):
        plan = 100.0 * (i + 1)
        started = date(2024, 1 + i % 5, 10) if (i + month) % 3 else None
        rows.append([
            f"P{i:03d}", f"项目{i}", REGIONS[i % 3], "新开工" if i % 2 else "续建", UNITS[i % 3],
            plan, round(plan * month / 12, 2), round(plan * month / 12 * rng.uniform(0, 1.6), 2),
            date(2024, 1 + i % 6, 1), started, "是" if i % 4 == 0 else "否",
            f"主体完成{10 * month}%", "用地未落实" if i % 5 == 0 else None,
        ])  # fmt: skip
    return tidy(header, rows, name=f"2024年{month}月台账.xlsx", title="2024年某县重点项目推进情况")


@pytest.fixture
def stored(runner: CliRunner, tidy) -> list[Path]:
    ledgers = [month_ledger(tidy, m) for m in MONTHS]
    for path in ledgers:
        result = runner.invoke(app, ["ingest", str(path)])
        assert result.exit_code == 0, result.output
    return ledgers


def commands(ledgers: list[Path]) -> list[list[str]]:
    latest = str(ledgers[-1])
    return [
        ["trend", "-f", "json"],
        ["trend", "--by", "responsible", "-f", "json"],
        ["trend", "--convention", "plan", "-f", "json"],
        ["rank", latest, "-f", "json"],
        ["rank", latest, "--by", "responsible", "--convention", "plan", "-f", "json"],
        ["warn", latest, "-f", "json"],
        ["warn", latest, "--by", "responsible", "-f", "json"],
        ["brief", "--month", "4", "-f", "md"],
        ["woniu", latest, "--no-record", "-f", "json"],
    ]


def test_reading_fewer_columns_changes_no_output(
    runner: CliRunner, stored: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[Sequence[str] | None] = []
    read = Store.read

    def recording(self: Store, snapshot: Snapshot, columns: Sequence[str] | None = None):
        asked.append(columns)
        return read(self, snapshot, columns)

    monkeypatch.setattr(Store, "read", recording)
    projected = [runner.invoke(app, args) for args in commands(stored)]
    # The earlier periods were read with a projection (the current one of a brief whole).
    assert any(c is not None for c in asked)
    assert all(c is None or "problems" not in c for c in asked)

    monkeypatch.setattr(Store, "read", lambda self, snapshot, columns=None: read(self, snapshot))
    whole = [runner.invoke(app, args) for args in commands(stored)]
    for args, a, b in zip(commands(stored), projected, whole, strict=True):
        assert a.exit_code == b.exit_code == 0, (args, a.output, b.output)
        assert a.stdout == b.stdout, args
    # What was compared looks back: four months of streaks, a previous month to rank against.
    warned = json.loads(projected[5].stdout)
    assert warned["lookback"]["periods"] == ["2024-04", "2024-03", "2024-02", "2024-01"]
    assert {p["prev_color"] for p in warned["projects"]} - {None}
    ranked = json.loads(projected[3].stdout)
    assert all(r["prev_rank"] is not None for r in ranked["rows"])


def test_trend_reads_each_period_once_with_the_rate_columns(
    stored: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from projtrack.jobs.history import trend

    asked: list[tuple[str, Sequence[str] | None]] = []
    read = Store.read

    def recording(self: Store, snapshot: Snapshot, columns: Sequence[str] | None = None):
        asked.append((snapshot.period, columns))
        return read(self, snapshot, columns)

    monkeypatch.setattr(Store, "read", recording)
    frame, by = trend(store=Store(Path("projtrack-data")), by=None)
    assert by == "region"
    assert sorted(p for p, _ in asked) == [f"2024-{m:02d}" for m in MONTHS]
    latest = {"annual_plan", "completed_ytd", "planned_ytd", "region", "responsible", "level"}
    assert {p: set(c or ()) for p, c in asked} == {
        **{f"2024-{m:02d}": {"annual_plan", "completed_ytd", "planned_ytd", "region"}
           for m in MONTHS[:-1]},
        "2024-04": latest,
    }  # fmt: skip
    assert frame.filter(pl.col("group") == "合计")["projects"].to_list() == [24] * len(MONTHS)


def test_a_projected_read_still_checks_the_whole_file(stored: list[Path]) -> None:
    store = Store(Path("projtrack-data"))
    snapshot = store.snapshots()[0]
    path = Path("projtrack-data") / snapshot.file
    frame = store.read(snapshot, ["annual_plan", "no_such_column"])
    assert frame.columns == ["annual_plan"] and frame.height == 24
    whole = pl.read_parquet(path)
    assert frame["annual_plan"].to_list() == whole["annual_plan"].to_list()
    # Alter one byte in the middle of the file, far from what a projection would parse:
    # the read is refused all the same, naming the period.
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    assert hashlib.sha256(bytes(data)).hexdigest() != snapshot.file_sha256
    with pytest.raises(StoreError, match=r"period 2024-01: .* has been altered or damaged"):
        store.read(snapshot, ["annual_plan"])


def test_the_row_count_is_checked_on_a_projected_read(stored: list[Path]) -> None:
    store = Store(Path("projtrack-data"))
    manifest = json.loads(Path("projtrack-data/manifest.json").read_text("utf-8"))
    entry = manifest["periods"]["2024-02"] | {"rows": 25}
    with pytest.raises(StoreError, match="holds 24 rows where the manifest says 25"):
        store.read(Snapshot.from_json(entry), ["region"])
    # Asking only for columns the file lacks still checks its rows.
    with pytest.raises(StoreError, match="holds 24 rows where the manifest says 25"):
        store.read(Snapshot.from_json(entry), ["no_such_column"])
    intact = store.get("2024-02")
    assert intact is not None and store.read(intact, ["no_such_column"]).columns == []
