"""A quick way to build typed objects from plain data that is valid, for the classes read once per case.

The converter (engine/convert.py, cattrs) builds a case in about a fifth of a millisecond, much of it bookkeeping
for the detailed report of every problem. For data with no problem, the functions made here do the same work
directly: the same checks of each value (the converter's own functions for texts, numbers, true/false and dates;
a value those functions would return unchanged, such as a text for a text field, is taken without calling them),
the same keys refused, the same defaults and validators (the classes' own). At the first thing they do not accept
they give up, and the converter reads the data again and reports every problem as it always does: a valid case
gives the same object either way, an invalid one the same message.

A class is read this way only when every field's type is one handled here (a text, a whole or decimal number,
true/false, a date, one of fixed values, a list of such or of attrs classes, each possibly missing); otherwise
the converter alone reads it.

Before that, ``json_data`` reads a JSON text (a batch's line) by orjson where its data is what ``json`` reads, and
leaves any other text to ``json`` (engine/core/convert.py ``parse_json``).
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from typing import Any

import attrs


class GiveUp(Exception):
    """Data the quick path does not accept: the converter reads it and says what is wrong."""


Build = Callable[[Any], Any]


def builder(cls: type, primitives: dict[type, Build], file_keys: dict[str, str] | None = None) -> Build | None:
    """A function from plain data to ``cls`` (raising ``GiveUp``), or None when a field's type is not handled.
    ``primitives`` are the converter's own functions for str, int, float, bool and dates (value -> value, raising
    on a wrong value)."""
    try:
        return _for_class(cls, primitives, file_keys or {})
    except _Unhandled:
        return None


class _Unhandled(Exception):
    pass


def _for_class(cls: type, primitives: dict[type, Build], file_keys: dict[str, str]) -> Build:
    attrs.resolve_types(cls)
    fields = []
    for field in attrs.fields(cls):
        if not field.init or field.alias != field.name:
            raise _Unhandled(field.name)
        fields.append((file_keys.get(field.name, field.name), field.name, _for_type(field.type, primitives)))
    known = frozenset(key for key, _, _ in fields)
    # by the key in the data: a case gives a few of the classes' many fields (Employer has about 60), so the
    # data's keys are walked, not the fields (the order of the keyword arguments does not matter: the class
    # sets and validates its fields in its own order)
    names = {key: name for key, name, _ in fields}
    structures = {key: structure for key, _, structure in fields}

    def build(value: Any) -> Any:
        if type(value) is not dict or not known.issuperset(value):
            raise GiveUp
        given = {names[key]: structures[key](item) for key, item in value.items()}
        try:
            return cls(**given)
        except Exception:  # a missing required field or a validator's refusal: the converter reports it
            raise GiveUp from None

    return build


# A value of exactly this type is what the converter's function for the type returns unchanged (a text, a
# whole number, true/false; a float when finite): taken as it is, without calling that function.
_AS_IT_IS = {str: str, int: int, bool: bool}
_INFINITY = float("inf")


def _for_type(tp: Any, primitives: dict[type, Build], optional: bool = False) -> Build:
    if tp in primitives:
        return _primitive(tp, primitives[tp], optional)
    origin = typing.get_origin(tp)
    arguments = typing.get_args(tp)
    if origin is typing.Union or origin is types.UnionType:
        others = [a for a in arguments if a is not type(None)]
        if len(others) != 1 or len(arguments) != 2:
            raise _Unhandled(tp)
        if others[0] in primitives:  # the common case, in one function: missing, as it is, or converted
            return _for_type(others[0], primitives, optional=True)
        inner = _for_type(others[0], primitives)
        return lambda value: None if value is None else inner(value)
    if origin is typing.Literal:
        allowed = arguments

        def literal(value: Any) -> Any:
            if isinstance(value, bool) or value not in allowed:
                raise GiveUp
            return value

        return literal
    if origin is tuple and len(arguments) == 2 and arguments[1] is Ellipsis:
        item = _for_type(arguments[0], primitives)

        def sequence(value: Any) -> tuple[Any, ...]:
            if type(value) is not list and type(value) is not tuple:
                raise GiveUp
            return tuple(item(v) for v in value)

        return sequence
    if attrs.has(tp):
        return _for_class(tp, primitives, {})
    raise _Unhandled(tp)


def _primitive(tp: type, convert: Build, optional: bool) -> Build:
    exact = _AS_IT_IS.get(tp)

    def primitive(value: Any) -> Any:
        kind = type(value)
        if kind is exact or (kind is float and tp is float and -_INFINITY < value < _INFINITY):
            return value
        if optional and value is None:
            return None
        try:
            return convert(value)
        except Exception:
            raise GiveUp from None

    return primitive


DOUBT = object()  # what ``json_data`` answers when the text is left to ``json`` (engine/core/convert.py)
# a byte's place in a run of ASCII digits: the digits as 1, every other byte as 0 (for ``bytes.translate``)
_DIGIT_BYTES = bytes(1 if 0x30 <= i <= 0x39 else 0 for i in range(256))
_LONG_RUN = b"\x01" * 19  # a run of 19 digits: a whole number that may not fit in 64 bits
_orjson_loads: Any = None


def json_data(text: str, max_depth: int) -> Any:
    """The data of a JSON text as ``json.loads`` gives it (``convert.parse_json``), read by orjson (about three
    times as fast), or ``DOUBT`` where orjson's data might differ or ``convert.check_plain`` might refuse
    something, told at C speed: text that is not Unicode (a lone surrogate: not UTF-8), ``max_depth`` opening
    brackets or more, or a run of 19 digits (orjson reads a whole number past 64 bits as a float; 18 digits fit,
    and are far fewer than ``convert.MAX_DIGITS``). Else what orjson reads is what ``json`` reads: the same
    texts (a lone surrogate escape it refuses), whole numbers, floats (both correctly rounded), true/false/null,
    the last of a repeated key; whatever it refuses (NaN, 1e400, and every text ``json`` refuses too) is left to
    ``json`` and its messages.
    ``check_plain`` has then nothing to refuse: no nesting ``max_depth`` deep, no long number, no text that is
    not Unicode."""
    global _orjson_loads
    if text.count("{") + text.count("[") >= max_depth:
        return DOUBT
    try:
        encoded = text.encode("utf-8")
    except UnicodeEncodeError:
        return DOUBT
    if _LONG_RUN in encoded.translate(_DIGIT_BYTES):
        return DOUBT
    if _orjson_loads is None:
        import orjson  # only where JSON is read: most commands read TOML

        _orjson_loads = orjson.loads
    try:
        return _orjson_loads(encoded)
    except ValueError:  # orjson.JSONDecodeError
        return DOUBT
