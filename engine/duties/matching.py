"""Duty matching: how well a duty text (English, Korean or both) fits each code in force on a date.

Every code of a snapshot becomes a small document with fields: its titles (``title_ko``, ``section_title_ko``,
``title_en``), its example job titles (``examples``), its official duty description (``description``, 직종설명),
the scope of work its own section prints where it prints one (``section``: quoted from the manual with its source in
``catalogue/terms.toml`` [sections]; 2735's 공연기획자 업무범위, visa manual 2026.6 p.217) and the matching terms e7
curates for its occupation (``catalogue/terms.toml``, plus any ``terms`` a snapshot carries). A duty is scored
against every document with BM25F (field-weighted BM25), written out here rather than
taken from bm25s or rank-bm25 because those rank one flat text per document and cannot say which field a word
matched, and saying it is the point: every score carries its hits, the words of the duty and where in the code
they were found.

Text becomes features in the same way on both sides:

- Korean (any text holding Hangul) goes through kiwipiepy's morphological analyser: nouns, roots and verb or
  adjective stems of two syllables or more are kept, particles and endings dropped; nouns written together
  (프런트데스크, 백엔드) also give their compound. Latin words inside Korean text take the English path.
- English words are lower-cased, dropped if they are stop words and reduced to their Snowball stem
  (editing -> edit, developers -> develop).
- Neighbouring words also form a two-word feature ("video edit", "웹 서버"), so a phrase scores more than its
  words apart.

kiwipiepy loads its model (shipped inside the kiwipiepy_model package, nothing is downloaded) on first use,
a second or more and about 300 MB; English-only text never loads it. Building an index does, since the
descriptions are Korean, so an index is built once and kept in the user's cache folder
(``engine/core/index_cache.py``) under the sha256 of everything it is built from, this module's source
included. Within a process, indexes are held per snapshot (snapshots whose codes read alike share the tables),
and each index remembers the match of the texts it met; between runs, each text's match against an index (its
features, content, codes' scores and coverage, and reading against the work outside the list) is kept in the
cache folder's SQLite file (``engine/core/keyed_store.py``) under the sha256 of the index's sources and the
text, and each Korean text's analysis under the matcher's version and the text, so a text seen in any earlier
run is neither analysed nor matched again.
"""

from __future__ import annotations

import marshal
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from engine.core import index_cache
from engine.core.keyed_store import store
from engine.core.model import Code, Snapshot
from engine.data.folders import DataDir
from engine.duties.rows import Bar, features_shaped, fitting_kept, packed, packed_positions, unpacked
from engine.duties.rows import Found as Found
from engine.duties.rows import Pick as Pick
from engine.duties.rows import RawHit as RawHit
from engine.duties.rows import fitting as fitting  # where alignment and the tests find them
from engine.duties.rows import ranked as ranked
from engine.duties.rows import top as top
from engine.duties.tables import FIELD_WEIGHTS as FIELD_WEIGHTS  # where callers have long found it
from engine.duties.tables import Sources, Tables
from engine.duties.terms import Outside, Terms, load_outside, load_terms
from engine.duties.tokens import Feature, Tokenizer, tokenizer

K1 = 1.2
GLOSSARY_WEIGHT = 0.6  # an English word matched through the glossary counts for less than the word itself
_ASK: Any = object()  # a text not prefetched: its kept match is asked for alone
MEMO_SIZE = 2048  # texts whose match each index remembers (a few kilobytes each)
MATCH = "match"  # the kind of row a text's match against an index is kept under (engine/core/keyed_store.py)
FIELD_NAMES = {
    "title": "title",
    "examples": "example job titles",
    "terms": "e7 terms",
    "description": "description",
    "section": "the section's scope of work",
}


# -- the index ------------------------------------------------------------------------------------------------


@attrs.frozen
class Hit:
    """A feature of the duty found in a code: the duty's words, and the code's fields that hold them."""

    words: str
    key: str
    fields: tuple[str, ...]
    weight: float

    def describe(self) -> str:
        return f"{self.words} ({', '.join(FIELD_NAMES[f] for f in self.fields)})"


