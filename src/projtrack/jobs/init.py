"""The ``init`` job: write the commented projtrack.toml a bureau then edits."""

from __future__ import annotations

from pathlib import Path

from projtrack.config import CONFIG_NAME
from projtrack.errors import UsageError
from projtrack.outputs import write_atomic
from projtrack.resources import template_dir


def init(*, folder: Path, force: bool = False, place: str = "", scope: str = "") -> Path:
    """Write ``folder/projtrack.toml`` from the shipped template; never overwrite silently."""
    target = folder / CONFIG_NAME
    if target.exists() and not force:
        raise UsageError(f"{target} already exists; use --force to overwrite it")
    text = (template_dir() / CONFIG_NAME).read_text(encoding="utf-8")
    if place:
        text = text.replace('place = ""', f'place = "{_toml_text(place)}"', 1)
    if scope:
        text = text.replace('scope = ""', f'scope = "{_toml_text(scope)}"', 1)
    write_atomic(target, text)
    return target


def _toml_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')
