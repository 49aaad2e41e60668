"""The one converter: TOML/JSON data in, typed objects out, and back.

Structuring is strict on purpose: a float where an integer is expected, a string where a list is expected,
a boolean where a number is expected or a key the class does not know are errors, each reported with the
file, the field path and what was expected.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import json
import re
import tomllib
import typing
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from engine.core import quick_structure
from engine.core.errors import InputError

if TYPE_CHECKING:
    import cattrs

T = TypeVar("T")


class _Expected(ValueError):
    """A primitive that is not of the expected type (carries the words for the message)."""


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _structure_int(value: Any, _type: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Expected(f"expected an integer, got {_describe(value)}{_number_fix(value)}")
    return value


def _structure_float(value: Any, _type: type) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Expected(f"expected a number, got {_describe(value)}{_number_fix(value)}")
    if value != value or value in (float("inf"), float("-inf")):
        raise _Expected(f"expected a finite number, got {_describe(value)}")
    return float(value)


def _number_fix(value: Any) -> str:
    """The fix for a number typed as a text: ``"40,000,000"`` -> write 40000000 without quotes."""
    if isinstance(value, str) and re.fullmatch(r"[+-]?[0-9][0-9,_ ]*(\.[0-9]+)?", value.strip()):
        return f" (write {re.sub(r'[, ]', '', value.strip())} without quotes or commas)"
    return ""


def _structure_str(value: Any, _type: type) -> str:
    if not isinstance(value, str):
        fix = f' (write "{value}" in quotes)' if isinstance(value, int | float) and not isinstance(value, bool) else ""
        raise _Expected(f"expected a text, got {_describe(value)}{fix}")
    return value


def _structure_bool(value: Any, _type: type) -> bool:
    if not isinstance(value, bool):
        fix = ""
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            fix = f" (write {value.strip().lower()} without quotes)"
        raise _Expected(f"expected true or false, got {_describe(value)}{fix}")
    return value


def _structure_date(value: Any, _type: type) -> dt.date:
    if isinstance(value, str):  # the usual case first (a text is neither kind of date below)
        return parse_date(value, _Expected)
    if isinstance(value, dt.datetime):
        raise _Expected(f"expected a date (YYYY-MM-DD) without a time, got {value.isoformat()}")
    if isinstance(value, dt.date):
        if not EARLIEST <= value <= LATEST:
            raise _Expected(f"expected a date from {EARLIEST} to {LATEST}, got {value}")
        return value
    raise _Expected(f"expected a date (YYYY-MM-DD), got {_describe(value)}")


# The dates e7 accepts, in files and in --as-of: wide enough for any birth, founding or filing date, far
# enough from the ends of the calendar (year 1 and 9999) that every date e7 computes from one (a 90-day
# look-ahead, a renewal years later, an age) is a date too.
EARLIEST = dt.date(1800, 1, 1)
LATEST = dt.date(2999, 12, 31)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(text: str, error: Any = None) -> dt.date:
    """Parse a strict ISO date; ``2026-02-30`` and ``2026-2-3`` are refused with a clear reason (and the fix
    for the common slips: ``2026.03.15``, ``2026/3/15``, ``2026-3-15``)."""
    make = error or (lambda message: ValueError(message))
    if not _ISO_DATE.fullmatch(text):
        raise make(f"expected a date as YYYY-MM-DD, got {_describe(text)}{_date_fix(text)}")
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise make(f"expected a real calendar date, got {text!r}") from None
    if not EARLIEST <= day <= LATEST:
        raise make(f"expected a date from {EARLIEST} to {LATEST}, got {text}")
    return day


def _date_fix(text: str) -> str:
    """`` (write 2026-03-15)`` for a real date typed with dots, slashes or one-digit months and days."""
    match = re.fullmatch(r"\s*([0-9]{4})\s*[-./]\s*([0-9]{1,2})\s*[-./]\s*([0-9]{1,2})\.?\s*", text)
    if not match:
        return ""
    try:
        day = dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return ""
    return f" (write {day.isoformat()})"


def _is_tuple_of(tp: Any) -> bool:
    return getattr(tp, "__origin__", None) is tuple


def _make_converter() -> cattrs.Converter:
    import cattrs
    from cattrs.errors import IterableValidationError, IterableValidationNote

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
            raise _Expected(f"expected one of {choices}, got {_describe(value)}{_nearest(value, allowed)}")
        return value

    conv.register_structure_hook_func(lambda tp: typing.get_origin(tp) is typing.Literal, structure_literal)

    conv.register_structure_hook_factory(attrs.has, lambda cls: _table_hook(conv, cls))
    return conv


# attribute -> key in the file, for the classes whose file keys are not their attribute names
_FILE_KEYS: dict[type, dict[str, str]] = {}


def _table_hook(conv: cattrs.Converter, cls: Any, renamed: dict[str, str] | None = None) -> Any:
    import cattrs.gen

    overrides = {name: cattrs.gen.override(rename=key) for name, key in (renamed or {}).items()}
    generated = cattrs.gen.make_dict_structure_fn(
        cls, conv, _cattrs_forbid_extra_keys=True, _cattrs_detailed_validation=True, **overrides
    )

    def hook(value: Any, _cls: Any) -> Any:
        if not isinstance(value, dict):
            raise _Expected(f"expected a table, got {_describe(value)}")
        return generated(value, _cls)

    return hook


def register_renamed(cls: type, **renamed: str) -> None:
    """Read ``cls`` from tables whose keys differ from its attribute names (``from`` is a Python keyword);
    messages and suggestions use the file's keys."""
    _FILE_KEYS[cls] = renamed
    if _converters.cache_info().currsize:  # else _converters registers it when it makes the converter
        converter = _converters()[0]
        converter.register_structure_hook(cls, _table_hook(converter, cls, renamed))


