"""Duty matching: how well a duty text (English, Korean or both) fits each code in force on a date.

Every code of a snapshot becomes a small document with fields: its titles (``title_ko``, ``section_title_ko``,
``title_en``), its example job titles (``examples``), its official duty description (``description``, 직종설명)
and the matching terms e7 curates for its occupation (``catalogue/terms.toml``, plus any ``terms`` a snapshot
carries). A duty is scored against every document with BM25F (field-weighted BM25), written out here rather than
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
descriptions are Korean, so an index is built once and kept in the user's cache folder (``engine/index_cache.py``)
under the sha256 of everything it is built from, this module's source included; Korean texts as analysed are
kept there too. Within a process, indexes are held per snapshot, and each index remembers the match of the
texts it met.
"""

from __future__ import annotations

import atexit
import hashlib
import math
import re
import sys
import threading
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from stat import S_ISREG
from typing import Any, Literal

import attrs

from engine import index_cache, object_cache
from engine.convert import read_file, structure, toml_data
from engine.data import DataDir
from engine.errors import InputError
from engine.model import OCCUPATION_PATTERN, Code, Snapshot, Source, Status

TERMS_FILE = "terms.toml"
OUTSIDE_FILE = "outside-list.toml"  # work outside the E-7 list (KSCO), never a code to file under

# BM25F: a word found in a title says more than one found in a long description; curated terms sit between
FIELD_WEIGHTS = {"title": 3.0, "examples": 2.0, "terms": 2.0, "description": 1.0}
# length normalisation per field: titles are short by nature, example lists and descriptions vary a lot
FIELD_B = {"title": 0.0, "examples": 0.5, "terms": 0.3, "description": 0.6}
K1 = 1.2
GLOSSARY_WEIGHT = 0.6  # an English word matched through the glossary counts for less than the word itself
KEPT_ANALYSES = 20_000  # Korean texts whose analysis is kept between runs (a few hundred bytes each)
MEMO_SIZE = 2048  # texts whose match each index remembers (a few kilobytes each)
FIELD_NAMES = {"title": "title", "examples": "example job titles", "terms": "e7 terms", "description": "description"}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# words that carry no meaning about an occupation (the idf weighting does the rest)
ENGLISH_STOP = _words(
    """a about above across after again all also am an and any are around as at be been being both but by can
    could daily day did do does doing done during each etc every for from further get gets getting had has have
    having he her here his how i if in including into is it its itself just make makes me mine more most my
    new no not of off on once one only or other our ours out over own per same she so some such than that the
    their them then there these they this those through to too under until up us very via was we week weekly
    were what when where which while who whom why will with within would you your yours task tasks duty duties
    work works working job jobs role responsible responsibility responsibilities various mainly mostly time
    also help helps company percent"""
)
# generic English work words: too common in duties to say which occupation they belong to when alone, so they
# give no one-word feature, but they still form two-word features ("production line", "check in")
ENGLISH_WEAK = _words(
    """operate operation run set check handle support fix write make prepare place line lines final select
    selection group answer report reports client clients meet meeting meetings lead review assist provide ensure
    coordinate create keep take give follow use record records issue request order orders team staff other need
    level quality plan planning process system service product new main high good large small
    local global international overseas foreign korean english general senior junior head assistant specialist
    expert professional officer agent worker member people person customer customers information data build
    train training guide control maintain maintenance tune plant monitor adjust change performance access first
    specify procedure procedures setting settings detail details"""
)
KOREAN_STOP = _words(
    """업무 수행 관련 기타 각종 경우 이상 이하 담당 종사 직무 해당 필요 다양 전반 위하 대하 통하 따르 이러 그러
    어떻 하루 매일 주로 가지 정도 부분 진행 처리 사람 업체 회사 시간 비율 퍼센트 하다 되다 있다 없다"""
)
# one-syllable nouns that say nothing about the work (웹, 앱, 빵, 배 do, so one-syllable nouns are kept otherwise)
KOREAN_SINGLE_STOP = _words(
    """자 등 수 것 곳 때 중 내 외 간 명 개 번 년 월 일 후 전 위 안 속 측 건 점 분 시 날 데 뒤 앞 편 쪽
    식 용 별 당 총 약 및 각 매"""
)
KOREAN_TAGS = frozenset({"NNG", "NNP", "XR", "VV", "VA", "SH"})
KOREAN_NOUNS = frozenset({"NNG", "NNP", "XR", "SH", "SL"})
Units = tuple[tuple[tuple[str, str], ...], ...]  # a text's words (key, surface), grouped by clause
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_LATIN_WORD = re.compile(r"[a-z0-9][a-z0-9+#]*(?:-[a-z0-9+#]+)*")


