"""`e7 batch`: many cases, one decision per line, in input order; a bad case is reported in its own line.

Every case is answered: whatever goes wrong with one case (bad input, or an internal error of e7 on it) becomes
that case's ``"outcome": "error"`` line, and with ``--jobs`` 2 or more even a worker process that dies on a
case (a crash of the rule engine's C core) costs only that case. The input is read and the decisions written
as they come, so memory does not grow with the input: a JSONL file is read line by line (split at ``\\n``
only: U+2028 and U+0085 are valid inside JSON strings), and at most a few chunks of cases per worker are in
flight. The decisions stream into an unnamed file in the output's folder, which is given its name when the run
ends (`engine.core.wholefile`): the output is written whole or not at all, and SIGINT, SIGTERM or SIGKILL leave
nothing behind.

Parallel work uses processes (durable_rules' C core holds the GIL, so threads would be slower); each worker
builds its own Evaluator, and they share one Korean analyser process (engine/duties/analyser_process.py) and
the duty matches kept in the cache folder (engine/core/keyed_store.py). A worker puts a chunk's decisions in an
unnamed scratch file and sends back only where they are; the parent copies them into the output in input order
without reading them (engine/rules/spool.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import itertools
import json
import os
import signal
import sys
import time
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, BinaryIO

import attrs

from engine.core.case import Case, case_from_data, load_case
from engine.core.convert import parse_json
from engine.core.errors import E7Error, InputError
from engine.data.folders import DataDir
from engine.rules.spool import Spool, write_all

MAX_JOBS = 64  # more processes than this only queue for the same cores and multiply memory
MAX_LINE_BYTES = 1_000_000  # a case is a few kB; a longer line is refused without being held in memory
CHUNK = 32  # cases sent to a worker at once
IN_FLIGHT = 4  # chunks per worker submitted ahead of the one being written: the reorder buffer
OUTPUT_SUFFIX = ".jsonl"
CASE_SUFFIXES = (".toml", ".json")
BOM = b"\xef\xbb\xbf"
_JSON_SPACE = b" \t\r\n"


class Terminated(KeyboardInterrupt):
    """SIGTERM, turned into an exception so that the same clean-up runs as for Ctrl-C (exit status 143)."""


@attrs.frozen
class Item:
    """One input: a case file (``payload`` its path), a JSONL line (its text) or an input that could not be
    read at all (its error message)."""

    label: str
    kind: str  # "file", "line" or "error"
    payload: str


@attrs.frozen
class Inputs:
    """A batch's input, checked before anything is written; ``items()`` reads it lazily."""

    path: Path
    files: tuple[Path, ...]  # a folder's case files, or the JSONL file itself

    @property
    def is_folder(self) -> bool:
        return self.path.is_dir()

    def items(self) -> Iterator[Item]:
        if self.is_folder:
            return (Item(str(file), "file", str(file)) for file in self.files)
        return _lines(self.path)

    @property
    def total(self) -> int | None:
        """The number of cases when it is known before reading (a folder)."""
        return len(self.files) if self.is_folder else None


def open_inputs(path: Path) -> Inputs:
    """A folder's .toml/.json case files by name, or a JSONL file (one case per line)."""
    if path.is_dir():
        try:
            entries = sorted(os.scandir(path), key=lambda e: e.name)
        except OSError as exc:
            raise InputError(str(path), None, f"cannot be read ({exc.strerror})") from None
        # not is_file(): a broken link or a link loop is a case that cannot be read, reported in its own line
        files = tuple(Path(e.path) for e in entries if Path(e.name).suffix.lower() in CASE_SUFFIXES and not _is_dir(e))
        if not files:
            raise InputError(str(path), None, "expected a folder holding .toml or .json case files")
        return Inputs(path, files)
    if not path.is_file() or path.suffix.lower() not in (".jsonl", ".ndjson"):
        raise InputError(str(path), None, "expected a folder of case files or a .jsonl file (one case per line)")
    try:
        with path.open("rb"):
            pass
    except OSError as exc:
        raise InputError(str(path), None, f"cannot be read ({exc.strerror})") from None
    return Inputs(path, (path,))


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _lines(path: Path) -> Iterator[Item]:
    """A JSONL file's non-blank lines, split at b"\\n" only, each labelled with its real line number."""
    try:
        with path.open("rb") as stream:
            number = 0
            name = str(path)
            while raw := stream.readline(MAX_LINE_BYTES + 1):
                number += 1
                label = f"{name}:{number}"
                if number == 1 and raw.startswith(BOM):
                    raw = raw[len(BOM) :]
                if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                    while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                        pass
                    yield Item(label, "error", f"{label}: expected a line of at most {MAX_LINE_BYTES:,} bytes")
                    continue
                if not raw.strip(_JSON_SPACE):
                    continue  # a blank line holds no case
                try:
                    yield Item(label, "line", raw.decode("utf-8"))
                except UnicodeDecodeError as exc:
                    yield Item(label, "error", f"{label}: expected UTF-8 text (byte {exc.start + 1} is not)")
    except OSError as exc:
        raise InputError(str(path), None, f"cannot be read ({exc.strerror})") from None


