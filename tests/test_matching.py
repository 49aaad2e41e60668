"""The duty matcher: accuracy on the evaluation set, Korean and mixed text, explanations, dates, determinism,
the curated terms file, and that commands which need no matching never load the Korean analyser."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tomllib
from collections import defaultdict

import pytest

from engine.catalogue.snapshots import Catalogue
from engine.duties import matching, tokens
from engine.duties import terms as duty_terms

from .conftest import ROOT

D = dt.date
DUTIES = ROOT / "tests" / "duties"
# floors the evaluation must stay above, per file (benchmarks/matching.py prints the figures): the goals (top-1
# 75%, top-3 90%) for the main set and held-out set 1, which the terms were tuned with; for held-out set 2, never
# tuned on and below the goals (docs/alignment.md), a floor under what it measured, to catch a regression
FLOORS = {
    "english.toml": (0.75, 0.90),
    "korean.toml": (0.75, 0.90),
    "holdout.toml": (0.75, 0.90),
    "holdout-2.toml": (0.60, 0.65),
}


def load_set() -> list[dict]:
    items = []
    for path in sorted(DUTIES.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for item in data["duties"]:
            holdout = data.get("holdout", False)
            items.append({**item, "as_of": data["as_of"], "lang": data["lang"], "holdout": holdout, "file": path.name})
    return items


ITEMS = load_set()


def top_codes(data, catalogue: Catalogue, text: str, on: dt.date, n: int = 3) -> list[str]:
    return [s.code.code for s in matching.rank(data, catalogue.in_force(on), text)[:n]]


def test_the_evaluation_set_covers_both_languages_and_every_subcategory(catalogue):
    main = [i for i in ITEMS if not i["holdout"]]
    assert len(main) >= 200
    english = [i for i in main if i["lang"] == "en"]
    korean = [i for i in main if i["lang"] == "ko"]
    assert len(english) >= 100 and len(korean) >= 100
    subcategories = set()
    for item in ITEMS:
        snapshot = catalogue.in_force(item["as_of"])
        for code in item["codes"]:
            assert code in snapshot.by_code(), (code, item["text"])  # every label is a code in force on as_of
        subcategories.add(snapshot.by_code()[item["codes"][0]].subcategory)
    assert subcategories == {"E-7-1", "E-7-2", "E-7-3", "E-7-4"}


def test_every_evaluation_file_has_a_floor():
    assert {i["file"] for i in ITEMS} == set(FLOORS)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_accuracy_stays_above_the_floor(data, catalogue, name):
    top1_floor, top3_floor = FLOORS[name]
    by_lang: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    for item in (i for i in ITEMS if i["file"] == name):
        ranked = top_codes(data, catalogue, item["text"], item["as_of"])
        hit = (bool(ranked) and ranked[0] in item["codes"], any(c in item["codes"] for c in ranked))
        lang = item["lang"] if item["lang"] != "mixed" else ("ko" if tokens._HANGUL.search(item["text"]) else "en")
        by_lang[lang].append(hit)
        by_lang["all"].append(hit)
    for lang, hits in by_lang.items():
        top1 = sum(a for a, _ in hits) / len(hits)
        top3 = sum(b for _, b in hits) / len(hits)
        assert top1 >= top1_floor and top3 >= top3_floor, (lang, top1, top3)


def test_korean_hotel_front_desk_ranks_3922_first(data, catalogue):
    assert top_codes(data, catalogue, "호텔 프런트에서 체크인과 예약을 처리", D(2026, 7, 15))[0] == "3922"


def test_backend_developer_ranks_a_software_code_first(data, catalogue):
    texts = ("Write Python code for backend APIs", "백엔드 API 개발과 서버 장애 처리", "Python으로 백엔드 API 개발")
    for text in texts:
        assert top_codes(data, catalogue, text, D(2026, 7, 1))[0] in ("2223", "2224"), text


def test_suggestions_use_the_codes_in_force_on_the_date(data, catalogue):
    text = "Produce short SNS videos for Instagram and TikTok and edit the footage"
    assert top_codes(data, catalogue, text, D(2026, 7, 1))[0] == "S2855"
    assert top_codes(data, catalogue, text, D(2026, 10, 1))[0] == "S2955"


def test_every_score_says_which_words_matched_which_field(data, catalogue):
    best = matching.rank(data, catalogue.in_force(D(2026, 7, 1)), "영상 편집과 모션그래픽 작업")[0]
    assert best.code.code == "S2855"
    words = {h.words for h in best.hits}
    assert {"영상", "편집"} <= words
    assert all(h.fields and set(h.fields) <= set(matching.FIELD_WEIGHTS) for h in best.hits)
    assert sum(h.weight for h in best.hits) == pytest.approx(best.score, abs=1e-3)


def test_english_duties_also_match_the_manuals_korean_through_the_glossary(data, catalogue):
    # "meal" is in no curated English term; the glossary gives 식사, which the care worker's description uses
    scores = matching.rank(data, catalogue.in_force(D(2026, 7, 1)), "meals")
    assert scores[0].code.code == "42111"
    (hit,) = scores[0].hits
    assert hit.words == "meals→식사" and "description" in hit.fields


def test_a_hyphenated_word_counts_whole(data, catalogue):
    tok = tokens.tokenizer()
    keys = {f.key for f in tok.features("front-end developer")}
    assert "frontend" in keys
    assert "~check" not in keys and "check" not in {f.key for f in tok.features("check guests in")}


def test_text_that_matches_nothing_ranks_nothing(data, catalogue):
    assert matching.rank(data, catalogue.in_force(D(2026, 7, 1)), "zzz qqq") == []


def test_same_input_same_ranking(data, catalogue):
    snapshot = catalogue.in_force(D(2026, 7, 1))
    text = "Plan advertising campaigns and write press releases"
    first = [(s.code.code, s.score, s.hits) for s in matching.rank(data, snapshot, text)]
    tokens.tokenizer()._memo.clear()
    assert [(s.code.code, s.score, s.hits) for s in matching.rank(data, snapshot, text)] == first


# -- the curated terms ------------------------------------------------------------------------------------------


def test_every_curated_entry_is_a_known_occupation_with_a_source(data, catalogue):
    terms = duty_terms.load_terms(data)
    known = {c.occupation for snapshot_id in catalogue.ids for c in catalogue.get(snapshot_id).codes}
    assert set(terms.entries) <= known
    for occupation in terms.entries:
        source = terms.source_of(occupation)
        assert source is not None and source.status in ("U", "D"), occupation
    # every occupation of the newest list has terms (the E-7-4 codes have no description at all)
    newest = catalogue.get(catalogue.ids[-1])
    assert {c.occupation for c in newest.codes} <= set(terms.entries)


def test_a_bad_terms_file_is_one_clear_message(e7, data_copy):
    path = data_copy / "catalogue" / duty_terms.TERMS_FILE
    path.write_text(path.read_text(encoding="utf-8") + '\n[terms.Not_An_Id]\nen = ["x"]\n', encoding="utf-8")
    result = e7("--data", str(data_copy), "suggest", "edit videos", "--as-of", "2026-07-01")
    assert result.code == 2
    assert "catalogue/terms.toml" in result.err and "Not_An_Id" in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_a_data_folder_without_terms_matches_on_the_manual_alone(e7, data_copy):
    (data_copy / "catalogue" / duty_terms.TERMS_FILE).unlink()
    result = e7("--data", str(data_copy), "suggest", "호텔 프런트에서 체크인과 예약을 처리", "--as-of", "2026-07-01")
    assert result.code == 0 and "3922" in result.out


# -- start-up -------------------------------------------------------------------------------------------------

_LOADED = """
import sys
from engine.cli.main import main
main({args!r})
print("KIWI" if "kiwipiepy" in sys.modules else "NO-KIWI", file=sys.stderr)
"""


@pytest.mark.parametrize(
    "args",
    [
        ["codes", "--as-of", "2026-07-01"],
        ["check", str(ROOT / "examples" / "cases" / "incomplete-file.json")],
        ["check", str(ROOT / "examples" / "cases" / "e7-s1-high-earner.toml")],
    ],
    ids=["codes", "check-without-duties", "check-negative-track"],
)
def test_commands_that_need_no_matching_never_load_the_korean_analyser(args):
    result = subprocess.run(
        [sys.executable, "-c", _LOADED.format(args=args)], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.stderr.strip().endswith("NO-KIWI"), result.stderr
