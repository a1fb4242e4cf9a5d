"""The snapshot store: ingest, replace, history, trend, change figures, cron runs, crashes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.store import Store

HEADER_M = ["项目名称", "县(市、区)", "年度计划投资", "1-{m}月完成投资"]
# The same four projects reported at the end of February and of March 2024.
FEB = [
    ["甲", "东区", 100, 10],
    ["乙", "东区", 300, 30],
    ["丙", "西区", 200, 40],
    ["丁", "南区", 100, 2],
]
MAR = [
    ["甲", "东区", 100, 30],
    ["乙", "东区", 300, 60],
    ["丙", "西区", 200, 50],
    ["丁", "南区", 100, 30],
]


def ledger(tidy, month: int, rows: list[list[object]], name: str, year: int = 2024) -> Path:
    header = [h.format(m=month) for h in HEADER_M]
    return tidy(header, rows, name=name, title=f"{year}年绵竹市重点项目推进情况")


def invoke(runner: CliRunner, *args: str) -> object:
    return runner.invoke(app, list(args))


@pytest.fixture
def two_months(runner: CliRunner, tidy) -> tuple[Path, Path]:
    feb = ledger(tidy, 2, FEB, "feb.xlsx")
    mar = ledger(tidy, 3, MAR, "mar.xlsx")
    for path in (feb, mar):
        result = invoke(runner, "ingest", str(path))
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("已入库 Stored")
    return feb, mar


def test_ingest_layout_manifest_and_noop(runner: CliRunner, two_months) -> None:
    feb, _ = two_months
    store = Store(Path("projtrack-data"))
    periods = [s.period for s in store.snapshots()]
    assert periods == ["2024-02", "2024-03"]
    snap = store.get("2024-02")
    assert snap is not None and snap.rows == 4 and snap.source == "feb.xlsx"
    assert len(snap.sha256) == 64
    parquet = Path("projtrack-data") / snap.file
    assert parquet.parent.name == "period=2024-02" and parquet.suffix == ".parquet"
    again = invoke(runner, "ingest", str(feb))
    assert again.exit_code == 0 and again.stdout.startswith("未变化 Unchanged: 2024-02")
    history = json.loads(invoke(runner, "history", "-f", "json").stdout)
    assert [h["period"] for h in history] == ["2024-02", "2024-03"]


def test_the_store_is_readable_without_projtrack(two_months) -> None:
    import polars as pl

    frame = pl.read_parquet("projtrack-data/projects/*/*.parquet", hive_partitioning=True)
    assert frame.height == 8
    assert sorted(set(frame["period"].cast(pl.String))) == ["2024-02", "2024-03"]


def test_a_different_file_needs_replace_and_keeps_the_old(runner: CliRunner, tidy, two_months):
    fixed = ledger(tidy, 3, [*MAR[:3], ["丁", "南区", 100, 31]], "mar-fixed.xlsx")
    refused = invoke(runner, "ingest", str(fixed))
    assert refused.exit_code == 2
    assert "2024-03期已由 mar.xlsx 入库" in refused.stderr
    assert "--replace" in refused.stderr
    replaced = invoke(runner, "ingest", str(fixed), "--replace")
    assert replaced.exit_code == 0 and replaced.stdout.startswith("已替换 Replaced: 2024-03")
    store = Store(Path("projtrack-data"))
    manifest = store.manifest()
    assert manifest["periods"]["2024-03"]["source"] == "mar-fixed.xlsx"
    [old] = manifest["replaced"]
    assert old["source"] == "mar.xlsx"
    assert (Path("projtrack-data") / old["moved_to"]).is_file()
    assert len(list(Path("projtrack-data/projects/period=2024-03").iterdir())) == 1


def test_rank_shows_change_against_the_previous_month(runner: CliRunner, two_months) -> None:
    _, mar = two_months
    data = json.loads(invoke(runner, "rank", str(mar), "-f", "json").stdout)
    # Hand computation. February (time progress 2/12): 东 40/400 = 10%, 西 40/200 = 20%,
    # 南 2/100 = 2%. March (25%): 东 90/400 = 22.5%, 西 50/200 = 25%, 南 30/100 = 30%.
    rows = {r["group"]: r for r in data["rows"]}
    assert rows["南区"]["rank"] == 1 and rows["南区"]["prev_rank"] == 3
    assert rows["南区"]["rank_change"] == 2
    assert rows["西区"]["rank_change"] == -1
    assert rows["东区"]["rank_change"] == -1
    assert rows["东区"]["rate_change_pp"] == pytest.approx(12.5)
    assert rows["南区"]["rate_change_pp"] == pytest.approx(28.0)
    # Variance: 东 Feb 10 − 16.67 = −6.67 pp, Mar 22.5 − 25 = −2.5 pp: +4.17 pp.
    assert rows["东区"]["variance_change_pp"] == pytest.approx(-2.5 - (10 - 200 / 12))
    prev = data["previous"]
    assert prev["period"] == "2024-02" and prev["label"] == "1-2月"
    assert prev["total"]["completion_rate"] == pytest.approx(82 / 700)
    assert prev["change"]["rate_change_pp"] == pytest.approx((170 / 700 - 82 / 700) * 100)
    assert prev["change"]["completed_growth"] == pytest.approx(170 / 82 - 1)
    table = invoke(runner, "rank", str(mar)).stdout
    assert "完成率较1-2月（百分点）" in table and "↑2" in table and "↓1" in table


def test_a_group_unranked_in_both_periods_is_no_new_unit(runner: CliRunner, tidy) -> None:
    """北区 (plan 0 both months) was there in February: — , not 新; 中区 is new in March."""
    feb = ledger(tidy, 2, [*FEB, ["戊", "北区", 0, 0]], "feb.xlsx")
    mar = ledger(tidy, 3, [*MAR, ["戊", "北区", 0, 0], ["己", "中区", 100, 40]], "mar.xlsx")
    assert invoke(runner, "ingest", str(feb)).exit_code == 0
    data = json.loads(invoke(runner, "rank", str(mar), "-f", "json").stdout)
    rows = {r["group"]: r for r in data["rows"]}
    assert (rows["北区"]["rank"], rows["北区"]["prev_listed"]) == (None, True)
    assert (rows["中区"]["prev_rank"], rows["中区"]["prev_listed"]) == (None, False)
    table = invoke(runner, "rank", str(mar), "-f", "md").stdout.splitlines()
    cells = {row[2]: row for line in table if (row := [c.strip() for c in line.split("|")])[2:]}
    header = cells["县(市、区)"] if "县(市、区)" in cells else cells["县（市、区）"]
    at = header.index("排名变化")
    assert (cells["北区"][at], cells["中区"][at]) == ("—", "新"), table


def test_brief_from_the_store_words_the_change(runner: CliRunner, two_months) -> None:
    result = invoke(runner, "brief", "--month", "3")
    assert result.exit_code == 0, result.output
    text = result.stdout
    # 170/700 = 24.29% vs 82/700 = 11.71%: +12.57 pp. Variance −0.71 vs −4.95: gap narrows 4.2.
    assert (
        "1-3月，全市4个重点项目累计完成投资170万元，完成年度计划投资24.3%，滞后时序进度0.7个百分点。"
        "与1-2月相比，完成率提高12.6个百分点，与时序进度的差距缩小4.2个百分点。"
    ) in text
    assert "status=ok ledger=store:2024-03" in result.stderr


def test_a_briefing_from_the_store_keeps_the_ledgers_findings(runner: CliRunner, tidy) -> None:
    """The store keeps the ledger's findings with its projects: the stored briefing notes
    the project beyond 3× its plan and flags the rows (台账核对有提示) as the briefing of the
    ledger does, byte for byte."""
    rows = [*MAR[:3], ["丁", "南区", 100, 350], ["戊", "南区", None, 20]]
    path = ledger(tidy, 3, rows, "mar.xlsx")
    assert invoke(runner, "ingest", str(path)).exit_code == 0
    own = invoke(runner, "brief", str(path))
    stored = invoke(runner, "brief", "--quarter", "Q1")
    assert own.exit_code == stored.exit_code == 0, stored.output
    assert "累计完成投资超过年度计划投资3倍" in own.stdout
    assert stored.stdout == own.stdout
    report = invoke(runner, "brief", "--quarter", "Q1", "-f", "json").stdout
    codes = {w["code"] for w in json.loads(report)["warnings"]}
    assert {"completed_over_3x_plan", "plan_missing"} <= codes
    snapshot = Store(Path("projtrack-data")).snapshots()[0]
    found = Store(Path("projtrack-data")).findings(snapshot)
    assert {f["code"] for f in found} >= {"completed_over_3x_plan", "plan_missing"}
    assert all(f["sheet"] and f["row"] for f in found if f["code"] == "plan_missing")


def test_same_period_last_year(runner: CliRunner, tidy, two_months) -> None:
    last = ledger(tidy, 3, [["甲", "东区", 100, 50], ["乙", "东区", 100, 50]], "2023.xlsx", 2023)
    assert invoke(runner, "ingest", str(last)).exit_code == 0
    data = json.loads(invoke(runner, "rank", str(two_months[1]), "-f", "json").stdout)
    assert data["year_ago"]["period"] == "2023-03"
    assert data["year_ago"]["change"]["completed_growth"] == pytest.approx(170 / 100 - 1)
    text = invoke(runner, "brief", "--quarter", "Q1").stdout
    assert "完成投资同比增长70.0%（上年同期100万元）" in text


@pytest.mark.parametrize(
    ("last_year", "this_year", "said"),
    [
        # 2.74 against 2.15 (not 2.2: 2.74 ÷ 2.2 is +24.5%, the sentence +27.4%)
        (21_500, 27_400, "累计完成投资2.7亿元"),  # one level: the headline's 1 decimal
        (21_500, 21_500, "完成投资与上年同期持平（上年同期2.2亿元）"),  # not 同比增长0.0%
    ],
)
def test_same_period_last_year_in_the_headline_s_decimals(
    runner: CliRunner, tidy, last_year: int, this_year: int, said: str
) -> None:
    def rows(done: int) -> list[list[object]]:
        return [["甲", "东区", 30_000, done // 2], ["乙", "西区", 30_000, done - done // 2]]

    last = ledger(tidy, 2, rows(last_year), "2023.xlsx", 2023)
    now = ledger(tidy, 2, rows(this_year), "2024.xlsx")
    for path in (last, now):
        assert invoke(runner, "ingest", str(path)).exit_code == 0
    text = invoke(runner, "brief", "--month", "2").stdout
    assert said in text
    if this_year != last_year:
        growth = f"{(this_year / last_year - 1) * 100:.1f}%"
        assert f"完成投资同比增长{growth}（上年同期2.2亿元）" in text and growth == "27.4%"


def test_no_data_for_the_period_exits_3(runner: CliRunner, two_months) -> None:
    result = invoke(runner, "brief", "--month", "5")
    assert result.exit_code == 3
    assert "no data for 1-5月 (2024-05-31) in projtrack-data" in result.stderr
    assert "status=nothing" in result.stderr


def test_inbox_and_output_placeholders(runner: CliRunner, tidy, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    ledger(tidy, 3, MAR, "inbox/3月台账.xlsx")
    Path("projtrack.toml").write_text(f'[store]\ninbox = "{inbox.as_posix()}"\n', "utf-8")
    log = Path("logs/run.log")
    result = invoke(runner, "brief", "--quarter", "Q1", "--year", "2024",
                    "-o", "reports/{year}-{period}.md", "--log", str(log))  # fmt: skip
    assert result.exit_code == 0, result.output
    report = Path("reports/2024-Q1.md")
    assert "\n# 绵竹市2024年一季度重点项目推进情况\n" in report.read_text(encoding="utf-8")
    [line] = log.read_text(encoding="utf-8").splitlines()
    assert "projtrack brief status=ok" in line and "output=reports/2024-Q1.md" in line
    bad = invoke(runner, "brief", "--quarter", "Q1", "-o", "r/{quarterly}.md")
    assert bad.exit_code == 2 and "unknown placeholder {quarterly}" in bad.stderr


LOCK_HOLDER = """
import sys, time
from pathlib import Path
from projtrack.store import Store
with Store(Path(sys.argv[1])).locked():
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def test_two_overlapping_runs(runner: CliRunner, tidy) -> None:
    mar = ledger(tidy, 3, MAR, "mar.xlsx")
    holder = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, "projtrack-data", "3"],
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    Path("short.toml").write_text("[store]\nlock_timeout = 0.3\n", "utf-8")
    blocked = invoke(runner, "ingest", str(mar), "--config", "short.toml")
    assert blocked.exit_code == 1
    assert "another projtrack run is writing here" in blocked.stderr
    started = time.monotonic()
    waited = invoke(runner, "ingest", str(mar))  # default: waits for the other run
    assert waited.exit_code == 0, waited.output
    assert time.monotonic() - started > 0.5
    holder.wait(timeout=10)


