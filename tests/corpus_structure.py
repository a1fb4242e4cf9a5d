"""Ledgers whose structure, not their values, decides the figures; and a fuzz corpus.

Independent of the reader: every expected figure is computed here from the records.
The workbooks are written the way real ones are: xlsxwriter and openpyxl (both leave
formulas without a real saved value), merged ranges for grouping, hidden sheets;
the fuzz corpus holds far cells, damaged files, span bombs and zip bombs at small scale.
"""

from __future__ import annotations

import io
import random
import zipfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

TITLE = "2024年XX县重点项目推进情况表(1-3月)"
HEADER = [
    "序号", "项目名称", "县(市、区)", "责任单位", "年度计划投资(万元)",
    "其中:政府投资", "其中:社会投资", "1-3月完成投资(万元)",
]  # fmt: skip
REGIONS = ("旌阳区", "中江县", "罗江区", "广汉市", "什邡市")
UNITS = ("住建局", "交通局", "经信局", "发改局")
FIRST = 2  # 0-based row of the first project (title row, header row above)


@dataclass(frozen=True)
class P:
    """One project; the completed amount is the sum of its two parts."""

    name: str
    region: str | None
    unit: str
    plan: float
    gov: float
    soc: float

    @property
    def done(self) -> float:
        return self.gov + self.soc


def invent(rng: random.Random, n: int, regions: Sequence[str] = REGIONS[:3]) -> list[P]:
    """``n`` projects sorted by region, so that each region is one block of rows."""
    out = [
        P(f"项目{rng.randrange(10**6):06d}{i}", rng.choice(regions), rng.choice(UNITS),
          float(rng.randrange(100, 50_000)), float(rng.randrange(0, 4000)),
          float(rng.randrange(0, 4000)))
        for i in range(n)
    ]  # fmt: skip
    return sorted(out, key=lambda p: (p.region or "", p.name))


@dataclass
class Book:
    """What to write: sheets of projects and how the structure shows them."""

    sheets: list[tuple[str, list[P]]]
    merge: tuple[str, ...] = ()  # "region" / "unit": merged down over each block
    merged_plan: tuple[int, int] | None = None  # rows (0-based in the sheet's projects) merged
    formulas: str = "values"  # values | placeholder (written, no real value) | uncomputable
    hidden: dict[str, str] = field(default_factory=dict)  # sheet name → hidden | veryHidden
    blank_region: frozenset[str] = frozenset()  # project names written with a blank region


def expected(projects: list[P]) -> dict[str, tuple[int, float, float]]:
    """Group → (projects, Σ plan, Σ completed), the group of a blank region is (未填写)."""
    groups: dict[str, list[P]] = defaultdict(list)
    for p in projects:
        groups[p.region or "(未填写)"].append(p)
    return {
        g: (len(ps), sum(p.plan for p in ps), sum(p.done for p in ps)) for g, ps in groups.items()
    }


def _blocks(values: list[str | None]) -> list[tuple[int, int]]:
    """(first, last) index of each run of equal values longer than one."""
    runs, start = [], 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            if i - 1 > start and values[start] is not None:
                runs.append((start, i - 1))
            start = i
    return runs


