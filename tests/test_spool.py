"""The spool through which `e7 batch --jobs` workers hand their decisions to the parent (engine/rules/spool.py):
bytes written by forked processes come out whole, in the order the parent copies them, nothing is left behind."""

from __future__ import annotations

import itertools
import multiprocessing
import os
from pathlib import Path

import pytest

from engine.rules.spool import Spool

FORK = multiprocessing.get_context("fork")


def _worker(spool: Spool, tag: str, pieces: int, answers) -> None:
    for n in range(pieces):
        data = f"{tag}{n}:".encode() + bytes([65 + n % 26]) * (1000 + 777 * n) + b"\n"
        answers.put((tag, n, spool.put(data), len(data), data))


def _filled(tmp_path: Path) -> tuple[Spool, dict[tuple[str, int], tuple[int, int, bytes]]]:
    spool = Spool(FORK, tmp_path)
    answers = FORK.Queue()
    workers = [FORK.Process(target=_worker, args=(spool, tag, 40, answers)) for tag in ("a", "b")]
    for worker in workers:
        worker.start()
    where = {}
    for _ in range(80):
        tag, n, offset, length, data = answers.get(timeout=60)
        where[(tag, n)] = (offset, length, data)
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    return spool, where


def _copied(spool: Spool, where: dict, order: list[tuple[str, int]], out_path: Path) -> bytes:
    out = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        for key in order:
            offset, length, _ = where[key]
            spool.copy(out, offset, length)
    finally:
        os.close(out)
    return out_path.read_bytes()


@pytest.mark.parametrize("kernel_copy", [True, False], ids=["copy_file_range", "read-and-write"])
def test_pieces_of_two_forked_workers_come_out_whole_in_the_parents_order(tmp_path, kernel_copy):
    spool, where = _filled(tmp_path)
    if not kernel_copy:
        spool._copy = False  # what a file system without copy_file_range gets
    order = [(tag, n) for n in range(40) for tag in ("b", "a")]
    try:
        got = _copied(spool, where, order, tmp_path / "out.jsonl")
    finally:
        spool.close()
    assert got == b"".join(where[key][2] for key in order)
    # the reservations did not overlap: every piece has a place of its own
    spans = sorted((offset, offset + length) for offset, length, _ in where.values())
    assert all(end <= start for (_, end), (start, _) in itertools.pairwise(spans))


def test_the_scratch_space_is_freed_behind_the_copy_and_nothing_is_left(tmp_path):
    spool = Spool(FORK, tmp_path)
    names_while_open = sorted(os.listdir(tmp_path))
    data = os.urandom(4 << 20)
    offset = spool.put(data)
    held = os.fstat(spool.fd).st_blocks
    out = os.open(tmp_path / "out.jsonl", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        spool.copy(out, offset, len(data))
    finally:
        os.close(out)
    freed = os.fstat(spool.fd).st_blocks
    spool.close()
    assert (tmp_path / "out.jsonl").read_bytes() == data
    assert names_while_open == []  # the scratch file has no name, so a killed run leaves nothing
    assert os.listdir(tmp_path) == ["out.jsonl"]
    if spool._fallocate is None:
        pytest.skip("this file system cannot punch holes: the scratch space is freed when the run ends")
    assert held >= (4 << 20) // 512 and freed < held // 8


def test_batch_with_two_jobs_writes_what_one_process_writes(e7, tmp_path):
    """Varied generated cases (with duties, errors among them), as `e7 batch` reads them."""
    from benchmarks.generated import generated_cases, write_jsonl

    source = tmp_path / "in.jsonl"
    count = write_jsonl(source, generated_cases(300, seed=4242))
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.jsonl"
        result = e7("batch", str(source), "-o", str(out), "--jobs", jobs)
        assert result.code == 0, result.err
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] and outputs[0].count(b"\n") == count == 300
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out1.jsonl", "out2.jsonl"]
