"""Regenerate the generated parts of docs/: the command reference and the configuration keys.

    python tools/gendocs.py           # rewrite the generated blocks in place
    python tools/gendocs.py --check   # exit 1 and print a diff when a block is stale

A generated block sits between two marker comments in a Markdown page:

    <!-- [[[gen cli]]] -->
    … written by this script, never by hand …
    <!-- [[[end]]] -->

``cli`` (docs/cli.md) is each command's ``--help``; ``config`` (docs/config.md) is the
packaged, commented ``projtrack.toml`` template; ``findings`` (docs/findings.md) is the
catalogue of finding codes in ``vocab.py``. Help is rendered in-process through
``typer.testing.CliRunner`` at a fixed width (``HELP_WIDTH``), so the text does not depend
on the terminal this runs in. tests/test_docs.py runs ``check()``, which makes it a CI check.
Plain Python and the project's own dependencies; nothing else is needed.
"""

from __future__ import annotations

import difflib
import re
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer

ROOT = Path(__file__).resolve().parents[1]

# The commented configuration template that `projtrack init` writes: the first of these
# that exists (the package data folder, or the repository's templates/ before the move).
CONFIG_TEMPLATES = ("src/projtrack/templates/projtrack.toml", "templates/projtrack.toml")

# Help is laid out for this many columns: what click prints on any terminal at least
# 80 columns wide (it caps help at 80 and keeps 2 columns free).
HELP_WIDTH = 78
HELP_ENV = {"COLUMNS": str(HELP_WIDTH), "LINES": "24", "TERM": "dumb", "NO_COLOR": "1"}

PAGES = {
    "cli": ROOT / "docs" / "cli.md",
    "config": ROOT / "docs" / "config.md",
    "findings": ROOT / "docs" / "findings.md",
}
BLOCK = re.compile(
    r"(?P<open><!-- \[\[\[gen (?P<name>\w+)\]\]\] -->\n)"
    r"(?P<body>.*?)"
    r"(?P<close><!-- \[\[\[end\]\]\] -->)",
    re.DOTALL,
)


def _app() -> typer.Typer:
    """The Typer app of this checkout (src/ first on the path, whatever is installed)."""
    src = str(ROOT / "src")
    if src not in sys.path:
        sys.path.insert(0, src)
    from projtrack.cli.app import app

    return app


def command_names() -> list[str]:
    """The commands, in the order ``projtrack --help`` lists them."""
    import typer

    group = typer.main.get_command(_app())
    return list(group.commands)  # type: ignore[attr-defined]


def help_text(*args: str) -> str:
    """``projtrack ARGS --help`` as printed at ``HELP_WIDTH`` columns, trailing spaces removed."""
    from typer.testing import CliRunner

    result = CliRunner(env=HELP_ENV).invoke(_app(), [*args, "--help"], terminal_width=HELP_WIDTH)
    if result.exit_code != 0:
        raise RuntimeError(f"projtrack {' '.join(args)} --help failed:\n{result.output}")
    return "\n".join(line.rstrip() for line in result.stdout.rstrip("\n").split("\n")) + "\n"


def gen_cli() -> str:
    """Each command's ``--help``, the application's first."""
    parts = [
        f"Printed by `projtrack … --help` ({HELP_WIDTH} columns, as on any terminal at least "
        "80 columns wide).\n"
    ]
    for args in [(), *((name,) for name in command_names())]:
        title = " ".join(["projtrack", *args, "--help"])
        parts.append(f"## `{title}`\n\n```text\n{help_text(*args)}```\n")
    return "\n".join(parts)


def config_template() -> Path:
    """The packaged commented ``projtrack.toml``, wherever this checkout keeps it."""
    for relative in CONFIG_TEMPLATES:
        path = ROOT / relative
        if path.is_file():
            return path
    raise FileNotFoundError(f"no configuration template at any of {CONFIG_TEMPLATES}")


_KEY = re.compile(r"^(?P<key>\"[^\"]*\"|[A-Za-z_][\w-]*)\s*=\s*(?P<value>.*)$")
_SECTION = re.compile(r"^\[(?P<name>[\w.-]+)\]\s*$")


def _is_toml(text: str) -> bool:
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return False
    return True


def _comment_cell(lines: list[str]) -> str:
    """Comment lines as one table cell: prose as text, commented-out TOML examples as code.

    An example is a line that reads as TOML on its own or together with the indented
    lines under it (``sequences = [ … ,`` / ``  { … } ]``).
    """
    cells = []
    i = 0
    while i < len(lines):
        end = i + 1
        while end < len(lines) and lines[end].startswith(" "):
            end += 1
        for stop in range(end, i, -1):
            group = lines[i:stop]
            if _KEY.match(group[0]) and _is_toml("\n".join(group)):
                cells.append("`" + " ".join(part.strip() for part in group) + "`")
                i = stop
                break
        else:
            cells.append(lines[i].strip())
            i += 1
    return " ".join(c for c in cells if c).replace("|", "\\|")


