"""Duty alignment: the share of working time whose task fits a code, and the codes that fit better.

A case lists its duties with their share of working time. Each duty is ranked against every code in force on
the date (``engine/duties/matching.py``) and against the reference of work outside the list (KSCO occupations the list
does not name, ``catalogue/outside-list.toml``). A duty **fits** a code on evidence of its own, whatever the
other codes score: the code scores at least ``MIN_SCORE`` for it (about one distinctive word found in a title
or the terms) and covers at least ``MIN_COVERAGE`` of the duty's content (its distinctive words, each weighed by
its idf). A duty that reads better as work outside the list (an outside occupation scores more than every
code) fits no code. So a duty can fit several codes (backend work fits 응용 소프트웨어 개발자 and 웹 개발자
alike), and a duty that matches nothing, or reads as packing or driving, fits none. The **alignment** of a
code is the sum of the shares of the duties that fit it: 0.8 means 80% of the working time is spent on tasks
that fit the code.

The practitioner guide's rule of thumb (at least 70% of the time on tasks that match the code's official
description) is a ruleset parameter; the rules compare the figures this module puts into the fact. What the
figure is and is not: docs/alignment.md.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from engine.core.model import Code, Snapshot
from engine.data.folders import DataDir

if TYPE_CHECKING:  # the matcher is imported where it is used: a case without duties never loads it
    from engine.duties.matching import CodeScore, Found, Hit, Index, Matched, RawHit
    from engine.duties.terms import OutsideOccupation

# the fit bar, calibrated on the evaluation sets' tuning parts (docs/alignment.md, "The fit bar"): a code fits a
# duty when it scores at least MIN_SCORE (about one distinctive word found in a code's title or terms) and covers
# at least MIN_COVERAGE of the duty's content, and no occupation outside the list scores more for the duty
MIN_SCORE = 3.0
MIN_COVERAGE = 0.15
FIT_BAR = (MIN_SCORE, MIN_COVERAGE)
TITLE_RATIO = 0.5  # the title red flag: another code scores twice as much for the title as the applied code
ALTERNATIVES = 3  # alternatives carried in the fact for the suggestions


_matcher: Any = None  # engine.duties.matching once a case with duties asked for it (``_matching``)


def _matching() -> Any:
    """engine.duties.matching, imported on first use (a case without duties never loads it) and then held: an
    import statement in a function runs on every call, and these run for every case and duty."""
    global _matcher
    if _matcher is None:
        from engine.duties import matching

        _matcher = matching
    return _matcher


class DutyLike(Protocol):
    task: str
    share: float


@attrs.frozen
class DutyMatch:
    """One duty and how it matched one code."""

    task: str
    share: float
    score: float
    fits: bool
    found: Sequence[RawHit] = attrs.field(default=(), repr=False, eq=False)

    @cached_property
    def hits(self) -> tuple[Hit, ...]:
        """What the duty matched in the code, strongest first (built on first use: most are never shown)."""
        from engine.duties.matching import hits_of

        return hits_of(self.found)

    def words(self) -> list[str]:
        return [h.describe() for h in self.hits]


class _FoundIn(Sequence):
    """What a duty matched in one code (``Found.get``), looked up on first use: the duties of the applied code
    and of the first alternatives are listed for every case, their matched words rarely."""

    __slots__ = ("_found", "_hits", "_index")

    def __init__(self, found: Found, index: int) -> None:
        self._found, self._index = found, index
        self._hits: Sequence[RawHit] | None = None

    def _list(self) -> Sequence[RawHit]:
        if self._hits is None:
            self._hits = self._found.get(self._index, ())
        return self._hits

    def __getitem__(self, item: Any) -> Any:
        return self._list()[item]

    def __len__(self) -> int:
        return len(self._list())

    def __iter__(self) -> Iterator[RawHit]:
        return iter(self._list())


@attrs.frozen
class _Scored:
    """Each duty of a case with every code's score for it (by position in the snapshot), computed once and
    shared by the CodeAlignment of every code."""

    duties: tuple[DutyLike, ...]
    totals: tuple[dict[int, float], ...]  # unrounded; a score shown or summed is rounded to 4 places
    found: tuple[Found, ...]
    best: tuple[float, ...]
    fitting: tuple[frozenset[int], ...]  # the codes each duty fits (by position)
    outside: tuple[OutsideReading | None, ...]  # each duty's reading as work outside the list, if it reads so

    # each duty's scores rounded to 4 places as asked for (by position): a code's score is read by its strength
    # and its matches, often more than once a case
    rounded: tuple[dict[int, float], ...] = attrs.field(
        init=False, eq=False, repr=False, default=attrs.Factory(lambda self: tuple({} for _ in self.duties), True)
    )

    def matches(self, index: int) -> tuple[DutyMatch, ...]:
        out = []
        for duty, totals, found, fitting, rounded in zip(
            self.duties, self.totals, self.found, self.fitting, self.rounded, strict=True
        ):
            if index in totals:
                score = rounded.get(index)
                if score is None:
                    score = rounded[index] = round(totals[index], 4)
            else:
                score = 0.0
            out.append(DutyMatch(duty.task, duty.share, score, index in fitting, _FoundIn(found, index)))
        return tuple(out)

    @cached_property
    def pieces(self) -> tuple[str, ...]:
        """Each duty as a listing names it: its task and share."""
        return tuple(f"{duty.task} ({duty.share:g}%)" for duty in self.duties)

    def listing(self, index: int, fits: bool = True) -> str:
        """The duties that fit a code (or, with ``fits`` false, those that do not), as a listing names them."""
        return "; ".join(
            piece for piece, fitting in zip(self.pieces, self.fitting, strict=True) if (index in fitting) is fits
        )

    def words(self, index: int, most: int = 6) -> str:
        """The words the duties that fit a code matched (its ``fitting()``), strongest first, each once: what a
        finding rests on. From their raw hits, in ``hits_of``'s order: no DutyMatch or Hit is built for them."""
        words: dict[str, None] = {}
        for found, fitting in zip(self.found, self.fitting, strict=True):
            if index in fitting:
                for hit in sorted(found.get(index, ()), key=_by_weight):
                    words[hit[0]] = None
        return ", ".join(list(words)[:most]) or "none"

    def strength(self, index: int, total: float) -> float:
        """The share-weighted score of a code relative to each duty's best (summed in duty order)."""
        return self.strengths([index], total)[0]

    def strengths(self, indexes: list[int], total: float) -> list[float]:
        """``strength`` of several codes, in one pass over the duties (each code's summed in duty order, the same
        floats as one at a time)."""
        sums = dict.fromkeys(indexes, 0.0)
        for duty, totals, best, rounded in zip(self.duties, self.totals, self.best, self.rounded, strict=True):
            if best > 0:
                for index in indexes:
                    if index in totals:
                        score = rounded.get(index)
                        if score is None:
                            score = rounded[index] = round(totals[index], 4)
                        sums[index] += duty.share * score / best
        return [sums[index] / total for index in indexes]


