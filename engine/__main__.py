"""`python -m engine` does what the `e7` command does."""

from engine.cli import main

raise SystemExit(main())
