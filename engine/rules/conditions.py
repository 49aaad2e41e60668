"""The small condition language of the rulesets, compiled to durable_rules and to Python.

A condition is a string ``"FIELD OP VALUE"`` or a table ``{ any = [...] }`` / ``{ all = [...] }``:

- ``OP`` is one of ``== != < <= > >=``, or ``matches`` (a case-insensitive anchored regular expression);
  ``FIELD exists`` and ``FIELD missing`` test presence.
- ``VALUE`` is a number (``31_120_000``, ``0.7``), a quoted text (``'E-7-1'``), ``true``/``false``, or
  another field of the same fact (``annual_salary_krw < wage_floor_krw``), which may be scaled by a number
  (``certified_krw < declared_krw * 0.9``: a threshold as a share of another figure, both numbers).
- A field written ``derived.NAME`` is read from the derived fact the rule chains on (see ``after``).

Semantics follow durable_rules: a comparison with a missing field is false (``to_durable`` adds the
existence test durable_rules needs for that). The Python form (``compile_python``) decides where a rule
applies, so that e7 can list what was checked and passed and what it could not check, and is the baseline in
the benchmark.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import attrs

OPERATORS = {"==": None, "!=": "$neq", "<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte"}
FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}
_TOKEN = re.compile(
    r"""\s*(?P<field>(?:derived\.)?[a-z_][a-z0-9_]*)\s+
        (?:(?P<presence>exists|missing)|(?P<op>==|!=|<=|>=|<|>|matches)\s+(?P<value>.+?))\s*$""",
    re.VERBOSE,
)
_NUMBER = re.compile(r"-?[0-9][0-9_]*(\.[0-9]+)?")
_FIELD = re.compile(r"(?:derived\.)?[a-z_][a-z0-9_]*")
_SCALED = re.compile(r"(?P<field>[a-z_][a-z0-9_]*)\s*\*\s*(?P<scale>[0-9][0-9_]*(\.[0-9]+)?)")


class ConditionError(ValueError):
    """A condition that does not parse; the message says what was expected."""


@attrs.frozen
class Test:
    field: str
    op: str  # ==, !=, <, <=, >, >=, matches, exists, missing
    value: Any = None
    ref: str | None = None  # another field instead of a literal
    scale: int | float | None = None  # the other field multiplied by this number (``FIELD * NUMBER``)

    @property
    def on_derived(self) -> bool:
        return self.field.startswith("derived.")


@attrs.frozen
class Group:
    kind: str  # any | all
    items: tuple[Any, ...]


def _literal(text: str) -> tuple[Any, str | None]:
    text = text.strip()
    if text in ("true", "false"):
        return text == "true", None
    if _NUMBER.fullmatch(text):
        cleaned = text.replace("_", "")
        return (float(cleaned) if "." in cleaned else int(cleaned)), None
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1], None
    if _FIELD.fullmatch(text) and text not in ("true", "false"):
        return None, text
    raise ConditionError(f"expected a number, a quoted text, true/false or a field name, got {text!r}")


# condition texts already parsed: a ruleset version repeats most of the rules of the one it extends, so a batch
# over every version would parse the same texts seven times (a Test is frozen: one object serves every rule)
_parsed_texts: dict[str, Test] = {}


def parse(condition: Any) -> Test | Group:
    if isinstance(condition, str):
        known = _parsed_texts.get(condition)
        if known is None:
            if len(_parsed_texts) >= 20_000:  # a bound for a long-lived server whose rulesets are edited
                _parsed_texts.clear()
            known = _parsed_texts[condition] = _parse_text(condition)
        return known
    if isinstance(condition, dict) and len(condition) == 1:
        ((kind, items),) = condition.items()
        if kind in ("any", "all") and isinstance(items, list) and items:
            return Group(kind, tuple(parse(i) for i in items))
    raise ConditionError(
        f"expected a condition text or a table {{ any = [...] }} / {{ all = [...] }}, got {condition!r}"
    )


def _parse_text(condition: str) -> Test:
    match = _TOKEN.match(condition)
    if not match:
        raise ConditionError(
            f"expected 'FIELD OP VALUE' (OP one of == != < <= > >= matches) or 'FIELD exists|missing', "
            f"got {condition!r}"
        )
    if match.group("presence"):
        return Test(match.group("field"), match.group("presence"))
    op = match.group("op")
    scaled = _SCALED.fullmatch(match.group("value").strip())
    if scaled is not None:
        if op == "matches" or match.group("field").startswith("derived."):
            raise ConditionError(
                f"expected a scaled field only in a comparison of two fields of the same fact, got {condition!r}"
            )
        number = scaled.group("scale").replace("_", "")
        scale = float(number) if "." in number else int(number)
        return Test(match.group("field"), op, ref=scaled.group("field"), scale=scale)
    value, ref = _literal(match.group("value"))
    if op == "matches":
        if ref is not None or not isinstance(value, str):
            raise ConditionError(f"expected a quoted regular expression after 'matches', got {condition!r}")
        try:
            re.compile(value)
        except re.error as exc:
            raise ConditionError(f"expected a valid regular expression ({exc}), got {value!r}") from None
    return Test(match.group("field"), op, value, ref)


def fields_of(node: Test | Group) -> set[str]:
    if isinstance(node, Test):
        return {node.field} | ({node.ref} if node.ref else set())
    return set().union(*(fields_of(i) for i in node.items))


# -- durable_rules form --------------------------------------------------------------------------------


def _strip(field: str) -> str:
    return field.removeprefix("derived.")


def to_durable(
    node: Test | Group, alias_of_other: str | None = None, names: dict[str, str] | None = None
) -> dict[str, Any]:
    """The durable_rules JSON of one condition on one fact.

    ``alias_of_other`` names the pattern alias of the application fact, for conditions on a derived fact
    that refer to application fields. ``names`` gives the name the engine knows a field of the application by
    (a field of a derived fact, ``derived.NAME``, keeps its name).
    """
    if isinstance(node, Group):
        return {"$or" if node.kind == "any" else "$and": [to_durable(i, alias_of_other, names) for i in node.items]}
    if names:
        field, ref = node.field, node.ref
        node = attrs.evolve(
            node,
            field=field if field.startswith("derived.") else names.get(field, field),
            ref=ref if ref is None or ref.startswith("derived.") else names.get(ref, ref),
        )
    field = _strip(node.field)
    if node.op == "exists":
        return {"$ex": {field: 1}}
    if node.op == "missing":
        return {"$nex": {field: 1}}
    if node.op == "matches":
        return {"$imt": {field: node.value}}
    if node.ref is not None:
        ref_field = _strip(node.ref)
        same_fact = node.ref.startswith("derived.") == node.field.startswith("derived.")
        operand: Any = {"$m": ref_field} if same_fact else {alias_of_other: ref_field}
        if node.scale is not None:
            operand = {"$mul": {"$l": operand, "$r": node.scale}}
    else:
        operand = node.value
    key = OPERATORS[node.op]
    test = {field: operand} if key is None else {key: {field: operand}}
    if node.ref is not None and same_fact:
        # durable_rules compares with a missing referenced field as if it matched: require it
        return {"$and": [{"$ex": {ref_field: 1}}, test]}
    return test


def orient(node: Test) -> Test:
    """Write an application-vs-derived comparison from the derived fact's side (durable needs that)."""
    if node.ref and not node.on_derived and node.ref.startswith("derived.") and node.scale is None:
        return Test(node.ref, FLIP[node.op], ref=node.field)
    return node


