"""The Python API: ``import projtrack; projtrack.rank(...)`` returns what the CLI renders."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import projtrack
from projtrack.cli.app import app
from projtrack.render.machine import to_json

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "zhongjiang_2024_q1.xlsx"


def test_every_api_name_resolves() -> None:
    for name in projtrack.__all__:
        assert getattr(projtrack, name) is not None, name
    with pytest.raises(AttributeError):
        projtrack.no_such_thing  # noqa: B018


def test_rank_from_python_equals_the_cli_json(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)
    report = projtrack.rank(EXAMPLE, by="level")
    result = CliRunner().invoke(app, ["rank", str(EXAMPLE), "--by", "level", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == json.loads(to_json(report.to_json()))
    assert report.total["projects"] == 72
    assert round(report.total["completion_rate"] * 100, 1) == 30.8


def test_period_keywords_and_a_loaded_ledger() -> None:
    ledger = projtrack.load_ledger(EXAMPLE)
    by_path = projtrack.warn(EXAMPLE, quarter="Q1")
    by_ledger = projtrack.warn(ledger, quarter="Q1")
    assert by_path.counts == by_ledger.counts
    assert by_path.as_of.label == "一季度"


def test_importing_projtrack_loads_no_data_library() -> None:
    code = (
        "import sys, projtrack; "
        "print(sorted(m for m in ('polars', 'fastexcel', 'typer') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_python_page_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/python.md: every >>> example, as doctest runs it, from the repository's root."""
    import doctest

    monkeypatch.chdir(ROOT)
    result = doctest.testfile(str(ROOT / "docs" / "python.md"), module_relative=False,
                              optionflags=doctest.NORMALIZE_WHITESPACE)  # fmt: skip
    assert result.attempted >= 8 and result.failed == 0
