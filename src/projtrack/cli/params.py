"""Command-line values checked without pydantic where they are plain.

typer 0.29 checks each parameter's value with a pydantic ``TypeAdapter``, built the first
time the parameter is processed, even for an option that was not given. Importing pydantic
for that costs about 0.07 s of CPU on every run (a quarter of ``trend`` on a large store,
half of ``rank --help``). The values projtrack's commands take are mostly plain: absent, a
text, a choice, a path, a whole number. For those, :class:`PlainValue` calls the same
typer functions the adapter wraps (``coerce_cli_choice``, ``coerce_cli_path``) or does
what it does (``str``, ``int`` within ``min``/``max``); anything else — a value those
functions refuse, a date, a list, a custom parser — goes to typer's own adapter, built then,
so every message about a bad value is typer's, word for word.
"""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import Any

_INTEGER = re.compile(r"-?[1-9][0-9]*|0")
_NOT_PLAIN = object()


class PlainValue:
    """A typer runtime parameter that builds the pydantic one only when it must."""

    def __init__(self, descriptor: Any) -> None:
        self.descriptor = descriptor
        self.full: Any = None

    def coerce(self, value: Any, *, param: Any, ctx: Any) -> Any:
        many = param.multiple or param.nargs == -1
        if value is None and not many:  # what typer's RuntimeParam.coerce does with None
            return None
        if type(value) is str and not many:
            plain = self._plain(value, param, ctx)
            if plain is not _NOT_PLAIN:
                return plain
        if self.full is None:
            from typer._coercion import build_runtime_param

            self.full = build_runtime_param(self.descriptor)
        return self.full.coerce(value, param=param, ctx=ctx)

    def _plain(self, value: str, param: Any, ctx: Any) -> Any:
        from typer._param_types import coerce_cli_choice, coerce_cli_path

        info, annotation = self.descriptor.parameter_info, self.descriptor.annotation
        if info.parser is not None or self.descriptor.is_file:
            return _NOT_PLAIN
        if annotation is str:
            return value
        choices = self.descriptor.choices
        if choices is not None and isinstance(annotation, type) and issubclass(annotation, Enum):
            try:
                return coerce_cli_choice(value, choices=choices,
                                         case_sensitive=info.case_sensitive, ctx=ctx)  # fmt: skip
            except ValueError:
                return _NOT_PLAIN
        if annotation is int and not info.clamp and _INTEGER.fullmatch(value):
            number = int(value)
            low, high = info.min, info.max
            if (low is None or number >= low) and (high is None or number <= high):
                return number
            return _NOT_PLAIN
        if annotation is Path and info.path_type is None and value:
            try:
                return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
            except Exception:  # typer's adapter says what is wrong, in its own words
                return _NOT_PLAIN
        return _NOT_PLAIN


def plain_values(command: Any, ctx: Any) -> None:
    """Give every typer parameter of ``command`` (its help flag included) a
    :class:`PlainValue`, before typer builds its pydantic one."""
    for param in command.get_params(ctx):
        if getattr(param, "_runtime_param", False) is None and hasattr(param, "type_descriptor"):
            param._runtime_param = PlainValue(param.type_descriptor)
