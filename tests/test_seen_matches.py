"""Duty texts seen before, read back cheaply (issue 17): a kept match brings its codes' scores and coverage as they
were summed (nothing is summed again) and its hits are looked up only when asked for; a row of another shape is a
miss; a text met once in a process is remembered as its row, whole from its second time; snapshots whose codes
read alike share one index's tables; an index's postings are unpacked on a word's first use; a case's facts order
only the leading codes. Each gives the answers of the work it saves."""

from __future__ import annotations

import datetime as dt
import marshal
import sqlite3
from array import array
from pathlib import Path

import pytest

from engine.catalogue.snapshots import Catalogue
from engine.core import index_cache
from engine.core.keyed_store import FILE_NAME, store
from engine.data.folders import DataDir
from engine.duties import matching, tokens
from engine.duties import terms as duty_terms
from engine.duties.alignment import FIT_BAR, measure
from engine.duties.matching import MATCH

from .duty_cache import new_process

ON = dt.date(2026, 7, 1)
TEXTS = (
    "Write Python code for backend APIs",
    "호텔 프런트에서 체크인과 예약을 처리",
    "develop web server software",  # English words matched through the glossary too
    "pack parcels",
)


def _answers(index: matching.Index, bar: matching.Bar | None = None) -> list:
    tok = tokens.tokenizer()
    out = []
    for text in TEXTS:
        m = index.match(text, tok, bar)
        hits = {i: m.found.get(i) for i in m.totals}
        coverage = {i: m.coverage(i) for i in m.totals}
        out.append((m.totals, hits, coverage, m.content, m.outside, m.outside_score, m.outside_found))
    return out


def _refuse(monkeypatch: pytest.MonkeyPatch, *names: str) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("worked out again")

    for name in names:
        owner, attribute = name.split(".")
        monkeypatch.setattr({"Index": matching.Index, "Tokenizer": tokens.Tokenizer}[owner], attribute, refuse)


def test_a_kept_match_is_read_back_without_summing_or_analysing(duty_cache: Path, data: DataDir, monkeypatch):
    snapshot = Catalogue(data).in_force(ON)
    fresh = _answers(matching.index_for(data, snapshot))
    new_process()
    _refuse(monkeypatch, "Index._accumulate", "Tokenizer.features")  # the scores and coverage come as kept
    assert _answers(matching.index_for(data, snapshot)) == fresh


