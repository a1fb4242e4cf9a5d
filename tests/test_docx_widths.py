"""Word tables as printed: a figure, a date, a unit name or a header word never breaks
inside, bold rows included; 项目名称 gets the room the one-line columns leave."""

from __future__ import annotations

import io
import re
from datetime import datetime

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import Table

from conftest import write_xlsx
from projtrack.jobs.brief import brief
from projtrack.render.brief.docx import render_brief_docx
from projtrack.render.brief.measure import TABLE_SIZE, column_widths, header_lines, text_em

UNITS = ["天府旅游名县示范区", "凯州新城管理委员会", "临港经济开发区管委会", "旌阳区", "罗江区",
         "广汉市", "什邡市", "绵竹市", "中江县", "德阳经开区", "德阳高新区", "西部产业园区"]  # fmt: skip
# A cell that must stay on one line: an amount, a rate, points, a rank, a date.
FIGURE = re.compile(r"[+-]?[\d,]+(\.\d+)?%?|\d{4}年\d{1,2}月")
TEXT_WIDTH_TWIPS = round((21 - 2.8 - 2.6) / 2.54 * 1440)


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> list[Table]:
    """The my1-like ledger of the review: 12 units with names up to 10 characters, 36
    projects with 40-character names, a total over a million 万元 (9 characters, bold)."""
    rows: list[list[object]] = [["2024年德阳市重点项目推进情况表（1-6月）"], ["单位：万元"]]
    rows.append(["项目名称", "县（市、区）", "年度计划投资", "1-6月完成投资", "建设性质",
                 "计划开工时间", "实际开工时间"])  # fmt: skip
    for u, unit in enumerate(UNITS):
        for k in range(3):
            plan = 200_000 + 1_000 * u + k
            done = [0, plan * (u + 2) // 30, plan // 2][k]
            name = f"{unit}第{u * 3 + k + 1}片区城市更新暨老旧小区综合改造提升及配套设施工程"
            start = datetime(2024, 1 + k, 1)
            rows.append([name, unit, plan, done, "新开工" if k == 0 else "续建", start,
                         None if k == 0 else start])  # fmt: skip
    path = write_xlsx(tmp_path_factory.mktemp("w") / "long_units.xlsx", rows)
    doc = docx.Document(io.BytesIO(render_brief_docx(brief(ledger=path))))
    return list(doc.tables)


def grid(table: Table) -> list[int]:
    return [int(g.get(qn("w:w"))) for g in table._tbl.tblGrid.findall(qn("w:gridCol"))]


def margins(table: Table) -> int:
    """The left and right cell margins the table declares, in twips."""
    mar = table._tbl.tblPr.find(qn("w:tblCellMar"))
    assert mar is not None, "cell margins must be stated: the widths are measured with them"
    return sum(int(mar.find(qn(f"w:{side}")).get(qn("w:w"))) for side in ("left", "right"))


def need(line: str, bold: bool, pad: int) -> float:
    """Twips a line takes, measured as the code measures it, bold when printed bold."""
    return text_em(line, bold=bold) * TABLE_SIZE.pt * 20 + pad


def test_figures_dates_unit_names_and_header_words_stay_on_one_line(tables: list[Table]) -> None:
    assert len(tables) >= 5  # ranking, red, fast/slow, largest, starts, 蜗牛
    seen_bold_figure = seen_date = False
    for table in tables:
        widths, pad = grid(table), margins(table)
        assert sum(widths) <= TEXT_WIDTH_TWIPS + 2
        headers = [c.text for c in table.rows[0].cells]
        for c, header in enumerate(headers):
            for line in header.split("\n"):  # the header's own word-boundary lines
                assert widths[c] >= need(line, True, pad), (headers, line)
        unit_col = headers.index("县（市、区）")
        for row in table.rows[1:]:
            for c, cell in enumerate(row.cells):
                text = cell.text
                if not (FIGURE.fullmatch(text) or c == unit_col):
                    continue
                bold = any(run.font.bold for run in cell.paragraphs[0].runs)
                seen_bold_figure |= bold and "," in text
                seen_date |= "年" in text
                assert widths[c] >= need(text, bold, pad), (headers[c], text, bold)
    assert seen_bold_figure and seen_date  # the 合计 row, the 计划开工时间 column


def test_the_name_column_takes_what_the_one_line_columns_leave(tables: list[Table]) -> None:
    """In the red table and the 蜗牛 table the reason columns wrap before the name does."""
    for table in tables:
        headers = [c.text for c in table.rows[0].cells]
        if "项目名称" not in headers or not {"预警原因", "蜗牛情形"} & set(headers):
            continue
        widths = grid(table)
        name = widths[headers.index("项目名称")]
        assert name == max(widths), headers
        assert name >= 0.3 * sum(widths), (headers, widths)


def test_headers_break_only_at_word_boundaries() -> None:
    assert header_lines("较时序进度（百分点）") == ["较时序进度", "（百分点）"]
    assert header_lines("1-6月完成投资") == ["1-6月", "完成投资"]
    assert header_lines("排名") == ["排名"]


def test_bold_and_chinese_latin_spacing_are_measured() -> None:
    assert text_em("6,427,276", bold=True) > text_em("6,427,276")
    assert text_em("2024年1月") == pytest.approx(4 * 0.64 + 0.64 + 2 + 3 * 0.25)
    # a table too wide on one line: the unit names wrap, the figures never do
    headers = ["排名", "县（市、区）", "年度计划投资", "完成率"]
    rows = [["1", "临港经济开发区管委会临港经济开发区管委会", "6,427,276", "20.2%"]]
    widths = column_widths(headers, rows, int(Pt(230)), {0})
    assert widths[2] >= text_em("6,427,276", bold=True) * TABLE_SIZE
    assert sum(widths) <= int(Pt(230))


def test_a_reason_column_gets_its_share_beside_long_names() -> None:
    """With 项目名称 given up to 45 % first, a 预警原因 was left about an eighth of the text
    width and ran over three lines (滞后时序进/度42.0个/百分点); it now gets up to 22 %."""
    from projtrack.render.brief.word import TEXT_WIDTH

    headers = ["序号", "项目名称", "县（市、区）", "完成率", "较时序进度（百分点）", "预警原因"]
    rows = [[str(i), "德阳经开区东方电气风电叶片智能制造基地建设项目（二期）", "德阳经开区",
             "29.7%", "-45.3", "滞后时序进度45.3个百分点"] for i in range(1, 13)]  # fmt: skip
    widths = column_widths(headers, rows, int(TEXT_WIDTH))
    total = sum(widths)
    assert widths[5] >= 0.2 * total > 0.12 * total  # was about an eighth
    assert widths[1] == max(widths)


def test_a_ranking_too_wide_for_the_page_keeps_every_figure_whole() -> None:
    """Ten columns (a ranking with 较上期): scaled down together, 202,524 broke into
    202,52|4 and 排名 into 排|名. A figure column keeps its widest figure; headers wrap."""
    from projtrack.render.brief.word import TEXT_WIDTH

    headers = ["排名", "所在乡镇", "项目数", "年度计划投资", "1-3月完成投资", "完成率",
               "较时序进度（百分点）", "完成率较1-2月（百分点）", "排名变化", "榜单"]  # fmt: skip
    rows = [[str(i), "中江高新区", "24", "1,606,949", "202,524", "35.5%", "+10.5", "+14.5",
             "↑1", "红榜"] for i in range(1, 10)]  # fmt: skip
    widths = column_widths(headers, rows, int(TEXT_WIDTH))
    assert sum(widths) <= int(TEXT_WIDTH)
    pad = 2 * 2.85 + 0.75
    for i, cell in enumerate(rows[0]):
        if i != 1:  # the unit name may wrap; figures, ranks and marks may not
            assert widths[i] >= (text_em(cell) * TABLE_SIZE.pt + pad) * 12700 - 1, headers[i]
