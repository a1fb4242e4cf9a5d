"""Titles and notes of rank and the table commands follow ``[general] punctuation`` (SPEC §4).

Full-width by default, as the briefing; ``"half"`` keeps ,;:() everywhere. Column titles
follow it too (年度计划投资（万元）, SPEC §4) except in CSV, whose headers scripts read by
name; cells keep the ledger's own marks; JSON restyles only its own prose (messages, rules).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.render.machine import PROSE_KEYS
from projtrack.render.punctuation import mixed_width as full_width_marks

COMMANDS = ["rank", "warn", "starts", "problems"]


def run(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def prose(text: str) -> list[str]:
    """The lines of Markdown that are titles or notes, not table rows."""
    return [line for line in text.splitlines() if line and not line.startswith("|")]


@pytest.mark.parametrize("command", COMMANDS)
def test_full_width_by_default_half_on_request(
    runner: CliRunner, example: Path, tmp_path: Path, command: str
) -> None:
    full = prose(run(runner, command, str(example), "-f", "md"))
    assert full and all(not any(m in line for m in "(),;:") for line in full[1:]), full
    assert any("（" in line or "，" in line or "：" in line for line in full)
    config = tmp_path / "half.toml"
    config.write_text('[general]\npunctuation = "half"\n', encoding="utf-8")
    half = prose(run(runner, command, str(example), "-f", "md", "--config", str(config)))
    assert not any(m in line for line in half for m in "（），；：")
    assert len(half) == len(full)


def test_column_titles_follow_the_style_csv_and_json_keep_their_marks(
    runner: CliRunner, example: Path, tmp_path: Path
) -> None:
    config = tmp_path / "half.toml"
    config.write_text('[general]\npunctuation = "half"\n', encoding="utf-8")
    md = run(runner, "rank", str(example), "-f", "md")
    assert "| 年度计划投资（万元） |" in md and "| 较时序进度（百分点） |" in md
    assert "| 年度计划投资(万元) |" in run(runner, "rank", str(example), "-f", "md",
                                         "--config", str(config))  # fmt: skip
    assert "年度计划投资（万元）" in run(runner, "rank", str(example))  # the terminal table
    assert "逾期（月）" in run(runner, "starts", str(example), "-f", "md")
    assert "年度计划投资(万元)" in run(runner, "rank", str(example), "-f", "csv").splitlines()[0]
    assert "逾期(月)" in run(runner, "starts", str(example), "-f", "csv").splitlines()[0]
    for command in COMMANDS:
        default = json.loads(run(runner, command, str(example), "-f", "json"))
        half = json.loads(run(runner, command, str(example), "-f", "json", "--config", str(config)))
        assert _data(default) == _data(half), command  # data keep their marks
        assert _prose(default) == [full_width_marks(t) for t in _prose(half)], command
        assert not [t for t in _prose(default) if re.search("[\u4e00-\u9fff][,;:(]", t)]
    rule = json.loads(run(runner, "rank", str(example), "-f", "json"))["rule"]
    assert rule.startswith("红榜：完成率前") and "；黑榜：" in rule and "（未填写）不排名" in rule


def _prose(value: object) -> list[str]:
    """The texts under JSON's prose keys (message, rule, rules), in document order."""
    if isinstance(value, dict):
        return [t for k, v in value.items()
                for t in (_said(v) if k in PROSE_KEYS else _prose(v))]  # fmt: skip
    return [t for v in value for t in _prose(v)] if isinstance(value, list) else []


def _said(value: object) -> list[str]:
    """A prose key's texts: one, or a list of them (warn's ``rules``)."""
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _data(value: object) -> object:
    """``value`` without its prose keys."""
    if isinstance(value, dict):
        return {k: _data(v) for k, v in value.items() if k not in PROSE_KEYS}
    return [_data(v) for v in value] if isinstance(value, list) else value


