"""``python -m projtrack``: the same as the ``projtrack`` command."""

from projtrack.cli.launch import console

console()
