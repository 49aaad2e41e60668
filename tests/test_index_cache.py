"""The duty matcher's index cache (engine/core/index_cache.py): the same answers as a fresh build, rebuilt when its
sources change or its file is damaged, never in the way when it cannot be written; and what start-up loads."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine.catalogue.snapshots import Catalogue
from engine.core import index_cache
from engine.data.folders import DataDir
from engine.duties import matching, tokens
from engine.duties import terms as duty_terms

ROOT = Path(__file__).resolve().parents[1]
ON = dt.date(2026, 7, 1)
TEXTS = ("Write Python code for backend APIs", "호텔 프런트에서 체크인과 예약을 처리", "meals", "pack parcels")


def _ranking(index: matching.Index) -> list:
    tok = tokens.tokenizer()
    out = []
    for text in TEXTS:
        m = index.match(text, tok)
        out.append([(s.code.code, s.score, s.hits) for s in index.score(text, tok)])
        out.append((m.outside, m.outside_score, m.outside_found, m.content))
    return out


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(index_cache.CACHE_VAR, str(folder))
    matching.forget_indexes()
    yield folder
    matching.forget_indexes()


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("index-*.bin")) if folder.is_dir() else []


def test_the_cached_index_answers_as_a_fresh_build(cache: Path, data: DataDir):
    snapshot = Catalogue(data).in_force(ON)
    built = matching.index_for(data, snapshot)
    (entry,) = _files(cache)  # the first look-up builds the index and writes it
    matching.forget_indexes()
    read = matching.index_for(data, snapshot)  # the second reads it
    assert read is not built
    assert read.tables == built.tables
    fresh = matching.Index(snapshot, duty_terms.load_terms(data), tokens.tokenizer(), duty_terms.load_outside(data))
    assert fresh.tables == read.tables
    assert _ranking(read) == _ranking(fresh)
    assert _files(cache) == [entry]


def test_check_and_suggest_give_the_same_bytes_with_and_without_the_cache(e7, cache: Path, monkeypatch):
    case = str(ROOT / "examples" / "cases" / "hybrid-developer-designer.toml")
    outputs = []
    for setting in ("off", str(cache), str(cache)):  # no cache, then a cold and a warm one
        monkeypatch.setenv(index_cache.CACHE_VAR, setting)
        matching.forget_indexes()
        outputs.append((e7("check", case, "--format", "json").out, e7("suggest", "--case", case).out))
    assert outputs[0] == outputs[1] == outputs[2]
    assert _files(cache)


def test_a_change_to_the_terms_gives_a_new_index(cache: Path, data_copy: Path):
    data = DataDir(data_copy)
    snapshot = Catalogue(data).in_force(ON)
    before = matching.index_for(data, snapshot)
    assert "zzqx" not in before.idf
    terms = data_copy / "catalogue" / duty_terms.TERMS_FILE
    text = terms.read_text(encoding="utf-8")
    terms.write_text(text.replace("[terms.web-developer]\nen = [", '[terms.web-developer]\nen = ["zzqx", ', 1))
    assert terms.read_text(encoding="utf-8") != text
    matching.forget_indexes()
    after = matching.index_for(data, snapshot)
    assert "zzqx" in after.idf  # not the stale index of the old terms
    assert len(_files(cache)) == 2


@pytest.mark.parametrize(
    "damage",
    [lambda b: b[: len(b) // 2], lambda b: b"garbage", lambda b: b[:-1] + bytes([b[-1] ^ 1]), lambda b: b""],
    ids=["cut-short", "not-an-index", "one-bit-flipped", "empty"],
)
def test_a_damaged_cache_file_is_ignored_and_rebuilt(cache: Path, data: DataDir, damage):
    snapshot = Catalogue(data).in_force(ON)
    good = matching.index_for(data, snapshot)
    (entry,) = _files(cache)
    sound = entry.read_bytes()
    entry.write_bytes(damage(sound))
    matching.forget_indexes()
    rebuilt = matching.index_for(data, snapshot)
    assert rebuilt.tables == good.tables
    assert entry.read_bytes() == sound  # written again, whole


def test_a_cache_folder_that_cannot_be_written_is_not_used(tmp_path: Path, monkeypatch, data: DataDir):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(index_cache.CACHE_VAR, str(blocker / "cache"))
    matching.forget_indexes()
    snapshot = Catalogue(data).in_force(ON)
    index = matching.index_for(data, snapshot)
    assert _ranking(index)[0]  # it still matches
    assert blocker.read_text(encoding="utf-8") == "not a folder"
    matching.forget_indexes()


def test_the_cache_folder_follows_the_environment(monkeypatch, tmp_path: Path):
    monkeypatch.setenv(index_cache.CACHE_VAR, "off")
    assert index_cache.folder() is None
    monkeypatch.setenv(index_cache.CACHE_VAR, "")
    assert index_cache.folder() is None
    monkeypatch.delenv(index_cache.CACHE_VAR)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    if sys.platform.startswith("linux"):
        assert index_cache.folder() == tmp_path / "e7"
    # never inside the installed package
    assert Path(matching.__file__).parent not in index_cache.folder().parents


_MODULES = """
import sys
from engine.cli.main import main
main({args!r})
print(",".join(m for m in ("kiwipiepy", "engine.duties.matching") if m in sys.modules) or "none", file=sys.stderr)
"""


def _loaded(args: list[str]) -> str:
    result = subprocess.run(
        [sys.executable, "-c", _MODULES.format(args=args)], capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    return result.stderr.strip().splitlines()[-1]


def test_english_duties_never_load_the_korean_analyser_once_the_index_is_cached():
    case = str(ROOT / "examples" / "cases" / "backend-dev-2026.toml")  # English duties and job title
    _loaded(["check", case])  # builds the index into the session's cache folder, if no test did
    assert _loaded(["check", case]) == "engine.duties.matching"
    english = ["suggest", "Write Python code for backend APIs", "--as-of", "2026-07-01"]
    assert _loaded(english) == "engine.duties.matching"
    assert _loaded(["suggest", "웹 서버 개발", "--as-of", "2026-07-01"]) == "kiwipiepy,engine.duties.matching"


def test_a_check_without_duties_never_imports_the_matcher():
    assert _loaded(["check", str(ROOT / "examples" / "cases" / "incomplete-file.json")]) == "none"


def test_another_matcher_version_never_reads_an_index_built_by_this_one(cache: Path, data: DataDir, monkeypatch):
    snapshot = Catalogue(data).in_force(ON)
    matching.index_for(data, snapshot)
    assert len(_files(cache)) == 1
    monkeypatch.setattr(tokens, "_version", ["matching another-source; kiwipiepy another"])
    matching.forget_indexes()
    matching.index_for(data, snapshot)
    assert len(_files(cache)) == 2


def test_a_korean_case_checked_again_never_loads_the_analyser(tmp_path: Path):
    case = tmp_path / "korean.toml"
    text = (ROOT / "examples" / "cases" / "backend-dev-2026.toml").read_text(encoding="utf-8")
    case.write_text(
        text.replace("Write Python code for backend APIs", "웹 서버 API 개발 및 유지보수"), encoding="utf-8"
    )
    env = {**os.environ, index_cache.CACHE_VAR: str(tmp_path / "cache")}
    runs = [
        subprocess.run(
            [sys.executable, "-c", _MODULES.format(args=["check", str(case), "--format", "json"])],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=300,
            env=env,
        )
        for _ in range(2)
    ]
    assert runs[0].stderr.strip().splitlines()[-1] == "kiwipiepy,engine.duties.matching"  # analysed, then kept
    assert runs[1].stderr.strip().splitlines()[-1] == "engine.duties.matching"
    assert runs[0].returncode == runs[1].returncode == 0
    assert runs[0].stdout == runs[1].stdout  # the kept analysis decides as the analyser did
