"""The briefing workbook's 入统 sheet (``brief --stats``, ``[rutong] stats``): per-unit
入库率 and both completion rates against sums worked out here, the lists under them, and
the 明细 sheet's 预警 following the list as ``warn --stats`` does."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app
from test_warn_stats import AS_OF, HEADER, LEDGER, MATCHED, STATS, by_list, months_since

# The statistics completion of each matched ledger project (万元), from STATS.
STATS_DONE = {"城东污水处理厂": 1200.0, "浙江某某新材料有限公司年产5万吨（一期）项目": 2100.0,
              "高家镇道路提升工程": 400.0}  # fmt: skip


@pytest.fixture
def files(tidy, tmp_path: Path) -> tuple[Path, Path]:
    from conftest import write_xlsx

    ledger = tidy(HEADER, LEDGER, title="2024年某某市重点项目推进情况表（1-6月）")
    return ledger, write_xlsx(tmp_path / "入库清单.xlsx", STATS)


def brief_book(tmp_path: Path, *args: str) -> openpyxl.Workbook:
    out = tmp_path / "简报.xlsx"
    result = CliRunner().invoke(app, ["brief", *args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return openpyxl.load_workbook(out)


def expected_units() -> dict[str, tuple]:
    """unit → (projects, due, entered, 入库率, plan, ledger done, stats done, two rates, pp)."""
    out = {}
    for unit in sorted({row[2] for row in LEDGER}):
        rows = [r for r in LEDGER if r[2] == unit]
        due = [r for r in rows if r[6] and r[3] >= 500]
        entered = [r for r in due if r[1] in MATCHED]
        plan = sum(r[4] for r in rows)
        done = sum(r[5] for r in rows)
        stats = sum(STATS_DONE.get(r[1], 0.0) for r in rows)
        out[unit] = (len(rows), len(due), len(entered), len(entered) / len(due), plan, done,
                     stats, done / plan, stats / plan, (done - stats) / plan * 100)  # fmt: skip
    return out


def rows_of(ws, first: int, width: int) -> list[tuple]:
    """Rows from ``first`` down to the first without a B cell (blank, or a note in A)."""
    out = []
    for row in ws.iter_rows(min_row=first, max_col=width, values_only=True):
        if row[1] is None:
            break
        out.append(row)
    return out


def test_per_unit_figures(files: tuple[Path, Path], tmp_path: Path) -> None:
    ledger, stats = files
    ws = brief_book(tmp_path, str(ledger), "--stats", str(stats))["入统"]
    assert ws["A1"].value == "入统情况（截至2024年6月30日，统计入库清单：入库清单.xlsx）"
    got = {r[0]: r[1:] for r in rows_of(ws, 3, 11)}
    units = expected_units()
    for unit, want in units.items():
        assert got[unit] == pytest.approx(want)
    cols = list(zip(*units.values(), strict=True))
    plan, done, stats_done = sum(cols[4]), sum(cols[5]), sum(cols[6])
    total = (sum(cols[0]), sum(cols[1]), sum(cols[2]), sum(cols[2]) / sum(cols[1]), plan, done,
             stats_done, done / plan, stats_done / plan, (done - stats_done) / plan * 100)  # fmt: skip
    assert got["合计"] == pytest.approx(total)


def test_lists_under_the_table(files: tuple[Path, Path], tmp_path: Path) -> None:
    ledger, stats = files
    ws = brief_book(tmp_path, str(ledger), "--stats", str(stats))["入统"]
    cells = [c.value for c in ws["A"]]
    at = cells.index("已开工未入库项目（2个）") + 1
    pending = [r for r in LEDGER if r[6] and r[3] >= 500 and r[1] not in MATCHED]
    pending.sort(key=lambda r: -months_since(r[6]))
    words = {"red": "红", "yellow": "黄"}
    want = [(r[1], r[2], r[3], months_since(r[6]), words[by_list()[r[1]]]) for r in pending]
    got = [(r[0], r[1], r[2], r[4], r[5]) for r in rows_of(ws, at + 2, 6)]
    assert got == want
    at = cells.index("偏离度超过20%的项目（2个）") + 1
    deviating = {r[0]: r[4] for r in rows_of(ws, at + 2, 5)}
    done = {r[1]: r[5] for r in LEDGER}
    want_dev = {n: (done[n] - s) / s for n, s in STATS_DONE.items() if abs(done[n] - s) / s > 0.2}
    assert deviating == pytest.approx(want_dev)
    at = cells.index("统计清单中有、台账中没有的项目（1个）") + 1
    last = [r for r in ws.iter_rows(min_row=at + 2, max_col=4, values_only=True) if r[0]]
    assert last == [("航埠镇光伏电站", None, None, 150)]  # the last table: nothing under it
    assert "名称模糊匹配（0对）" in cells  # nothing to confirm: no 请确认


def test_detail_warnings_follow_the_list(files: tuple[Path, Path], tmp_path: Path) -> None:
    ledger, stats = files
    ws = brief_book(tmp_path, str(ledger), "--stats", str(stats))["明细"]
    heads = [c.value for c in ws[2]]
    name, colour = heads.index("项目名称"), heads.index("预警")
    shown = {r[name]: r[colour] for r in ws.iter_rows(min_row=3, values_only=True) if r[name]}
    words = {"red": "红", "yellow": "黄", "blue": "蓝"}
    assert shown == {n: words[c] for n, c in by_list().items()}  # progress is on time


def test_only_with_a_list(files: tuple[Path, Path], tmp_path: Path, monkeypatch) -> None:
    ledger, _ = files
    assert "入统" not in brief_book(tmp_path, str(ledger)).sheetnames
    monkeypatch.chdir(tmp_path)
    Path("projtrack.toml").write_text('[rutong]\nstats = "入库清单.xlsx"\n', encoding="utf-8")
    assert "入统" in brief_book(tmp_path, str(ledger)).sheetnames
    result = CliRunner().invoke(app, ["brief", str(ledger), "-f", "json"])
    codes = [w["code"] for w in json.loads(result.stdout)["warnings"]]
    assert codes.count("stats_disagree") == 2
    assert AS_OF.isoformat() == json.loads(result.stdout)["as_of"]


def test_json_carries_the_reconciliation(files: tuple[Path, Path]) -> None:
    ledger, stats = files
    result = CliRunner().invoke(app, ["brief", str(ledger), "--stats", str(stats), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)["statistics"]
    units = expected_units()
    due = sum(u[1] for u in units.values())
    entered = sum(u[2] for u in units.values())
    assert data["total"]["due"] == due and data["total"]["entered"] == entered
    plain = CliRunner().invoke(app, ["brief", str(ledger), "-f", "json"])
    assert json.loads(plain.stdout)["statistics"] is None


def test_the_briefing_says_what_入统_went_by(files: tuple[Path, Path]) -> None:
    ledger, stats = files
    md = CliRunner().invoke(app, ["brief", str(ledger), "--stats", str(stats)]).stdout
    rules = next(line for line in md.splitlines() if line.startswith("预警规则"))
    assert "入统依据统计入库清单《入库清单.xlsx》匹配" in rules
    plain = CliRunner().invoke(app, ["brief", str(ledger)]).stdout
    assert "统计入库清单" not in plain
