"""``python -m projtrack``: the same as the ``projtrack`` command."""

from projtrack.cli.app import main

main()
