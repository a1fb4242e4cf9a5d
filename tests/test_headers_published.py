"""Header wordings of published tables (issue #11): header → field, and exact totals end to end."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpus_headers import (
    AS_OF,
    LEADER_WORDINGS,
    TITLE,
    TITLES,
    WORDINGS,
    expected,
    invent,
    leader_parent_table,
    table,
    total,
    wording,
    write_xlsx,
)
from projtrack import load_ledger
from projtrack.cli.app import app
from projtrack.period import clues_from_text
from projtrack.read.fields import match_header

# Header → field, including near misses that must match something else or nothing.
CASES: list[tuple[str, str | None]] = [
    *((h, f) for f, hs in WORDINGS.items() for h in hs),
    *((h, "leader") for h in LEADER_WORDINGS),
    ("挂钩领导", "leader"), ("市领导", "leader"), ("县领导", "leader"),
    ("項目掛點領導", "leader"), ("所屬區（市）縣", "region"), ("年度投資計劃", "annual_plan"),
    ("业主名称", "owner"), ("项目业主单位", "owner"), ("年度目标任务（万元）", "annual_plan"),
    ("1-6月实际完成投资（亿元）", "completed_ytd"), ("今年以来完成投资", "completed_ytd"),
    ("截至6月底完成投资", "completed_ytd"), ("开工至今累计完成投资", "completed_since_start"),
    ("累计完成投资", "completed_since_start"),
    # near misses
    ("领导", None), ("领导小组", None), ("负责人", None), ("联系人", None), ("电话", None),
    ("联系电话", None), ("业主单位负责人", None), ("项目业主单位负责人", None), ("项目", None),
    ("建设地点", None), ("建设内容", None), ("区域面积", None), ("重点项目", None),
    ("年度目标", None), ("县级责任单位", "responsible"), ("责任单位", "responsible"),
    ("牵头单位", "responsible"), ("1-6月计划完成投资", "planned_ytd"),
    ("2024年计划投资", "annual_plan"), ("1-6月完成投资占年度计划%", "rate"),
    ("问题状态", "problem_status"), ("问题整改时限", "problem_deadline"),
    ("实际开工时间", "actual_start"), ("开工时间", "actual_start"),
    ("计划开工时间", "planned_start"), ("本月完成投资", "completed_month"),
    ("总投资完成率", "rate"), ("市重点项目名称", None),
]  # fmt: skip


@pytest.mark.parametrize(("header", "field"), CASES)
def test_header_to_field(header: str, field: str | None) -> None:
    assert match_header(header).field == field


def rank_json(runner: CliRunner, *args: str) -> dict:
    result = runner.invoke(app, ["rank", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def assert_figures(data: dict, recs: list, key: str) -> None:
    n, plan, done = total(recs)
    assert data["total"]["projects"] == n
    assert data["total"]["annual_plan"] == pytest.approx(plan, abs=1e-6)
    assert data["total"]["completed_ytd"] == pytest.approx(done, abs=1e-6)
    assert data["total"]["completion_rate"] == pytest.approx(done / plan)
    got = {r["group"]: (r["projects"], r["annual_plan"], r["completed_ytd"]) for r in data["rows"]}
    want = expected(recs, key)
    assert got.keys() == want.keys()
    for group, (count, p, c) in want.items():
        assert got[group][0] == count
        assert got[group][1] == pytest.approx(p, abs=1e-6)
        assert got[group][2] == pytest.approx(c, abs=1e-6)


@pytest.mark.parametrize("index", range(max(len(w) for w in WORDINGS.values())))
def test_published_wordings_give_exact_totals(
    tmp_path: Path, runner: CliRunner, index: int
) -> None:
    headers = wording(index)
    recs = invent(random.Random(index), 23)
    title = TITLES.get(headers["completed_ytd"], TITLE)
    path = write_xlsx(
        tmp_path / f"台账{index}.xlsx", {"重点项目": table(recs, headers, title=title)}
    )
    ledger = load_ledger(path)
    used = {c.field: c.header for c in ledger.sheets[0].columns}
    assert used == {"name": "项目名称", **headers}
    for key in ("region", "level"):
        data = rank_json(runner, str(path), "--by", key)  # no option: as-of from the ledger
        assert data["as_of"] == AS_OF[headers["completed_ytd"]]
        assert_figures(data, recs, key)


@pytest.mark.parametrize("header", LEADER_WORDINGS)
def test_by_leader_with_each_leader_header(tmp_path: Path, runner: CliRunner, header: str) -> None:
    recs = invent(random.Random(len(header)), 17)
    headers = {"region": "县（市、区）", "leader": header, "annual_plan": "年度计划投资",
               "completed_ytd": "1-6月完成投资"}  # fmt: skip
    rows = table(recs, headers)
    path = write_xlsx(tmp_path / "leader.xlsx", {"Sheet1": rows})
    data = rank_json(runner, str(path), "--by", "leader")
    assert data["group_by"] == "leader"
    assert_figures(data, recs, "leader")


def test_leader_parent_over_city_and_county_takes_the_first_level_present(
    tmp_path: Path, runner: CliRunner
) -> None:
    recs = invent(random.Random(7), 19)
    rows, merges = leader_parent_table(recs)
    path = write_xlsx(tmp_path / "挂钩.xlsx", {"Sheet1": rows}, {"Sheet1": merges})
    ledger = load_ledger(path)
    fields = {c.field: c.header for c in ledger.sheets[0].columns}
    assert fields["leader"] == "挂钩领导/市领导"
    assert fields["leader_other"] == "挂钩领导/县领导"
    assert fields["owner"] == "项目业主单位/业主名称"
    got = ledger.projects.select("leader", "leader_other", "owner").rows()
    assert got == [(r.leader, r.county_leader if r.city_leader else None, r.owner) for r in recs]
    data = rank_json(runner, str(path), "--by", "leader")
    assert_figures(data, recs, "leader")


def test_starts_and_warn_by_leader(tmp_path: Path, runner: CliRunner) -> None:
    recs = invent(random.Random(3), 29)
    headers = {"leader": "包保县领导", "planned_start": "拟开工时间", "annual_plan": "年度投资计划",
               "completed_ytd": "1-6月完成投资", "actual_start": "实际开工时间"}  # fmt: skip
    path = write_xlsx(tmp_path / "starts.xlsx", {"Sheet1": table(recs, headers)})
    result = runner.invoke(app, ["starts", str(path), "--by", "leader", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["group_by"] == "leader"
    due: dict[str, int] = {}
    for r in recs:  # no stage column: a 2024 start is a new start, due when not after June
        if r.start.month <= 6:
            due[r.leader] = due.get(r.leader, 0) + 1
    assert {row["group"]: row["due"] for row in data["by"]} == due
    assert data["started"] == 0
    result = runner.invoke(app, ["warn", str(path), "--by", "leader", "--format", "json"])
    assert result.exit_code == 0, result.output
    groups = {p["group"] for p in json.loads(result.stdout)["projects"]}
    assert groups == {r.leader for r in recs}


@pytest.mark.parametrize(
    ("text", "month", "day"),
    [
        ("至5月中旬完成投资额", 5, 20),
        ("截至2024年5月上旬完成投资", 5, 10),
        ("至5月下旬完成投资额", 5, None),
        ("至5月完成投资额", 5, None),
    ],
)
def test_ten_day_headers_give_the_day(text: str, month: int, day: int | None) -> None:
    clue = clues_from_text("header", text)
    assert clue is not None
    assert (clue.month, clue.day) == (month, day)


def test_mid_month_time_progress_is_pro_rata(tmp_path: Path, runner: CliRunner) -> None:
    recs = invent(random.Random(20), 9)
    headers = {
        "region": "项目属地",
        "annual_plan": "年度计划投资",
        "completed_ytd": "至5月中旬完成投资额",
    }
    path = write_xlsx(
        tmp_path / "旬.xlsx", {"Sheet1": table(recs, headers, title="2024年重点项目")}
    )
    data = rank_json(runner, str(path))
    assert data["as_of"] == "2024-05-20"
    assert data["time_progress"] == pytest.approx((4 + 20 / 31) / 12)
    _, plan, done = total(recs)
    assert data["total"]["variance_pp"] == pytest.approx((done / plan - (4 + 20 / 31) / 12) * 100)


# Section labels that may stand in the row below a header: never a field, or the header
# block would swallow them (省重点项目 under 项目名称 once turned the name into a level).
@pytest.mark.parametrize(
    "label",
    ["省重点项目(3个)", "一、市重点项目(2个)", "(一)产业项目", "旌阳区", "市本级", "其中：省重点项目",
     "合计", "县重点项目"],
)  # fmt: skip
def test_section_labels_are_no_field(label: str) -> None:
    assert match_header(label).field is None


def test_brief_by_two_leader_levels_is_labelled_by_the_parent(
    tmp_path: Path, runner: CliRunner
) -> None:
    recs = invent(random.Random(21), 12)
    rows, merges = leader_parent_table(recs)
    path = write_xlsx(tmp_path / "挂钩.xlsx", {"Sheet1": rows}, {"Sheet1": merges})
    out = tmp_path / "brief.md"
    result = runner.invoke(app, ["brief", str(path), "--by", "leader", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "按挂钩领导" in text
    assert "按市领导" not in text


def _traditional(text: str) -> str:
    import opencc

    return str(opencc.OpenCC("s2t").convert(text))


@pytest.mark.parametrize(
    ("header", "field"),
    [(h, f) for f, hs in WORDINGS.items() for h in hs] + [(h, "leader") for h in LEADER_WORDINGS],
)
def test_traditional_and_unit_forms_match_the_same_field(header: str, field: str) -> None:
    assert match_header(_traditional(header)).field == field
    if field in ("annual_plan", "completed_ytd", "completed_since_start", "total_investment"):
        assert match_header(f"{header}（万元）").field == field
        assert match_header(f"{_traditional(header)}(億元)").unit == "亿元"


@pytest.mark.parametrize(
    "header",
    ["建设项目", "项目名称及建设内容", "项目名称和主要建设内容", "工程名称", "建设工程名称"],
)
def test_name_headers_of_published_tables(tmp_path: Path, header: str) -> None:
    from conftest import write_xlsx
    from projtrack.read.load import load_ledger

    rows = [["2024年重点项目推进情况表（1-6月）"],
            ["序号", header, "县(市、区)", "年度计划投资", "1-6月完成投资"],
            [1, "甲项目", "旌阳区", 100.0, 40.0], [2, "乙项目", "中江县", 200.0, 90.0]]  # fmt: skip
    ledger = load_ledger(write_xlsx(tmp_path / "n.xlsx", rows))
    assert ledger.projects["name"].to_list() == ["甲项目", "乙项目"]
    assert ledger.projects["annual_plan"].sum() == 300.0


@pytest.mark.parametrize(
    ("cells", "grouped"),
    [(["县住建局", "县交通运输局", "县水务局"], "responsible"),  # a department's ledger
     (["公里", "平方米", "个"], None)],  # 计量单位 of each project's scale
)  # fmt: skip
def test_a_column_headed_danwei_is_read_by_what_it_holds(
    tmp_path: Path, runner: CliRunner, cells: list[str], grouped: str | None
) -> None:
    """单位 | 项目名称 | … with no 责任单位 column: departments' names are the responsible
    unit (the ledger was refused for want of a grouping); units of measure are not."""
    header = ["单位", "项目名称", "2024年计划投资", "1-6月完成投资"]
    rows = [[cells[i % 3], f"项目{i}", 1000 + 10 * i, 300 + i] for i in range(6)]
    path = write_xlsx(
        tmp_path / "danwei.xlsx", {"项目": [["2024年重点项目推进情况表"], header, *rows]}
    )
    result = runner.invoke(app, ["rank", str(path), "-f", "json"])
    if grouped is None:
        assert result.exit_code == 1 and "no column to group the projects by" in result.output
        return
    data = json.loads(result.stdout)
    sums: dict[str, float] = {}
    for unit, _, plan, _ in rows:
        sums[unit] = sums.get(unit, 0) + plan
    assert data["group_by"] == grouped
    assert {r["group"]: r["annual_plan"] for r in data["rows"]} == sums
    ledger = load_ledger(path)
    assert [f.code for f in ledger.findings if f.code == "column_unit_names"] == [
        "column_unit_names"
    ]


@pytest.mark.parametrize(
    ("top", "children", "unit"),
    [
        (["本年完成投资", None], ["本月", "累计"], 1.0),  # the year's 累计 beside the month's
        (["2024年投资（亿元）", None], ["计划投资", "1-6月完成"], 10000.0),  # the year's plan
    ],
)
def test_children_under_this_year_s_investment(
    tmp_path: Path, top: list[str | None], children: list[str], unit: float
) -> None:
    from conftest import write_xlsx
    from projtrack.read.load import load_ledger

    plan_first = children[0] == "计划投资"
    head = ["序号", "项目名称", "县(市、区)"] + ([] if plan_first else ["年度计划投资"])
    rows = [["2024年重点项目推进情况表（1-6月）"], [*head, *top],
            [*[None] * len(head), *children]]  # fmt: skip
    figures = [(100.0, 7.0, 40.0), (200.0, 9.0, 90.0)]
    for i, (plan, month, ytd) in enumerate(figures, start=1):
        cells = [plan / unit, ytd / unit] if plan_first else [plan, month, ytd]
        rows.append([i, f"项目{i}", "旌阳区", *cells])
    ledger = load_ledger(write_xlsx(tmp_path / "y.xlsx", rows))
    assert ledger.projects["annual_plan"].sum() == pytest.approx(300.0)
    assert ledger.projects["completed_ytd"].sum() == pytest.approx(130.0)
