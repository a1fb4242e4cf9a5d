"""Any combination of published wordings, column order and file encoding gives exact totals."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from corpus_headers import (
    AS_OF,
    ENCODINGS,
    TITLE,
    TITLES,
    WORDINGS,
    expected,
    invent,
    table,
    total,
    write_text,
    write_xlsx,
)
from projtrack.cli.app import app

FORMATS = ("xlsx", *ENCODINGS)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), fmt=st.sampled_from(FORMATS))
def test_random_wordings_and_encodings(tmp_path_factory: pytest.TempPathFactory, seed: int,
                                       fmt: str) -> None:  # fmt: skip
    rng = random.Random(seed)
    headers = {field: rng.choice(options) for field, options in WORDINGS.items()}
    order = list(headers)
    rng.shuffle(order)
    headers = {field: headers[field] for field in order}
    recs = invent(rng, rng.randint(3, 25))
    rows = table(recs, headers, title=TITLES.get(headers["completed_ytd"], TITLE))
    folder = tmp_path_factory.mktemp("rand")
    if fmt == "xlsx":
        path = write_xlsx(folder / "台账.xlsx", {"Sheet1": rows})
    else:
        path = write_text(folder / f"台账{rng.choice(('.csv', '.txt', '.xls'))}", rows, fmt)
    result = CliRunner().invoke(app, ["rank", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["as_of"] == AS_OF[headers["completed_ytd"]]
    n, plan, done = total(recs)
    assert data["total"]["projects"] == n
    assert data["total"]["annual_plan"] == pytest.approx(plan, abs=1e-6)
    assert data["total"]["completed_ytd"] == pytest.approx(done, abs=1e-6)
    got = {r["group"]: (r["projects"], r["annual_plan"], r["completed_ytd"]) for r in data["rows"]}
    want = expected(recs, "region")
    assert set(got) == set(want)
    for group, (count, p, c) in want.items():
        assert got[group] == (count, pytest.approx(p, abs=1e-6), pytest.approx(c, abs=1e-6))
