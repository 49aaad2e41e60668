"""One Korean analyser shared by the worker processes of `e7 batch --jobs N`.

kiwipiepy's analyser takes about 330 MB and 1.5-2 s of CPU to load. Each worker loading its own would multiply
both by the number of workers, for what is a small part of their work (most texts were analysed before and are
read from engine/core/keyed_store.py). So the batch starts one analyser process beside its workers. It loads the
analyser at once when the batch's first cases hold Korean texts no earlier run analysed (while the workers start
and warm up, engine/rules/batch.py), else on the first text it is sent. Each worker, on its first Korean text not
analysed before, connects to it (a local socket with a random key) and sends it texts, those of a chunk of cases
together (one round trip, engine/duties/tokens.py ``Tokenizer.expect``), getting back the tokens as plain data.
A worker whose connection fails (the process stopped) analyses in its own process from then on: the answer is
the same, only slower and larger.

May import: the standard library and engine.duties.tokens (inside the analyser process only).
"""

from __future__ import annotations

import os
import signal
import threading
from multiprocessing.connection import Client, Connection, Listener
from typing import Any

# this process's connection to the analyser process, once made; the address and key it was given
_client: dict[str, Any] = {}


class Server:
    """The analyser process, started by the batch (``start``) and stopped when it ends (``stop``)."""

    def __init__(self, context: Any, preload: bool = False) -> None:
        self.key = os.urandom(32)
        self.listener = Listener(family="AF_UNIX", authkey=self.key)  # started only where processes fork
        args = (self.listener, preload)
        self.process = context.Process(target=_serve, args=args, daemon=True, name="e7-analyser")
        self.process.start()

    @property
    def address(self) -> tuple[str, bytes]:
        return (str(self.listener.address), self.key)

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(timeout=5)
        self.listener.close()


def _serve(listener: Listener, preload: bool) -> None:
    # the parent answers Ctrl-C and stops this process with SIGTERM, which ends it silently
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    lock = threading.Lock()  # one text at a time through the one analyser
    analyser: list[Any] = []

    def loaded() -> Any:  # called holding the lock
        from engine.duties.tokens import analyse, load_analyser

        if not analyser:
            kiwi = load_analyser()
            analyse(kiwi, "분석기 준비")  # the first analysis builds what the model builds lazily (about 0.5 s)
            analyser.append(kiwi)
        return analyser[0]

    def preloaded() -> None:
        with lock:
            loaded()

    def answer(connection: Connection) -> None:
        from engine.duties.tokens import analyse

        with connection:
            while True:
                try:
                    texts = connection.recv()
                except (EOFError, OSError):
                    return
                with lock:
                    kiwi = loaded()
                    tokens = [analyse(kiwi, text) for text in texts]
                connection.send(tokens)

    if preload:  # the batch's first cases hold Korean texts never analysed: load while the workers start
        threading.Thread(target=preloaded, daemon=True).start()

    while True:
        try:
            connection = listener.accept()
        except Exception:  # a client that failed the key (AuthenticationError) or went away
            continue
        threading.Thread(target=answer, args=(connection,), daemon=True).start()


def use(address: tuple[str, bytes] | None) -> None:
    """Send this process's Korean texts to the analyser process at ``address`` (None: analyse here)."""
    _client.clear()
    if address is not None:
        _client["address"] = address


def connected() -> bool:
    return "address" in _client


def tokens(texts: list[str]) -> list[list[tuple[str, str, int, int]]] | None:
    """The analyser process's tokens of each text (sent together: one round trip), or None when it cannot be
    reached (then never tried again)."""
    try:
        connection = _client.get("connection")
        if connection is None:
            path, key = _client["address"]
            connection = _client["connection"] = Client(path, authkey=key)
        connection.send(texts)
        return connection.recv()
    except (OSError, EOFError, KeyError, ValueError):
        _client.clear()
        return None