# -- Python form ---------------------------------------------------------------------------------------


def compile_python(node: Test | Group) -> Callable[[dict[str, Any]], bool]:
    """A Python predicate over the application fact with the semantics of ``holds`` (no derived fields)."""
    return compile_all((node,))


def compile_all(nodes: tuple[Test | Group, ...]) -> Callable[[dict[str, Any]], bool]:
    """One Python predicate that holds where all ``nodes`` hold, built once so that listing what applied,
    passed and could not be checked costs little per case.

    Like attrs' generated methods, it is written as Python source and compiled: one function with every
    field read once, instead of one closure call per test (a third of the time of the closures). Fields and
    literals enter the source only through ``repr`` of a field name the parser accepted or of a number,
    text or boolean.
    """
    namespace: dict[str, Any] = {}
    return _compiled(f"bool({_all_source(nodes, namespace)})", namespace)


def compile_each(groups: Sequence[tuple[Test | Group, ...]]) -> Callable[[dict[str, Any]], tuple[bool, ...]]:
    """One function that tells, for each group of conditions, whether all of it holds: the ``applies`` of
    every rule of a ruleset in one call per case (as ``compile_all``, written as source and compiled).

    A condition that several groups hold (``code_subcategory == 'E-7-4'`` opens some thirty rules' ``applies``)
    is tested once, first, into a local that each of those groups reads: where it fails, every group holding it
    fails at one look-up of the local instead of one test each. A condition reads the fact and nothing else, so
    testing it once or many times, earlier or later, gives the same answers.

    No ``bool()`` call wraps a test or a group (about 200 a case, a fifth of the function's time): every test is
    written as ``is``/``isinstance`` checks and a comparison of plain values (texts, numbers, true/false), each a
    bool, and ``and``/``or`` of bools is a bool."""
    namespace: dict[str, Any] = {}
    seen: dict[Test | Group, int] = {}
    for nodes in groups:
        for node in nodes:
            seen[node] = seen.get(node, 0) + 1
    shared = {node: f"_s{k}" for k, node in enumerate(n for n, count in seen.items() if count > 1)}
    first = "".join(f"    {name} = {_source(node, namespace)}\n" for node, name in shared.items())

    def source(nodes: tuple[Test | Group, ...]) -> str:
        return " and ".join(shared.get(n) or _source(n, namespace) for n in nodes) if nodes else "True"

    items = "".join(f"({source(nodes)}), " for nodes in groups)
    return _compiled(f"({items})", namespace, first)


