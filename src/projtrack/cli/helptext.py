"""``--help`` that reads well: no parser type placeholders around what the metavars say.

typer 0.29 writes a required argument as ``{LEDGER}`` in the usage line and adds its type,
``LEDGER <file>``, in the Arguments list, whatever the metavar. The commands use this class
so that the help says ``projtrack rank [OPTIONS] LEDGER`` and ``LEDGER  台账文件 …``;
options carry explicit metavars (``--as-of YYYY-MM-DD``, ``--top N``) in cli/options.py.
"""

from __future__ import annotations

import re
from typing import Any

from typer.core import TyperCommand

from projtrack.cli.params import plain_values

_REQUIRED = re.compile(r"\{([A-Z][A-Z_-]*)\}")
_HELP_OPTION = "Show this message and exit."  # click's words for --help
# "  LEDGER <file>  help": the type after an argument's name, replaced by as many spaces.
_ARG_TYPE = re.compile(r"(?m)^(\s+[A-Z][A-Z_-]*)( <[^<>\n]+>)")


# Number ranges as the parser writes them, in words: [1<=x<=12] → [1-12], [x>=1] → [≥1].
_RANGES = (
    (re.compile(r"\[(-?\d+)<=x<=(-?\d+)\]"), r"[\1-\2]"),
    (re.compile(r"\[x>=(-?\d+)\]"), r"[≥\1]"),
    (re.compile(r"\[x<=(-?\d+)\]"), r"[≤\1]"),
)


def plain_help(text: str) -> str:
    """Help or usage text without the parser's placeholders around argument names."""
    text = _REQUIRED.sub(r"\1", text).replace(_HELP_OPTION, "显示本帮助 " + _HELP_OPTION)
    for pattern, words in _RANGES:
        text = pattern.sub(words, text)
    return _ARG_TYPE.sub(lambda m: m[1] + " " * len(m[2]), text)


class PlainHelpCommand(TyperCommand):
    """A command whose usage line and help show names and metavars only."""

    def get_usage(self, ctx: Any) -> str:
        return plain_help(super().get_usage(ctx))

    def get_help(self, ctx: Any) -> str:
        return plain_help(super().get_help(ctx))

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        plain_values(self, ctx)
        return super().parse_args(ctx, args)