@attrs.frozen
class OutsideReading:
    """A duty that reads as work outside the list: the occupation it reads as and the words it rests on."""

    occupation: OutsideOccupation
    score: float
    found: Sequence[RawHit] = attrs.field(default=(), repr=False, eq=False)

    def words(self) -> list[str]:
        from engine.duties.matching import hits_of

        return list(dict.fromkeys(h.words for h in hits_of(self.found)))


@attrs.frozen
class CodeAlignment:
    """How the duties align with one code: the share of time that fits it, duty by duty."""

    code: Code
    alignment: float  # 0..1
    strength: float  # the share-weighted score relative to each duty's best, to order equal alignments
    scored: _Scored = attrs.field(repr=False, eq=False)
    index: int = attrs.field(repr=False, eq=False)  # the code's position in the snapshot

    @cached_property
    def duties(self) -> tuple[DutyMatch, ...]:
        """Each duty against this code (built on first use: most codes are ranked, few are shown)."""
        return self.scored.matches(self.index)

    @property
    def alignment_x100(self) -> int:
        return round_x100(self.alignment)

    def fitting(self) -> tuple[DutyMatch, ...]:
        return tuple(d for d in self.duties if d.fits)

    def not_fitting(self) -> tuple[DutyMatch, ...]:
        return tuple(d for d in self.duties if not d.fits)


