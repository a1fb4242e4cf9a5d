"""Writing text to stdout/stderr through the streams' own encoding.

click/typer's echo writes UTF-8 bytes whatever the console's encoding; writing to the
text stream instead lets ``main()``'s ``errors="replace"`` turn characters a console
cannot show (a GBK console under Windows Task Scheduler) into ``?`` instead of mojibake
or a crash.
"""

from __future__ import annotations

import sys


def say(text: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Print ``text`` (plus a newline) to stdout, or to stderr with ``err``."""
    stream = sys.stderr if err else sys.stdout
    stream.write(text + ("\n" if nl else ""))
    stream.flush()
