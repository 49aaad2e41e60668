"""The `e7 history` command, until the history work moves it into engine/cli/ beside the other commands
(engine/cli/main.py lists it in COMMAND_MODULES).

May import: as engine/cli (engine.service, engine.cli.*); today it still reaches engine.history directly.
"""
