"""The facts of the manual's exemptions: who is spared a requirement the rules otherwise apply (issue 18).

A university or a public institution is asked no recommendation letter (visa manual 2026.6 p.175); a law-abiding,
socially contributing company is spared its establishment documents and the proof of its need to hire (p.179);
part-time work at an added workplace and D-2-7 work-study graduates are spared the national-employment protection
(pp.173, 181); a Japanese software engineer with the CAIT / JITEC certificates is spared the qualification criteria
(p.174). The rules that read these facts decide (rulesets/2022-07-01.toml); this module only reads the case.
It may import engine.core only.
"""

from __future__ import annotations

from typing import Any

from engine.core.case import Case

# how a case may spell Japan (the field is free text: a name or an ISO code)
JAPANESE = {"japan", "japanese", "jp", "jpn", "일본", "日本"}


def exemption_facts(case: Case) -> dict[str, Any]:
    """The inputs of the exemptions, where the case gives them."""
    s, e = case.stay, case.employer
    given = {
        "employer_university": e.university,
        "compliance_designation": e.compliance_designation,
        "d2_7_graduate": s.d2_7_graduate,
        "government_scholar": s.government_scholar,
    }
    fact = {name: value for name, value in given.items() if value is not None}
    if case.applicant.nationality is not None:  # the case's spelling, read for the one route that names a nationality
        fact["japanese_national"] = case.applicant.nationality.strip().casefold() in JAPANESE
    if s.workplace_added is not None and s.part_time is not None:  # part-time work at an added workplace
        fact["part_time_added_workplace"] = s.workplace_added and s.part_time
    return fact
