"""Korean texts analysed ahead (engine/duties/tokens.py ``Tokenizer.expect``, told by `e7 batch` a chunk of cases at
a time): when one expected text must be analysed, the other Korean ones no earlier run analysed are analysed with
it, in one go (one round trip to the shared analyser process); each gives the same features as alone, is kept when
asked for, and a text kept by an earlier run is not analysed again. Also: the analyser process of `e7 batch --jobs`
loading at once when the first cases hold Korean texts never analysed (engine/duties/analyser_process.py)."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import pytest

from engine.core import index_cache
from engine.core.keyed_store import store
from engine.duties import analyser_process, matching, tokens

FIRST = "호텔 프런트에서 체크인과 예약을 처리 미리 분석"
SECOND = "건설 현장 자재 운반 미리 분석"
THIRD = "Python으로 백엔드 API 개발 미리 분석"
ENGLISH = "Write Python code for backend APIs ahead"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(index_cache.CACHE_VAR, str(tmp_path / "cache"))
    store.flush()
    matching.forget_texts(reread=True)
    yield tmp_path / "cache"
    store.close()
    matching.forget_texts(reread=True)


def _counting(tok: tokens.Tokenizer, monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The texts of each call to the analyser, in order."""
    calls: list[list[str]] = []
    original = tok._korean_tokens

    def counted(texts: list[str]) -> list:
        calls.append(list(texts))
        return original(texts)

    monkeypatch.setattr(tok, "_korean_tokens", counted)
    return calls


def _alone(text: str) -> tuple:
    tok = tokens.Tokenizer()
    tok.forget()  # neither read nor kept: analysed now, alone
    return tok.features(text)


def test_expected_korean_texts_are_analysed_together_with_the_first_asked_for(cache, monkeypatch):
    tok = tokens.Tokenizer()
    calls = _counting(tok, monkeypatch)
    tok.expect([FIRST, ENGLISH, SECOND, FIRST, THIRD])
    first = tok.features(FIRST)
    assert calls == [[FIRST, SECOND, THIRD]]  # one call, English left out, each text once
    later = [tok.features(SECOND), tok.features(THIRD), tok.features(ENGLISH)]
    assert len(calls) == 1  # the others were analysed ahead
    assert [first, *later] == [_alone(t) for t in (FIRST, SECOND, THIRD, ENGLISH)]
    store.flush()
    assert tokens.unanalysed([FIRST, SECOND, THIRD]) is False  # each kept when asked for


def test_a_text_analysed_by_an_earlier_run_is_not_analysed_again_ahead(cache, monkeypatch):
    earlier = tokens.Tokenizer()
    earlier.features(SECOND)
    store.flush()
    assert tokens.unanalysed([SECOND, ENGLISH]) is False
    assert tokens.unanalysed([SECOND, FIRST]) is True
    tok = tokens.Tokenizer()
    calls = _counting(tok, monkeypatch)
    tok.expect([FIRST, SECOND])
    tok.features(FIRST)
    tok.features(SECOND)
    assert calls == [[FIRST]]  # SECOND read from the cache folder, never analysed


def test_texts_analysed_ahead_are_dropped_by_the_next_expect(cache, monkeypatch):
    tok = tokens.Tokenizer()
    calls = _counting(tok, monkeypatch)
    tok.expect([FIRST, SECOND])
    tok.features(FIRST)
    tok.expect([THIRD])  # SECOND was never asked for: it is not held past the chunk
    assert tok.features(SECOND) == _alone(SECOND)
    assert calls == [[FIRST, SECOND], [SECOND, THIRD]]  # analysed again, THIRD with it


def test_the_shared_analyser_answers_a_chunk_in_one_round_trip_loaded_at_once():
    server = analyser_process.Server(multiprocessing.get_context("fork"), preload=True)
    try:
        analyser_process.use(server.address)
        shared = analyser_process.tokens([FIRST, THIRD])
        kiwi = tokens.load_analyser()
        assert shared == [tokens.analyse(kiwi, FIRST), tokens.analyse(kiwi, THIRD)]
    finally:
        analyser_process.use(None)
        server.stop()


def _cases(tmp_path: Path) -> Path:
    rows = []
    for n in range(70):
        duties = [{"task": f"{FIRST} {n}", "share": 60}, {"task": f"{ENGLISH} {n}", "share": 40}]
        position = {"code": "2223", "subcategory": "E-7-1", "job_title": "웹 개발자", "duties": duties}
        rows.append({"id": f"c{n}", "filed_on": ["2026-07-01", "2024-05-02"][n % 2], "position": position})
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_a_batch_whose_analyser_loads_at_once_answers_as_one_process(e7, tmp_path, cache):
    source = _cases(tmp_path)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert e7("batch", str(source), "-o", str(two), "--jobs", "2").code == 0  # every text new: analysed there
    assert e7("batch", str(source), "-o", str(one)).code == 0
    assert one.read_bytes() == two.read_bytes()
    assert len(one.read_bytes().splitlines()) == 70


def test_the_analyser_loads_at_once_only_for_korean_texts_never_analysed(tmp_path, cache):
    from engine.rules import batch

    source = _cases(tmp_path)
    first = list(batch._lines(source))[: batch.CHUNK]
    assert batch._unanalysed([batch._parsed(item) for item in first]) is True
    tok = tokens.Tokenizer()
    for item in first:
        for duty in batch.case_of(item).position.duties:
            tok.features(duty.task)
    store.flush()
    assert batch._unanalysed([batch._parsed(item) for item in first]) is False  # analysed by an earlier run
    plain = batch.Item("x", "line", json.dumps({"filed_on": "2026-07-01", "position": {"code": "2223"}}))
    assert batch._unanalysed([batch._parsed(plain), ValueError("a case that is no good")]) is False
