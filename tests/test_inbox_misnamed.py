"""A ledger whose file name states another period than its data (2024年8月台账.xlsx holding
1-9月完成投资): the inbox never lets it replace a stored period — it replaced the real
September as a routine correction — nor take one from a file named for it, and says why;
a period of its own it stores, saying the conflict; a manual ingest stores it by its data
and says the conflict whatever -v."""

from __future__ import annotations

import json

import pytest

from projtrack.store import Store
from test_cron_inbox import DATA, MAR, MAR_FIXED, age, inbox, make, run, store_digest

# Where the data's period came from, each part from its own source: the month from the
# header, the year from the title (a tester read 表头「…」为2025年1月 when the year was
# the plan header's).
SAID = "表头「1-3月完成投资」为1-3月、标题「2024年绵竹市重点项目推进情况」为2024年"

__all__ = ["inbox"]  # the fixture, shared with test_cron_inbox


def test_a_misnamed_file_never_replaces_a_stored_period(tidy, inbox) -> None:
    march = make(tidy, 3, MAR, "inbox/2024年3月台账.xlsx")
    age(march, 100)
    first = run("brief", "--quarter", "Q1", "-f", "json")
    assert first.exit_code == 0, first.output
    before = store_digest()
    # Named February, its header says 1-3月, one figure differs; newer than March's file.
    misnamed = make(tidy, 3, MAR_FIXED, "inbox/2024年2月台账.xlsx")
    age(misnamed, 10)
    second = run("brief", "--quarter", "Q1", "-f", "json")
    assert second.exit_code == 0, second.output
    # March's own figures stay: 30 + 60 + 50 = 140, not the misnamed file's 155.
    assert json.loads(second.stdout)["total"]["completed_ytd"] == pytest.approx(140)
    line = next(ln for ln in second.stderr.splitlines() if "2024年2月台账.xlsx" in ln)
    assert line.startswith("跳过 Skipped: ")
    assert f"文件名「2024年2月台账」为2024年2月，{SAID}" in line
    assert "两者不一致，未入库，2024-03期已入库的数据不变" in line
    assert "改正文件名" in line
    assert line.endswith(f"projtrack ingest {misnamed} --period 2024-03 --replace")
    assert "Ingested" not in second.stderr and "superseded" not in second.stderr
    assert "now stored from" not in second.stderr
    assert store_digest() == before  # nothing replaced, nothing set aside
    assert Store(DATA).manifest()["replaced"] == []
    # Reported again every run until the user decides; still nothing stored.
    third = run("brief", "--quarter", "Q1")
    assert "2024年2月台账.xlsx：文件名「2024年2月台账」" in third.stderr
    assert store_digest() == before


def test_a_misnamed_file_of_a_new_period_is_stored_saying_so(tidy, inbox) -> None:
    """2024年4月调度.xlsx holding 1-3月 (files are often named for the month they are sent):
    its data's period is stored, the report line saying the conflict."""
    make(tidy, 3, MAR, "inbox/2024年2月台账.xlsx")
    result = run("brief", "--quarter", "Q1", "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["total"]["completed_ytd"] == pytest.approx(140)
    line = next(ln for ln in result.stderr.splitlines() if "2024年2月台账.xlsx" in ln)
    assert line.startswith("入库 Ingested: ") and "period 2024-03" in line
    assert f"注意：文件名「2024年2月台账」为2024年2月，{SAID}" in line
    assert [s.period for s in Store(DATA).snapshots()] == ["2024-03"]


def test_a_file_named_for_the_period_wins_over_a_misnamed_newer_one(tidy, inbox) -> None:
    """Both new in one run: the file named 3月 is stored, the newer misnamed one reported."""
    march = make(tidy, 3, MAR, "inbox/2024年3月台账.xlsx")
    age(march, 100)
    misnamed = make(tidy, 3, MAR_FIXED, "inbox/2024年2月台账.xlsx")
    age(misnamed, 10)
    result = run("brief", "--quarter", "Q1", "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["total"]["completed_ytd"] == pytest.approx(140)
    assert "2024年2月台账.xlsx：文件名「2024年2月台账」" in result.stderr
    assert "未入库，2024-03期已入库的数据不变" in result.stderr


def test_a_manual_ingest_says_the_conflict(tidy) -> None:
    march = make(tidy, 3, MAR, "2024年3月台账.xlsx")
    assert run("ingest", str(march)).exit_code == 0
    misnamed = make(tidy, 3, MAR_FIXED, "2024年2月台账.xlsx")
    refused = run("ingest", str(misnamed))
    assert refused.exit_code == 2 and "加 --replace" in refused.stderr
    assert f"另：文件名「2024年2月台账」为2024年2月，{SAID}" in refused.stderr
    replaced = run("ingest", str(misnamed), "--replace")
    assert replaced.exit_code == 0, replaced.output
    assert "已替换 Replaced: 2024-03" in replaced.stdout
    assert (f"注意 Note: 文件名「2024年2月台账」为2024年2月，{SAID}，"
            "两者不一致；已按数据入库为 2024-03 期") in replaced.stderr  # fmt: skip
    assert [r["source"] for r in Store(DATA).manifest()["replaced"]] == ["2024年3月台账.xlsx"]
    # The period option is the user's decision: no note, as for a well-named file.
    again = run("ingest", str(make(tidy, 3, MAR, "2024年2月台账.xlsx")), "--period", "2024-03",
                "--replace")  # fmt: skip
    assert again.exit_code == 0 and "注意 Note" not in again.stderr
    plain = run("ingest", str(make(tidy, 3, MAR_FIXED, "2024年3月台账.xlsx")), "--replace")
    assert plain.exit_code == 0 and "注意 Note" not in plain.stderr
