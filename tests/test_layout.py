"""The layout of engine/ holds (docs/architecture.md): imports run one way, front ends call only the service
layer, and no module or class grows past what one reader can hold.

Read from the source with ``ast`` (imports inside functions and under ``if TYPE_CHECKING:`` count too), so
nothing is imported to check it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parents[1] / "engine"

# The layers, bottom to top: a module may import its own layer and those below it, never one above or beside
# it. The front ends (the CLI today; the web workbench and the case register next) share the top rank and never
# import one another: each calls engine.service.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("core",),
    ("data",),
    ("catalogue",),
    ("duties",),
    ("rules",),
    ("history",),
    ("site",),
    ("views",),
    ("service",),
    ("register",),
    ("cli", "web"),
    ("__main__",),
)
RANK = {layer: rank for rank, layers in enumerate(LAYERS) for layer in layers}
FRONT_ENDS = set(LAYERS[RANK["cli"]])
# what a front end may call: the service layer, the answers' forms it serves (engine/views), and the case
# register, a service of its own built on the service layer (its storage, chain and re-checks)
SERVICES = ("service", "views", "register")
PLACED = {"maintainer": "service"}  # engine/maintainer.py: beside engine/service.py

MAX_MODULE_LINES = 600
MAX_CLASS_LINES = 300
SIZE_EXCLUDED: set[str] = set()


def layer_of(module: str) -> str | None:
    """The layer of a dotted module name inside engine (None: the package root, which anyone may import)."""
    parts = module.split(".")
    if parts[0] != "engine":
        raise ValueError(module)
    if len(parts) == 1 or parts[1] == "__init__":
        return None
    return PLACED.get(parts[1], parts[1])


def module_name(path: Path) -> str:
    relative = path.relative_to(ENGINE.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(tree: ast.AST, module: str, is_package: bool) -> list[tuple[int, str]]:
    """Every engine module a source imports, with its line: ``from engine import x`` names engine.x."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "engine"]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolved against this module's package
                package = module.split(".")[: len(module.split(".")) - node.level + (1 if is_package else 0)]
                base = ".".join([*package, *([base] if base else [])])
            if base.split(".")[0] != "engine":
                continue
            if base == "engine":
                found += [(node.lineno, f"engine.{a.name}") for a in node.names]
            else:
                found.append((node.lineno, base))
    return found


def _root_name(target: str) -> bool:
    """``from engine import __version__`` / MATCHER_VERSION: the package root, not a layer."""
    return target in ("engine", "engine.__version__", "engine.MATCHER_VERSION")


def direction_violations(sources: dict[str, str]) -> list[str]:
    """Imports that run upward or across, as 'file:line: layer imports layer (module)'; `sources` maps a path
    relative to engine/ to its text."""
    problems = []
    for relative, text in sorted(sources.items()):
        path = ENGINE / relative
        module = module_name(path)
        own = layer_of(module)
        if own is None:
            continue  # engine/__init__.py: the version, imports nothing of e7
        if own not in RANK:
            problems.append(f"{relative}: not in a layer of the layout ({', '.join(RANK)}); move it into one")
            continue
        for line, target in imported(ast.parse(text), module, path.name == "__init__.py"):
            if _root_name(target):
                continue
            other = layer_of(target)
            if other is None or other == own:
                continue
            if other not in RANK:
                problems.append(f"{relative}:{line}: imports {target}, which is in no layer of the layout")
            elif RANK[other] > RANK[own] or (RANK[other] == RANK[own] and own != other):
                way = "across to" if RANK[other] == RANK[own] else "up to"
                problems.append(f"{relative}:{line}: {own} imports {way} {other} ({target})")
    return problems