# -- curated terms --------------------------------------------------------------------------------------------


@attrs.frozen
class TermEntry:
    """Matching terms for one occupation, in English and Korean, with their source."""

    en: tuple[str, ...] = ()
    ko: tuple[str, ...] = ()
    source: Source | None = None  # None: the file's [source]
    note: str = ""


@attrs.frozen
class TermsFile:
    source: Source
    terms: dict[str, TermEntry] = attrs.Factory(dict)
    glossary: dict[str, tuple[str, ...]] = attrs.Factory(dict)
    note: str = ""


@attrs.frozen
class Terms:
    """The curated terms of a data folder, keyed by occupation id; every entry carries its source."""

    entries: dict[str, TermEntry]
    source: Source | None
    digest: str  # what the index cache is keyed on
    glossary: dict[str, tuple[str, ...]] = attrs.Factory(dict)  # English word -> the manual's Korean words

    def of(self, occupation: str) -> tuple[str, ...]:
        entry = self.entries.get(occupation)
        return () if entry is None else entry.en + entry.ko

    def source_of(self, occupation: str) -> Source | None:
        entry = self.entries.get(occupation)
        if entry is None:
            return None
        return entry.source or self.source


_terms_cache: dict[tuple[str, float, int], Terms] = {}
_files: dict[tuple[DataDir, str], Path] = {}


def _file_of(data: DataDir, name: str) -> Path:
    """A file of a data folder's catalogue (the path built once: this runs twice for every case with duties)."""
    path = _files.get((data, name))
    if path is None:
        path = _files[(data, name)] = data.catalogue / name
    return path


def load_terms(data: DataDir) -> Terms:
    """``catalogue/terms.toml`` of a data folder; a folder without one matches on the manual's text alone."""
    path = _file_of(data, TERMS_FILE)
    try:
        stat = path.stat()  # one system call per look-up: this runs for every case with duties
    except (FileNotFoundError, NotADirectoryError):
        return Terms({}, None, "")
    if not S_ISREG(stat.st_mode):
        return Terms({}, None, "")
    key = (str(path), stat.st_mtime, stat.st_size)
    if key not in _terms_cache:
        shown = data.shown(path)
        raw = read_file(path, shown)  # read once, kept as read in the cache folder (engine/object_cache.py)
        _terms_cache[key] = object_cache.read("terms", raw, lambda: _read_terms(raw, shown))
    return _terms_cache[key]


def _read_terms(content: bytes, shown: str) -> Terms:
    parsed = structure(toml_data(content, shown), TermsFile, shown)
    for occupation, entry in parsed.terms.items():
        if not OCCUPATION_PATTERN.fullmatch(occupation):
            raise InputError(
                shown, f"terms.{occupation}", "expected a kebab-case occupation id such as 'web-developer'"
            )
        for lang in ("en", "ko"):
            for index, term in enumerate(getattr(entry, lang)):
                if not term.strip():
                    raise InputError(shown, f"terms.{occupation}.{lang}[{index}]", "expected a non-empty term")
                if lang == "ko" and not _HANGUL.search(term) and not term.isascii():
                    raise InputError(shown, f"terms.{occupation}.{lang}[{index}]", "expected Korean or Latin text")
    for word, korean in parsed.glossary.items():
        if not word.isascii() or not korean or not all(_HANGUL.search(k) for k in korean):
            raise InputError(shown, f"glossary.{word}", "expected an English word and a list of Korean words")
    digest = hashlib.sha256(content).hexdigest()
    return Terms(dict(parsed.terms), parsed.source, digest, dict(parsed.glossary))


