"""``projtrack init``: write a commented projtrack.toml to edit."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from projtrack.cli.console import say


def init(
    folder: Annotated[
        Path,
        typer.Argument(
            file_okay=False, metavar="FOLDER", help="目标文件夹 Folder (default: current)."
        ),
    ] = Path(),
    force: Annotated[bool, typer.Option("--force", help="覆盖已有文件 Overwrite.")] = False,
    place: Annotated[str, typer.Option("--place", metavar="NAME", help="地名 e.g. 中江县.")] = "",
    scope: Annotated[str, typer.Option("--scope", metavar="WORD", help="范围用语 e.g. 全县.")] = "",
) -> None:
    """生成配置 Write a commented projtrack.toml (thresholds, list rules, synonyms, aliases)."""
    from projtrack.jobs.init import init as run_init

    target = run_init(folder=folder, force=force, place=place, scope=scope)
    say(f"已写入 Wrote {target}")
