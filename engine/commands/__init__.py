"""Subcommands defined beside their feature; engine/cli/main.py lists them in COMMAND_MODULES."""
