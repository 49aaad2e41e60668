"""What a text matched (``Found``) and its match against an index as the keyed store keeps it
(engine/core/keyed_store.py; written and read by engine/duties/matching.py ``Index.match`` and ``Index._from_row``):
the text's features, content, reading against the work outside the list, its codes' scores and coverage as they
were summed (packed), and its fitting under the fit bar it was matched with (``fitting``, beside the ranking it
rests on: ``top`` and ``ranked``). A row is read only when it has this shape; anything else is a miss, worked out
again. This module's source is part of the matcher's version (``tokens._matcher_version``), so a change to the
layout gives rows other keys.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from engine.duties.matching import Index

Bar = tuple[float, float]  # a fit bar: the minimum score and coverage of a code a text fits (``fitting``)
_STR = {str}  # what a kept row's features are
RawHit = tuple[str, str, tuple[str, ...], float]  # words, key, fields, weight: a Hit before it is needed
# a feature of the text as matched: its words and key with its weights, or (for a word that also went through
# the glossary) "" and "" with the best of its candidates per document (weight, fields, words, key); then how much
# it counts in the text's content (0 for a two-word feature)
Pick = tuple[str, str, dict[int, Any], float]


class Found:
    """What the text matched in each document, worked out for a document when asked: a text matches hundreds
    of codes and only a few are ever shown, so the lists are not built for the rest.

    A text read back from the keyed store (``Index._kept``) brings its coverage per code as it was summed
    (``covered``, or ``kept_coverage`` to unpack it when first asked for: a text read back with its fitting
    rarely needs it), and its features: what each feature matches (its picks) is looked up only when a document's
    list is asked for."""

    __slots__ = ("_covered", "_features", "_index", "_kept_coverage", "_picks")

    def __init__(
        self,
        picks: list[Pick] | None,
        covered: dict[int, float] | None = None,
        features: tuple[tuple[str, ...], tuple[str, ...]] | None = None,
        index: Index | None = None,
        kept_coverage: Callable[[], dict[int, float]] | None = None,
    ) -> None:
        self._picks = picks
        self._covered = covered
        self._features = features  # the text's features' keys and surfaces, for picks not yet looked up
        self._index = index
        self._kept_coverage = kept_coverage

    def _kept(self) -> dict[int, float] | None:
        """The coverage kept with the match, unpacked on first use (None for a text matched in this process)."""
        if self._covered is None and self._kept_coverage is not None:
            self._covered = self._kept_coverage()
        return self._covered

    @property
    def picks(self) -> list[Pick]:
        picks = self._picks
        if picks is None:  # the index and the features stay: another thread may be looking them up too
            assert self._index is not None and self._features is not None
            picks = self._picks = self._index._picks(*self._features, outside=False)
        return picks

    def get(self, index: int, default: Any = ()) -> Any:
        out: list[RawHit] = []
        for words, key, table, _ in self.picks:
            entry = table.get(index)
            if entry is None:
                continue
            if words:
                out.append((words, key, entry[1], entry[0]))
            else:  # the best candidate of a word matched as itself or through the glossary
                out.append((entry[2], entry[3], entry[1], entry[0]))
        return out or default

    def __getitem__(self, index: int) -> list[RawHit]:
        found = self.get(index, None)
        if found is None:
            raise KeyError(index)
        return found

    def covered(self, index: int) -> float:
        """The content weight of the text's one-word features that a document holds (summed in text order)."""
        kept = self._kept()
        if kept is not None:
            return kept.get(index, 0.0)
        covered = 0.0
        for _, _, table, content in self.picks:
            if content and index in table:
                covered += content
        return covered

    def coverage(self) -> dict[int, float]:
        """``covered`` of every document that holds some one-word feature (each summed in text order, the same
        floats): what a kept match keeps."""
        kept = self._kept()
        if kept is not None:
            return kept
        covered: dict[int, float] = {}
        get = covered.get
        for _, _, table, content in self.picks:
            if content:
                for index in table:
                    covered[index] = get(index, 0.0) + content
        self._covered = covered
        return covered


def packed_positions(codes: frozenset[int]) -> bytes:
    """Codes by position, 2 bytes each, in order."""
    return array("H", sorted(codes)).tobytes()