def case_of(item: Item) -> Case:
    """The case an input holds; ``InputError`` when it holds none (the message names the file or line)."""
    if item.kind == "error":
        raise InputError(item.label, None, item.payload.removeprefix(f"{item.label}: "))
    if item.kind == "file":
        return load_case(Path(item.payload))
    data = parse_json(item.payload, item.label)  # the one JSON gate: depth, digits, surrogates (convert.py)
    case = case_from_data(data, item.label, checked=True)
    return case if case.id else attrs.evolve(case, id=item.label)


def failure_message(label: str, exc: BaseException) -> str:
    """One line for a case that could not be evaluated: the input error as it is, anything else named as an
    internal error of e7 (which should not happen, and is worth reporting)."""
    if isinstance(exc, E7Error):
        return _safe_str(exc)
    detail = " ".join(_safe_str(exc).split())
    if len(detail) > 300:
        detail = detail[:300] + "..."
    return f"{label}: internal error of e7 on this case ({exc.__class__.__name__}: {detail}); please report it"


def _safe_str(exc: BaseException) -> str:
    try:
        return str(exc)
    except Exception:  # an exception whose text cannot be made
        return exc.__class__.__name__


def error_line(label: str, message: str) -> bytes:
    return _encoded(json.dumps({"input": label, "outcome": "error", "error": message}, ensure_ascii=False))


def _encoded(line: str) -> bytes:
    # a lone surrogate (from a \ud800 escape in the input) cannot be UTF-8: write it as the JSON escape it was
    return (line + "\n").encode("utf-8", "backslashreplace")


_worker: dict[str, Any] = {}
# set when an interrupted batch left its process pool without waiting on it (engine/cli/main.py reads it)
abandoned_pool = False


def _init(
    root: str,
    as_of: str | None,
    worker: bool = True,
    analyser: tuple[str, bytes] | None = None,
    spool: Spool | None = None,
) -> None:
    from engine.rules.evaluate import Evaluator

    if analyser is not None:
        from engine.duties import analyser_process

        analyser_process.use(analyser)
    if worker:
        # the parent alone answers Ctrl-C (the terminal sends it to every process of the group) and stops the
        # workers with SIGTERM, which then ends them silently
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _worker["evaluator"] = Evaluator(DataDir(Path(root)))
    _worker["as_of"] = dt.date.fromisoformat(as_of) if as_of else None
    _worker["spool"] = spool


def evaluate_item(item: Item) -> tuple[str, bytes]:
    """(outcome, output line) for one input; never raises for a problem of the case."""
    return _answer(item, _parsed(item))


def _parsed(item: Item) -> Case | Exception:
    try:
        return case_of(item)
    except Exception as exc:  # answered as the case's error line by ``_answer``
        return exc


def _answer(item: Item, parsed: Case | Exception) -> tuple[str, bytes]:
    from engine.rules.decision_json import decision_bytes

    try:
        if isinstance(parsed, Exception):
            raise parsed
        case = parsed
        where = item.label if item.kind == "line" else item.payload
        decision = _worker["evaluator"].evaluate(case, _worker["as_of"], where)
        # ``_encoded(to_json_line(decision))``, with the text decisions share kept in UTF-8 (decision_json.py)
        return decision.outcome, decision_bytes(decision)
    except Exception as exc:  # one case's failure, of any kind, is that case's answer
        return "error", error_line(item.label, failure_message(item.label, exc))