@pytest.mark.parametrize(
    "damage",
    [
        lambda row: row[:5],  # the shape rows had before they kept scores
        lambda row: (*row[:6], {0: 3.5}, *row[7:]),  # scores as a table, not packed
        lambda row: (*row[:7], row[7][:-1], *row[8:]),  # scores cut short
        lambda row: (*row[:8], list(row[8]), row[9]),  # coverage's places that are not bytes
        lambda row: (*row[:8], array("H", [65535] * (len(row[8]) // 2)).tobytes(), row[9]),  # past the values
        lambda row: (*row[:6], array("H", [60000]).tobytes(), bytes(8), bytes(2), row[9]),  # past the codes
        lambda row: (row[0], row[1][:-1], *row[2:]),  # fewer surfaces than keys
        lambda row: (row[0], (*row[1][:-1], 7), *row[2:]),  # a surface that is not text
        lambda row: ([*row[0]], *row[1:]),  # keys that are not a tuple
        lambda row: row[:10],  # the shape rows had before they kept the text's fitting
        lambda row: (*row[:10], (*row[10][:3], array("H", [65535]).tobytes())),  # fits a code it did not match
        lambda row: (*row[:10], (*row[10][:3], b"\x00")),  # fitting codes cut short
        lambda row: (*row[:10], (3, *row[10][1:])),  # a bar that is not two floats
        lambda row: (*row[:10], row[10][:3]),  # a fitting without its codes
    ],
    ids=[
        "old-shape",
        "scores-table",
        "scores-short",
        "coverage-places-list",
        "coverage-past-the-values",
        "code-past-the-list",
        "surfaces-short",
        "surface-not-text",
        "keys-list",
        "no-fitting",
        "fits-unmatched-code",
        "fits-short",
        "bar-not-floats",
        "fitting-without-codes",
    ],
)
def test_a_kept_row_of_another_shape_is_a_miss(duty_cache: Path, data: DataDir, damage):
    snapshot = Catalogue(data).in_force(ON)
    index = matching.index_for(data, snapshot)
    fresh = _answers(index, FIT_BAR)
    text = TEXTS[2]
    row = marshal.loads(index._rows[text])
    assert len(row[0]) > 1  # the text has features to damage
    key = index._text_key(text)
    new_process()
    store.close()
    with sqlite3.connect(duty_cache / FILE_NAME) as db:
        db.execute("UPDATE rows SET value = ? WHERE kind = ? AND key = ?", (marshal.dumps(damage(row)), MATCH, key))
    index = matching.index_for(data, snapshot)
    assert marshal.loads(store.get(MATCH, key)) == damage(row)  # the damaged row is there to be read
    assert index._kept(text) is None
    assert _answers(index) == fresh  # worked out again


def test_a_text_met_once_is_remembered_as_its_row_then_whole(duty_cache: Path, data: DataDir, monkeypatch):
    snapshot = Catalogue(data).in_force(ON)
    index = matching.index_for(data, snapshot)
    tok = tokens.tokenizer()
    first = index.match(TEXTS[0], tok)
    assert isinstance(index._rows[TEXTS[0]], bytes) and TEXTS[0] not in index._match_memo
    _refuse(monkeypatch, "Index._accumulate", "Tokenizer.features")
    monkeypatch.setattr(store, "get", lambda kind, key: pytest.fail("asked the store"))
    second = index.match(TEXTS[0], tok)  # from its row: whole from now on
    assert TEXTS[0] in index._match_memo and TEXTS[0] not in index._rows
    assert index.match(TEXTS[0], tok) is second
    assert (second.totals, second.content, second.outside_found) == (first.totals, first.content, first.outside_found)
    assert {i: second.found.get(i) for i in first.totals} == {i: first.found.get(i) for i in first.totals}


def test_a_text_s_key_is_the_digest_of_the_index_s_key_and_the_text(duty_cache: Path, data: DataDir):
    index = matching.index_for(data, Catalogue(data).in_force(ON))
    for text in (*TEXTS, "", "x" * 5000):
        assert index._text_key(text) == index_cache.digest([index.key, text])


def test_snapshots_whose_codes_read_alike_share_tables_and_answer_alike(duty_cache: Path, data: DataDir):
    catalogue = Catalogue(data)
    terms, outside = duty_terms.load_terms(data), duty_terms.load_outside(data)
    by_key: dict[str, list] = {}
    for snapshot_id in catalogue.ids:
        snapshot = catalogue.get(snapshot_id)
        by_key.setdefault(matching.Sources.of(snapshot, terms, outside.occupations).key(), []).append(snapshot)
    first, second = next(group for group in by_key.values() if len(group) > 1)[:2]
    one, other = matching.index_for(data, first), matching.index_for(data, second)
    assert other.tables is one.tables and other.codes is second.codes and other is not one
    alone = matching.Index(second, terms, tokens.tokenizer(), outside)  # built on its own, from nothing shared
    tok = tokens.tokenizer()
    for text in TEXTS:
        assert other.score(text, tok) == alone.score(text, tok)


def test_an_index_read_from_the_cache_unpacks_a_word_s_postings_on_first_use(duty_cache: Path, data: DataDir):
    snapshot = Catalogue(data).in_force(ON)
    built = matching.index_for(data, snapshot)
    new_process()
    read = matching.index_for(data, snapshot)
    assert read is not built and all(type(v) is bytes for v in read.postings.values())
    assert read.tables == built.tables  # equal postings, compared unpacked
    tok = tokens.tokenizer()
    assert [read.score(t, tok) for t in TEXTS] == [built.score(t, tok) for t in TEXTS]


def test_a_title_s_best_code_is_the_first_its_score_lists(duty_cache: Path, data: DataDir):
    index = matching.index_for(data, Catalogue(data).in_force(ON))
    tok = tokens.tokenizer()
    for text in (*TEXTS, "Trade Clerk", "zzqx"):
        scores = index.score(text, tok)
        totals, best = index.best(text, tok)
        assert best == (scores[0] if scores else None) and totals == index.totals(text, tok)[0]
        assert index.best(text, tok)[1] is best  # remembered


class _Duty:
    def __init__(self, task: str, share: float) -> None:
        self.task, self.share = task, share


@pytest.mark.parametrize(
    "duties",
    [
        [("Write Python code for backend APIs", 60), ("develop web server software", 40)],
        [("호텔 프런트에서 체크인과 예약을 처리", 50), ("pack parcels", 30), ("Translate contracts", 20)],
        [("Cook Chinese dishes in the kitchen", 70), ("Manage the kitchen staff", 30)],
        [("pack parcels", 100)],
    ],
)
def test_the_leading_codes_and_listings_are_those_of_the_full_ranking(duty_cache: Path, data: DataDir, duties):
    snapshot = Catalogue(data).in_force(ON)
    for applied in snapshot.codes[:40:7]:
        m = measure(data, snapshot, [_Duty(t, s) for t, s in duties], applied_code=applied.code)
        leading = m.leading(3)
        assert leading == m.ranked[: len(leading)]
        alternatives = m.alternatives()
        assert [a for a in leading if a.code.occupation != applied.occupation] == list(alternatives[:3])
        for a in (m.applied, *alternatives[:3]):
            assert m.scored.listing(a.index) == "; ".join(f"{d.task} ({d.share:g}%)" for d in a.fitting())
            not_fitting = "; ".join(f"{d.task} ({d.share:g}%)" for d in a.not_fitting())
            assert m.scored.listing(a.index, fits=False) == not_fitting
            from engine.duties.matching import hits_of

            found = [m.scored.found[k].get(a.index, ()) for k in range(len(duties))]
            assert [d.hits for d in a.duties] == [hits_of(f) for f in found]


# -- the same values with less work (the seen path, issue 17 seen2) ---------------------------------------------


def _top_by_ranking(totals: dict[int, float]) -> int | None:
    return matching.ranked(totals)[0] if totals else None


def test_the_top_code_is_the_first_of_the_ranking_with_scores_tied_or_near(duty_cache: Path):
    import random

    rng = random.Random(17)
    for _ in range(3000):
        base = rng.choice([3.0, 2.99995, 7.123456, 0.1 + 0.2, 12.3456785])
        totals = {
            i: base + rng.choice([0.0, 0.0, 1e-7, -1e-7, 4e-7, -9e-7, 1.2e-6, -3e-6, 5e-6, -0.5, 1.0])
            for i in rng.sample(range(400), rng.randint(1, 12))
        }
        assert matching.top(totals) == _top_by_ranking(totals), totals
    assert matching.top({}) is None


def test_the_fit_bar_reads_a_score_as_its_value_rounded_to_4_places(duty_cache: Path):
    import random

    from engine.duties.alignment import MIN_COVERAGE, MIN_SCORE, _read

    rng = random.Random(7)
    offsets = [0.0, -1e-9, 1e-9, -4.9e-5, -5e-5, -5.1e-5, -5e-4, -1e-3, -1.1e-3, 1e-4, 2.0, -2.0]
    for _ in range(500):
        positions = rng.sample(range(400), rng.randint(1, 10))
        totals = {i: MIN_SCORE + rng.choice(offsets) for i in positions}
        content = rng.choice([0.0, 1.0, 3.3])
        covered = {i: rng.choice([0.0, 0.1, MIN_COVERAGE * content, 0.9]) for i in positions}
        matched = matching.Matched(totals, matching.Found(None, covered), content, None, 0.0, ())
        expected = frozenset(
            i
            for i, t in totals.items()
            if round(t, 4) >= MIN_SCORE and (covered[i] / content if content else 0.0) >= MIN_COVERAGE
        )
        assert _read(None, matched)[2] == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "duties",
    [
        [("Write Python code for backend APIs", 60), ("develop web server software", 40)],
        [("호텔 프런트에서 체크인과 예약을 처리", 50), ("pack parcels", 30), ("Translate contracts", 20)],
        [("Cook Chinese dishes in the kitchen", 70), ("Manage the kitchen staff", 30)],
    ],
)
def test_the_words_and_scores_of_a_code_are_those_of_its_duty_matches(duty_cache: Path, data: DataDir, duties):
    from engine.duties.alignment import round_x100

    snapshot = Catalogue(data).in_force(ON)
    m = measure(data, snapshot, [_Duty(t, s) for t, s in duties], applied_code=snapshot.codes[0].code)
    for a in m.matched:
        words = dict.fromkeys(h.words for d in a.fitting() for h in d.hits)  # each duty's Hit objects, in order
        assert m.scored.words(a.index) == (", ".join(list(words)[:6]) or "none")
        assert [d.score for d in a.duties] == [round(t.get(a.index, 0.0), 4) for t in m.scored.totals]
        strength = sum(
            d.share * round(t[a.index], 4) / best
            for d, t, best in zip(m.scored.duties, m.scored.totals, m.scored.best, strict=True)
            if best > 0 and a.index in t
        )
        assert a.strength == strength / m.total_share
        assert round_x100(a.alignment) == a.alignment_x100


def test_an_edit_of_the_terms_is_seen_by_the_next_look_up_of_an_index(duty_cache: Path, data_copy: Path):
    data = DataDir(data_copy)
    snapshot = Catalogue(data).in_force(ON)
    before = matching.index_for(data, snapshot)
    assert matching.index_for(data, snapshot) is before  # held while the files are as they were
    terms = data_copy / "catalogue" / duty_terms.TERMS_FILE
    text = terms.read_text(encoding="utf-8")
    terms.write_text(text.replace("[terms.web-developer]\nen = [", '[terms.web-developer]\nen = ["zzqx", ', 1))
    after = matching.index_for(data, snapshot)  # as `e7 serve` looks it up for its next request: no forgetting
    assert after is not before and "zzqx" in after.idf and "zzqx" not in before.idf


def test_a_case_s_facts_round_each_score_once_and_build_no_hit_for_the_words(
    duty_cache: Path, data: DataDir, monkeypatch
):
    from engine.duties import alignment

    snapshot = Catalogue(data).in_force(ON)
    duties = [_Duty("Write Python code for backend APIs", 60), _Duty("develop web server software", 40)]
    entry = next(c for c in snapshot.codes if c.occupation == "web-developer")
    expected = alignment.duty_facts(data, snapshot, entry, duties, "Backend developer", 0.7).fact
    assert expected["best_alternative_words"] != "none"
    rounded: list[float] = []

    def counting(value: float, places: int | None = None) -> float:
        rounded.append(value)
        return round(value, places)

    monkeypatch.setattr(alignment, "round", counting, raising=False)
    monkeypatch.setattr(matching, "hits_of", lambda found: pytest.fail("built Hit objects"))
    matching.forget_texts(reread=True)
    got = alignment.duty_facts(data, snapshot, entry, duties, None, 0.7).fact
    assert {k: v for k, v in expected.items() if not k.startswith("title_")} == got
    # a duty's score for a code is rounded once a case (its best once more, by the duty's reading), and the fit bar
    # rounds no score from MIN_SCORE up
    scores = [v for v in rounded if v >= alignment.MIN_SCORE]
    assert len(scores) - len(set(scores)) <= len(duties)


_CASE_DUTIES = [
    ("Write Python code for backend APIs", 50),
    ("호텔 프런트에서 체크인과 예약을 처리", 30),
    ("pack parcels", 20),
]


def _measured(data: DataDir) -> list:
    snapshot = Catalogue(data).in_force(ON)
    m = measure(data, snapshot, [_Duty(t, s) for t, s in _CASE_DUTIES], applied_code=snapshot.codes[3].code)
    return [m.scored.best, m.scored.fitting, m.scored.outside, m.alignments, m.classified, m.outside_share]


def test_a_kept_match_brings_its_fitting_under_the_fit_bar(duty_cache: Path, data: DataDir, monkeypatch):
    fresh = _measured(data)
    assert any(fresh[1])  # some duty fits some code
    new_process()
    monkeypatch.setattr(matching, "fitting", lambda *args: pytest.fail("worked out again"))
    assert _measured(data) == fresh


def test_a_fitting_kept_under_another_bar_is_worked_out_again(duty_cache: Path, data: DataDir, monkeypatch):
    fresh = _measured(data)
    index = matching.index_for(data, Catalogue(data).in_force(ON))
    rows = {}
    matching.forget_texts()  # nothing read from the duty_cache folder: each text matched anew
    for text, _ in _CASE_DUTIES:  # under another bar (as a change to alignment's bar would)
        index.match(text, tokens.tokenizer(), (FIT_BAR[0], FIT_BAR[1] + 0.25))
        rows[index._text_key(text)] = index._rows[text]
    new_process()
    store.close()
    with sqlite3.connect(duty_cache / FILE_NAME) as db:
        for key, row in rows.items():
            assert db.execute("UPDATE rows SET value = ? WHERE kind = ? AND key = ?", (row, MATCH, key)).rowcount == 1
    new_process()
    worked_out = []
    real = matching.fitting
    monkeypatch.setattr(matching, "fitting", lambda *args: worked_out.append(args[3]) or real(*args))
    assert _measured(data) == fresh
    assert worked_out == [FIT_BAR] * len(_CASE_DUTIES)


def test_a_text_read_back_with_its_fitting_unpacks_its_coverage_only_when_asked(duty_cache: Path, data: DataDir):
    snapshot = Catalogue(data).in_force(ON)
    index = matching.index_for(data, snapshot)
    fresh = _answers(index, FIT_BAR)
    new_process()
    index = matching.index_for(data, snapshot)
    _measured(data)
    for text, _ in _CASE_DUTIES:
        assert index._known(text).found._covered is None  # measured without it
    assert _answers(index, FIT_BAR) == fresh  # and the same coverage when asked for


def _case_texts(snapshot, n: int) -> list[str]:
    return [f"{text} {snapshot.id} {n}" for text, _ in _CASE_DUTIES] + [f"Engineer {n}"]


def test_a_chunk_s_kept_matches_are_read_in_one_query_per_index(duty_cache: Path, data: DataDir, monkeypatch):
    from engine.duties.alignment import duty_facts

    catalogue = Catalogue(data)
    snapshots = [catalogue.get(i) for i in catalogue.ids]
    cases = [(snapshots[n % len(snapshots)], _case_texts(snapshots[n % len(snapshots)], n)) for n in range(30)]
    entries = [s.codes[n % 7] for n, (s, _) in enumerate(cases)]

    def facts() -> list:
        out = []
        for (snapshot, texts), entry in zip(cases, entries, strict=True):
            duties = [_Duty(t, s) for t, (_, s) in zip(texts, _CASE_DUTIES, strict=False)]
            out.append(duty_facts(data, snapshot, entry, duties, texts[-1], 0.7).fact)
        return out

    fresh = facts()  # every text matched and kept
    new_process()
    asked: list[int] = []
    real = store.get_many
    monkeypatch.setattr(store, "get_many", lambda kind, keys: asked.append(len(keys)) or real(kind, keys))
    matching.prefetch_cases(data, cases)
    keys = {matching.index_for(data, s).key for s in snapshots}
    assert len(asked) == len(keys) < len(snapshots)  # indexes of the same sources share one query
    monkeypatch.setattr(store, "get_many", lambda kind, keys: pytest.fail("asked the store again"))
    monkeypatch.setattr(store, "get", lambda kind, key: pytest.fail("asked the store again"))
    assert facts() == fresh


def test_what_a_chunk_read_and_no_case_asked_for_is_dropped_with_the_next(duty_cache: Path, data: DataDir):
    snapshot = Catalogue(data).in_force(ON)
    index = matching.index_for(data, snapshot)
    first, second = _case_texts(snapshot, 1), _case_texts(snapshot, 2)
    matching.prefetch_cases(data, [(snapshot, first)])
    assert set(index._prefetched) == set(first)
    matching.prefetch_cases(data, [(snapshot, second)])
    assert set(index._prefetched) == set(second)
    index.prefetch(second[:2])  # a case of the chunk: nothing asked again, nothing dropped
    assert set(index._prefetched) == set(second)


def test_a_batch_chunk_reads_its_kept_matches_in_one_query_per_index(duty_cache: Path, data: DataDir, monkeypatch):
    from engine.rules import batch

    folder = Path(__file__).resolve().parents[1] / "examples" / "cases"
    items = [batch.Item(path.name, "file", str(path)) for path in sorted(folder.glob("*.toml"))[: batch.CHUNK]]
    batch._init(str(data.root), None, worker=False)
    expected = batch.evaluate_many(items)  # every duty text matched and kept
    new_process()
    batch._init(str(data.root), None, worker=False)
    asked: list[str] = []
    real_many, real_one = store.get_many, store.get
    monkeypatch.setattr(store, "get_many", lambda kind, keys: asked.append(kind) or real_many(kind, keys))
    monkeypatch.setattr(store, "get", lambda kind, key: asked.append(kind) or real_one(kind, key))
    assert batch.evaluate_many(items) == expected
    indexes = {index.key for _, index in matching._indexes.values()}
    assert 0 < asked.count(MATCH) <= len(indexes)  # not one a case


def test_a_case_of_a_chunk_takes_the_index_its_chunk_looked_up_once(duty_cache: Path, data_copy: Path, monkeypatch):
    data = DataDir(data_copy)
    snapshot = Catalogue(data).in_force(ON)
    texts = _case_texts(snapshot, 1)
    matching.prefetch_cases(data, [(snapshot, texts)])
    before = matching.index_for(data, snapshot)
    terms = data_copy / "catalogue" / duty_terms.TERMS_FILE
    text = terms.read_text(encoding="utf-8")
    terms.write_text(text.replace("[terms.web-developer]\nen = [", '[terms.web-developer]\nen = ["zzqx", ', 1))
    with monkeypatch.context() as patched:  # the files are not looked at for the chunk's case
        patched.setattr(matching, "load_terms", lambda data: pytest.fail("looked at the terms"))
        assert matching.index_of_case(data, snapshot, texts) is before
    after = matching.index_of_case(data, snapshot, texts)  # asked again: looked up, and the edit is seen
    assert after is not before and "zzqx" in after.idf
    matching.prefetch_cases(data, [(snapshot, texts)])
    assert matching.index_of_case(data, snapshot, list(reversed(texts))) is after  # another case: looked up
    monkeypatch.setattr(matching, "_chunk_at", [matching._chunk_at[0] - matching.CHUNK_SECONDS - 1])
    monkeypatch.setattr(matching, "load_terms", lambda data: pytest.fail("looked at the terms"))
    with pytest.raises(pytest.fail.Exception):  # a chunk looked up too long ago: looked up again
        matching.index_of_case(data, snapshot, texts)


def test_a_text_read_ahead_as_not_kept_is_read_ahead_with_its_row_once_matched(
    duty_cache: Path, data: DataDir, monkeypatch
):
    snapshot = Catalogue(data).in_force(ON)
    index = matching.index_for(data, snapshot)
    texts = _case_texts(snapshot, 3)
    index.prefetch(texts)
    assert index._prefetched == dict.fromkeys(texts)  # none kept
    first = index.match(texts[0], tokens.tokenizer(), FIT_BAR)
    assert index._prefetched[texts[0]] == index._rows[texts[0]]
    for memo in (index._match_memo, index._rows, index._totals_memo):  # full, started again
        memo.clear()
    _refuse(monkeypatch, "Index._accumulate", "Tokenizer.features")
    monkeypatch.setattr(store, "get", lambda kind, key: pytest.fail("asked the store"))
    again = index.match(texts[0], tokens.tokenizer(), FIT_BAR)  # from the row read ahead, not matched again
    assert (again.totals, again.content) == (first.totals, first.content)
    assert again.derived[FIT_BAR] == first.derived[FIT_BAR]
