"""What a duty index is built from and its figures (engine/duties/matching.py scores texts with them): every code of
a snapshot, and every occupation outside the list, as a document of fields, each field's text turned into
features by the tokenizer; the words' idf and their BM25F term frequencies per document (postings).

The tables are built once and kept in the user's cache folder (``engine/core/index_cache.py``) under the sha256
of their sources, the matcher's source (this module's included: ``tokens._matcher_version``) and the versions of
what analyses the text.
"""

from __future__ import annotations

import marshal
import math
from collections.abc import Iterable
from typing import Any

import attrs

from engine.core import index_cache
from engine.core.model import Snapshot
from engine.duties.terms import OutsideOccupation, Terms
from engine.duties.tokens import Tokenizer, _matcher_version

# BM25F: a word found in a title says more than one found in a long description; curated terms sit between
FIELD_WEIGHTS = {"title": 3.0, "examples": 2.0, "terms": 2.0, "description": 1.0, "section": 1.0}
# length normalisation per field: titles are short by nature, example lists and descriptions vary a lot; the
# section's scope of work is printed for a few codes only (an average over the rest would crush it): none
FIELD_B = {"title": 0.0, "examples": 0.5, "terms": 0.3, "description": 0.6, "section": 0.0}
Posting = tuple[int, float, tuple[str, ...]]  # a document's position, its BM25F term frequency, its fields


@attrs.frozen
class Sources:
    """Everything an index is built from, as plain text: what its cache entry is keyed on."""

    codes: tuple[dict[str, list[str]], ...]  # per code: field -> its texts
    outside: tuple[dict[str, list[str]], ...]  # per occupation outside the list, the same fields
    glossary: tuple[tuple[str, tuple[str, ...]], ...]  # English word -> the manual's Korean words, sorted

    @classmethod
    def of(cls, snapshot: Snapshot, terms: Terms, outside: tuple[OutsideOccupation, ...]) -> Sources:
        codes = tuple(
            {
                "title": _unique([code.title_ko, code.section_title_ko, code.title_en]),
                "examples": list(code.examples),
                "terms": [*terms.of(code.occupation), *code.terms],
                "description": [code.description] if code.description else [],
                "section": list(terms.section_of(code.occupation)),
            }
            for code in snapshot.codes
        )
        others = tuple(
            {
                "title": [o.title_ko, o.title_en],
                "examples": [],
                "terms": [*o.en, *o.ko],
                "description": [o.description] if o.description else [],
                "section": [],
            }
            for o in outside
        )
        return cls(codes, others, tuple(sorted(terms.glossary.items())))

    def key(self) -> str:
        """The sha256 of these sources, the matcher's source code and the versions of what analyses the text."""
        import json

        return index_cache.digest(
            [
                _matcher_version(),
                json.dumps([self.codes, self.outside, self.glossary], ensure_ascii=False, sort_keys=True),
            ]
        )


