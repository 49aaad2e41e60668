"""A decision as one line of JSON (what `e7 batch` writes), the same bytes as
``json.dumps(explain.decision_data(decision), ensure_ascii=False, separators=(",", ":"))``, made faster.

Most of a line is text that many decisions share: each finding's rule, title, citation, authority and
explanation, and the rules listed as checked and passed. Those pieces are encoded once and kept; the rest (the
case's messages, evidence, trace and facts) is encoded per decision by ``json`` itself, with the same settings,
and anything ``json`` cannot write is first made plain by the converter as ``decision_data`` does (a date as ISO
text, an attrs object as a table). Encoding each value of an object apart and joining them with the same
separators gives the bytes of encoding the object whole.
"""

from __future__ import annotations

import json
import operator
from itertools import compress, repeat
from typing import Any

import attrs
import orjson

from engine.core.convert import unstructure
from engine.rules.decision import Decision, Finding, Suggestion, TraceStep

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=unstructure).encode
_text = json.encoder.encode_basestring  # what the encoder above writes for a str (ensure_ascii=False)

_MEMO_SIZE = 20_000  # pieces kept (a few hundred rules across ruleset versions); then the memo starts again
# id of an object the ruleset holds (a passed entry, a citation) -> (the object, kept so its id stays its own;
# its JSON, as text and as UTF-8)
_by_id: dict[int, tuple[Any, str, bytes]] = {}
# a finding's fields that its rule fixes -> (its citation, kept alive; the JSON between its varying fields, as
# text and as UTF-8)
_layouts: dict[tuple[tuple[Any, ...], int], tuple[Any, tuple[str, ...], tuple[bytes, ...]]] = {}

_FINDING_FIELDS = tuple(f.name for f in attrs.fields(Finding))
# what varies from case to case; every other field of a finding is the rule's (a needs-information finding's
# severity and message too, but its severity is one of four)
_VARYING = ("message", "fix", "evidence", "missing")
_SHARED = tuple(name for name in _FINDING_FIELDS if name not in _VARYING)
assert tuple(name for name in _FINDING_FIELDS if name in _VARYING) == _VARYING  # their order in a finding
# the shared fields but the citation, read in one call (the citation is keyed by its identity: hashing it
# would hash each of its fields)
_SHARED_KEY = operator.attrgetter(*(name for name in _SHARED if name != "citation"))
_VARYING_OF = operator.attrgetter(*_VARYING)


def _utf8(text: str) -> bytes:
    """Text as `e7 batch` writes it: UTF-8, a lone surrogate (from a \\ud800 escape in the input) as the JSON
    escape it was. Encoding a line piece by piece gives the bytes of encoding it whole (character by character)."""
    return text.encode("utf-8", "backslashreplace")


def _value(value: Any) -> str:
    kind = type(value)
    if kind is str:
        return _text(value)
    if kind is dict:
        return _table(value)
    if kind is tuple and not value:
        return "[]"
    return _encode(value)


_INFINITY = float("inf")


def _scalar(value: Any) -> str | None:
    """A text, whole number, true/false, null or finite number as ``json`` writes it; None for anything else."""
    kind = type(value)
    if kind is str:
        return _text(value)
    if kind is int:
        return int.__repr__(value)
    if kind is bool:
        return "true" if value else "false"
    if value is None:
        return "null"
    if kind is float and value == value and -_INFINITY < value < _INFINITY:
        return float.__repr__(value)
    return None


def _table(table: dict[Any, Any]) -> str:
    """A small table of plain values (a finding's evidence) without the cost of starting ``json``'s encoder;
    anything else through it."""
    if len(table) > 8:
        return _encode(table)
    parts = []
    for key, item in table.items():
        written = _scalar(item)
        if written is None or type(key) is not str:
            return _encode(table)
        parts.append(_text(key) + ":" + written)
    return "{" + ",".join(parts) + "}"


def _provenance_both(table: dict[str, str]) -> tuple[str, bytes]:
    """A decision's catalogue, ruleset, release or engine table: the same for many decisions, encoded once."""
    key = tuple(table.items())
    try:
        found = _tables.get(key)
    except TypeError:  # a value that is not plain text
        text = _encode(table)
        return text, _utf8(text)
    if found is None:
        if len(_tables) >= _MEMO_SIZE:
            _tables.clear()
        text = _encode(table)
        found = _tables[key] = (text, _utf8(text))
    return found


def _provenance(table: dict[str, str]) -> str:
    return _provenance_both(table)[0]


_tables: dict[tuple[Any, ...], tuple[str, bytes]] = {}


def _held_both(value: Any) -> tuple[Any, str, bytes]:
    found = _by_id.get(id(value))
    if found is None or found[0] is not value:
        if len(_by_id) >= _MEMO_SIZE:
            _by_id.clear()
        text = _encode(value)
        found = _by_id[id(value)] = (value, text, _utf8(text))
    return found


def _held(value: Any) -> str:
    """The JSON of an object the ruleset holds and every decision shares, encoded once."""
    return _held_both(value)[1]


