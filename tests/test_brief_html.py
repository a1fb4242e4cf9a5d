"""`brief --format html`: one self-contained page, readable on a 375-px phone screen."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from browsing import BROWSER, NO_BROWSER, measure
from projtrack.cli.app import app
from projtrack.jobs.brief import Briefing, brief
from projtrack.render.brief.context import brief_context
from projtrack.render.brief.html import render_brief_html

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


class Text(HTMLParser):
    """The page's visible text (not CSS), its tags and attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._skip += tag in ("style", "script")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "script")
        if tag in ("p", "h1", "h2", "h3", "td", "th", "li", "div", "text"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def parse(page: str) -> Text:
    parser = Text()
    parser.feed(page)
    return parser


@pytest.fixture(scope="module")
def deyang() -> Briefing:
    return brief(ledger=EXAMPLES / "deyang_2022_1-9.xlsx")


def test_one_file_with_no_script_and_no_external_reference(deyang: Briefing) -> None:
    page = render_brief_html(deyang)
    tags = parse(page).tags
    assert not any(t == "script" or t == "link" for t, _ in tags)
    assert not any(k in ("src", "href") for _, a in tags for k in a)
    assert "@import" not in page and not re.search(r"url\((?!#)", page)
    # The only URL is the SVG namespace, which is a name, not something fetched.
    assert set(re.findall(r"https?://[^\"' )]+", page)) == {"http://www.w3.org/2000/svg"}
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "@page" in page and "size: A4" in page


def test_the_same_sentences_and_figures_as_the_context(deyang: Briefing) -> None:
    ctx = brief_context(deyang)
    text = "".join(parse(render_brief_html(deyang)).parts)
    for sentence in [ctx["headline"], ctx["ranking"]["lists"], ctx["ranking"]["note"],
                     ctx["warnings"]["lead"], ctx["warnings"]["rules"], *ctx["anomalies"],
                     *ctx["colophon"], ctx["masthead"]["name"]]:  # fmt: skip
        assert sentence and sentence in text
    for row in ctx["ranking"]["rows"]:
        for cell in row:
            assert cell in text


def test_chart_has_a_bar_per_ranked_group_and_the_time_progress_line(deyang: Briefing) -> None:
    page = render_brief_html(deyang)
    svg = page[page.index("<svg") : page.index("</svg>")]
    rated = deyang.ranking.rows.filter(deyang.ranking.rows["completion_rate"].is_not_null())
    bars = re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)"', svg)
    assert len(bars) == rated.height
    # Bar lengths are proportional to the rates (independently of the drawing code).
    rates = rated["completion_rate"].to_list()
    ratios = [float(w) / r for w, r in zip(bars, rates, strict=True)]
    assert max(ratios) / min(ratios) < 1.001
    assert "时序进度75.0%" in svg and 'stroke-dasharray="6 4"' in svg
    # 红榜 solid dark red, 黑榜 hatched: told apart without colour.
    assert svg.count('fill="#8B0000"') == (rated["list"] == "red").sum()


def test_ledger_text_is_escaped(tidy) -> None:
    ledger = tidy(
        ["项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资", "存在问题"],
        [["<script>x()</script>", "东<区>", 3000, 200, "a & b"], ["丙", "西区", 2000, 150, ""]],
        name="x.csv",
    )
    page = render_brief_html(brief(ledger=ledger))
    # (the text is punctuated like all printed text: x() → x（）)
    assert "<script>" not in page and "&lt;script&gt;x（）&lt;/script&gt;" in page
    assert "东&lt;区&gt;" in page


def test_cli_writes_the_page(runner: CliRunner, example: Path, tmp_path: Path) -> None:
    out = tmp_path / "简报.html"
    result = runner.invoke(app, ["brief", str(example), "--quarter", "Q1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    shown = runner.invoke(app, ["brief", str(example), "--quarter", "Q1", "-f", "html"])
    assert shown.stdout == out.read_text(encoding="utf-8")


@pytest.mark.skipif(BROWSER is None, reason=NO_BROWSER)
def test_a_phone_shows_it_without_sideways_scrolling(deyang: Briefing, tmp_path: Path) -> None:
    """At 375 px the body does not overflow (wide tables scroll inside their own box)."""
    seen = measure(render_brief_html(deyang), tmp_path)
    assert seen["viewport"] <= 375
    assert seen["document"] <= seen["viewport"] and seen["body"] <= seen["viewport"]
    assert seen["headline"] == brief_context(deyang)["headline"]
    left, right, top, width, height = seen["box"]
    assert seen["visible"] and width > 200 and height > 0
    assert 0 <= left and right <= seen["viewport"] and top < 800  # on the first screen
    assert seen["scripts"] == 0 and seen["external"] == 0