def write_xlsxwriter(path: Path, book: Book) -> Path:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    for name, projects in book.sheets:
        ws = wb.add_worksheet(name)
        ws.write_row(0, 0, [TITLE])
        ws.write_row(1, 0, HEADER)
        blank = wb.add_format()
        inner = {
            key: {i for a, b in _blocks([getattr(p, key) for p in projects]) for i in range(a + 1, b + 1)}
            for key in ("region", "unit")
        }  # fmt: skip
        for i, p in enumerate(projects):
            r = FIRST + i
            region = None if p.name in book.blank_region else p.region
            a, b = book.merged_plan or (0, 0)
            plan = None if a < i <= b else p.plan  # inside a merge: only the first cell
            ws.write_row(r, 0, [i + 1, p.name, region, p.unit, plan, p.gov, p.soc])
            for column, key in ((2, "region"), (3, "unit")):
                if key in book.merge and i in inner[key]:
                    ws.write_blank(r, column, None, blank)  # only the merge's first cell holds it
            excel = r + 1
            if book.formulas == "values":
                ws.write_number(r, 7, p.done)
            elif book.formulas == "placeholder":
                ws.write_formula(r, 7, f"=F{excel}+G{excel}")  # saved as <v>0</v>
            else:
                ws.write_formula(r, 7, f"=VLOOKUP(B{excel},数据!A:B,2,FALSE)")
        for column, key in ((2, "region"), (3, "unit")):
            if key not in book.merge:
                continue
            values = [getattr(p, key) for p in projects]
            for a, b in _blocks(values):
                ws.merge_range(FIRST + a, column, FIRST + b, column, values[a])
        if book.merged_plan:
            a, b = book.merged_plan
            ws.merge_range(FIRST + a, 4, FIRST + b, 4, projects[a].plan)
        state = book.hidden.get(name)
        if state == "hidden":
            ws.hide()
        elif state == "veryHidden":
            ws.very_hidden()
    wb.close()
    return path


def write_openpyxl(path: Path, book: Book) -> Path:
    """The same ledger by openpyxl: formulas are saved with an empty value."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, projects in book.sheets:
        ws = wb.create_sheet(name)
        ws.append([TITLE])
        ws.append(HEADER)
        for i, p in enumerate(projects):
            excel = FIRST + i + 1
            done: float | str = p.done if book.formulas == "values" else f"=F{excel}+G{excel}"
            ws.append([i + 1, p.name, p.region, p.unit, p.plan, p.gov, p.soc, done])
        if "region" in book.merge:
            for a, b in _blocks([p.region for p in projects]):
                ws.merge_cells(start_row=FIRST + a + 1, start_column=3,
                               end_row=FIRST + b + 1, end_column=3)  # fmt: skip
        ws.sheet_state = book.hidden.get(name, "visible")
    wb.save(path)
    return path


def html_rowspan(path: Path, projects: list[P]) -> Path:
    """An HTML table saved as .xls, the region cell spanning each block (``rowspan``)."""
    regions = [p.region for p in projects]
    starts = {a: b - a + 1 for a, b in _blocks(regions)}
    inside = {i for a, b in _blocks(regions) for i in range(a + 1, b + 1)}
    rows = [f"<tr><td colspan='8'>{TITLE}</td></tr>",
            "<tr>" + "".join(f"<td>{h}</td>" for h in HEADER) + "</tr>"]  # fmt: skip
    for i, p in enumerate(projects):
        cells = [f"<td>{i + 1}</td>", f"<td>{p.name}</td>"]
        if i in starts:
            cells.append(f"<td rowspan='{starts[i]}'>{p.region}</td>")
        elif i not in inside:
            cells.append(f"<td>{p.region}</td>")
        cells += [f"<td>{v}</td>" for v in (p.unit, p.plan, p.gov, p.soc, p.done)]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    path.write_text("<html><body><table>" + "".join(rows) + "</table></body></html>", "utf-8")
    return path


def spreadsheetml_mergedown(path: Path, projects: list[P]) -> Path:
    """An XML Spreadsheet 2003 file, the region cell merged down (``ss:MergeDown``)."""
    regions = [p.region for p in projects]
    starts = {a: b - a for a, b in _blocks(regions)}
    inside = {i for a, b in _blocks(regions) for i in range(a + 1, b + 1)}

    def cell(v: object, extra: str = "") -> str:
        kind = "Number" if isinstance(v, float | int) else "String"
        return f'<Cell{extra}><Data ss:Type="{kind}">{v}</Data></Cell>'

    rows = [f"<Row>{cell(TITLE)}</Row>", "<Row>" + "".join(cell(h) for h in HEADER) + "</Row>"]
    for i, p in enumerate(projects):
        cells = [cell(i + 1), cell(p.name)]
        if i in starts:
            cells.append(cell(p.region, f' ss:MergeDown="{starts[i]}"'))
        nxt = ' ss:Index="4"' if i in inside else ""
        cells.append(cell(p.unit, nxt))
        cells += [cell(v) for v in (p.plan, p.gov, p.soc, p.done)]
        rows.append("<Row>" + "".join(cells) + "</Row>")
    path.write_text(
        '<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="项目">'
        "<Table>" + "".join(rows) + "</Table></Worksheet></Workbook>",
        "utf-8",
    )
    return path


# ---- the fuzz corpus: each case ends in exit 0 or 1, never a crash ----------------------


def _raw_xlsx(sheet_xml: bytes, *, level: int = 6) -> bytes:
    """A minimal one-sheet .xlsx around ``sheet_xml``."""
    ct = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
          b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats'
          b'-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
          b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
          b'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
          b'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml'
          b'.worksheet+xml"/></Types>')  # fmt: skip
    rel = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = b"http://schemas.openxmlformats.org/package/2006/relationships"
    rels = (b'<Relationships xmlns="' + pkg + b'"><Relationship Id="rId1" Type="' + rel +
            b'/officeDocument" Target="xl/workbook.xml"/></Relationships>')  # fmt: skip
    book = (b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'xmlns:r="' + rel + b'"><sheets><sheet name="S1" sheetId="1" r:id="rId1"/>'
            b"</sheets></workbook>")  # fmt: skip
    book_rels = (b'<Relationships xmlns="' + pkg + b'"><Relationship Id="rId1" Type="' + rel +
                 b'/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')  # fmt: skip
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rels)
        z.writestr("xl/workbook.xml", book)
        z.writestr("xl/_rels/workbook.xml.rels", book_rels)
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return buffer.getvalue()


def _without(xlsx: bytes, part: str) -> bytes:
    """The .xlsx ``xlsx`` without its ``part``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as old, zipfile.ZipFile(buffer, "w") as new:
        for info in old.infolist():
            if info.filename != part:
                new.writestr(info, old.read(info))
    return buffer.getvalue()


