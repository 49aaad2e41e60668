"""`e7 batch` and `e7 impact`: every case answered, nothing lost, nothing half-written, nothing left behind."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine.cli.main import build_parser
from engine.core.errors import E7Error
from engine.core.wholefile import PREFIX, WholeFile, remove_stale
from engine.rules.evaluate import Evaluator

ROOT = Path(__file__).resolve().parents[1]
NOTICE = ROOT / "examples" / "notices" / "hypothetical" / "2026-12-01-hypothetical-retire-s2955.toml"


def case(id: str = "", code: str = "2223", **position: object) -> dict:
    data = {"filed_on": "2026-07-01", "position": {"code": code, "subcategory": "E-7-1", **position}}
    if id:
        data["id"] = id
    return data


def write_jsonl(path: Path, rows: list[dict | str]) -> Path:
    lines = [row if isinstance(row, str) else json.dumps(row, ensure_ascii=False) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_bytes().split(b"\n") if line]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(PREFIX))


def fail_on(case_id: str, action):
    """Evaluator.evaluate that runs ``action`` for one case (patched before the workers fork, so they have it)."""
    original = Evaluator.evaluate

    def evaluate(self, case, as_of=None, where=None):
        if case.id == case_id:
            action()
        return original(self, case, as_of, where)

    return evaluate


def raise_internal() -> None:
    raise ZeroDivisionError("division by zero")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_internal_error_on_one_case_is_its_error_line(e7, tmp_path, monkeypatch, jobs):
    monkeypatch.setattr(Evaluator, "evaluate", fail_on("bad", raise_internal))
    source = write_jsonl(tmp_path / "in.jsonl", [case("a"), case("bad"), case("c")])
    out = tmp_path / "out.jsonl"
    result = e7("batch", str(source), "-o", str(out), "--jobs", jobs)
    assert result.code == 0, result.err
    lines = read_lines(out)
    assert [line.get("case") for line in lines] == ["a", None, "c"]
    assert lines[1]["outcome"] == "error" and lines[1]["input"] == f"{source}:2"
    assert "internal error" in lines[1]["error"] and "ZeroDivisionError" in lines[1]["error"]
    assert "error 1" in result.err


def test_lone_surrogates_cost_only_their_own_lines(e7, tmp_path):
    """The issue's run: lone surrogates on some lines with --jobs 2 exited 1 and lost every good decision."""
    rows: list[dict | str] = []
    for n in range(120):
        if n % 20 == 7:
            rows.append('{"filed_on": "2026-07-01", "position": {"code": "2223", "job_title": "\\ud800"}}')
        else:
            rows.append(case(f"c{n}"))
    source = write_jsonl(tmp_path / "in.jsonl", rows)
    out = tmp_path / "out.jsonl"
    result = e7("batch", str(source), "-o", str(out), "--jobs", "2")
    assert result.code == 0, result.err
    lines = read_lines(out)
    assert len(lines) == 120
    assert [n for n, line in enumerate(lines) if line["outcome"] == "error"] == [7, 27, 47, 67, 87, 107]
    assert all(lines[n]["case"] == f"c{n}" for n in range(120) if n % 20 != 7)


def test_a_worker_that_dies_costs_only_its_case(e7, tmp_path, monkeypatch):
    """A crash of the rule engine's C core kills the worker process: that case is an error, the rest go on."""
    monkeypatch.setattr(Evaluator, "evaluate", fail_on("crash", lambda: os.kill(os.getpid(), signal.SIGKILL)))
    rows = [case(f"c{n}") for n in range(100)]
    rows[40] = case("crash")
    source = write_jsonl(tmp_path / "in.jsonl", rows)
    out = tmp_path / "out.jsonl"
    result = e7("batch", str(source), "-o", str(out), "--jobs", "2")
    assert result.code == 0, result.err
    lines = read_lines(out)
    assert len(lines) == 100
    assert lines[40]["outcome"] == "error" and "internal error" in lines[40]["error"]
    assert lines[40]["input"] == f"{source}:41"
    assert [line.get("case") for n, line in enumerate(lines) if n != 40] == [f"c{n}" for n in range(100) if n != 40]


def test_impact_answers_every_case_whatever_fails(e7, tmp_path, monkeypatch):
    monkeypatch.setattr(Evaluator, "evaluate", fail_on("bad", raise_internal))
    source = write_jsonl(tmp_path / "in.jsonl", [case("a"), case("bad"), "{x"])
    result = e7("impact", str(NOTICE), "--cases", str(source), "--format", "json")
    assert result.code == 0, result.err
    report = result.json()
    assert report["cases"] == 3
    errors = {e["input"]: e["error"] for e in report["errors"]}
    assert "internal error" in errors[f"{source}:2"] and "JSON" in errors[f"{source}:3"]


