"""Cases read on the quick path (engine/quick_structure.py): a valid case gives the same object as the converter
(cattrs) builds, an invalid one the converter's own message, whatever is wrong with it."""

from __future__ import annotations

import copy
import json
import random
import tomllib
from pathlib import Path

import pytest

from benchmarks.generated import case_data, generated_cases
from engine.core import convert
from engine.core.case import Case, case_from_data
from engine.core.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
ODD_VALUES = (
    None,
    1,
    1.5,
    True,
    "x",
    "",
    "2026-02-30",
    "2026-1-5",
    "2026-01-01",
    [],
    {},
    -5,
    10**14,
    "sme",
    [{"task": "a", "share": 100}],
    [{"task": " ", "share": 100}],
    float("nan"),
    "E-7-1",
    "1,500",
)


def _examples() -> list[dict]:
    found = []
    for path in sorted((ROOT / "examples" / "cases").iterdir()):
        if path.suffix == ".toml":
            found.append(json.loads(json.dumps(tomllib.loads(path.read_text(encoding="utf-8")), default=str)))
        elif path.suffix == ".json":
            found.append(json.loads(path.read_text(encoding="utf-8")))
    return found


def _slow(data: dict, monkeypatch: pytest.MonkeyPatch):
    """What the converter alone makes of the data: the case, or the message of its error."""
    with monkeypatch.context() as m:
        m.setattr(convert, "_QUICK", {})
        return _read(data)


def _read(data: dict):
    try:
        return repr(case_from_data(data, "case.json"))  # repr: 60 and 60.0 differ
    except InputError as exc:
        return f"error: {exc}"


def _mutated(data: dict, rng: random.Random) -> dict:
    data = copy.deepcopy(data)
    for _ in range(rng.randint(1, 3)):
        table = data
        while rng.random() < 0.6:
            inner = [k for k, v in table.items() if isinstance(v, dict)]
            if not inner:
                break
            table = table[rng.choice(inner)]
        if not table:
            break
        key = rng.choice(sorted(table))
        roll = rng.random()
        if roll < 0.6:
            table[key] = rng.choice(ODD_VALUES)
        elif roll < 0.8:
            del table[key]
        else:
            table[key + "s"] = 1
        if not table:
            break
    return data


def test_the_case_is_read_on_the_quick_path():
    assert Case in convert._QUICK


def test_valid_cases_are_the_same_objects_on_both_paths(monkeypatch: pytest.MonkeyPatch):
    cases = _examples() + [case_data(c) for c in generated_cases(400, seed=3)]
    for data in cases:
        assert _read(data) == _slow(data, monkeypatch)


def test_invalid_cases_get_the_converters_own_message(monkeypatch: pytest.MonkeyPatch):
    rng = random.Random(12)
    bases = _examples()
    errors = 0
    for n in range(1500):
        data = _mutated(bases[n % len(bases)], rng)
        quick = _read(data)
        assert quick == _slow(data, monkeypatch), data
        errors += quick.startswith("error")
    assert errors > 500  # the mutations do make bad cases


def _json_or_error(text: str) -> object:
    try:
        return ("data", json.loads(text, parse_int=convert._json_int))
    except (ValueError, RecursionError) as exc:
        return ("error", type(exc).__name__)


def test_json_read_by_orjson_is_the_data_json_reads_and_doubts_go_to_json():
    """parse_json reads a text by orjson (quick_structure.json_data) where its data is json's: the same values,
    floats to the last bit, the last of a repeated key; a whole number of 19 digits or more (orjson would read
    one past 64 bits as a float), a text that is not Unicode, nesting as deep as MAX_DEPTH and anything orjson
    refuses (NaN, 1e400, a lone surrogate escape, every text json refuses) are read by json as before."""
    from engine.core.quick_structure import DOUBT, json_data

    rng = random.Random(17)
    floats = [repr(rng.uniform(-1e9, 1e9)) for _ in range(300)]
    floats += [f"{rng.random():.16g}e{rng.randint(-320, 300)}" for _ in range(300)]  # under 19 digits: no doubt
    texts = [*floats, "-0", "-0.0", "1e-400", "1E2", ' {"a" : 1 } ']
    texts += ['{"a":1,"a":2,"b":3}', '"\\u00e9\\ud83d\\ude00\\u2028 한"', '[1,[2,[3,{"x":null}]]]']
    texts += ["123456789012345678", "0." + "1" * 18 + "e5", "[" * 31 + "]" * 31]
    for text in texts:
        data = json_data(text, convert.MAX_DEPTH)
        assert data is not DOUBT, text
        assert ("data", data) == _json_or_error(text), text
        assert repr(data) == repr(json.loads(text)), text  # -0.0, and int against float
    doubts = [
        "0.1000000000000000055511151231257827",
        "1234567890123456789",
        "-18446744073709551616",
        "0." + "1" * 19,
        "[" * 32 + "]" * 32,
        '"\ud800"',
        '"\\ud800"',
    ]
    doubts += ["NaN", "[Infinity]", "1e400", "[1,]", "01", '"\x01"', "", "\ufeff{}", "{'a': 1}", "[1.]"]
    for text in doubts:
        assert json_data(text, convert.MAX_DEPTH) is DOUBT, text
    assert convert.parse_json('{"n": 12345678901234567890123}', "x") == {"n": 12345678901234567890123}
    assert type(convert.parse_json("[18446744073709551616]", "x")[0]) is int
    assert convert.parse_json("[NaN, 1e400]", "x")[1] == float("inf")
    for bad, message in (('{"n": 1' + "0" * 40 + "}", "digits"), ('{"t": "\\ud800"}', "Unicode"), ("[1,", "JSON")):
        with pytest.raises(InputError, match=message):
            convert.parse_json(bad, "x")
