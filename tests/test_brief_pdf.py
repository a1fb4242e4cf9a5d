"""`brief --format pdf`: the HTML briefing printed by a headless browser, or exit 2."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from browsing import BROWSER, NO_BROWSER
from projtrack.cli.app import app
from projtrack.jobs.brief import brief
from projtrack.render.brief.context import brief_context

POPPLER = shutil.which("pdftotext") and shutil.which("pdffonts") and shutil.which("pdfinfo")


def test_no_engine_is_a_usage_error_naming_what_to_install(
    runner: CliRunner, example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROJTRACK_BROWSER", str(tmp_path / "no-such-browser"))
    out = tmp_path / "b.pdf"
    result = runner.invoke(app, ["brief", str(example), "--quarter", "Q1", "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "apt-get install -y chromium fonts-noto-cjk" in result.output
    assert "Edge" in result.output
    assert not out.exists() and list(tmp_path.iterdir()) == []  # never a broken file


@pytest.mark.skipif(BROWSER is None, reason=NO_BROWSER)
@pytest.mark.skipif(not POPPLER, reason="pdftotext/pdffonts not installed (poppler-utils)")
def test_the_pdf_holds_the_sentences_on_a4_pages_with_fonts_embedded(
    runner: CliRunner, example: Path, tmp_path: Path
) -> None:
    out = tmp_path / "简报.pdf"
    result = runner.invoke(app, ["brief", str(example), "--quarter", "Q1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))
    assert 2 <= pages <= 12
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info.stdout).groups())
    assert abs(width - 595.3) < 2 and abs(height - 841.9) < 2  # A4 in points
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    flat = re.sub(r"\s+", "", text)
    ctx = brief_context(brief(ledger=example, quarter="Q1"))
    for sentence in (ctx["headline"], ctx["levels"], ctx["ranking"]["lists"],
                     ctx["warnings"]["sentence"], ctx["starts"]["sentence"]):  # fmt: skip
        assert re.sub(r"\s+", "", sentence) in flat
    assert "—1—" in flat and f"—{pages}—" in flat  # page numbers
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True)
    rows = fonts.stdout.splitlines()[2:]
    assert rows and all(re.search(r"\byes\s+(yes|no)\s+yes\b", r) for r in rows), fonts.stdout
