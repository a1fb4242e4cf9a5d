"""``duibiao -o 对标.xlsx``: the table and sentence, a line chart of both series and a column
chart of the ratio, each reading the table's cells; the values are worked out by hand."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from projtrack.cli.app import app

UNIT = {"2020年": 1.07, "2021年": 30.0, "2022年一季度": 13.8, "2022年（预计）": 110.0}
MODEL = {"2020年": 100.0, "2021年": 200.0, "2022年一季度": 60.0, "2022年（预计）": 400.0}


def series_file(tmp_path: Path) -> Path:
    lines = ["期别,单位,指标,值"]
    for period in UNIT:
        lines += [f"{period},溧阳,锂电产值（亿元）,{MODEL[period]}",
                  f"{period},安居区,锂电产值（亿元）,{UNIT[period]}"]  # fmt: skip
    path = tmp_path / "对标.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_book(tmp_path: Path, name: str = "对标.xlsx") -> Path:
    out = tmp_path / name
    args = ["duibiao", str(series_file(tmp_path)), "--unit", "安居区", "--model", "溧阳"]
    result = CliRunner().invoke(app, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def charts(book: Path) -> list[dict]:
    """Each chart's kind, title and series: (name cell, value range, cached values)."""
    found = []
    with zipfile.ZipFile(book) as z:
        for name in sorted(n for n in z.namelist() if n.startswith("xl/charts/chart")):
            xml = z.read(name).decode()
            kind = re.search(r"<c:(lineChart|barChart)>", xml)
            title = re.search(r"<c:title>.*?<a:t>(.*?)</a:t>", xml)
            series = []
            for ser in re.findall(r"<c:ser>(.*?)</c:ser>", xml):
                values = re.search(r"<c:val><c:numRef><c:f>(.*?)</c:f>(.*?)</c:numRef>", ser)
                assert values
                cached = [float(v) for v in re.findall(r"<c:v>([^<]*)</c:v>", values.group(2))]
                label = re.search(r"<c:tx><c:strRef><c:f>.*?<c:v>(.*?)</c:v>", ser)
                assert label
                series.append((label.group(1), values.group(1).split("!")[1], cached))
            found.append({"kind": kind and kind.group(1), "title": title and title.group(1),
                          "bar_dir": "col" if '<c:barDir val="col"/>' in xml else None,
                          "series": series})  # fmt: skip
    return found


def test_line_of_both_series_and_columns_of_the_ratio(tmp_path: Path) -> None:
    line, bars = charts(write_book(tmp_path))
    assert line["kind"] == "lineChart" and line["title"] == "安居区与溧阳（锂电产值（亿元））"
    assert line["series"] == [
        ("安居区", "$B$3:$B$6", list(UNIT.values())),
        ("溧阳", "$C$3:$C$6", list(MODEL.values())),
    ]
    assert bars["kind"] == "barChart" and bars["bar_dir"] == "col"
    assert bars["title"] == "安居区达到溧阳的比值"
    ((name, cells, ratios),) = bars["series"]
    assert (name, cells) == ("达到溧阳的", "$D$3:$D$6")
    expected = [UNIT[p] / MODEL[p] for p in UNIT]  # 1.07%, 15%, 23%, 27.5%
    assert ratios == [round(r, 4) for r in expected]


def test_table_and_sentence_are_on_the_sheet(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(write_book(tmp_path)).active
    assert [ws.cell(r, 1).value for r in range(3, 7)] == list(UNIT)
    assert [ws.cell(r, 4).value for r in range(3, 7)] == [0.0107, 0.15, 0.23, 0.275]
    texts = [c.value for row in ws.iter_rows(min_col=1, max_col=1) for c in row if c.value]
    last = "2022年（预计）"
    ratio = UNIT[last] / MODEL[last]
    before = UNIT["2022年一季度"] / MODEL["2022年一季度"]
    sentence = (
        f"{last}，安居区锂电产值达到溧阳的{ratio:.1%}，较上期提高"
        f"{(ratio - before) * 100:.1f}个百分点。"
    )
    assert sentence in texts
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToHeight == 0  # one page wide, as many long as it takes


def test_the_same_series_give_the_same_bytes(tmp_path: Path) -> None:
    first = write_book(tmp_path, "a.xlsx").read_bytes()
    assert first == write_book(tmp_path, "b.xlsx").read_bytes()
