"""projtrack.toml: init writes it, load validates it (exit 2 with the key and a suggestion)."""

from __future__ import annotations

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
        ('[general]\nconvention = "week"\n', "general.convention must be 'month' or 'day'"),
        (
            '[columns]\n"本年计划数" = "anual_plan"\n',
            "is not a field (did you mean 'annual_plan'?)",
        ),
        ('[lists]\nexempt = [{ unit = "县教育局" }]\n', "lists.exempt entries are"),
        ("[warnings\n", "not valid TOML"),
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
