"""A frame in the JSON output is written column by column, and the text is exactly what
``json.dumps(..., indent=2, ensure_ascii=False)`` writes for the list of its rows."""

from __future__ import annotations

import json
import math
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from projtrack.cli.app import app
from projtrack.jobs.warn import warn
from projtrack.render.machine import to_json


def reference(data: Any) -> str:
    """The text json.dumps writes, with every frame as its list of row dicts."""

    def plain(value: Any) -> Any:
        if isinstance(value, pl.DataFrame):
            return value.to_dicts()
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        return value

    return json.dumps(plain(data), ensure_ascii=False, indent=2) + "\n"


texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=8) | st.sampled_from(
    ['a"b', "a\\b", "\n", "\t\x00\x1f", "\x7f", "\u2028", "完成率", "=SUM(A1)", ""]
)
floats = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [0.0, -0.0, 1e-05, 1e16, 123456789.125, 0.30000000000000004, -21.0]
)
COLUMNS = {
    "s": (texts, pl.String),
    "f": (floats, pl.Float64),
    "i": (st.integers(-(2**63), 2**63 - 1), pl.Int64),
    "u": (st.integers(0, 2**32 - 1), pl.UInt32),
    "b": (st.booleans(), pl.Boolean),
    "g": (floats.filter(lambda x: math.isnan(x) or abs(x) < 3e38), pl.Float32),
}


@st.composite
def frames(draw: st.DrawFn) -> pl.DataFrame:
    names = draw(st.lists(st.sampled_from(sorted(COLUMNS)), unique=True, max_size=6))
    height = draw(st.integers(0, 6))
    data = {}
    for name in names:
        values, dtype = COLUMNS[name]
        data[f'{name}列"{name}'] = pl.Series(
            draw(st.lists(st.none() | values, min_size=height, max_size=height)), dtype=dtype
        )
    if not data:
        return pl.DataFrame()
    return pl.DataFrame(data)


@settings(max_examples=150, deadline=None)
@given(frames(), st.integers(0, 2), st.dictionaries(texts, st.none() | texts | floats,
                                                    max_size=3))  # fmt: skip
def test_a_frame_is_written_as_json_dumps_writes_its_rows(
    frame: pl.DataFrame, depth: int, extra: dict[str, Any]
) -> None:
    data: Any = {"rows": frame, **{f"x{k}": v for k, v in extra.items()}}
    for level in range(depth):
        data = {"level": level, "inner": data, "after": [1, {"a": None}]}
    assert to_json(data) == reference(data)


def test_a_frame_with_a_null_column_and_nested_columns() -> None:
    frame = pl.DataFrame({"n": [None, None], "k": ["a", None]})
    assert to_json({"rows": frame}) == reference({"rows": frame})
    nested = pl.DataFrame({"l": [[1, 2], None], "s": [{"a": 1}, {"a": None}]})
    assert to_json({"rows": nested}) == reference({"rows": nested})


def test_warn_json_is_the_library_report_byte_for_byte(runner: CliRunner, example) -> None:
    result = runner.invoke(app, ["warn", str(example), "--format", "json"])
    assert result.exit_code == 0, result.output
    expected = to_json(warn(example).to_json())  # the library report, its prose punctuated
    assert result.stdout == expected
    assert len(json.loads(result.stdout)["projects"]) == 72


def test_long_json_goes_out_in_pieces_and_whole(capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from projtrack.cli.output import emit
    from projtrack.render.machine import ROWS, json_parts

    n = 2 * ROWS + 7
    frame = pl.DataFrame({"name": [f"项目{i}" for i in range(n)], "n": range(n)})
    data = {"as_of": "2024-03-31", "projects": frame, "after": [1, 2]}
    parts = list(json_parts(data))
    rows = [p for p in parts if '"name": "项目' in p]
    assert [p.count('"name": ') for p in rows] == [ROWS, ROWS, 7]  # never the whole frame
    assert rows[0].startswith("[") and rows[1].startswith(",") and rows[2].startswith(",")
    expected = reference(data)
    assert "".join(parts) == expected
    emit(None, "json", None, renderers={"json": lambda _r: json_parts(data)})
    assert capsys.readouterr().out == expected
    emit(None, "json", tmp_path / "out.json", renderers={"json": lambda _r: json_parts(data)})
    assert (tmp_path / "out.json").read_text("utf-8") == expected


def test_a_failure_half_way_leaves_the_old_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from projtrack.outputs import write_atomic

    target = tmp_path / "out.json"
    target.write_text("old", "utf-8")

    def pieces():  # type: ignore[no-untyped-def]
        yield "[1,"
        raise RuntimeError("rendering failed")

    with pytest.raises(RuntimeError):
        write_atomic(target, pieces())
    assert target.read_text("utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary file left