def _file_key(cls: Any, name: str) -> str:
    return _FILE_KEYS.get(cls, {}).get(name, name)


def _nearest(value: Any, known: Any) -> str:
    """`` (did you mean 'x'?)`` for a text close to one of ``known`` (a slip of the keyboard or of case)."""
    if not isinstance(value, str):
        return ""
    texts = [k for k in known if isinstance(k, str)]
    lowered = {k.lower(): k for k in texts}
    close = difflib.get_close_matches(value.strip().lower(), list(lowered), n=1, cutoff=0.6)
    return f" (did you mean {lowered[close[0]]!r}?)" if close else ""


@functools.cache
def _converters() -> tuple[cattrs.Converter, cattrs.Converter]:
    """The converter, and the one for writing TOML (dates stay dates, a source leaves out the keys it does not
    use), made on first use: a valid case (the quick path), a cached snapshot or ruleset and a decision's text
    need neither, and importing cattrs and making them is about a tenth of `e7 check`'s start-up."""
    from engine.core.model import Source

    converter = _make_converter()
    for cls, renamed in _FILE_KEYS.items():
        converter.register_structure_hook(cls, _table_hook(converter, cls, renamed))
    toml_converter = converter.copy()
    toml_converter.register_unstructure_hook(dt.date, lambda d: d)
    toml_converter.register_unstructure_hook(Source, _source_for_toml)
    return converter, toml_converter


def _source_for_toml(source: Any) -> dict[str, Any]:
    return {f.name: getattr(source, f.name) for f in attrs.fields(type(source)) if getattr(source, f.name) != ""}


def _messages(exc: BaseException, path: str) -> list[tuple[str, str]]:
    """Flatten a cattrs error tree into (field path, what was expected) pairs, every problem in file order."""
    from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

    if isinstance(exc, ClassValidationError | IterableValidationError):
        found: list[tuple[str, str]] = []
        with_notes, without = exc.group_exceptions()
        for inner, note in with_notes:
            if isinstance(exc, IterableValidationError):
                step = f"{path}[{note.index}]"
            else:
                name = _file_key(exc.cl, note.name)
                step = f"{path}.{name}" if path else name
            found.extend(_messages(inner, step))
        for inner in without:
            found.extend(_messages(inner, path))
        return found
    if isinstance(exc, ForbiddenExtraKeysError):
        known = [_file_key(exc.cl, f.name) for f in attrs.fields(exc.cl)]
        problems = []
        for key in sorted(exc.extra_fields):
            hint = _nearest(key, known)
            expected = f"unknown key{hint}" if hint else f"unknown key; expected one of {', '.join(known)}"
            problems.append((f"{path}.{key}" if path else key, expected))
        return problems
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


# the classes read on the quick path first (engine/quick_structure.py), with the function that builds each
_QUICK: dict[type, Any] = {}


