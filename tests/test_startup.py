"""Start-up of a single command (issue 17): what `e7 check` imports and builds, and the cache of attrs' compiled
methods (engine/core/attrs_code.py). Speed itself is measured by benchmarks/startup.py, never here."""

from __future__ import annotations

import argparse
import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine.cli import main as cli
from engine.core import attrs_code, index_cache

ROOT = Path(__file__).resolve().parents[1]


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


def test_each_command_module_registers_the_commands_the_table_gives_it():
    assert sorted(set(cli.COMMAND_OWNERS.values())) == sorted(cli.COMMAND_MODULES)
    for module in cli.COMMAND_MODULES:
        parser = argparse.ArgumentParser()
        commands = parser.add_subparsers()
        __import__(module, fromlist=["add_commands"]).add_commands(commands)
        assert set(_commands(parser)) == {c for c, m in cli.COMMAND_OWNERS.items() if m == module}


def test_a_command_built_alone_parses_and_helps_exactly_as_in_the_whole_parser():
    whole = _commands(cli.build_parser())
    assert set(whole) == set(cli.COMMAND_OWNERS) | set(cli.CORE_COMMANDS)
    for name, parser in whole.items():
        alone = _commands(cli.build_parser(name))
        assert list(alone) == [name]
        assert alone[name].format_help() == parser.format_help()
    args = ["check", "case.toml", "--format", "json", "--lang", "ko"]
    assert cli.build_parser("check").parse_args(args) == cli.build_parser().parse_args(args)


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["check", "case.toml"], "check"),
        (["--data", "suggest", "history", "x.toml"], "history"),  # the value of --data is not the command
        (["--dat", "history", "suggest", "text"], "suggest"),  # nor that of an abbreviation of it
        (["--data=folder", "batch", "in", "-o", "out.jsonl"], "batch"),
        (["--version"], None),
        (["--help"], None),
        (["chekc", "case.toml"], None),  # unknown: the whole parser says so, with every command
        ([], None),
    ],
)
def test_the_command_a_command_line_names(argv: list[str], command: str | None):
    assert cli.named_command(argv) == command


def test_an_unknown_command_is_still_refused_in_one_line(e7):
    result = e7("chekc", "case.toml")
    assert result.code == 2 and "invalid choice: 'chekc'" in result.err and result.err.count("\n") == 1


_IMPORTED = """
import sys
from engine.cli.main import main
main({args!r})
print(",".join(sorted(m for m in sys.modules if m.split(".")[0] in {roots!r} or m in {modules!r})), file=sys.stderr)
"""


def _imported(args: list[str], env: dict[str, str]) -> set[str]:
    roots = ["cattrs", "openpyxl", "jinja2", "kiwipiepy", "starlette", "fastapi"]
    modules = ["engine.web", "engine.register", "engine.views.history", "engine.cli.history", "engine.data.journal"]
    modules += ["engine.rules.whatif", "engine.service.register"]
    script = _IMPORTED.format(args=args, roots=roots, modules=modules)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, env=env)
    assert done.returncode == 0, done.stderr
    return set(filter(None, done.stderr.rstrip("\n").split("\n")[-1].split(",")))


def test_a_check_without_duties_imports_only_what_it_needs(tmp_path: Path):
    env = {**os.environ, index_cache.CACHE_VAR: str(tmp_path / "cache")}
    case = ["check", str(ROOT / "examples" / "cases" / "incomplete-file.json")]
    first = _imported(case, env)  # parses the data (the converter) and may store the release (the journal's fsync)
    assert first - {"engine.data.journal"} == {m for m in first if m.split(".")[0] == "cattrs"}
    assert _imported(case, env) == set()  # the data's objects from the cache; the case on the quick path


def test_a_bad_case_is_still_reported_by_the_converter(e7, tmp_path: Path):
    case = tmp_path / "bad.toml"
    case.write_text('filed_on = "2026-07-01"\n[position]\ncode = "2223"\nannual_salary_krw = "40,000,000"\n')
    result = e7("check", str(case))
    assert result.code == 2 and "position.annual_salary_krw" in result.err and "without quotes" in result.err


