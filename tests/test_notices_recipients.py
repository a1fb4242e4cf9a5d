"""Who a 督办单 goes to and when it may be signed: leaders named together in one cell,
projects without a leader, an issue date before the data's cut-off."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from corpus_supervision import MONTHS, PROJECTS, monthly_ledgers
from projtrack.cli.app import app

SEP = MONTHS[-1]


def test_an_issue_date_before_the_cut_off_is_a_usage_error(runner: CliRunner, tidy) -> None:
    """A 1-9月 ledger's notice signed on 1 July would ask about figures not yet reported."""
    path = monthly_ledgers(tidy, [SEP])[SEP]
    result = runner.invoke(app, ["notices", str(path), "--dry-run", "--date", "2024-07-01"])
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        "错误 Error: --date 2024-07-01 is before the data's cut-off 2024-09-30（前三季度）: a "
        "notice is signed on or after the date its figures run to; give a later --date, or "
        "leave it out to sign on the cut-off\n"
    )
    assert not Path("projtrack-data").exists()
    for day in ("2024-09-30", "2024-10-08"):  # the cut-off itself and later are fine
        result = runner.invoke(app, ["notices", str(path), "--dry-run", "--date", day])
        assert result.exit_code == 0, result.output


def listed_names(notice: dict) -> set[str]:
    return {r["name"] for k in ("red", "not_started", "overdue_problems") for r in notice[k]}


