"""Ledger text in Markdown output stays text: parsed by a CommonMark reader, it makes no
heading, list, HTML, emphasis or extra table cell (markdown-it-py comes with rich)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.render.cells import escape_inline, escape_markdown

HEADER = [
    "序号",
    "项目名称",
    "县(市、区)",
    "2024年计划投资",
    "1-3月完成投资",
    "存在问题",
    "责任单位",
]
NASTY = ["# 要点", "<b>粗</b><script>x</script>", "a | b", "*星* _下_", "1. 列表", "- 条目",
         "> 引用", "[链接](http://x)", "~~删~~", "`码`", "&amp;", "多\n行"]  # fmt: skip


def pipes(line: str) -> int:
    """Cell separators of a table line: "|" not escaped by a backslash."""
    return len(re.findall(r"(?<!\\)\|", line.replace("\\\\", "")))


def render(md: str) -> str:
    return MarkdownIt("commonmark").enable("table").enable("strikethrough").render(md)


@pytest.mark.parametrize("text", NASTY)
def test_escaped_text_renders_as_itself(text: str) -> None:
    for escaped in (escape_markdown(text), "x" + escape_inline(text)):
        html = render(escaped)
        assert html.startswith("<p>"), html
        for tag in ("<h1", "<b>", "<script", "<em", "<strong", "<li", "<blockquote", "<a ",
                    "<s>", "<del", "<code"):  # fmt: skip
            assert tag not in html


def test_briefing_and_tables_keep_ledger_text_as_text(
    runner: CliRunner, tidy: Callable[..., Path]
) -> None:
    rows = [[i, f"项目{i}{t}" if i % 2 else "项目" + str(i), "旌阳区|罗江", 1000, 100 * i, t, t]
            for i, t in enumerate(NASTY, start=1)]  # fmt: skip
    path = tidy(HEADER, rows)
    brief = runner.invoke(app, ["brief", str(path)])
    assert brief.exit_code == 0, brief.output
    html = render(brief.stdout)
    assert html.count("<h1>") == 1
    for tag in ("<b>", "<script", "<em>", "<strong>粗", "<blockquote", "<a href", "<s>", "<code"):
        assert tag not in html, tag
    assert "&lt;b&gt;粗&lt;/b&gt;" in html
    # every table row keeps its number of cells although names hold "|"
    tables = re.findall(r"(?m)(?:^\|.*\n)+", brief.stdout)
    assert len(tables) >= 3
    for table in tables:
        lines = table.splitlines()
        assert {pipes(line) for line in lines} == {pipes(lines[1])}, table
    for command in ("problems", "warn", "rank"):
        result = runner.invoke(app, [command, str(path), "-f", "md"])
        assert result.exit_code == 0, result.output
        out = render(result.stdout)
        assert "<script" not in out and "<b>" not in out and "<blockquote" not in out
