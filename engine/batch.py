"""`e7 batch`: many cases, one decision per line, in input order; a bad case is reported in its own line.

Parallel work uses processes (durable_rules' C core holds the GIL, so threads would be slower); each worker
builds its own Evaluator. The output file is written to a temporary file and renamed into place at the end,
so an interrupted batch leaves no half-written output.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from engine.case import case_from_data, load_case
from engine.data import DataDir
from engine.errors import E7Error, InputError

_worker: dict[str, Any] = {}


def read_inputs(path: Path) -> Iterator[tuple[str, Any]]:
    """(label, case-or-raw-data) pairs: a folder's .toml/.json files by name, or a JSONL file's lines."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".toml", ".json") and p.is_file())
        if not files:
            raise InputError(str(path), None, "expected a folder holding .toml or .json case files")
        for file in files:
            yield str(file), ("file", str(file))
        return
    if not path.is_file() or path.suffix.lower() not in (".jsonl", ".ndjson"):
        raise InputError(str(path), None, "expected a folder of case files or a .jsonl file (one case per line)")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise InputError(str(path), None, "expected UTF-8 text") from None
    for number, line in enumerate(lines, 1):
        if line.strip():
            yield f"{path}:{number}", ("line", line)


def _init(root: str, as_of: str | None) -> None:
    from engine.evaluate import Evaluator

    _worker["evaluator"] = Evaluator(DataDir(Path(root)))
    _worker["as_of"] = dt.date.fromisoformat(as_of) if as_of else None


def _evaluate(item: tuple[str, tuple[str, str]]) -> tuple[str, str]:
    from engine.explain import to_json_line

    label, (kind, payload) = item
    try:
        if kind == "file":
            case = load_case(Path(payload))
        else:
            try:
                data = json.loads(payload)
            except json.JSONDecodeError as exc:
                raise InputError(label, None, f"expected one JSON object per line ({exc.msg})") from None
            case = case_from_data(data, label)
            if not case.id:
                case = _with_id(case, label)
        decision = _worker["evaluator"].evaluate(case, _worker["as_of"], label if kind == "line" else payload)
        return decision.outcome, to_json_line(decision)
    except E7Error as exc:
        return "error", json.dumps({"input": label, "outcome": "error", "error": str(exc)}, ensure_ascii=False)


def _with_id(case: Any, label: str) -> Any:
    import attrs

    return attrs.evolve(case, id=label)


class Progress:
    """A one-line progress bar on stderr, only when stderr is a terminal."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.enabled = sys.stderr.isatty()
        self.start = time.monotonic()

    def step(self) -> None:
        self.done += 1
        if self.enabled and (self.done == self.total or self.done % 50 == 0):
            width = 30
            filled = int(width * self.done / max(self.total, 1))
            rate = self.done / max(time.monotonic() - self.start, 1e-9)
            bar = "#" * filled + "-" * (width - filled)
            sys.stderr.write(f"\r[{bar}] {self.done}/{self.total} cases ({rate:,.0f}/s)")
            if self.done == self.total:
                sys.stderr.write("\n")
            sys.stderr.flush()


def run_batch(data: DataDir, source: Path, output: Path, as_of: dt.date | None, jobs: int) -> Counter[str]:
    items = list(read_inputs(source))
    outcomes: Counter[str] = Counter()
    progress = Progress(len(items))
    output = output.resolve()
    if output.is_dir():
        raise InputError(str(output), None, "expected a file to write, found a folder")
    if not output.parent.is_dir():
        raise InputError(str(output), None, "expected a file in an existing folder")
    fd, temporary = tempfile.mkstemp(prefix=".e7-batch-", dir=output.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            initargs = (str(data.root), as_of.isoformat() if as_of else None)
            if jobs <= 1:
                _init(*initargs)
                for outcome, line in map(_evaluate, items):
                    out.write(line + "\n")
                    outcomes[outcome] += 1
                    progress.step()
            else:
                context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
                with context.Pool(jobs, initializer=_init, initargs=initargs) as pool:
                    for outcome, line in pool.imap(_evaluate, items, chunksize=64):
                        out.write(line + "\n")
                        outcomes[outcome] += 1
                        progress.step()
        # mkstemp makes the file private (0600); the decisions are an ordinary output file
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return outcomes