def evaluate_many(chunk: list[Item]) -> list[tuple[str, bytes]]:
    """``evaluate_item`` for each input of a chunk, in order; the duty texts of all its cases are told to the
    duty matcher first, so that the Korean ones not analysed before are analysed together when the first of them
    must be (engine/duties/tokens.py ``Tokenizer.expect``)."""
    parsed = [_parsed(item) for item in chunk]
    with_duties = [
        (case, [d.task for d in case.position.duties] + ([case.position.job_title] if case.position.job_title else []))
        for case in parsed
        if not isinstance(case, Exception) and case.position.duties
    ]
    if with_duties:
        from engine.duties.tokens import tokenizer

        tokenizer().expect([text for _, texts in with_duties for text in texts])
        _prefetch(with_duties)
    return [_answer(item, case) for item, case in zip(chunk, parsed, strict=True)]


def _prefetch(with_duties: list[tuple[Case, list[str]]]) -> None:
    """The kept duty matches of a chunk's cases (each with its duty texts and job title), read in one query per
    index rather than one per case (engine/duties/matching.py ``prefetch_cases``). Only a speed-up: a case whose
    date or snapshot cannot be worked out is left out, and on any failure nothing is read ahead (each case then
    answers for itself)."""
    from engine.duties.matching import prefetch_cases

    try:
        evaluator = _worker["evaluator"]
        catalogue = evaluator.catalogue
        cases = []
        for case, texts in with_duties:
            try:
                on = evaluator.as_of(case, _worker["as_of"])
                snapshot = catalogue.remembered(("snapshot on", on), lambda on=on: catalogue.in_force(on))
            except Exception:
                continue
            cases.append((snapshot, texts))
        prefetch_cases(catalogue.data, cases)
    except Exception:  # the cases' own look-ups follow
        return


def _unanalysed(parsed: list[Case | Exception]) -> bool:
    """Whether some case holds a Korean duty text that no earlier run analysed (engine/duties/tokens.py)."""
    texts = [d.task for case in parsed if not isinstance(case, Exception) for d in case.position.duties or ()]
    if not texts:
        return False
    from engine.duties.tokens import unanalysed

    try:
        return unanalysed(texts)
    except Exception:  # only a matter of when the analyser loads: on the first text it is sent, then
        return False


Spooled = tuple[list[str], int, int]  # a chunk's outcomes, and where its lines are in the spool: offset, length


def _evaluate_chunk(chunk: list[Item]) -> list[tuple[str, bytes]] | Spooled:
    from engine.core.keyed_store import store

    results = evaluate_many(chunk)
    # a worker process ends without running exit handlers: the duty matches it worked out are written now, so
    # that the next run (and the other workers) read them (engine/core/keyed_store.py)
    store.flush()
    spool: Spool | None = _worker["spool"]
    if spool is None:
        return results
    lines = b"".join(line for _, line in results)
    return [outcome for outcome, _ in results], spool.put(lines), len(lines)


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


Written = tuple[list[str], "bytes | tuple[int, int]"]  # a chunk's outcomes and its lines, or where they are


