"""The ``projtrack`` application: registers the commands; imports no data library."""

from __future__ import annotations

from typing import Annotated

import typer

from projtrack import __version__
from projtrack.cli import brief as brief_cmd
from projtrack.cli import check as check_cmd
from projtrack.cli import duibiao as duibiao_cmd
from projtrack.cli import history as history_cmd
from projtrack.cli import init as init_cmd
from projtrack.cli import lalian as lalian_cmd
from projtrack.cli import notices as notices_cmd
from projtrack.cli import problems as problems_cmd
from projtrack.cli import rank as rank_cmd
from projtrack.cli import rutong as rutong_cmd
from projtrack.cli import starts as starts_cmd
from projtrack.cli import warn as warn_cmd
from projtrack.cli import woniu as woniu_cmd
from projtrack.cli.console import say
from projtrack.cli.errors import DEBUG, ErrorHandlingGroup
from projtrack.cli.helptext import PlainHelpCommand

app = typer.Typer(
    cls=ErrorHandlingGroup,
    name="projtrack",
    help="重点项目台账分析 — rankings (红黑榜), warnings and briefings from key-project ledgers.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        say(f"projtrack {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="显示版本 Show the version."
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="出错时显示调用栈 Show tracebacks on errors.")
    ] = False,
) -> None:
    """重点项目台账分析 projtrack: exit codes 0 ok, 1 bad input, 2 usage, 3 nothing to do."""
    DEBUG["on"] = debug


app.command("rank", cls=PlainHelpCommand)(rank_cmd.rank)
app.command("check", cls=PlainHelpCommand)(check_cmd.check)
app.command("brief", cls=PlainHelpCommand)(brief_cmd.brief)
app.command("warn", cls=PlainHelpCommand)(warn_cmd.warn)
app.command("starts", cls=PlainHelpCommand)(starts_cmd.starts)
app.command("problems", cls=PlainHelpCommand)(problems_cmd.problems)
app.command("init", cls=PlainHelpCommand)(init_cmd.init)
app.command("ingest", cls=PlainHelpCommand)(history_cmd.ingest)
app.command("history", cls=PlainHelpCommand)(history_cmd.history)
app.command("trend", cls=PlainHelpCommand)(history_cmd.trend)
app.command("lalian", cls=PlainHelpCommand)(lalian_cmd.lalian)
app.command("duibiao", cls=PlainHelpCommand)(duibiao_cmd.duibiao)
app.command("rutong", cls=PlainHelpCommand)(rutong_cmd.rutong)
app.command("woniu", cls=PlainHelpCommand)(woniu_cmd.woniu)
app.command("notices", cls=PlainHelpCommand)(notices_cmd.notices)
