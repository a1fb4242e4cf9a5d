"""第N期 of the masthead: as set in ``[brief] issue``, or numbered from the snapshot store."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app

HEADER = ["项目名称", "县(市、区)", "年度计划投资", "1-{m}月完成投资"]


def test_issue_numbered_from_the_store(
    runner: CliRunner, tidy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    months = {}
    for m in (1, 2, 3):
        head = [h.format(m=m) for h in HEADER]
        months[m] = tidy(head, [["甲", "东区", 100, 10 * m]], name=f"m{m}.xlsx")
    for m in (1, 2):  # January and February are stored; March is briefed from its file
        assert runner.invoke(app, ["ingest", str(months[m])]).exit_code == 0
    config = tmp_path / "projtrack.toml"
    config.write_text('[brief]\nnumbering = "store"\n', encoding="utf-8")
    march = runner.invoke(app, ["brief", str(months[3])])
    assert march.exit_code == 0, march.output
    assert "\n第3期\n" in march.stdout  # two stored periods of 2024 before March
    february = runner.invoke(app, ["brief", str(months[2])])
    assert "\n第2期\n" in february.stdout  # its own stored period does not count twice
    config.write_text('[brief]\nnumbering = "store"\nissue = 7\n', encoding="utf-8")
    assert "\n第7期\n" in runner.invoke(app, ["brief", str(months[3])]).stdout  # set wins
    config.write_text("", encoding="utf-8")
    assert "\n第×期\n" in runner.invoke(app, ["brief", str(months[3])]).stdout
    config.write_text('[brief]\nnumbering = "yes"\n', encoding="utf-8")
    bad = runner.invoke(app, ["brief", str(months[3])])
    assert bad.exit_code == 2 and "brief.numbering" in bad.output
