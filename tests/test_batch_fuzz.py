"""Fuzzing `e7 batch` and `e7 check`: thousands of generated and mutated cases, never an exit 1, exactly one
output line per input line.

The cases are the examples in examples/cases with fields replaced, removed or added by hypothesis (hostile
values too: huge and negative numbers, lone surrogates, dates at the ends of the calendar, deep nesting, wrong
types), plus byte-level mutations of the examples' JSON and TOML text. They go through one `e7 batch` run
(a subprocess, --jobs 2, as a user runs it) and a sample through `e7 check`.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples" / "cases").glob("*.toml"))
GENERATED = 3_200  # cases drawn by hypothesis
MUTATED_LINES = 2_000  # byte-level mutations of the examples as JSON lines
MUTATED_FILES = 120  # byte-level mutations of the example files (TOML), read as a folder by e7 check


def _plain(data: dict) -> dict:
    """TOML data as JSON data (dates as ISO text), as the other tests spell it."""
    return json.loads(json.dumps(data, default=str))


BASES = [_plain(tomllib.loads(path.read_text(encoding="utf-8"))) for path in EXAMPLES]
KEYS = sorted(
    {k for base in BASES for k in base} | {k for b in BASES for v in b.values() if isinstance(v, dict) for k in v}
)

# a value that JSON cannot carry from Python as it is: written into the line's text in place of its marker
RAW = {
    "@@huge@@": "9" * 5_000,
    "@@deep@@": "[" * 100_000 + "]" * 100_000,
    "@@exponent@@": "1e400",
    "@@nan@@": "NaN",
}

hostile = st.one_of(
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.text(max_size=30),
    st.text(st.characters(codec=None, categories=["Cs", "Co", "Zl", "Zp", "Cc", "Lo"]), max_size=8),
    st.sampled_from(
        [
            "\ud800",
            "9999-12-31",
            "9999-10-03",
            "0001-01-01",
            "0000-01-01",
            "2026-02-30",
            "2026.03.15",
            "1,500,000,000",
            "",
            "E-7-9",
            "S2955",
            "441",
            *RAW,
        ]
    ),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


@st.composite
def case_dicts(draw: st.DrawFn) -> dict[str, Any]:
    case = json.loads(json.dumps(draw(st.sampled_from(BASES))))
    for _ in range(draw(st.integers(0, 4))):
        table = case
        section = draw(st.sampled_from(sorted(case)))
        if isinstance(case[section], dict) and draw(st.booleans()):
            table = case[section]
        if not table:
            continue
        key = draw(st.sampled_from(sorted(table)) | st.sampled_from(KEYS) | st.text(min_size=1, max_size=10))
        action = draw(st.sampled_from(["replace", "replace", "remove"]))
        if action == "remove":
            table.pop(key, None)
        else:
            table[key] = draw(hostile)
    return case


def _line(case: dict[str, Any], ascii: bool) -> bytes:
    text = json.dumps(case, ensure_ascii=ascii)
    for marker, raw in RAW.items():
        text = text.replace(json.dumps(marker), raw)
    return text.encode("utf-8", "surrogatepass")  # a lone surrogate unescaped is not UTF-8: a bad line too


def _mutate(data: bytes, rng: random.Random, forbidden: bytes = b"") -> bytes:
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        position = rng.randrange(len(buffer) + 1)
        kind = rng.choice(["flip", "insert", "delete", "duplicate", "truncate"])
        byte = rng.choice([rng.randrange(256), *b'{}[]",:0\\\xef\xbb\xbf\xe2\x80\xa8\xc2\x85\xed\xa0\x80'])
        if kind == "flip" and position < len(buffer):
            buffer[position] = byte
        elif kind == "insert":
            buffer.insert(position, byte)
        elif kind == "delete" and position < len(buffer):
            del buffer[position]
        elif kind == "duplicate":
            buffer[position:position] = buffer[position : position + rng.randint(1, 40)]
        elif kind == "truncate" and rng.random() < 0.2:
            del buffer[position:]
    return bytes(b for b in buffer if b not in forbidden)


def _generated() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []

    @settings(
        max_examples=GENERATED // 16,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.lists(case_dicts(), min_size=16, max_size=16))
    def collect(drawn: list[dict[str, Any]]) -> None:
        cases.extend(drawn)

    collect()
    return cases


@pytest.fixture(scope="module")
def fuzzed() -> list[bytes]:
    """The fuzzed JSONL lines: the generated cases, then the mutated examples (none holds a newline)."""
    rng = random.Random(12)
    lines = [_line(case, ascii=rng.random() < 0.5) for case in _generated()]
    examples = [json.dumps(base, ensure_ascii=False).encode() for base in BASES]
    lines += [_mutate(rng.choice(examples), rng, forbidden=b"\n") for _ in range(MUTATED_LINES)]
    return lines


def test_fuzzed_cases_through_batch(tmp_path, fuzzed):
    lines = fuzzed
    assert len(lines) >= 5_000
    source = tmp_path / "fuzz.jsonl"
    source.write_bytes(b"\n".join(lines) + b"\n")
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "engine", "batch", str(source), "-o", str(out), "--jobs", "2"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    answers = out.read_bytes().split(b"\n")
    assert answers.pop() == b""
    nonblank = [n for n, line in enumerate(lines, 1) if line.strip(b" \t\r\n")]  # a blank line holds no case
    assert len(answers) == len(nonblank)
    for number, answer in zip(nonblank, answers, strict=True):
        decision = json.loads(answer)
        label = f"{source}:{number}"
        if decision["outcome"] == "error":
            assert decision["input"] == label
        else:
            data = json.loads(lines[number - 1].decode("utf-8"))
            assert decision["case"] in (data.get("id") or label, label)


def test_fuzzed_sample_through_check(tmp_path, e7, fuzzed):
    """A sample through e7 check: generated cases as JSON files, mutated examples as TOML files; every bad one is
    refused naming the file, every problem on a line of its own that names the file too, exit 2, never an
    internal error. The same files as a batch folder: one line each."""
    rng = random.Random(7)
    folder = tmp_path / "check"
    folder.mkdir()
    pending = [line for line in fuzzed if any(mark in line for mark in (b"9" * 5_000, b"\\ud800", b'"9999-1'))]
    for n, line in enumerate(fuzzed[:: len(fuzzed) // 150] + pending[:30]):
        (folder / f"g{n:03}.json").write_bytes(line)
    for n in range(MUTATED_FILES):
        (folder / f"m{n:03}.toml").write_bytes(_mutate(rng.choice(EXAMPLES).read_bytes(), rng))
    files_out = tmp_path / "files.jsonl"
    assert e7("batch", str(folder), "-o", str(files_out)).code == 0
    assert len(files_out.read_bytes().split(b"\n")) - 1 == len(list(folder.iterdir()))
    failures = []
    for path in sorted(folder.iterdir()):
        checked = e7("check", str(path), "--format", "json")
        if checked.code not in (0, 2) or (checked.code == 2 and not checked.err.startswith(f"e7: {path}")):
            failures.append((path.name, checked.code, checked.err))
        elif checked.code == 2:
            lines = checked.err.splitlines()
            assert lines and all(line.startswith((f"e7: {path}", str(path))) for line in lines), checked.err
            assert "Traceback" not in checked.err and "internal error" not in checked.err
    assert failures == []