# -- work outside the list ------------------------------------------------------------------------------------


@attrs.frozen
class OutsideOccupation:
    """An occupation of the KSCO that the E-7 list does not name (``catalogue/outside-list.toml``).

    ``side = "list"`` records a KSCO occupation that a listed code covers (farming and fishery work under S610):
    it is kept for completeness and never matched."""

    title_ko: str
    title_en: str
    source: str  # a key of the file's [sources]
    status: Status
    side: Literal["outside", "list"] = "outside"
    ksco: str = ""  # empty: the code is unverified
    revision: int = 0
    major_group: str = ""
    description: str = ""
    note: str = ""
    en: tuple[str, ...] = ()
    ko: tuple[str, ...] = ()

    def label(self) -> str:
        code = f"KSCO {self.ksco}" if self.ksco else "KSCO code unverified"
        return f"{self.title_ko} ({self.title_en}; {code})"


@attrs.frozen
class OutsideFile:
    sources: dict[str, Source]
    occupations: tuple[OutsideOccupation, ...] = ()


@attrs.frozen
class Outside:
    """The reference of work outside the list of a data folder; empty when the folder has none."""

    occupations: tuple[OutsideOccupation, ...]  # those matched (side "outside")
    sources: dict[str, Source]
    digest: str


_outside_cache: dict[tuple[str, float, int], Outside] = {}


def load_outside(data: DataDir) -> Outside:
    """``catalogue/outside-list.toml`` of a data folder (cached on its path, time and size)."""
    path = _file_of(data, OUTSIDE_FILE)
    try:
        stat = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return Outside((), {}, "")
    if not S_ISREG(stat.st_mode):
        return Outside((), {}, "")
    key = (str(path), stat.st_mtime, stat.st_size)
    if key not in _outside_cache:
        shown = data.shown(path)
        raw = read_file(path, shown)
        _outside_cache[key] = object_cache.read("outside", raw, lambda: _read_outside(raw, shown))
    return _outside_cache[key]


def _read_outside(content: bytes, shown: str) -> Outside:
    parsed = structure(toml_data(content, shown), OutsideFile, shown)
    for n, entry in enumerate(parsed.occupations):
        where = f"occupations[{n}]"
        if entry.source not in parsed.sources:
            known = ", ".join(sorted(parsed.sources)) or "none"
            raise InputError(shown, f"{where}.source", f"expected a key of [sources] ({known}), got {entry.source!r}")
        if entry.ksco and not (entry.ksco.isdigit() and 1 <= len(entry.ksco) <= 5):
            raise InputError(shown, f"{where}.ksco", f"expected a KSCO code of 1 to 5 digits or '', got {entry.ksco!r}")
        if not entry.title_ko.strip() or not entry.title_en.strip():
            raise InputError(shown, f"{where}.title_ko", "expected a Korean and an English title")
    digest = hashlib.sha256(content).hexdigest()
    matched = tuple(o for o in parsed.occupations if o.side == "outside")
    return Outside(matched, dict(parsed.sources), digest)


# -- tokenising -----------------------------------------------------------------------------------------------


@attrs.frozen
class Feature:
    """One matching unit of a text: ``key`` is what is compared, ``surface`` how the text wrote it."""

    key: str
    surface: str


