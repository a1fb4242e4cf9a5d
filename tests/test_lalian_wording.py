"""`projtrack lalian`'s 通报 words: the bottom list counted as it stands in a small group,
groups in the file's order, the period from the sheet's title, a period not called a
judge."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from conftest import write_csv
from projtrack.cli.app import app
from projtrack.config import Config, Lalian
from projtrack.jobs.lalian import lalian
from projtrack.render.lalian import lalian_sentence


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def judges_by_units(path: Path, scores: dict[str, list[float]]) -> Path:
    """评委 down, the units across in the order given, scores[unit] per judge."""
    units = list(scores)
    judges = len(next(iter(scores.values())))
    rows = [["评委", *units]] + [[f"评委{k + 1}", *(scores[u][k] for u in units)]
                                 for k in range(judges)]  # fmt: skip
    return write_csv(path, rows)


def test_five_units_have_a_bottom_two(tmp_path: Path) -> None:
    """前三名 leave two units: 后两名, not 后三名."""
    path = judges_by_units(tmp_path / "五县.csv", {"甲县": [90, 92], "乙县": [85, 85],
                           "丙县": [88, 86], "丁区": [80, 80], "戊市": [82, 84]})  # fmt: skip
    assert lalian_sentence(lalian(path)) == (
        "拉练评比中，甲县以91.00分位列第一，丙县、乙县分列第二、三名；戊市、丁区位列后两名。"
    )


def test_four_units_have_a_last_place(tmp_path: Path) -> None:
    path = judges_by_units(tmp_path / "四县.csv", {"甲县": [90, 91], "乙县": [85, 86],
                           "丙县": [88, 87], "丁区": [80, 81]})  # fmt: skip
    assert lalian_sentence(lalian(path)).endswith("；丁区位列末位。")


def test_a_full_bottom_list_keeps_its_words(tmp_path: Path) -> None:
    scores = {f"{c}县": [90.0 - i, 90.0 - i] for i, c in enumerate("甲乙丙丁戊己")}
    sentence = lalian_sentence(lalian(judges_by_units(tmp_path / "六县.csv", scores)))
    assert sentence.endswith("；丁县、戊县、己县位列后三名。")
    one = lalian(
        judges_by_units(tmp_path / "一.csv", scores), config=Config(lalian=Lalian(top_n=1))
    )
    assert lalian_sentence(one) == "拉练评比中，甲县以90.00分位列第一；己县位列末位。"


def test_groups_are_ranked_and_told_in_the_file_s_order(tmp_path: Path) -> None:
    """县(市)组 came before 城区组 (sorted by name), the reverse of the sheet."""
    rows = [["单位", "组别", "评委1", "评委2"], ["旌阳区", "城区组", 88, 90],
            ["德阳高新区", "城区组", 91, 92], ["广汉市", "县(市)组", 87, 88],
            ["什邡市", "县(市)组", 82, 81]]  # fmt: skip
    report = lalian(write_csv(tmp_path / "分组.csv", rows))
    assert report.groups == ["城区组", "县(市)组"]
    assert lalian_sentence(report) == (
        "拉练评比中，城区组德阳高新区以91.50分位列第一，旌阳区位列第二；"
        "县(市)组广汉市以87.50分位列第一，什邡市位列第二。"
    )


def test_the_label_comes_from_the_title_then_the_file_name(tmp_path: Path) -> None:
    rows = [["2024年二季度全市重点项目现场拉练评比打分表"], ["评委", "甲县", "乙县"],
            ["评委1", 90, 80]]  # fmt: skip
    assert lalian(write_csv(tmp_path / "注.csv", rows)).label == "2024年二季度"
    other = lalian(write_csv(tmp_path / "2024年一季度拉练.csv", rows))
    assert other.label == "2024年二季度"
    assert [(w.code, w.message) for w in other.warnings] == [
        ("as_of_conflict", "期别不一致：标题为“二季度”，文件名为“一季度”；采用标题")
    ]
    year_only = [["2024年重点项目观摩评议打分表"], *rows[1:]]
    assert lalian(write_csv(tmp_path / "三季度.csv", year_only)).label == "2024年三季度"
    assert lalian(write_csv(tmp_path / "x.csv", year_only)).label == "2024年"
    assert lalian(write_csv(tmp_path / "y.csv", rows), label="上半年").label == "上半年"
    dated = [["二〇二四年二季度拉练评比打分表"], ["填报日期：2024年7月5日"], *rows[1:]]
    assert lalian(write_csv(tmp_path / "z.csv", dated)).label == "2024年二季度"
    filed = [["拉练评比打分表"], ["填报日期：2024年7月5日"], *rows[1:]]
    assert lalian(write_csv(tmp_path / "w.csv", filed)).label == ""


def test_a_missing_period_is_not_called_a_judge(tmp_path: Path) -> None:
    rows = [["单位", "1月", "2月", "3月", "季度"], ["甲县", 90, 92, 88, 91],
            ["乙县", 85, None, 87, 86]]  # fmt: skip
    path = write_csv(tmp_path / "期别.csv", rows)
    cfg = tmp_path / "projtrack.toml"
    cfg.write_text('[lalian]\nperiod_weights = { "1月" = 0.3, "2月" = 0.3, "3月" = 0.3, '
                   '"季度" = 0.1 }\n', encoding="utf-8")  # fmt: skip
    code, out, err = run("lalian", str(path), "--method", "periods", "--config", str(cfg))
    assert code == 1 and out == ""
    assert err.endswith(
        "1处得分不能使用：期别!C3 乙县（2月）：缺少得分；"
        "缺少得分时可加 --allow-missing 按已有各期计算\n"
    )


def test_too_few_judges_are_named_in_the_sheet_s_order(tmp_path: Path) -> None:
    path = judges_by_units(tmp_path / "两人.csv", {"甲县": [90, 91], "乙县": [85, 86],
                           "丙县": [88, 87], "丁区": [80, 81]})  # fmt: skip
    code, _, err = run("lalian", str(path), "--method", "trimmed")
    cells = [f"两人!{c}2 {u}：去掉最高分和最低分需要至少3名评委，只有2名"
             for c, u in zip("BCDE", ["甲县", "乙县", "丙县", "丁区"], strict=True)]  # fmt: skip
    assert code == 1 and "；".join(cells) in err