def _compiled(expression: str, namespace: dict[str, Any], first: str = "") -> Callable[[dict[str, Any]], Any]:
    """A function of the fact returning ``expression``, in which ``get`` reads a field of the fact (after the
    statements ``first``, each indented as a line of the function's body)."""
    code = f"def predicate(fact):\n    get = fact.get\n{first}    return {expression}\n"
    exec(compile(code, "<e7 conditions>", "exec"), namespace)
    return namespace["predicate"]


def _all_source(nodes: tuple[Test | Group, ...], namespace: dict[str, Any]) -> str:
    return " and ".join(_source(n, namespace) for n in nodes) if nodes else "True"


_VALUE = "_v"


def _source(node: Test | Group, namespace: dict[str, Any]) -> str:
    if isinstance(node, Group):
        joiner = " or " if node.kind == "any" else " and "
        return "(" + joiner.join(_source(i, namespace) for i in node.items) + ")"
    field = repr(node.field)
    if node.op == "exists":
        return f"(get({field}) is not None)"
    if node.op == "missing":
        return f"(get({field}) is None)"
    if node.op == "matches":
        name = f"_pattern{len(namespace)}"
        namespace[name] = re.compile(node.value, re.IGNORECASE)
        return f"(isinstance({_VALUE} := get({field}), str) and {name}.fullmatch({_VALUE}) is not None)"
    op = node.op
    if op not in OPERATORS:  # the parser gives only these; a Test built in code must not inject source
        raise ConditionError(f"expected one of {' '.join(OPERATORS)}, got {op!r}")
    if node.ref is not None and node.scale is not None:
        if type(node.scale) not in (int, float) or node.scale != node.scale:
            raise ConditionError(f"expected a number to scale {node.ref} by, got {node.scale!r}")
        ref = repr(node.ref)
        return (
            f"(({_VALUE} := get({field})) is not None and (_w := get({ref})) is not None"
            f" and not isinstance({_VALUE}, str) and not isinstance(_w, str) and {_VALUE} {op} _w * {node.scale!r})"
        )
    if node.ref is not None:
        ref = repr(node.ref)
        return (
            f"(({_VALUE} := get({field})) is not None and (_w := get({ref})) is not None"
            f" and isinstance({_VALUE}, str) == isinstance(_w, str) and {_VALUE} {op} _w)"
        )
    literal = node.value
    if type(literal) not in (str, int, float, bool) or (type(literal) is float and literal != literal):
        raise ConditionError(f"expected a number, text or true/false, got {literal!r}")
    if op == "==":
        # a missing field (None) equals no literal, nor does a text equal a number or true/false or a number a
        # text: the checks the other forms write before comparing are the comparison's own here
        return f"(get({field}) == {literal!r})"
    if isinstance(literal, str):
        return f"(isinstance({_VALUE} := get({field}), str) and {_VALUE} {op} {literal!r})"
    # a number (or true/false, which durable_rules also compares as a number): never a text or a missing field
    return f"(({_VALUE} := get({field})) is not None and not isinstance({_VALUE}, str) and {_VALUE} {op} {literal!r})"
