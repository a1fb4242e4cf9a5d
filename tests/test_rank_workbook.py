"""``-o x.xlsx`` writes a real workbook: rank its 排名 sheet, table commands their views."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app


def test_rank_writes_a_workbook_with_numbers_and_list_colours(
    runner: CliRunner, example: Path, tmp_path: Path
) -> None:
    target = tmp_path / "排名.xlsx"
    result = runner.invoke(app, ["rank", str(example), "-o", str(target)])
    assert result.exit_code == 0, result.output
    data = json.loads(runner.invoke(app, ["rank", str(example), "-f", "json"]).stdout)
    ws = openpyxl.load_workbook(target)["排名"]
    assert ws["A1"].value == "一季度重点项目投资完成情况排名（按所在乡镇）"
    import zipfile

    with zipfile.ZipFile(target) as book:  # 各乡镇, not 各所在乡镇
        chart = book.read("xl/charts/chart1.xml").decode()
    assert "各乡镇年度计划投资完成率与时序进度" in chart and "各所在" not in chart
    head = [(c.value or "").replace("\n", "") for c in ws[2]][:8]  # headers wrap at word boundaries
    assert head == ["排名", "所在乡镇", "项目数", "年度计划投资（万元）", "1-3月完成投资（万元）",
                    "完成率", "较时序进度（百分点）", "榜单"]  # fmt: skip
    for i, row in enumerate(data["rows"], start=3):
        cells = [c.value for c in ws[i]][:8]
        assert cells[1] == row["group"]
        assert cells[2] == row["projects"]
        assert cells[3] == pytest.approx(row["annual_plan"])
        assert cells[5] == pytest.approx(row["completion_rate"])
        assert cells[7] == {"red": "红榜", "black": "黑榜", None: None}[row["list"]]
        fill = ws.cell(i, 2).fill.fgColor.rgb
        # 红榜 light with dark-red bold text, 黑榜 a clearly darker grey (greyscale-safe)
        want = {"red": "FFFCE4E4", "black": "FF969696"}.get(row["list"] or "")
        assert (fill if want else None) == want
    total = [c.value for c in ws[3 + len(data["rows"])]][:7]
    assert total[1] == "合计" and total[2] == data["total"]["projects"]
    assert total[4] == pytest.approx(data["total"]["completed_ytd"])


@pytest.mark.parametrize(
    ("args", "message"),
    [(["rank", "-f", "csv"], "--format csv is not a workbook"),
     (["warn", "-f", "md"], "--format md is not a workbook")],
)  # fmt: skip
def test_office_suffixes_a_command_cannot_write_are_refused(
    runner: CliRunner, example: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    target = tmp_path / "out.xlsx"
    result = runner.invoke(app, [args[0], str(example), "-o", str(target), *args[1:]])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert not target.exists()
    docx = runner.invoke(app, [args[0], str(example), "-o", str(tmp_path / "out.docx")])
    assert docx.exit_code == 2 and "not .docx" in docx.stderr


@pytest.mark.parametrize("command", ["warn", "starts", "problems"])
def test_table_commands_write_workbooks_with_figures_as_numbers(
    runner: CliRunner, example: Path, tmp_path: Path, command: str
) -> None:
    """-o x.xlsx of a command that prints tables: one sheet per table, numbers as numbers."""
    target = tmp_path / "out.xlsx"
    result = runner.invoke(app, [command, str(example), "-o", str(target)])
    assert result.exit_code == 0, result.output
    data = json.loads(runner.invoke(app, [command, str(example), "-f", "json"]).stdout)
    wb = openpyxl.load_workbook(target)
    first = wb[wb.sheetnames[0]]
    counts = [c.value for c in first[3]][1:4]  # the first group's figures
    assert all(isinstance(v, int | float) for v in counts if v is not None)
    if command == "warn":
        by = data["by"][0]
        assert counts == [by["red"], by["yellow"], by["blue"]]


def test_view_cells_keep_the_displayed_value_and_decimals(tmp_path: Path) -> None:
    """30.8% is 0.308 shown as 0.0%; 1,234 is 1234 shown without a dangling point; text stays."""
    from projtrack.render.views import View
    from projtrack.render.views_xlsx import views_xlsx

    view = View("表/一:", ["名称", "率", "金额"], [["=SUM(A1)", "30.8%", "1,234"]], ["注：x"])
    view.numeric = {1, 2}
    target = tmp_path / "v.xlsx"
    target.write_bytes(views_xlsx([view], "t"))
    assert views_xlsx([view], "t") == target.read_bytes()  # deterministic
    ws = openpyxl.load_workbook(target).active
    assert ws.title == "表一"
    name, rate, money = ws[3][:3]
    assert (name.value, name.data_type) == ("=SUM(A1)", "s")  # ledger text never a formula
    assert rate.value == pytest.approx(0.308) and rate.number_format == "0.0%"
    assert money.value == 1234 and money.number_format == "#,##0"
    assert ws["A5"].value == "注：x"


@pytest.mark.parametrize(
    ("title", "name"),
    [("上半年新开工项目：应开工3个，已开工1个，开工率33.3%", "上半年新开工项目"),
     ("问题清单：共2个问题，未解决2个（其中逾期2个），已解决0个", "问题清单"),
     ("应开未开项目（2个）", "应开未开项目（2个）"),
     ("2024年上半年重点项目红黄蓝预警（红1234个、黄2345个、蓝3456个）",
      "2024年上半年重点项目红黄蓝预警"),
     ("各县区重点项目投资完成情况与年度计划投资完成率排名前12345名", "各县区重点项目投资完成情况与年度计划投资完成率排名前"),  # cut at 28: not in the figure
     ("表/一:", "表一")],
)  # fmt: skip
def test_a_sheet_is_named_by_its_title_s_name_never_a_cut_sentence(title: str, name: str) -> None:
    from projtrack.render.views_xlsx import sheet_name

    assert sheet_name(title, set()) == name
    assert len(name) <= 31


def test_starts_workbook_tabs_are_short_names_and_row_1_the_whole_title(
    runner: CliRunner, tidy, tmp_path: Path
) -> None:
    """Excel's 31-character cut left a tab 上半年新开工项目：应开工3个，已开工1个，开工率33.3."""
    from corpus_supervision import monthly_ledgers

    path = monthly_ledgers(tidy, [9])[9]
    target = tmp_path / "s.xlsx"
    result = runner.invoke(app, ["starts", str(path), "-o", str(target)])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == ["前三季度新开工项目", "应开未开项目（2个）"]
    assert wb.worksheets[0]["A1"].value == "前三季度新开工项目：应开工4个，已开工2个，开工率50.0%"


