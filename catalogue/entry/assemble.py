"""One-off: assemble the 2026-06-17 snapshot from the data-entry files and derive the dated snapshots."""

from __future__ import annotations

import copy
import datetime as dt
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from engine.catalogue.snapshots import check_snapshot  # noqa: E402
from engine.core.convert import structure  # noqa: E402
from engine.core.model import Snapshot  # noqa: E402

ENTRY = Path(__file__).resolve().parent
FACTS = "shared/sources/facts.md"
VISA = "사증발급 안내매뉴얼"
STAY = "외국인체류 안내매뉴얼"


def src(document, status, edition="", pages="", url="", note=""):
    d = {"document": document, "status": status}
    if edition:
        d["edition"] = edition
    if pages:
        d["pages"] = pages
    if url:
        d["url"] = url
    if note:
        d["note"] = note
    return d


FACTS_SRC = lambda note, status="N": src("e7 reference facts (shared/sources/facts.md)", status, note=note)  # noqa: E731

MINIMUM_WAGE = [
    {
        "year": 2024,
        "effective": dt.date(2024, 1, 1),
        "hourly_krw": 9_860,
        "monthly_krw": 2_060_740,
        "source": FACTS_SRC(
            "minimum wage 2024; monthly at 209 hours. In force from 1 January (visa manual p.182: 별도 규정이 "
            "없으면 1월1일부터)"
        ),
    },
    {
        "year": 2025,
        "effective": dt.date(2025, 1, 1),
        "hourly_krw": 10_030,
        "monthly_krw": 2_096_270,
        "source": FACTS_SRC("minimum wage 2025; monthly at 209 hours"),
    },
    {
        "year": 2026,
        "effective": dt.date(2026, 1, 1),
        "hourly_krw": 10_320,
        "monthly_krw": 2_156_880,
        "source": FACTS_SRC(
            "minimum wage 2026 (고용노동부고시 2025-47); monthly at 209 hours; the stay manual p.305 uses "
            "2,156,880 x 12"
        ),
    },
]
GNI = [
    {
        "year": 2022,
        "amount_krw": 42_487_000,
        "estimate": "revised",
        "source": FACTS_SRC("Bank of Korea GNI per capita 2022 (revised); publication date not recorded"),
    },
    {
        "year": 2023,
        "amount_krw": 44_051_000,
        "estimate": "preliminary",
        "source": FACTS_SRC("Bank of Korea GNI per capita 2023 (preliminary); publication date not recorded"),
    },
    {
        "year": 2024,
        "amount_krw": 50_120_000,
        "estimate": "revised",
        "published": dt.date(2025, 6, 5),
        "source": FACTS_SRC(
            "Bank of Korea GNI per capita 2024 (revised 2025-06-05); the preliminary figure is not recorded"
        ),
    },
    {
        "year": 2025,
        "amount_krw": 52_416_000,
        "estimate": "preliminary",
        "published": dt.date(2026, 3, 10),
        "source": FACTS_SRC("Bank of Korea GNI per capita 2025 (preliminary 2026-03-10)"),
    },
]
SME_RULE = {
    "id": "sme-special",
    "effective": dt.date(2023, 1, 1),
    "precision": "month",
    "ratio": 0.7,
    "max_prior_e7_years": 3.0,
    "applies_to": (
        "codes under the 80% GNI wage rule; employers that are SMEs (중소기업), venture companies (벤처기업) or "
        "mid-size companies outside the capital region (비수도권 중견기업); applicants with no E-7 work in Korea or at "
        "most 3 years of it"
    ),
    "text": (
        "(중소·벤처·비수도권 중견기업 특례) 전년도 GNI의 80% 이상 임금 요건이 적용되는 직종에 종사 예정이고, 국내 기업 "
        "등에서 특정활동(E-7) 체류자격으로 근무한 경력이 없거나 3년 이하인 자에게 완화된 임금 요건 적용(전년도 GNI의 "
        "80% 이상 → 전년도 GNI의 70% 이상) ※ 특례 임금 요건과 당해연도 공고한 금액이 상이한 경우 유리한 금액 적용"
    ),
    "source": src(
        VISA,
        "M",
        "2026.6",
        "182",
        note="rule text read in the manual; its start (2023-01, month precision) is from facts.md [N]",
    ),
}
GENERAL_80 = {
    "id": "gni-80",
    "effective": dt.date(2023, 1, 1),
    "precision": "month",
    "ratio": 0.8,
    "applies_to": (
        "the general GNI basis that the special rule lowers; codes whose own rule is 전년도 GNI 0.8배 (e.g. "
        "온라인쇼핑판매원, 양식기술자)"
    ),
    "text": "준전문인력, 일반기능인력 중 전년도 GNI 0.8배 이상 : 온라인쇼핑판매원, 양식기술자 등",
    "source": src(
        VISA,
        "M",
        "2026.6",
        "182",
        note=(
            "the 80% basis as the manual states it; listed from the snapshot that introduced the special rule, earlier "
            "history not recorded"
        ),
    ),
}
WAGES = {
    dt.date(2024, 4, 1): [
        ("E-7-1", 35_240_800, "80% x GNI 2023 (preliminary) 44,051,000; SME/venture 70%: 30,835,700", "N")
    ],
    dt.date(2025, 4, 1): [
        ("E-7-1", 28_670_000, "", "N"),
        ("E-7-2", 25_150_000, "", "N"),
        ("E-7-3", 25_150_000, "", "N"),
        ("E-7-4", 26_000_000, "", "N"),
    ],
    dt.date(2026, 2, 1): [
        ("E-7-1", 31_120_000, "", "N"),
        ("E-7-2", 25_890_000, "", "N"),
        ("E-7-3", 25_890_000, "", "N"),
        ("E-7-4", 26_000_000, "", "N"),
    ],
}
WAGE_SOURCES = {
    dt.date(2024, 4, 1): "announced wage requirement in force 2024-04-01 to 2025-03-31 (facts.md wage table, N/D)",
    dt.date(
        2025, 4, 1
    ): "fixed-amount wage notice 법무부공고 2025-106 of 2025-03-20, in force 2025-04-01 (facts.md, N)",
    dt.date(2026, 2, 1): "2026 wage amounts in force 2026-02-01 (facts.md, N)",
}


