"""``rank -o x.xlsx`` writes a real workbook; other commands refuse office suffixes (exit 2)."""

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
    assert ws["A1"].value == "一季度重点项目投资完成情况排名(按所在乡镇)"
    head = [(c.value or "").replace("\n", "") for c in ws[2]][:8]  # headers wrap at word boundaries
    assert head == ["排名", "所在乡镇", "项目数", "年度计划投资(万元)", "1-3月完成投资(万元)",
                    "完成率", "较时序进度(百分点)", "榜单"]  # fmt: skip
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
     (["warn"], "this command writes .md, .csv, .json or .txt files, not .xlsx"),
     (["starts"], "not .xlsx"), (["problems"], "not .xlsx")],
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
