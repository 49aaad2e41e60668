"""The facts the codes' own sections on pp.220-250 of the visa manual 2026.6 set for a case (task codesB of issue
18): their qualification routes (engine/rules/code_routes.py), the documents they add
(engine/rules/code_documents.py) and their employer conditions (engine/rules/code_workplace.py,
engine/rules/code_employers.py for those of task codes18, engine/rules/employer_allowances.py for the small
shipbuilders' and S71032's exceptions to the share, engine/rules/employer_kinds.py), 1512's and 261's branches
(engine/rules/section_branches.py), the trial items of 6301 and the pilots' quota numbers
(engine/rules/trial_items.py) and 7406's grinding work (engine/rules/grinding_work.py), the conditions on the post
itself (engine/rules/post_conditions.py). One call for engine/rules/facts.py while it prepares a case.

May import engine.core and those modules of engine.rules."""

from __future__ import annotations

from typing import Any

from engine.core.case import Case
from engine.rules.code_documents import code_documents_facts
from engine.rules.code_employers import allowance_facts, employer_condition_facts
from engine.rules.code_routes import code_route_facts
from engine.rules.code_workplace import (
    business_kind_facts,
    code_workplace_facts,
    coordinator_cap_facts,
    counselling_facts,
    cuisine_facts,
    employer_record_facts,
    language_facts,
)
from engine.rules.employer_allowances import share_exception_facts
from engine.rules.employer_kinds import employer_kind_facts
from engine.rules.grinding_work import grinding_facts
from engine.rules.post_conditions import applicant_condition_facts, cook_route_facts, post_condition_facts
from engine.rules.section_branches import jeju_alumni_facts, legal_consultant_facts, ship_management_facts
from engine.rules.trial_items import quota_number_facts, trial_item_facts


def code_section_facts(
    occupation: str, case: Case, parameters: dict[str, Any], fact: dict[str, Any], missing: dict[str, str]
) -> None:
    a, e = case.applicant, case.employer
    branches = (case.position.section_route, e.business_kind)  # a section's routes by branch or kind of employer
    code_route_facts(occupation, a, case.documents, parameters, fact, missing, branches)
    code_documents_facts(occupation, parameters, fact)
    code_workplace_facts(occupation, e, parameters, fact, missing)
    business_kind_facts(occupation, e, parameters, fact, missing)
    cuisine_facts(occupation, e, case.position.cook_post, parameters, fact)
    employer_record_facts(occupation, e, parameters, fact, missing)
    counselling_facts(occupation, e, parameters, fact, missing)
    language_facts(occupation, a, parameters, fact, missing)
    coordinator_cap_facts(occupation, e, parameters, fact, missing)
    share_exception_facts(occupation, e, parameters, fact)
    employer_kind_facts(occupation, e, parameters, fact)
    trial_item_facts(occupation, parameters, fact)
    quota_number_facts(occupation, case.position, parameters, fact)
    grinding_facts(occupation, a, case.position, parameters, fact, missing)
    post_condition_facts(occupation, case.position, parameters, fact)
    applicant_condition_facts(occupation, a, parameters, fact)
    cook_route_facts(occupation, a, parameters, fact)
    route = case.position.section_route
    employer_condition_facts(occupation, route, e, parameters, fact, missing)
    allowance_facts(occupation, route, e, parameters, fact, missing)
    ship_management_facts(occupation, case, parameters, fact, missing)
    legal_consultant_facts(occupation, case, parameters, fact, missing)
    jeju_alumni_facts(occupation, case, parameters, fact)
    # 1320's recommended bachelor's holders, left to a substantive review (p.188)
    review = parameters.get("general_rule_recommended_bachelor")
    if review is not None and occupation in review.value:
        fact["code_recommended_bachelor_review"] = True
