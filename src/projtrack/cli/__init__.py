"""The command-line layer: one small module per command, each calling one library function."""