@attrs.frozen
class CodeScore:
    code: Code
    score: float
    hits: tuple[Hit, ...]


Weights = dict[int, tuple[float, tuple[str, ...]]]  # a word's weight and fields in each document that holds it


@attrs.frozen
class Matched:
    """One text against the codes of a snapshot and against the work outside the list.

    ``totals``/``found``: the score of every listed code that matched (by position) and what it matched.
    ``content``: the text's content, its one-word features that some document holds, each weighted by how
    distinctive it is (``Index.content_weight``); ``coverage`` gives the share of it a code matched, the absolute
    measure of fit. ``outside``/``outside_score``: the best-scoring occupation outside the list (its position in
    the reference) and its score, on the same scale as the codes' (same weights, same idf)."""

    totals: dict[int, float]
    found: Found
    content: float
    outside: int | None
    outside_score: float
    outside_found: tuple[RawHit, ...]
    # what a caller works out from the match, remembered with it (alignment's reading of the fit bar)
    derived: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False)

    def coverage(self, index: int) -> float:
        """The share of the text's content that a code matched (worked out when asked: few codes are)."""
        return self.found.covered(index) / self.content if self.content else 0.0


class Index:
    """The codes of one snapshot as BM25F documents, beside the occupations outside the list."""

    def __init__(
        self,
        snapshot: Snapshot,
        terms: Terms,
        tok: Tokenizer,
        outside: Outside | None = None,
        tables: Tables | None = None,
        key: str | None = None,
        like: Index | None = None,
    ) -> None:
        self.snapshot = snapshot
        self.key = key  # the sha256 of its sources (Sources.key): texts' matches are kept under it between runs
        self._key_digest: Callable[[str], str] | None = None  # a text's key from the index's (``_text_key``)
        self.codes = snapshot.codes
        self.outside = outside.occupations if outside is not None else ()
        if tables is None:
            tables = Tables.build(Sources.of(snapshot, terms, self.outside), tok)
        self.tables = tables
        self.glossary = tables.glossary
        self.idf = tables.idf
        self.postings = tables.postings
        self.outside_idf = tables.outside_idf
        self.outside_postings = tables.outside_postings
        self.unknown_idf = tables.unknown_idf
        # worked out from the tables on a word's first use, and shared with an index of the same tables (``like``):
        # the weight of each posting (as itself, or through the glossary), a word's best candidate per document
        # through the glossary (``_through``) and a word matched as itself with its content weight (``_picks``;
        # for the codes, then for the work outside the list)
        self._weights: dict[tuple[str, float, bool], Weights] = {} if like is None else like._weights
        self._through_memo: dict[Any, dict[int, Any]] = {} if like is None else like._through_memo
        self._alone: tuple[dict[str, tuple[Weights, float]], dict[str, tuple[Weights, float]]] = (
            ({}, {}) if like is None else like._alone
        )
        self._match_memo: dict[str, Matched] = {}
        self._rows: dict[str, bytes] = {}  # texts met once in this process: their rows (``_known``)
        self._totals_memo: dict[str, tuple[dict[int, float], Found]] = {}
        self._best_memo: dict[str, tuple[dict[int, float], CodeScore | None]] = {}
        # the kept rows of the texts of the cases being checked, read ahead (``prefetch``: a case's, or a chunk's
        # by ``prefetch_cases``): text -> its row, or None when none is kept; shared by indexes of the same sources
        self._prefetched: dict[str, bytes | None] = {} if like is None else like._prefetched

    def content_weight(self, key: str) -> float:
        """How much a one-word feature of a duty counts in its content: its idf (among the codes, else among the
        occupations outside the list)."""
        return self.idf.get(key) or self.outside_idf.get(key) or self.unknown_idf

    def known(self, key: str) -> bool:
        """Whether some code or some occupation outside the list holds the feature."""
        return key in self.idf or key in self.outside_idf

    def score(self, text: str, tok: Tokenizer) -> list[CodeScore]:
        """Every code with a score above 0 for the text, best first (ties in the list's order)."""
        totals, found = self.totals(text, tok)
        return [CodeScore(self.codes[i], round(totals[i], 4), hits_of(found[i])) for i in ranked(totals)]

    def best(self, text: str, tok: Tokenizer) -> tuple[dict[int, float], CodeScore | None]:
        """The unrounded score of every code that matched the text, and the best of them with its hits (the
        first ``score`` would list), or None: remembered per text (a job title is compared for every case)."""
        cached = self._best_memo.get(text)
        if cached is None:
            totals, found = self.totals(text, tok)
            first = top(totals)
            best = None
            if first is not None:
                best = CodeScore(self.codes[first], round(totals[first], 4), hits_of(found[first]))
            cached = (totals, best)
            self._remember(self._best_memo, text, cached)
        return cached

    def totals(self, text: str, tok: Tokenizer) -> tuple[dict[int, float], Found]:
        """The unrounded score of every code that matched the text (by position in the snapshot), and what it
        matched, as plain tuples: the building block of ``score``, for callers that need only a few codes'
        hits (alignment builds Hit objects only for the codes it reports). Remembered per text."""
        cached = self._totals_memo.get(text)
        if cached is None:
            matched = self._known(text)
            if matched is not None:  # a text matched before (a duty, in this run or an earlier one)
                cached = (matched.totals, matched.found)
            else:
                cached = self._accumulate(tok.features(text), outside=False)
            self._remember(self._totals_memo, text, cached)
        return cached

    def match(self, text: str, tok: Tokenizer, bar: Bar | None = None) -> Matched:
        """The text against the codes (scores, hits and coverage) and against the work outside the list;
        remembered per text (a batch meets the same duties again and again). With a fit ``bar``, the text's
        ``fitting`` under it is worked out with a new match and kept with it (``Matched.derived[bar]``)."""
        known = self._known(text)
        if known is not None:
            return known
        features = tok.features(text)
        totals, found = self._accumulate(features, outside=False)
        # the content e7 can read: a word that no code and no outside occupation holds (jargon such as GTAW)
        # says nothing either way, so it neither counts for nor against any code
        content = sum(self.content_weight(f.key) for f in features if " " not in f.key and self.known(f.key))
        outside_totals, outside_found = self._accumulate(features, outside=True)
        best = top(outside_totals)
        if best is None:
            matched = Matched(totals, found, content, None, 0.0, ())
        else:
            outside_score = round(outside_totals[best], 4)
            matched = Matched(totals, found, content, best, outside_score, tuple(outside_found[best]))
        keys, surfaces = tuple(f.key for f in features), tuple(f.surface for f in features)
        plain = (keys, surfaces, content, matched.outside, matched.outside_score, matched.outside_found)
        reading = None
        if bar is not None:
            best_score, fits = matched.derived[bar] = fitting(totals, found.coverage(), content, bar)
            reading = (*bar, best_score, packed_positions(fits))
        row = marshal.dumps((*plain, *packed(totals, found.coverage()), reading))
        self._remember(self._rows, text, row)
        if self.key is not None and tok.keeps:
            store.put(MATCH, self._text_key(text), row)
            if text in self._prefetched:  # read ahead as not kept: kept now
                self._prefetched[text] = row
        return matched

    def _known(self, text: str) -> Matched | None:
        """The match of a text met before: in this process (remembered as its row the first time, whole from
        the second: most texts of a batch come once, and a row holds nothing for the garbage collector to walk)
        or kept by an earlier run."""
        cached = self._match_memo.get(text)
        if cached is not None:
            return cached
        row = self._rows.pop(text, None)
        if row is not None:
            matched = self._from_row(row)
            if matched is not None:
                self._remember(self._match_memo, text, matched)
                return matched
        row = self._kept_row(text)
        matched = None if row is None else self._from_row(row)
        if matched is not None:
            self._remember(self._rows, text, row)
        return matched

    def prefetch(self, texts: list[str], chunk: bool = False) -> None:
        """Read the kept matches of several texts (a case's duties and job title) in one query, for the
        ``match`` and ``totals`` calls that follow; a text remembered in this process, or read already, is not
        asked for. With ``chunk``, the texts of a chunk of cases (``prefetch_cases``): what an earlier chunk read
        and no case asked for is dropped."""
        if self.key is None or not tokenizer().keeps:
            return
        if chunk:
            self._prefetched.clear()
        matches, rows, totals, read = self._match_memo, self._rows, self._totals_memo, self._prefetched
        keys = {
            self._text_key(t): t
            for t in texts
            if t not in matches and t not in rows and t not in totals and t not in read
        }
        if len(keys) < 2 and not chunk:
            return  # one text: the look-up as it comes costs the same
        found = store.get_many(MATCH, list(keys)) if keys else {}
        if len(read) > MEMO_SIZE:  # a bound on memory between chunks (or without them: each case's own texts)
            read.clear()
        read.update((text, found[key]) for key, text in keys.items() if key in found)

    def _text_key(self, text: str) -> str:
        """``index_cache.digest([self.key, text])``, from the digest of the index's part worked out once."""
        if self._key_digest is None:
            assert self.key is not None
            self._key_digest = index_cache.digest_after(self.key)
        return self._key_digest(text)

    def _kept(self, text: str) -> Matched | None:
        """The match of a text kept by an earlier run (or process), or None."""
        row = self._kept_row(text)
        return None if row is None else self._from_row(row)

    def _kept_row(self, text: str) -> bytes | None:
        if self.key is None or not tokenizer().keeps:
            return None
        # a row read ahead stays for a case of the chunk asking again, maybe through another index of the same
        # sources: rows do not change, and a text read as not kept is read ahead with its row once kept (``match``)
        row = self._prefetched.get(text, _ASK)
        return store.get(MATCH, self._text_key(text)) if row is _ASK else row

    def _from_row(self, value: bytes) -> Matched | None:
        """The match of a text as its row keeps it, against an index built from the same sources by the same
        matcher: its features, content, codes' scores and coverage and reading against the work outside the list
        are read, so the text is neither analysed nor scored again; what each code matched is looked up again
        from the features when asked (a few look-ups per feature: ``_picks``). The scores are kept as they were
        summed (the same floats, packed: ``rows.packed``). None for a row that does not have the shape of one."""
        try:
            keys, surfaces, content, outside, outside_score, outside_found, *scored, reading = marshal.loads(value)
            positions, scores_packed, which, distinct = scored
            scores = unpacked(positions, scores_packed, which, distinct, len(self.codes))
        except (EOFError, ValueError, TypeError):
            return None
        if scores is None or not features_shaped(keys, surfaces):
            return None
        totals, coverage = scores
        fit = None
        if reading is not None:  # the text's fitting under the bar it was matched with
            fit = fitting_kept(reading, totals)
            if fit is None:
                return None
        found = Found(None, None, (keys, surfaces), self, coverage)
        matched = Matched(totals, found, content, outside, outside_score, outside_found)
        if fit is not None:
            matched.derived[fit[0]] = fit[1]
        return matched

    def forget_texts(self) -> None:
        self._rows.clear()
        self._best_memo.clear()
        self._match_memo.clear()
        self._totals_memo.clear()
        self._prefetched.clear()

    @staticmethod
    def _remember(memo: dict[Any, Any], text: Any, value: Any) -> None:
        if len(memo) >= MEMO_SIZE:  # a bound on memory: start again rather than track use
            memo.clear()
        memo[text] = value

    def _accumulate(self, features: tuple[Feature, ...], outside: bool) -> tuple[dict[int, float], Found]:
        """Scores and hits per document (codes, or the work outside the list)."""
        picks = self._picks(tuple(f.key for f in features), tuple(f.surface for f in features), outside)
        totals: dict[int, float] = {}
        get = totals.get
        for pick in picks:
            for index, entry in pick[2].items():
                totals[index] = get(index, 0.0) + entry[0]
        return totals, Found(picks)

    def _picks(self, keys: tuple[str, ...], surfaces: tuple[str, ...], outside: bool) -> list[Pick]:
        """What each feature of a text (key, surface) matches per document (codes, or the work outside the
        list), in text order: a word's table and content weight are worked out once per index."""
        postings = self.outside_postings if outside else self.postings
        alone = self._alone[outside]
        glossary = self.glossary
        picks: list[Pick] = []
        seen: set[str] | None = None
        for key, surface in zip(keys, surfaces, strict=True):
            # a word of the duty counts once per code: as itself, or through the best of its glossary words
            # (English matched against the manual's Korean), never both
            if key in glossary:
                if seen is None:
                    seen = set(keys)
                through = tuple(k for k in glossary[key] if k not in seen)
                if through:
                    seen.update(through)
                    table = self._through(key, surface, through, outside)
                    picks.append(("", "", table, 0.0 if " " in key else self.content_weight(key)))
                    continue
            # the word alone (most words): its postings are the best per code
            entry = alone.get(key)
            if entry is None:
                if key not in postings:
                    continue
                entry = alone[key] = (
                    self._weighted(key, 1.0, outside),
                    0.0 if " " in key else self.content_weight(key),
                )
            picks.append((surface, key, entry[0], entry[1]))
        return picks

    def _through(self, key: str, surface: str, through: tuple[str, ...], outside: bool) -> dict[int, Any]:
        """The best candidate per document of a word matched as itself or through its glossary words (weight,
        fields, words, key), worked out once per word, surface and glossary words left to it."""
        memo_key = (key, surface, through, outside)
        cached = self._through_memo.get(memo_key)
        if cached is not None:
            return cached
        postings = self.outside_postings if outside else self.postings
        best: dict[int, tuple[float, tuple[str, ...], str, str]] = {}
        candidates = [(key, surface, 1.0)]
        candidates += [(k, f"{surface}→{k}", GLOSSARY_WEIGHT) for k in through]
        for candidate, words, factor in candidates:
            if candidate not in postings:
                continue
            for index, (weight, fields) in self._weighted(candidate, factor, outside).items():
                current = best.get(index)
                if current is None or weight > current[0]:
                    best[index] = (weight, fields, words, candidate)
        self._remember(self._through_memo, memo_key, best)
        return best

    def _weighted(self, key: str, factor: float, outside: bool) -> Weights:
        """Each posting of a word with its BM25F weight (times ``factor``), rounded to 4 places."""
        cached = self._weights.get((key, factor, outside))
        if cached is not None:
            return cached
        if outside:
            idf, postings = self.idf.get(key) or self.outside_idf[key], marshal.loads(self.outside_postings[key])
        else:
            idf, postings = self.idf[key], marshal.loads(self.postings[key])
        weights = {
            index: (round(factor * idf * tf * (K1 + 1) / (tf + K1), 4), fields) for index, tf, fields in postings
        }
        self._weights[(key, factor, outside)] = weights
        return weights