def _held_bytes(value: Any) -> bytes:
    return _held_both(value)[2]


def _layout(finding: Finding) -> tuple[str, ...]:
    """The literal JSON around a finding's varying fields: ``len(_VARYING) + 1`` pieces."""
    return _layout_both(finding)[1]


def _layout_both(finding: Finding) -> tuple[Any, tuple[str, ...], tuple[bytes, ...]]:
    citation = finding.citation
    key = (_SHARED_KEY(finding), id(citation))
    found = _layouts.get(key)
    if found is not None and found[0] is citation:
        return found
    pieces = []
    current = "{"
    for index, name in enumerate(_FINDING_FIELDS):
        current += ("," if index else "") + f'"{name}":'
        if name in _VARYING:
            pieces.append(current)
            current = ""
        else:
            current += _value(getattr(finding, name))
    pieces.append(current + "}")
    if len(_layouts) >= _MEMO_SIZE:
        _layouts.clear()
    found = _layouts[key] = (citation, tuple(pieces), tuple(_utf8(piece) for piece in pieces))
    return found


def _finding(finding: Finding) -> str:
    pieces = _layout(finding)
    out = [pieces[0]]
    for name, piece in zip(_VARYING, pieces[1:], strict=True):
        out.append(_value(getattr(finding, name)))
        out.append(piece)
    return "".join(out)


def _finding_bytes(finding: Finding) -> bytes:
    pieces = _layout_both(finding)[2]
    message, fix, evidence, missing = _VARYING_OF(finding)
    return b"".join(
        (
            pieces[0],
            _text_bytes(message),
            pieces[1],
            _text_bytes(fix),
            pieces[2],
            (_facts_bytes(evidence) if evidence else b"{}") if type(evidence) is dict else _utf8(_value(evidence)),
            pieces[3],
            _texts_bytes(missing),
            pieces[4],
        )
    )


def _text_bytes(value: Any) -> bytes:
    """A finding's message or fix as ``_utf8(_value(value))``: a text by orjson in one pass (its escapes are
    ``json``'s, see ``_facts_bytes``), one with a lone surrogate (orjson refuses it) or anything else as before."""
    if type(value) is str:
        try:
            return orjson.dumps(value)
        except TypeError:
            pass
    return _utf8(_value(value))


_TEXT_ONLY = {str}


def _texts_bytes(value: Any) -> bytes:
    """A finding's missing fields (a tuple of texts) as ``_utf8(_value(value))``: by orjson, whose escapes are
    ``json``'s (see ``_facts_bytes``) and which writes a tuple as a list, without separators' spaces; one with a
    lone surrogate (orjson refuses it) or anything but texts as before."""
    if type(value) is tuple:
        if not value:
            return b"[]"
        if set(map(type, value)) == _TEXT_ONLY:
            try:
                return orjson.dumps(value)
            except TypeError:
                pass
    return _utf8(_value(value))


def _suggestion(suggestion: Suggestion) -> str:
    data = unstructure(suggestion)
    if data.get("alignment") is None:
        data.pop("alignment", None)
    return _encode(data)


_STEP_FIELDS = tuple((name, f'"{name}":') for name in (f.name for f in attrs.fields(TraceStep)))


def _step(step: TraceStep) -> str:
    """A trace step (its number, rule, kind and a small table of plain values) written field by field, as
    ``_table`` writes a finding's evidence; a step holding anything else through ``json``."""
    parts = []
    for name, label in _STEP_FIELDS:
        value = getattr(step, name)
        written = _table(value) if type(value) is dict else _scalar(value)
        if written is None:
            return _encode(step)
        parts.append(label + written)
    return "{" + ",".join(parts) + "}"


assert tuple(name for name, _ in _STEP_FIELDS) == ("step", "rule", "kind", "detail")  # as _step_bytes writes
# a trace step's rule and kind -> the JSON between its number and its detail, in UTF-8
_step_heads: dict[tuple[str, str], bytes] = {}


def _step_bytes(step: TraceStep) -> bytes:
    """A trace step as ``_utf8(_step(step))``: the JSON of its rule and kind kept in UTF-8 (a few dozen pairs),
    its detail (most often empty; a derived fact's few values) written as a decision's facts are
    (``_facts_bytes``). A step holding anything but a whole number, two texts and a table goes through ``_step``."""
    number, rule, kind, detail = step.step, step.rule, step.kind, step.detail
    if type(number) is not int or type(rule) is not str or type(kind) is not str or type(detail) is not dict:
        return _utf8(_step(step))
    head = _step_heads.get((rule, kind))
    if head is None:
        if len(_step_heads) >= _MEMO_SIZE:
            _step_heads.clear()
        head = _step_heads[rule, kind] = _utf8(f',"rule":{_text(rule)},"kind":{_text(kind)},"detail":')
    return b'{"step":%d%s%s}' % (number, head, _facts_bytes(detail) if detail else b"{}")


