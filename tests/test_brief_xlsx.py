"""`projtrack brief --format xlsx`: sheets, numbers, colours, chart, print setup, safety."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.jobs.brief import Briefing, brief
from projtrack.render.brief.phrases import headline
from projtrack.render.brief.sheet import PAGE_UNITS
from projtrack.render.brief.xlsx import render_brief_xlsx, text_width
from projtrack.render.punctuation import full_width

# 红榜 light fill with bold dark-red text, 黑榜 a clearly darker grey; in 明细 a red warning
# is darker than a yellow one.
RED_FILL, GREY_FILL = "FFFCE4E4", "FF969696"
WARN_FILLS = {"red": "FFE89A9A", "yellow": "FFFFF1B8", "blue": None}


def luminance(argb: str) -> float:
    """Greyscale value (0-255) of an ARGB colour, as a black-and-white printer sees it."""
    r, g, b = (int(argb[i : i + 2], 16) for i in (2, 4, 6))
    return 0.299 * r + 0.587 * g + 0.114 * b


def stored(x: float | None) -> float | None:
    """A float as xlsxwriter stores it: 16 significant digits (Excel shows 15).

    Exact equality with this is the most an .xlsx written by xlsxwriter can give.
    """
    return None if x is None else float(f"{x:.16G}")


# The `example` fixture is function-scoped; the rendered workbook is shared per module.
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "zhongjiang_2024_q1.xlsx"


@pytest.fixture(scope="module")
def briefing() -> Briefing:
    return brief(ledger=EXAMPLE, quarter="Q1")


@pytest.fixture(scope="module")
def data(briefing: Briefing) -> bytes:
    return render_brief_xlsx(briefing)


@pytest.fixture(scope="module")
def book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def values(ws: Worksheet) -> list[tuple]:
    return list(ws.iter_rows(values_only=True))


def test_sheets_in_order(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == ["总览", "排名", "明细", "十快十慢", "问题清单", "应开未开"]


def test_overview_says_the_headline_and_key_figures(
    book: openpyxl.Workbook, briefing: Briefing
) -> None:
    ws = book["总览"]
    texts = [v for row in values(ws) for v in row if isinstance(v, str)]
    expected = full_width(headline(briefing))
    assert expected in texts
    assert "30.8%" in expected and "超时序进度5.8个百分点" in expected
    figures = {row[0]: row[1] for row in values(ws) if row[0] and row[1] is not None}
    total = briefing.ranking.total
    assert figures["项目数（个）"] == 72
    assert figures["完成率"] == stored(total["completion_rate"])
    assert figures["时序进度"] == 0.25
    assert figures["较时序进度（百分点）"] == stored(total["variance_pp"])
    formats = {r[0].value: r[1].number_format for r in ws.iter_rows() if r[0].value}
    assert formats["完成率"] == "0.0%"
    assert formats["年度计划投资（万元）"] == "#,##0"


def test_ranking_rows_are_the_ranking_as_numbers(
    book: openpyxl.Workbook, briefing: Briefing
) -> None:
    ws = book["排名"]
    frame = briefing.ranking.rows
    got = [row[:7] for row in values(ws)[2 : 2 + frame.height]]
    cols = ["rank", "group", "projects", "annual_plan", "completed_ytd", "completion_rate",
            "variance_pp"]  # fmt: skip
    want = [(*r[:5], stored(r[5]), stored(r[6])) for r in frame.select(cols).iter_rows()]
    assert got == want
    t = briefing.ranking.total
    total = values(ws)[2 + frame.height]
    assert total[1:7] == ("合计", 72, 1606949, 495000, stored(t["completion_rate"]),
                          stored(t["variance_pp"]))  # fmt: skip
    assert ws.cell(3, 6).number_format == "0.0%"
    assert ws.cell(3, 7).number_format == "+0.0;-0.0;0.0"


def test_red_and_black_lists_are_coloured(book: openpyxl.Workbook, briefing: Briefing) -> None:
    ws = book["排名"]
    fills = {}
    for i, rec in enumerate(briefing.ranking.rows.iter_rows(named=True), start=3):
        assert ws.cell(i, 2).value == rec["group"]
        fills[rec["group"]] = {ws.cell(i, c).fill.fgColor.rgb for c in range(1, 9)}
        if rec["list"] is None:
            assert ws.cell(i, 1).fill.fill_type is None
    assert fills["中江高新区"] == fills["龙台镇"] == fills["兴隆镇"] == {RED_FILL}
    assert fills["辑庆镇"] == fills["永太镇"] == fills["集凤镇"] == {GREY_FILL}
    assert ws.cell(3, 2).font.color.rgb == "FF9C0006" and ws.cell(3, 2).font.b
    assert ws.cell(11, 2).font.b  # 黑榜 bold too
    # On a black-and-white printer the two lists differ clearly (they used to be equal).
    assert luminance(RED_FILL) - luminance(GREY_FILL) > 60


def test_native_chart_of_rates_with_the_time_progress_line(
    book: openpyxl.Workbook, data: bytes
) -> None:
    assert book["排名"]._charts
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("xl/charts/chart1.xml").decode()
    assert "<c:barChart>" in xml and "<c:lineChart>" in xml
    assert "时序进度" in xml and 'formatCode="0%"' in xml


def detail_head(ws: Worksheet) -> list[str]:
    """明细's headers as one line each (they are written on two)."""
    return [str(v).replace("\n", "") for v in values(ws)[1]]


