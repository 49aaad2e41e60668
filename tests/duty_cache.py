"""What the duty-match tests share: a process's state as a new process starts (tests/conftest.py ``duty_cache``)."""

from __future__ import annotations

from engine.core.keyed_store import store
from engine.duties import matching


def new_process() -> None:
    """What a new process starts from: no duty index and no text held in memory (only the cache folder)."""
    store.flush()
    matching.forget_indexes()
    matching.forget_texts(reread=True)