@attrs.frozen
class Measure:
    """The duties of one case against every code in force: the applied code's alignment and the ranking.

    ``ranked`` and ``matched`` are built on first use (most callers read the applied code and the first few
    alternatives): both are in one order, alignment, then strength, then the list's order, and a code's strength
    is summed only when the order needs it."""

    applied: CodeAlignment | None
    classified: float  # share of time in duties that fit some code
    total_share: float
    outside_share: float  # share of time in duties that read as work outside the list
    scored: _Scored = attrs.field(repr=False, eq=False)
    codes: tuple[Code, ...] = attrs.field(repr=False, eq=False)
    alignments: dict[int, float] = attrs.field(repr=False)  # every code some duty fits (and the applied one)

    @cached_property
    def ranked(self) -> tuple[CodeAlignment, ...]:
        """Every code that some duty fits, best first (the applied one included)."""
        return self._ordered([i for i, alignment in self.alignments.items() if alignment > 0])

    @cached_property
    def matched(self) -> tuple[CodeAlignment, ...]:
        """Every code some duty matched at all, in the same order."""
        scored = {
            i for totals, best in zip(self.scored.totals, self.scored.best, strict=True) if best > 0 for i in totals
        }
        return tuple(a for a in self._ordered(sorted(scored)) if a.strength > 0)

    def _ordered(self, indexes: list[int]) -> tuple[CodeAlignment, ...]:
        strengths = self.scored.strengths(indexes, self.total_share)
        entries = [(i, self.alignments.get(i, 0.0), s) for i, s in zip(indexes, strengths, strict=True)]
        entries.sort(key=lambda e: (-round(e[1], 6), -round(e[2], 6), e[0]))
        return tuple(self._alignment(*entry) for entry in entries)

    def _alignment(self, index: int, alignment: float, strength: float) -> CodeAlignment:
        if self.applied is not None and self.applied.index == index:
            return self.applied
        return CodeAlignment(self.codes[index], alignment, strength, self.scored, index)

    def leading(self, alternatives: int) -> tuple[CodeAlignment, ...]:
        """The first codes of ``ranked``, up to the one that makes ``alternatives`` codes of another occupation
        than the applied one (or all of them): what a case's facts name. Codes are ordered by alignment first;
        strength is summed only for the codes of the alignments reached (it orders equal alignments)."""
        occupation = self.applied.code.occupation if self.applied else None
        groups: dict[float, list[int]] = {}
        levels: dict[float, float] = {}  # each alignment rounded once: the codes a duty fits share one value
        for i, alignment in self.alignments.items():
            if alignment > 0:
                level = levels.get(alignment)
                if level is None:
                    level = levels[alignment] = round(alignment, 6)
                groups.setdefault(level, []).append(i)
        out: list[CodeAlignment] = []
        others = 0
        for level in sorted(groups, reverse=True):
            indexes = groups[level]
            strengths = self.scored.strengths(indexes, self.total_share)
            entries = [(i, self.alignments[i], s) for i, s in zip(indexes, strengths, strict=True)]
            if len(entries) > 1:
                entries.sort(key=lambda e: (-round(e[2], 6), e[0]))
            for entry in entries:
                out.append(self._alignment(*entry))
                others += out[-1].code.occupation != occupation
                if others >= alternatives:
                    return tuple(out)
        return tuple(out)

    def alternatives(self) -> tuple[CodeAlignment, ...]:
        occupation = self.applied.code.occupation if self.applied else None
        return tuple(a for a in self.ranked if a.code.occupation != occupation)

    @property
    def best(self) -> CodeAlignment | None:
        return self.ranked[0] if self.ranked else None

    def outside(self) -> tuple[tuple[DutyLike, OutsideReading], ...]:
        """The duties that read as work outside the list, in order, with what they read as."""
        pairs = zip(self.scored.duties, self.scored.outside, strict=True)
        return tuple((duty, reading) for duty, reading in pairs if reading is not None)


def round_x100(value: float) -> int:
    """A share as a whole percentage, half up (0.695 -> 70), so the rule sees what the message says."""
    return int(value * 100 + 0.5 + 1e-9)


