"""The one place where errors become messages and exit codes (SPEC §8)."""

from __future__ import annotations

import sys
import traceback
from typing import Any

import typer
from typer.core import TyperGroup

from projtrack.cli.console import say
from projtrack.cli.helptext import plain_help
from projtrack.cli.jargon import plain_words
from projtrack.cli.params import plain_values
from projtrack.cli.usage import is_usage_error, usage_message
from projtrack.errors import EXIT_DATA, EXIT_USAGE, ProjtrackError
from projtrack.render.punctuation import mixed_width

DEBUG = {"on": False}


class ErrorHandlingGroup(TyperGroup):
    """A command group that turns library errors into a message and their exit code.

    A ProjtrackError prints its message on stderr; anything unexpected prints one line
    and exits 1. The traceback only with ``--debug``.
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        plain_values(self, ctx)
        return super().parse_args(ctx, args)

    def get_help(self, ctx: Any) -> str:
        return plain_help(super().get_help(ctx))

    def invoke(self, ctx: Any) -> Any:
        from projtrack.cli.progress import progress_bar

        try:
            with progress_bar():
                return super().invoke(ctx)
        except ProjtrackError as exc:
            if DEBUG["on"]:
                traceback.print_exc()
            say(f"错误 Error: {plain_words(str(exc))}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except OSError as exc:  # a file the run writes besides its outputs (--log, a folder)
            if DEBUG["on"]:
                traceback.print_exc()
            where = f"{exc.filename}: " if exc.filename else ""
            say(f"错误 Error: cannot write {where}{exc.strerror or exc}", err=True)
            raise typer.Exit(EXIT_DATA) from None
        except KeyboardInterrupt:
            say("中断 Interrupted.", err=True)
            raise typer.Exit(130) from None
        except Exception as exc:
            if is_usage_error(exc):  # a bad option or value: the same style as ours
                say(f"错误 Error: {usage_message(exc)}", err=True)
                raise typer.Exit(EXIT_USAGE) from None
            if _is_cli_signal(exc):  # --help, typer.Exit: the framework's own
                raise
            if DEBUG["on"]:
                traceback.print_exc()
            say(
                f"内部错误 Internal error: {type(exc).__name__}: {exc} "
                "(run with --debug for the traceback and report it)",
                err=True,
            )
            raise typer.Exit(EXIT_DATA) from None


def _is_cli_signal(exc: BaseException) -> bool:
    """True for the exceptions typer/click use to exit or report usage errors."""
    return type(exc).__module__.split(".")[0] in ("typer", "click")


def report_warnings(findings: list[Any], *, verbose: bool) -> None:
    """Print the warning count on stderr, and each warning with -v."""
    if not findings:
        return
    if verbose:
        for finding in findings:
            where = finding.where or "文件"
            say(f"提示 {where}：{mixed_width(finding.message)}", err=True)
    else:
        say(f"提示：{len(findings)} 条（加 -v 查看详情）", err=True)
    sys.stderr.flush()