def read_quickly(cls: type) -> None:
    """Build ``cls`` (a case) from valid data without the converter's bookkeeping: the same object, and for data
    with a problem the converter's own report (engine/quick_structure.py)."""
    primitives = {
        str: lambda value: _structure_str(value, str),
        int: lambda value: _structure_int(value, int),
        float: lambda value: _structure_float(value, float),
        bool: lambda value: _structure_bool(value, bool),
        dt.date: lambda value: _structure_date(value, dt.date),
    }
    built = quick_structure.builder(cls, primitives, _FILE_KEYS.get(cls))
    if built is not None:
        _QUICK[cls] = built


def structure(data: Any, cls: type[T], where: str, path: str = "") -> T:
    """Build ``cls`` from plain data; every problem is reported in one ``InputError`` naming file and field
    (the first problem on the first line, each further one on a line of its own)."""
    quick = _QUICK.get(cls)
    if quick is not None:
        try:
            return quick(data)
        except quick_structure.GiveUp:
            pass  # the converter reads it again and reports every problem
    try:
        return _converters()[0].structure(data, cls)
    except Exception as exc:  # every structuring failure is reported, never re-raised as a crash
        problems = _messages(exc, path)
        if not problems:
            raise InputError(where, path or None, f"expected a valid {cls.__name__}") from None
        (field, expected), *more = problems
        raise InputError(where, field or None, expected, [(f or None, e) for f, e in more]) from None


def unstructure(obj: Any) -> Any:
    return _converters()[0].unstructure(obj)


def unstructure_for_toml(obj: Any) -> Any:
    return _converters()[1].unstructure(obj)


# Every file e7 reads goes through read_file: a case, a history, a notice, a snapshot or a ruleset is at most
# a few hundred kilobytes (the largest snapshot about 300 KB), so a larger file is a mistake (a device such
# as /dev/zero, a log file) and is refused before it fills the memory.
MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 32  # tables and lists inside each other; a case needs 4 and a snapshot 5
MAX_DIGITS = 30  # digits of a whole number; the largest amount e7 accepts, 10 trillion won, has 14
_TOO_LONG = 10**MAX_DIGITS


def read_file(path: Path, shown: str | None = None) -> bytes:
    """A file's bytes, refused (``InputError``) when missing, unreadable or over ``MAX_FILE_BYTES``."""
    where = shown or str(path)
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise InputError(where, None, "file not found") from None
    except IsADirectoryError:
        raise InputError(where, None, "expected a file, found a folder") from None
    except OSError as exc:
        raise InputError(where, None, f"cannot be read ({exc.strerror or exc})") from None
    if len(raw) > MAX_FILE_BYTES:
        raise InputError(where, None, f"expected a file of at most {MAX_FILE_BYTES // 2**20} MB, this one is larger")
    return raw


def read_text(path: Path, shown: str | None = None) -> str:
    """A file's text: UTF-8, with or without a byte order mark (Windows editors write one)."""
    where = shown or str(path)
    return decode_text(read_file(path, where), where)


def decode_text(raw: bytes, where: str) -> str:
    """A file's bytes as text (``read_text``), the file named ``where`` in an error."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            where, f"line {line}", f"expected UTF-8 text, got byte 0x{raw[exc.start]:02x} (save the file as UTF-8)"
        ) from None


def read_toml(path: Path, shown: str | None = None) -> dict[str, Any]:
    """Read a TOML file; malformed TOML is an ``InputError`` naming the line and key, with the fix for the
    common slips (thousands separators, dates with dots, text without quotes)."""
    where = shown or str(path)
    return toml_data(read_file(path, where), where)


def toml_data(raw: bytes, where: str) -> dict[str, Any]:
    """A TOML file's data from its bytes (``read_toml``), the file named ``where`` in an error."""
    text = decode_text(raw, where)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        field, expected = _toml_problem(text, str(exc))
        raise InputError(where, field, expected) from None
    except RecursionError:
        raise InputError(where, None, f"expected tables and lists nested at most {MAX_DEPTH} deep") from None
    except ValueError:  # Python refuses to convert an integer of more than 4,300 digits
        raise InputError(where, _long_number_line(text), f"expected a number of at most {MAX_DIGITS} digits") from None
    check_plain(data, where)
    return data


