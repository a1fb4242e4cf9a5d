"""Ledger text in the documents that go out — 督办单 (Word, Markdown), problems and rutong
(Markdown, Word) — is punctuated as the briefing prints it: ``X项目(二期)`` reads
``X项目（二期）`` in every document of a run, figures (``1,200``, ``12:30``) untouched. The
CSV and JSON keep the ledger's text (scripts match on it)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import docx
from typer.testing import CliRunner

from projtrack.cli.app import app

NAME = "学生公寓建设项目(二期)"
PROBLEM = "环评批复未取得;林地征占用手续未办结:需省林草局审批(现场仅20余人),欠款1,200万元"
SENT_NAME = "学生公寓建设项目（二期）"
SENT_PROBLEM = "环评批复未取得；林地征占用手续未办结：需省林草局审批（现场仅20余人），欠款1,200万元"


def ledger(tidy: Callable[..., Path]) -> Path:
    header = ["项目名称", "责任单位", "年度计划投资", "1-9月完成投资", "存在问题", "办结时限",
              "问题状态"]  # fmt: skip
    rows = [[NAME, "县教育局(二组)", 1000, 0, PROBLEM, "2024-08-01", "未解决"],
            ["乙", "县教育局(二组)", 1000, 900, "", "", ""]]  # fmt: skip
    return tidy(header, rows, name="2024年9月台账.xlsx")


def test_notices_in_word_and_markdown(tidy: Callable[..., Path], tmp_path: Path) -> None:
    path, out = ledger(tidy), tmp_path / "out"
    runner = CliRunner()
    md = runner.invoke(app, ["notices", str(path), "-f", "md"])
    assert md.exit_code == 0, md.output
    assert SENT_NAME in md.stdout and SENT_PROBLEM in md.stdout
    assert "**县教育局（二组）：**" in md.stdout
    assert NAME not in md.stdout and "(" not in md.stdout
    result = runner.invoke(app, ["notices", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    [notice] = out.glob("*.docx")
    doc = docx.Document(io.BytesIO(notice.read_bytes()))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    texts = [p.text for p in doc.paragraphs] + cells
    assert SENT_NAME in cells and SENT_PROBLEM in cells and "县教育局（二组）：" in texts
    assert not any(NAME in t or PROBLEM in t for t in texts)


def test_problems_markdown_but_not_csv(tidy: Callable[..., Path]) -> None:
    path = ledger(tidy)
    md = CliRunner().invoke(app, ["problems", str(path), "-f", "md"]).stdout
    assert SENT_PROBLEM in md and SENT_NAME in md and PROBLEM not in md
    csv = CliRunner().invoke(app, ["problems", str(path), "-f", "csv"]).stdout
    assert PROBLEM in csv  # the checking list keeps the ledger's text
