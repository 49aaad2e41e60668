"""Facts of a code and a ruleset alone, worked out once per pair rather than for every case that names them."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
BOUND = 4_096  # pairs kept at most; past it they are forgotten together and worked out again


def kept_per_pair(work: Callable[[Any, Any], T]) -> Callable[[Any, Any], T]:
    """``work(entry, ruleset)`` once per pair of objects: keyed by their ids, with the two kept beside the answer
    so that an id reused by a later object is never taken for the old one."""
    kept: dict[tuple[int, int], tuple[Any, Any, T]] = {}

    @functools.wraps(work)
    def once(entry: Any, ruleset: Any) -> T:
        key = (id(entry), id(ruleset))
        found = kept.get(key)
        if found is not None and found[0] is entry and found[1] is ruleset:
            return found[2]
        value = work(entry, ruleset)
        if len(kept) >= BOUND:
            kept.clear()
        kept[key] = (entry, ruleset, value)
        return value

    return once
