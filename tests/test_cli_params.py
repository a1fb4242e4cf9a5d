"""The command line's plain values (cli/params.py) come out exactly as typer's own
pydantic-built checks make them: for every parameter of every command and a spread of
values, good and bad, the same value (and type) or the same error and message."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer._click import Context
from typer._coercion import build_runtime_param

from projtrack.cli.app import app
from projtrack.cli.params import PlainValue

VALUES = [
    "", "3", "0", "-1", "1", "12", "13", "2024", "1989", "03", "-0", " 3", "3.0", "１２", "abc",
    "region", "REGION", "Region", "responsible", "json", "JSON", "md", "xlsx", "month", "plan",
    "Q1", "2024-03-31", "ledger.xlsx", "folder", "missing.xlsx", "missing/x.xlsx", "-",
    "台账.xlsx",
]  # fmt: skip


def outcome(runtime: Any, value: Any, param: Any, ctx: Context) -> tuple[str, Any]:
    try:
        got = runtime.coerce(value, param=param, ctx=ctx)
    except Exception as exc:  # the error a user would see
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        return "error", (type(exc).__name__, message)
    return "value", (type(got).__name__, got)


def parameters() -> list[tuple[str, Any, Any]]:
    group = typer.main.get_command(app)
    out = []
    for name, command in sorted(group.commands.items()):  # type: ignore[attr-defined]
        ctx = Context(command, info_name=name)
        for param in command.get_params(ctx):
            if hasattr(param, "type_descriptor"):
                out.append((name, param, ctx))
    return out


PARAMETERS = parameters()


@pytest.mark.parametrize(
    ("command", "param", "ctx"), PARAMETERS, ids=[f"{c}:{p.name}" for c, p, _ in PARAMETERS]
)
def test_plain_values_are_typers_values(command: str, param: Any, ctx: Context) -> None:
    Path("ledger.xlsx").write_bytes(b"PK")
    Path("台账.xlsx").write_bytes(b"PK")
    Path("folder").mkdir(exist_ok=True)
    plain, full = PlainValue(param.type_descriptor), build_runtime_param(param.type_descriptor)
    for value in [*VALUES, None]:
        assert outcome(plain, value, param, ctx) == outcome(full, value, param, ctx), value


def test_every_kind_of_parameter_is_covered() -> None:
    kinds = {getattr(p.type_descriptor.annotation, "__name__", "?") for _, p, _ in PARAMETERS}
    assert {"str", "int", "Path", "bool", "datetime", "TableFormat", "GroupBy"} <= kinds
