"""The `e7` command: parses its arguments, asks engine.service, renders the answer.

main.py holds the parser and the commands of the top level; <name>.py holds the subcommands of one feature
(add_commands registers them); render.py holds the text and JSON forms of codes and thresholds.

May import: engine.service (and what it re-exports), engine.cli.*, and ``engine`` itself (its version).
"""