def wages_until(day):
    out = []
    for eff, rows in WAGES.items():
        if eff <= day:
            for sub, amount, note, status in rows:
                out.append(
                    {
                        "effective": eff,
                        "subcategory": sub,
                        "amount_krw": amount,
                        "note": note,
                        "source": FACTS_SRC(WAGE_SOURCES[eff], status),
                    }
                )
    return out


# the manual's "제한되는 직종" (p.294), which both tracks exclude: S2's ④ names the list S1's ② defines
RESTRICTED = (
    "사무종사 업종",
    "단순노무 업종",
    "선량한 풍속에 반하는 업종",
    "관계 법령에서 국가 안보 등의 이유로 외국인의 취업을 제한하는 분야",
)

TRACKS = [
    {
        "id": "E-7-S1",
        "title_ko": "고소득자",
        "title_en": "High earners",
        "rule": (
            "①소득이 전년도 1인당 국민 총소득(GNI)의 3배 이상일 것 ②제한되는 직종*에 취업하지 않을 것 * "
            "한국표준직업분류 상의 사무종사 및 단순노무 업종, 선량한 풍속에 반하는 업종 및 그 밖에 기타 관계 법령에서 "
            "국가 안보 등의 이유로 외국인의 취업을 제한하는 분야(예: 뉴스통신사업자의 대표이사 등)"
        ),
        "gni_multiple": 3.0,
        "min_points": 0,
        "excluded": list(RESTRICTED),
        "source": src(
            STAY,
            "M",
            "2026.6",
            "294",
            note="학력, 경력, 분야에 관계없이 사증(E-7) 발급; 국민고용 보호 심사 기준 비적용",
        ),
    },
    {
        "id": "E-7-S2",
        "title_ko": "첨단산업분야 종사 예정자",
        "title_en": "High-tech industry professionals",
        "rule": (
            "①점수 요건을 60점 이상 충족하면서 ②소득이 전년도 1인당 국민총소득(GNI)의 1배 이상이고 ③첨단산업 분야*에 "
            "종사할 것 ④제한되는 직종에 취업하지 않을 것 * 산업발전법 제5조에 따라 고시되는 첨단기술로 반도체, 바이오, "
            "디스플레이, 신재생에너지 등"
        ),
        "gni_multiple": 1.0,
        "min_points": 60,
        "excluded": list(RESTRICTED),
        "source": src(
            STAY,
            "M",
            "2026.6",
            "294-295",
            note=(
                "첨단산업분야: 산업발전법 제5조 및 「첨단기술 및 제품의 범위」(산업통상자원부 고시 제2022-36호)의 "
                "3,043개 첨단기술‧제품; 국민고용 보호 심사 기준 비적용"
            ),
        ),
    },
]


