"""README.md stays short and its set-up commands are the ones CI runs.

The rest of what the README used to guard — every command, option, configuration key and
JSON key documented, the console sessions real, the code layout complete — is checked
against README.md and docs/ together in tests/test_docs.py.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
CI_RUN = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
EXAMPLE_REL = "examples/zhongjiang_2024_q1.xlsx"
EXAMPLE = ROOT / EXAMPLE_REL
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
MAX_LINES = 150


def test_setup_block_is_what_ci_runs() -> None:
    lang, body = FENCE.findall(README)[0]
    assert lang == "bash"
    install, checks = body.rstrip("\n").split("\n")
    assert README.splitlines()[0] == "# projtrack — 重点项目台账分析"
    assert install == (
        "python3 -m venv .venv && . .venv/bin/activate && pip install . && "
        f"projtrack rank {EXAMPLE_REL}"
    )
    assert EXAMPLE.is_file()
    # CI's smoke test installs without the extra and ranks the same example.
    assert re.search(r"pip install -q \.$", CI_RUN, re.MULTILINE)
    assert f"projtrack rank {EXAMPLE_REL}" in CI_RUN
    # The README's test command is exactly CI's last command.
    commands = [
        line.strip()
        for line in CI_RUN.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert commands[-1] == checks
    assert checks.startswith("pip install -e '.[test]' && ")


def test_readme_is_short() -> None:
    """The manual lives in docs/; the README is what it is, how to set up, a quick start."""
    lines = README.count("\n") + (not README.endswith("\n"))
    assert lines <= MAX_LINES, f"README.md has {lines} lines (at most {MAX_LINES})"


def test_readme_has_a_quick_start_and_links_into_docs() -> None:
    assert re.search(r"^## 快速上手", README, re.MULTILINE)
    for command in ("check", "rank", "brief"):
        assert re.search(rf"^\$ projtrack {command} ", README, re.MULTILINE), command
    assert "](docs/" in README