def _toml_problem(text: str, message: str) -> tuple[str | None, str]:
    """The line and key TOML complains about (``line 4: position.annual_salary_krw``) and what was expected."""
    match = re.search(r"line (\d+)", message)
    lines = text.splitlines()
    if not match or not 1 <= int(match.group(1)) <= len(lines):
        return None, f"expected valid TOML ({message})"
    number = int(match.group(1))
    table = ""
    arrays: dict[str, int] = {}  # [[stays]] seen so far: the n-th is stays[n - 1]
    for line in lines[: number - 1]:
        header = re.fullmatch(r"\s*(\[\[?)\s*([A-Za-z0-9_.\-\" ]+?)\s*\]\]?\s*(#.*)?", line)
        if header:
            table = header.group(2).replace('"', "").replace(" ", "")
            if header.group(1) == "[[":
                arrays[table] = arrays.get(table, -1) + 1
                table = f"{table}[{arrays[table]}]"
    key, sign, value = lines[number - 1].partition("=")
    key = key.strip().strip('"')
    if not sign or not re.fullmatch(r"[A-Za-z0-9_.\-]+", key):
        return f"line {number}", f"expected valid TOML ({message})"
    field = f"line {number}: {table}.{key}" if table else f"line {number}: {key}"
    return field, _toml_fix(key, value.split("#", 1)[0].strip()) or f"expected valid TOML ({message})"


def _toml_fix(key: str, value: str) -> str | None:
    """What to write instead of a value TOML cannot read, for the slips people make typing a case by hand."""
    if re.fullmatch(r"[+-]?[0-9]{1,3}([, ][0-9]{3})+", value):
        digits = re.sub(r"[, ]", "", value)
        grouped = re.sub(r"[, ]", "_", value)
        return f"expected a number without commas or spaces (write {key} = {grouped} or {key} = {digits})"
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return f"expected a real calendar date, got {value}"
    date_fix = _date_fix(value)
    if date_fix:
        return f"expected a date as YYYY-MM-DD{date_fix.replace('(write ', f'(write {key} = ')}"
    if value in ("True", "False", "TRUE", "FALSE"):
        return f"expected true or false in lower case (write {key} = {value.lower()})"
    if re.fullmatch(r"[+-]?[0-9][0-9_]*(\.[0-9]+)?\s*%", value):
        return f"expected a number without % (write {key} = {value.rstrip('%').strip()})"
    # a word where a text was meant (kind = initial); not "40 hours", which wanted a number
    if value[:1].isalpha() and re.fullmatch(r"[^\"'\[{]+", value) and value not in ("true", "false", "inf", "nan"):
        return f'expected a text in quotes (write {key} = "{value}")'
    return None


def _long_number_line(text: str) -> str | None:
    for number, line in enumerate(text.splitlines(), 1):
        if re.search(f"[0-9_]{{{MAX_DIGITS + 1},}}", line):
            field, _ = _toml_problem(text, f"line {number}")
            return field
    return None


class _LongNumber:
    """A JSON integer of more than ``MAX_DIGITS`` digits, kept as its length (Python refuses to convert one
    of more than 4,300 digits, and no value e7 reads has more than 14)."""

    def __init__(self, digits: int) -> None:
        self.digits = digits


def _json_int(text: str) -> int | _LongNumber:
    return int(text) if len(text) <= MAX_DIGITS + 1 else _LongNumber(len(text.lstrip("-")))


def read_json(path: Path, shown: str | None = None) -> Any:
    return parse_json(read_text(path, shown or str(path)), shown or str(path))


def parse_json(text: str, where: str) -> Any:
    """JSON data (a file's text or a line of a JSONL file); anything the parser or ``check_plain`` refuses is
    an ``InputError`` naming ``where``."""
    if (quick := quick_structure.json_data(text, MAX_DEPTH)) is not quick_structure.DOUBT:
        return quick  # read by orjson: its data is json's, and check_plain has nothing to refuse in it
    long_numbers: list[str] = []  # told here: searching the text for a run of digits cost more than parsing it

    def whole_number(digits: str) -> int | _LongNumber:
        if len(digits) > MAX_DIGITS:  # perhaps more digits than check_plain accepts (a sign counts here)
            long_numbers.append(digits)
        return _json_int(digits)

    try:
        data = json.loads(text, parse_int=whole_number)
    except json.JSONDecodeError as exc:
        raise InputError(where, None, f"expected valid JSON ({exc.msg} at line {exc.lineno})") from None
    except RecursionError:
        raise InputError(where, None, f"expected objects and arrays nested at most {MAX_DEPTH} deep") from None
    if long_numbers or not _plain_json_text(text):
        check_plain(data, where)
    return data


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _plain_json_text(text: str) -> bool:
    """True when the data parsed from a JSON text cannot hold anything ``check_plain`` refuses but a long whole
    number (which ``parse_json`` tells as it parses), told at C speed: fewer opening brackets than ``MAX_DEPTH``
    and no escape that could make a lone surrogate (the text itself is Unicode). A doubt means the walk is done."""
    return (
        text.count("{") + text.count("[") < MAX_DEPTH
        and _SURROGATE_ESCAPE.search(text) is None
        and (text.isascii() or _is_unicode(text))
    )


