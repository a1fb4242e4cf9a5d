"""The option parser's errors in projtrack's one message style.

typer (with pydantic underneath) words a bad option as ``Usage: … Error: Invalid value
for '--top': Input should be greater than or equal to 1`` or ``Value error, 'x' is not
one of …``. Every error projtrack prints reads ``错误 Error: <what is wrong>`` on one line
(cli/errors.py); a usage error adds where the options are listed. The parser's jargon is
reworded here, in one table.
"""

from __future__ import annotations

import re
from typing import Any

# (pattern, replacement) applied in order to the parser's message.
REWORDINGS: tuple[tuple[str, str], ...] = (
    (r"^Invalid value for '?([^':]+?)'?(?: / '[^']+')?: ", r"\1: "),
    (r"^Invalid value: ", ""),
    (r"Value error, ", ""),
    (r"Input should be greater than or equal to (\S+)", r"must be at least \1"),
    (r"Input should be less than or equal to (\S+)", r"must be at most \1"),
    (r"Input should be greater than (\S+)", r"must be more than \1"),
    (r"Input should be less than (\S+)", r"must be less than \1"),
    (r"Input should be a valid integer(?:, unable to parse string as an integer)?",
     "must be a whole number"),
    (r"Input should be a valid number(?:, unable to parse string as a number)?",
     "must be a number"),
    (r"'([^']*)' does not match the formats? '%Y-%m-%d'\.?", r"'\1' is not a date YYYY-MM-DD"),
    (r"'([^']*)' is not one of ", r"'\1' is not one of: "),
    (r"\.$", ""),
)  # fmt: skip


def is_usage_error(exc: BaseException) -> bool:
    """The parser's usage errors (bad option, value or argument); not --help or an exit."""
    return type(exc).__module__.split(".")[0] in ("typer", "click") and hasattr(
        exc, "format_message"
    ) and getattr(exc, "exit_code", None) == 2  # fmt: skip


def usage_message(exc: Any) -> str:
    """The parser's message reworded, and where the options are listed."""
    text = str(exc.format_message())
    for pattern, replacement in REWORDINGS:
        text = re.sub(pattern, replacement, text)
    ctx = getattr(exc, "ctx", None)
    command = ctx.command_path if ctx is not None else "projtrack"
    return f"{text} (see {command} --help)"