def test_details_every_project_in_ledger_order_coloured_by_warning(
    book: openpyxl.Workbook, briefing: Briefing
) -> None:
    ws = book["明细"]
    rows = values(ws)
    head = detail_head(ws)
    assert head[:3] == ["序号", "项目名称", "所在乡镇"] and head[-3:] == [
        "预警",
        "预警原因",
        "来源",
    ]
    body = rows[2 : 2 + briefing.projects.height]
    assert len(body) == 72 and [r[0] for r in body] == list(range(1, 73))
    sources = [r[-1] for r in body]
    assert sources == [f"{s}!{n}" for s, n in briefing.projects.select("_sheet", "_row").rows()]
    assert ws.auto_filter.ref == f"A2:{ws.cell(2, len(head)).column_letter}74"
    rate_col, var_col = head.index("完成率") + 1, head.index("较时序进度（百分点）") + 1
    warn_col = head.index("预警") + 1
    words = {"红": "red", "黄": "yellow", "蓝": "blue"}
    for i, row in enumerate(body, start=3):
        colour = words[row[warn_col - 1]]
        # Independently of projtrack: the default rule, as-of March (no 零投资 red yet):
        # yellow from 10 pp behind, red beyond 30; starts and 入统 can only worsen it.
        variance = row[var_col - 1]
        if variance is not None and variance < -30:
            assert colour == "red"
        elif variance is not None and variance <= -10:
            assert colour in ("yellow", "red")
        for col in (rate_col, var_col, warn_col):
            cell = ws.cell(i, col)
            assert (cell.fill.fgColor.rgb if cell.fill.fill_type else None) == WARN_FILLS[colour]
        assert bool(row[warn_col]) is (colour != "blue")  # a reason for every warning
    counts = {c: sum(words[r[warn_col - 1]] == c for r in body) for c in WARN_FILLS}
    colors = briefing.warned["color"].to_list()
    assert counts == {c: colors.count(c) for c in WARN_FILLS}  # what 总览 and warn count
    assert luminance(WARN_FILLS["yellow"]) - luminance(WARN_FILLS["red"]) > 40


