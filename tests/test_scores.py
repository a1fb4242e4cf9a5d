"""Composite scores and separate ranking sequences, against a hand computation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app

HEADER = ["项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资"]
# As of 2024-06-30 (time progress 50%).
ROWS = [
    ["a1", "A", 100, 60], ["a2", "A", 100, 60],  # rate 60%, no red project
    ["b1", "B", 100, 90], ["b2", "B", 100, 0],  # rate 45%, b2 零投资 after Q1: red 1/2
    ["c1", "C", 100, 40],  # rate 40%, 10 pp behind: yellow
    ["d1", "D", 100, 10],  # rate 10%, 40 pp behind: red
]  # fmt: skip


def run(runner: CliRunner, ledger: Path, config: Path) -> dict:
    result = runner.invoke(app, ["rank", str(ledger), "--config", str(config), "-f", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_composite_score_hand_computation(runner: CliRunner, tidy, tmp_path: Path) -> None:
    ledger = tidy(HEADER, ROWS)
    config = tmp_path / "p.toml"
    config.write_text(
        "[lists]\ntop_n = 1\nweights = { completion_rate = 0.5, red_share = 0.5 }\n", "utf-8"
    )
    data = run(runner, ledger, config)
    # Range method: rate (min 10%, max 60%) → A 100, B 70, C 60, D 0;
    # red share (min 0, max 1, lower is better) → A 100, B 50, C 100, D 0.
    expected = {"A": 100.0, "B": 60.0, "C": 80.0, "D": 0.0}
    got = {r["group"]: r["score"] for r in data["rows"]}
    assert got == pytest.approx(expected)
    assert [(r["group"], r["rank"], r["list"]) for r in data["rows"]] == [
        ("A", 1, "red"), ("C", 2, None), ("B", 3, None), ("D", 4, "black"),
    ]  # fmt: skip
    assert "综合得分 = 完成率×0.5 + 红色预警项目占比（越低越好）×0.5" in data["rule"]
    table = runner.invoke(app, ["rank", str(ledger), "--config", str(config)]).stdout
    assert "综合得分" in table and "80.0" in table


def test_sequences_are_ranked_apart(runner: CliRunner, tidy, tmp_path: Path) -> None:
    ledger = tidy(HEADER, ROWS)
    config = tmp_path / "p.toml"
    config.write_text(
        '[lists]\ntop_n = 1\nsequences = [ { name = "县区", members = ["A", "B"] },'
        ' { name = "园区", members = ["C", "D"] } ]\n',
        "utf-8",
    )
    data = run(runner, ledger, config)
    assert [(r["sequence"], r["group"], r["rank"], r["list"]) for r in data["rows"]] == [
        ("县区", "A", 1, "red"),
        ("县区", "B", 2, "black"),  # 5 pp behind: bottom of its sequence
        ("园区", "C", 1, None),  # first of its sequence but behind time progress
        ("园区", "D", 2, "black"),
    ]
    assert "分序列排名（县区、园区）" in data["rule"]


def test_bad_weights_and_sequences(runner: CliRunner, tidy, tmp_path: Path) -> None:
    ledger = tidy(HEADER, ROWS)
    for text, message in [
        ("[lists]\nweights = { start_rat = 1 }\n", "did you mean 'start_rate'?"),
        ("[lists]\nweights = { start_rate = 0 }\n", "must be a positive number"),
        ('[lists]\nsequences = [ { name = "x", members = ["A"] }, { name = "y", members = ["A"] } ]\n',
         "A in two ranking sequences"),
    ]:  # fmt: skip
        config = tmp_path / "bad.toml"
        config.write_text(text, "utf-8")
        result = runner.invoke(app, ["rank", str(ledger), "--config", str(config)])
        assert result.exit_code == 2 and message in result.stderr


def test_csv_carries_the_sequence_and_score(runner: CliRunner, tidy, tmp_path: Path) -> None:
    ledger = tidy(HEADER, ROWS)
    config = tmp_path / "p.toml"
    config.write_text(
        "[lists]\nweights = { completion_rate = 0.5, red_share = 0.5 }\n"
        'sequences = [ { name = "县区", members = ["A", "B"] } ]\n',
        "utf-8",
    )
    result = runner.invoke(app, ["rank", str(ledger), "--config", str(config), "-f", "csv"])
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "排名,县(市、区),项目数,年度计划投资(万元),累计完成投资(万元),完成率,"
        "较时序进度(百分点),序列,综合得分,榜单"
    )
    rows = {line.split(",")[1]: line.split(",") for line in lines[1:]}
    assert rows["A"][7:] == ["县区", "100.0", "红榜"]
    assert rows["C"][7:9] == ["其他", "80.0"]  # scores are normalised across all groups
    assert float(rows["A"][6]) == pytest.approx(10.0)


def test_the_unranked_groups_set_no_end_of_the_range(
    runner: CliRunner, tidy, tmp_path: Path
) -> None:
    """A (未填写) group at 90% set the top of the range: every unit's score fell and the
    红榜 went to another unit. Only ranked units (not 未填写, with a plan) span it."""
    ledger = tidy(HEADER, [*ROWS, ["x1", None, 100, 90], ["n1", "N", None, 50]])
    config = tmp_path / "p.toml"
    config.write_text(
        "[lists]\ntop_n = 1\nweights = { completion_rate = 0.5, red_share = 0.5 }\n", "utf-8"
    )
    data = run(runner, ledger, config)
    got = {r["group"]: r["score"] for r in data["rows"]}
    assert {g: got[g] for g in "ABCD"} == pytest.approx({"A": 100.0, "B": 60.0, "C": 80.0,
                                                          "D": 0.0})  # fmt: skip
    assert got["(未填写)"] is None and got["N"] is None
    assert [r["group"] for r in data["rows"] if r["list"] == "red"] == ["A"]