def _passed_bytes(entries: Any) -> list[bytes]:
    """Each passed entry (the ruleset's own object) as ``_held_bytes`` gives it, looked up inline: about twenty
    a decision."""
    get = _by_id.get
    out = []
    for entry in entries:
        held = get(id(entry))
        out.append(held[2] if held is not None and held[0] is entry else _held_bytes(entry))
    return out


def _list(items: Any, encode: Any) -> str:
    return "[" + ",".join(encode(item) for item in items) + "]"


_DECISION_FIELDS = tuple(f.name for f in attrs.fields(Decision))
_LISTS = {
    "findings": _finding,
    "suggestions": _suggestion,
    "passed": _held,  # Passed entries are the ruleset's own objects, the same for every decision
    "trace": _step,
}
_SHARED_TABLES = frozenset({"catalogue", "ruleset", "release", "engine"})


_LABELS = {name: f'"{name}":'.encode() for name in _DECISION_FIELDS}

_PLAIN_KINDS = frozenset({str, int, bool, float, type(None)})


def _facts_bytes(facts: dict[Any, Any]) -> bytes:
    """A decision's facts (about 110 names; texts, whole numbers, true/false, a few floats), or a finding's
    evidence, as ``json`` writes the table, in UTF-8, written by orjson where its bytes are ``json``'s: it
    escapes every text as ``json`` does with ``ensure_ascii=False`` (checked for every character but the
    surrogates, for which it raises) and writes a whole number as ``json`` does (one past 64 bits raises); a
    float it writes otherwise at times (1e-7 for ``json``'s 1e-07, null for NaN), so each float is compared
    with ``float.__repr__`` first. A table holding anything else, a name that is not text, or a value orjson
    refuses goes through ``json`` as before."""
    values = facts.values()
    each = list(map(type, values))
    kinds = set(each)
    if kinds <= _PLAIN_KINDS:
        if float in kinds:
            # the floats picked in C; a float's text holds no comma, so the lists agree only if every float does
            floats = list(compress(values, map(operator.is_, each, repeat(float))))
            if orjson.dumps(floats) != ("[" + ",".join(map(float.__repr__, floats)) + "]").encode():
                return _utf8(_encode(facts))
        try:
            return orjson.dumps(facts)
        except TypeError:  # orjson.JSONEncodeError: a lone surrogate, a name not text, a number past 64 bits
            pass
    return _utf8(_encode(facts))


assert _DECISION_FIELDS == (
    "case", "as_of", "outcome", "catalogue", "ruleset", "release", "engine",
    "findings", "suggestions", "passed", "trace", "facts",
)  # fmt: skip  # the order decision_bytes writes them in
# each field's name as it opens its place in the line (the first after "{", the others after ",")
_OPENING = tuple((b"{" if k == 0 else b",") + _LABELS[name] for k, name in enumerate(_DECISION_FIELDS))


def _shared_table_bytes(value: Any) -> bytes:
    return _provenance_both(value)[1] if type(value) is dict else _utf8(_value(value))


def decision_bytes(decision: Decision) -> bytes:
    """The decision's line as `e7 batch` writes it: ``decision_line(decision) + "\\n"`` in UTF-8 (a lone
    surrogate as its JSON escape), built from pieces kept in UTF-8, so that the text many decisions share is not
    encoded again for each one; its fields written one after the other, in their order (checked above)."""
    case, as_of, outcome, catalogue, ruleset, release, engine, findings, suggestions, passed, trace, facts = (
        _DECISION_VALUES(decision)
    )
    o = _OPENING
    return b"".join(
        (
            o[0],
            _text_bytes(case),
            o[1],
            _text_bytes(as_of),
            o[2],
            _text_bytes(outcome),
            o[3],
            _shared_table_bytes(catalogue),
            o[4],
            _shared_table_bytes(ruleset),
            o[5],
            _shared_table_bytes(release),
            o[6],
            _shared_table_bytes(engine),
            o[7],
            b"[" + b",".join([_finding_bytes(f) for f in findings]) + b"]",
            o[8],
            b"[]" if suggestions == () else _utf8(_list(suggestions, _suggestion)),
            o[9],
            b"[" + b",".join(_passed_bytes(passed)) + b"]",
            o[10],
            b"[" + b",".join([_step_bytes(step) for step in trace]) + b"]"
            if type(trace) is tuple
            else _utf8(_list(trace, _step)),
            o[11],
            _facts_bytes(facts) if type(facts) is dict else _utf8(_encode(facts)),
            b"}\n",
        )
    )


_DECISION_VALUES = operator.attrgetter(*_DECISION_FIELDS)


def decision_line(decision: Decision) -> str:
    """The decision on one line (no line break at its end)."""
    parts = []
    for name in _DECISION_FIELDS:
        value = getattr(decision, name)
        encode = _LISTS.get(name)
        if encode is not None:
            parts.append(f'"{name}":' + _list(value, encode))
        elif name in _SHARED_TABLES and type(value) is dict:
            parts.append(f'"{name}":' + _provenance(value))
        else:
            parts.append(f'"{name}":' + (_encode(value) if name == "facts" else _value(value)))
    return "{" + ",".join(parts) + "}"