def hits_of(found: Iterable[RawHit]) -> tuple[Hit, ...]:
    """Hits strongest first (equal weights in the order the duty's words came)."""
    return tuple(sorted((Hit(*h) for h in found), key=lambda h: -h.weight))


_indexes: dict[tuple[int, str, str], tuple[Snapshot, Index]] = {}
# the index of each case of the chunk read ahead (``prefetch_cases``), by its snapshot and texts, until the case
# asks for it (``index_of_case``), and when it was looked up: a case asking later looks it up again
_chunk: dict[tuple[int, tuple[str, ...]], Index] = {}
_chunk_at = [0.0]
CHUNK_SECONDS = 5.0
_index_lock = threading.Lock()


def index_for(data: DataDir, snapshot: Snapshot) -> Index:
    """The index of a snapshot: built once per process (the snapshot object is held, so its id stays unique),
    read from the user's cache folder when it was built before (``engine/core/index_cache.py``)."""
    terms = load_terms(data)
    outside = load_outside(data)
    key = (id(snapshot), terms.digest, outside.digest)
    cached = _indexes.get(key)
    if cached is not None:
        return cached[1]
    with _index_lock:
        cached = _indexes.get(key)
        if cached is None:
            if len(_indexes) >= 64:
                _indexes.clear()
            cached = (snapshot, _load_or_build(snapshot, terms, outside))
            _indexes[key] = cached
    return cached[1]


