"""The one converter: TOML/JSON data in, typed objects out, and back.

Structuring is strict on purpose: a float where an integer is expected, a string where a list is expected,
a boolean where a number is expected or a key the class does not know are errors, each reported with the
file, the field path and what was expected.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
import typing
from pathlib import Path
from typing import Any, TypeVar

import attrs
import cattrs
import cattrs.gen
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from engine.errors import InputError

T = TypeVar("T")


class _Expected(ValueError):
    """A primitive that is not of the expected type (carries the words for the message)."""


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _structure_int(value: Any, _type: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Expected(f"expected an integer, got {_describe(value)}")
    return value


def _structure_float(value: Any, _type: type) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Expected(f"expected a number, got {_describe(value)}")
    if value != value or value in (float("inf"), float("-inf")):
        raise _Expected(f"expected a finite number, got {_describe(value)}")
    return float(value)


def _structure_str(value: Any, _type: type) -> str:
    if not isinstance(value, str):
        raise _Expected(f"expected a text, got {_describe(value)}")
    return value


def _structure_bool(value: Any, _type: type) -> bool:
    if not isinstance(value, bool):
        raise _Expected(f"expected true or false, got {_describe(value)}")
    return value


def _structure_date(value: Any, _type: type) -> dt.date:
    if isinstance(value, dt.datetime):
        raise _Expected(f"expected a date (YYYY-MM-DD) without a time, got {value.isoformat()}")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return parse_date(value, lambda message: _Expected(message))
    raise _Expected(f"expected a date (YYYY-MM-DD), got {_describe(value)}")


def parse_date(text: str, error: Any = None) -> dt.date:
    """Parse a strict ISO date; ``2026-02-30`` and ``2026-2-3`` are refused with a clear reason."""
    make = error or (lambda message: ValueError(message))
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        raise make(f"expected a date as YYYY-MM-DD, got {text!r}")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise make(f"expected a real calendar date, got {text!r}") from None


def _is_tuple_of(tp: Any) -> bool:
    return getattr(tp, "__origin__", None) is tuple


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_unstructure_hook(dt.date, lambda d: d.isoformat())

    def structure_sequence(value: Any, tp: Any) -> tuple:
        if not isinstance(value, list | tuple):
            raise _Expected(f"expected a list, got {_describe(value)}")
        item_type = tp.__args__[0]
        items = []
        errors = []
        for index, item in enumerate(value):
            try:
                items.append(conv.structure(item, item_type))
            except Exception as exc:  # collected and re-raised with the index as path
                exc.__notes__ = [
                    *getattr(exc, "__notes__", []),
                    IterableValidationNote(f"Structuring {tp} @ index {index}", index, item_type),
                ]
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"While structuring {tp!r}", errors, tp)
        return tuple(items)

    conv.register_structure_hook_func(_is_tuple_of, structure_sequence)

    def structure_literal(value: Any, tp: Any) -> Any:
        allowed = tp.__args__
        if isinstance(value, bool) or value not in allowed:
            choices = ", ".join(repr(a) for a in allowed)
            raise _Expected(f"expected one of {choices}, got {_describe(value)}")
        return value

    conv.register_structure_hook_func(lambda tp: typing.get_origin(tp) is typing.Literal, structure_literal)

    def is_attrs(cls: Any) -> bool:
        return attrs.has(cls)

    def attrs_factory(cls: Any) -> Any:
        generated = cattrs.gen.make_dict_structure_fn(
            cls, conv, _cattrs_forbid_extra_keys=True, _cattrs_detailed_validation=True
        )

        def hook(value: Any, _cls: Any) -> Any:
            if not isinstance(value, dict):
                raise _Expected(f"expected a table, got {_describe(value)}")
            return generated(value, _cls)

        return hook

    conv.register_structure_hook_factory(is_attrs, attrs_factory)
    return conv


converter = _make_converter()

# For writing TOML: dates stay dates, and a source leaves out the keys it does not use.
toml_converter = converter.copy()
toml_converter.register_unstructure_hook(dt.date, lambda d: d)


def _source_for_toml(source: Any) -> dict[str, Any]:
    return {f.name: getattr(source, f.name) for f in attrs.fields(type(source)) if getattr(source, f.name) != ""}


def _register_source_hook() -> None:
    from engine.model import Source

    toml_converter.register_unstructure_hook(Source, _source_for_toml)


_register_source_hook()


def _messages(exc: BaseException, path: str) -> list[tuple[str, str]]:
    """Flatten a cattrs error tree into (field path, what was expected) pairs."""
    if isinstance(exc, ClassValidationError | IterableValidationError):
        found: list[tuple[str, str]] = []
        with_notes, without = exc.group_exceptions()
        for inner, note in with_notes:
            if isinstance(exc, IterableValidationError):
                step = f"{path}[{note.index}]"
            else:
                step = f"{path}.{note.name}" if path else note.name
            found.extend(_messages(inner, step))
        for inner in without:
            found.extend(_messages(inner, path))
        return found
    if isinstance(exc, ForbiddenExtraKeysError):
        keys = ", ".join(sorted(exc.extra_fields))
        return [(path, f"unknown key(s) {keys}; expected only the documented keys")]
    if isinstance(exc, KeyError):
        key = str(exc.args[0])
        # cattrs has already put the attribute's name on the path; add it only where it has not
        field = path if path == key or path.endswith(f".{key}") else (f"{path}.{key}" if path else key)
        return [(field, "required field is missing")]
    if isinstance(exc, _Expected):
        return [(path, str(exc))]
    if isinstance(exc, ValueError):
        text = str(exc)
        # validators say "field: expected ..."; put the field into the path
        if ": expected" in text:
            field, _, rest = text.partition(": ")
            if field.isidentifier():
                return [(f"{path}.{field}" if path else field, rest)]
        if text.startswith("expected"):
            return [(path, text)]
        return [(path, f"expected a valid value ({text})")]
    if isinstance(exc, TypeError):
        return [(path, f"expected a value of the documented type ({exc})")]
    return [(path, f"expected a valid value ({exc.__class__.__name__}: {exc})")]


def structure(data: Any, cls: type[T], where: str, path: str = "") -> T:
    """Build ``cls`` from plain data; any problem becomes one ``InputError`` naming file and field."""
    try:
        return converter.structure(data, cls)
    except Exception as exc:  # every structuring failure is reported, never re-raised as a crash
        problems = _messages(exc, path)
        if not problems:
            raise InputError(where, path or None, f"expected a valid {cls.__name__}") from None
        field, expected = problems[0]
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise InputError(where, field or None, expected + more) from None


def unstructure(obj: Any) -> Any:
    return converter.unstructure(obj)


def unstructure_for_toml(obj: Any) -> Any:
    return toml_converter.unstructure(obj)


def read_toml(path: Path, shown: str | None = None) -> dict[str, Any]:
    """Read a TOML file; unreadable or malformed TOML is an ``InputError`` with the line TOML reports."""
    where = shown or str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(where, None, "file not found") from None
    except IsADirectoryError:
        raise InputError(where, None, "expected a file, found a folder") from None
    except OSError as exc:
        raise InputError(where, None, f"cannot be read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(where, None, "expected UTF-8 text") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(where, _toml_line(text, str(exc)), f"expected valid TOML ({exc})") from None


def _toml_line(text: str, message: str) -> str | None:
    """The key on the line TOML complains about, so that the message names the field (e.g. filed_on)."""
    match = re.search(r"line (\d+)", message)
    if not match:
        return None
    lines = text.splitlines()
    number = int(match.group(1))
    if not 1 <= number <= len(lines):
        return None
    line = lines[number - 1]
    key = line.split("=", 1)[0].strip() if "=" in line else ""
    if re.fullmatch(r"[A-Za-z0-9_.\-\"]+", key):
        return f"line {number}: {key.strip(chr(34))}"
    return f"line {number}"


def read_json(path: Path, shown: str | None = None) -> Any:
    where = shown or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(where, None, "file not found") from None
    except UnicodeDecodeError:
        raise InputError(where, None, "expected UTF-8 text") from None
    except OSError as exc:
        raise InputError(where, None, f"cannot be read ({exc.strerror})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(where, None, f"expected valid JSON ({exc.msg} at line {exc.lineno})") from None


def read_data(path: Path, what: str, shown: str | None = None) -> Any:
    """A ``.toml`` or ``.json`` file's data (cases, histories: the same structure in either form)."""
    where = shown or str(path)
    suffix = path.suffix.lower()
    if suffix == ".toml":
        return read_toml(path, where)
    if suffix == ".json":
        return read_json(path, where)
    raise InputError(where, None, f"expected a {what} file ending in .toml or .json")
