"""README.md and docs/ stay true: every command, option, configuration key and JSON key is
documented, the generated pages are current, links resolve, and every console session
shown prints what it shows.

"Documented" means in a hand-written page: README.md or a docs/ page outside its generated
blocks (docs/cli.md is all generated, the key table of docs/config.md too). A generated page
lists every option by construction, so it proves nothing; the guide pages must say what an
option is for. The generated pages are checked separately (`test_generated_docs_are_current`).

Console sessions: see `run_page` and docs/contributing.md ("The docs are checked").
"""

from __future__ import annotations

import difflib
import importlib.util
import json
import re
import shlex
import tomllib
from pathlib import Path
from types import ModuleType

import pytest
import typer
from typer.testing import CliRunner

from projtrack.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
README = ROOT / "README.md"
PAGES = [README, *sorted(DOCS.rglob("*.md"))]
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def _load_gendocs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gendocs", ROOT / "tools" / "gendocs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gendocs = _load_gendocs()


def rel(page: Path) -> str:
    return page.relative_to(ROOT).as_posix()


def hand_written(page: Path) -> str:
    """The page without its generated blocks."""
    return gendocs.BLOCK.sub("", page.read_text(encoding="utf-8"))


HAND = "\n".join(hand_written(page) for page in PAGES)


def long_options(*args: str) -> set[str]:
    return set(re.findall(r"--[a-z][a-z-]*", gendocs.help_text(*args)))


# --- what is documented -------------------------------------------------------------


def test_the_commands_are_the_ones_checked() -> None:
    assert COMMANDS == sorted(
        ["rank", "check", "brief", "warn", "starts", "problems", "init", "ingest", "history",
         "trend", "lalian", "duibiao", "rutong", "woniu", "notices"]
    )  # fmt: skip


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_a_heading(name: str) -> None:
    """Each command has its guide section in a hand-written page (docs/commands.md)."""
    assert re.search(rf"^### `projtrack {name}`", HAND, re.MULTILINE), (
        f"no '### `projtrack {name}`' heading in README.md or docs/"
    )


@pytest.mark.parametrize("name", [None, *COMMANDS])
def test_every_long_option_is_documented(name: str | None) -> None:
    """Every long option is in a hand-written page, not only in the generated cli.md."""
    options = long_options(*([name] if name else []))
    assert options, "no options parsed from --help"
    missing = sorted(o for o in options if not re.search(rf"{re.escape(o)}(?![a-z-])", HAND))
    assert missing == [], f"projtrack {name or ''} options missing from the docs: {missing}"


def test_generated_docs_are_current() -> None:
    """`python tools/gendocs.py --check`, in-process: docs/cli.md and docs/config.md."""
    diffs = gendocs.stale()
    assert not diffs, "run `python tools/gendocs.py`:\n" + "".join(diffs.values())


def test_generated_blocks_are_where_gendocs_writes() -> None:
    for name, page in gendocs.PAGES.items():
        assert f"<!-- [[[gen {name}]]] -->" in page.read_text(encoding="utf-8"), rel(page)


def test_every_configuration_key_is_documented() -> None:
    """Each section and key of the packaged template, in config.md's hand-written part."""
    template = tomllib.loads(gendocs.config_template().read_text(encoding="utf-8"))
    page = DOCS / "config.md"
    text = hand_written(page)
    for section, table in template.items():
        assert f"`[{section}]`" in text, f"[{section}] missing from docs/config.md"
        for key in table:
            assert f"`{key}`" in text, f"{section}.{key} missing from docs/config.md"