def gen_config() -> str:
    """A table of sections, keys, defaults and comments, then the template itself."""
    path = config_template()
    text = path.read_text(encoding="utf-8")
    data = tomllib.loads(text)  # the template must be valid TOML
    rows = ["| section | key | default | 说明 (from the template) |", "|---|---|---|---|"]
    section = ""
    comments: list[str] = []
    keys_seen: dict[str, int] = {}
    previous_was_key = False
    for raw in text.splitlines():
        line = raw.rstrip()
        if match := _SECTION.match(line):
            if section and keys_seen.get(section, 0) == 0:
                rows.append(f"| `[{section}]` | (none) |  | {_comment_cell(comments)} |")
            section, comments, previous_was_key = match["name"], [], False
            keys_seen[section] = 0
        elif line.startswith("#"):
            comments.append(line[1:].removeprefix(" ") if line[1:2] == " " else line[1:])
            previous_was_key = False
        elif section and (match := _KEY.match(line)):
            note = (
                _comment_cell(comments) if comments else ("同上 ditto" if previous_was_key else "")
            )
            first = f"`[{section}]`" if keys_seen[section] == 0 else ""
            rows.append(f"| {first} | `{match['key']}` | `{match['value']}` | {note} |")
            keys_seen[section] += 1
            comments, previous_was_key = [], True
        elif not line:
            previous_was_key = False
    if section and keys_seen.get(section, 0) == 0:
        rows.append(f"| `[{section}]` | (none) |  | {_comment_cell(comments)} |")
    missing = [s for s in data if s not in keys_seen]
    if missing:
        raise ValueError(f"{path}: sections not parsed: {missing}")
    # The page names no path, so that moving the template does not make it stale.
    return (
        "From the packaged template (`projtrack.toml` in the package's `templates/`), the file "
        "`projtrack init` writes.\n\n"
        + "\n".join(rows)
        + f"\n\nThe whole template:\n\n```toml\n{text.rstrip()}\n```\n"
    )


def gen_findings() -> str:
    """Every finding code of ``vocab.FINDING_CODES`` with what it means, as a table."""
    src = str(ROOT / "src")
    if src not in sys.path:
        sys.path.insert(0, src)
    from projtrack.vocab import FINDING_CODES

    rows = [f"| `{code}` | {meaning} |" for code, meaning in sorted(FINDING_CODES.items())]
    return "\n".join(["| code | when |", "|---|---|", *rows]) + "\n"


GENERATORS: dict[str, Callable[[], str]] = {
    "cli": gen_cli,
    "config": gen_config,
    "findings": gen_findings,
}


def render(page: Path) -> str:
    """The page with each of its generated blocks rewritten."""
    text = page.read_text(encoding="utf-8")
    names = [m["name"] for m in BLOCK.finditer(text)]
    if not names:
        raise ValueError(f"{page}: no <!-- [[[gen NAME]]] --> … <!-- [[[end]]] --> block")
    unknown = [n for n in names if n not in GENERATORS]
    if unknown:
        raise ValueError(f"{page}: unknown generated blocks {unknown}")

    def replace(match: re.Match[str]) -> str:
        body = GENERATORS[match["name"]]()
        return f"{match['open']}{body}{match['close']}"

    return BLOCK.sub(replace, text)


def stale() -> dict[Path, str]:
    """Pages whose generated blocks differ from what this script writes → their diff."""
    diffs = {}
    for page in PAGES.values():
        current = page.read_text(encoding="utf-8")
        wanted = render(page)
        if current != wanted:
            rel = page.relative_to(ROOT).as_posix()
            diffs[page] = "".join(
                difflib.unified_diff(
                    current.splitlines(keepends=True),
                    wanted.splitlines(keepends=True),
                    f"{rel} (in the repository)",
                    f"{rel} (generated)",
                )
            )
    return diffs


def check() -> int:
    """Print the diff of every stale page; 1 if any, else 0."""
    diffs = stale()
    for diff in diffs.values():
        sys.stdout.write(diff)
    if diffs:
        print("\nGenerated docs are stale: run `python tools/gendocs.py` and commit the result.")
        return 1
    return 0


def main(argv: list[str]) -> int:
    if argv == ["--check"]:
        return check()
    if argv:
        print(__doc__)
        return 2
    for page in PAGES.values():
        text = render(page)
        if text != page.read_text(encoding="utf-8"):
            page.write_text(text, encoding="utf-8", newline="\n")
            print(f"rewrote {page.relative_to(ROOT).as_posix()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