@attrs.frozen
class Tables:
    """An index's figures: what is built from the sources (and cached), as plain data."""

    glossary: dict[str, tuple[str, ...]]  # stem -> the keys of the manual's Korean words
    idf: dict[str, float]
    # a word's postings, marshalled, unpacked on the word's first use: a batch uses a few hundred of an index's
    # thousands of words, and packed an index reads as a few thousand byte strings, not tens of thousands of
    # tuples to build and for the garbage collector to walk again and again (equal when their postings are)
    postings: dict[str, bytes] = attrs.field(eq=lambda packed: _unpacked(packed))
    outside_idf: dict[str, float]  # a word no code holds, weighed by the occupations outside the list
    outside_postings: dict[str, bytes] = attrs.field(eq=lambda packed: _unpacked(packed))
    unknown_idf: float  # a word found nowhere: as distinctive as a word can be

    @classmethod
    def build(cls, sources: Sources, tok: Tokenizer) -> Tables:
        glossary: dict[str, tuple[str, ...]] = {}
        for word, korean in sources.glossary:
            stem = tok.stem(word.lower())
            keys = [f.key for k in korean for f in tok.features(k) if " " not in f.key]
            glossary[stem] = tuple(dict.fromkeys([*glossary.get(stem, ()), *keys]))
        per_code = [_bags(fields, tok) for fields in sources.codes]
        lengths: dict[str, list[int]] = {f: [sum(c[f].values()) for c in per_code] for f in FIELD_WEIGHTS}
        average = {f: (sum(v) / len(v) if v and sum(v) else 1.0) for f, v in lengths.items()}
        n = len(per_code)
        # the section's scope of work (a few codes) takes no part in how distinctive a word is: a word the other
        # fields hold keeps its idf, so that every other code's score is what it was without it
        idf = {key: _idf(n, d) for key, d in _document_frequency(per_code, skip="section").items()}
        # the work outside the list, scored with the codes' lengths and idf (a word no code holds is weighed by
        # how many of these occupations hold it), so that its scores compare with the codes'
        per_outside = [_bags(fields, tok) for fields in sources.outside]
        outside_df = _document_frequency(per_outside)
        outside_idf = {key: _idf(n, min(d, n)) for key, d in outside_df.items() if key not in idf}
        # a word only a section holds: weighed as the outside list weighs it, else by the sections that hold it
        for key, d in _document_frequency([{"section": c.get("section", {})} for c in per_code]).items():
            if key not in idf:
                idf[key] = outside_idf.get(key) or _idf(n, d)
        return cls(
            glossary, idf, _postings(per_code, average), outside_idf, _postings(per_outside, average), _idf(n, 0)
        )

    def plain(self) -> tuple[Any, ...]:
        return (self.glossary, self.idf, self.postings, self.outside_idf, self.outside_postings, self.unknown_idf)

    @classmethod
    def from_plain(cls, value: Any) -> Tables | None:
        """The tables of a cache entry, or None when it does not have their shape."""
        if not (isinstance(value, tuple) and len(value) == 6 and isinstance(value[5], float)):
            return None
        if not all(isinstance(part, dict) for part in value[:5]):
            return None
        return cls(*value)


def _bags(fields: dict[str, list[str]], tok: Tokenizer) -> dict[str, dict[str, int]]:
    """Each field of a document as feature key -> count."""
    counts: dict[str, dict[str, int]] = {}
    for field, texts in fields.items():
        bag: dict[str, int] = {}
        for text in texts:
            for feature in tok.features(text):
                bag[feature.key] = bag.get(feature.key, 0) + 1
        counts[field] = bag
    return counts


def _document_frequency(documents: list[dict[str, dict[str, int]]], skip: str = "") -> dict[str, int]:
    df: dict[str, int] = {}
    for counts in documents:
        for key in {k for field, bag in counts.items() if field != skip for k in bag}:
            df[key] = df.get(key, 0) + 1
    return df


def _idf(n: int, d: int) -> float:
    return math.log(1 + (n - d + 0.5) / (d + 0.5))


def _postings(documents: list[dict[str, dict[str, int]]], average: dict[str, float]) -> dict[str, bytes]:
    """BM25F term frequencies of every key of every document, by key (documents in order), each key's marshalled."""
    postings: dict[str, list[Posting]] = {}
    for index, counts in enumerate(documents):
        for key in sorted({k for bag in counts.values() for k in bag}):
            tf = 0.0
            found: list[str] = []
            for field, bag in counts.items():
                count = bag.get(key, 0)
                if not count:
                    continue
                found.append(field)
                length = sum(bag.values())
                norm = 1 - FIELD_B[field] + FIELD_B[field] * length / average[field]
                tf += FIELD_WEIGHTS[field] * count / norm
            postings.setdefault(key, []).append((index, tf, tuple(found)))
    return {key: marshal.dumps(tuple(entries)) for key, entries in postings.items()}


def _unpacked(packed: dict[str, bytes]) -> dict[str, tuple[Posting, ...]]:
    return {key: marshal.loads(value) for key, value in packed.items()}


def _unique(texts: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for text in texts:
        if text and text not in seen:
            seen.append(text)
    return seen