class Tokenizer:
    """English stemming and Korean morphological analysis, with a memo of texts already seen."""

    def __init__(self) -> None:
        import snowballstemmer

        self._stemmer = snowballstemmer.stemmer("english")
        self._weak = frozenset(self._stemmer.stemWord(w) for w in ENGLISH_WEAK)
        self._kiwi: Any = None
        self._lock = threading.Lock()
        self._memo: dict[str, tuple[Feature, ...]] = {}
        self._english: dict[str, str | None] = {}  # an English word -> its stem (None: a stop word)
        # Korean texts as analysed, kept between runs in the cache folder (engine/index_cache.py), so that a case
        # checked again, or an index rebuilt after a change to the terms, does not load the analyser
        self._analysed: dict[str, Units] | None = None
        self._unsaved = 0

    @property
    def korean_loaded(self) -> bool:
        return self._kiwi is not None

    def _korean(self) -> Any:
        if self._kiwi is None:
            with self._lock:
                if self._kiwi is None:
                    from kiwipiepy import Kiwi

                    # the typo and multi-word dictionaries halve the load time and do not help matching
                    self._kiwi = Kiwi(load_typo_dict=False, load_multi_dict=False)
        return self._kiwi

    def stem(self, word: str) -> str:
        return self._stemmer.stemWord(word)

    def features(self, text: str) -> tuple[Feature, ...]:
        """Unigrams, compounds and two-word features of a text, in order of appearance, without repeats."""
        cached = self._memo.get(text)
        if cached is not None:
            return cached
        normal = unicodedata.normalize("NFKC", text)
        units = self._analysis(normal) if _HANGUL.search(normal) else self._english_units(normal)
        out: dict[str, Feature] = {}
        for group in units:
            for i, (key, surface) in enumerate(group):
                if not key.startswith("~"):
                    out.setdefault(key, Feature(key, surface))
                if i + 1 < len(group):
                    nkey, nsurface = group[i + 1]
                    pair = f"{key.lstrip('~')} {nkey.lstrip('~')}"
                    out.setdefault(pair, Feature(pair, f"{surface} {nsurface}"))
        result = tuple(out.values())
        if len(self._memo) < 200_000:
            self._memo[text] = result
        return result

    def _analysis(self, text: str) -> Units:
        """A Korean text's units: as analysed before (in any run), else analysed now and kept."""
        if self._analysed is None:
            stored = index_cache.load(_analyses_key())
            self._analysed = stored if isinstance(stored, dict) else {}
        units = self._analysed.get(text)
        if units is None:
            units = tuple(tuple(group) for group in self._korean_units(text))
            if len(self._analysed) < KEPT_ANALYSES:
                self._analysed[text] = units
                if not self._unsaved:
                    atexit.register(self.save_analyses)
                self._unsaved += 1
        return units

    def forget(self, reread: bool = False) -> None:
        """Forget every text seen, not the words' stems; the analyses kept in the cache folder are forgotten too,
        or with ``reread`` saved and read again from it when next needed."""
        if reread:
            self.save_analyses()
        self._memo.clear()
        self._analysed, self._unsaved = (None if reread else {}), 0

    def save_analyses(self) -> None:
        """Write the Korean texts analysed in this run into the cache folder, beside those already there."""
        if not self._unsaved or self._analysed is None:
            return
        key = _analyses_key()
        stored = index_cache.load(key)
        merged = stored if isinstance(stored, dict) else {}
        for text, units in self._analysed.items():
            if len(merged) >= KEPT_ANALYSES:
                break
            merged.setdefault(text, units)
        index_cache.store(key, merged)
        self._unsaved = 0

    def _english_word(self, word: str) -> str | None:
        """The stem of an English word, or None for a stop word (remembered: the stemmer is pure Python and
        new texts are mostly made of words seen before)."""
        if word in self._english:
            return self._english[word]
        lowered = word.lower()
        stem = None if lowered in ENGLISH_STOP or len(lowered) < 2 or lowered.isdigit() else self.stem(lowered)
        if len(self._english) < 200_000:
            self._english[word] = stem
        return stem

    def _english_units(self, text: str) -> list[list[tuple[str, str]]]:
        """Words grouped by clause (a comma, a slash or a full stop ends a group: no pair across it); a
        generic word is marked weak (a leading ``~``), which pairs but gives no one-word feature."""
        groups: list[list[tuple[str, str]]] = []
        for clause in re.split(r"[,;:.!?()/\[\]\"]+|\s-\s|\band\b|\bor\b", text, flags=re.IGNORECASE):
            group: list[tuple[str, str]] = []
            for match in _LATIN_WORD.finditer(clause.lower()):
                word = match.group(0)
                # a hyphenated word counts whole (check-in = checkin, front-end = frontend) and by its parts
                parts = [word.replace("-", ""), *(p for p in word.split("-") if len(p) > 2)] if "-" in word else [word]
                for part in parts:
                    stem = self._english_word(part)
                    if stem is not None:
                        weak = stem in self._weak
                        group.append((("~" if weak else "") + stem, part))
            if group:
                groups.append(group)
        return groups

    def _korean_units(self, text: str) -> list[list[tuple[str, str]]]:
        tokens = self._korean().tokenize(text)
        groups: list[list[tuple[str, str]]] = []
        group: list[tuple[str, str]] = []
        run: list[Any] = []  # nouns written together, for their compound

        def close_run() -> None:
            if len(run) > 1:
                forms = "".join(t.form for t in run)
                if _HANGUL.search(forms):
                    group.append((forms, forms))
            run.clear()

        for token in tokens:
            tag = token.tag.split("-")[0]
            if tag in ("SF", "SP", "SS", "SSO", "SSC", "SO") or (tag == "MAG" and token.form == "및"):
                close_run()
                if group:
                    groups.append(group)
                    group = []
                continue
            if tag in KOREAN_NOUNS and run and run[-1].start + run[-1].len == token.start:
                run.append(token)
            else:
                close_run()
                if tag in KOREAN_NOUNS:
                    run.append(token)
            if tag == "SL":
                stem = self._english_word(token.form)
                if stem is not None:
                    weak = stem in self._weak
                    group.append((("~" if weak else "") + stem, token.form))
                continue
            if tag not in KOREAN_TAGS:
                continue
            form = token.form
            if form in KOREAN_STOP or (len(form) < 2 and (tag in ("VV", "VA") or form in KOREAN_SINGLE_STOP)):
                continue
            group.append((form, form))
        close_run()
        if group:
            groups.append(group)
        return groups