@pytest.mark.parametrize("how", ["same", "symlink", "hardlink-in-folder", "data-file"])
def test_an_output_that_the_run_reads_is_refused(e7, tmp_path, data_copy, how):
    source = write_jsonl(tmp_path / "in.jsonl", [case("a")])
    args = ["batch", str(source)]
    if how == "same":
        out = source
    elif how == "symlink":
        out = tmp_path / "out.jsonl"
        out.symlink_to(source)
    elif how == "hardlink-in-folder":
        folder = tmp_path / "cases"
        folder.mkdir()
        out = tmp_path / "out.jsonl"
        out.write_text(json.dumps(case("b")), encoding="utf-8")
        os.link(out, folder / "b.json")
        args = ["batch", str(folder)]
    else:
        out = tmp_path / "out.jsonl"
        out.symlink_to(data_copy / "catalogue" / "index.toml")
        args = ["--data", str(data_copy), *args]
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and "data" not in p.parts}
    result = e7(*args, "-o", str(out))
    assert result.code == 2 and result.err.count("\n") == 1 and "files the run reads" in result.err
    assert {p: p.read_bytes() for p in before} == before
    assert leftovers(tmp_path) == []


def test_an_output_named_for_another_format_is_refused(e7, tmp_path):
    """.csv and .xlsx are written too (tests/test_check_forms.py); any other ending is refused."""
    source = write_jsonl(tmp_path / "in.jsonl", [case("a")])
    for name in ("results.txt", "results.json", "results"):
        result = e7("batch", str(source), "-o", str(tmp_path / name))
        assert result.code == 2 and ".jsonl" in result.err and result.err.count("\n") == 1
        assert not (tmp_path / name).exists()


