"""notices, woniu and rank --projects on a store of five generated months, against an
independent computation of every project's colours, streaks, starts and problems."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpus_supervision import MONTHS, PLAN, PROJECTS, YEAR, Project, monthly_ledgers
from projtrack.cli.app import app

SEP = 9
AS_OF = date(YEAR, SEP, 30)


# --- the independent computation ----------------------------------------------------
def months_of(d: date) -> int:
    return d.year * 12 + d.month


def overdue(p: Project, m: int) -> int | None:
    """Months a due, not-started new start is overdue in month m (None otherwise)."""
    if p.stage != "新开工" or p.planned_start is None or p.started_by(m) is not None:
        return None
    late = YEAR * 12 + m - months_of(p.planned_start)
    return late if late >= 0 else None


def raw_colour(p: Project, m: int) -> str:
    """R/Y/B: progress by the letter (thresholds 10 and 30 pp), 应开未开 by months overdue."""
    colours = [p.letters[MONTHS.index(m)]]
    late = overdue(p, m)
    if late is not None:
        colours.append("R" if late >= 3 else "Y")
    return "R" if "R" in colours else "Y" if "Y" in colours else "B"


def streaks(p: Project, months: list[int]) -> tuple[int, int]:
    red = yellow = 0
    for m in reversed(months):
        if raw_colour(p, m) != "R":
            break
        red += 1
    for m in reversed(months):
        if raw_colour(p, m) == "B":
            break
        yellow += 1
    return red, yellow


def is_red(p: Project, months: list[int]) -> bool:
    """Red this month, or raised by 三亚's ladder (two periods running at least yellow)."""
    return raw_colour(p, months[-1]) == "R" or streaks(p, months)[1] >= 2


def overdue_problem(p: Project, as_of: date) -> bool:
    return p.problem is not None and p.status != "已解决" and p.deadline is not None and (
        p.deadline < as_of)  # fmt: skip


def expected_notices(months: list[int], as_of: date) -> list[tuple[str, list[str], list[str],
                                                                 list[str]]]:  # fmt: skip
    units: dict[str, tuple[list[str], list[str], list[str]]] = {}
    for p in PROJECTS:
        red = is_red(p, months)
        late = overdue(p, months[-1]) is not None
        prob = overdue_problem(p, as_of)
        if red or late or prob:
            entry = units.setdefault(p.unit, ([], [], []))
            for flag, bucket in zip((red, late, prob), entry, strict=True):
                if flag:
                    bucket.append(p.name)
    order = sorted(units, key=lambda u: (-len(units[u][0]), -sum(map(len, units[u])), u))
    return [(u, sorted(units[u][0]), sorted(units[u][1]), sorted(units[u][2])) for u in order]


def expected_woniu(months: list[int]) -> list[tuple[str, int, int]]:
    """(name, criteria met, delay) worst first, by 新昌's rule."""
    m = months[-1]
    out = []
    for i, p in enumerate(PROJECTS):
        met, delay = 0, 0
        if p.stage == "新开工" and p.planned_start is not None:
            started = p.started_by(m)
            lag = (months_of(started) - months_of(p.planned_start) if started
                   else overdue(p, m))  # fmt: skip
            if lag is not None and lag >= 3:
                met, delay = met + 1, max(delay, lag)
        if streaks(p, months)[0] >= 2:
            met += 1
        if p.planned_finish and p.stage != "竣工":
            lag = YEAR * 12 + m - months_of(p.planned_finish)
            if lag >= 6:
                met, delay = met + 1, max(delay, lag)
        if met:
            out.append((-met, -delay, -streaks(p, months)[0], i, p.name, met, delay))
    return [(name, met, delay) for *_, name, met, delay in sorted(out)]


def variance(p: Project, m: int) -> float:
    return (p.completed(m) / PLAN - m / 12) * 100


def top_with_ties(values: list[tuple[str, float]], n: int) -> list[str]:
    ordered = sorted(values, key=lambda t: -t[1])
    cut = ordered[n - 1][1]
    return [name for name, v in ordered if v >= cut]