@pytest.mark.parametrize(
    ("message", "printed"),
    [
        ("乙: 年度计划投资为0,不计完成率", "乙：年度计划投资为0，不计完成率"),
        ("合计行的年度计划投资 300 与所含项目之和 310 不符(差 -10)",
         "合计行的年度计划投资 300 与所含项目之和 310 不符（差 -10）"),
        ("未计入: summary sheet (汇总) without project rows, not counted",
         "未计入：summary sheet （汇总） without project rows, not counted"),
        ("累计完成投资17,200万元超过年度计划的3倍,请核实",
         "累计完成投资17,200万元超过年度计划的3倍，请核实"),
        ("the value (abc) is bad, see A1:B2", "the value (abc) is bad, see A1:B2"),
        ("进度:滞后10~30个百分点(含)为黄", "进度：滞后10～30个百分点（含）为黄"),
        ("see ~/x and 1~2 files", "see ~/x and 1~2 files"),
    ],
)  # fmt: skip
def test_finding_messages_full_width_next_to_chinese_only(message: str, printed: str) -> None:
    from projtrack.render.punctuation import mixed_width

    assert mixed_width(message) == printed


def test_check_and_hints_print_findings_full_width(runner: CliRunner, tidy) -> None:
    ledger = tidy(
        ["项目名称", "县(市、区)", "年度计划投资", "1-3月完成投资"],
        [["甲", "东区", 0, 30], ["乙", "西区", 100, 30]],
    )
    shown = runner.invoke(app, ["check", str(ledger)]).stdout
    assert "甲：年度计划投资为0，不计完成率" in shown
    hints = runner.invoke(app, ["rank", str(ledger), "-v"])
    assert "提示 Sheet1!C4：甲：年度计划投资为0，不计完成率" in hints.stderr
    count = runner.invoke(app, ["rank", str(ledger)])
    assert count.stderr.strip().endswith("提示：1 条（加 -v 查看详情）")


HEADER = ["项目名称", "县(市、区)", "包保领导", "建设性质", "年度计划投资", "1-6月完成投资"]
ROWS = [["东城学校", "东城区", "张县长", "续建", 2000, 1200],
        ["西城医院", "西城区", "李副县长", "续建", 3000, 1500],
        ["北城码头", None, None, "续建", 800, 390]]  # fmt: skip


def test_projtrack_s_own_placeholders_follow_the_style(
    runner: CliRunner, tidy, tmp_path: Path
) -> None:
    """（未填写） and （无） print as the briefing prints them, in every format a person reads;
    CSV and JSON keep the value (UNSET_GROUP) that scripts match on."""
    import openpyxl

    from projtrack.vocab import UNSET_GROUP

    ledger = tidy(HEADER, ROWS, name="2024年6月台账.xlsx")
    for args in (["rank"], ["rank", "-f", "md"], ["warn", "--all"], ["warn", "--all", "-f", "md"]):
        text = run(runner, *args, str(ledger))
        assert "（未填写）" in text and UNSET_GROUP not in text, args
    assert "（无）" in run(runner, "woniu", str(ledger), "--no-record")  # an empty table
    assert f",{UNSET_GROUP}," in run(runner, "rank", str(ledger), "-f", "csv")
    groups = [
        r["group"] for r in json.loads(run(runner, "rank", str(ledger), "-f", "json"))["rows"]
    ]
    assert UNSET_GROUP in groups
    for command, out in (("brief", "b.xlsx"), ("warn", "w.xlsx"), ("rank", "r.xlsx")):
        target = tmp_path / out
        assert runner.invoke(app, [command, str(ledger), "-o", str(target)]).exit_code == 0
        cells = [v for ws in openpyxl.load_workbook(target).worksheets
                 for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)]  # fmt: skip
        assert "（未填写）" in cells and not [v for v in cells if UNSET_GROUP in v], command
    book = openpyxl.load_workbook(tmp_path / "b.xlsx")
    assert "（未填写）" in [row[1] for row in book["包保领导"].iter_rows(values_only=True)]
    config = tmp_path / "half.toml"
    config.write_text('[general]\npunctuation = "half"\n', encoding="utf-8")
    assert UNSET_GROUP in run(runner, "rank", str(ledger), "--config", str(config))
    assert "(无)" in run(runner, "woniu", str(ledger), "--no-record", "--config", str(config))
