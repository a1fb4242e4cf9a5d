"""``warn --stats`` (and ``[rutong] stats``): the 入统 dimension goes by rutong's matching
against the statistics list, overriding the ledger's 是否入统 column; each cell that says
otherwise is a finding. Expected colours are worked out by hand below."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app

HEADER = ["项目编号", "项目名称", "县(市、区)", "总投资(万元)", "年度计划投资(万元)",
          "1-6月完成投资(万元)", "实际开工时间", "是否入统"]  # fmt: skip
# As of 2024-06-30; every project is on time progress (completed = half the plan), so
# only the 入统 dimension colours them. The comment says how each one matches the list.
LEDGER = [
    ["2301-330803-04-01-111111", "城东污水处理厂", "衢江区", 8000, 3000, 1500, "2023-03-01", "否"],  # code
    ["", "浙江某某新材料有限公司年产5万吨（一期）项目", "衢江区", 20000, 4000, 2000, "2024-02-10", "是"],  # name
    ["", "高家镇道路提升工程", "衢江区", 3000, 1000, 500, "2024-01-15", None],  # name
    ["", "柯城区体育中心", "柯城区", 6000, 200, 100, "2024-05-20", "是"],  # none: 1 month
    ["", "柯城区智慧停车", "柯城区", 5000, 300, 150, "2024-01-05", "否"],  # none: 5 months
    ["", "柯城区小微园", "柯城区", 400, 100, 50, "2024-02-01", "否"],  # none, below 500 万元
    ["", "柯城区文化馆", "柯城区", 7000, 0, 0, None, None],  # not started
]  # fmt: skip
STATS = [
    ["统一项目代码", "项目名称", "入库时间", "本年完成投资(万元)"],
    ["2301-330803-04-01-111111", "城东污水处理厂一期", "2023-04-10", 1200],
    ["", "浙江某某新材料年产5万吨(一期)", "2024-03-20", 2100],
    ["", "高家镇道路提升", "2024-02-28", 400],
    ["", "航埠镇光伏电站", "2024-05-01", 150],
]
AS_OF = date(2024, 6, 30)
MATCHED = {"城东污水处理厂", "浙江某某新材料有限公司年产5万吨（一期）项目", "高家镇道路提升工程"}


def months_since(start: str) -> int:
    d = date.fromisoformat(start)
    return (AS_OF.year - d.year) * 12 + AS_OF.month - d.month


def colour(months: int) -> str:  # [warnings] defaults: 黄 from 1 month, 红 above 2
    return "red" if months > 2 else "yellow" if months >= 1 else "blue"


def by_list() -> dict[str, str]:
    """Due (started, total ≥ 500 万元) and not in the list → coloured by months."""
    out = {}
    for _, name, _, total, _, _, start, _ in LEDGER:
        pending = start and total >= 500 and name not in MATCHED
        out[name] = colour(months_since(start)) if pending else "blue"
    return out


def by_column() -> dict[str, str]:
    """Started and the 是否入统 cell not 是 → coloured by months (no size threshold)."""
    out = {}
    for _, name, _, _, _, _, start, cell in LEDGER:
        out[name] = colour(months_since(start)) if start and cell != "是" else "blue"
    return out


@pytest.fixture
def files(tidy, tmp_path: Path) -> tuple[Path, Path]:
    from conftest import write_xlsx

    ledger = tidy(HEADER, LEDGER, title="2024年某某市重点项目推进情况表（1-6月）")
    return ledger, write_xlsx(tmp_path / "入库清单.xlsx", STATS)


def warn_json(runner: CliRunner, *args: str) -> dict:
    result = runner.invoke(app, ["warn", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def statistics(data: dict) -> dict[str, str]:
    return {p["name"]: p["statistics"] for p in data["projects"]}


def test_the_list_overrides_the_column(runner: CliRunner, files: tuple[Path, Path]) -> None:
    ledger, stats = files
    assert by_list() != by_column()  # the two sources disagree, so the test can tell
    assert statistics(warn_json(runner, str(ledger))) == by_column()
    with_list = warn_json(runner, str(ledger), "--stats", str(stats))
    assert statistics(with_list) == by_list()
    assert with_list["statistics_list"] == {
        "file": "入库清单.xlsx", "pending": 2, "disagree": 2, "threshold_wan": 500.0, "unread": 0,
        "fuzzy": 0,
    }  # fmt: skip
    assert warn_json(runner, str(ledger))["statistics_list"] is None


def test_each_disagreeing_cell_is_a_finding(runner: CliRunner, files: tuple[Path, Path]) -> None:
    ledger, stats = files
    data = warn_json(runner, str(ledger), "--stats", str(stats))
    found = [(w["where"], w["message"]) for w in data["warnings"] if w["code"] == "stats_disagree"]
    # Column H (是否入统), rows 4 and 7: the title and unit lines, then the header.
    assert found == [
        ("Sheet1!H4", "城东污水处理厂：是否入统 says “否” but 入库清单.xlsx lists it as "
                      "“城东污水处理厂一期”；入统 follows the list"),
        ("Sheet1!H7", "柯城区体育中心：是否入统 says “是” but 入库清单.xlsx has no such "
                      "project；入统 follows the list"),
    ]  # fmt: skip


def test_the_table_says_what_it_went_by(runner: CliRunner, files: tuple[Path, Path]) -> None:
    ledger, stats = files
    result = runner.invoke(app, ["warn", str(ledger), "--stats", str(stats), "-f", "md"])
    assert result.exit_code == 0, result.output
    assert (
        "入统依据统计入库清单《入库清单.xlsx》匹配（已开工且总投资500万元及以上的项目应入库），"
        "已开工未入库2个；台账“是否入统”与清单不一致2个，以清单为准（见警告）。"
    ) in result.stdout


def test_configured_list_is_used(
    runner: CliRunner, files: tuple[Path, Path], tmp_path: Path, monkeypatch
) -> None:
    ledger, _ = files
    monkeypatch.chdir(tmp_path)
    Path("projtrack.toml").write_text('[rutong]\nstats = "入库清单.xlsx"\n', encoding="utf-8")
    assert statistics(warn_json(runner, str(ledger))) == by_list()


def test_a_bad_list_stops_with_nothing_written(
    runner: CliRunner, files: tuple[Path, Path], tmp_path: Path, monkeypatch
) -> None:
    from conftest import write_xlsx

    ledger, _ = files
    bad = write_xlsx(tmp_path / "坏清单.xlsx", [["序号", "备注"], [1, "无"]])
    out = tmp_path / "预警.md"
    result = runner.invoke(app, ["warn", str(ledger), "--stats", str(bad), "-o", str(out)])
    assert result.exit_code == 1
    assert "坏清单.xlsx" in result.stderr and "项目名称" in result.stderr
    assert not out.exists()
    monkeypatch.chdir(tmp_path)
    Path("projtrack.toml").write_text('[rutong]\nstats = "没有.xlsx"\n', encoding="utf-8")
    result = runner.invoke(app, ["warn", str(ledger)])
    assert result.exit_code == 1
    assert "没有.xlsx: no such file: [rutong] stats in " in result.stderr


def test_woniu_and_the_briefing_follow_the_list_alike(tidy, tmp_path: Path) -> None:
    """城东污水处理厂 started in 2023 and its 是否入统 says 否: red in May and June by the
    column, so a 蜗牛 (连续2期红); by the list it is 入统, so June is not red and it is not."""
    from conftest import write_xlsx

    runner = CliRunner()
    may = tidy([h.replace("1-6月", "1-5月") for h in HEADER], LEDGER, name="2024年5月台账.xlsx")
    june = tidy(HEADER, LEDGER, name="2024年6月台账.xlsx")
    stats = write_xlsx(tmp_path / "入库清单.xlsx", STATS)
    assert runner.invoke(app, ["ingest", str(may)]).exit_code == 0

    def names(*args: str) -> set[str]:
        result = runner.invoke(app, [*args, "-f", "json"])
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        listed = data["woniu"]["projects"] if "woniu" in data else data["projects"]
        return {p["name"] for p in listed}

    assert "城东污水处理厂" in names("woniu", str(june), "--no-record")
    by_list = names("woniu", str(june), "--no-record", "--stats", str(stats))
    assert "城东污水处理厂" not in by_list
    assert names("brief", str(june), "--stats", str(stats)) == by_list


def test_notices_follow_the_list(tidy, tmp_path: Path) -> None:
    from conftest import write_xlsx

    runner = CliRunner()
    ledger = tidy([*HEADER, "责任单位"], [[*row, "县发改局"] for row in LEDGER],
                  name="2024年6月台账.xlsx")  # fmt: skip
    stats = write_xlsx(tmp_path / "入库清单.xlsx", STATS)

    def red(*extra: str) -> set[str]:
        result = runner.invoke(app, ["notices", str(ledger), "--dry-run", "-f", "json", *extra])
        assert result.exit_code == 0, result.output
        return {r["name"] for n in json.loads(result.stdout)["notices"] for r in n["red"]}

    assert red("--stats", str(stats)) == {n for n, c in by_list().items() if c == "red"}
    assert red() == {n for n, c in by_column().items() if c == "red"}
    assert "城东污水处理厂" in red() and "城东污水处理厂" not in red("--stats", str(stats))


def test_without_total_investment_every_started_project_is_due(tidy, tmp_path: Path) -> None:
    """No 总投资 column: the 500 万元 threshold cannot apply, so every started project
    not in the list is 已开工未入库 (not none of them), and the user is told."""
    from conftest import write_xlsx

    keep = [i for i, h in enumerate(HEADER) if not h.startswith("总投资")]
    ledger = tidy([HEADER[i] for i in keep], [[r[i] for i in keep] for r in LEDGER])
    stats = write_xlsx(tmp_path / "入库清单.xlsx", STATS)
    result = CliRunner().invoke(app, ["warn", str(ledger), "--stats", str(stats), "-f", "json",
                                      "--all"])  # fmt: skip
    data = json.loads(result.stdout)
    want = {name: colour(months_since(start)) if start and name not in MATCHED else "blue"
            for _, name, _, _, _, _, start, _ in LEDGER}  # fmt: skip
    assert {p["name"]: p["statistics"] for p in data["projects"]} == want
    assert "no_total_investment" in {w["code"] for w in data["warnings"]}
