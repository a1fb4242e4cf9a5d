"""Where the packaged files are: the templates shipped as package data in the wheel.

Kept apart from rendering so that a job (``init`` writes the commented projtrack.toml)
and the renderers find the same folder without importing one another.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def template_dir() -> Path:
    """The folder that holds the built-in templates (``projtrack/templates``)."""
    return PACKAGE_DIR / "templates"