def _sheet_xml(rows: list[tuple[int, list[tuple[str, object]]]], dimension: str = "") -> bytes:
    out = ['<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">']
    if dimension:
        out.append(f'<dimension ref="{dimension}"/>')
    out.append("<sheetData>")
    for r, cells in rows:
        out.append(f'<row r="{r}">')
        for ref, v in cells:
            if isinstance(v, str):
                out.append(f'<c r="{ref}" t="inlineStr"><is><t>{v}</t></is></c>')
            else:
                out.append(f'<c r="{ref}"><v>{v}</v></c>')
        out.append("</row>")
    out.append("</sheetData></worksheet>")
    return "".join(out).encode()


def _small_table() -> list[tuple[int, list[tuple[str, object]]]]:
    cols = "ABC"
    rows: list[tuple[int, list[tuple[str, object]]]] = [(1, [("A1", TITLE)]), (2, [(f"{c}2", h) for c, h in zip(cols, ["项目名称", "年度计划投资", "1-3月完成投资"], strict=True)])]  # fmt: skip
    rows += [
        (r, [(f"A{r}", f"项目{r}"), (f"B{r}", 100 * r), (f"C{r}", 10 * r)]) for r in range(3, 8)
    ]
    return rows


def fuzz_cases(folder: Path, seed: int = 7) -> dict[str, Path]:
    """name → file; every one must end in exit 0 or 1 with a message, never a crash."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    cases: dict[str, bytes] = {}
    table = _small_table()
    good = _raw_xlsx(_sheet_xml(table))
    cases["good.xlsx"] = good
    cases["far_cell.xlsx"] = _raw_xlsx(_sheet_xml([*table, (1048576, [("XFD1048576", 1)])]))
    cases["far_row.xlsx"] = _raw_xlsx(_sheet_xml([*table, (1048576, [("C1048576", 1)])]))
    cases["far_column.xlsx"] = _raw_xlsx(_sheet_xml([*table, (200, [("XFD200", 1)])]))
    # Read from a copy under its right suffix: the message must still name this file.
    cases["far_row_named.xls"] = cases["far_row.xlsx"]
    cases["garbled_dimension.xlsx"] = _raw_xlsx(_sheet_xml(table, "A1:XFD1048576"))
    cases["absurd_dimension.xlsx"] = _raw_xlsx(_sheet_xml(table, "A1:ZZZZ99999999"))
    cases["broken_dimension.xlsx"] = _raw_xlsx(_sheet_xml(table, "ZZZZ0:-1"))  # calamine refuses
    cases["no_sheet_list.xlsx"] = _without(good, "xl/workbook.xml")  # "the sheets are empty"
    cases["beyond_excel.xlsx"] = _raw_xlsx(_sheet_xml([*table, (9, [("ZZZZ9", 1)])]))
    # Far references before a row's last cell: calamine aborted (allocating 272 GB) or hung.
    far_first = [("A99999999999", "甲"), ("B9", 1), ("C9", 2)]
    cases["row_overflow.xlsx"] = _raw_xlsx(_sheet_xml([*table, (99999999999, far_first)]))
    cases["five_letters.xlsx"] = _raw_xlsx(_sheet_xml([*table, (9, [("ABCDE9", 1), ("B9", 2)])]))
    # A zip bomb at small scale: 40 MB of zeros in a cell, a few KB packed (limit 8 MB).
    bomb = _sheet_xml(table).replace(b"</sheetData>", b"<row r=\"9\"><c r=\"A9\" t=\"inlineStr\"><is><t>" + b"0" * (40 << 20) + b"</t></is></c></row></sheetData>")  # fmt: skip
    cases["zip_bomb.xlsx"] = _raw_xlsx(bomb, level=9)
    for i in range(6):
        cut = rng.randrange(30, len(good) - 10)
        cases[f"truncated_{i}.xlsx"] = good[:cut]
    xls = xls_merged(folder / "_source.xls", invent(rng, 6)).read_bytes()
    (folder / "_source.xls").unlink()
    for i in range(6):
        data = bytearray(xls)
        for _ in range(rng.randrange(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        cases[f"xls_bitflip_{i}.xls"] = bytes(data)
        cases[f"xls_truncated_{i}.xls"] = xls[: rng.randrange(8, len(xls))]
    for i in range(8):
        data = bytearray(good)
        for _ in range(rng.randrange(1, 6)):
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        cases[f"bitflip_{i}.xlsx"] = bytes(data)
    head = (
        "<html><body><table><tr><td>项目名称</td><td>年度计划投资</td><td>1-3月完成投资</td></tr>"
    )
    for name, span in (("rowspan", "rowspan='50000000'"), ("colspan", "colspan='50000000'"),
                       ("both", "rowspan='4000' colspan='4000'"),
                       ("under_limit", "rowspan='90000' colspan='10'")):  # fmt: skip
        cases[f"html_{name}.xls"] = (head + f"<tr><td {span}>x</td><td>1</td><td>1</td></tr>"
                                     "</table></body></html>").encode()  # fmt: skip
    ss = ('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
          'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="S"><Table>'
          '<Row><Cell><Data ss:Type="String">项目名称</Data></Cell></Row>{}</Table></Worksheet>'
          "</Workbook>")  # fmt: skip
    for name, body in (
        ("row_index", '<Row ss:Index="90000000"><Cell><Data ss:Type="Number">1</Data></Cell></Row>'),
        ("cell_index", '<Row><Cell ss:Index="90000000"><Data ss:Type="Number">1</Data></Cell></Row>'),
        ("merge_across", '<Row><Cell ss:MergeAcross="90000000"><Data ss:Type="Number">1</Data></Cell></Row>'),
        ("under_limit", '<Row><Cell ss:MergeDown="90000" ss:MergeAcross="9"><Data ss:Type="Number">1</Data></Cell></Row>'),
        ("merge_down", '<Row><Cell ss:MergeDown="900000" ss:MergeAcross="300"><Data ss:Type="Number">1</Data></Cell></Row>'),
    ):  # fmt: skip
        cases[f"ss_{name}.xls"] = ss.format(body).encode()
    folder.mkdir(parents=True, exist_ok=True)
    out = ods_bombs(folder)
    out["dense.xlsx"] = dense_bomb(folder / "dense.xlsx")
    for name, blob in cases.items():
        (folder / name).write_bytes(blob)
        out[name] = folder / name
    return out


def _ods(cells_xml: str, name: str = "项目") -> bytes:
    """A minimal .ods around one table's rows (``cells_xml``)."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{name}">{cells_xml}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:'
        'names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-'
        'entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _ods_cell(value: object, extra: str = "") -> str:
    if value is None:
        return f"<table:table-cell{extra}/>"
    if isinstance(value, int | float):
        return (f'<table:table-cell office:value-type="float" office:value="{value}"{extra}>'
                f"<text:p>{value}</text:p></table:table-cell>")  # fmt: skip
    return f'<table:table-cell office:value-type="string"{extra}><text:p>{value}</text:p></table:table-cell>'  # fmt: skip