KILLER = """
import os, signal, sys
from pathlib import Path
import projtrack.store as store_module
calls = {"n": 0}
die_at = int(sys.argv[2])
real_replace = os.replace
def dying_replace(src, dst):
    calls["n"] += 1
    if calls["n"] == die_at:
        os.kill(os.getpid(), signal.SIGKILL)
    return real_replace(src, dst)
store_module.os.replace = dying_replace
from projtrack.cli.app import app
sys.argv = ["projtrack", "ingest", sys.argv[1], "--replace"]
app()
"""


@pytest.mark.parametrize("die_at", [1, 2, 3])
def test_an_ingest_killed_mid_write_loses_nothing(
    runner: CliRunner, tidy, two_months, die_at: int
) -> None:
    before = Store(Path("projtrack-data")).manifest()
    fixed = ledger(tidy, 3, [*MAR[:3], ["丁", "南区", 100, 33]], "mar-fixed.xlsx")
    # os.replace calls during a replacing ingest: 1 the manifest (inside write_atomic, via
    # the same os module), 2 moving the old snapshot aside, 3 the new file into projects/.
    src = str(Path(__file__).resolve().parents[1] / "src")  # this tree, not an installed copy
    proc = subprocess.run([sys.executable, "-c", KILLER, str(fixed), str(die_at)],
                          capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": src})  # fmt: skip
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    store = Store(Path("projtrack-data"))
    after = store.manifest()
    assert after["periods"]["2024-02"] == before["periods"]["2024-02"]
    for snap in store.snapshots():
        assert store.read(snap).height == 4  # every named file is complete
    march = invoke(runner, "rank", str(two_months[1]), "-f", "json")
    assert march.exit_code == 0
    again = invoke(runner, "ingest", str(fixed), "--replace")
    assert again.exit_code == 0, again.output
    manifest = store.manifest()
    assert manifest["periods"]["2024-03"]["source"] == "mar-fixed.xlsx"
    names = sorted(p.name for p in Path("projtrack-data/projects").rglob("*") if p.is_file())
    assert len(names) == 2 and not any(n.endswith(".tmp") for n in names)
    assert not any(p.name.startswith(".") and p.suffix == ".tmp"
                   for p in Path("projtrack-data").iterdir())  # fmt: skip


def test_trend_formats(runner: CliRunner, two_months, tmp_path: Path) -> None:
    data = json.loads(invoke(runner, "trend", "-f", "json").stdout)
    rows = {(r["period"], r["group"]): r for r in data["rows"]}
    assert rows[("2024-02", "西区")]["completion_rate"] == pytest.approx(0.2)
    assert rows[("2024-03", "合计")]["completion_rate"] == pytest.approx(170 / 700)
    md = invoke(runner, "trend", "-f", "md").stdout
    assert "| 分组 | 1-2月完成率 | 1-2月较时序 | 一季度完成率 | 一季度较时序 |" in md
    assert "| 南区 | 2.0% | -14.7 | 30.0% | +5.0 |" in md
    out = tmp_path / "t.xlsx"
    assert invoke(runner, "trend", "-f", "xlsx", "-o", str(out)).exit_code == 0
    import openpyxl

    ws = openpyxl.load_workbook(out)["趋势"]
    assert ws["A2"].value == "南区" and ws["C2"].value == pytest.approx(0.3)
    assert ws._charts


def test_trend_without_data_exits_3(runner: CliRunner) -> None:
    result = invoke(runner, "trend")
    assert result.exit_code == 3 and "请先运行 projtrack ingest" in result.stderr


def test_a_console_that_cannot_show_chinese_does_not_crash(tidy) -> None:
    ledger = tidy(["项目名称", "县(市、区)", "年度计划投资", "1-3月完成投资"],
                  [["🏗工程", "东区", 100, 30]])  # fmt: skip
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "NO_COLOR": "1"}
    for args in (["rank", str(ledger)], ["brief", str(ledger)], ["check", str(ledger)]):
        proc = subprocess.run([sys.executable, "-m", "projtrack", *args], env=env,
                              capture_output=True)  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        assert b"Traceback" not in proc.stderr
        assert b"?" in proc.stdout  # the characters it cannot show are replaced


