"""十慢's sentence on slow projects the 红色预警 table prints counts the projects of the
tie that table prints, not the rows the slow list itself shows.

A 1-11月 ledger with 95 projects at 0 investment said "其中10个已列入上文红色预警项目表
…；另有85个未列出" under a red table of 50 rows all from that tie: 50 were listed there,
45 nowhere. The counts below are computed from ``warn``'s list and the table's limit.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.render.brief.context import LIST_LIMIT

HEADER = ["序号", "项目名称", "县(市、区)", "2024年计划投资", "1-9月完成投资"]


def make(tidy: Callable[..., Path], done: list[float]) -> Path:
    rows = [[i, f"项目{i:03d}", "东区" if i % 2 else "西区", 1000, d]
            for i, d in enumerate(done, start=1)]  # fmt: skip
    return tidy(HEADER, rows)


def red_printed(runner: CliRunner, path: Path) -> list[str]:
    """The names the briefing's red table prints: warn's red projects, the first 50."""
    data = json.loads(runner.invoke(app, ["warn", str(path), "-f", "json"]).stdout)
    return [p["name"] for p in data["projects"] if p["color"] == "red"][:LIST_LIMIT]


def slow_part(md: str) -> str:
    return md.split("## 四、十快十慢项目")[1].split("\n## ")[0]


def test_a_tie_longer_than_the_red_table_counts_what_it_prints(
    runner: CliRunner, tidy: Callable[..., Path]
) -> None:
    tied = 95  # > the red table's 50 rows > the slow list's 10
    done = [0.0] * tied + [800.0 + i for i in range(25)]
    path = make(tidy, done)
    printed = red_printed(runner, path)
    zero = [f"项目{i:03d}" for i in range(1, tied + 1)]
    inside = [n for n in zero if n in printed]
    assert len(inside) == LIST_LIMIT and printed[: len(inside)] == inside
    md = runner.invoke(app, ["brief", str(path)]).stdout
    want = (
        f"进度最慢的{tied}个项目并列第1名（较时序进度-75.0个百分点），其中{len(inside)}个"
        f"已列入上文红色预警项目表（序号1至{len(inside)}）；另有{tied - len(inside)}个未列出，"
    )
    assert want in slow_part(md)
    assert "其中10个" not in md and "另有85个" not in md
    # the same words in Word and HTML
    for fmt in ("html", "docx"):
        out = path.with_suffix(f".{fmt}")
        assert runner.invoke(app, ["brief", str(path), "-o", str(out)]).exit_code == 0
        if fmt == "docx":
            import zipfile

            text = zipfile.ZipFile(out).read("word/document.xml").decode()
        else:
            text = out.read_text(encoding="utf-8")
        assert want in text


def test_a_short_tie_all_in_the_red_table_is_named(
    runner: CliRunner, tidy: Callable[..., Path]
) -> None:
    """15 tied at 0: more than the 10 a list shows, fewer than the 20 it names, all red."""
    done = [0.0] * 15 + [800.0 + i for i in range(25)]
    path = make(tidy, done)
    printed = red_printed(runner, path)
    names = [f"项目{i:03d}" for i in range(1, 16)]
    assert set(names) <= set(printed)
    section = slow_part(runner.invoke(app, ["brief", str(path)]).stdout)
    assert ("进度最慢的15个项目并列第1名（较时序进度-75.0个百分点），均已列入上文红色预警"
            f"项目表：{'、'.join(names)}。") in section  # fmt: skip
    assert "未列出" not in section


def test_the_rest_of_a_tie_at_the_last_place_in_the_red_table_is_not_unlisted(
    runner: CliRunner, tidy: Callable[..., Path]
) -> None:
    """One at 0, then 25 tied at 10%: the slow list shows 10 (1st, nine of the 2nd place),
    all red; the 16 others tied with the 2nd are in the red table too."""
    done = [0.0] + [100.0] * 25 + [800.0 + i for i in range(20)]
    path = make(tidy, done)
    printed = red_printed(runner, path)
    slow = [f"项目{i:03d}" for i in range(1, 27)]
    assert set(slow) <= set(printed)
    section = slow_part(runner.invoke(app, ["brief", str(path)]).stdout)
    said = "第1名项目001；并列第2名" + "、".join(slow[1:10])
    assert (
        f"进度最慢的10个项目均已列入上文红色预警项目表，依次为：{said}；另有16个项目与上列"
        "第2名并列（较时序进度-65.0个百分点），均已列入上文红色预警项目表。"
    ) in section
    assert "未列出" not in section
