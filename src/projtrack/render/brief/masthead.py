"""版头 and 版记 of a briefing from ``[brief]``, with placeholders for what is not set."""

from __future__ import annotations

from typing import TYPE_CHECKING

from projtrack.render.brief.shapes import Masthead

if TYPE_CHECKING:
    from projtrack.jobs.brief import Briefing

PLACEHOLDER = "××"
ISSUER_PLACEHOLDER = PLACEHOLDER + "发展和改革局"  # [brief] issuer not set


def masthead(b: Briefing, month: str) -> Masthead:
    """重点项目建设简报 / 第×期 / ××发展和改革局编 / 2024年4月×日 (``month`` of issue)."""
    s = b.settings
    return {
        "name": s.name,
        "issue": f"第{b.issue}期" if b.issue else "第×期",
        "issuer": f"{s.issuer or ISSUER_PLACEHOLDER}编",
        "date": s.date or f"{month}×日",
    }


def colophon(b: Briefing) -> list[str]:
    """版记: 报：…  送：…  发：… — a placeholder line for each list not set."""
    s = b.settings
    lines = []
    for word, names in (("报", s.report_to), ("送", s.send_to), ("发", s.issue_to)):
        lines.append(f"{word}:{'、'.join(names) if names else PLACEHOLDER}")
    return lines