def notices_json(runner: CliRunner, path: Path, *args: str) -> dict:
    result = runner.invoke(app, ["notices", str(path), "--dry-run", "-f", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def by_unit_leaders(unit_leader: dict[str, str | None]) -> dict[str, str | None]:
    """Project name → the leader cell, given per responsible unit."""
    return {p.name: unit_leader[p.unit] for p in PROJECTS}


def test_a_cell_naming_several_leaders_puts_the_project_on_each_notice(
    runner: CliRunner, tidy
) -> None:
    """张县长、李副县长 is two people: each one's notice lists the project, as the briefing's
    包保领导 table counts it under each; nobody gets a notice addressed to the pair."""
    unit_leader = {"县交通局": "张县长", "县住建局": "张县长、李副县长", "县水利局": "李副县长",
                   "县教育局": "王县长", "县文旅局": "王县长/李副县长"}  # fmt: skip
    path = monthly_ledgers(tidy, [SEP], leaders=by_unit_leaders(unit_leader))[SEP]
    per_unit = {n["unit"]: listed_names(n) for n in notices_json(runner, path)["notices"]}
    want: dict[str, set[str]] = {}
    for unit, names in per_unit.items():
        for leader in re.split("[、/]", unit_leader[unit] or ""):
            want.setdefault(leader, set()).update(names)
    data = notices_json(runner, path, "--per", "leader")
    got = {n["unit"]: listed_names(n) for n in data["notices"]}
    assert got == want
    assert per_unit["县住建局"] <= got["张县长"] & got["李副县长"]  # the shared cell's projects


def test_projects_naming_no_leader_are_on_no_notice_and_counted(runner: CliRunner, tidy) -> None:
    """A notice must go to someone: no 督办单 for (未填写); the list says how many projects
    name no leader and how many of them had something to supervise."""
    unit_leader = {"县交通局": "张县长", "县住建局": "李副县长", "县水利局": "李副县长",
                   "县教育局": None, "县文旅局": "王县长"}  # fmt: skip
    path = monthly_ledgers(tidy, [SEP], leaders=by_unit_leaders(unit_leader))[SEP]
    per_unit = {n["unit"]: listed_names(n) for n in notices_json(runner, path)["notices"]}
    assert per_unit["县教育局"]  # 教育一's overdue problem: someone must be told
    data = notices_json(runner, path, "--per", "leader")
    assert [n["unit"] for n in data["notices"] if "未填写" in n["unit"]] == []
    assert [n["number"] for n in data["notices"]] == list(range(1, len(data["notices"]) + 1))
    unnamed = sum(p.unit == "县教育局" for p in PROJECTS)
    assert data["unaddressed"] == {"projects": unnamed, "listed": len(per_unit["县教育局"])}
    assert data["per_label"] == "包保领导"
    table = runner.invoke(app, ["notices", str(path), "--per", "leader", "--dry-run"]).stdout
    assert "按包保领导）" in table and "联系领导" not in table
    assert (f"另有{unnamed}个项目未填写包保领导，其中{len(per_unit['县教育局'])}个有需要督办的"
            "事项，未列入督办单（请补填包保领导）。") in table  # fmt: skip
    result = runner.invoke(app, ["notices", str(path), "--per", "leader", "-o", "out"])
    assert result.exit_code == 0, result.output
    assert not [f for f in Path("out").iterdir() if "未填写" in f.name]
    assert "未列入督办单" in result.stderr


def test_the_list_uses_the_ledger_s_word_for_the_leader(runner: CliRunner, tidy) -> None:
    leaders = {p.name: "张县长" for p in PROJECTS}
    path = monthly_ledgers(tidy, [SEP], leaders=leaders, leader_header="挂点领导")[SEP]
    table = runner.invoke(app, ["notices", str(path), "--per", "leader", "--dry-run"]).stdout
    assert "按挂点领导）" in table and "  挂点领导  " in table
    assert "未填写" not in table  # every project names its leader: no note


def test_a_notice_is_signed_by_the_issuing_office(runner, tidy, tmp_path) -> None:
    """督办单 printed only a date after the text; it is signed by [brief] issuer over the
    date, the placeholder ××发展和改革局 until one is set, in the docx and the md."""
    import docx

    header = ["项目名称", "责任单位", "年度计划投资", "1-6月完成投资"]
    ledger = tidy(header, [["甲", "县住建局", 100, 0], ["乙", "县水利局", 100, 60]])
    md = runner.invoke(app, ["notices", str(ledger), "-f", "md"]).stdout
    assert "××发展和改革局\n\n签发日期：" in md
    config = tmp_path / "p.toml"
    config.write_text('[brief]\nissuer = "中江县发展和改革局"\n', encoding="utf-8")
    out = tmp_path / "督办"
    result = runner.invoke(app, ["notices", str(ledger), "-o", str(out), "--config", str(config)])
    assert result.exit_code == 0, result.output
    (notice,) = out.glob("*.docx")
    texts = [p.text for p in docx.Document(str(notice)).paragraphs if p.text]
    assert texts[-2] == "中江县发展和改革局" and texts[-1].endswith("日")


def test_a_project_to_check_is_counted_once(runner, tidy) -> None:
    """核对提示 counted a project once per list it was on: one project red for its overdue
    start and also 应开未开, its plan empty, gave 2. It is one project to check."""
    import json

    header = ["项目名称", "责任单位", "建设性质", "年度计划投资", "1-6月完成投资",
              "计划开工时间", "实际开工时间"]  # fmt: skip
    rows = [["甲", "县住建局", "新开工", None, 0, "2024-01-01", None],  # plan_missing, red, 应开未开
            ["乙", "县住建局", "续建", 100, 10, None, None]]  # fmt: skip
    ledger = tidy(header, rows)
    result = runner.invoke(app, ["notices", str(ledger), "--dry-run", "-f", "json"])
    assert result.exit_code == 0, result.output
    (notice,) = [n for n in json.loads(result.stdout)["notices"] if n["unit"] == "县住建局"]
    assert {r["name"] for r in notice["red"]} >= {"甲"}
    assert [r["name"] for r in notice["not_started"]] == ["甲"]
    assert notice["counts"]["flagged"] == 1


def test_a_leader_s_notice_is_worded_to_the_leader(runner: CliRunner, tidy) -> None:
    """你单位 is a unit; a leader is asked to see to the projects in their charge."""
    leaders = {p.name: "张县长" for p in PROJECTS}
    path = monthly_ledgers(tidy, [SEP], leaders=leaders, leader_header="挂点领导")[SEP]
    from projtrack.jobs.notices import notices
    from projtrack.render.notices import notices_markdown
    from projtrack.store import Store

    store = Store(Path("projtrack-data"))
    per_leader = notices_markdown(notices(path, per="leader", store=store, dry_run=True))
    assert "您挂点的项目有以下事项需督促办理：" in per_leader and "你单位" not in per_leader
    per_unit = notices_markdown(notices(path, store=store, dry_run=True))
    assert "你单位有以下事项需抓紧办理：" in per_unit and "较时序进度（百分点）" in per_unit


def test_units_with_equal_counts_keep_the_ledger_s_order(runner: CliRunner, tidy) -> None:
    """Three units each with one overdue problem: they come (and are numbered) in the order
    they first appear in the ledger, not by code point (交 < 住 < 商 would put 县交通局
    first); a unit with more to act on still comes first. Per leader likewise."""
    header = ["项目名称", "责任单位", "包保领导", "年度计划投资", "1-9月完成投资", "存在问题",
              "办结时限", "问题状态"]  # fmt: skip
    rows = [
        ["甲", "县住建局", "王县长", 100, 80, "用地", "2024-08-01", "未解决"],
        ["乙", "县商务局", "李县长", 100, 80, "资金", "2024-08-01", "未解决"],
        ["丙", "县交通局", "张县长", 100, 80, "环评", "2024-08-01", "未解决"],
        ["丁", "县教育局", "张县长", 100, 80, "规划", "2024-08-01", "未解决"],
        ["戊", "县教育局", "李县长", 100, 80, "", "", ""],
        ["己", "县教育局", "王县长", 100, 80, "", "", ""],
    ]
    path = tidy(header, rows, title="2024年XX县重点项目推进情况表（1-9月）")
    data = notices_json(runner, path)
    assert [n["unit"] for n in data["notices"]] == ["县住建局", "县商务局", "县交通局", "县教育局"]
    rows[3][4] = 10  # 县教育局's 丁 now also red: more to act on, first
    path = tidy(header, rows, title="2024年XX县重点项目推进情况表（1-9月）")
    data = notices_json(runner, path)
    assert [n["unit"] for n in data["notices"]] == ["县教育局", "县住建局", "县商务局", "县交通局"]
    data = notices_json(runner, path, "--per", "leader")
    assert [n["unit"] for n in data["notices"]] == ["张县长", "王县长", "李县长"]
