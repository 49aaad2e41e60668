"""`e7 coverage`: how much of the manuals' E-7 requirements e7 checks, by area, over the traced pages.

The matrix and the figure live in ``engine/rules/coverage.py``; this module registers the command.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from engine import service

if TYPE_CHECKING:
    from engine.service import DataDir


def add_commands(commands: Any) -> None:
    from engine.cli.main import _add_format

    p = commands.add_parser(
        "coverage",
        help="how much of the manuals' requirements e7 checks, by area",
        description="Read the traceability matrix (rulesets/coverage.toml) and print, by area, the share of the "
        "traced requirements e7 checks: (covered + 0.5 x partial) / counted, out-of-scope requirements not "
        "counted; then the page ranges traced and those not traced yet.",
    )
    _add_format(p)
    p.set_defaults(handler=run_coverage)


def run_coverage(args: argparse.Namespace, data: DataDir) -> int:
    matrix = service.coverage(service.Session(data))
    sys.stdout.write(service.coverage_json(matrix) if args.format == "json" else service.coverage_text(matrix))
    return 0
