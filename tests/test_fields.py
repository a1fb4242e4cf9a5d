"""Header synonyms, traditional characters, units."""

from __future__ import annotations

import pytest

from projtrack.read.fields import find_unit, match_header, unit_factor


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("项目名称", "name"),
        ("項目名稱", "name"),
        ("年度计划投资", "annual_plan"),
        ("本年计划投资", "annual_plan"),
        ("2024年计划投资", "annual_plan"),
        ("年度投资计划", "annual_plan"),
        ("年度計劃投資（萬元）", "annual_plan"),
        ("1-6月完成投资", "completed_ytd"),
        ("1—6月完成投资", "completed_ytd"),
        ("本年累计完成投资", "completed_ytd"),
        ("1-6月累计完成投资", "completed_ytd"),
        ("1-6月投资完成额", "completed_ytd"),
        ("2024年1-6月累计投资完成", "completed_ytd"),
        ("自年初累计完成投资", "completed_ytd"),
        ("年初以来累计完成投资", "completed_ytd"),
        ("年初累计完成投资", None),  # the figure at the start of the year, not since
        ("县(市、区)", "region"),
        ("縣（市、區）", "region"),
        ("所在县区", "region"),
        ("区县", "region"),
        ("所属地区", "region"),
        ("项目级别", "level"),
        ("项目类别", "level"),
        ("责任单位", "responsible"),
        ("牵头单位", "responsible"),
        ("业主单位", "owner"),
        ("建设性质", "stage"),
        ("总投资(亿元)", "total_investment"),
        ("开工累计完成投资", "completed_since_start"),
        ("本月完成投资", "completed_month"),
        ("计划开工时间", "planned_start"),
        ("实际开工时间", "actual_start"),
        ("形象进度", "progress_text"),
        ("存在问题", "problems"),
        ("备注", "remarks"),
        ("序号", "seq"),
        ("完成率", "rate"),
        ("占年度计划(%)", "rate"),
        ("联系电话", None),
    ],
)
def test_synonyms(header: str, field: str | None) -> None:
    assert match_header(header).field == field


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("单位:万元", "万元"),
        ("单位：亿元", "亿元"),
        ("總投資（億元）", "亿元"),
        ("年度计划投资(元)", "元"),
        ("2024年中江县重点项目推进情况表", None),
        # A unit line listing the count's unit first (单位：个、亿元) still says the money's.
        ("单位：个、亿元", "亿元"),
        ("（单位：个，万元）", "万元"),
        ("单位:项/亿元", "亿元"),
        ("单位：个、%、亿元", "亿元"),
        ("单位：个", None),
        ("项目个数(个)", None),
    ],
)
def test_units(text: str, unit: str | None) -> None:
    assert find_unit(text) == unit


def test_unit_factors_are_to_wan_yuan() -> None:
    assert unit_factor("万元") == 1
    assert unit_factor("亿元") == 10_000
    assert unit_factor("元") == pytest.approx(1e-4)


@pytest.mark.parametrize(
    ("header", "field", "months"),
    [("完成投资（1-6月）", "completed_ytd", (1, 6)), ("实际完成（1-6月）", "completed_ytd", (1, 6)),
     ("1月-6月完成投资", "completed_ytd", (1, 6)), ("1月至6月完成投资", "completed_ytd", (1, 6)),
     ("计划投资（2024年）", "annual_plan", None), ("完成投资(1-6月)(万元)", "completed_ytd", (1, 6)),
     ("年度计划投资（万元）", "annual_plan", None)],
)  # fmt: skip
def test_a_period_in_brackets_or_spelt_month_to_month(
    header: str, field: str, months: tuple[int, int] | None
) -> None:
    """完成投资（1-6月）: the period written after the words, in brackets, is the column's
    period (the brackets were dropped with it, and the ledger refused)."""
    from projtrack.read.fields import header_months

    assert match_header(header).field == field
    assert header_months(header) == months


@pytest.mark.parametrize(
    ("header", "field", "unit"),
    [
        ("所属行政区划", "region", None),  # platform exports (found refused or not grouped)
        ("建设地点（所属区县）", "region", None),
        ("建设地点", None, None),  # an address, not a county
        ("行业分类", "category", None),
        ("国民经济行业分类", "category", None),
        ("年度计划投资【元】", "annual_plan", "元"),
        ("本年完成投资〔元〕", "completed_ytd", "元"),
    ],
)
def test_platform_export_headers(header: str, field: str | None, unit: str | None) -> None:
    found = match_header(header)
    assert (found.field, found.unit) == (field, unit)