def load_entries():
    codes = []
    for name in ("e7-1-a.toml", "e7-1-b.toml", "e7-234.toml"):
        codes.extend(tomllib.loads((ENTRY / name).read_text())["codes"])
    return codes


ORDER = {"managers": 0, "professionals": 1, "clerical": 2, "service": 3, "general_skilled": 4, "skilled_points": 5}

SNAPSHOT_0617 = {
    "id": "2026-06-17",
    "effective": dt.date(2026, 6, 17),
    "title": (
        "특정활동(E-7) 허용직종 94개 — 사증발급 안내매뉴얼 2026.6 (E-7 list of 94 occupations, visa issuance manual "
        "2026.6)"
    ),
    "status": "M",
    "source": src(
        VISA,
        "M",
        "2026.6 (file dated 2026-06-17)",
        "176-250",
        url="https://www.hikorea.go.kr",
        note=(
            "list pp.183-185, per-code sections pp.187-250, general criteria pp.176-183; E-7-S from the stay manual "
            "(외국인체류 안내매뉴얼 2026.6) pp.294-295; E-7-4 requirements from the stay manual pp.299-304"
        ),
    ),
    "derived_from": "",
    "events": [],
    "note": (
        "Typed in from the extracted manual text, every Korean text verbatim. English titles are e7's rendering, not "
        "official. The E-7 section of the 2026-07-31 edition was compared with this one and no substantive difference "
        "was found (catalogue/README.md), so no snapshot is dated 2026-07-31."
    ),
}


def base_thresholds(day):
    return {
        "wages": wages_until(day),
        "minimum_wage": MINIMUM_WAGE,
        "gni": GNI,
        "gni_ratios": [GENERAL_80, SME_RULE] if day >= dt.date(2023, 1, 1) else [],
    }


def build_0617():
    codes = sorted(load_entries(), key=lambda c: (ORDER[c["group"]], c["list_number"]))
    return {
        "snapshot": SNAPSHOT_0617,
        "codes": codes,
        "tracks": TRACKS,
        "thresholds": base_thresholds(dt.date(2026, 6, 17)),
    }


def validate(data, where):
    snap = structure(data, Snapshot, where)
    check_snapshot(snap, where)
    return snap


LATER = {  # code -> (date it was added, event text, status)
    "S8417": dt.date(2024, 5, 1),
    "42111": dt.date(2024, 7, 1),
    "76231": dt.date(2024, 8, 12),
    "S85411": dt.date(2025, 10, 1),
    "S75104": dt.date(2025, 10, 1),
    "S71032": dt.date(2026, 1, 1),
    "S85513": dt.date(2026, 2, 1),
}
EVENTS = [
    (
        dt.date(2022, 7, 1),
        "2022-07-01: 76212 선박 전기원 made permanent; 78369 on the list; total 87 (facts.md, M + N)",
    ),
    (
        dt.date(2023, 1, 1),
        "2023-01 (month precision): E-7-S (S1/S2) created; SME/venture wage 70% x GNI for up to 3 years of E-7 "
        "work (facts.md, N)",
    ),
    (
        dt.date(2024, 4, 1),
        "2024-04-01: announced E-7-1 wage 35,240,800 (80% x GNI 2023 preliminary) in force to 2025-03-31 "
        "(facts.md, N/D)",
    ),
    (dt.date(2024, 5, 1), "2024-05-01: S8417 항공기(부품) 제조원 added (pilot 2024-2025, 300/yr) (facts.md, N)"),
    (
        dt.date(2024, 7, 1),
        "2024-07 (month precision): 42111 요양보호사 added to E-7-2 (pilot 2024-2025, 400/yr) (facts.md, N)",
    ),
    (dt.date(2024, 8, 12), "2024-08-12: 76231 송전 전기원 added (pilot 2024-2027, 300/yr) (facts.md, N)"),
    (
        dt.date(2025, 4, 1),
        "2025-04-01: fixed-amount wage notice 법무부공고 2025-106 (2025-03-20) in force (facts.md, N)",
    ),
    (
        dt.date(2025, 10, 1),
        "2025-10 (month precision): S85411 자동차 부품제조원 and S75104 자동차 판금·도장원 added as pilots "
        "2025-10..2027-09 (facts.md, M)",
    ),
    (dt.date(2026, 1, 1), "2026-01 (month precision): S71032 도축원 added as a pilot 2026-01..2027-12 (facts.md, M)"),
    (
        dt.date(2026, 2, 1),
        "2026-02 (month precision): S85513 건설기계(부품)제조원 added as a pilot 2026-02..2028-01, list at 94; "
        "2026 wage amounts in force 2026-02-01 (facts.md, M and N)",
    ),
]
TITLES = {
    dt.date(2022, 7, 1): "E-7 list of 87 occupations (reconstructed)",
    dt.date(2023, 1, 1): "E-7-S tracks and the SME/venture 70% wage rule (reconstructed)",
    dt.date(2024, 4, 1): "Announced wage requirement of 2024-04-01 (reconstructed)",
    dt.date(2024, 5, 1): "S8417 항공기(부품) 제조원 added (reconstructed)",
    dt.date(2024, 7, 1): "42111 요양보호사 added (reconstructed)",
    dt.date(2024, 8, 12): "76231 송전 전기원 added (reconstructed)",
    dt.date(2025, 4, 1): "Fixed-amount wage notice 법무부공고 2025-106 (reconstructed)",
    dt.date(2025, 10, 1): "S85411 and S75104 pilots added (reconstructed)",
    dt.date(2026, 1, 1): "S71032 도축원 pilot added (reconstructed)",
    dt.date(2026, 2, 1): "S85513 pilot added and 2026 wage amounts (reconstructed)",
}
CARRIED = (
    "carried back from the 2026.6 manual: the text in force on this date is not in e7's sources, "
    "so the later text is shown (status D)"
)


