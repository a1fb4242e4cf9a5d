"""A rich progress bar on stderr for multi-sheet workbooks; silent when not on a terminal."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator


@contextlib.contextmanager
def progress_bar() -> Iterator[None]:
    """Show the library's progress steps while the block runs (only on a terminal)."""
    if not sys.stderr.isatty() or "NO_COLOR" in os.environ or os.environ.get("CI"):
        yield
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

    from projtrack.progress import listening

    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   console=Console(file=sys.stderr), transient=True)  # fmt: skip
    tasks: dict[str, TaskID] = {}

    def listener(what: str, done: int, total: int) -> None:
        if total < 2:  # one sheet: nothing worth a bar
            return
        if what not in tasks:
            tasks[what] = bar.add_task(what, total=total)
        bar.update(tasks[what], completed=done + 1)

    with bar, listening(listener):
        yield
