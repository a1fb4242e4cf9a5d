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


# (pattern on the reworded message, Chinese) for the parser's common errors: said in
# Chinese first, as every message of projtrack's own is, the English kept after it.
CHINESE: tuple[tuple[str, str], ...] = (
    (r"^Missing argument '([^']+)'$", "缺少参数 {0}"),
    (r"^Missing option '([^']+)'.*$", "缺少选项 {0}"),
    (r"^No such option: (\S+) \(Possible options: (.+)\)$", "没有选项 {0}（是否为 {1}？）"),
    (r"^No such option: (\S+) Did you mean (\S+)\?$", "没有选项 {0}（是否为 {1}？）"),
    (r"^No such option: (\S+)$", "没有选项 {0}"),
    (r"^No such command '([^']+)'\. Did you mean '([^']+)'\?$", "没有命令 {0}（是否为 {1}？）"),
    (r"^No such command '([^']+)'\.?$", "没有命令 {0}"),
    (r"^Option '([^']+)' requires an argument$", "选项 {0} 需要一个值"),
    (r"^Got unexpected extra arguments? \((.+)\)$", "多余的参数：{0}"),
    (r"^Got unexpected extra argument\(s\) \((.+)\)$", "多余的参数：{0}"),
    (r"^([-\w]+): (?:file|File|path|Path) '([^']*)' does not exist$", "找不到文件“{1}”（{0}）"),
    (r"^([-\w]+): (?:file|File) '([^']*)' is a directory$", "“{1}”是文件夹，不是文件（{0}）"),
    (r"^([-\w]+): (?:file|File|path|Path) '([^']*)' is not readable$", "无法读取“{1}”（{0}）"),
    (r"^([-\w]+): must be at least (\S+)$", "{0} 不能小于 {1}"),
    (r"^([-\w]+): must be at most (\S+)$", "{0} 不能大于 {1}"),
    (r"^([-\w]+): must be more than (\S+)$", "{0} 须大于 {1}"),
    (r"^([-\w]+): must be less than (\S+)$", "{0} 须小于 {1}"),
    (r"^([-\w]+): must be a whole number$", "{0} 须为整数"),
    (r"^([-\w]+): must be a number$", "{0} 须为数字"),
    (r"^([-\w]+): '([^']*)' is not a date YYYY-MM-DD$", "{0} 的“{1}”不是日期（应为 YYYY-MM-DD）"),
    (r"^([-\w]+): '([^']*)' is not one of: (.+)$", "{0} 不能是“{1}”，可选：{2}"),
)  # fmt: skip


def _chinese(text: str) -> str | None:
    """The parser's message in Chinese, or None for one the table does not know."""
    for pattern, template in CHINESE:
        found = re.match(pattern, text)
        if found:
            said = [
                re.sub(r"'?([^',]*)'?(?:, )?", r"\1、", g).rstrip("、") for g in found.groups("")
            ]
            return template.format(*said)
    return None


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
    chinese = _chinese(text)
    if chinese is None:
        return f"{text} (see {command} --help)"
    return f"{chinese}（用法见 {command} --help）({text})"