def test_jsonl_is_split_at_newlines_only_and_labels_name_the_real_line(e7, tmp_path):
    source = tmp_path / "in.jsonl"
    rows = [
        json.dumps(case("a\u2028b", job_title="x\u0085y\u2029z\x1c\x1d\x1e"), ensure_ascii=False),
        "",
        json.dumps(case(job_title="line\u2028separator"), ensure_ascii=False),
        "{not json",
    ]
    source.write_text("\n".join(rows) + "\r\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert e7("batch", str(source), "-o", str(out)).code == 0
    lines = read_lines(out)
    assert len(lines) == 3  # the blank line holds no case
    assert lines[0]["case"] == "a\u2028b" and lines[0]["outcome"] != "error"
    assert lines[1]["case"] == f"{source}:3" and lines[1]["outcome"] != "error"
    assert lines[2]["input"] == f"{source}:4" and lines[2]["outcome"] == "error"


def test_a_bom_at_the_start_of_a_jsonl_is_accepted(e7, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\xef\xbb\xbf" + (json.dumps(case("first")) + "\n" + json.dumps(case("second"))).encode())
    out = tmp_path / "out.jsonl"
    assert e7("batch", str(source), "-o", str(out)).code == 0
    assert [line["case"] for line in read_lines(out)] == ["first", "second"]


def test_a_line_that_is_not_utf8_or_too_long_is_its_own_error(e7, tmp_path):
    source = tmp_path / "in.jsonl"
    good = json.dumps(case("ok")).encode()
    source.write_bytes(good + b"\n" + b'{"id": "\xff"}\n' + b'{"id": "' + b"x" * 1_200_000 + b'"}\n' + good + b"\n")
    out = tmp_path / "out.jsonl"
    assert e7("batch", str(source), "-o", str(out)).code == 0
    lines = read_lines(out)
    assert [line["outcome"] == "error" for line in lines] == [False, True, True, False]
    assert "UTF-8" in lines[1]["error"] and "at most 1,000,000 bytes" in lines[2]["error"]
    assert lines[2]["input"] == f"{source}:3" and lines[3]["case"] == "ok"


def test_a_case_file_that_is_a_link_loop_or_broken_is_an_error_line(e7, tmp_path):
    folder = tmp_path / "cases"
    folder.mkdir()
    for name in ("a", "d"):
        (folder / f"{name}.json").write_text(json.dumps(case(name)), encoding="utf-8")
    (folder / "b.toml").symlink_to(folder / "b.toml")
    (folder / "c.json").symlink_to(folder / "nowhere.json")
    out = tmp_path / "out.jsonl"
    result = e7("batch", str(folder), "-o", str(out))
    assert result.code == 0 and "4 cases" in result.err
    lines = read_lines(out)
    assert [line.get("case") for line in lines] == ["a", None, None, "d"]
    assert lines[1]["input"].endswith("b.toml") and "symbolic links" in lines[1]["error"]
    assert lines[2]["input"].endswith("c.json") and "not found" in lines[2]["error"]


@pytest.mark.parametrize("jobs", ["0", "65", "99999999999999999999", "-1", "two"])
def test_jobs_out_of_bounds_is_refused(e7, tmp_path, jobs):
    source = write_jsonl(tmp_path / "in.jsonl", [case("a")])
    result = e7("batch", str(source), "-o", str(tmp_path / "out.jsonl"), "--jobs", jobs)
    assert result.code == 2 and "--jobs" in result.err and result.err.count("\n") == 1
    assert not (tmp_path / "out.jsonl").exists()


def test_jobs_up_to_64_is_accepted():
    assert build_parser().parse_args(["batch", "x.jsonl", "-o", "o.jsonl", "--jobs", "64"]).jobs == 64


def test_an_output_that_cannot_be_written_is_one_line(e7, tmp_path, monkeypatch):
    import errno

    import engine.core.wholefile

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    source = write_jsonl(tmp_path / "in.jsonl", [case("a")])
    monkeypatch.setattr(engine.core.wholefile.os, "open", read_only)
    result = e7("batch", str(source), "-o", str(tmp_path / "out.jsonl"))
    assert result.code == 2 and result.err.count("\n") == 1 and "Read-only file system" in result.err


def test_batch_onto_a_read_only_file_system(tmp_path):
    """A real read-only mount, in a private mount namespace (skipped where user namespaces are not allowed)."""
    if not shutil.which("unshare"):
        pytest.skip("unshare is not available")
    mount = tmp_path / "ro"
    mount.mkdir()
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", f"mount -t tmpfs -o ro tmpfs {mount}"], capture_output=True)
    if probe.returncode:
        pytest.skip("cannot make a read-only mount here")
    source = write_jsonl(tmp_path / "in.jsonl", [case("a")])
    script = f"mount -t tmpfs -o ro tmpfs {mount} && exec {sys.executable} -m engine batch {source} -o {mount}/o.jsonl"
    result = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2, result.stderr
    assert result.stderr == f"e7: {mount}/o.jsonl: cannot be written (Read-only file system)\n"


def test_a_temporary_file_of_a_killed_writer_is_removed_by_the_next_run(tmp_path):
    """Where no unnamed file can be made, the temporary file has a name; a SIGKILL leaves it, the next run
    removes it, and never one of a writer still alive."""
    target = tmp_path / "out.jsonl"
    code = (
        "import os, signal, sys; from pathlib import Path; from engine.core.wholefile import WholeFile\n"
        f"w = WholeFile(Path({str(target)!r}), unnamed=False); w.file.write(b'half'); w.file.flush()\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    killed = subprocess.run([sys.executable, "-c", code], cwd=ROOT)
    assert killed.returncode == -signal.SIGKILL
    [stale] = leftovers(tmp_path)
    alive = tmp_path / stale.replace(stale.split("-")[-2], str(os.getpid()))
    alive.write_bytes(b"a live writer's file")
    with WholeFile(target) as out:
        out.write(b"whole\n")
    assert target.read_bytes() == b"whole\n"
    assert leftovers(tmp_path) == [alive.name]
    assert remove_stale(tmp_path) == []


def test_whole_file_leaves_nothing_when_the_block_fails(tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_bytes(b"old\n")
    for unnamed in (True, False):
        with pytest.raises(E7Error), WholeFile(target, unnamed) as out:
            out.write(b"new\n")
            raise E7Error("stop")
        assert target.read_bytes() == b"old\n" and leftovers(tmp_path) == []


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc to see the worker processes")
@pytest.mark.parametrize("how", ["SIGINT", "SIGTERM", "SIGKILL"])
def test_a_signal_leaves_no_output_no_temporary_file_and_no_traceback(tmp_path, how):
    source = write_jsonl(tmp_path / "in.jsonl", [case(f"c{n}") for n in range(20_000)])
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "engine", "batch", str(source), "-o", str(out), "--jobs", "2"]
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    while len(_children(process.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    workers = _children(process.pid)
    assert len(workers) >= 2, "the workers did not start"
    time.sleep(1.0)  # the workers are checking cases
    if how == "SIGINT":  # Ctrl-C: the terminal signals the whole process group
        os.killpg(process.pid, signal.SIGINT)
    else:
        process.send_signal(getattr(signal, how))
    if how == "SIGKILL":
        process.wait(timeout=60)
        # The orphans of the killed parent hold its stderr. Under load a process may have started after `workers`
        # was read (a pool respawns), so the whole session this test started is killed, not only those seen.
        for worker in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    _, err = process.communicate(timeout=60)
    if how == "SIGKILL":
        assert process.returncode == -signal.SIGKILL
    else:
        assert (process.returncode, err) == (
            (130, "e7: interrupted\n") if how == "SIGINT" else (143, "e7: terminated\n")
        )
    assert not out.exists()
    assert leftovers(tmp_path) == []