def _load_or_build(snapshot: Snapshot, terms: Terms, outside: Outside) -> Index:
    sources = Sources.of(snapshot, terms, outside.occupations)
    key = sources.key()
    # editions of the list whose codes read alike (only their thresholds changed) have the same sources: their
    # indexes share the tables and the weights worked out from them, read once per process
    same = next((index for _, index in _indexes.values() if index.key == key), None)
    if same is not None:
        return Index(snapshot, terms, tokenizer(), outside, same.tables, key, like=same)
    tables = Tables.from_plain(index_cache.load(key))
    if tables is None:
        tables = Tables.build(sources, tokenizer())
        index_cache.store(key, tables.plain())
    return Index(snapshot, terms, tokenizer(), outside, tables, key)


def prefetch_cases(data: DataDir, cases: Iterable[tuple[Snapshot, list[str]]]) -> None:
    """The kept matches of a chunk of cases' texts (``e7 batch``: each case's duty texts and job title, with the
    snapshot it is checked under), read in one query per index rather than one per case, for the cases'
    ``duty_facts`` that follow (``Index.prefetch``); each case's index is looked up here, once per snapshot, and
    handed to the case (``index_of_case``)."""
    _chunk.clear()
    by_key: dict[str | None, tuple[Index, list[str]]] = {}
    indexes: dict[int, Index] = {}
    for snapshot, texts in cases:  # indexes of the same sources share their texts' rows (and what was read)
        index = indexes.get(id(snapshot))
        if index is None:
            index = indexes[id(snapshot)] = index_for(data, snapshot)
        by_key.setdefault(index.key, (index, []))[1].extend(texts)
        _chunk[(id(snapshot), tuple(texts))] = index
    _chunk_at[0] = time.monotonic()
    for index, texts in by_key.values():
        index.prefetch(texts, chunk=True)