# --- attrs' compiled methods ------------------------------------------------------------------------------------

NAME = "<attrs generated methods tests.Example>"


def test_compiled_code_is_reused_only_for_the_very_same_source(tmp_path: Path):
    path = tmp_path / "attrs-code.marshal"
    codes = attrs_code.Codes(path)
    first = codes.code("def f():\n    return 1\n", NAME, {})
    assert codes.compiled == 1
    codes.save()

    again = attrs_code.Codes(path)
    assert again.code("def f():\n    return 1\n", NAME, {}) is not None and again.compiled == 0
    found: dict = {}
    exec(again.code("def f():\n    return 2\n", NAME, {}), found)  # another source: compiled, never the old code
    assert again.compiled == 1 and found["f"]() == 2
    other_name: dict = {}
    exec(again.code("def f():\n    return 1\n", "<attrs generated methods tests.Other>", {}), other_name)
    assert again.compiled == 2 and other_name["f"].__code__.co_filename.endswith("tests.Other>")
    assert first.co_filename == NAME


def test_a_damaged_or_foreign_cache_file_is_not_read(tmp_path: Path):
    path = tmp_path / "attrs-code.marshal"
    codes = attrs_code.Codes(path)
    codes.code("x = 1\n", NAME, {})
    codes.save()
    blob = path.read_bytes()
    path.write_bytes(blob[:-1] + bytes([blob[-1] ^ 1]))  # one bit changed: the checksum no longer matches
    assert attrs_code.Codes(path).held == {}
    path.write_bytes(blob)
    assert len(attrs_code.Codes(path).held) == 1
    if hasattr(os, "getuid"):
        path.chmod(0o666)  # anyone may write it: not read (marshal data can crash the interpreter)
        assert attrs_code.Codes(path).held == {}
    path.chmod(0o600)
    index_cache.write_payload(path, b"e7-attrs-code-1\n", marshal.dumps(["not", "a", "dict"]))
    assert attrs_code.Codes(path).held == {}


def test_the_cache_is_named_for_this_python_and_this_attrs(tmp_path: Path, monkeypatch):
    monkeypatch.setenv(index_cache.CACHE_VAR, str(tmp_path))
    library = tmp_path / "_make.py"
    library.write_text("# attrs\n")
    before = attrs_code.cache_path(str(library))
    assert before is not None and before.parent == tmp_path
    library.write_text("# attrs, another release\n")
    assert attrs_code.cache_path(str(library)) != before
    monkeypatch.setenv(index_cache.CACHE_VAR, "off")
    assert attrs_code.cache_path(str(library)) is None


_CLASSES = """
import engine.core  # installs the cache
import attrs
from engine.core import attrs_code

@attrs.frozen
class Point:
    x: int
    label: str = "p"

p = Point(3)
assert p == Point(3) and p != Point(4) and repr(p) == "Point(x=3, label='p')"
assert hash(p) == hash((hash("<attrs generated hash __main__.Point>"), 3, "p"))
try:
    p.x = 4
except attrs.exceptions.FrozenInstanceError:
    pass
else:
    raise AssertionError("a frozen class could be changed")
print(attrs_code.installed.compiled)
"""


def test_classes_built_from_the_cache_behave_as_attrs_builds_them(tmp_path: Path):
    """Two runs with different string hashes: the second takes every method from the cache, and its __hash__
    uses its own run's hash of the class's name (attrs writes that number into the method)."""
    runs = []
    for seed in ("1", "2"):
        env = {**os.environ, index_cache.CACHE_VAR: str(tmp_path), "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", _CLASSES], capture_output=True, text=True, cwd=ROOT, env=env)
        assert done.returncode == 0, done.stderr
        runs.append(int(done.stdout.strip()))
    assert runs[0] > 0 and runs[1] == 0