def ods_merged(path: Path, projects: list[P]) -> Path:
    """An .ods whose region cell is merged down over each block (covered cells below)."""
    regions = [p.region for p in projects]
    starts = {a: b - a + 1 for a, b in _blocks(regions)}
    inside = {i for a, b in _blocks(regions) for i in range(a + 1, b + 1)}
    rows = ["<table:table-row>" + _ods_cell(TITLE) + "</table:table-row>",
            "<table:table-row>" + "".join(_ods_cell(h) for h in HEADER) + "</table:table-row>"]  # fmt: skip
    for i, p in enumerate(projects):
        if i in starts:
            region = _ods_cell(p.region, f' table:number-rows-spanned="{starts[i]}"')
        elif i in inside:
            region = "<table:covered-table-cell/>"
        else:
            region = _ods_cell(p.region)
        cells = [_ods_cell(i + 1), _ods_cell(p.name), region]
        cells += [_ods_cell(v) for v in (p.unit, p.plan, p.gov, p.soc, p.done)]
        rows.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
    path.write_bytes(_ods("".join(rows)))
    return path


def ods_bombs(folder: Path) -> dict[str, Path]:
    """Repeat counts that claim millions of cells of values in a few bytes."""
    head = (
        "<table:table-row>"
        + _ods_cell("项目名称")
        + _ods_cell("年度计划投资")
        + "</table:table-row>"
    )
    cases = {
        "ods_rows.ods": head + '<table:table-row table:number-rows-repeated="1000000">'
        + _ods_cell("x") + _ods_cell(1) + "</table:table-row>",
        "ods_columns.ods": head + ("<table:table-row>"
        + _ods_cell(1, ' table:number-columns-repeated="16000"') + "</table:table-row>") * 100,
    }  # fmt: skip
    out = {}
    for name, rows in cases.items():
        out[name] = folder / name
        out[name].write_bytes(_ods(rows))
    return out