def front_end_violations(sources: dict[str, str]) -> list[str]:
    """Imports of a front end (engine/cli, engine/web, engine/register) of anything but the service layer
    (engine.service and the answers' forms it serves, engine.views), its own package and the package root."""
    problems = []
    for relative, text in sorted(sources.items()):
        path = ENGINE / relative
        module = module_name(path)
        own = layer_of(module)
        if own not in FRONT_ENDS:
            continue
        for line, target in imported(ast.parse(text), module, path.name == "__init__.py"):
            if _root_name(target) or layer_of(target) in SERVICES or layer_of(target) == own:
                continue
            problems.append(f"{relative}:{line}: imports {target}; a front end calls engine.service only")
    return problems


def engine_sources() -> dict[str, str]:
    return {str(p.relative_to(ENGINE)): p.read_text(encoding="utf-8") for p in sorted(ENGINE.rglob("*.py"))}


def test_every_import_runs_down_the_layers():
    assert direction_violations(engine_sources()) == []


def test_the_cli_calls_the_service_layer_and_nothing_below_it():
    sources = engine_sources()
    assert any(name.startswith("cli/") for name in sources)
    assert front_end_violations(sources) == []


def test_no_module_over_600_lines_and_no_class_over_300():
    too_big = []
    for relative, text in engine_sources().items():
        if relative in SIZE_EXCLUDED:
            continue
        lines = len(text.splitlines())
        if lines > MAX_MODULE_LINES:
            too_big.append(f"{relative}: {lines} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef) and node.end_lineno is not None:
                length = node.end_lineno - node.lineno + 1
                if length > MAX_CLASS_LINES:
                    too_big.append(f"{relative}: class {node.name} {length} lines")
    assert too_big == []


def test_every_subpackage_says_what_it_owns_and_may_import():
    for package in sorted(p.parent for p in ENGINE.glob("*/__init__.py")):
        doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8"))) or ""
        assert "May import" in doc, f"engine/{package.name}/__init__.py: say what it owns and what it may import"


# -- the checks themselves fail where they should ------------------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "text", "expected"),
    [
        ("core/model.py", "from engine.rules.facts import prepare\n", "core/model.py:1: core imports up to rules"),
        ("duties/matching.py", "def f():\n    import engine.rules.rulesets\n", "duties imports up to rules"),
        ("web/app.py", "from engine.cli.main import main\n", "web imports across to cli"),
        ("catalogue/x.py", "from ..site import build\n", "catalogue imports up to site"),
        ("loose.py", "import json\n", "loose.py: not in a layer"),
    ],
)
def test_the_direction_check_finds_an_upward_import(relative, text, expected):
    problems = direction_violations({relative: text})
    assert len(problems) == 1 and expected in problems[0], problems


def test_the_direction_check_passes_downward_imports():
    sources = {
        "rules/x.py": "from engine.duties.matching import index_for\nfrom engine import __version__\n",
        "cli/x.py": "from engine import service\nfrom engine.cli.main import _add_format\n",
        "core/x.py": "from engine.core.errors import InputError\n",
    }
    assert direction_violations(sources) == []


@pytest.mark.parametrize(
    "text",
    [
        "from engine.rules.evaluate import Evaluator\n",
        "def run():\n    from engine.data.store import remember\n",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from engine.core.model import Snapshot\n",
        "from engine import codes\n",
    ],
)
def test_the_front_end_check_finds_a_reach_below_the_service(text):
    assert len(front_end_violations({"cli/x.py": text})) == 1


def test_the_front_end_check_passes_the_service_and_its_own_package():
    text = "from engine import __version__, service\nfrom engine.service import check\nfrom engine.cli import render\n"
    assert front_end_violations({"cli/x.py": text, "web/y.py": "from engine.service import check\n"}) == []


def test_docs_architecture_names_every_subpackage():
    text = (ENGINE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    for package in sorted(p.parent.name for p in ENGINE.glob("*/__init__.py")):
        assert f"**`engine/{package}/`**" in text, f"docs/architecture.md: a paragraph on engine/{package}/"
    assert '<pre class="mermaid">' in text  # the diagrams, drawn by MkDocs Material's Mermaid