def test_view_sheets_print_as_an_office_prints_a_list(tmp_path: Path) -> None:
    """warn -o 预警.xlsx printed portrait, unfitted, its 原因 column on a page of its own
    and long names cut: each view sheet is now A4 fitted to one page wide (landscape when
    wide), title and headers on every page, page numbers, long texts wrapped in rows as
    tall as their lines, +5.8 keeping its sign, notes across the table."""
    from projtrack.render.views import View
    from projtrack.render.views_xlsx import TEXT_CAP, views_xlsx

    name = "北岭乡城市更新暨老旧小区改造、雨污分流（第5批）项目（一期）" * 2
    rows = [["红", name, "北岭乡", "8.0%", "-42.0", "滞后时序进度42.0个百分点"],
            ["黄", "短名", "城关镇", "63.7%", "+13.7", "应开未开（逾期不足1个月）"]]  # fmt: skip
    view = View("预警项目", ["预警", "项目名称", "分组", "完成率", "较时序进度", "原因"], rows,
                ["时序进度50.0%。规则：" + "进度滞后10～30个百分点为黄；" * 12])  # fmt: skip
    view.numeric = {3, 4}
    target = tmp_path / "v.xlsx"
    target.write_bytes(views_xlsx([view], "t"))
    ws = openpyxl.load_workbook(target).active
    assert ws.page_setup.paperSize == 9 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight) == (1, 0)  # 1: default
    assert ws.print_title_rows.replace("$", "") == "1:2"
    assert "&P" in ws.oddFooter.center.text
    assert ws.column_dimensions["B"].width < TEXT_CAP + 1  # Excel adds its padding
    assert ws["B3"].alignment.wrap_text and ws.row_dimensions[3].height >= 30  # wraps
    assert ws.row_dimensions[4].height is None  # one line: left to the viewer
    assert ws["E4"].value == 13.7 and ws["E4"].number_format.startswith("+")
    assert "A6:F6" in [str(r) for r in ws.merged_cells.ranges]  # the note across the table
    assert ws.row_dimensions[6].height > 15
