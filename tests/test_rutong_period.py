"""入统核对 compares a ledger and a statistics list of one period: a list stating another
period (its header's month range, else its title's) is refused by rutong, warn --stats
and brief --stats alike, naming both periods and the file (SPEC §5)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.jobs.rutong import rutong
from projtrack.read.statslist import stated_period
from test_rutong import LEDGER, LEDGER_HEADER, STATS, STATS_HEADER, write


def ledger(tmp_path: Path) -> Path:
    return write(tmp_path / "2024年6月台账.xlsx", LEDGER_HEADER, LEDGER,
                 "2024年衢州市重点项目推进情况表（1-6月）")  # fmt: skip


def stats(tmp_path: Path, header: str, title: str) -> Path:
    return write(tmp_path / "入库清单.xlsx", [*STATS_HEADER[:-1], header], STATS, title)


def run(*args: object) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("header", "title", "said"),
    [
        # the header's 1-3月 under a title naming no period (no year either)
        ("1-3月完成投资(元)", "固定资产投资项目入库清单", "是1-3月的数据（表头「1-3月完成投资(元)」）"),
        # the header names no month: the title's 1-9月 is the list's period
        ("本年完成投资(元)", "2024年1-9月固定资产投资项目入库清单",
         "是2024年1-9月的数据（标题「2024年1-9月固定资产投资项目入库清单」）"),
        # the header's month outranks the title's
        ("1-5月完成投资(元)", "2024年1-6月入库清单", "是2024年1-5月的数据（表头"),
        # another year, same month
        ("本年完成投资(元)", "2023年1-6月固定资产投资项目入库清单", "是2023年1-6月的数据"),
    ],
)  # fmt: skip
def test_a_list_of_another_period_is_refused_by_every_command(
    tmp_path: Path, header: str, title: str, said: str
) -> None:
    book, listed = ledger(tmp_path), stats(tmp_path, header, title)
    for args in (["rutong", book, listed], ["warn", book, "--stats", listed],
                 ["brief", book, "--stats", listed, "-o", tmp_path / "简报.md"]):  # fmt: skip
        code, out, err = run(*args)
        assert code == 2 and out == "", (args, err)
        assert f"统计清单《入库清单.xlsx》{said}" in err, err
        assert "台账是2024年1-6月的（截至2024-06-30）：两期不同，不能核对入统" in err
        assert "Traceback" not in err and "内部错误" not in err
    assert not (tmp_path / "简报.md").exists()


@pytest.mark.parametrize(
    ("header", "title"),
    [
        ("1-6月完成投资(元)", "2024年固定资产投资项目入库清单"),  # same months, stated twice
        ("本年完成投资(元)", "2024年1-6月固定资产投资项目入库清单"),
        ("本年完成投资(元)", "固定资产投资项目入库清单"),  # no period said: taken as now
        # an export date is not the period
        ("本年完成投资(元)", "2024年1-6月入库清单 导出时间：2024-07-12 09:31:22"),
    ],
)
def test_a_list_of_the_ledger_s_period_or_of_none_is_compared(
    tmp_path: Path, header: str, title: str
) -> None:
    report = rutong(ledger(tmp_path), stats(tmp_path, header, title))
    assert report.total["due"] == 7 and report.total["entered"] == 4  # 安置房: no alias


def test_the_stated_period() -> None:
    clue = stated_period("1-9月完成投资(元)", ["2024年重点项目入统清单", "单位：元"])
    assert clue is not None and (clue.year, clue.month, clue.source) == (2024, 9, "header")
    clue = stated_period("本年完成投资", ["2025年一季度入库清单"])
    assert clue is not None and (clue.year, clue.month, clue.source) == (2025, 3, "title")
    clue = stated_period("本年完成投资", ["2024年入库清单"])
    assert clue is not None and (clue.year, clue.month) == (2024, None)
    assert stated_period("本年完成投资", ["入库清单", "填报日期：2024年10月8日"]) is None