def check_plain(data: Any, where: str) -> None:
    """What a parser lets through but nothing after it can hold: nesting deeper than ``MAX_DEPTH``, whole
    numbers of more than ``MAX_DIGITS`` digits, and texts that are not Unicode (a lone UTF-16 surrogate such
    as ``"\\ud800"`` is valid JSON but cannot be written out as UTF-8)."""
    if _is_plain(data, 0):
        return  # the common case, checked without building a path for every value
    pending: list[tuple[Any, str, int]] = [(data, "", 0)]
    while pending:
        value, path, depth = pending.pop()
        if isinstance(value, dict | list):
            if depth >= MAX_DEPTH:
                raise InputError(where, path or None, f"expected tables and lists nested at most {MAX_DEPTH} deep")
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in reversed(list(items)):
                if isinstance(key, str):
                    _check_text(key, where, f"{path}.{_describe(key)}" if path else _describe(key))
                    step = f"{path}.{key}" if path else key
                else:
                    step = f"{path}[{key}]"
                pending.append((item, step, depth + 1))
        elif isinstance(value, str):
            _check_text(value, where, path)
        elif isinstance(value, _LongNumber) or (isinstance(value, int) and abs(value) >= _TOO_LONG):
            digits = value.digits if isinstance(value, _LongNumber) else len(str(abs(value)))
            raise InputError(
                where, path or None, f"expected a number of at most {MAX_DIGITS} digits, got one of {digits}"
            )


_PLAIN_LEAVES = frozenset({float, bool, type(None), dt.date, dt.datetime, dt.time})


def _is_plain(value: Any, depth: int) -> bool:
    """True when ``check_plain`` has nothing to refuse in ``value``; False when it may (it walks it again)."""
    kind = type(value)
    if kind is str:
        return value.isascii() or _is_unicode(value)
    if kind is dict:
        if depth >= MAX_DEPTH:
            return False
        for key, item in value.items():
            if type(key) is not str or not (key.isascii() or _is_unicode(key)) or not _is_plain(item, depth + 1):
                return False
        return True
    if kind is list:
        if depth >= MAX_DEPTH:
            return False
        return all(_is_plain(item, depth + 1) for item in value)
    if kind is int:
        return -_TOO_LONG < value < _TOO_LONG
    return kind in _PLAIN_LEAVES


def _is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check_text(text: str, where: str, path: str) -> None:
    if text.isascii():
        return
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(
            where,
            path or None,
            f"expected Unicode text, got a lone surrogate {text[exc.start]!r} at character {exc.start + 1} "
            "(half of a UTF-16 pair)",
        ) from None


def named_date(text: str, where: str) -> dt.date:
    """The date a data file is named by (``catalogue/2026-06-17.toml``, ``rulesets/points/f2-7-2026-06-17.toml``);
    an impossible one (``2026-02-30``, ``0000-01-01``) is an ``InputError`` naming the file."""
    try:
        return parse_date(text)
    except ValueError as exc:
        raise InputError(where, None, f"expected a file named by its date: {exc}") from None


def file_id(path: Path) -> str:
    """A file's name without its suffix, as a text e7 can write: bytes of the name that are not UTF-8 (which
    Python keeps as lone surrogates) become U+FFFD."""
    return path.stem.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def read_data(path: Path, what: str, shown: str | None = None) -> Any:
    """A ``.toml`` or ``.json`` file's data (cases, histories: the same structure in either form)."""
    where = shown or str(path)
    suffix = path.suffix.lower()
    if suffix == ".toml":
        return read_toml(path, where)
    if suffix == ".json":
        return read_json(path, where)
    raise InputError(where, None, f"expected a {what} file ending in .toml or .json")
