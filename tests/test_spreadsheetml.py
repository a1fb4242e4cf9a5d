""" "XML Spreadsheet 2003" ledgers saved as .xls (web platforms, old Excel)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from projtrack.cli.app import app

XML = """<?xml version="1.0" encoding="UTF-8"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="重点项目">
  <Table>
   <Row><Cell ss:MergeAcross="4"><Data ss:Type="String">2024年XX县重点项目推进情况表(1-3月)</Data></Cell></Row>
   <Row><Cell ss:Index="5"><Data ss:Type="String">单位:万元</Data></Cell></Row>
   <Row>
    <Cell ss:MergeDown="1"><Data ss:Type="String">项目名称</Data></Cell>
    <Cell ss:MergeDown="1"><Data ss:Type="String">县(市、区)</Data></Cell>
    <Cell ss:MergeDown="1"><Data ss:Type="String">年度计划投资</Data></Cell>
    <Cell ss:MergeAcross="1"><Data ss:Type="String">1-3月完成投资</Data></Cell>
   </Row>
   <Row>
    <Cell ss:Index="4"><Data ss:Type="String">金额</Data></Cell>
    <Cell><Data ss:Type="String">占年度计划(%)</Data></Cell>
   </Row>
   <Row><Cell><Data ss:Type="String">甲工程</Data></Cell><Cell><Data ss:Type="String">东区</Data></Cell>
    <Cell><Data ss:Type="Number">200</Data></Cell><Cell><Data ss:Type="Number">60</Data></Cell>
    <Cell><Data ss:Type="Number">30</Data></Cell></Row>
   <Row ss:Index="7"><Cell><Data ss:Type="String">乙工程</Data></Cell><Cell><Data ss:Type="String">西区</Data></Cell>
    <Cell><Data ss:Type="Number">100</Data></Cell><Cell><Data ss:Type="Number">10</Data></Cell>
    <Cell><Data ss:Type="Number">10</Data></Cell></Row>
  </Table>
 </Worksheet>
</Workbook>
"""


def test_xml_spreadsheet_saved_as_xls(runner: CliRunner, tmp_path: Path) -> None:
    ledger = tmp_path / "平台导出.xls"
    ledger.write_text(XML, encoding="utf-8")
    result = runner.invoke(app, ["rank", str(ledger), "-f", "json", "-v"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["as_of"] == "2024-03-31"
    rows = {r["group"]: r for r in data["rows"]}
    assert rows["东区"]["completed_ytd"] == 60 and rows["东区"]["completion_rate"] == 0.3
    assert rows["西区"]["completion_rate"] == 0.1
    check = json.loads(runner.invoke(app, ["check", str(ledger), "-f", "json"]).stdout)
    [sheet] = check["sheets"]
    assert sheet["header_rows"] == [3, 4]
    where = {c["field"]: c["where"] for c in sheet["columns"]}
    assert where["completed_ytd"] == "重点项目!D3"
    # The skipped row 6 keeps Excel's numbering: 乙工程 is on row 7.
    assert check["projects"] == 2
    warned = json.loads(runner.invoke(app, ["warn", str(ledger), "-f", "json"]).stdout)
    assert {p["name"]: p["where"] for p in warned["projects"]}["乙工程"] == "重点项目!A7"


def test_broken_xml_spreadsheet_is_a_clean_error(runner: CliRunner, tmp_path: Path) -> None:
    ledger = tmp_path / "broken.xls"
    ledger.write_text(XML[:600], encoding="utf-8")
    result = runner.invoke(app, ["rank", str(ledger)])
    assert result.exit_code == 1
    assert "broken.xls" in result.stderr and "XML spreadsheet" in result.stderr
    assert "Traceback" not in result.output