def index_of_case(data: DataDir, snapshot: Snapshot, texts: list[str]) -> Index:
    """``index_for`` a case with these duty texts and job title: the index its chunk looked up moments ago
    (``prefetch_cases``), handed over once, or else looked up now. ``index_for`` looks at the terms and the
    reference of work outside the list on every call, so that an edit is seen by the next (``e7 serve``); a
    chunk's cases are checked within moments of its look-up, and an edit is seen from the next chunk."""
    index = _chunk.pop((id(snapshot), tuple(texts)), None)
    if index is None or time.monotonic() - _chunk_at[0] > CHUNK_SECONDS:
        return index_for(data, snapshot)
    return index


def forget_indexes() -> None:
    """Drop the indexes held by this process (the next look-up reads the cache folder or builds)."""
    with _index_lock:
        _indexes.clear()
        _chunk.clear()


def forget_texts(reread: bool = False) -> None:
    """Forget every text analysed and matched so far (the benchmarks' "texts never seen before"); with
    ``reread``, Korean analyses are read again from the cache folder, as a new process would."""
    tokenizer().forget(reread)
    for _, index in list(_indexes.values()):
        index.forget_texts()


def rank(data: DataDir, snapshot: Snapshot, text: str) -> list[CodeScore]:
    """The codes of a snapshot ranked for one text."""
    return index_for(data, snapshot).score(text, tokenizer())
