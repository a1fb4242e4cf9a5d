"""Progress of long reads, reported to whoever listens (the CLI shows a bar on a terminal).

The library only calls :func:`step`; by default nobody listens and it costs nothing.
The CLI installs a listener with :func:`listening` for the duration of a command.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

Listener = Callable[[str, int, int], None]  # (what, done, total)
_listener: ContextVar[Listener | None] = ContextVar("projtrack_progress", default=None)


def step(what: str, done: int, total: int) -> None:
    """Report that ``done`` of ``total`` units of ``what`` are finished."""
    listener = _listener.get()
    if listener is not None:
        listener(what, done, total)


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    """Send progress to ``listener`` inside the block."""
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)
