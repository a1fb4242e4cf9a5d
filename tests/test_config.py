"""projtrack.toml: init writes it, load validates it (exit 2 with the key and a suggestion)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.config import Config, load_config, parse_config
from projtrack.errors import UsageError


def test_init_writes_a_valid_commented_config(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path), "--place", "中江县", "--scope", "全县"])
    assert result.exit_code == 0, result.output
    path = tmp_path / "projtrack.toml"
    text = path.read_text(encoding="utf-8")
    assert "# 红黄蓝预警" in text
    config = load_config(path)
    assert config.general.place == "中江县" and config.general.scope == "全县"
    # Apart from the names, the written file is exactly the built-in defaults.
    assert parse_config(tomllib.loads(text), source="x").warnings == Config().warnings
    assert config.lists == Config().lists


def test_init_refuses_to_overwrite(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "projtrack.toml").write_text("# mine\n", encoding="utf-8")
    result = runner.invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 2
    assert "already exists; use --force" in result.stderr
    assert (tmp_path / "projtrack.toml").read_text(encoding="utf-8") == "# mine\n"
    assert runner.invoke(app, ["init", str(tmp_path), "--force"]).exit_code == 0
    assert "[warnings]" in (tmp_path / "projtrack.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            "[warnings]\nprogres_red_pp = 20\n",
            "unknown key 'warnings.progres_red_pp' (did you mean 'progress_red_pp'?)",
        ),
        ("[warning]\n", "unknown key 'warning' (did you mean 'warnings'?)"),
        ('[lists]\ntop_n = "3"\n', "lists.top_n must be int, got '3'"),
        ("[lists]\ntop_n = true\n", "lists.top_n must be int, got True"),
        (
            "[warnings]\nprogress_yellow_pp = 40\n",
            "progress_yellow_pp must be ≥ 0 and ≤ warnings.progress_red_pp",
        ),
        ('[general]\nconvention = "week"\n', "general.convention must be 'month', 'day' or 'plan'"),
        (
            '[columns]\n"本年计划数" = "anual_plan"\n',
            "is not a field (did you mean 'annual_plan'?)",
        ),
        ('[lists]\nexempt = [{ unit = "县教育局" }]\n', "lists.exempt entries are"),
        ("[warnings\n", "not valid TOML"),
        ('[brief]\ndate = "2024年13月45日"\n', "brief.date 应为印发日期"),
        ('[brief]\ndate = "4月8日"\n', "brief.date 应为印发日期"),
        ('[brief]\ndate = "2024-02-30"\n', "brief.date 应为印发日期"),
        ("a = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
    ],
)
def test_bad_config_is_a_usage_error_naming_file_and_key(
    runner: CliRunner, example: Path, tmp_path: Path, toml: str, message: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(UsageError, match=r"bad\.toml"):
        load_config(path)
    result = runner.invoke(app, ["warn", str(example), "--config", str(path)])
    assert result.exit_code == 2
    assert str(path) in result.stderr and message in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("written", "printed"),
    [("2024年4月8日", "2024年4月8日"), ("2024-04-08", "2024年4月8日"), ("2024/4/8", "2024年4月8日"),
     ("2024年4月×日", "2024年4月×日"), (" ", "")],
)  # fmt: skip
def test_the_issue_date_is_a_real_date_in_the_official_form(
    tmp_path: Path, written: str, printed: str
) -> None:
    path = tmp_path / "p.toml"
    path.write_text(f'[brief]\ndate = "{written}"\n', encoding="utf-8")
    assert load_config(path).brief.date == printed


def test_missing_config_file(runner: CliRunner, example: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["warn", str(example), "--config", str(tmp_path / "no.toml")])
    assert result.exit_code == 2
    assert "configuration file not found" in result.stderr


def test_defaults_without_a_file(tmp_path: Path) -> None:
    assert load_config(None, cwd=tmp_path) == Config()


def test_aliases_and_exemptions_parse() -> None:
    config = parse_config(
        {
            "aliases": {"德阳经开区": ["经开区", "德阳经济技术开发区"]},
            "lists": {"exempt": [{"unit": "县教育局", "reason": "按学期拨付"}], "top_n": 2},
            "warnings": {"progress_red_pp": 25},
        },
        source="t",
    )
    assert config.alias_map() == {"经开区": "德阳经开区", "德阳经济技术开发区": "德阳经开区"}
    assert config.lists.exempt[0].unit == "县教育局"
    assert config.warnings.progress_red_pp == 25.0


def test_a_header_synonym_under_aliases_is_refused_with_the_way_out(
    runner: CliRunner, tidy, tmp_path: Path
) -> None:
    """`projtrack init`'s file ends with [aliases]: a synonym appended at the end went
    there, was accepted and merged nothing; the error said the same thing again. It is now
    a usage error that says where the line belongs. One name as a string still works."""
    config = tmp_path / "p.toml"
    config.write_text('[aliases]\n"建设地点" = "region"\n', encoding="utf-8")
    ledger = tidy(["项目名称", "建设地点", "年度计划投资", "1-6月完成投资"], [["甲", "东区", 1, 1]])
    result = runner.invoke(app, ["rank", str(ledger), "--config", str(config)])
    assert result.exit_code == 2
    assert "region is a field, not a unit's name" in result.stderr
    assert '"建设地点" = "region"' in result.stderr and "[columns]" in result.stderr
    one = parse_config({"aliases": {"城关镇": "河西镇"}}, source="t")
    assert one.alias_map() == {"河西镇": "城关镇"}


def test_synonyms_aliases_and_list_rules_change_rank(runner: CliRunner, tidy, tmp_path: Path):
    ledger = tidy(
        ["项目名称", "所属园区", "本年度投资计划数", "1-3月完成投资"],
        [["甲", "经开区", 100, 50], ["乙", "德阳经开区", 100, 10], ["丙", "高新区", 100, 5],
         ["丁", "旌阳区", 100, 20]],
    )  # fmt: skip
    without = runner.invoke(app, ["rank", str(ledger)])
    assert without.exit_code == 1 and "add a synonym under [columns]" in without.stderr
    config = tmp_path / "p.toml"
    config.write_text(
        '[columns]\n"本年度投资计划数" = "annual_plan"\n"所属园区" = "region"\n'
        '[aliases]\n"德阳经开区" = ["经开区"]\n'
        '[lists]\ntop_n = 1\nexempt = [{ unit = "高新区", reason = "新设园区" }]\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["rank", str(ledger), "--config", str(config), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    rows = {r["group"]: r for r in data["rows"]}
    assert set(rows) == {"德阳经开区", "高新区", "旌阳区"}  # 经开区 merged into 德阳经开区
    assert rows["德阳经开区"]["completion_rate"] == pytest.approx(0.3)
    # 高新区 is last but exempt: the black list (N = 1) goes to the next one up.
    assert (rows["高新区"]["list"], rows["旌阳区"]["list"]) == (None, "black")
    assert rows["德阳经开区"]["list"] == "red"
    assert "不列入黑榜：高新区（新设园区）" in data["rule"]


def test_list_gates_can_be_switched_off(runner: CliRunner, tidy, tmp_path: Path) -> None:
    ledger = tidy(["项目名称", "县(市、区)", "年度计划投资", "1-3月完成投资"],
                  [["甲", "东区", 100, 20], ["乙", "西区", 100, 10]])  # fmt: skip
    config = tmp_path / "p.toml"
    config.write_text("[lists]\ntop_n = 1\nred_requires_on_track = false\n", encoding="utf-8")
    data = json.loads(
        runner.invoke(app, ["rank", str(ledger), "--config", str(config), "-f", "json"]).stdout
    )
    assert [(r["group"], r["list"]) for r in data["rows"]] == [("东区", "red"), ("西区", "black")]
    assert data["rule"].startswith(
        "红榜：完成率第1名的单位；黑榜：完成率倒数第1名且滞后时序进度的单位"
    )


def test_a_synonym_no_sheet_has_is_a_warning(runner: CliRunner, tidy, tmp_path: Path) -> None:
    """A misspelt [columns] header used to pass unseen, the field read from its usual
    header (here 年度计划投资, not the 调整后计划 the user meant)."""
    ledger = tidy(
        ["项目名称", "县(市、区)", "年度计划投资", "调整后计划投资", "1-3月完成投资"],
        [["甲", "东区", 100, 80, 50], ["乙", "西区", 100, 120, 10]],
    )
    config = tmp_path / "p.toml"
    config.write_text('[columns]\n"调整后计划" = "annual_plan"\n', encoding="utf-8")
    result = runner.invoke(app, ["check", str(ledger), "--config", str(config), "-f", "json"])
    assert result.exit_code == 0, result.output
    found = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "synonym_unmatched"]
    assert len(found) == 1 and '"调整后计划" = "annual_plan"' in found[0]["message"]
    assert "年度计划投资按常用表头读取" in found[0]["message"]
    # Named right, the user's synonym wins over the built-in 年度计划投资 (it was refused as
    # two plan columns); a column letter no sheet has is a warning too.
    config.write_text(
        '[columns]\n"调整后计划投资" = "annual_plan"\n"Sheet1!Q" = "completed_ytd"\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["rank", str(ledger), "--config", str(config), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["total"]["annual_plan"] == 200
    result = runner.invoke(app, ["check", str(ledger), "--config", str(config), "-f", "json"])
    found = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "synonym_unmatched"]
    assert [f["message"] for f in found] == [
        'projtrack.toml [columns] "Sheet1!Q" = "completed_ytd"：没有工作表的Q列按累计完成投资读取'
        "（no sheet's column Q was read）"
    ]
