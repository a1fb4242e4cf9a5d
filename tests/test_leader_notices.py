"""A 督办单 to a leader: worded in the charge the column names, without its level (您联系的项目,
not 您市级联系的项目), and without the 督办措施 that is the addressee's own 约谈 (分管市领导约谈
in a notice to the 分管市领导 himself); one notice per person, titles set aside.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.figures.notices import addressee_level, own_measure
from projtrack.render.notices import charge


@pytest.mark.parametrize(
    ("label", "verb"),
    [("包保领导", "包保"), ("挂点领导", "挂点"), ("市级联系领导", "联系"), ("包保县领导", "包保"),
     ("县级包联领导", "包联"), ("市挂钩领导", "挂钩"), ("分管县领导", "分管"), ("牵头区领导", "牵头"),
     ("责任领导", "负责"), ("市领导", "联系"), ("项目挂点领导", "挂点")],
)  # fmt: skip
def test_the_charge_is_the_column_s_verb_without_its_level(label: str, verb: str) -> None:
    assert charge(label) == verb


@pytest.mark.parametrize(
    ("label", "level"),
    [("市级联系领导", "市"), ("包保县领导", "县"), ("牵头区领导", "区"), ("包保领导", None),
     ("挂点领导", None)],
)  # fmt: skip
def test_the_leaders_level_is_the_column_s(label: str, level: str | None) -> None:
    assert addressee_level(label) == level


@pytest.mark.parametrize(
    ("action", "level", "own"),
    [
        ("分管市领导约谈", "市", True),  # the default ladder's red rung, to a 市级 leader
        ("分管副市长约谈", "市", True),
        ("约谈分管副市长", "市", True),
        ("分管市领导约谈", None, True),  # a column without a level: the ladder is the ledger's
        ("县领导约谈", "县", True),
        ("分管县领导约谈", "市", False),  # another level's leader
        ("分管副县长约谈", "市", False),
        ("主要领导约谈", "市", False),  # above the leader in charge
        ("市主要领导约谈", "市", False),
        ("项目负责人约谈", "市", False),  # the project's head, not a leader
        ("通报批评", None, False),
        (None, "市", False),
    ],
)
def test_own_measures(action: str | None, level: str | None, own: bool) -> None:
    assert own_measure(action, level) is own


HEADER = ["序号", "项目名称", "责任单位", "市级联系领导", "年度计划投资", "1-6月完成投资"]
ROWS = [
    [1, "棚户区改造", "市住建局", "张立新 副市长、刘洪波 副市长", 1000, 100],  # 10%: red
    [2, "物流枢纽", "市发改委", "常务副市长 马骏", 4000, 400],  # 10%: red
    [3, "环境治理", "市生态环境局", "马骏同志", 1000, 500],  # 50%: on time
]


@pytest.fixture
def ledger(tidy: Callable[..., Path]) -> Path:
    return tidy(HEADER, ROWS, title="2024年某市市级重点项目推进情况（1-6月）")


def _notices(runner: CliRunner, *args: str) -> dict:
    result = runner.invoke(app, ["notices", *args, "--dry-run", "-f", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_leader_s_notice_leaves_out_the_leader_s_own_talk(
    runner: CliRunner, ledger: Path
) -> None:
    per_unit = _notices(runner, str(ledger))
    actions = {r["name"]: r["action"] for n in per_unit["notices"] for r in n["red"]}
    assert actions == {"棚户区改造": "分管市领导约谈", "物流枢纽": "分管市领导约谈"}
    per_leader = _notices(runner, str(ledger), "--per", "leader")
    assert [n["unit"] for n in per_leader["notices"]] == ["张立新", "刘洪波", "马骏"]
    assert {r["action"] for n in per_leader["notices"] for r in n["red"]} == {None}
    md = runner.invoke(app, ["notices", str(ledger), "--per", "leader", "-f", "md"]).stdout
    assert "**马骏：**" in md and "常务副市长" not in md
    assert "您联系的项目有以下事项需督促办理：" in md and "市级联系" not in md
    assert "督办措施" not in md  # no empty column in a document that goes out
    unit_md = runner.invoke(app, ["notices", str(ledger), "-f", "md"]).stdout
    assert "| 督办措施 |" in unit_md and "你单位有以下事项需抓紧办理：" in unit_md


def test_a_measure_of_another_level_stays(runner: CliRunner, ledger: Path, tmp_path: Path) -> None:
    """A ladder naming the county's leader and the 主要领导: both are someone else's."""
    config = tmp_path / "projtrack.toml"
    config.write_text(
        "[supervision]\nladder = [\n"
        '    { colour = "red", periods = 1, action = "分管县领导约谈、市主要领导约谈" },\n]\n',
        encoding="utf-8",
    )
    per_leader = _notices(runner, str(ledger), "--per", "leader", "--config", str(config))
    assert {r["action"] for n in per_leader["notices"] for r in n["red"]} == {
        "分管县领导约谈、市主要领导约谈"
    }
