"""The terminal ranking: columns aligned by their kind, and on narrow terminals the titles
of figures wrap and names fold, but no figure is cut and no name disappears."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console

from projtrack.config import load_config
from projtrack.figures.lists import ListRule
from projtrack.jobs.rank import rank
from projtrack.jobs.ranked import RankReport
from projtrack.render.markdown import render_rank as markdown_rank
from projtrack.render.tables import TableColumn, rank_columns, rank_rows
from projtrack.render.terminal import TEXT_MIN_WIDTH, fit_columns, render_rank

HEADER = ["序号", "项目名称", "县(市、区)", "2024年计划投资", "1-3月完成投资"]
NAMES = ["经济技术开发区管理委员会", "高新技术产业园区", "东区", "西湖风景名胜区", "南区"]


@pytest.fixture
def report(tidy: Callable[..., Path], tmp_path: Path) -> RankReport:
    rows = [[i, f"项目{i}", NAMES[i % 5], 1000 + 37 * i, 100 + 91 * i] for i in range(1, 21)]
    config = tmp_path / "p.toml"
    config.write_text('[lists]\nsequences = [ { name = "园区", members = ["经济技术开发区管理委员会", '
                      '"高新技术产业园区"] } ]\n', "utf-8")  # fmt: skip
    cfg = load_config(config)
    return rank(ledger=tidy(HEADER, rows), config=cfg, rule=ListRule.from_config(cfg.lists, None))


def show(report: RankReport, width: int) -> list[str]:
    console = Console(width=width, no_color=True, color_system=None, highlight=False, markup=False)
    with console.capture() as capture:
        render_rank(report, console)
    return capture.get().splitlines()


def column_edges(line: str, text: str, after: str = "") -> tuple[int, int]:
    """Display columns where ``text`` starts and ends in ``line`` (after ``after``)."""
    at = line.index(text, line.index(after) + len(after) if after else 0)
    start = cell_len(line[:at])
    return start, start + cell_len(text)


def test_columns_align_by_kind_not_position(report: RankReport) -> None:
    kinds = {c.header: c.kind for c in rank_columns(report)}
    assert kinds["序列"] == "text" and kinds["较时序进度（百分点）"] == "number"
    assert kinds["榜单"] == "text"
    lines = show(report, 200)
    head = next(line for line in lines if "较时序进度（百分点）" in line)
    rows = rank_rows(report)
    for cells in rows[:-1]:
        line = next(ln for ln in lines if f" {cells[1]} " in ln)
        # a figure ends where its title ends; a text starts where its title starts
        assert column_edges(line, cells[7])[1] == column_edges(head, "较时序进度（百分点）")[1]
        assert column_edges(line, cells[2], cells[1])[0] == column_edges(head, "序列")[0]
        if cells[-1]:
            assert column_edges(line, cells[-1])[0] == column_edges(head, "榜单")[0]
    md = markdown_rank(report).splitlines()
    aligns = md[md.index(next(ln for ln in md if ln.startswith("| 排名"))) + 1]
    assert aligns == "| :-- | :-- | :-- | --: | --: | --: | --: | --: | :-- |"


@pytest.mark.parametrize("width", [60, 80, 100, 110])
def test_narrow_terminals_keep_names_and_whole_figures(report: RankReport, width: int) -> None:
    lines = show(report, width)
    text = "\n".join(lines)
    assert "…" not in text
    figures = [c for row in rank_rows(report) for c in row[3:8]]
    for figure in figures:
        assert f" {figure}" in text  # each figure whole, on one line
    body = [ln for ln in lines if ln.strip()]
    for name in NAMES:  # at least the first characters of every name on a line of its own
        assert any(name[:3] in ln for ln in body), (width, name)
    if width >= 80:
        assert max(cell_len(ln) for ln in lines[:-3]) <= width
        # the 80-column table has room for the shorter names whole
        assert all(any(name in ln for ln in lines) for name in ("东区", "西湖风景名胜区"))


def test_fit_columns_folds_titles_first_and_keeps_text_columns() -> None:
    columns = [TableColumn("排名", "rank"), TableColumn("单位", "text"),
               TableColumn("年度计划投资(万元)", "number"), TableColumn("榜单", "text")]  # fmt: skip
    rows = [["1", "经济技术开发区管理委员会", "1,606,949", "红榜"]]
    widths, headers = fit_columns(columns, rows, 200)
    assert widths == [None] * 4 and headers[2] == "年度计划投资(万元)"
    widths, headers = fit_columns(columns, rows, 40)
    assert headers[2] == "年度计划\n投资\n(万元)"
    assert widths[2] == 9 and widths[3] == 4  # the figure whole, the mark as wide as it is
    assert widths[1] is not None and widths[1] >= TEXT_MIN_WIDTH


def test_views_fold_text_and_keep_figures_on_narrow_terminals(example: Path) -> None:
    from projtrack.jobs.warn import warn
    from projtrack.render.supervision import warn_views
    from projtrack.render.views import to_terminal

    report = warn(ledger=example)
    console = Console(width=80, no_color=True, color_system=None, highlight=False, markup=False)
    with console.capture() as capture:
        to_terminal(warn_views(report, show_blue=False), console)
    text = capture.get()
    assert "…" not in text
    assert max(cell_len(line) for line in text.splitlines()) <= 80
    flat = "".join(text.split())
    for name in report.projects.filter(report.projects["color"] != "blue")["name"]:
        assert name in flat or all(part in flat for part in (name[:5], name[-2:]))


def test_a_view_far_wider_than_the_screen_keeps_its_names_and_titles() -> None:
    """A trend over 16 periods (33 columns) on 100 columns: the group column was squeezed to
    nothing and the titles cut to "202…"; now every name and every title is printed."""
    from projtrack.render.views import View, to_terminal

    titles = [f"2024年{m}月" for m in range(1, 13)] + [f"2025年{m}月" for m in range(1, 5)]
    headers = ["分组"] + [f"{t}{k}" for t in titles for k in ("完成率", "较时序")]
    groups = ["龙泉镇", "东城街道", "临港工业园", "合计"]
    rows = [[g] + ["12.3%", "-4.5"] * len(titles) for g in groups]
    view = View(title="各期完成率", headers=headers, rows=rows, numeric=set(range(1, len(headers))))
    console = Console(width=100, no_color=True, color_system=None, highlight=False, markup=False)
    with console.capture() as capture:
        to_terminal([view], console)
    text = capture.get()
    assert "…" not in text
    lines = text.splitlines()
    for group in groups:
        assert any(line.strip().startswith(group) for line in lines), group
    flat = "".join(text.split())
    assert "2025年4月" in flat.replace("\n", "")