def derive(day, base):
    codes = []
    for c in base["codes"]:
        added = LATER.get(c["code"])
        if added is not None and added > day:
            continue
        c = copy.deepcopy(c)
        note = c["source"].get("note", "")
        c["source"]["status"] = "D"
        c["source"]["note"] = CARRIED + (f"; {note}" if note else "")
        codes.append(c)
    events = [text for when, text in EVENTS if when <= day]
    info = {
        "id": day.isoformat(),
        "effective": day,
        "title": TITLES[day],
        "status": "D",
        "source": src(
            "e7 reconstruction from the 사증발급 안내매뉴얼 2026.6 and the dated changes in facts.md",
            "D",
            note=(
                "the list in force on this date, derived by removing the occupations added later; descriptions and "
                "requirements carried from the 2026.6 manual"
            ),
        ),
        "derived_from": "2026-06-17",
        "events": events,
        "note": (
            "Reconstructed: e7 holds no manual of this date. Occupations added later (S8417 2024-05-01, 42111 2024-07, "
            "76231 2024-08-12, S85411/S75104 2025-10, S71032 2026-01, S85513 2026-02) are left out; every text is the "
            "2026.6 text with status D. Dates known only to the month are taken as the 1st of that month."
        ),
    }
    tracks = TRACKS if day >= dt.date(2023, 1, 1) else []
    out = {"snapshot": info, "codes": codes}
    if tracks:
        out["tracks"] = tracks
    out["thresholds"] = base_thresholds(day)
    return out


def write(data, day):
    from engine.catalogue.snapshots import snapshot_text

    where = f"catalogue/{day.isoformat()}.toml"
    snap = validate(data, where)
    text = snapshot_text(snap)
    # round trip: what we write must read back to the same object
    assert structure(tomllib.loads(text), Snapshot, where) == snap, where
    (ROOT / where).write_text(text, encoding="utf-8")
    return snap


def derive_tracks_status(data):
    if "tracks" in data:
        data["tracks"] = copy.deepcopy(data["tracks"])
        for t in data["tracks"]:
            t["source"]["status"] = "D"
            t["source"]["note"] = CARRIED + "; " + t["source"].get("note", "")


SNAPSHOT_0901 = {
    "id": "2026-09-01",
    "effective": dt.date(2026, 9, 1),
    "title": (
        "특정활동(E-7) 허용직종 94개 — 2026-09-01 판: 28개 직종 KSCO 8차 코드로 변경 (E-7 list re-coded: 28 "
        "occupations move to KSCO 8th-revision codes)"
    ),
    "status": "M",
    "source": src(
        VISA,
        "M",
        "2026-09-01 (E-7 section)",
        "170-278",
        url="https://www.hikorea.go.kr",
        note=(
            "list pp.183-186; per-code sections pp.187-249; general criteria pp.170-183. facts.md counts 27 re-coded "
            "occupations but lists 28 pairs; the manual's list re-codes 28 (18 in E-7-1, 10 in E-7-2)"
        ),
    ),
    "derived_from": "",
    "events": [],
    "note": (
        "The 2026-06-17 entries amended with every difference the 2026-09-01 edition prints (catalogue/README.md: how "
        "it was checked). Code 441 changes meaning: 주방장 및 조리사 moves to 451 and 운송 서비스 종사자 moves from "
        "431 to 441. Several per-code section headings of this edition print codes that differ from its own list (e.g. "
        "간호사 (2440), 조사 전문가 (2843)); the list is authoritative and each such heading is recorded in the code's "
        "source note. The general lists on p.179 still print pre-renumbering codes and were read by occupation title."
    ),
}


