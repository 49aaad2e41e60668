"""The history report's own words in Korean (`e7 history --lang ko`, the workbench's history page), keyed by the
English template engine/views/history.py writes; placeholders as in the English. May import nothing of e7."""

from __future__ import annotations

KO: dict[str, str] = {
    "unknown": "알 수 없음",
    "{amount:,} KRW": "{amount:,}원",
    "now": "현재",
    "{start} to {until}": "{start} ~ {until}",
    "not checked: no list or rules for {on}": "확인하지 않음: {on}의 직종 목록이나 기준이 없습니다",
    "wage floor {floor} ({basis})": "임금 기준 {floor} ({basis})",
    "wage floor unknown": "임금 기준 알 수 없음",
    "; renumbered from {code}, same occupation": "; {code}에서 번호가 바뀐 같은 직종",
    "as of {on}: catalogue {snapshot} (status {status}), {ruleset}; {floor}{extra}": (
        "{on} 기준: 직종 목록 판 {snapshot} (상태 {status}), {ruleset}; {floor}{extra}"
    ),
    "not known": "알 수 없음",
    "no (see the findings)": "아니오 (검토 결과 참조)",
    " continuous since {on}": " {on}부터 연속 체류",
    "yes: E-7-1 on the date,{since}; the 3 years are waived by the income of 40,000,000 KRW or more": (
        "예: 신청일에 E-7-1,{since}; 소득 4,000만원 이상으로 3년 요건 면제"
    ),
    "yes: E-7-1 on the date,{since}; the 3 years are waived (recommended talent invitee)": (
        "예: 신청일에 E-7-1,{since}; 추천 우수인재 초청으로 3년 요건 면제"
    ),
    "yes: E-7-1 on the date,{since} (3 years or more)": "예: 신청일에 E-7-1,{since} (3년 이상)",
    "yes: on another route than the professionals' (see the findings), which asks no 3 years of stay": (
        "예: 전문인력 외의 다른 경로로 신청 (검토 결과 참조), 3년 체류 요건 없음"
    ),
    "{value} on {on}, band {band}": "{on} 기준 {value}세, 구간 {band}",
    "age": "나이",
    ", STEM or two degrees": ", 이공계 또는 복수 학위",
    "education": "학력",
    "level {level}": "{level}단계",
    "Korean": "한국어",
    "no income certificate of an earlier year": "전년도 소득금액증명원 없음",
    "{year} certificate {amount}, band {band}": "{year}년 소득금액증명 {amount}, 구간 {band}",
    "income": "소득",
    "none held": "없음",
    " ({held} held, counted up to {cap})": " ({held}점 보유, {cap}점까지 인정)",
    "bonus": "가점",
    "none": "없음",
    "as entered in [f27]": "[f27]에 입력한 대로",
    "deduction": "감점",
    "korean": "한국어",  # an item of what would raise the points
    "Renewal on {on} (stays[{index}], code held {code})": "{on} 체류기간 연장 (stays[{index}], 보유 코드 {code})",
    "no code: the occupation is not on the list on the date": "코드 없음: 그 날짜의 목록에 직종이 없습니다",
    " (the notice names {code} as successor: a change of occupation code)": (
        " (공고가 {code}를 후속 코드로 지정: 직종 코드 변경)"
    ),
    " (not {code}: see the findings)": " ({code} 아님: 검토 결과 참조)",
    "  File under: {under}": "  신청 코드: {under}",
    "  Salary {salary} against the floor {floor}": "  연봉 {salary}, 임금 기준 {floor}",
    "; catalogue {snapshot} (status {status}), {ruleset}": "; 직종 목록 판 {snapshot} (상태 {status}), {ruleset}",
    "  Outcome: {outcome}": "  결과: {outcome}",
    "  Not checked (the history does not hold it): ": "  확인하지 않음 (이력에 없는 정보): ",
    "PASSES": "합격",
    "does not pass": "불합격",
    "incomplete": "입력 부족",
    "NOT REQUIRED on this route": "이 경로에서는 점수 요건 없음",
    " (table {table}, stay manual 2026.6 pp.372-374)": " (점수표 {table}, 외국인체류 안내매뉴얼 2026.6 pp.372-374)",
    "F-2-7 on {on}": "{on} F-2-7 신청",
    "  Eligible: {eligible}": "  신청 자격: {eligible}",
    "  Points:": "  점수:",
    "(pass mark {mark})": "(합격 기준 {mark})",
    "  What would raise the score (one change at a time):": "  점수를 올릴 수 있는 변경 (한 번에 하나씩):",
    ", passes": ", 합격",
    "Stays": "체류",
    "Renewal on {on}": "{on} 체류기간 연장",
    "renewal on {on}": "{on} 체류기간 연장",
    "History {id}: {n} stay(s) from {first}": "이력 {id}: 체류 {n}건, {first}부터",
    "Stays, each checked against the list and thresholds in force on its start date:": (
        "체류 (각각 개시일에 시행 중인 직종 목록과 기준으로 확인):"
    ),
    "no finding": "지적 사항 없음",
    "not checked: ": "확인하지 않음: ",
    "Income certificates (소득금액증명원) against the declared salary:": "소득금액증명원과 신고 연봉:",
    "  {year}  certified {certified}, declared {declared} ({days} day(s) in stays), floor {floor}": (
        "  {year}  증명 {certified}, 신고 {declared} (체류 {days}일), 기준 {floor}"
    ),
    "Findings ({n}), most serious first:": "검토 결과 {n}건 (중요한 순):",
    "No findings.": "지적 사항이 없습니다.",
    "Each stay is checked against the list and thresholds in force on its start date.": (
        "각 체류는 개시일에 시행 중인 직종 목록과 기준으로 확인합니다."
    ),
    "| stay | from | until | code | subcategory | title | employer | salary | checked | findings |": (
        "| 체류 | 시작 | 종료 | 코드 | 세부 자격 | 직종명 | 고용업체 | 연봉 | 확인 기준 | 검토 결과 |"
    ),
    "| year | certified | declared | floor | findings |": "| 연도 | 증명 소득 | 신고 연봉 | 기준 | 검토 결과 |",
    "no code (the occupation is not on the list)": "코드 없음 (목록에 직종이 없습니다)",
    "; successor named by the notice: `{code}`": "; 공고가 지정한 후속 코드: `{code}`",
    "- Code held: `{code}`; file under: {under}{successor}": "- 보유 코드: `{code}`; 신청 코드: {under}{successor}",
    "- Salary {salary} against the floor {floor}": "- 연봉 {salary}, 임금 기준 {floor}",
    "- Outcome: **{outcome}**": "- 결과: **{outcome}**",
    "- Eligible: {eligible}": "- 신청 자격: {eligible}",
    "- Table: `{table}` (stay manual 2026.6 pp.372-374)": (
        "- 점수표: `{table}` (외국인체류 안내매뉴얼 2026.6 pp.372-374)"
    ),
    "| item | read | points |": "| 항목 | 읽은 값 | 점수 |",
    "passes": "합격",
    "not required on this route": "이 경로에서는 점수 요건 없음",
    "| **total** | pass mark {mark} | **{total}** ({verdict}) |": (
        "| **합계** | 합격 기준 {mark} | **{total}** ({verdict}) |"
    ),
    "What would raise the score (one change at a time):": "점수를 올릴 수 있는 변경 (한 번에 하나씩):",
    "F-2-7 findings:": "F-2-7 검토 결과:",
    "total": "합계",
    "History": "이력",
    "Income certificates": "소득금액증명원",
    "Findings": "검토 결과",
}
