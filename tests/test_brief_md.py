"""`projtrack brief --format md`: the sentences, the sections, the golden file."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.jobs.brief import brief, level_words, scope_from_titles
from projtrack.render.brief.phrases import progress_phrase
from projtrack.render.machine import to_json
from projtrack.render.punctuation import full_width

GOLDEN = Path(__file__).parent / "golden"
HEADLINE = (
    "一季度,全县72个省市重点项目累计完成投资49.5亿元,完成年度计划投资30.8%,超时序进度5.8个百分点。"
)
LEVELS = (
    "其中,6个省重点项目完成投资16.2亿元,占年度计划43.4%,超时序进度18.4个百分点;"
    "66个市重点项目完成投资33.3亿元,占年度计划27.0%,超时序进度2.0个百分点。"
)


def run_md(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, ["brief", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_example_headline_and_levels_figure_for_figure(runner: CliRunner, example: Path) -> None:
    text = run_md(runner, str(example), "--quarter", "Q1")
    assert full_width(HEADLINE + LEVELS) in text


def test_example_matches_the_golden_file(
    runner: CliRunner, example: Path, update_golden: bool
) -> None:
    text = run_md(runner, str(example), "--quarter", "Q1")
    golden = GOLDEN / "zhongjiang_2024_q1.brief.md"
    if update_golden:
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
    assert run_md(runner, str(example), "--quarter", "Q1") == text  # byte-identical


def test_sections_are_numbered_in_order(runner: CliRunner, example: Path) -> None:
    text = run_md(runner, str(example), "--quarter", "Q1")
    headings = re.findall(r"^## (.)、(.+)$", text, flags=re.M)
    assert [n for n, _ in headings] == list("一二三四五六七")
    assert [h for _, h in headings][2] == "红黄蓝预警"
    assert [h for _, h in headings][-2:] == ["新开工项目", "存在问题"]
    assert "截至3月31日，应开工新开工项目17个，已开工13个，开工率76.5%；应开未开项目4个。" in text
    assert "共12个项目反映存在问题" in text


@pytest.mark.parametrize(
    ("variance", "phrase"),
    [
        (5.8, "超时序进度5.8个百分点"),
        (-3.25, "滞后时序进度3.3个百分点"),
        (0.04, "与时序进度持平"),
        (-0.049, "与时序进度持平"),
        (18.36, "超时序进度18.4个百分点"),
    ],
)
def test_progress_phrase_never_says_a_negative_chao(variance: float, phrase: str) -> None:
    assert progress_phrase(variance) == phrase


def test_behind_ledger_without_optional_columns(runner: CliRunner, tidy) -> None:
    ledger = tidy(
        ["项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资"],
        [["甲|乙", "东区", 3000, 200], ["丙", "西区", 2000, 150]],
        title="2023年绵竹市重点项目推进情况",
    )
    text = run_md(runner, str(ledger))
    assert (
        "上半年，全市2个重点项目累计完成投资350万元，完成年度计划投资7.0%，"
        "滞后时序进度43.0个百分点。" in text
    )
    assert "其中" not in text  # no level column: no per-level sentence
    headings = re.findall(r"^## (.)、(.+)$", text, flags=re.M)
    # Both projects are red: listed under 红黄蓝预警, not again under 滞后时序进度较多的项目.
    assert [h for _, h in headings][2:] == ["红黄蓝预警", "完成投资较多的项目"]
    assert [n for n, _ in headings] == list("一二三四")
    assert not any(h in ("新开工项目", "存在问题") for _, h in headings)
    assert "| 1 | 甲\\|乙 | 东区 |" in text  # a pipe in a ledger text is escaped
    assert "按红黄蓝预警规则，红色预警项目2个，无黄色预警项目。红色预警项目如下：" in text
    assert "| 1 | 甲\\|乙 | 东区 | 6.7% | -43.3 | 滞后时序进度43.3个百分点 |" in text


def test_user_template_gets_the_same_context(runner: CliRunner, example: Path, tmp_path: Path):
    template = tmp_path / "mine.md.j2"
    template.write_text("{{ headline }}|{{ ranking.rows | length }}\n", encoding="utf-8")
    text = run_md(runner, str(example), "--quarter", "Q1", "--template", str(template))
    assert text == f"{full_width(HEADLINE)}|10\n"


def test_week_label_and_pro_rata_progress(runner: CliRunner, example: Path) -> None:
    text = run_md(runner, str(example), "--week", "11", "--by", "level")
    assert "\n# 中江县2024年第11周（3月11日-3月17日）重点项目推进情况\n" in text
    # Time progress at 17 March: (2 + 17/31) / 12 = 21.24%; 30.80 − 21.24 = 9.56 → 9.6.
    assert "超时序进度9.6个百分点" in text
    # One pair of brackets in a sentence (it read 截至…（第11周（3月11日-3月17日））).
    assert "截至2024年3月17日（第11周，3月11日-3月17日），" in text
    assert "（第11周（" not in text


def test_day_convention_is_stated(runner: CliRunner, example: Path) -> None:
    text = run_md(runner, str(example), "--quarter", "Q1", "--convention", "day")
    assert "（时序进度按日计算，为24.9%）" in text


def test_brief_json_figures_match_rank(example: Path) -> None:
    b = brief(ledger=example, quarter="Q1")
    assert b.ranking.total["projects"] == 72
    assert b.starts is not None and (b.starts.due, b.starts.started) == (17, 13)
    assert b.problems.height == 12
    assert b.behind["variance_pp"].to_list() == sorted(b.behind["variance_pp"].to_list())


@pytest.mark.parametrize(
    ("titles", "expected"),
    [
        (["2024年中江县重点项目推进情况表(1-3月)"], ("中江县", "全县")),
        (["德阳市2022年重点项目推进情况"], ("德阳市", "全市")),
        (["全区重点项目"], ("", "全区")),
        (["重点项目台账"], ("", "")),
        # a city's workbook of county sheets: the city, not its first county
        (["旌阳区2024年重点项目推进情况表", "中江县2024年重点项目推进情况表"], ("", "全市")),
        (["德阳市2024年重点项目", "绵阳市2024年重点项目"], ("", "全省")),
        (["中江县2024年重点项目推进情况表", "中江县重点项目（续）"], ("中江县", "全县")),
    ],
)
def test_scope_from_titles(titles: list[str], expected: tuple[str, str]) -> None:
    assert scope_from_titles(titles, "x") == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # a period or a level between the year and 重点: the place, never a piece of 1-12月
        ("达州市2024年1-12月市重点项目推进情况", ("达州市", "全市")),
        ("宣汉县2024年1-6月县重点项目推进情况表", ("宣汉县", "全县")),
        ("通川区2024年1-3月省市重点项目推进情况", ("通川区", "全区")),
        ("苍溪县2024年前三季度重点项目推进情况汇总表", ("苍溪县", "全县")),
        ("剑阁县2025年1月重点项目推进情况表", ("剑阁县", "全县")),
        ("德阳市2024年上半年重点项目推进情况表", ("德阳市", "全市")),
        ("巴中市2024年1-10月重点项目推进情况表", ("巴中市", "全市")),
        ("广元市2024年市级重点项目投资完成情况表（1-12月）", ("广元市", "全市")),
        ("旺苍县2024年县级重点项目", ("旺苍县", "全县")),
        ("旺苍县2024年重大项目推进情况", ("旺苍县", "全县")),
        ("剑阁县2025年一季度重大项目", ("剑阁县", "全县")),
        ("中江县2024年第一季度重点项目", ("中江县", "全县")),
        ("中江县2024年1-6月份重点项目", ("中江县", "全县")),
        ("中江县2024年度重点项目", ("中江县", "全县")),
        ("凉山州2024年全年重点项目", ("凉山州", "全州")),
        ("达州市2024年1—12月市重点", ("达州市", "全市")),
        # the place after the year (and period), or before a town
        ("2024年苍溪县重点项目", ("苍溪县", "全县")),
        ("2025年1-9月旌阳区新增重点项目", ("旌阳区", "全区")),
        ("截至2024年5月15日中江县重点项目", ("中江县", "全县")),
        ("苍溪县陵江镇2024年前三季度重点项目推进情况表", ("苍溪县", "全县")),
        ("苍溪县2024年1-6月重点项目推进情况表（白驿镇）", ("苍溪县", "全县")),
        # 新区/开发区/高新区 and names with an ending inside them
        ("德阳高新区2024年一季度重点项目", ("德阳高新区", "全区")),
        ("北川羌族自治县2024年上半年重点项目", ("北川羌族自治县", "全县")),
        ("沙市区2024年重点项目", ("沙市区", "全区")),
        ("杭州市重点项目推进情况", ("杭州市", "全市")),
        ("宣汉县县重点项目", ("宣汉县", "全县")),
        ("德阳市省市重点项目", ("德阳市", "全市")),
        # the scope word as written; no place
        ("2024年6月全县重点项目推进情况表", ("", "全县")),
        ("重点项目台账", ("", "")),
        ("2024年1-12月重点项目推进情况", ("", "")),
    ],
)
def test_scope_of_title_forms(title: str, expected: tuple[str, str]) -> None:
    assert scope_from_titles([title], "x") == expected


def test_level_words() -> None:
    assert level_words(["市重点", "省重点"]) == "省市重点项目"
    assert level_words(["县重点"]) == "县重点项目"
    assert level_words([]) == "重点项目"


def test_long_lists_are_shortened_in_the_briefing(runner: CliRunner, tidy, monkeypatch) -> None:
    import projtrack.render.brief.context as context

    monkeypatch.setattr(context, "LIST_LIMIT", 2)
    rows = [[f"项目{i}", "东区", 100, 0, f"问题{i}"] for i in range(5)]
    ledger = tidy(["项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资", "存在问题"], rows)
    text = run_md(runner, str(ledger))
    assert "（以上为前2个，共5个红色预警项目，完整清单见 projtrack warn。）" in text
    assert text.count("| 零投资 |") == 2
    # The 存在问题 list has its own limit and is never cut inside a unit.
    assert "（未填写）（5个）" in text and "问题，完整清单见" not in text


def test_the_problem_list_is_cut_between_units_only(runner: CliRunner, tidy, monkeypatch) -> None:
    """Cut at 50 problems, the list left out the units with fewest problems and split the
    last one (县交通运输局（2个） with one item); now whole units only, up to its limit."""
    import projtrack.render.brief.context as context

    monkeypatch.setattr(context, "PROBLEM_LIMIT", 4)
    units = ["县住建局"] * 3 + ["县水利局"] * 2 + ["县交通局"]
    rows = [[f"项目{i}", "东区", u, 100, 50, f"问题{i}"] for i, u in enumerate(units)]
    header = ["项目名称", "县(市、区)", "责任单位", "年度计划投资", "1-6月完成投资", "存在问题"]
    text = run_md(runner, str(tidy(header, rows)))
    assert "（一）县住建局（3个）" in text and "县水利局（" not in text
    assert "（以上为前3个，共6个问题，完整清单见 projtrack problems。）" in text
    monkeypatch.setattr(context, "PROBLEM_LIMIT", 5)
    text = run_md(runner, str(tidy(header, rows, name="b.xlsx")))
    assert "（二）县水利局（2个）" in text and "县交通局（" not in text
    assert "（以上为前5个，共6个问题" in text


def test_full_width_punctuation_is_the_default_and_half_an_option(
    runner: CliRunner, example: Path, tmp_path: Path
) -> None:
    text = run_md(runner, str(example), "--quarter", "Q1")
    assert (
        "一季度，全县72个省市重点项目累计完成投资49.5亿元，完成年度计划投资30.8%，"
        "超时序进度5.8个百分点。其中，6个省重点项目完成投资16.2亿元，占年度计划43.4%，"
        "超时序进度18.4个百分点；66个市重点项目"
    ) in text
    assert "## 二、一季度重点项目投资完成情况排名（按所在乡镇）" in text
    assert "| 1 | 中江高新区 | 24 | 570,733 | 202,524 | 35.5% |" in text  # numbers untouched
    assert "| 年度计划投资 | 1-3月完成投资 |" in text and "单位：万元、%" in text
    assert "较时序进度（百分点）" in text and "10～30个百分点（含）" in text
    assert "**县经信局（3个）**" in text and "1．年产2万吨再生塑料项目：环评审批尚未完成。" in text
    # Every line of text: no half-width , ; : ( ) outside a number (1,606,949; 1-3月).
    lines = [ln for ln in text.splitlines() if not re.match(r"^\| [:-]", ln)]  # not |:--|
    prose = re.sub(r"\d,\d", "", "\n".join(lines))
    assert not re.search(r"[,;:()]", prose), re.findall(r".{8}[,;:()].{8}", prose)[:5]
    config = tmp_path / "p.toml"
    config.write_text('[general]\npunctuation = "half"\n', encoding="utf-8")
    half = run_md(runner, str(example), "--quarter", "Q1", "--config", str(config))
    assert HEADLINE + LEVELS in half
    assert "1\\.年产2万吨再生塑料项目:环评审批尚未完成。" in half  # escaped: not a Markdown list


def test_brief_json_is_the_library_result(runner: CliRunner, example: Path) -> None:
    import json

    result = runner.invoke(app, ["brief", str(example), "--quarter", "Q1", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data == json.loads(to_json(brief(ledger=example, quarter="Q1").to_json()))
    assert data["title"] == "中江县2024年一季度重点项目推进情况"
    assert data["warning_counts"] == {"red": 0, "yellow": 20, "blue": 52}
    assert (data["starts"]["due"], data["starts"]["started"]) == (17, 13)
    levels = {row["group"]: row for row in data["levels"]}
    assert levels["省重点"]["completed_ytd"] == 162000
    assert len(data["problems"]) == 12


def test_projects_without_a_plan_are_not_said_to_progress_normally(runner: CliRunner, tidy) -> None:
    """Blue because nothing could be rated: 无年度计划投资、未评进度, not 正常推进."""
    rows = [["甲", "东区", 3000, 1600], ["乙", "西区", 2000, 1100], ["丙", "西区", None, 0],
            ["丁", "东区", 0, 0], ["戊", "东区", 1000, 100]]  # fmt: skip
    ledger = tidy(["项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资"], rows,
                  title="2023年绵竹市重点项目推进情况")  # fmt: skip
    text = run_md(runner, str(ledger))
    # 甲 53.3% and 乙 55% are on track (blue), 戊 10% is 40 pp behind (red); 丙 and 丁 have
    # no plan (blue, unrated).
    assert ("红色预警项目1个，无黄色预警项目，其余4个项目为蓝色，其中2个正常推进、"
            "2个无年度计划投资、未评进度。") in text  # fmt: skip


def test_a_cut_list_says_so_once_in_every_format(tidy: Callable[..., Path]) -> None:
    """More than 50 red and 50 not-started projects: each list's （以上为前50个…） note is
    printed once, in Markdown as in Word (the Markdown printed it twice)."""
    from projtrack.render.brief.docx import render_brief_docx
    from projtrack.render.brief.markdown import render_brief_md

    rows = [[f"项目{i}", "甲县" if i % 2 else "乙县", 100, 0, "新开工", "2024-01-01", ""]
            for i in range(52)]  # fmt: skip
    ledger = tidy(["项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资", "建设性质",
                   "计划开工时间", "实际开工时间"], rows)  # fmt: skip
    b = brief(ledger=ledger)
    md = render_brief_md(b)
    doc = docx.Document(io.BytesIO(render_brief_docx(b)))
    word = [p.text for p in doc.paragraphs]
    for what in ("红色预警项目", "应开未开项目"):
        note = f"（以上为前50个，共52个{what}"
        assert md.count(note) == 1, what
        assert sum(t.startswith(note) for t in word) == 1, what


def test_command_lines_only_in_the_markdown_briefing(tidy: Callable[..., Path]) -> None:
    """The Word, HTML and workbook briefings are sent out and never name a command; the
    Markdown one (the operator's) keeps the pointers."""
    import openpyxl

    from projtrack.render.brief.docx import render_brief_docx
    from projtrack.render.brief.html import render_brief_html
    from projtrack.render.brief.markdown import render_brief_md
    from projtrack.render.brief.xlsx import render_brief_xlsx

    rows = [[f"项目{i}", "甲县" if i % 2 else "乙县", 100, 0, "新开工", "2024-01-01", ""]
            for i in range(52)]  # fmt: skip
    ledger = tidy(["项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资", "建设性质",
                   "计划开工时间", "实际开工时间"], rows)  # fmt: skip
    b = brief(ledger=ledger)
    assert "（以上为前50个，共52个红色预警项目，完整清单见 projtrack warn。）" in render_brief_md(b)
    doc = docx.Document(io.BytesIO(render_brief_docx(b)))
    word = [p.text for p in doc.paragraphs]
    word += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "（以上为前50个，共52个红色预警项目。）" in word
    book = openpyxl.load_workbook(io.BytesIO(render_brief_xlsx(b)))
    cells = [c.value for ws in book for row in ws.iter_rows() for c in row]
    for shown in (word, [render_brief_html(b)], [v for v in cells if isinstance(v, str)]):
        assert not [t for t in shown if "projtrack " in t or " --" in t]


@pytest.mark.parametrize(
    ("wan", "shown"),
    [(15.0, "15万元"), (49.9, "50万元"), (50.0, "50万元"), (350.0, "350万元"),
     (999.0, "999万元"), (1000.0, "0.1亿元"), (3000.0, "0.3亿元"), (3500.0, "0.35亿元"),
     (9950.0, "1.0亿元"), (162000.0, "16.2亿元"), (12345000.0, "1234.5亿元"),
     (244251000.0, "24425.1亿元"), (0.0, "0万元"), (0.4, "0.4万元"), (-20.0, "-20万元")],
)  # fmt: skip
def test_a_small_amount_is_said_in_wan_not_as_zero_yi(wan: float, shown: str) -> None:
    """15 万元 printed 累计完成投资0.00亿元, which reads as nothing done; 50 万元 printed
    0.01亿元 (twice it), 3000 万元 0.30亿元, 1234.5 亿元 1235亿元 beside a table's 1,234.50."""
    from projtrack.render.numbers import yi_amount

    assert yi_amount(wan) == shown


def test_the_headline_of_a_small_ledger_names_its_wan(runner: CliRunner, tidy) -> None:
    ledger = tidy(["项目名称", "县(市、区)", "年度计划投资", "1-6月完成投资"],
                  [["甲", "东区", 3000, 10], ["乙", "西区", 2000, 5]],
                  title="2023年绵竹市重点项目推进情况")  # fmt: skip
    assert "累计完成投资15万元，完成年度计划投资0.3%，" in run_md(runner, str(ledger))


@pytest.mark.parametrize(
    ("now", "change", "said"),
    [(7.1, 20.6, "由滞后时序进度13.5个百分点转为超时序进度7.1个百分点"),
     (-9.0, -11.6, "由超时序进度2.6个百分点转为滞后时序进度9.0个百分点"),
     (5.0, 2.0, "超时序进度幅度扩大2.0个百分点"),
     (-5.0, 3.0, "与时序进度的差距缩小3.0个百分点"),
     (0.02, 5.0, "与时序进度持平(上期滞后时序进度5.0个百分点)"),
     (3.0, 3.0, "超时序进度3.0个百分点(上期与时序进度持平)")],
)  # fmt: skip
def test_a_change_across_time_progress_says_both_sides(
    now: float, change: float, said: str
) -> None:
    """From 滞后13.5 to 超7.1 the briefing said 超时序进度幅度扩大20.5个百分点 — a lead of 7.1
    cannot have widened by 20.5; a change of side says where it was and where it is."""
    from projtrack.render.brief.phrases import gap_change

    assert gap_change(now, change) == said


def test_a_total_and_its_levels_are_said_with_the_same_decimals(
    runner: CliRunner, tidy: Callable[..., Path]
) -> None:
    """1.45亿元 of which 0.82 and 0.63, not 1.5亿元 beside them: the parts add up as printed."""
    header = ["序号", "项目名称", "县(市、区)", "项目级别", "年度计划投资", "1-6月完成投资"]
    rows = [[1, "甲", "东区", "省重点", 20000, 5000], [2, "乙", "西区", "省重点", 10000, 3200],
            [3, "丙", "东区", "市重点", 15000, 6300]]  # fmt: skip
    text = run_md(runner, str(tidy(header, rows, title="2024年重点项目推进情况表（1-6月）")))
    assert "累计完成投资1.45亿元" in text
    assert "2个省重点项目完成投资0.82亿元" in text and "1个市重点项目完成投资0.63亿元" in text


def test_nothing_done_is_said_so(runner: CliRunner, tidy: Callable[..., Path]) -> None:
    """A January ledger with nothing done printed 累计完成投资0.00亿元，完成年度计划投资0.0%,
    and a level with nothing done 完成投资0.00亿元 beside its siblings' decimals."""
    header = ["序号", "项目名称", "县(市、区)", "项目级别", "年度计划投资", "1-3月完成投资"]
    rows = [[1, "甲", "东区", "省重点", 20000, 6000], [2, "乙", "西区", "市重点", 10000, 0],
            [3, "丙", "东区", "县重点", None, 500]]  # fmt: skip
    text = run_md(runner, str(tidy(header, rows, title="2024年重点项目推进情况表（1-3月）")))
    total = 6000 + 0 + 500  # 万元
    assert f"累计完成投资{total / 1e4:.2f}亿元，完成年度计划投资{6500 / 30000:.1%}，" in text
    assert "1个省重点项目完成投资0.60亿元，" in text  # beside a total of 0.65: its decimals
    assert "1个市重点项目尚未完成投资，滞后时序进度25.0个百分点；" in text
    assert "1个县重点项目完成投资500万元（未填报年度计划投资）" in text
    assert "0.00亿元" not in text
    zero = tidy(header[:3] + header[4:], [[1, "甲", "东区", 20000, 0], [2, "乙", "西区", 1000, 0]],
                title="2024年重点项目推进情况表（1-3月）")  # fmt: skip
    assert "2个重点项目尚未完成投资，滞后时序进度25.0个百分点。" in run_md(runner, str(zero))


def test_a_huge_total_keeps_its_decimal_like_the_table(
    runner: CliRunner, tidy: Callable[..., Path]
) -> None:
    """1234.5 亿元 was said 1235亿元 above a 合计 of 1,234.50."""
    done = [6172500.0, 6172500.0]  # 万元: 617.25 亿 each
    rows = [[i, f"项目{i}", "东区" if i % 2 else "西区", 20000000, d]
            for i, d in enumerate(done, start=1)]  # fmt: skip
    header = ["序号", "项目名称", "县(市、区)", "年度计划投资", "1-3月完成投资"]
    text = run_md(runner, str(tidy(header, rows, title="2024年重点项目推进情况表（1-3月）")))
    total = sum(done) / 1e4
    assert f"累计完成投资{total:.1f}亿元" in text
    assert f"| 合计 | 2 | {40000000 / 1e4:,.2f} | {total:,.2f} |" in text