def build_0901(base):
    amend = {a["occupation"]: a for a in tomllib.loads((ENTRY / "amend-2026-09-01.toml").read_text())["amend"]}
    renumber = {r["old"]: r for r in tomllib.loads(_renumber_block())["renumber"]}
    codes = []
    renumbered = []
    for c in base["codes"]:
        c = copy.deepcopy(c)
        a = amend[c["occupation"]]
        for key, value in a.get("fields", {}).items():
            c[key] = value
        old = c["code"]
        if old in renumber:
            c["code"] = renumber[old]["new"]
            c["former_code"] = old
            renumbered.append(
                {
                    "occupation": c["occupation"],
                    "old_code": old,
                    "new_code": c["code"],
                    "effective": dt.date(2026, 9, 1),
                    "source": src(
                        VISA,
                        "M",
                        "2026-09-01 (E-7 section)",
                        renumber[old]["page"],
                        note=f"the list prints {c['title_ko']}({c['code']} 舊{old})",
                    ),
                }
            )
        elif c["code"] == "2591":
            c["former_code"] = "2591"  # the 2026-09-01 list prints "2591 舊2591"
        note = f"per-code section heading as printed: {a['heading'].strip()}"
        c["source"] = src(VISA, "M", "2026-09-01 (E-7 section)", a["pages"], note=note)
        if c["subcategory"] == "E-7-4":
            c["source"] = src(
                STAY,
                "U",
                "2026.6",
                "299-304",
                note=(
                    "no per-code section in the 2026-09-01 edition (group heading p.249); requirements carried from "
                    "the 2026.6 stay manual, whose E-7-4 guideline is newer than the 2026-09-01 appendix"
                ),
            )
        codes.append(c)
    thresholds = base_thresholds(dt.date(2026, 9, 1))
    for w in thresholds["wages"]:
        if w["effective"] == dt.date(2026, 2, 1):
            w["source"] = src(
                VISA,
                "M",
                "2026-09-01 (E-7 section)",
                "182",
                note=(
                    "the manual prints the '26 amounts (임금요건 기준(’26년도)); in force since 2026-02-01 per "
                    "facts.md [N]"
                ),
            )
    sme_2026 = dict(SME_RULE)
    sme_2026.update(
        {
            "effective": dt.date(2026, 9, 1),
            "precision": "day",
            "text": (
                "(중소·벤처·비수도권 중견기업 특례)* E-7 세부직종에 관계없이 전년도 1인당 GNI의 80% 이상 임금요건이 "
                "적용되는 직종에 종사 예정이고, 국내 기업‧업체에서 특정활동(E-7) 체류자격으로 근무한 경력이 없거나 3년 "
                "이하인 자에게 최대 3년간 완화된 임금요건 기준(전년도 1인당 GNI의 80% 이상 → 70% 이상) 적용 가능하나 "
                "만 3년 경과시에는 전년도 1인당 GNI의 80% 이상 적용 ※ 특례 임금 요건과 당해연도 공고한 금액이 상이한 "
                "경우 유리한 금액 적용"
            ),
            "applies_to": SME_RULE["applies_to"] + "; for at most 3 years, after which 80% of GNI applies",
            "source": src(VISA, "M", "2026-09-01 (E-7 section)", "182"),
        }
    )
    thresholds["gni_ratios"] = [GENERAL_80, SME_RULE, sme_2026]
    return {
        "snapshot": SNAPSHOT_0901,
        "codes": codes,
        "renumbered": renumbered,
        "tracks": TRACKS,
        "thresholds": thresholds,
    }


def _renumber_block():
    text = (ENTRY / "editions.md").read_text()
    block = text[text.index("[[renumber]]") :]
    return block.split("```")[0]


def main():
    base = build_0617()
    for day in sorted(TITLES):
        data = derive(day, base)
        derive_tracks_status(data)
        snap = write(data, day)
        print(day, len(snap.codes))
    snap = write(base, dt.date(2026, 6, 17))
    print("2026-06-17", len(snap.codes))
    snap = write(build_0901(base), dt.date(2026, 9, 1))
    print("2026-09-01", len(snap.codes), len(snap.renumbered))


if __name__ == "__main__":
    main()