def _analyses_key() -> str:
    return index_cache.digest(["analysed Korean texts", _matcher_version()])


_tokenizer: Tokenizer | None = None


def tokenizer() -> Tokenizer:
    global _tokenizer
    if _tokenizer is None:
        _tokenizer = Tokenizer()
    return _tokenizer


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


Posting = tuple[int, float, tuple[str, ...]]  # a document's position, its BM25F term frequency, its fields
RawHit = tuple[str, str, tuple[str, ...], float]  # words, key, fields, weight: a Hit before it is needed
Weights = dict[int, tuple[float, tuple[str, ...]]]  # a word's weight and fields in each document that holds it
# a feature of the text as matched: its words and key with its weights, or (for a word that also went through
# the glossary) "" and "" with the best of its candidates per document (weight, fields, words, key); then how much
# it counts in the text's content (0 for a two-word feature)
Pick = tuple[str, str, dict[int, Any], float]


class Found:
    """What the text matched in each document, worked out for a document when asked: a text matches hundreds
    of codes and only a few are ever shown, so the lists are not built for the rest."""

    __slots__ = ("_picks",)

    def __init__(self, picks: list[Pick]) -> None:
        self._picks = picks

    def get(self, index: int, default: Any = ()) -> Any:
        out: list[RawHit] = []
        for words, key, table, _ in self._picks:
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
        covered = 0.0
        for _, _, table, content in self._picks:
            if content and index in table:
                covered += content
        return covered


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
            }
            for code in snapshot.codes
        )
        others = tuple(
            {
                "title": [o.title_ko, o.title_en],
                "examples": [],
                "terms": [*o.en, *o.ko],
                "description": [o.description] if o.description else [],
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


_version: list[str] = []


def _matcher_version() -> str:
    """This module's source and the versions of the analyser, its model, the stemmer and Python: a change to
    any of them can change an index."""
    if not _version:
        from importlib import metadata

        versions = []
        for package in ("kiwipiepy", "kiwipiepy_model", "snowballstemmer"):
            try:
                versions.append(f"{package} {metadata.version(package)}")
            except metadata.PackageNotFoundError:
                versions.append(f"{package} unknown")
        source = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
        _version.append(f"matching {source}; {'; '.join(versions)}; python {sys.version_info[:3]}")
    return _version[0]


@attrs.frozen
class Tables:
    """An index's figures: what is built from the sources (and cached), as plain data."""

    glossary: dict[str, tuple[str, ...]]  # stem -> the keys of the manual's Korean words
    idf: dict[str, float]
    postings: dict[str, tuple[Posting, ...]]
    outside_idf: dict[str, float]  # a word no code holds, weighed by the occupations outside the list
    outside_postings: dict[str, tuple[Posting, ...]]
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
        idf = {key: _idf(n, d) for key, d in _document_frequency(per_code).items()}
        # the work outside the list, scored with the codes' lengths and idf (a word no code holds is weighed by
        # how many of these occupations hold it), so that its scores compare with the codes'
        per_outside = [_bags(fields, tok) for fields in sources.outside]
        outside_df = _document_frequency(per_outside)
        outside_idf = {key: _idf(n, min(d, n)) for key, d in outside_df.items() if key not in idf}
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


class Index:
    """The codes of one snapshot as BM25F documents, beside the occupations outside the list."""

    def __init__(
        self,
        snapshot: Snapshot,
        terms: Terms,
        tok: Tokenizer,
        outside: Outside | None = None,
        tables: Tables | None = None,
    ) -> None:
        self.snapshot = snapshot
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
        # the weight of each posting, worked out on a word's first use (as itself, or through the glossary)
        self._weights: dict[tuple[str, float, bool], Weights] = {}
        self._match_memo: dict[str, Matched] = {}
        self._totals_memo: dict[str, tuple[dict[int, float], Found]] = {}

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

    def totals(self, text: str, tok: Tokenizer) -> tuple[dict[int, float], Found]:
        """The unrounded score of every code that matched the text (by position in the snapshot), and what it
        matched, as plain tuples: the building block of ``score``, for callers that need only a few codes'
        hits (alignment builds Hit objects only for the codes it reports). Remembered per text."""
        cached = self._totals_memo.get(text)
        if cached is None:
            cached = self._accumulate(tok.features(text), outside=False)
            self._remember(self._totals_memo, text, cached)
        return cached

    def match(self, text: str, tok: Tokenizer) -> Matched:
        """The text against the codes (scores, hits and coverage) and against the work outside the list;
        remembered per text (a batch meets the same duties again and again)."""
        cached = self._match_memo.get(text)
        if cached is not None:
            return cached
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
        self._remember(self._match_memo, text, matched)
        return matched

    def forget_texts(self) -> None:
        self._match_memo.clear()
        self._totals_memo.clear()

    @staticmethod
    def _remember(memo: dict[str, Any], text: str, value: Any) -> None:
        if len(memo) >= MEMO_SIZE:  # a bound on memory: start again rather than track use
            memo.clear()
        memo[text] = value

    def _accumulate(self, features: tuple[Feature, ...], outside: bool) -> tuple[dict[int, float], Found]:
        """Scores and hits per document (codes, or the work outside the list)."""
        postings = self.outside_postings if outside else self.postings
        totals: dict[int, float] = {}
        get = totals.get
        picks: list[Pick] = []
        seen = {f.key for f in features}
        for feature in features:
            # a word of the duty counts once per code: as itself, or through the best of its glossary words
            # (English matched against the manual's Korean), never both
            key = feature.key
            through = [k for k in self.glossary.get(key, ()) if k not in seen]
            if not through:  # the word alone (most words): its postings are the best per code
                if key not in postings:
                    continue
                table: dict[int, Any] = self._weighted(key, 1.0, outside)
                words = feature.surface
            else:
                seen.update(through)
                best: dict[int, tuple[float, tuple[str, ...], str, str]] = {}
                candidates = [(key, feature.surface, 1.0)]
                candidates += [(k, f"{feature.surface}→{k}", GLOSSARY_WEIGHT) for k in through]
                for candidate, surface, factor in candidates:
                    if candidate not in postings:
                        continue
                    for index, (weight, fields) in self._weighted(candidate, factor, outside).items():
                        current = best.get(index)
                        if current is None or weight > current[0]:
                            best[index] = (weight, fields, surface, candidate)
                table, words = best, ""
            picks.append((words, key if words else "", table, 0.0 if " " in key else self.content_weight(key)))
            for index, entry in table.items():
                totals[index] = get(index, 0.0) + entry[0]
        return totals, Found(picks)

    def _weighted(self, key: str, factor: float, outside: bool) -> Weights:
        """Each posting of a word with its BM25F weight (times ``factor``), rounded to 4 places."""
        cached = self._weights.get((key, factor, outside))
        if cached is not None:
            return cached
        if outside:
            idf, postings = self.idf.get(key) or self.outside_idf[key], self.outside_postings[key]
        else:
            idf, postings = self.idf[key], self.postings[key]
        weights = {
            index: (round(factor * idf * tf * (K1 + 1) / (tf + K1), 4), fields) for index, tf, fields in postings
        }
        self._weights[(key, factor, outside)] = weights
        return weights


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


def _document_frequency(documents: list[dict[str, dict[str, int]]]) -> dict[str, int]:
    df: dict[str, int] = {}
    for counts in documents:
        for key in {k for bag in counts.values() for k in bag}:
            df[key] = df.get(key, 0) + 1
    return df


def _idf(n: int, d: int) -> float:
    return math.log(1 + (n - d + 0.5) / (d + 0.5))


def _postings(documents: list[dict[str, dict[str, int]]], average: dict[str, float]) -> dict[str, tuple[Posting, ...]]:
    """BM25F term frequencies of every key of every document, by key (documents in order)."""
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
    return {key: tuple(entries) for key, entries in postings.items()}


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
    best, near = round(highest, 6), highest - 1e-6  # only a score this near can round to the same
    return min(i for i, t in totals.items() if t >= near and round(t, 6) == best)


def hits_of(found: Iterable[RawHit]) -> tuple[Hit, ...]:
    """Hits strongest first (equal weights in the order the duty's words came)."""
    return tuple(sorted((Hit(*h) for h in found), key=lambda h: -h.weight))


def _unique(texts: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for text in texts:
        if text and text not in seen:
            seen.append(text)
    return seen


_indexes: dict[tuple[int, str], tuple[Snapshot, Index]] = {}
_index_lock = threading.Lock()


def index_for(data: DataDir, snapshot: Snapshot) -> Index:
    """The index of a snapshot: built once per process (the snapshot object is held, so its id stays unique),
    read from the user's cache folder when it was built before (``engine/index_cache.py``)."""
    terms = load_terms(data)
    outside = load_outside(data)
    key = (id(snapshot), terms.digest + outside.digest)
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
    tables = Tables.from_plain(index_cache.load(key))
    if tables is None:
        tables = Tables.build(sources, tokenizer())
        index_cache.store(key, tables.plain())
    return Index(snapshot, terms, tokenizer(), outside, tables)


def forget_indexes() -> None:
    """Drop the indexes held by this process (the next look-up reads the cache folder or builds)."""
    with _index_lock:
        _indexes.clear()


def forget_texts(reread: bool = False) -> None:
    """Forget every text analysed and matched so far (the benchmarks' "texts never seen before"); with
    ``reread``, Korean analyses are read again from the cache folder, as a new process would."""
    tokenizer().forget(reread)
    for _, index in list(_indexes.values()):
        index.forget_texts()


def rank(data: DataDir, snapshot: Snapshot, text: str) -> list[CodeScore]:
    """The codes of a snapshot ranked for one text."""
    return index_for(data, snapshot).score(text, tokenizer())
