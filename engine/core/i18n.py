"""The workbench's words in Korean and English: labels, help texts, choices and messages.

The language of a page is the ``lang`` query parameter, else the ``e7_lang`` cookie the switch sets, else the
browser's Accept-Language (Korean first for a Korean browser), else English.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from engine.core.field_labels import FIELDS

LANGS = ("ko", "en")

# field path -> (English label, Korean label, English help, Korean help); help from docs/cases.md

SECTIONS: dict[str, tuple[str, str]] = {
    "": ("Application", "신청 정보"),
    "applicant": ("The foreign worker", "외국인 (신청인)"),
    "employer": ("The inviting employer", "고용업체 (초청인)"),
    "position": ("Position, pay and duties", "직종·임금·업무"),
    "documents": ("Documents", "제출 서류"),
    "stay": ("Stay: extension, change of workplace or of status", "체류: 연장, 근무처 변경·추가, 자격 변경"),
    "e7_4": ("E-7-4 points (K-point E74) only", "E-7-4 점수제 (해당 시)"),
    "e7_s": ("E-7-S1 / E-7-S2 only", "E-7-S1 / E-7-S2 (해당 시)"),
}

CHOICES: dict[str, tuple[str, str]] = {
    "initial": ("initial", "최초 (사증 발급)"),
    "extension": ("extension", "체류기간 연장"),
    "change_of_workplace": ("change of workplace", "근무처 변경"),
    "change_of_status": ("change of status", "체류자격 변경"),
    "none": ("none", "없음"),
    "high_school": ("high school", "고등학교"),
    "associate": ("associate (college)", "전문학사"),
    "bachelor": ("bachelor", "학사"),
    "master": ("master", "석사"),
    "doctorate": ("doctorate", "박사"),
    "large": ("large", "대기업"),
    "mid": ("mid-size", "중견기업"),
    "sme": ("SME", "중소기업"),
    "venture": ("venture", "벤처기업"),
    "non_profit": ("non-profit", "비영리"),
    "public": ("public", "공공기관"),
    "agriculture": ("agriculture", "농업"),
    "livestock": ("livestock", "축산업"),
    "fishery": ("fishery", "어업"),
    "coastal_shipping": ("coastal shipping", "연안해운업"),
    "forestry": ("forestry", "임업"),
    "root_industry": ("root industry", "뿌리산업"),
    "other": ("other", "기타"),
    "global_500_experience": ("1+ year at a Global 500 company", "글로벌 500대 기업 1년 이상 경력"),
    "top_world_university": ("top world university", "세계 우수대학 학사"),
    "korean_college": ("Korean junior college", "국내 전문대 졸업"),
    "korean_university": ("Korean university", "국내 대학 학사 이상"),
    "hightech_intern": ("D-10-3 high-tech intern", "첨단기술 인턴(D-10-3) 1년 이상"),
}

OUTCOMES: dict[str, tuple[str, str]] = {
    "ready": ("Ready: no finding stands in the way on this date", "적합: 이 날짜 기준으로 걸림돌이 없습니다"),
    "at_risk": (
        "At risk: no blocking finding, but risks an officer may act on",
        "주의: 결격 사유는 없으나 심사관이 문제 삼을 수 있는 위험이 있습니다",
    ),
    "needs_information": (
        "Needs information: the file lacks inputs the rules need",
        "정보 부족: 기준 확인에 필요한 입력이 빠져 있습니다",
    ),
    "ineligible": ("Ineligible: at least one blocking finding", "부적합: 결격 사유가 하나 이상 있습니다"),
    "error": ("Error: the case could not be checked", "오류: 사건을 확인할 수 없습니다"),
}

SHORT_OUTCOMES: dict[str, tuple[str, str]] = {
    "ready": ("ready", "적합"),
    "at_risk": ("at risk", "주의"),
    "needs_information": ("needs information", "정보 부족"),
    "ineligible": ("ineligible", "부적합"),
    "error": ("error", "오류"),
}

SEVERITIES: dict[str, tuple[str, str]] = {
    "blocking": ("Blocking", "결격"),
    "risk": ("Risk", "위험"),
    "needs_information": ("Needs information", "정보 부족"),
    "advice": ("Advice", "참고"),
}

# every other word of the pages
WORDS: dict[str, tuple[str, str]] = {
    "app": ("e7 workbench", "e7 실무 도구"),
    "nav.check": ("Check a case", "사건 확인"),
    "nav.batch": ("Spreadsheet", "일괄 확인"),
    "nav.codes": ("Codes", "직종 코드"),
    "nav.thresholds": ("Thresholds", "임금 기준"),
    "nav.diff": ("Catalogue diff", "목록 변경 비교"),
    "nav.history": ("History", "체류 이력"),
    "nav.register": ("Register", "사례 대장"),
    "nav.api": ("API", "API"),
    "lang.switch": ("한국어", "English"),
    "release": ("Data release", "데이터 릴리스"),
    "check.title": ("Check a case", "사건 확인"),
    "check.intro": (
        "Fill in what you know; only the occupation code is required. A rule that needs a missing field says so.",
        "아는 항목만 입력하십시오. 직종 코드만 필수입니다. 필요한 항목이 빠지면 해당 기준이 알려 줍니다.",
    ),
    "check.as_of": ("Check as of", "기준일"),
    "check.as_of.help": (
        "The rules in force on this date apply (default: today in Korea; leave empty to use the application date).",
        "이 날짜에 시행 중인 기준을 적용합니다 (기본값: 한국 기준 오늘).",
    ),
    "check.submit": ("Check", "확인"),
    "check.errors": ("Please correct the fields marked below.", "아래 표시된 항목을 고쳐 주십시오."),
    "check.what_if": ("Also show what would change the outcome", "결과를 바꿀 수 있는 변경도 보기"),
    "duties": ("Duties and their share of working time", "업무와 근무시간 비율"),
    "duties.help": (
        "One duty a row, with its share in percent; the shares add up to 100. Leave rows empty if unknown.",
        "한 줄에 업무 하나와 그 비율(%)을 적으십시오. 비율의 합은 100이어야 합니다. 모르면 비워 두십시오.",
    ),
    "duty.task": ("Duty", "업무"),
    "duty.share": ("Share %", "비율 %"),
    "choose": ("(not given)", "(입력 안 함)"),
    "yes": ("yes", "예"),
    "no": ("no", "아니오"),
    "code.search": ("Find a code", "직종 코드 찾기"),
    "code.search.help": (
        "Words from the Korean or English title, description or example job titles, as of the date.",
        "한국어·영어 직종명, 직무설명, 예시 직업의 단어로 찾습니다 (기준일 기준).",
    ),
    "decision.title": ("Decision", "판정"),
    "decision.case": ("Case", "사건"),
    "decision.as_of": ("as of", "기준일"),
    "findings": ("Findings, most serious first", "검토 결과 (중요한 순)"),
    "no_findings": ("No findings.", "지적 사항이 없습니다."),
    "why": ("Why", "근거"),
    "fix": ("What to do", "조치"),
    "facts": ("Facts used", "사용한 사실"),
    "source": ("Source", "출처"),
    "rule_since": ("rule in force since", "기준 시행일"),
    "salary": ("Salary against the floor", "연봉과 임금 요건"),
    "salary.against": ("against", "기준"),
    "suggestions": ("Suggested codes", "추천 직종 코드"),
    "alignment": ("alignment", "업무 부합도"),
    "passed": ("Checked and passed", "확인 결과 충족"),
    "provenance": ("Provenance", "데이터 출처"),
    "provenance.release": ("Data release", "데이터 릴리스"),
    "provenance.catalogue": ("Catalogue snapshot", "직종 목록 판"),
    "provenance.ruleset": ("Ruleset", "기준 판"),
    "provenance.engine": ("e7 version", "e7 버전"),
    "report.open": ("Printable report", "인쇄용 보고서"),
    "report.pdf": ("Download PDF", "PDF 내려받기"),
    "report.title": ("E-7 compliance report", "E-7 적합성 검토 보고서"),
    "report.inputs": ("The case as given", "입력한 사건 정보"),
    "report.disclaimer": (
        "e7 is not legal advice; every figure carries its source and how sure it is "
        "(M manual, N news, D derived, U unverified).",
        "e7은 법률 자문이 아닙니다. 모든 수치에는 출처와 확실성(M 매뉴얼, N 보도, D 산출, U 미확인)이 표시됩니다.",
    ),
    "report.made": ("Made on", "작성일"),
    "what_if": ("What would change the outcome", "결과를 바꿀 수 있는 변경"),
    "what_if.none": (
        "No single change e7 tried makes this case pass.",
        "e7이 시도한 단일 변경으로는 통과하지 않습니다.",
    ),
    "what_if.missing": (
        "Add the missing inputs named above first: e7 looks for changes only where a finding blocks or is a risk.",
        "먼저 위에 적힌 빠진 입력을 채우십시오. e7은 결격이나 위험 판단에 대해서만 변경을 찾습니다.",
    ),
    "what_if.checked": ("checked by re-evaluating the case", "사건을 다시 평가하여 확인함"),
    "what_if.outcome": ("outcome then", "변경 후 결과"),
    "back": ("Edit the case", "사건 수정"),
    "batch.title": ("Check a spreadsheet of cases", "스프레드시트 일괄 확인"),
    "batch.intro": (
        "One case a row; the columns are documented in the guide (docs/spreadsheets.md). XLSX or CSV.",
        "한 줄에 사건 하나. 열 설명은 안내서(docs/spreadsheets.md)에 있습니다. XLSX 또는 CSV.",
    ),
    "batch.template": ("Download the template", "양식 내려받기"),
    "batch.file": ("Spreadsheet file", "스프레드시트 파일"),
    "batch.submit": ("Check every row", "모든 줄 확인"),
    "batch.results": ("Results", "결과"),
    "batch.download_xlsx": ("Download results (XLSX)", "결과 내려받기 (XLSX)"),
    "batch.download_csv": ("Download results (CSV)", "결과 내려받기 (CSV)"),
    "batch.row": ("Row", "행"),
    "batch.outcome": ("Outcome", "결과"),
    "batch.findings": ("Findings", "지적 사항"),
    "codes.title": ("Codes in force", "시행 중인 직종 코드"),
    "codes.search": ("Search", "검색"),
    "codes.subcategory": ("Subcategory", "세부 자격"),
    "codes.count": ("codes", "개 코드"),
    "code.history": ("History across snapshots", "목록 판별 이력"),
    "thresholds.title": ("Wage thresholds", "임금 기준"),
    "diff.title": ("What changed between two dates", "두 날짜 사이 목록 변경"),
    "diff.from": ("From", "이전"),
    "diff.to": ("To", "이후"),
    "history.title": ("A worker's code history", "근로자 직종 이력"),
    "history.intro": (
        "Paste a history file (TOML or JSON, docs/history.md); e7 checks each stay, the renewal and F-2-7.",
        "이력 파일(TOML 또는 JSON, docs/history.md)을 붙여 넣으십시오. 각 체류, 연장, F-2-7을 확인합니다.",
    ),
    "history.text": ("History (TOML or JSON)", "이력 (TOML 또는 JSON)"),
    "history.submit": ("Plan", "확인"),
    "as_of": ("As of", "기준일"),
    "show": ("Show", "보기"),
    "error.title": ("The request could not be answered", "요청을 처리할 수 없습니다"),
    "field.required": ("required", "필수"),
}


# a rule's `authority` (a closed list, docs/rulesets.md) as a reader names it; the JSON keeps the English term
AUTHORITIES: dict[str, tuple[str, str]] = {
    "MoJ manual": ("MoJ manual", "법무부 안내매뉴얼"),
    "MoJ notice": ("MoJ notice", "법무부 공고"),
    "statute": ("statute", "법령"),
    "practitioner guidance": ("practitioner guidance", "실무 지침"),
    "e7": ("e7", "e7"),
}


def field_labels(lang: str) -> dict[str, str]:
    """Each case field's label in ``lang``, by its path."""
    index = 0 if lang == "en" else 1
    return {path: texts[index] for path, texts in FIELDS.items()}