def measure(
    data: DataDir,
    snapshot: Snapshot,
    duties: Sequence[DutyLike],
    applied_code: str | None = None,
    applied_occupation: str | None = None,
    index: Index | None = None,
) -> Measure:
    """Align duties (task, share in percent) with every code of a snapshot.

    ``applied_code`` names the code applied for (in this snapshot), or ``applied_occupation`` its occupation
    (a renumbered code is measured as its current code). Shares are used as given; they need not add up to 100
    (free text without shares is weighted equally by the caller). ``index`` saves the look-up of the
    snapshot's index when the caller has it.
    """
    matching = _matching()
    index = index or matching.index_for(data, snapshot)
    tok = matching.tokenizer()
    total = sum(d.share for d in duties) or 1.0
    all_totals: list[dict[int, float]] = []
    all_found: list[Found] = []
    bests: list[float] = []
    fitting: list[frozenset[int]] = []
    readings: list[OutsideReading | None] = []
    for duty in duties:
        matched = index.match(duty.task, tok, FIT_BAR)
        read = matched.derived.get("fit")
        if read is None:  # worked out once per text (the match is remembered per text)
            read = matched.derived["fit"] = _read(index, matched)
        best, reading, fits = read
        all_totals.append(matched.totals)
        all_found.append(matched.found)
        bests.append(best)
        readings.append(reading)
        fitting.append(fits)
    scored = _Scored(tuple(duties), tuple(all_totals), tuple(all_found), tuple(bests), tuple(fitting), tuple(readings))

    if applied_occupation is None and applied_code is not None:
        entry = snapshot.by_code().get(applied_code)
        applied_occupation = entry.occupation if entry else None
    applied_index = snapshot.position_of(applied_occupation) if applied_occupation is not None else None

    # the share of time that fits each code (summed in duty order); a code no duty fits aligns 0
    fit_sum: dict[int, float] = {}
    for duty, fits in zip(duties, fitting, strict=True):
        for i in fits:
            fit_sum[i] = fit_sum.get(i, 0.0) + duty.share
    alignments = {i: fit_sum[i] / total for i in sorted(fit_sum)}
    classified = sum(d.share for d, fits in zip(duties, fitting, strict=True) if fits) / total
    outside_share = sum(d.share for d, r in zip(duties, readings, strict=True) if r is not None) / total
    codes = snapshot.codes
    applied = None
    if applied_index is not None:
        applied_alignment = alignments.get(applied_index, 0.0)
        strength = scored.strength(applied_index, total)
        applied = CodeAlignment(codes[applied_index], applied_alignment, strength, scored, applied_index)
    return Measure(applied, classified, total, outside_share, scored, codes, alignments)


def _read(index: Index, matched: Matched) -> tuple[float, OutsideReading | None, frozenset[int]]:
    """A duty's best score, its reading as work outside the list (if it reads so) and the codes it fits."""
    # a code the duty fits scores enough and covers enough of the duty (``Matched.coverage``, from the content each
    # code covers): ``matching.fitting``, kept with the match of a text read back (``Index.match``)
    fit = matched.derived.get(FIT_BAR)
    if fit is None:
        fit = _matching().fitting(matched.totals, matched.found.coverage(), matched.content, FIT_BAR)
    best, fits = fit
    if matched.outside is not None and matched.outside_score >= MIN_SCORE and matched.outside_score > best:
        reading = OutsideReading(index.outside[matched.outside], matched.outside_score, matched.outside_found)
        return best, reading, frozenset()
    return best, None, fits


@attrs.frozen
class TitleFit:
    best: CodeScore | None
    applied_score: float
    fits_other: bool


def title_fit(
    data: DataDir, snapshot: Snapshot, title: str, applied_occupation: str, index: Index | None = None
) -> TitleFit:
    """Whether a job title resembles another code clearly more than the applied one (the red flag)."""
    matching = _matching()
    index = index or matching.index_for(data, snapshot)
    totals, best = index.best(title, matching.tokenizer())
    if best is None:
        return TitleFit(None, 0.0, False)
    position = snapshot.position_of(applied_occupation)
    applied = round(totals[position], 4) if position is not None and position in totals else 0.0
    other = best.code.occupation != applied_occupation and best.score >= MIN_SCORE
    return TitleFit(best, applied, other and applied < TITLE_RATIO * best.score)


