"""Jinja2 templates: shipped in the package as ``projtrack/templates``, overridable by file."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from projtrack.render.cells import escape_cell
from projtrack.resources import template_dir

if TYPE_CHECKING:
    import jinja2


@cache
def environment(folder: str) -> jinja2.Environment:
    """A strict environment (undefined names are errors), trimming block whitespace."""
    import jinja2

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
