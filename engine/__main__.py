"""`python -m engine` does what the `e7` command does."""

from engine.cli.main import main

raise SystemExit(main())
