"""Tokenising duty texts and code descriptions for the duty matcher (engine/duties/matching.py).

Korean (any text holding Hangul) goes through kiwipiepy's morphological analyser: nouns, roots and verb or
adjective stems of two syllables or more are kept, particles and endings dropped; nouns written together also
give their compound. English words are lower-cased, dropped if they are stop words and reduced to their Snowball
stem. Korean texts as analysed are kept between runs in the cache folder (engine/core/keyed_store.py), one row
per text: a text analysed in any earlier run never loads the analyser again.
"""

from __future__ import annotations

import hashlib
import marshal
import re
import sys
import threading
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs

from engine.core import index_cache
from engine.core.keyed_store import store
from engine.duties import analyser_process

ANALYSIS = "analysis"  # the kind of row a Korean text's analysis is kept under


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
        # the texts of the cases about to be checked (``expect``), and the Korean ones analysed together with the
        # first of them that had to be: normalised text -> its units, until asked for
        self._expected: tuple[str, ...] = ()
        self._ahead: dict[str, Units] = {}
        # Korean texts as analysed are kept between runs (engine/core/keyed_store.py), so that a case checked
        # again, or an index rebuilt after a change to the terms, does not load the analyser
        self._keep = True

    @property
    def keeps(self) -> bool:
        """Whether results are read from and kept in the keyed store (not after ``forget``)."""
        return self._keep

    @property
    def korean_loaded(self) -> bool:
        return self._kiwi is not None

    def _korean(self) -> Any:
        if self._kiwi is None:
            with self._lock:
                if self._kiwi is None:
                    self._kiwi = load_analyser()
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

    def expect(self, texts: Iterable[str]) -> None:
        """The texts the next cases will ask for (``e7 batch``, a chunk of cases at a time): when one of them
        must be analysed, the other Korean ones that no earlier run analysed are analysed with it, in one go (one
        round trip to the shared analyser process; the analyser's model stays in the processor's caches, where one
        text at a time between cases finds it evicted). Texts never asked for are dropped with the next call."""
        self._expected = tuple(texts)
        self._ahead.clear()

    def _analysis(self, text: str) -> Units:
        """A Korean text's units: as analysed before (in any run), else analysed now and kept."""
        key = index_cache.digest([_analyses_key(), text])
        units = self._ahead.pop(text, None)
        if units is None:
            if self._keep:
                stored = index_cache.unmarshal(store.get(ANALYSIS, key))
                if isinstance(stored, tuple):
                    return stored
            units = self._analyse_with_expected(text)
        if self._keep:
            store.put(ANALYSIS, key, marshal.dumps(units))
        return units

    def _analyse_with_expected(self, text: str) -> Units:
        """A text's units, analysed now with the expected texts (``expect``) not analysed before, which wait in
        ``_ahead`` until asked for."""
        expected, self._expected = self._expected, ()
        others: dict[str, str] = {}  # normalised text -> its key
        for raw in expected:
            normal = unicodedata.normalize("NFKC", raw)
            if normal != text and normal not in others and raw not in self._memo and _HANGUL.search(normal):
                others[normal] = index_cache.digest([_analyses_key(), normal])
        if others and self._keep:
            others = _not_kept(others)
        texts = [text, *others]
        analysed = self._korean_units_many(texts)
        self._ahead.update(zip(texts[1:], analysed[1:], strict=True))
        return analysed[0]

    def forget(self, reread: bool = False) -> None:
        """Forget every text seen, not the words' stems; the analyses kept between runs are not read again
        (texts "never seen before" for the benchmarks), or with ``reread`` they are, as a new process would."""
        self._memo.clear()
        self._expected = ()
        self._ahead.clear()
        self._keep = reread
        store.flush()

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

    def _korean_tokens(self, texts: list[str]) -> list[list[Token]]:
        """The analyser's tokens of each text as (form, tag, start, length): from the shared analyser process
        when this process was given one (``e7 batch --jobs``; all in one round trip), else from this process's
        own analyser."""
        if analyser_process.connected():
            tokens = analyser_process.tokens(texts)
            if tokens is not None:
                return tokens
        kiwi = self._korean()
        return [analyse(kiwi, text) for text in texts]

    def _korean_units_many(self, texts: list[str]) -> list[Units]:
        return [tuple(tuple(group) for group in self._korean_units(tokens)) for tokens in self._korean_tokens(texts)]

    def _korean_units(self, plain: list[Token]) -> list[list[tuple[str, str]]]:
        tokens = [_Token(*t) for t in plain]
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


Token = tuple[str, str, int, int]  # an analyser token as plain data: its form, tag, start and length


@attrs.frozen(slots=True)
class _Token:
    form: str
    tag: str
    start: int
    len: int


def analyse(kiwi: Any, text: str) -> list[Token]:
    """A text through a loaded kiwipiepy analyser, as plain tokens (what the shared analyser process sends)."""
    return [(t.form, t.tag, t.start, t.len) for t in kiwi.tokenize(text)]


def load_analyser() -> Any:
    from kiwipiepy import Kiwi

    # the typo and multi-word dictionaries halve the load time and do not help matching
    return Kiwi(load_typo_dict=False, load_multi_dict=False)


_version: list[str] = []


def _matcher_version() -> str:
    """The source of the matcher's modules (this one, engine/duties/matching.py, rows.py, tables.py and terms.py) and
    the versions of the analyser, its model, the stemmer and Python: a change to any of them can change an index."""
    if not _version:
        from importlib import metadata

        versions = []
        for package in ("kiwipiepy", "kiwipiepy_model", "snowballstemmer"):
            try:
                versions.append(f"{package} {metadata.version(package)}")
            except metadata.PackageNotFoundError:
                versions.append(f"{package} unknown")
        folder = Path(__file__).parent
        digest = hashlib.sha256()
        for name in ("matching.py", "rows.py", "tables.py", "terms.py", "tokens.py"):
            digest.update((folder / name).read_bytes())
        source = digest.hexdigest()
        _version.append(f"matching {source}; {'; '.join(versions)}; python {sys.version_info[:3]}")
    return _version[0]


def _analyses_key() -> str:
    if len(_version) < 2:
        _version.append(index_cache.digest(["analysed Korean texts", _matcher_version()]))
    return _version[1]


def unanalysed(texts: Iterable[str]) -> bool:
    """Whether some of these texts is Korean and was not analysed by an earlier run (nor kept): the Korean
    analyser will be needed (``e7 batch --jobs`` then loads it at once, engine/duties/analyser_process.py)."""
    keys: dict[str, str] = {}
    for text in texts:
        normal = unicodedata.normalize("NFKC", text)
        if _HANGUL.search(normal):
            keys[normal] = index_cache.digest([_analyses_key(), normal])
    return bool(keys) and bool(_not_kept(keys))


def _not_kept(keys: dict[str, str]) -> dict[str, str]:
    """The Korean texts (text -> the key of its analysis) whose analysis no earlier run kept: one query."""
    kept = store.get_many(ANALYSIS, list(keys.values()))
    return {text: key for text, key in keys.items() if kept.get(key) is None}


_tokenizer: Tokenizer | None = None


def tokenizer() -> Tokenizer:
    global _tokenizer
    if _tokenizer is None:
        _tokenizer = Tokenizer()
    return _tokenizer
