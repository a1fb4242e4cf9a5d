"""Jinja2 templates: shipped in the wheel as ``projtrack/templates``, overridable by file.

In a source checkout (editable install) the templates are read from the repository's
``templates/`` folder, so there is one copy of each.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2

PACKAGE_DIR = Path(__file__).resolve().parents[1]


def template_dir() -> Path:
    """The folder that holds the built-in templates."""
    installed = PACKAGE_DIR / "templates"
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parents[1] / "templates"


@cache
def environment(folder: str) -> jinja2.Environment:
    """A strict environment (undefined names are errors), trimming block whitespace."""
    import jinja2

    from .markdown import escape_cell

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["cell"] = lambda v: escape_cell(str(v))
    return env


def render_template(name: str, context: dict[str, Any], *, override: Path | None = None) -> str:
    """Render a built-in template, or the file ``override`` when the user gives one."""
    if override is not None:
        env = environment(str(override.resolve().parent))
        return env.get_template(override.name).render(**context)
    return environment(str(template_dir())).get_template(name).render(**context)
