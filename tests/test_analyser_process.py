"""The Korean analyser shared by `e7 batch --jobs` workers (engine/duties/analyser_process.py): the same tokens as
an analyser of the process's own, which the process then never loads; and when the shared one has stopped, the
process analyses on its own with the same answer."""

from __future__ import annotations

import multiprocessing

import pytest

from engine.duties import analyser_process, tokens

TEXTS = ("호텔 프런트에서 체크인과 예약을 처리 공유 분석기", "Python으로 백엔드 API 개발 및 유지보수 공유 분석기")


@pytest.fixture
def server():
    started = analyser_process.Server(multiprocessing.get_context("fork"))
    yield started
    started.stop()
    analyser_process.use(None)


def _features(tok: tokens.Tokenizer) -> list:
    tok.forget()  # neither read nor kept: every text analysed now
    return [tok.features(text) for text in TEXTS]


def test_the_shared_analyser_gives_the_same_tokens_and_nothing_loads_here(server):
    analyser_process.use(server.address)
    shared = tokens.Tokenizer()
    through = _features(shared)
    assert not shared.korean_loaded  # analysed in the analyser process
    analyser_process.use(None)
    own = tokens.Tokenizer()
    assert _features(own) == through
    assert own.korean_loaded


def test_a_stopped_analyser_process_falls_back_to_this_one(server):
    analyser_process.use(server.address)
    server.stop()
    tok = tokens.Tokenizer()
    through = _features(tok)
    assert tok.korean_loaded  # the connection failed: analysed here, once and for all
    assert not analyser_process.connected()
    analyser_process.use(None)
    assert _features(tokens.Tokenizer()) == through