def test_detail_colours_follow_the_warning_thresholds(
    example: Path, tmp_path: Path, runner: CliRunner
) -> None:
    """With progress_red_pp = 20 明细 colours red what 总览 and ``warn`` call red."""
    from projtrack.config import load_config

    config = tmp_path / "p.toml"
    config.write_text("[warnings]\nprogress_red_pp = 20.0\n", encoding="utf-8")
    b = brief(ledger=example, quarter="Q1", config=load_config(config))
    ws = openpyxl.load_workbook(io.BytesIO(render_brief_xlsx(b)))["明细"]
    head = detail_head(ws)
    body = values(ws)[2 : 2 + b.projects.height]
    var_col, warn_col = head.index("较时序进度（百分点）"), head.index("预警")
    red = [r for r in body if r[warn_col] == "红"]
    behind = [r for r in body if r[var_col] is not None and r[var_col] < -20]
    assert behind and all(r in red for r in behind)  # 25 pp behind is red under this rule
    result = runner.invoke(app, ["warn", str(example), "--quarter", "Q1", "--config", str(config),
                                 "--format", "json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    import json

    data = json.loads(result.stdout)
    warned_red = sum(1 for p in data["projects"] if p["color"] == "red")
    assert len(red) == warned_red


def test_cjk_counts_double_width() -> None:
    assert text_width("abc") == 3
    assert text_width("中江县") == 6
    assert text_width("G350线") == 6


def test_frozen_headers_and_print_setup(book: openpyxl.Workbook) -> None:
    for ws in book.worksheets:
        assert ws.freeze_panes in ("A3", "C3"), ws.title
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == 9
        # Title and headers repeat on every page of a table longer than a page; a short
        # one (排名 with its chart below) repeats nothing over a page of chart alone.
        long = ws.max_row > 27
        assert ws.print_title_rows == ("$1:$2" if long else None), ws.title
        assert ws.oddFooter.center.text == "第&P页，共&N页"
        # every sheet, 明细 included, prints one page wide (never a column on its own page)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0


XW_PAD = 0.7109375  # xlsxwriter writes a width of w as w + 5/7 of a digit


def column_widths(ws: Worksheet) -> dict[int, float]:
    """Column → width as written (openpyxl keeps a run of equal widths under its first
    letter only)."""
    return {c: d.width - XW_PAD for d in ws.column_dimensions.values()
            for c in range(d.min, d.max + 1)}  # fmt: skip


def detail_widths(ws: Worksheet) -> list[float]:
    """The printed columns' widths (序号 to 预警原因; 来源 is not printed)."""
    widths = column_widths(ws)
    return [widths[c] for c in range(1, len(detail_head(ws)))]


def test_detail_prints_at_nine_points_or_more(book: openpyxl.Workbook) -> None:
    """明细 fits one page wide at ≥ 9 pt: long text wraps, 来源 stays out of the print
    area, 序号 and 项目名称 are printed on every page."""
    ws = book["明细"]
    font = book._fonts[0].sz  # the workbook's default font
    head = detail_head(ws)
    last = ws.cell(2, len(head) - 1).column_letter  # 预警原因; 来源 is after it
    assert ws.print_area == f"'明细'!$A$1:${last}$74"
    assert ws.print_title_cols == "$A:$B"
    name = ws.cell(3, 2)
    assert name.alignment.wrap_text
    # Fitted to A4 landscape (PAGE_UNITS Excel units, what LibreOffice prints) the scale
    # stays at or above 9 pt.
    printed = sum(detail_widths(ws))
    assert font * min(100, PAGE_UNITS * 100 / printed) / 100 >= 9.0


def test_long_unit_names_wrap_in_a_capped_column(tidy: Callable[..., Path]) -> None:
    """A 10-character unit name widened 县（市、区） to 22 units and pushed 预警原因 onto
    pages of its own; the column is capped and wraps, and the print still fits at 9 pt."""
    units = ["临港经济开发区管委会", "凯州新城管理委员会", "城关镇"]
    long = "德阳经开区职业技术教育中心产教融合实训基地及75号学生公寓建设项目（二期）"
    rows = [[f"{long}{i}", units[i % 3], "市重点", f"{units[i % 3]}住建局", 1000 + i,
             (0, 300, 600)[i % 3], "主体施工中，完成总工程量的30%", "用地手续未办结" * (i % 2),
             "2024-01-01", ""] for i in range(9)]  # fmt: skip
    ledger = tidy(["项目名称", "县（市、区）", "项目级别", "责任单位", "年度计划投资",
                   "1-6月完成投资", "形象进度", "存在问题", "计划开工时间", "实际开工时间"],
                  rows, title="2024年德阳市重点项目推进情况表")  # fmt: skip
    book = openpyxl.load_workbook(io.BytesIO(render_brief_xlsx(brief(ledger=ledger))))
    ws = book["明细"]
    region = detail_head(ws).index("县（市、区）") + 1
    assert column_widths(ws)[region] <= 14
    assert all(ws.cell(r, region).alignment.wrap_text for r in range(3, 12))
    printed = sum(detail_widths(ws))
    assert 11 * min(100, PAGE_UNITS * 100 / printed) / 100 >= 9.0


def test_ledger_text_that_looks_like_a_formula_stays_text(
    tidy: Callable[..., Path], runner: CliRunner
) -> None:
    ledger = tidy(
        ["项目名称", "县(市、区)", "责任单位", "年度计划投资", "1-3月完成投资", "存在问题"],
        [
            ["=SUM(A1)", "=甲县", "@局", 100, 30, "=1+1"],
            ["+1项目", "乙县", "-局", 200, 20, ""],
            ["@项目", "丙县", "局", 300, 10, "-缺资金"],
        ],
        name="x.csv",
    )
    book = openpyxl.load_workbook(io.BytesIO(render_brief_xlsx(brief(ledger=ledger, quarter="Q1"))))
    cells = {}  # the first (visible) cell with each text; 排名 repeats groups for the chart
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str):
                    cells.setdefault((ws.title, c.value), c)
    for sheet, text in [("明细", "=SUM(A1)"), ("明细", "=1+1"), ("明细", "+1项目"),
                        ("明细", "-局"), ("明细", "@项目"), ("排名", "=甲县"),
                        ("问题清单", "-缺资金")]:  # fmt: skip
        cell = cells[(sheet, text)]
        assert cell.data_type == "s" and cell.value == text
        assert cell.quotePrefix, (sheet, text)
    assert not any(c.data_type == "f" for c in cells.values())


def test_same_briefing_same_bytes(briefing: Briefing, example: Path) -> None:
    assert render_brief_xlsx(briefing) == render_brief_xlsx(briefing)
    assert render_brief_xlsx(brief(ledger=example, quarter="Q1")) == render_brief_xlsx(briefing)


def test_cli_writes_the_workbook_atomically(
    runner: CliRunner, example: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.xlsx"
    result = runner.invoke(app, ["brief", str(example), "--quarter", "Q1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:3] == ["总览", "排名", "明细"]


def test_detail_sheet_on_request_above_the_limit(
    runner: CliRunner, example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import projtrack.render.brief.xlsx as module

    out = tmp_path / "b.xlsx"
    args = ["brief", str(example), "--quarter", "Q1", "-o", str(out)]
    assert runner.invoke(app, args).exit_code == 0
    assert "明细" in openpyxl.load_workbook(out).sheetnames
    assert runner.invoke(app, [*args, "--detail", "no"]).exit_code == 0
    assert "明细" not in openpyxl.load_workbook(out).sheetnames
    monkeypatch.setattr(module, "DETAIL_LIMIT", 50)  # the example has 72 projects
    auto = runner.invoke(app, args)
    assert auto.exit_code == 0
    assert "明细表已省略 The 明细 sheet is left out: 72 projects > 50" in auto.stderr
    assert "明细" not in openpyxl.load_workbook(out).sheetnames
    assert runner.invoke(app, [*args, "--detail", "yes"]).exit_code == 0
    assert "明细" in openpyxl.load_workbook(out).sheetnames
    assert runner.invoke(app, [*args, "--detail", "maybe"]).exit_code == 2


def test_lists_stop_at_list_rows_without_the_detail(
    briefing: Briefing, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without 明细, 问题清单 and 应开未开 keep their first rows and say where the rest is."""
    import projtrack.render.brief.xlsx as module

    problems, late = briefing.problems.height, briefing.starts.not_started.height
    assert problems > 3 and late > 3  # the example has enough of both
    monkeypatch.setattr(module, "LIST_ROWS", 3)
    cut = openpyxl.load_workbook(io.BytesIO(render_brief_xlsx(briefing, detail=False)))
    full = openpyxl.load_workbook(io.BytesIO(render_brief_xlsx(briefing, detail=True)))

    def body(ws: Worksheet) -> list[tuple]:  # the numbered rows, without trailing blanks
        rows = [row for row in values(ws)[2:] if isinstance(row[0], int)]
        return [row[: max(i + 1 for i, v in enumerate(row) if v is not None)] for row in rows]

    for name, total, what, command in [("问题清单", problems, "项目", "problems"),
                                       ("应开未开", late, "应开未开项目", "starts")]:  # fmt: skip
        assert body(cut[name]) == body(full[name])[:3]
        assert len(body(full[name])) == total
        note = f"（以上为前3个，共{total}个{what}，完整清单见 projtrack {command}。）"
        assert note in [row[0] for row in values(cut[name])]
        assert note not in [row[0] for row in values(full[name])]
    # The title still counts every project with a problem.
    assert cut["问题清单"]["A1"].value == f"存在问题清单（共{problems}个项目）"


def test_names_in_capped_columns_wrap_whole(book: openpyxl.Workbook) -> None:
    """应开未开's 项目名称 is capped at 30 units: a longer name wrapped onto a second line,
    its row made high enough — it ran into the next cell and was cut on paper."""
    ws = book["应开未开"]
    width = column_widths(ws)[2]
    long = [c for c in ws["B"][2:] if isinstance(c.value, str) and text_width(c.value) > width]
    assert long  # 中江县集凤镇灌区续建配套与节水改造项目
    for cell in long:
        assert cell.alignment.wrap_text, cell.value
        lines = -(-text_width(cell.value) // (width - 2))
        assert ws.row_dimensions[cell.row].height >= 15 * lines, cell.value


def test_the_fast_slow_sheet_points_to_no_table_the_workbook_lacks(tmp_path: Path) -> None:
    """德阳: the slowest projects are red too; the Word briefing names them under its red
    table, the workbook (which has none) lists them all and says nothing of 上文."""
    from projtrack.cli.app import app as cli

    target = tmp_path / "dy.xlsx"
    example = Path(__file__).parents[1] / "examples" / "deyang_2022_1-9.xlsx"
    result = CliRunner().invoke(cli, ["brief", str(example), "-o", str(target)])
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(target)["十快十慢"]
    texts = [v for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)]
    assert not [t for t in texts if "上文" in t]
    assert sum(1 for row in ws.iter_rows(values_only=True) if row[0] == "进度最慢") >= 10
