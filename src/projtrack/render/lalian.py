"""The 拉练 results as tables (one per group) and the 通报 sentence.

The sentence follows published 拉练 通报: ``一季度拉练评比中，兖州区以95.71分位列第一，
曲阜市、邹城市分列第二、三名；梁山县、金乡县、鱼台县位列后三名。`` — ties read
``并列第九``, and a group (县(市)组, 城区组) gets a sentence of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from projtrack.render.numbers import fixed
from projtrack.render.views import View

if TYPE_CHECKING:
    from projtrack.jobs.lalian import LalianReport

METHOD_WORDS = {
    "mean": "评委平均分",
    "trimmed": "去掉一个最高分和一个最低分后的平均分",
    "weighted": "各项目得分合计（折算为百分制）",
    "vote": "评委排名投票：总分 = Σ 第k名票数 × (100 − 3(k−1)) ÷ 总票数",
    "periods": "各期得分加权合计",
}
DIGITS = "零一二三四五六七八九"


def chinese_ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 23 → 二十三 (ranks up to 99)."""
    if n < 10:
        return DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")


def chinese_count(n: int) -> str:
    """A count before a measure word (后三名): as :func:`chinese_ordinal`, but 2 is 两
    (后两名, never 后二名); 12 and 20 keep 二 (十二名, 二十名)."""
    return "两" if n == 2 else chinese_ordinal(n)


def list_word(kind: str | None, top_n: int) -> str:
    """前3名 / 后3名 for the lists, "" otherwise."""
    if kind == "top":
        return f"前{top_n}名"
    if kind == "bottom":
        return f"后{top_n}名"
    return ""


def lalian_views(report: LalianReport) -> list[View]:
    """One table per group: 名次, 单位, 得分, the items' (or periods') parts, 榜单."""
    views = []
    d = report.decimals
    for group in report.groups:
        rows = report.units.filter(report.units["group"] == group)
        headers = ["名次", "单位", "得分", *report.items, "榜单"]
        body = [
            [str(r["rank"]) if r["rank"] is not None else "—", r["unit"],
             fixed(r["published"], d), *(fixed(r.get(i), d) for i in report.items),
             list_word(r["list"], report.top_n)]
            for r in rows.iter_rows(named=True)
        ]  # fmt: skip
        title = f"{report.label}拉练评比结果" + (f"（{group}）" if group else "")
        notes = [f"计分方法：{METHOD_WORDS[report.method]}；得分保留{d}位小数，"
                 "得分相同者并列同一名次，其后名次顺延空缺。"]  # fmt: skip
        numeric = {0, 2, *range(3, 3 + len(report.items))}
        views.append(View(title, headers, body, notes=notes, numeric=numeric))
    views[-1].notes.append(lalian_sentence(report))
    return views


def lalian_title(report: LalianReport) -> str:
    """The document's title: ``2024年一季度重点项目拉练评比结果通报``."""
    return f"{report.label}拉练评比结果通报"


def lalian_sentence(report: LalianReport) -> str:
    """The 通报 sentence(s), one clause per group."""
    clauses = []
    for group in report.groups:
        rows = report.units.filter(report.units["group"] == group)
        clause = _group_clause(rows, report)
        if clause:
            clauses.append((group if group else "") + clause)
    if not clauses:
        return ""
    return f"{report.label}拉练评比中，" + "；".join(clauses) + "。"


def _group_clause(rows: pl.DataFrame, report: LalianReport) -> str:
    """第一 (with its score), the rest of the top list by place, then the bottom list."""
    ranked = rows.filter(pl.col("rank").is_not_null())
    if ranked.height == 0:
        return ""
    by_rank: dict[int, list[str]] = {}
    for r in ranked.filter(pl.col("list") == "top").iter_rows(named=True):
        by_rank.setdefault(r["rank"], []).append(r["unit"])
    firsts = by_rank.pop(1, [])
    score = fixed(ranked.filter(pl.col("rank") == 1)["published"][0], report.decimals)
    parts = [f"{'、'.join(firsts)}以{score}分{'并列' if len(firsts) > 1 else '位列'}第一"]
    if by_rank and all(len(names) == 1 for names in by_rank.values()):
        names = [n[0] for n in by_rank.values()]
        places = "、".join(chinese_ordinal(k) for k in by_rank)
        verb = "分列" if len(names) > 1 else "位列"
        parts.append(f"{'、'.join(names)}{verb}第{places}{'名' if len(names) > 1 else ''}")
    else:
        for rank, names in by_rank.items():
            tie = "并列" if len(names) > 1 else "位列"
            parts.append(f"{'、'.join(names)}{tie}第{chinese_ordinal(rank)}")
    bottom = ranked.filter(pl.col("list") == "bottom").sort("rank", maintain_order=True)
    text = "，".join(parts)
    if bottom.height:
        text += f"；{'、'.join(bottom['unit'])}{_bottom_words(bottom, report.top_n)}"
    return text


def _bottom_words(bottom: pl.DataFrame, top_n: int) -> str:
    """位列后三名; in a group too small for a full bottom list, the places it holds:
    位列后两名 for two units, 位列末位 for one (never 后三名 for fewer than three); a tie at the
    edge keeps its units (含并列), and units all tied for the last place 并列末位."""
    count = bottom.height
    if count == 1:
        return "位列末位"
    if bottom["rank"].n_unique() == 1 and top_n == 1:
        return "并列末位"
    if count > top_n:
        return f"位列后{chinese_count(top_n)}名（含并列）"
    return f"位列后{chinese_count(count)}名"