def pick(accept_language: str | None, asked: str | None = None, cookie: str | None = None) -> str:
    """The page's language: asked (query), else the cookie, else the first of ko/en the browser accepts."""
    for choice in (asked, cookie):
        if choice in LANGS:
            return choice
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        lang = tag.strip().lower().split("-")[0]
        if lang in LANGS:
            ranked.append((-weight, index, lang))
    return min(ranked)[2] if ranked else "en"


class Words:
    """The words of one language, looked up in templates as ``t("key")``, ``t.field(path)`` and so on."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._i = 0 if lang == "en" else 1

    def __call__(self, key: str) -> str:
        return WORDS[key][self._i]

    def _pair(self, table: Mapping[str, tuple[str, str]], key: str) -> str:
        found = table.get(key)
        return found[self._i] if found else key

    def field(self, path: str) -> str:
        found = FIELDS.get(path)
        return found[self._i] if found else path

    def help(self, path: str) -> str:
        found = FIELDS.get(path)
        return found[2 + self._i] if found else ""

    def section(self, name: str) -> str:
        return self._pair(SECTIONS, name)

    def choice(self, value: str) -> str:
        return self._pair(CHOICES, value)

    def outcome(self, value: str) -> str:
        return self._pair(OUTCOMES, value)

    def severity(self, value: str) -> str:
        return self._pair(SEVERITIES, value)

    def authority(self, value: str) -> str:
        return self._pair(AUTHORITIES, value)

    def short(self, outcome: str) -> str:
        return self._pair(SHORT_OUTCOMES, outcome)

    def error(self, message: str) -> str:
        return error_ko(message) if self.lang == "ko" else message


# the form's messages in Korean: the English message's pattern, its Korean form (groups carried over)
ERRORS_KO: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), korean)
    for pattern, korean in (
        (r"expected a real calendar date, got (.*)", r"실제 있는 날짜가 아닙니다 (입력: \1)"),
        (r"expected a date as YYYY-MM-DD, got (.*)", r"YYYY-MM-DD 형식의 날짜를 입력하십시오 (입력: \1)"),
        (r"expected a date from (\S+) to (\S+), got (.*)", r"\1부터 \2 사이의 날짜를 입력하십시오 (입력: \3)"),
        (r"expected a date before filed_on (.*)", r"신청일(\1) 이전 날짜여야 합니다"),
        (r"expected a date on or before filed_on (.*)", r"신청일(\1) 또는 그 이전 날짜여야 합니다"),
        (r"expected a date after applicant.birth_date (.*)", r"생년월일(\1) 이후 날짜여야 합니다"),
        (
            r"expected a whole number such as .*, got (.*)",
            r"32000000 또는 32,000,000처럼 정수로 입력하십시오 (입력: \1)",
        ),
        (r"expected a number such as .*, got (.*)", r"3 또는 2.5처럼 숫자로 입력하십시오 (입력: \1)"),
        (r"expected a whole number, got (.*)", r"정수로 입력하십시오 (입력: \1)"),
        (r"expected yes or no, got (.*)", r"예 또는 아니오를 고르십시오 (입력: \1)"),
        (r"expected one of (.*), got (.*)", r"다음 중 하나를 고르십시오: \1 (입력: \2)"),
        (r"expected the occupation code applied for.*", "신청 직종 코드를 입력하십시오 (예: 2223)"),
        (
            r"(?:code: )?expected an occupation code of 3 to 5 digits, optionally after S, got (.*)",
            r"직종 코드는 숫자 3~5자리이며 앞에 S가 올 수 있습니다 (입력: \1)",
        ),
        (r"expected the share of working time in percent.*", "근무시간 비율(%)을 입력하십시오 (1~100)"),
        (r"expected the description of the duty beside its share", "비율 옆에 업무 내용을 입력하십시오"),
        (r"(?:duties: )?expected shares that add up to 100, got (.*)", r"업무 비율의 합이 100이어야 합니다 (현재 \1)"),
        (
            r"(?:\S+: )?expected an amount in won from 0 to \d+, got (.*)",
            r"금액은 0원부터 10조원 사이여야 합니다 (입력: \1)",
        ),
        (
            r"(?:\S+: )?expected weekly working hours from 1 to 84, got (.*)",
            r"주당 근로시간은 1~84시간입니다 (입력: \1)",
        ),
        (r"(?:\S+: )?expected a TOPIK/KIIP level from 0 to 6, got (.*)", r"한국어 단계는 0~6입니다 (입력: \1)"),
        (r"(?:\S+: )?expected a number of years from 0 to 80, got (.*)", r"기간은 0~80년입니다 (입력: \1)"),
        (r"(?:\S+: )?expected a count from 0 to \d+, got (.*)", r"인원·횟수는 0 이상이어야 합니다 (입력: \1)"),
        (r"expected the application date.*", "신청일(또는 기준일)을 입력하십시오"),
        (r"(?:\S+: )?expected a share above 0 percent, got (.*)", r"업무 비율은 0%보다 커야 합니다 (입력: \1)"),
        (
            r"(?:\S+: )?expected a number of at most (\d+) digits, got one of (\d+)",
            r"숫자는 \1자리 이하여야 합니다 (입력: \2자리)",
        ),
        (
            r"expected names from (.*) separated by commas, got (.*)",
            r"다음 이름을 쉼표로 구분해 입력하십시오(없으면 none): \1 (입력: \2)",
        ),
        (
            r"code '(.*)' is not on any E-7 list.*",
            r"코드 \1은(는) e7이 보유한 어느 E-7 목록에도 없습니다. 직종 코드 찾기로 확인하십시오",
        ),
    )
)


# what a bounded number is (engine.core.case.in_range's ``what``) in Korean: every range message reads in Korean
# without a pattern of its own (tests/test_i18n_errors.py holds that each ``what`` in engine/ is here)
RANGE_WHAT_KO = {
    "an amount in won": "금액(원)",
    "a count": "인원·횟수",
    "a share of working time in percent": "업무 비율(%)",
    "a number of months": "개월 수",
    "a number of ships": "척수",
    "a TOPIK/KIIP level": "한국어 단계",
    "a number of years": "기간(년)",
    "a contract length in years": "계약 기간(년)",
    "a period of stay in years": "체류 기간(년)",
    "weekly working hours": "주당 근로시간",
    "a calendar year": "연도",
    "a KIIP stage": "사회통합프로그램 단계",
    "a guarantee in years": "신원보증 기간(년)",
    "a share in percent": "비율(%)",
    "a TOEIC score": "TOEIC 점수",
    "a university ranking place": "대학 순위",
    "a floor area in m²": "사업장 면적(㎡)",
}
# what a text of a fixed form is (engine.core.case.matching's ``what``) in Korean
MATCHING_WHAT_KO = {
    "a 5-digit KSIC code": "한국표준산업분류 5자리 코드",
    "a quota number, not blank": "쿼터 번호(빈칸 불가)",
}
_MATCHING = re.compile(r"(?:\S+: )?expected (.+?), got (.*)")
_RANGE = re.compile(r"(?:\S+: )?expected (.+?) (?:from (\S+) to (\S+)|>= (\S+)), got (.*)")


def error_ko(message: str) -> str:
    """A form message in Korean where its pattern is known, else as it is (English)."""
    for pattern, korean in ERRORS_KO:
        found = pattern.fullmatch(message)
        if found:
            return found.expand(korean)
    found = _RANGE.fullmatch(message)
    if found and found[1] in RANGE_WHAT_KO:
        what, low, high, at_least, got = found.groups()
        bounds = f"{low}~{high}" if high is not None else f"{at_least} 이상"
        return f"{RANGE_WHAT_KO[what]}은(는) {bounds} 범위여야 합니다 (입력: {got})"
    found = _MATCHING.fullmatch(message)
    if found and found[1] in MATCHING_WHAT_KO:
        return f"{MATCHING_WHAT_KO[found[1]]}을(를) 입력하십시오 (입력: {found[2]})"
    return message


FIELD_LABELS = FIELDS  # the name the service layer re-exports (engine.core.caseform has its own FIELDS)
