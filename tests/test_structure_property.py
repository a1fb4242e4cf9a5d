"""Property: hidden sheets, merged grouping blocks and formula cells never change the totals
silently — the figures are those of the visible projects, or the run stops with exit 1
naming the cells (#11)."""

from __future__ import annotations

import json
import random
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from corpus_structure import Book, expected, invent, write_openpyxl, write_xlsxwriter
from projtrack.cli.app import app

REGIONS = ("旌阳区", "中江县", "罗江区", "广汉市")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10**6),
    n=st.integers(1, 12),
    merge=st.sampled_from([(), ("region",), ("region", "unit")]),
    hidden=st.sampled_from([None, "hidden", "veryHidden"]),
    formulas=st.sampled_from(["values", "placeholder", "uncomputable"]),
    openpyxl=st.booleans(),
    blank=st.booleans(),
)
def test_structure_never_changes_totals_silently(
    seed: int,
    n: int,
    merge: tuple[str, ...],
    hidden: str | None,
    formulas: str,
    openpyxl: bool,
    blank: bool,
) -> None:
    rng = random.Random(seed)
    projects = invent(rng, n, REGIONS)
    sheets = [("本年", projects)]
    if hidden:
        sheets.append(("上年", invent(rng, rng.randrange(1, 6), REGIONS)))
    blanks = frozenset({projects[0].name}) if blank and not openpyxl and not merge else frozenset()
    if blanks:  # the first project is written without its region, outside any merge
        projects = [
            p if p.name not in blanks else type(p)(p.name, None, p.unit, p.plan, p.gov, p.soc)
            for p in projects
        ]
        sheets[0] = ("本年", projects)
    if openpyxl and formulas == "uncomputable":
        formulas = "placeholder"
    book = Book(sheets, merge=merge, formulas=formulas,
                hidden={"上年": hidden} if hidden else {}, blank_region=blanks)  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        path = (write_openpyxl if openpyxl else write_xlsxwriter)(Path(folder) / "t.xlsx", book)
        result = CliRunner().invoke(app, ["rank", str(path), "-f", "json"])
    if formulas == "uncomputable":
        assert result.exit_code == 1, result.output
        assert "H3" in result.stderr and "Excel/WPS" in result.stderr
        return
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    want = expected(projects)
    got = {r["group"]: (r["projects"], r["annual_plan"], r["completed_ytd"]) for r in data["rows"]}
    assert got == want  # whole numbers: exact
    total = data["total"]
    assert (total["projects"], total["annual_plan"], total["completed_ytd"]) == (
        len(projects),
        sum(p.plan for p in projects),
        sum(p.done for p in projects),
    )
    warned = {w["code"] for w in data["warnings"]}
    assert ("formula_computed" in warned) == (formulas == "placeholder")
    assert ("group_blank" in warned) == (bool(blanks) and n > 1)