def test_a_month_is_compared_with_the_last_month_not_a_week_inside_it(
    runner: CliRunner, tidy, two_months
) -> None:
    """截至3月15日 ingested between 1-2月 and 1-3月: the 1-3月 report says 与1-2月相比."""
    _, mar = two_months
    mid = [[n, r, p, d - 5 if d > 5 else d] for n, r, p, d in MAR]
    week = tidy(["项目名称", "县(市、区)", "年度计划投资", "截至3月15日完成投资"], mid,
                name="week.xlsx", title="2024年绵竹市重点项目推进情况")  # fmt: skip
    assert invoke(runner, "ingest", str(week)).exit_code == 0
    store = Store(Path("projtrack-data"))
    month = store.previous(date(2024, 3, 31))
    assert month is not None and month.period == "2024-02"
    data = json.loads(invoke(runner, "rank", str(mar), "-f", "json").stdout)
    assert data["previous"]["period"] == "2024-02"
    # A week is compared with whatever was stored last: the week with February's end.
    weekly = store.previous(date(2024, 3, 22))
    assert weekly is not None and weekly.as_of.isoformat() == "2024-03-15"


def test_a_name_gaining_brackets_is_the_same_project(runner: CliRunner, tidy) -> None:
    """康养小镇一期 in February, 康养小镇（一期） in March: one project, one streak."""
    import polars as pl

    from projtrack.figures.streaks import project_key

    frame = pl.DataFrame({"name": ["康养小镇一期", "康养小镇（一期）", "康养小镇【一期】", "康养小镇二期"],
                          "region": ["东区"] * 4})  # fmt: skip
    keys = frame.select(project_key(frame).alias("k"))["k"].to_list()
    assert keys[0] == keys[1] == keys[2] != keys[3]
