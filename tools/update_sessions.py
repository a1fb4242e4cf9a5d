"""Rewrite the console sessions of docs pages with what the commands print now.

    python tools/update_sessions.py docs/woniu.md [more pages…]

Runs each page's sessions as tests/test_docs.py does (same folder setup, same width) and
replaces a session's shown output by the printed one — except where the shown output
already matches (so "…" elisions and UTC times that still match are kept). Read the diff
before committing: the test only says that the docs equal the output, not that the output
is right.
"""

from __future__ import annotations

import os
import shlex
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

import test_docs as td  # noqa: E402


def update(page: Path) -> int:
    """Rewrite ``page``; the number of sessions changed."""
    text = page.read_text(encoding="utf-8")
    changed = 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        old = Path.cwd()
        os.chdir(folder)
        try:
            (folder / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
            runner = td.CliRunner(env=td.gendocs.HELP_ENV)
            exit_code = 0
            for lang, body, marker in td.blocks(page):
                if marker and marker[0] == "file":
                    (folder / marker[1]).write_text(body, encoding="utf-8")
                    continue
                if lang != "console" or marker:
                    continue
                new_body = body
                for command, shown in td.sessions(body):
                    if command == "echo $?":
                        output = f"{exit_code}\n"
                    else:
                        words = shlex.split(command)
                        result = runner.invoke(
                            td.app, words[1:], terminal_width=td.gendocs.HELP_WIDTH
                        )
                        exit_code = result.exit_code
                        output = td.printed(result.output)
                    if td.shown_pattern(shown).fullmatch(output):
                        continue
                    old_part = f"$ {command}\n{shown}"
                    new_part = f"$ {command}\n{output.rstrip(chr(10))}\n"
                    new_body = new_body.replace(old_part, new_part, 1)
                    changed += 1
                text = text.replace(body, new_body, 1)
        finally:
            os.chdir(old)
    page.write_text(text, encoding="utf-8")
    return changed


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(f"{name}: {update(Path(name).resolve())} session(s) rewritten")