def test_rank_json_keys_are_documented(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    example = ROOT / "examples" / "zhongjiang_2024_q1.xlsx"
    result = CliRunner().invoke(app, ["rank", str(example), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    keys = {*data, *data["total"], *data["rows"][0], *data["source"]}
    keys |= {"prev_rank", "rank_change", "rate_change_pp", "variance_change_pp", "previous",
             "year_ago", "code", "where", "message"}  # fmt: skip
    text = (DOCS / "json.md").read_text(encoding="utf-8")
    missing = sorted(k for k in keys if f"`{k}`" not in text)
    assert missing == [], f"JSON keys missing from docs/json.md: {missing}"


def test_every_module_is_in_the_code_layout() -> None:
    """Every module, by its path under src/projtrack (`read/load.py`), in contributing.md."""
    src = ROOT / "src" / "projtrack"
    text = (DOCS / "contributing.md").read_text(encoding="utf-8")
    modules = [p.relative_to(src).as_posix() for p in sorted(src.rglob("*.py"))]
    missing = [m for m in modules if not re.search(rf"(?<![\w/.]){re.escape(m)}\b", text)]
    assert missing == [], f"modules missing from docs/contributing.md: {missing}"


# --- links --------------------------------------------------------------------------

LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")


def anchors(page: Path) -> set[str]:
    """GitHub's heading anchors of a Markdown page (headings in code blocks do not count)."""
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    seen: dict[str, int] = {}
    result = set()
    for heading in re.findall(r"^#{1,6} (.+?)\s*$", text, re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        result.add(slug if n == 0 else f"{slug}-{n}")
    return result


@pytest.mark.parametrize("page", PAGES, ids=rel)
def test_relative_links_resolve(page: Path) -> None:
    """Every relative link names an existing file, and an existing heading after '#'."""
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    broken = []
    for target in LINK.findall(text):
        if re.match(r"[a-z]+:", target):
            continue  # https:, mailto:
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.exists():
            broken.append(target)
        elif anchor and file.suffix == ".md" and anchor not in anchors(file):
            broken.append(target)
    assert broken == [], f"{rel(page)}: broken links {broken}"


# --- console sessions ---------------------------------------------------------------

STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00")
COMMENT = re.compile(r"<!--\s*(not checked|file):\s*((?:(?!-->).)*?)\s*-->\s*\Z", re.DOTALL)


def blocks(page: Path) -> list[tuple[str, str, tuple[str, str] | None]]:
    """(language, body, marker) of each fenced block; marker is the HTML comment
    (`not checked: why` or `file: NAME`) right before the block, if any."""
    text = page.read_text(encoding="utf-8")
    result = []
    for match in FENCE.finditer(text):
        before = COMMENT.search(text, 0, match.start())
        marker = (before[1], before[2]) if before else None
        result.append((match[1], match[2], marker))
    return result


def sessions(body: str) -> list[tuple[str, str]]:
    """(command line without "$ ", the output under it) for each command of a console block."""
    lines = body.rstrip("\n").split("\n")
    starts = [i for i, line in enumerate(lines) if line.startswith("$ ")]
    result = []
    for k, i in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        output = lines[i + 1 : end]
        result.append((lines[i][2:], "\n".join(output) + "\n" if output else ""))
    return result


def shown_pattern(expected: str) -> re.Pattern[str]:
    """The shown output as a pattern: a line `…` stands for one or more lines left out, a
    line ending in `…` for the rest of that line; a UTC time stands for any UTC time."""
    parts = []
    for line in STAMP.sub("\0", expected).splitlines(keepends=True):
        text = line.rstrip("\n")
        newline = "\n" if line.endswith("\n") else ""
        if text.strip() == "…":
            parts.append(r"(?:[^\n]*\n)+?")
        elif text.endswith("…"):
            parts.append(re.escape(text[:-1]) + r"[^\n]*" + newline)
        else:
            parts.append(re.escape(text) + newline)
    return re.compile("".join(parts).replace("\0", STAMP.pattern))


def printed(output: str) -> str:
    """What a command printed, as the docs show it: trailing spaces removed."""
    return "\n".join(line.rstrip() for line in output.split("\n"))


def run_page(page: Path, folder: Path) -> list[str]:
    """Run the console sessions of a page in order, in `folder`; the differences found.

    The folder starts empty but for `examples/` (the repository's). A fenced block after
    `<!-- file: NAME -->` is written to NAME there first; a console block after
    `<!-- not checked: why -->` is not run. `$ echo $?` prints the last exit code.
    """
    examples = folder / "examples"
    try:
        examples.symlink_to(ROOT / "examples", target_is_directory=True)
    except OSError:  # no symlinks (Windows without developer mode)
        import shutil

        shutil.copytree(ROOT / "examples", examples)
    runner = CliRunner(env=gendocs.HELP_ENV)
    problems = []
    exit_code = 0
    for lang, body, marker in blocks(page):
        if marker and marker[0] == "file":
            (folder / marker[1]).write_text(body, encoding="utf-8")
            continue
        if lang != "console" or marker:
            continue
        for command, shown in sessions(body):
            if command == "echo $?":
                output = f"{exit_code}\n"
            else:
                words = shlex.split(command)
                if words[0] != "projtrack":
                    problems.append(f"$ {command}\n  only projtrack and `echo $?` can be run")
                    continue
                result = runner.invoke(app, words[1:], terminal_width=gendocs.HELP_WIDTH)
                exit_code = result.exit_code
                output = printed(result.output)
            if not shown_pattern(shown).fullmatch(output):
                diff = difflib.unified_diff(
                    shown.splitlines(keepends=True),
                    output.splitlines(keepends=True),
                    "shown",
                    "printed",
                )
                problems.append(f"$ {command} (exit {exit_code})\n{''.join(diff)}")
    return problems


SESSION_PAGES = [p for p in PAGES if any(lang == "console" for lang, _, _ in blocks(p))]


@pytest.mark.parametrize("page", SESSION_PAGES, ids=rel)
def test_console_sessions_are_real(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    problems = run_page(page, tmp_path)
    assert problems == [], f"{rel(page)}: sessions differ from what projtrack prints:\n\n" + (
        "\n".join(problems)
    )


def all_sessions() -> list[tuple[Path, str]]:
    return [
        (page, command)
        for page in PAGES
        for lang, body, _ in blocks(page)
        if lang == "console"
        for command, _ in sessions(body)
    ]


def test_sessions_use_real_commands_and_options() -> None:
    """Every `$ projtrack …` line shown (checked or not) names a command and options that exist."""
    known = {name: long_options(name) for name in COMMANDS}
    known_global = long_options()
    for page, command in all_sessions():
        words = shlex.split(command)
        if words[0] != "projtrack":
            continue
        name = words[1]
        if name.startswith("--"):
            assert name in known_global, f"{rel(page)}: {command}"
            continue
        assert name in known, f"{rel(page)}: unknown command: {command}"
        used = {w.split("=")[0] for w in words[2:] if w.startswith("--")}
        assert used <= known[name], f"{rel(page)}: unknown option: {command}"


def test_the_markdown_ranking_is_shown() -> None:
    """The docs show `rank … --format md` (as pasted into a document), checked above."""
    assert any(
        cmd.startswith("projtrack rank ") and "--format md" in cmd for _, cmd in all_sessions()
    )


def test_markers_are_known() -> None:
    """A misspelt session marker would be ignored silently: only the two known forms."""
    for page in PAGES:
        for comment in re.findall(r"<!--(.*?)-->", page.read_text(encoding="utf-8"), re.DOTALL):
            if re.match(r"\s*(not[ -]?checked|unchecked|file)\b", comment, re.IGNORECASE):
                assert re.match(r"\s*(not checked|file):", comment), (
                    f"{rel(page)}: <!--{comment}-->"
                )
