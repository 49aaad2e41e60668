"""Where each fact the rule engine matches comes from in a case file, for the "needs information" message: the
case field a missing fact asks for. May import the rules' fact modules that name their own fields (stay,
workplace_change, code_stay_facts)."""

from __future__ import annotations

from engine.rules.code_stay_facts import CODE_STAY_FIELDS
from engine.rules.stay import STAY_FIELDS
from engine.rules.workplace_change import WORKPLACE_CHANGE_FIELDS

# where each fact field comes from, for the "needs information" message
CASE_FIELDS = {
    "case_kind": "kind",
    "declared_subcategory": "position.subcategory",
    "job_title": "position.job_title",
    "annual_salary_krw": "position.annual_salary_krw",
    "weekly_hours": "position.weekly_hours",
    "duties_count": "position.duties",
    "education": "applicant.education",
    "education_rank": "applicant.education",
    "degree_related": "applicant.degree_related",
    "experience_years": "applicant.experience_years",
    "korean_level": "applicant.korean_level",
    "prior_e7_years": "applicant.prior_e7_years",
    "age": "applicant.birth_date",
    "jeju_alumnus_entry_accepted": "stay.entry_status",
    "jeju_alumnus_experience_met": "applicant.english_teaching_certificate",
    "employer_size": "employer.size",
    "capital_region": "employer.capital_region",
    "domestic_employees": "employer.domestic_employees",
    "foreign_employees": "employer.foreign_employees",
    "foreign_after_hire": "employer.foreign_employees",
    "foreign_allowed": "employer.domestic_employees",
    "annual_revenue_krw": "employer.annual_revenue_krw",
    "mainly_domestic_sales": "employer.mainly_domestic_sales",
    "years_since_founded": "employer.founded_on",
    "open_3_months": "employer.founded_on",
    "small_shipbuilder_allowed": "employer.annual_revenue_krw",
    "tax_arrears": "employer.tax_arrears",
    "sme_special_eligible": "employer.size, employer.capital_region and applicant.prior_e7_years",
    "e74_employer_recommendation": "e7_4.employer_recommendation",
    "e74_years_prior": "e7_4.years_on_prior_status",
    "e74_ministry_recommendation": "e7_4.central_ministry_recommendation",
    "e74_metro_recommendation": "e7_4.metro_government_recommendation",
    "e74_metro_area_years": "e7_4.metro_government_area_years",
    "e74_ministry_recommendation_on": "e7_4.central_ministry_recommendation_on",
    "e74_total": "the E-7-4 points inputs",
    "high_tech_field": "e7_s.high_tech_field",
    "s_points": "e7_s.points",
    "employer_sector": "employer.sector",
    "employer_depopulation_area": "employer.depopulation_area",
    "employer_reshoring": "employer.reshoring",
    "section_route": "position.section_route",
    "aquaculture_species": "position.aquaculture_species",
    "quota_number": "position.quota_number",
    "foreign_tourists_per_year": "employer.foreign_tourists_per_year",
    "korean_graduate": "applicant.korean_graduate",
    "regular_workers": "employer.regular_workers",
    "absconders_in_window": "employer.absconders_past_year or employer.absconders_past_two_years",
    "entered_on": "applicant.entered_on",
    "certification_held": "employer.certifications",
    "years_since_entry": "applicant.entered_on",
    "code_papers_missing_count": "documents.attached",
    "e74_papers_missing_count": "documents.attached",
    "e74_guarantee_by_employer": "documents.guarantee_by_employer",
    "e74_guarantee_until_day": "documents.guarantee_until",
}
DOCUMENT_FIELDS = (
    "contract_lists_duties",
    "sayuseo_cites_code",
    "sayuseo_lists_tasks",
    "sayuseo_reviewed_by_applicant",
    "prior_letters_list_duties",
    "income_certificate",
    "recommendation_letter",
    "guarantee",
    "code_documents",
    "issued_abroad",
    "contract_states_hours",
)
for _name in DOCUMENT_FIELDS:
    CASE_FIELDS[_name] = f"documents.{_name}"
CASE_FIELDS.update(STAY_FIELDS)
CASE_FIELDS.update(WORKPLACE_CHANGE_FIELDS)
CASE_FIELDS.update(CODE_STAY_FIELDS)


def field_description(name: str, missing_reasons: dict[str, str]) -> str:
    if name in missing_reasons:
        return missing_reasons[name]
    return CASE_FIELDS.get(name, name)
