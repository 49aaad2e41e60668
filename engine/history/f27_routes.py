"""The other routes to F-2-7 (stay manual 2026.6 pp.369-370: 1) a listed company, 2) a promising industry, 4) a
Korean graduate degree or a Korean War participant country's talent, 5) potential talent, F-2-7S, which needs
no points either; and the E-7-S holders' route of p.295, without the points), which need no 3 years of stay: the fact
of the check ``f27_routes`` built from the history, and the route the history rules find. The rules decide
(``rulesets/history/``, history.f27-route-*); this module only gathers the inputs and a difference of dates.

May import engine.core, engine.catalogue, engine.rules and engine.history's model, rules and calculations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from engine.core.model import Gni
from engine.history.model import History, Income, Stay
from engine.history.rules import HistoryRules
from engine.rules.decision import Finding
from engine.rules.facts import age_on

# the [f27] inputs the route rules read, as the history file names them
ROUTE_INPUTS = (
    "employer_listed",
    "high_tech_field",
    "korean_war_participant_country_talent",
    "central_agency_recommendation",
    "korean_university_bachelor",
    "korean_university_master",
    "korean_university_doctorate",
    "science_graduate_degree",
    "president_recommendation",
)
# the routes that lift the points requirement as well (F-2-7S, p.370; E-7-S, p.295): the F-2-7 rules read the
# first open one as points_waived_by
POINTS_WAIVED_BY = ("history.f27-route-potential-talent", "history.f27-route-e7-s")
E7_S = ("E-7-S1", "E-7-S2")


def e7_s_facts(history: History, on: dt.date) -> dict[str, Any]:
    """What the E-7-S route reads (stay manual p.295: 1 year on E-7-S in Korea, the E-7-S2 points or the E-7-S1
    income, KIIP stage 3): the days of the history's E-7-S stays up to the application date (a day in two stays
    once), and the [f27] inputs the history gives."""
    days: set[dt.date] = set()
    for stay in history.stays:
        if stay.subcategory in E7_S:
            day, end = stay.start, min(stay.until or on, on)
            while day <= end:
                days.add(day)
                day += dt.timedelta(days=1)
    found: dict[str, Any] = {"e7_s_days": len(days)}
    if history.f27.e7_s2_points is not None:
        found["e7_s2_points"] = history.f27.e7_s2_points
    if history.f27.kiip_stage_3_completed_or_assigned is not None:
        found["kiip_stage_3_completed_or_assigned"] = history.f27.kiip_stage_3_completed_or_assigned
    return found


def other_route(
    rules: HistoryRules, history: History, stay: Stay, latest: Income | None, gni: Gni | None, on: dt.date
) -> tuple[str, str, tuple[Finding, ...]]:
    """The route other than the professionals' one that the rules find open on the application date (the title
    of the first, "" for none), the route that also lifts the points (its title, or ""), and their findings, for
    the stay held on that date."""
    fact: dict[str, Any] = {
        "check": "f27_routes",
        "on": on.isoformat(),
        "code": stay.code,
        "subcategory": stay.subcategory,
        "previous_year": on.year - 1,
    }
    fact |= {name: getattr(history.f27, name) for name in ROUTE_INPUTS}
    if history.f27.contract_salary_krw is not None:  # about to start the job: route 2 reads it (p.369)
        fact["contract_salary_krw"] = history.f27.contract_salary_krw
    if latest is not None:
        fact |= {"income_year": latest.year, "certified_krw": latest.certified_krw}
    if gni is not None:
        fact |= {"gni_year": gni.year, "gni_krw": gni.amount_krw}
    fact |= e7_s_facts(history, on)
    degree = history.f27.korean_graduate_degree_on
    if degree is not None and degree <= on:
        fact |= {"graduate_degree_on": degree.isoformat(), "graduate_degree_years_ago": age_on(degree, on)}
    checked = rules.run(fact, on)
    route = checked.findings[0].title if checked.findings else ""
    waived = next((f.title for f in checked.findings if f.rule in POINTS_WAIVED_BY), "")
    return route, waived, checked.findings