# --- fixtures -----------------------------------------------------------------------
@pytest.fixture
def stored(runner: CliRunner, tidy) -> dict[int, Path]:
    """All five months generated; May to August ingested (September is the current one)."""
    paths = monthly_ledgers(tidy)
    for m in MONTHS[:-1]:
        result = runner.invoke(app, ["ingest", str(paths[m])])
        assert result.exit_code == 0, result.output
    return paths


def run_json(runner: CliRunner, *args: str) -> dict:
    result = runner.invoke(app, [*args, "-f", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --- notices ------------------------------------------------------------------------
def test_dry_run_lists_exactly_the_expected_units_and_projects(runner, stored) -> None:
    data = run_json(runner, "notices", str(stored[SEP]), "--dry-run")
    got = [
        (n["unit"], sorted(r["name"] for r in n["red"]),
         sorted(r["name"] for r in n["not_started"]),
         sorted(r["name"] for r in n["overdue_problems"]))
        for n in data["notices"]
    ]  # fmt: skip
    want = expected_notices(MONTHS, AS_OF)
    assert got == want
    assert "县文旅局" not in [n["unit"] for n in data["notices"]]  # nothing to supervise
    assert [n["number"] for n in data["notices"]] == list(range(1, len(want) + 1))
    assert data["lookback"]["periods"] == ["2024-09", "2024-08", "2024-07", "2024-06", "2024-05"]
    assert data["reply_by"] == "2024-10-07"  # 5 working days after Monday 30 September
    assert not (Path("projtrack-data") / "notices.json").exists()  # a dry run writes nothing
    red = {r["name"]: r for n in data["notices"] for r in n["red"]}
    for p in PROJECTS:
        if p.name in red:
            r, _ = streaks(p, MONTHS)
            assert (red[p.name]["red_streak"]) == r, p.name
            assert red[p.name]["action"] == ("分管市领导约谈" if r else "分管副市长约谈"), p.name


def test_numbering_survives_re_runs(runner, stored, tmp_path: Path) -> None:
    aug = expected_notices(MONTHS[:-1], date(YEAR, 8, 31))
    sep = expected_notices(MONTHS, AS_OF)

    def numbers(month: int) -> dict[str, str]:
        data = run_json(runner, "notices", str(stored[month]))
        return {n["unit"]: n["label"] for n in data["notices"]}

    first_aug = numbers(8)
    assert first_aug == {u: f"〔2024〕第{i}号" for i, (u, *_) in enumerate(aug, start=1)}
    first_sep = numbers(SEP)  # the next period continues the sequence
    assert first_sep == {u: f"〔2024〕第{len(aug) + i}号" for i, (u, *_) in enumerate(sep, 1)}
    assert numbers(SEP) == first_sep and numbers(8) == first_aug  # same period, same numbers
    dry = run_json(runner, "notices", str(stored[SEP]), "--dry-run")
    assert {n["unit"]: n["label"] for n in dry["notices"]} == first_sep
    assert not any(n["new"] for n in dry["notices"])
    register = json.loads((Path("projtrack-data") / "notices.json").read_text(encoding="utf-8"))
    assert register["last"] == {"2024": len(aug) + len(sep)}


def test_docx_and_markdown_notices(runner, stored, tmp_path: Path) -> None:
    from docx import Document

    out = tmp_path / "out"
    result = runner.invoke(app, ["notices", str(stored[SEP]), "-o", str(out), "--date",
                                 "2024-10-08"])  # fmt: skip
    assert result.exit_code == 0, result.output
    want = expected_notices(MONTHS, AS_OF)
    files = sorted(out.glob("*.docx"))
    assert len(files) == len(want)
    for i, (unit, red, late, probs) in enumerate(want, start=1):
        path = out / f"督办单〔2024〕第{i}号-{unit}.docx"
        doc = Document(str(path))
        text = "\n".join(p.text for p in doc.paragraphs)
        cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
        assert f"〔2024〕第{i}号" in text and f"{unit}：" in text
        assert "请于2024年10月15日前" in text  # 5 working days after Tuesday 8 October
        assert set(red) | set(late) | set(probs) <= cells
    md = runner.invoke(app, ["notices", str(stored[SEP]), "-f", "md"]).stdout
    assert md.count("# 督办单") == len(want)
    assert "县文旅局" not in md
    # A planned start is a month (as the ledger and the briefing give it): no day invented.
    starts = [line.split("|")[3].strip() for line in md.splitlines()
              if line.startswith("| ") and line.count("|") == 5 and "年" in line]  # fmt: skip
    assert starts and all(re.fullmatch(r"\d{4}年\d{1,2}月", s) for s in starts), starts


def test_per_leader_needs_a_leader_column(runner, stored) -> None:
    result = runner.invoke(app, ["notices", str(stored[SEP]), "--per", "leader", "--dry-run"])
    assert result.exit_code == 2
    assert "no 包保领导 column (--per leader)" in result.stderr
    result = runner.invoke(app, ["notices", str(stored[SEP])])  # docx needs a folder
    assert result.exit_code == 0  # no -o: the list is printed
    result = runner.invoke(app, ["notices", str(stored[SEP]), "-f", "docx"])
    assert result.exit_code == 2 and "-o DIR" in result.stderr


def test_without_a_store_notices_say_streaks_need_history(runner, tidy) -> None:
    paths = monthly_ledgers(tidy, [SEP])
    result = runner.invoke(app, ["notices", str(paths[SEP]), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "没有快照库" in result.stdout
    assert not Path("projtrack-data").exists()


# --- woniu --------------------------------------------------------------------------
def test_woniu_matches_the_rule(runner, stored) -> None:
    data = run_json(runner, "woniu", str(stored[SEP]), "--no-record")
    got = [(p["name"], p["n_criteria"], p["delay"]) for p in data["projects"]]
    assert got == expected_woniu(MONTHS)
    assert [p["rank"] for p in data["projects"]] == list(range(1, len(got) + 1))
    assert all(p["appearances"] == 1 and p["sanction"] == "通报批评" for p in data["projects"])
    assert not (Path("projtrack-data") / "woniu.json").exists()


def test_woniu_appearances_are_kept_per_period(runner, stored) -> None:
    aug = {name for name, *_ in expected_woniu(MONTHS[:-1])}
    first = run_json(runner, "woniu", str(stored[8]))
    assert {p["name"] for p in first["projects"]} == aug
    for _ in range(2):  # a re-run of September counts September once
        data = run_json(runner, "woniu", str(stored[SEP]))
        for p in data["projects"]:
            n = 2 if p["name"] in aug else 1
            assert (p["appearances"], p["sanction"]) == (n, "曝光" if n > 1 else "通报批评")
    again = run_json(runner, "woniu", str(stored[8]))  # an earlier period: still first
    assert all(p["appearances"] == 1 for p in again["projects"])


def test_woniu_without_history_says_so(runner, tidy) -> None:
    paths = monthly_ledgers(tidy, [SEP])
    result = runner.invoke(app, ["woniu", str(paths[SEP])])
    assert result.exit_code == 0, result.output
    assert "没有快照库" in result.stdout
    # without history, red twice running cannot be seen: only start and finish delays
    names = [n for n, *_ in expected_woniu([SEP])]
    data = run_json(runner, "woniu", str(paths[SEP]))
    assert [p["name"] for p in data["projects"]] == names


# --- 十快/十慢 ----------------------------------------------------------------------
def test_fast_and_slow_projects(runner, stored, tmp_path: Path) -> None:
    cfg = tmp_path / "p.toml"
    cfg.write_text("[supervision]\nfast_slow_n = 5\n", encoding="utf-8")
    plain = run_json(runner, "rank", str(stored[SEP]))
    assert "fast_slow" not in plain  # keys only with the option
    for n, config in ((10, []), (5, ["--config", str(cfg)])):
        data = run_json(runner, "rank", str(stored[SEP]), "--projects", *config)["fast_slow"]
        values = [(p.name, variance(p, SEP)) for p in PROJECTS]
        size = min(n, len(values) // 2)
        fast = top_with_ties(values, size)
        rest = [(name, -v) for name, v in values if name not in fast]
        slow = top_with_ties(rest, min(size, len(rest)))
        assert sorted(r["name"] for r in data["fast"]["rows"]) == sorted(fast)
        assert sorted(r["name"] for r in data["slow"]["rows"]) == sorted(slow)
        assert data["fast"]["tied"] == len(fast) - size
        for r in data["fast"]["rows"]:
            better = sum(v > r["variance_pp"] + 1e-9 for _, v in values)
            assert r["rank"] == better + 1
    # new starts: months from planned to actual start (not started: months overdue so far)
    starts = {p.name: (months_of(p.started_by(SEP)) - months_of(p.planned_start)
                       if p.started_by(SEP) else overdue(p, SEP))
              for p in PROJECTS if p.stage == "新开工" and p.planned_start}  # fmt: skip
    starts = {k: v for k, v in starts.items() if v is not None}
    got = {r["name"]: r["start_months"] for key in ("fast_starts", "slow_starts")
           for r in data[key]["rows"]}  # fmt: skip
    assert {k: starts[k] for k in got} == got
    # 开工最快: only starts on time or early (here every start was late: none); 开工最慢:
    # the latest half, ties included.
    assert [r["start_months"] for r in data["fast_starts"]["rows"]] == sorted(
        v for v in starts.values() if v <= 0)[: len(starts) // 2]  # fmt: skip
    slow = [r["start_months"] for r in data["slow_starts"]["rows"]]
    worst = sorted(starts.values(), reverse=True)[: len(starts) // 2]
    assert sorted(slow, reverse=True)[: len(worst)] == worst and min(slow) >= worst[-1]
    # 先进/后进: the first and last 3 ranked regions, at most half of them (here one of the
    # two), gated by 时序进度 like the 红黑榜 — the same units as its lists
    rows = sorted(plain["rows"], key=lambda r: r["rank"])
    k = min(3, len(rows) // 2)
    assert k == 1
    assert data["leading_units"] == [r["group"] for r in rows[:k] if r["variance_pp"] >= 0]
    assert data["lagging_units"] == [r["group"] for r in rows[-k:] if r["variance_pp"] < 0]
    assert data["lagging_units"] == [r["group"] for r in rows if r["list"] == "black"]
    md = runner.invoke(app, ["rank", str(stored[SEP]), "--projects", "-f", "md"]).stdout
    assert "## 进度最快的项目" in md and "进度最快并列第10名的项目一并列入，共11个。" in md
    csv = runner.invoke(app, ["rank", str(stored[SEP]), "--projects", "-f", "csv"]).stdout
    assert csv.count("十快") == len(top_with_ties([(p.name, variance(p, SEP))
                                                  for p in PROJECTS], 10))  # fmt: skip


def test_a_project_with_a_finding_at_its_row_is_flagged(runner, tidy) -> None:
    header = ["项目名称", "责任单位", "年度计划投资", "1-9月完成投资"]
    rows = [["甲", "县交通局", 1000, -50], ["乙", "县交通局", 1000, 100], ["丙", "县水利局", 0, 0]]
    path = tidy(header, rows, name="2024年9月台账.xlsx")
    data = run_json(runner, "notices", str(path), "--dry-run")
    flagged = {r["name"]: r["flag"] for n in data["notices"] for r in n["red"]}
    assert flagged["乙"] is None and flagged["甲"]  # 甲's negative completion is a finding
    assert [n["counts"]["flagged"] for n in data["notices"]] == [1]
    # The note is for the bureau, not the unit: on stderr, never in the notice.
    result = runner.invoke(app, ["notices", str(path), "-f", "md"])
    md = result.stdout
    assert "| 甲 |" in md and "| 乙 |" in md and "※" not in md and "projtrack" not in md
    assert "※ 核对：〔2024〕第1号（县交通局）所列“甲”所在行有台账核对提示" in result.stderr
    out = path.parent / "notices"
    assert runner.invoke(app, ["notices", str(path), "-o", str(out)]).exit_code == 0
    import docx

    for notice in out.glob("*.docx"):
        text = "".join(p.text for p in docx.Document(str(notice)).paragraphs)
        assert "※" not in text and "projtrack" not in text


def test_warn_shows_the_colour_change_against_the_month_before(runner, stored) -> None:
    def shown(p: Project, months: list[int]) -> str:
        return "red" if is_red(p, months) else {"Y": "yellow", "B": "blue"}[
            raw_colour(p, months[-1])]  # fmt: skip

    data = run_json(runner, "warn", str(stored[SEP]))
    got = {p["name"]: (p["prev_color"], p["color"]) for p in data["projects"]}
    assert got == {p.name: (shown(p, MONTHS[:-1]), shown(p, MONTHS)) for p in PROJECTS}
    md = runner.invoke(app, ["warn", str(stored[SEP]), "-f", "md"]).stdout
    assert "| 较上期 | 连续预警 | 督办措施 |" in md
    assert "| 红 | 交通二 |" in md and "| 黄→红，上升2位 | 连续2期预警 | 分管副市长约谈 |" in md
    assert md.count("连续期数依据2024-05至2024-09共5期。") == 1


def places_in(month: int) -> dict[str, int]:
    """Each project's place by variance in ``month``: 1 + those strictly ahead of it."""
    v = {p.name: round(variance(p, month), 9) for p in PROJECTS}
    return {n: 1 + sum(1 for w in v.values() if w > x) for n, x in v.items()}


def test_warn_shows_each_project_s_move_against_the_month_before(runner, stored) -> None:
    now, before = places_in(SEP), places_in(8)
    data = run_json(runner, "warn", str(stored[SEP]), "--all")
    got = {p["name"]: (p["prev_place"], p["place"]) for p in data["projects"]}
    assert got == {n: (before[n], now[n]) for n in now}
    same_colour = {p["name"] for p in data["projects"] if p["prev_color"] == p["color"]}
    md = runner.invoke(app, ["warn", str(stored[SEP]), "-f", "md", "--all"]).stdout
    for name in now:
        row = next(line for line in md.splitlines() if f"| {name} |" in line)
        move = before[name] - now[name]
        words = f"上升{move}位" if move > 0 else f"下降{-move}位" if move < 0 else None
        if words:
            assert words in row, row
        else:
            assert "上升" not in row and "下降" not in row, row
        # Neither colour nor place moved: said, not an empty cell.
        assert ("| 无变化 |" in row) == (words is None and name in same_colour), row


def test_without_a_store_there_is_no_earlier_place(runner, tidy) -> None:
    paths = monthly_ledgers(tidy, months=[SEP])
    data = run_json(runner, "warn", str(paths[SEP]), "--all")
    assert {p["prev_place"] for p in data["projects"]} == {None}
    assert {p["name"]: p["place"] for p in data["projects"]} == places_in(SEP)


def test_json_equals_the_library_result(runner, stored) -> None:
    import projtrack

    store = projtrack.Store(Path("projtrack-data"))
    lib = projtrack.notices(stored[SEP], store=store, dry_run=True).to_json()
    from projtrack.render.machine import to_json  # the printed text: prose punctuated

    assert run_json(runner, "notices", str(stored[SEP]), "--dry-run") == json.loads(to_json(lib))
    lib = projtrack.woniu(stored[SEP], store=store, record=False).to_json()
    assert run_json(runner, "woniu", str(stored[SEP]), "--no-record") == json.loads(to_json(lib))


def test_per_leader_when_the_projects_carry_a_leader(stored) -> None:
    """A ledger whose projects carry a leader (built in Python until the reader reads the
    column): one notice per leader, with the same projects as the units' notices."""
    from dataclasses import replace

    import polars as pl

    import projtrack

    leaders = {"县交通局": "张副县长", "县水利局": "张副县长", "县住建局": "李副县长",
               "县教育局": "王副县长", "县文旅局": "王副县长"}  # fmt: skip
    ledger = projtrack.load_ledger(stored[SEP])
    ledger = replace(ledger, projects=ledger.projects.with_columns(
        pl.col("responsible").replace_strict(leaders).alias("leader")))  # fmt: skip
    store = projtrack.Store(Path("projtrack-data"))
    data = projtrack.notices(ledger, per="leader", store=store, dry_run=True).to_json()
    by_leader: dict[str, set[str]] = {}
    for unit, red, late, probs in expected_notices(MONTHS, AS_OF):
        by_leader.setdefault(leaders[unit], set()).update(red, late, probs)
    got = {n["unit"]: {r["name"] for k in ("red", "not_started", "overdue_problems")
                       for r in n[k]} for n in data["notices"]}  # fmt: skip
    assert got == by_leader
    assert data["per"] == "leader"


def test_a_number_is_never_given_twice(tmp_path: Path) -> None:
    from projtrack.registers import notice_numbers
    from projtrack.store import Store

    store = Store(tmp_path / "store")

    def give(period: str, units: list[str], year: int = 2024) -> dict[str, int]:
        got = notice_numbers(store, period=period, per="responsible", year=year, units=units,
                             record=True)  # fmt: skip
        return {u: n for u, (_, n, _) in got.items()}

    assert give("2024-09", ["甲", "乙"]) == {"甲": 1, "乙": 2}
    # the ledger of September corrected: 甲 has nothing left, 丙 now has; 甲's 1 stays used
    assert give("2024-09", ["乙", "丙"]) == {"乙": 2, "丙": 3}
    assert give("2024-10", ["甲"]) == {"甲": 4}
    assert give("2025-01", ["甲"], year=2025) == {"甲": 1}  # a new year starts at 1


def test_a_damaged_register_stops(runner, stored) -> None:
    register = Path("projtrack-data") / "notices.json"
    register.write_text("{not json", encoding="utf-8")
    result = runner.invoke(app, ["notices", str(stored[SEP]), "-f", "json"])
    assert result.exit_code == 1
    assert "notices.json: the register cannot be read" in result.stderr
    assert register.read_text(encoding="utf-8") == "{not json"


def test_woniu_counts_start_again_each_year(tmp_path) -> None:
    """A project listed in November and December 2024 is 首次 again in January 2025."""
    from projtrack.registers import woniu_appearances
    from projtrack.store import Store

    store = Store(tmp_path / "store")
    store.root.mkdir()
    for period in ("2024-11", "2024-12"):
        woniu_appearances(store, period, ["甲|东区", "乙|东区"], record=True)
    counts, used = woniu_appearances(store, "2025-01", ["甲|东区"], record=True)
    assert counts == {"甲|东区": 1} and used == ["2025-01"]
    counts, used = woniu_appearances(store, "2024-12", ["甲|东区"], record=False)
    assert counts == {"甲|东区": 2} and used == ["2024-11", "2024-12"]
    # A key recorded with brackets (before keys left them out) still matches.
    woniu_appearances(store, "2025-02", ["康养小镇(一期)|东区"], record=True)
    counts, _ = woniu_appearances(store, "2025-03", ["康养小镇一期|东区"], record=False)
    assert counts == {"康养小镇一期|东区": 2}


@pytest.mark.parametrize(
    "rates",
    [
        # the first three include two units behind time progress (50%): not 先进
        {"甲": 0.70, "乙": 0.48, "丙": 0.46, "丁": 0.30, "戊": 0.55, "己": 0.20},
        # the last three include a unit ahead of time progress: not 后进
        {"甲": 0.90, "乙": 0.85, "丙": 0.80, "丁": 0.75, "戊": 0.52, "己": 0.20},
    ],
)
def test_leading_units_reached_time_progress_lagging_units_did_not(
    runner: CliRunner, tidy: Callable[..., Path], rates: dict[str, float]
) -> None:
    """先进 = the first 3 units by Σ completed ÷ Σ plan that reached 时序进度 (1-6月: 50%);
    后进 = the last 3 that did not; counted here from the ledger's rows."""
    rows = []
    for unit, rate in rates.items():
        for k, plan in enumerate((1000, 3000)):
            rows.append([f"{unit}{k}", unit, plan, round(plan * rate)])
    path = tidy(["项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资"], rows)
    totals = {u: (sum(r[3] for r in rows if r[1] == u), sum(r[2] for r in rows if r[1] == u))
              for u in rates}  # fmt: skip
    order = sorted(rates, key=lambda u: -totals[u][0] / totals[u][1])
    leading = [u for u in order[:3] if totals[u][0] / totals[u][1] >= 0.5]
    lagging = [u for u in order[-3:] if totals[u][0] / totals[u][1] < 0.5]
    data = run_json(runner, "rank", str(path), "--projects")["fast_slow"]
    assert (data["leading_units"], data["lagging_units"]) == (leading, lagging)
    assert len(leading) < 3 or len(lagging) < 3  # each case leaves a unit out


def test_leading_and_lagging_units_follow_the_list_gates(
    runner: CliRunner, tidy: Callable[..., Path]
) -> None:
    """With the 红黑榜 gates switched off (``[lists]``), 先进/后进 are the first and last 3
    units whatever their variance, and the note and the briefing say so; they were gated
    by 时序进度 whatever the configuration said."""
    rates = {"甲": 0.70, "乙": 0.48, "丙": 0.46, "丁": 0.30, "戊": 0.55, "己": 0.20}
    rows = [[f"{u}{k}", u, plan, round(plan * r)]
            for u, r in rates.items() for k, plan in enumerate((1000, 3000))]  # fmt: skip
    path = tidy(["项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资"], rows)
    order = sorted(rates, key=lambda u: -rates[u])
    config = path.parent / "gates.toml"
    config.write_text(
        "[lists]\nred_requires_on_track = false\nblack_requires_behind = false\n", "utf-8"
    )
    data = run_json(runner, "rank", str(path), "--projects", "--config", str(config))
    assert (data["fast_slow"]["leading_units"], data["fast_slow"]["lagging_units"]) == (
        order[:3], order[-3:])  # fmt: skip
    md = runner.invoke(app, ["rank", str(path), "--projects", "-f", "md", "--config", str(config)])
    assert "先进单位为排名前3名的单位，后进单位为后3名的单位（并列者一并列入）。" in md.stdout
    brief = runner.invoke(app, ["brief", str(path), "-f", "md", "--config", str(config)])
    assert "完成率排名前3名、后3名）" in brief.stdout
    gated = runner.invoke(app, ["rank", str(path), "--projects", "-f", "md"]).stdout
    assert "先进单位为排名前3名中达到时序进度的单位" in gated


def test_with_five_units_the_lagging_agree_with_the_black_list(
    runner: CliRunner, tidy: Callable[..., Path]
) -> None:
    """Five units, top 3: each list takes at most half of them (2), the 后进 as the 黑榜 —
    once the 后进 list was capped at half the units and the 黑榜 was not, so one briefing
    named the third on the 黑榜 and not among the 后进."""
    rates = {"甲": 0.70, "乙": 0.60, "丙": 0.49, "丁": 0.30, "戊": 0.20}  # 1-6月: 50%
    rows = [[f"{u}项目", u, 1000, round(1000 * r)] for u, r in rates.items()]
    path = tidy(["项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资"], rows)
    data = run_json(runner, "rank", str(path), "--projects")
    black = [r["group"] for r in data["rows"] if r["list"] == "black"]
    red = [r["group"] for r in data["rows"] if r["list"] == "red"]
    assert (red, black) == (["甲", "乙"], ["丁", "戊"])
    fast_slow = data["fast_slow"]
    assert (fast_slow["leading_units"], fast_slow["lagging_units"]) == (red, black)
