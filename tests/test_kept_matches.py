"""Duty matches and Korean analyses kept between runs (engine/core/keyed_store.py): a kept match answers as a
fresh one, a text seen before is never analysed again, and a change to anything a match depends on (the text,
the snapshot, the terms, the reference of work outside the list, the matcher's version) is a miss."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from engine.catalogue.snapshots import Catalogue
from engine.core import index_cache
from engine.core.keyed_store import FILE_NAME, store
from engine.data.folders import DataDir
from engine.duties import matching, tokens
from engine.duties.alignment import measure

from .duty_cache import new_process

ON = dt.date(2026, 7, 1)
TEXTS = (
    "Write Python code for backend APIs",
    "호텔 프런트에서 체크인과 예약을 처리",
    "건설 현장 자재 운반",
    "pack parcels",
)


def _answers(index: matching.Index) -> list:
    tok = tokens.tokenizer()
    out = []
    for text in TEXTS:
        m = index.match(text, tok)
        hits = {i: m.found.get(i) for i in m.totals}
        coverage = {i: m.coverage(i) for i in m.totals}
        out.append((m.totals, hits, coverage, m.content, m.outside, m.outside_score, m.outside_found))
        out.append([(s.code.code, s.score, s.hits) for s in index.score(text, tok)])
    return out


def _kept_rows(folder: Path) -> dict[str, int]:
    with sqlite3.connect(folder / FILE_NAME) as db:
        return dict(db.execute("SELECT kind, count(*) FROM rows GROUP BY kind").fetchall())


def _refuse_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: tokens.Tokenizer, text: str) -> None:
        raise AssertionError(f"analysed again: {text}")

    monkeypatch.setattr(tokens.Tokenizer, "features", refuse)
    monkeypatch.setattr(tokens.Tokenizer, "_korean", refuse)


def test_a_kept_match_answers_as_a_fresh_one_and_needs_no_analysis(duty_cache: Path, data: DataDir, monkeypatch):
    snapshot = Catalogue(data).in_force(ON)
    fresh = _answers(matching.index_for(data, snapshot))
    new_process()
    assert _kept_rows(duty_cache)["match"] == len(TEXTS)
    _refuse_analysis(monkeypatch)  # read, never worked out: no tokenising, no analyser
    assert _answers(matching.index_for(data, snapshot)) == fresh


def test_a_duty_measure_from_kept_matches_is_the_same(duty_cache: Path, data: DataDir, monkeypatch):
    snapshot = Catalogue(data).in_force(ON)

    class Duty:
        def __init__(self, task: str, share: float) -> None:
            self.task, self.share = task, share

    duties = [Duty(text, share) for text, share in zip(TEXTS, (40, 30, 20, 10), strict=True)]

    def figures() -> tuple:
        m = measure(data, snapshot, duties, applied_code=snapshot.codes[0].code)
        ranked = [(a.code.code, a.alignment, a.strength, [d.words() for d in a.duties]) for a in m.ranked]
        outside = [(d.task, r.occupation.title_ko, r.score, r.words()) for d, r in m.outside()]
        return m.classified, m.outside_share, ranked, outside

    before = figures()
    new_process()
    _refuse_analysis(monkeypatch)
    assert figures() == before


def test_a_case_s_texts_read_in_one_query_answer_as_fresh_ones(duty_cache: Path, data: DataDir, monkeypatch):
    snapshot = Catalogue(data).in_force(ON)
    fresh = _answers(matching.index_for(data, snapshot))
    new_process()
    index = matching.index_for(data, snapshot)
    index.prefetch([*TEXTS, "a text no run has seen"])
    asked: list[str] = []
    monkeypatch.setattr(store, "get", lambda kind, key: asked.append(key))
    _refuse_analysis(monkeypatch)
    assert _answers(index) == fresh
    assert asked == []  # every text was read by the one query


def test_many_keys_read_at_once_are_each_answered(duty_cache: Path):
    store.put("test", "kept", b"value")
    store.flush()
    store.put("test", "pending", b"held")  # not written yet: answered from memory
    found = store.get_many("test", ["kept", "pending", "absent", *(f"k{n}" for n in range(1200))])
    assert found["kept"] == b"value" and found["pending"] == b"held"
    assert found["absent"] is None and len(found) == 1203  # more keys than one query may name


def test_a_korean_text_analysed_before_is_read_for_another_snapshot(duty_cache: Path, data: DataDir, monkeypatch):
    catalogue = Catalogue(data)
    text = TEXTS[1]
    matching.index_for(data, catalogue.in_force(ON)).match(text, tokens.tokenizer())
    new_process()
    monkeypatch.setattr(tokens.Tokenizer, "_korean", lambda self: pytest.fail("the analyser was loaded"))
    older = matching.index_for(data, catalogue.in_force(dt.date(2023, 3, 1)))
    assert older.match(text, tokens.tokenizer()).totals  # another index: matched again, from the kept analysis


def _kept_for(data: DataDir, on: dt.date, text: str) -> matching.Matched | None:
    matching.forget_indexes()
    return matching.index_for(data, Catalogue(data).in_force(on))._kept(text)


def test_a_change_to_anything_a_match_depends_on_misses(duty_cache: Path, data_copy: Path, monkeypatch):
    data = DataDir(data_copy)
    text = TEXTS[0]
    index = matching.index_for(data, Catalogue(data).in_force(ON))
    index.match(text, tokens.tokenizer())
    new_process()
    assert _kept_for(data, ON, text) is not None  # the same text, snapshot, terms, reference and matcher: a hit
    # the text
    assert _kept_for(data, ON, text + " ") is None
    # the snapshot (another edition of the list)
    assert _kept_for(data, dt.date(2023, 3, 1), text) is None
    # the matcher's version (its source, the analyser's or the stemmer's version, Python's)
    with monkeypatch.context() as patched:
        patched.setattr(tokens, "_version", ["matching another-source; kiwipiepy another"])
        assert _kept_for(data, ON, text) is None
    assert _kept_for(data, ON, text) is not None
    # the curated terms
    terms = data_copy / "catalogue" / "terms.toml"
    original = terms.read_text(encoding="utf-8")
    terms.write_text(original.replace("[terms.web-developer]\nen = [", '[terms.web-developer]\nen = ["zzqx", ', 1))
    assert terms.read_text(encoding="utf-8") != original
    assert _kept_for(data, ON, text) is None
    terms.write_text(original, encoding="utf-8")
    assert _kept_for(data, ON, text) is not None
    # the reference of work outside the list
    outside = data_copy / "catalogue" / "outside-list.toml"
    reference = outside.read_text(encoding="utf-8")
    outside.write_text(reference.replace('"site cleanup", ', '"site cleanup", "zzqx", ', 1), encoding="utf-8")
    assert outside.read_text(encoding="utf-8") != reference
    assert _kept_for(data, ON, text) is None


def test_texts_forgotten_for_the_benchmarks_are_neither_read_nor_kept(duty_cache: Path, data: DataDir):
    snapshot = Catalogue(data).in_force(ON)
    matching.index_for(data, snapshot).match(TEXTS[0], tokens.tokenizer())
    new_process()
    matching.forget_texts()  # "never seen before"
    index = matching.index_for(data, snapshot)
    assert index._kept(TEXTS[0]) is None
    index.match(TEXTS[2], tokens.tokenizer())
    store.flush()
    assert _kept_rows(duty_cache)["match"] == 1


def test_a_store_that_cannot_be_opened_is_not_used(tmp_path: Path, monkeypatch, data: DataDir):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(index_cache.CACHE_VAR, str(blocker / "cache"))
    new_process()
    try:
        index = matching.index_for(data, Catalogue(data).in_force(ON))
        assert index.match(TEXTS[0], tokens.tokenizer()).totals  # it still matches
        store.flush()
        assert blocker.read_text(encoding="utf-8") == "not a folder"
    finally:
        store.close()
        new_process()


def test_a_damaged_row_is_a_miss(duty_cache: Path, data: DataDir):
    snapshot = Catalogue(data).in_force(ON)
    index = matching.index_for(data, snapshot)
    fresh = _answers(index)
    new_process()
    store.close()
    with sqlite3.connect(duty_cache / FILE_NAME) as db:
        db.execute("UPDATE rows SET value = x'00ff'")
    assert _answers(matching.index_for(data, snapshot)) == fresh


def test_the_store_is_bounded_and_keeps_answering_after_it_drops_rows(duty_cache: Path, data: DataDir, monkeypatch):
    from engine.core import keyed_store

    monkeypatch.setattr(keyed_store, "MAX_ROWS", 100)
    keys = [index_cache.digest(["bound", str(n)]) for n in range(150)]
    for key in keys:
        store.put("test", key, key.encode())
    store.flush()
    with sqlite3.connect(duty_cache / FILE_NAME) as db:
        (count,) = db.execute("SELECT count(*) FROM rows").fetchone()
    assert 0 < count <= 50  # rows dropped by the first hex digit of their key until at most half are left
    kept = [key for key in keys if store.get("test", key) is not None]
    assert len(kept) == count and all(store.get("test", key) == key.encode() for key in kept)
    snapshot = Catalogue(data).in_force(ON)
    assert _answers(matching.index_for(data, snapshot))  # a dropped row is worked out again, not an error
