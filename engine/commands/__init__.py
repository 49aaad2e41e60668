"""Subcommands defined beside their feature; engine/cli.py lists them in COMMAND_MODULES."""