class _Workers:
    """Worker processes fed chunks of cases, answers in input order, at most ``IN_FLIGHT`` chunks per worker
    ahead. A worker that dies (the pool is then broken) costs only the case it was checking: the chunks in
    flight are checked again, the one that was being written case by case, each alone in a fresh pool. Where
    workers are forked, they put their lines in a spool (engine/rules/spool.py) and send back only where."""

    def __init__(self, jobs: int, initargs: tuple[str, str | None], first: list[Item], folder: Path) -> None:
        import multiprocessing

        self.jobs = jobs
        self.initargs = initargs
        self.context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
        # one Korean analyser for every worker rather than one per worker (engine/duties/analyser_process.py),
        # loading at once when the first cases hold Korean texts no earlier run analysed (while the workers
        # start and warm up), else on the first text a worker sends it; where processes are not forked, each
        # loads its own
        self.analyser = None
        self.spool: Spool | None = None
        if self.context.get_start_method() == "fork":
            from engine.duties.analyser_process import Server

            self.analyser = Server(self.context, preload=_unanalysed([_parsed(item) for item in first]))
            self.spool = Spool(self.context, folder)
        self.pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        address = self.analyser.address if self.analyser is not None else None
        initargs = (*self.initargs, True, address, self.spool)
        return ProcessPoolExecutor(self.jobs, mp_context=self.context, initializer=_init, initargs=initargs)

    def _restart(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.pool = self._new_pool()

    def _submit(self, chunk: list[Item]) -> Future[list[tuple[str, bytes]] | Spooled]:
        try:
            return self.pool.submit(_evaluate_chunk, chunk)
        except BrokenProcessPool as exc:
            future: Future[list[tuple[str, bytes]] | Spooled] = Future()
            future.set_exception(exc)
            return future

    def map(self, items: Iterable[Item]) -> Iterator[Written]:
        """Each chunk's outcomes and lines (or where the spool holds them), in input order."""
        window: deque[tuple[list[Item], Future[list[tuple[str, bytes]] | Spooled]]] = deque()
        chunks = _chunks(items, CHUNK)
        while True:
            while len(window) < self.jobs * IN_FLIGHT and (chunk := next(chunks, None)) is not None:
                window.append((chunk, self._submit(chunk)))
            if not window:
                return
            chunk, future = window.popleft()
            try:
                yield _written(future.result())
            except BrokenProcessPool:
                self._restart()
                for item in chunk:
                    yield self._alone(item)
                window = deque((c, self._submit(c)) for c, _ in window)  # they failed with the pool

    def _alone(self, item: Item) -> Written:
        try:
            return _written(self.pool.submit(_evaluate_chunk, [item]).result())
        except BrokenProcessPool:
            self._restart()
            message = f"{item.label}: internal error of e7 on this case (the worker process checking it stopped)"
            return ["error"], error_line(item.label, message + "; please report it")

    def write(self, written: Written, out: int) -> None:
        """A chunk's lines onto the end of the file open at descriptor ``out``."""
        _, where = written
        if isinstance(where, tuple):
            assert self.spool is not None
            self.spool.copy(out, *where)
            return
        write_all(out, where)

    def close(self, interrupted: bool) -> None:
        if interrupted:  # stop the workers and do not wait on the pool: its threads may wait on them forever
            import multiprocessing

            global abandoned_pool
            for child in multiprocessing.active_children():
                child.terminate()
            self.pool.shutdown(wait=False, cancel_futures=True)
            abandoned_pool = True  # the CLI then ends the process at once, without joining the pool's threads
            return
        self.pool.shutdown(wait=True, cancel_futures=True)
        if self.analyser is not None:
            self.analyser.stop()
        if self.spool is not None:
            self.spool.close()


def _written(result: list[tuple[str, bytes]] | Spooled) -> Written:
    if isinstance(result, tuple):
        outcomes, offset, length = result
        return outcomes, (offset, length)
    return [outcome for outcome, _ in result], b"".join(line for _, line in result)


class Progress:
    """A one-line progress bar on stderr, only when stderr is a terminal (a count when the total is unknown)."""

    def __init__(self, total: int | None) -> None:
        self.total = total
        self.done = 0
        self.enabled = sys.stderr.isatty()
        self.start = time.monotonic()

    def step(self) -> None:
        self.done += 1
        if self.enabled and (self.done == self.total or self.done % 50 == 0):
            rate = self.done / max(time.monotonic() - self.start, 1e-9)
            if self.total is None:
                sys.stderr.write(f"\r{self.done:,} cases ({rate:,.0f}/s)")
            else:
                width = 30
                filled = int(width * self.done / max(self.total, 1))
                bar = "#" * filled + "-" * (width - filled)
                sys.stderr.write(f"\r[{bar}] {self.done}/{self.total} cases ({rate:,.0f}/s)")
                if self.done == self.total:
                    sys.stderr.write("\n")
            sys.stderr.flush()

    def end(self) -> None:
        if self.enabled and self.total is None and self.done:
            sys.stderr.write("\n")


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM raises ``Terminated`` (a KeyboardInterrupt), so that clean-up runs."""

    def raise_terminated(signum: int, frame: Any) -> None:
        raise Terminated()

    try:
        previous = signal.signal(signal.SIGTERM, raise_terminated)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def check_output(output: Path, inputs: Inputs, data: DataDir) -> Path:
    """The file to write, refused (``InputError``) when it is not a .jsonl file in an existing folder or when
    it is a file the run reads (the input, a case file, a data file), by name, link or hard link."""
    if output.suffix.lower() != OUTPUT_SUFFIX:
        raise InputError(
            str(output),
            None,
            f"expected an output file ending in {OUTPUT_SUFFIX}, .csv or .xlsx (docs/spreadsheets.md)",
        )
    resolved = output.resolve()
    if resolved.is_dir():
        raise InputError(str(output), None, "expected a file to write, found a folder")
    if not resolved.parent.is_dir():
        raise InputError(str(output), None, "expected a file in an existing folder")
    try:
        target = os.stat(resolved)
    except OSError:
        return resolved  # a new file cannot be one the run reads
    same = (target.st_dev, target.st_ino)
    read = [*inputs.files, *_data_files(data)]
    for path in read:
        with contextlib.suppress(OSError):
            found = os.stat(path)
            if (found.st_dev, found.st_ino) == same:
                raise InputError(
                    str(output), None, f"expected an output other than the files the run reads: it is {path}"
                )
    return resolved


def _data_files(data: DataDir) -> Iterator[Path]:
    for folder in (data.catalogue, data.rulesets, data.root / "changelog"):
        if folder.is_dir():
            yield from (p for p in folder.rglob("*") if p.is_file())


def run_batch(data: DataDir, source: Path, output: Path, as_of: dt.date | None, jobs: int) -> Counter[str]:
    """Check every input of ``source`` into ``output``; the count of each outcome."""
    if not 1 <= jobs <= MAX_JOBS:
        raise InputError("--jobs", None, f"expected 1 to {MAX_JOBS} worker processes, got {jobs}")
    inputs = open_inputs(source)
    target = check_output(output, inputs, data)
    outcomes: Counter[str] = Counter()
    progress = Progress(inputs.total)
    initargs = (str(data.root), as_of.isoformat() if as_of else None)
    from engine.core.wholefile import WholeFile

    with terminate_as_interrupt():
        try:
            whole = WholeFile(target)
        except OSError as exc:
            raise InputError(str(output), None, f"cannot be written ({exc.strerror})") from None
        try:
            with whole as out:
                _write(out, inputs, jobs, initargs, outcomes, progress, target.parent)
        except OSError as exc:
            if exc.errno in _WRITE_ERRORS:  # the disk, not e7: reading errors were answered case by case
                raise InputError(str(output), None, f"cannot be written ({exc.strerror})") from None
            raise
        finally:
            progress.end()
    return outcomes


_WRITE_ERRORS = {errno.ENOSPC, errno.EROFS, errno.EDQUOT, errno.EIO, errno.EFBIG, errno.EACCES, errno.EPERM}


def _write(
    out: BinaryIO,
    inputs: Inputs,
    jobs: int,
    initargs: tuple[str, str | None],
    outcomes: Counter[str],
    progress: Progress,
    folder: Path,
) -> None:
    items = inputs.items()
    if jobs == 1:
        _init(*initargs, worker=False)
        results = (result for chunk in _chunks(items, CHUNK) for result in evaluate_many(chunk))
        for outcome, line in results:
            out.write(line)
            outcomes[outcome] += 1
            progress.step()
        return
    first = list(itertools.islice(items, CHUNK))
    workers = _Workers(jobs, initargs, first, folder)
    interrupted = True
    out.flush()  # from here on the lines go to the file's descriptor, not through its buffer
    try:
        for written in workers.map(itertools.chain(first, items)):
            workers.write(written, out.fileno())
            for outcome in written[0]:
                outcomes[outcome] += 1
                progress.step()
        interrupted = False
    finally:
        workers.close(interrupted)
