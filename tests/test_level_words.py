"""A level is said by its own word in the briefing, however the ledger spells it.

v2_德阳市前三季度 wrote 省级重点 / 市级重点 in its 项目级别 column and the briefing said
「全市120个重点项目…其中，99个市级重点项目…；21个省级重点项目…」: the city before the
province and no 省市 — the ledger's wording taken for a level it did not know. The figures
below are computed here from the rows.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.figures.briefing import level_names, level_words

HEADER = ["序号", "项目名称", "县(市、区)", "项目级别", "年度计划投资", "1-6月完成投资"]
TITLE = "2024年德阳市重点项目推进情况表（1-6月）"


@pytest.mark.parametrize(
    ("city", "province"),
    [
        ("市级重点", "省级重点"),
        ("市级重点项目", "省级重点项目"),
        ("市重点项目", "省重点项目"),
        ("市级", "省级"),
        ("市重点", "省重点"),  # the canonical words: unchanged
    ],
)
def test_levels_are_said_and_ordered_by_their_own_word(
    runner: CliRunner, tidy: Callable[..., Path], city: str, province: str
) -> None:
    # the city's projects first and more of them: neither the ledger's order nor the
    # majority may put 市 before 省
    rows = [[1, "甲", "东区", city, 10000, 6000], [2, "乙", "西区", city, 10000, 6000],
            [3, "丙", "东区", city, 10000, 6000], [4, "丁", "西区", province, 10000, 3000],
            [5, "戊", "东区", province, 10000, 3000]]  # fmt: skip
    path = tidy(HEADER, rows, title=TITLE)
    md = runner.invoke(app, ["brief", str(path)]).stdout
    # 省: 2 projects, 6000 of 20000 = 30.0%, 时序进度 50%; 市: 3, 18000 of 30000 = 60.0%
    assert "上半年，全市5个省市重点项目累计完成投资" in md
    assert (
        "其中，2个省重点项目完成投资0.60亿元，占年度计划30.0%，滞后时序进度20.0个百分点；"
        "3个市重点项目完成投资1.80亿元，占年度计划60.0%，超时序进度10.0个百分点。"
    ) in md
    assert "级重点" not in md and "项目项目" not in md
    data = json.loads(runner.invoke(app, ["brief", str(path), "-f", "json"]).stdout)
    assert [(r["group"], r["projects"]) for r in data["levels"]] == [("省重点", 2), ("市重点", 3)]


def test_one_level_written_two_ways_is_one_level(
    runner: CliRunner, tidy: Callable[..., Path]
) -> None:
    rows = [[1, "甲", "东区", "县级重点", 10000, 5000], [2, "乙", "西区", "县重点项目", 10000, 5000],
            [3, "丙", "东区", "省级重点项目", 10000, 5000]]  # fmt: skip
    md = runner.invoke(app, ["brief", str(tidy(HEADER, rows, title=TITLE))]).stdout
    assert "全市3个省县重点项目" in md
    assert "其中，1个省重点项目完成投资" in md and "；2个县重点项目完成投资" in md
    assert "级重点" not in md and "项目项目" not in md


def test_level_names() -> None:
    written = ["省级重点项目", "市级", "县级重点", "区重点", "省重大项目", "国家重点", "其他"]
    assert level_names(written) == {
        "省级重点项目": "省重点", "市级": "市重点", "县级重点": "县重点", "区重点": "区重点",
        "省重大项目": "省重大", "国家重点": "国家重点", "其他": "其他",
    }  # fmt: skip
    # a bare 省级 beside 省重大 may be either: left as written
    assert level_names(["省重大", "省级"]) == {"省重大": "省重大", "省级": "省级"}
    assert level_words(["市级重点", "省级重点项目"]) == "省市重点项目"
    assert level_words(["县级"]) == "县重点项目"
