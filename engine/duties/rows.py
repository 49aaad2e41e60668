"""A text's match against an index as the keyed store keeps it (engine/core/keyed_store.py; written and read by
engine/duties/matching.py ``Index.match`` and ``Index._from_row``): the text's features, content, reading against
the work outside the list, its codes' scores and coverage as they were summed (packed), and its fitting under the
fit bar it was matched with (``fitting``, beside the ranking it rests on: ``top`` and ``ranked``). A row is read
only when it has this shape; anything else is a miss, worked out again. This module's source is part of the
matcher's version (``tokens._matcher_version``), so a change to the layout gives rows other keys.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from typing import Any

Bar = tuple[float, float]  # a fit bar: the minimum score and coverage of a code a text fits (``fitting``)
_STR = {str}  # what a kept row's features are


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