def packed(totals: dict[int, float], covered: dict[int, float]) -> tuple[bytes, bytes, bytes, bytes]:
    """A match's scores and coverage per code as a kept row holds them, so that it stays within a page of the keyed
    store's file: the codes' positions (2 bytes each) and scores (8 bytes each, their exact bits) in the table's
    order, then each code's coverage as the place (2 bytes) of its value among the few distinct values (8 bytes
    each; a code without coverage has 0.0, as ``Found.covered`` gives it)."""
    distinct = list(dict.fromkeys(covered.get(i, 0.0) for i in totals))
    place = {value: n for n, value in enumerate(distinct)}
    which = array("H", [place[covered.get(i, 0.0)] for i in totals])
    return (
        array("H", totals).tobytes(),
        array("d", totals.values()).tobytes(),
        which.tobytes(),
        array("d", distinct).tobytes(),
    )


def unpacked(
    positions: bytes, scores: bytes, which: bytes, distinct: bytes, codes: int
) -> tuple[dict[int, float], Callable[[], dict[int, float]]] | None:
    """``packed``'s scores, and its coverage as a function that unpacks it (few texts read back need it), or None
    when they do not have their shape (or name a code past ``codes``, or a value past those kept)."""
    if not (type(positions) is type(scores) is type(which) is type(distinct) is bytes):
        return None
    if len(scores) != 4 * len(positions) or len(which) != len(positions):
        return None
    keys, places, kept = array("H", positions), array("H", which), array("d", distinct)
    if keys and (max(keys) >= codes or max(places) >= len(kept)):
        return None

    def coverage() -> dict[int, float]:
        return dict(zip(keys, map(kept.__getitem__, places), strict=True))

    return dict(zip(keys, array("d", scores), strict=True)), coverage


def fitting_kept(reading: Any, totals: dict[int, float]) -> tuple[Bar, tuple[float, frozenset[int]]] | None:
    """A kept row's fitting of its text (the bar, the best score and the codes that fit, packed as ``Index.match``
    keeps them), or None when it does not have their shape or names a code the text did not match."""
    if not (type(reading) is tuple and len(reading) == 4 and type(reading[3]) is bytes and len(reading[3]) % 2 == 0):
        return None
    min_score, min_coverage, best, fits = reading
    if not (type(min_score) is type(min_coverage) is type(best) is float):
        return None
    codes = frozenset(array("H", fits))
    if not codes <= totals.keys():
        return None
    return (min_score, min_coverage), (best, codes)


def features_shaped(keys: Any, surfaces: Any) -> bool:
    """Whether kept values have the shape of a text's features: their keys and surfaces, as many of each."""
    return (
        type(keys) is tuple
        and type(surfaces) is tuple
        and len(keys) == len(surfaces)
        and set(map(type, keys)) <= _STR
        and set(map(type, surfaces)) <= _STR
    )


def fitting(
    totals: dict[int, float], covered: dict[int, float], content: float, bar: Bar
) -> tuple[float, frozenset[int]]:
    """A text's best score (rounded to 4 places, as a score is shown; 0.0 when no code matched) and the codes it
    fits under a bar (minimum score, minimum coverage; engine/duties/alignment.py's fit bar): those whose score
    rounded to 4 places is at least the minimum and whose content weight ``covered`` is at least that share of the
    text's ``content``. A score from a minimum of 4 places up rounds to at least it (rounding keeps the order), and
    only one just below it may round up to it: few scores are rounded."""
    min_score, min_coverage = bar
    first = top(totals)
    best = round(totals[first], 4) if first is not None else 0.0
    exact = round(min_score, 4) == min_score
    fits = frozenset(
        i
        for i, t in totals.items()
        if ((exact and t >= min_score) or (t > min_score - 0.001 and round(t, 4) >= min_score))
        and (covered.get(i, 0.0) / content if content else 0.0) >= min_coverage
    )
    return best, fits


def ranked(totals: dict[int, float]) -> list[int]:
    """Code positions best first; equal scores (to 6 places) in the list's order."""
    return sorted(totals, key=lambda i: (-round(totals[i], 6), i))


def top(totals: dict[int, float]) -> int | None:
    """The position ``ranked`` would put first, without sorting the rest."""
    if not totals:
        return None
    if len(totals) == 1:
        return next(iter(totals))
    highest = max(totals.values())
    near = highest - 1e-6  # only a score this near can round to the same
    close = [i for i, t in totals.items() if t >= near]
    if len(close) == 1:  # the highest alone (most texts): nothing to round
        return close[0]
    best = round(highest, 6)
    return min(i for i in close if round(totals[i], 6) == best)