# -- the facts the rules match ----------------------------------------------------------------------------------


@attrs.frozen
class DutyFacts:
    fact: dict[str, Any]
    missing: dict[str, str]  # fact fields left out, and why (for the needs-information message)


def _by_weight(hit: RawHit) -> float:
    return -hit[3]  # ``hits_of``'s order: strongest first, equal weights in the order the duty's words came


def _outside_listing(m: Measure) -> str:
    """Each duty that reads as work outside the list, what it reads as and the words that say so."""
    return "; ".join(
        f"{duty.task} ({duty.share:g}%) reads as {reading.occupation.label()}, on the words "
        f"{', '.join(reading.words()[:5])}"
        for duty, reading in m.outside()
    )


def duty_facts(
    data: DataDir,
    snapshot: Snapshot,
    entry: Code | None,
    duties: Sequence[DutyLike] | None,
    job_title: str | None,
    threshold: float,
) -> DutyFacts:
    """The flat, primitive facts of duty alignment for a case under a listed code (``engine/rules/facts.py``).

    ``entry`` is the code as the case's code status resolved it; it is measured as the code its occupation
    has in the snapshot in force (none for a code not on the list: the code rules speak for it then). ``threshold``
    is the alignment a ruleset asks for (its parameter duty_alignment_threshold), carried into the fact.
    """
    fact: dict[str, Any] = {"duty_threshold_x100": round_x100(threshold)}
    missing: dict[str, str] = {}
    current = snapshot.by_occupation().get(entry.occupation) if entry is not None else None
    if current is None:
        return DutyFacts(fact, missing)
    if duties:
        texts = [d.task for d in duties] + ([job_title] if job_title else [])
        index = _matching().index_of_case(data, snapshot, texts)
        index.prefetch(texts)  # one query for the case, unless its chunk read them ahead
        m = measure(data, snapshot, duties, applied_occupation=current.occupation, index=index)
        applied = m.applied
        assert applied is not None  # the applied occupation is always measured
        fact["duty_alignment_x100"] = applied.alignment_x100
        fact["duty_classified_x100"] = round_x100(m.classified)
        fact["duty_outside_x100"] = round_x100(m.outside_share)
        fact["duties_outside"] = _outside_listing(m) or "none"
        scored = m.scored
        fact["duties_fitting"] = scored.listing(applied.index) or "none"
        fact["duties_not_fitting"] = scored.listing(applied.index, fits=False) or "none"
        leading = m.leading(ALTERNATIVES)  # ranked's first codes: the best and the first alternatives
        alternatives = [a for a in leading if a.code.occupation != applied.code.occupation]
        best = leading[0] if leading else None
        fact["best_code_alignment_x100"] = best.alignment_x100 if best else 0
        if best is not None:
            fact["best_code"] = best.code.code
            fact["best_code_title"] = best.code.title_ko
        fact["best_alternative_alignment_x100"] = alternatives[0].alignment_x100 if alternatives else 0
        for n, alt in enumerate(alternatives[:ALTERNATIVES], start=1):
            fact[f"alternative_{n}_code"] = alt.code.code
            fact[f"alternative_{n}_title"] = alt.code.title_ko
            fact[f"alternative_{n}_alignment_x100"] = alt.alignment_x100
            fact[f"alternative_{n}_duties"] = scored.listing(alt.index)
        if alternatives:
            fact["best_alternative_code"] = alternatives[0].code.code
            fact["best_alternative_title"] = alternatives[0].code.title_ko
            fact["best_alternative_words"] = scored.words(alternatives[0].index)
    else:
        missing["duty_alignment_x100"] = "position.duties (each task with its share of working time)"
    # the title is compared only beside duties: a case without duties never loads the Korean analyser
    if job_title and duties:
        t = title_fit(data, snapshot, job_title, current.occupation, index)
        fact["title_fits_other_code"] = t.fits_other
        if t.fits_other and t.best is not None:
            fact["title_best_code"] = t.best.code.code
            fact["title_best_title"] = t.best.code.title_ko
            fact["title_best_words"] = ", ".join(h.words for h in t.best.hits[:4])
    return DutyFacts(fact, missing)
