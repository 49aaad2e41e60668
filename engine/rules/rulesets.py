"""Dated rulesets: rules as data, each version declaring what it adds, replaces or retires.

``rulesets/YYYY-MM-DD.toml`` files form a chain: the first declares every rule, each later one names the
version it ``extends`` and lists only the rules it adds or replaces (whole definitions) and the ids it
``retire``s. The ruleset in force on a date is the chain up to the latest version effective on or before it,
resolved like the catalogue.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import attrs

from engine.core import object_cache
from engine.core.convert import named_date, read_file, structure, toml_data
from engine.core.errors import InputError, OutOfRange
from engine.core.model import Source
from engine.data.folders import DataDir
from engine.rules.conditions import ConditionError, Group, Test, parse

# needs_information: a rule whose conclusion is that the file lacks an input (the history rules name it, `missing`)
Severity = Literal["blocking", "risk", "advice", "needs_information"]
Topic = Literal[
    "code",
    "subcategory",
    "salary",
    "duties",
    "qualification",
    "employer",
    "documents",
    "points",
    "catalogue",
    "history",
    "stay",
]
Authority = Literal["statute", "MoJ manual", "MoJ notice", "practitioner guidance", "e7"]
RULESET_FILE = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})\.toml")
RULE_ID = re.compile(r"[a-z0-9]+([.-][a-z0-9]+)*")


def _rule_id(_instance: object, attribute: attrs.Attribute, value: str) -> None:
    if not RULE_ID.fullmatch(value):
        raise ValueError(
            f"{attribute.name}: expected a dotted lower-case id such as 'salary.below-floor', got {value!r}"
        )


@attrs.frozen
class Rule:
    id: str = attrs.field(validator=_rule_id)
    title: str
    topic: Topic
    authority: Authority
    citation: Source
    explanation: str
    severity: Severity | None = None  # None for a rule that only derives a fact
    applies: tuple[Any, ...] = ()  # scope: the rule is checked only where these hold
    needs: tuple[str, ...] = ()  # inputs; a missing one yields a needs_information finding
    when: tuple[Any, ...] = ()  # what makes it fire
    after: str = ""  # chain: also requires the derived fact of this name
    derive: str = ""  # conclude a derived fact of this name (forward chaining) instead of a finding
    compute: str = ""  # the named calculation that fills the derived fact (engine/rules/calculations.py)
    suggest: str = ""  # the named calculation that turns the firing into suggestions
    message: str = ""
    fix: str = ""
    evidence: tuple[str, ...] = ()
    # history rules (rulesets/history/): several rules may report one finding (its variants), under this id
    reports: str = attrs.field(default="", validator=lambda i, a, v: _rule_id(i, a, v) if v else None)
    missing: tuple[str, ...] = ()  # what a needs_information finding asks for (templates, as message)

    @property
    def finding_id(self) -> str:
        return self.reports or self.id

    @property
    def needs_only(self) -> bool:
        """A rule that only asks for inputs: it never fires, it names what is missing where it applies."""
        return not self.when and not self.after and bool(self.needs)

    def __attrs_post_init__(self) -> None:
        if self.derive and self.severity is not None:
            raise ValueError("severity: expected no severity on a rule that derives a fact")
        if self.needs_only:
            if self.severity is not None or self.message:
                raise ValueError("severity: expected no severity or message on a rule that only names needed inputs")
            return
        if not self.derive and not self.suggest and self.severity is None:
            raise ValueError("severity: expected blocking, risk or advice on a rule that concludes a finding")
        if not self.derive and not self.message:
            raise ValueError("message: expected the message of the finding")
        if not self.when and not self.after:
            raise ValueError("when: expected at least one condition (a rule that always fires says nothing)")

    def parsed(self, part: str) -> tuple[Test | Group, ...]:
        return tuple(parse(c) for c in getattr(self, part))


def _figure_table(value: Any) -> bool:
    """A non-empty table whose entries are numbers, texts, yes/no, lists of numbers or of yes/no, or such tables."""
    if not isinstance(value, dict) or not value:
        return False
    for v in value.values():
        if isinstance(v, list):
            numbers = all(isinstance(n, int | float) and not isinstance(n, bool) for n in v)
            if not v or not (numbers or all(isinstance(n, bool) for n in v)):
                return False
        elif not isinstance(v, int | float | str) and not _figure_table(v):
            return False
    return True


@attrs.frozen
class Parameter:
    value: Any
    source: Source
    note: str = ""

    def __attrs_post_init__(self) -> None:
        if isinstance(self.value, list) and all(isinstance(v, str) for v in self.value):
            object.__setattr__(self, "value", tuple(self.value))
        elif isinstance(self.value, dict):
            # a value per occupation (a code's own minimum revenue, its absconder window, the certification its
            # employer needs): keys are occupations, values all numbers or all texts
            values = list(self.value.values())
            numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)
            # or a list of tables for each (a code's own qualification routes, engine/rules/code_routes.py)
            tables = all(isinstance(v, list) and v and all(isinstance(r, dict) for r in v) for v in values)
            # or a table of numbers for each (figures by region or kind: engine/rules/code_workplace.py; the
            # business minimums are keyed by kind of business, not occupation)
            by_kind = all(
                isinstance(v, dict)
                and v
                and all(isinstance(n, int | float) and not isinstance(n, bool) for n in v.values())
                for v in values
            )
            # or a table of figures and words for each (codes18's conditions, caps and allowance tables by band:
            # engine/rules/code_employers.py reads them)
            figures = all(_figure_table(v) for v in values)
            if tables and not numbers:
                from engine.rules.code_routes import Route  # same layer; a route malformed is refused on reading
                from engine.rules.papers import PaperRow, is_paper_row  # the lists of papers, the same

                for routes in values:
                    for route in routes:
                        PaperRow.parse(route) if is_paper_row(route) else Route.parse(route)
            elif not numbers and not by_kind and not figures and not all(isinstance(v, str) for v in values):
                raise ValueError(
                    "value: expected a number for each occupation, a text for each, a table of numbers or a list of"
                    f" tables for each, got {values!r}"
                )
        elif isinstance(self.value, bool) or not isinstance(self.value, int | float | str):
            raise ValueError(
                f"value: expected a number, a text, a list of texts or a table by occupation, got {self.value!r}"
            )


@attrs.frozen
class VersionInfo:
    id: str
    effective: dt.date
    title: str
    extends: str = ""
    summary: str = ""
    changes: tuple[str, ...] = ()
    # corrections of e7's reading made in this version after it was first written (the law did not change on
    # a date, so they apply to every date the version covers): "YYYY-MM-DD: what and why" (docs/rulesets.md)
    corrections: tuple[str, ...] = ()


# the code facts a conditional requirement can set (engine/rules/facts.py applies them)
Sets = Literal["wage_fixed_krw", "foreign_ratio", "recommendation_required", "max_per_employer"]


@attrs.frozen
class Conditional:
    """A requirement of one occupation that holds only for some cases: where ``when`` holds on the case's facts,
    the code fact ``sets`` takes ``value`` (else ``otherwise``, else the catalogue's value). Where a field of
    ``needs`` is missing the condition cannot be decided: the value that blocks less applies and the decision
    asks for the field. An empty ``when`` is a condition e7 cannot read from a case (only its words are shown)."""

    occupation: str
    sets: Sets
    value: Any  # a number, or true/false for recommendation_required
    when: tuple[Any, ...]
    condition: str  # the manual's words, shown in the finding
    citation: Source
    needs: tuple[str, ...] = ()
    otherwise: Any = None  # the value where ``when`` does not hold (default: the catalogue's)

    def __attrs_post_init__(self) -> None:
        flag = self.sets == "recommendation_required"
        for name in ("value", "otherwise"):
            given = getattr(self, name)
            if given is None and name == "otherwise":
                continue
            if flag != isinstance(given, bool) or not isinstance(given, int | float):
                kind = "true or false" if flag else "a number"
                raise ValueError(f"{name}: expected {kind} for sets = {self.sets!r}, got {given!r}")

    def parsed(self) -> tuple[Test | Group, ...]:
        return tuple(parse(c) for c in self.when)


@attrs.frozen
class RulesetVersion:
    """One file: a version of the rules."""

    ruleset: VersionInfo
    parameters: dict[str, Parameter] = attrs.Factory(dict)
    rules: tuple[Rule, ...] = ()
    retire: tuple[str, ...] = ()
    conditional: tuple[Conditional, ...] = ()  # replaces an earlier one with the same occupation, sets and condition


@attrs.frozen
class Ruleset:
    """The rules in force: a chain of versions composed into one list."""

    id: str  # e.g. "e7-rules@2026-02-01"
    version: RulesetVersion
    chain: tuple[RulesetVersion, ...]
    rules: tuple[Rule, ...]
    parameters: dict[str, Parameter]
    sha256: str
    since: dict[str, dt.date]  # rule id -> effective date of the version that last defined it
    conditional: tuple[Conditional, ...] = ()

    def conditions_of(self, occupation: str) -> tuple[Conditional, ...]:
        """The occupation's conditional requirements, in the ruleset's order: looked up in an index of the
        ruleset's (frozen) tuple of them, made on the first call (a case asked three times, each a walk of all)."""
        conditional = self.conditional
        found = _conditions_index.get(id(conditional))
        if found is None or found[0] is not conditional:
            index: dict[str, list[Conditional]] = {}
            for c in conditional:
                index.setdefault(c.occupation, []).append(c)
            if len(_conditions_index) >= 64:  # a bound for a long-lived server whose rulesets are edited
                _conditions_index.clear()
            found = _conditions_index[id(conditional)] = (conditional, {k: tuple(v) for k, v in index.items()})
        return found[1].get(occupation, ())

    def parameter(self, name: str) -> Any:
        return self.parameters[name].value

    def rule(self, rule_id: str) -> Rule:
        return next(r for r in self.rules if r.id == rule_id)


# id of a ruleset's tuple of conditional requirements -> (the tuple, kept so that its id stays its own; its items by
# occupation)
_conditions_index: dict[int, tuple[tuple[Conditional, ...], dict[str, tuple[Conditional, ...]]]] = {}


def _check_conditions(version: RulesetVersion, where: str) -> None:
    ids: set[str] = set()
    for index, rule in enumerate(version.rules):
        if rule.id in ids:
            raise InputError(where, f"rules[{index}].id", f"expected each rule once per file, {rule.id!r} repeats")
        ids.add(rule.id)
        for part in ("applies", "when"):
            for position, condition in enumerate(getattr(rule, part)):
                try:
                    node = parse(condition)
                except ConditionError as exc:
                    raise InputError(where, f"rules[{index}].{part}[{position}]", str(exc)) from None
                if not rule.after and "derived." in str(condition):
                    raise InputError(
                        where, f"rules[{index}].{part}[{position}]", "expected 'after' when a condition reads derived."
                    )
                del node
    for index, conditional in enumerate(version.conditional):
        for position, condition in enumerate(conditional.when):
            try:
                parse(condition)
            except ConditionError as exc:
                raise InputError(where, f"conditional[{index}].when[{position}]", str(exc)) from None


def load_version(path: Path, shown: str) -> RulesetVersion:
    raw = read_file(path, shown)
    match = RULESET_FILE.fullmatch(path.name)
    # the file's name is part of the check, so part of what the cached object is for
    return object_cache.read(f"ruleset-{path.name}", raw, lambda: _version_of(raw, match, shown))


def _version_of(raw: bytes, match: re.Match[str] | None, shown: str) -> RulesetVersion:
    version = structure(toml_data(raw, shown), RulesetVersion, shown)
    if match and version.ruleset.id != match.group(1):
        raise InputError(
            shown, "ruleset.id", f"expected {match.group(1)!r} (the file's name), got {version.ruleset.id!r}"
        )
    if version.ruleset.effective.isoformat() != version.ruleset.id:
        raise InputError(shown, "ruleset.effective", f"expected the date in the id {version.ruleset.id!r}")
    _check_conditions(version, shown)
    return version


class Rulesets:
    """All ruleset versions of a data folder."""

    NAME = "e7-rules"

    def __init__(self, data: DataDir, folder: Path | None = None, name: str = NAME) -> None:
        """The versions in ``folder`` (default: ``rulesets/``; the history rules are ``rulesets/history/``)."""
        self.data = data
        self.name = name
        folder = folder or data.rulesets
        self.folder = folder
        self._files: dict[str, Path] = {}
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                match = RULESET_FILE.fullmatch(path.name)
                if match and path.is_file():
                    named_date(match.group(1), data.shown(path))
                    self._files[match.group(1)] = path
        if not self._files:
            raise InputError(data.shown(folder), None, "expected at least one ruleset file named YYYY-MM-DD.toml")
        self._versions: dict[str, RulesetVersion] = {}
        self._resolved: dict[str, Ruleset] = {}
        self._in_force: dict[dt.date, str] = {}

    @property
    def ids(self) -> list[str]:
        return list(self._files)

    def version(self, version_id: str) -> RulesetVersion:
        if version_id not in self._versions:
            path = self._files[version_id]
            self._versions[version_id] = load_version(path, self.data.shown(path))
        return self._versions[version_id]

    def in_force_id(self, on: dt.date) -> str:
        if on in self._in_force:  # a batch asks for the same dates again and again
            return self._in_force[on]
        chosen = [i for i in self._files if dt.date.fromisoformat(i) <= on]
        if not chosen:
            raise OutOfRange(f"{on} is before the first ruleset ({self.ids[0]}); e7 has no rules for that date")
        if len(self._in_force) >= 10_000:
            self._in_force.clear()
        self._in_force[on] = chosen[-1]
        return chosen[-1]

    def in_force(self, on: dt.date) -> Ruleset:
        return self.get(self.in_force_id(on))

    def get(self, version_id: str) -> Ruleset:
        if version_id in self._resolved:
            return self._resolved[version_id]
        chain: list[RulesetVersion] = []
        current: str = version_id
        while True:
            if current not in self._files:
                raise InputError(
                    self.data.shown(self.folder), "ruleset.extends", f"expected a known version, got {current!r}"
                )
            version = self.version(current)
            chain.append(version)
            if not version.ruleset.extends:
                break
            if dt.date.fromisoformat(version.ruleset.extends) >= version.ruleset.effective:
                raise InputError(
                    self.data.shown(self._files[current]), "ruleset.extends", "expected an earlier version"
                )
            current = version.ruleset.extends
        chain.reverse()
        rules: dict[str, Rule] = {}
        since: dict[str, dt.date] = {}
        parameters: dict[str, Parameter] = {}
        conditional: dict[tuple[str, str, str], Conditional] = {}
        digest = hashlib.sha256()
        for version in chain:
            where = self.data.shown(self._files[version.ruleset.id])
            digest.update(read_file(self._files[version.ruleset.id], where))
            for rule_id in version.retire:
                if rule_id not in rules:
                    raise InputError(where, "retire", f"expected the id of a rule in force, got {rule_id!r}")
                del rules[rule_id]
            for rule in version.rules:
                rules[rule.id] = rule
                since[rule.id] = version.ruleset.effective
            parameters.update(version.parameters)
            conditional.update({(c.occupation, c.sets, c.condition): c for c in version.conditional})
        resolved = Ruleset(
            id=f"{self.name}@{version_id}",
            version=chain[-1],
            chain=tuple(chain),
            rules=tuple(rules.values()),
            parameters=parameters,
            sha256=digest.hexdigest(),
            since={k: v for k, v in since.items() if k in rules},
            conditional=tuple(conditional.values()),
        )
        _check_chaining(resolved, lambda rule: self.data.shown(self._files[resolved.since[rule.id].isoformat()]))
        self._resolved[version_id] = resolved
        return resolved


def _check_chaining(ruleset: Ruleset, where: Callable[[Rule], str]) -> None:
    """Every chain has both ends; an error names the file of the version that last defined the rule."""
    derived = {r.derive for r in ruleset.rules if r.derive}
    for rule in ruleset.rules:
        if rule.after and rule.after not in derived:
            raise InputError(
                where(rule), f"rule {rule.id}.after", f"expected a fact some rule derives, got {rule.after!r}"
            )
    read = {r.after for r in ruleset.rules if r.after}
    for rule in ruleset.rules:
        if rule.derive and rule.derive not in read:
            # durable_rules refuses a fact no rule matches: say so when the ruleset loads, not in mid-run
            raise InputError(
                where(rule),
                f"rule {rule.id}.derive",
                f"expected a fact some rule reads (after = {rule.derive!r}), none does",
            )