def xls_merged(path: Path, projects: list[P], hidden: list[P] | None = None) -> Path:
    """An Excel 97-2003 .xls (xlwt) with the region merged down over each block, and
    optionally a hidden sheet of other projects."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    for name, rows in (("项目", projects), ("上年", hidden)):
        if rows is None:
            continue
        ws = wb.add_sheet(name)
        ws.write(0, 0, TITLE)
        for j, text in enumerate(HEADER):
            ws.write(1, j, text)
        blocks = dict(_blocks([p.region for p in rows]))
        inner = {i for a, b in blocks.items() for i in range(a + 1, b + 1)}
        for i, p in enumerate(rows):
            r = FIRST + i
            for j, v in enumerate([i + 1, p.name, None, p.unit, p.plan, p.gov, p.soc, p.done]):
                if v is not None:
                    ws.write(r, j, v)
            if i in blocks:
                ws.write_merge(r, FIRST + blocks[i], 2, 2, p.region)
            elif i not in inner:
                ws.write(r, 2, p.region)
        if name == "上年":
            ws.visibility = 1
    wb.save(str(path))
    return path


def dense_bomb(path: Path, rows: int = 1300, cols: int = 800) -> Path:
    """Cells written without references (allowed by the format): only their count shows
    the size of the grid."""
    row = "<row>" + "<c><v>1</v></c>" * cols + "</row>"
    body = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    )
    path.write_bytes(_raw_xlsx((body + row * rows + "</sheetData></worksheet>").encode(), level=9))
    return path
