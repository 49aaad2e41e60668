"""The labels and help texts of a case's [employer] and [documents] fields in English and Korean, as
engine/core/field_labels.py gives the others: path -> (English label, Korean label, English help, Korean help).
May import nothing of e7."""

EMPLOYER_AND_DOCUMENT_FIELDS: dict[str, tuple[str, str, str, str]] = {
    "employer.exports_last_year_krw": (
        "Exports last year (KRW)",
        "전년도 수출실적 (원)",
        "The employer's exports of the previous year (2742's online sellers).",
        "고용업체의 전년도 해외 수출실적 (해외 온라인 상품 판매원).",
    ),
    "employer.foreign_tourists_per_year": (
        "Foreign tourists a year",
        "연간 외국인 관광객 유치실적",
        "Foreign tourists brought in a year, the average of the last 2 years (2732, 43213: docs/cases.md).",
        "최근 2년간 평균 연간 외국인 관광객 유치실적 (2732, 43213).",
    ),
    "employer.invitation_restricted": (
        "Barred from inviting",
        "초청 제한 대상",
        "Barred from certificate issuance (출입국관리법 시행규칙 제17조의3 ②).",
        "사증발급인정서 발급 제한 대상 여부 (시행규칙 제17조의3 ②).",
    ),
    "employer.contract_wages_unpaid": (
        "Did not pay as the contract said",
        "계약서 임금 미지급",
        "The employer did not pay a foreign worker the wages of the contract it filed (2351, 2395, 2742, 3991).",
        "제출된 고용계약서에 따라 외국인에게 임금을 지급하지 않음 (2351, 2395, 2742, 3991).",
    ),
    "employer.university": (
        "A university hires",
        "대학의 고용",
        "A university under the Higher Education Act: no recommendation letter is asked (visa manual p.175).",
        "고등교육법상 대학: 고용추천서 면제 (사증 매뉴얼 p.175).",
    ),
    "employer.compliance_designation": (
        "Law-abiding company designation",
        "준법·사회공헌 기업",
        "성실납세기업, 일자리 으뜸기업, 동반성장지수 우수, 출소자 or 제대군인 고용 우수기업: fewer papers (p.179).",
        "성실납세기업, 일자리 으뜸기업, 동반성장지수 우수, 출소자·제대군인 고용 우수기업: 서류 간소화 (p.179).",
    ),
    "employer.absconders_past_year": (
        "Absconders, last 12 months",
        "최근 1년 이탈자 수",
        "Foreign workers who absconded from the employer in the 12 months before filing.",
        "신청 전 12개월 동안 이탈한 외국인 근로자 수.",
    ),
    "employer.absconders_past_two_years": (
        "Absconders, last 24 months",
        "최근 2년 이탈자 수",
        "The same over 24 months (at least the 12-month count).",
        "신청 전 24개월 동안의 이탈자 수 (1년 수 이상).",
    ),
    "employer.irregular_work_business": (
        "Wedding hall, caterer, event or dispatch",
        "웨딩홀·출장뷔페·이벤트·파견 업체",
        "A business where regular work is hard, or dispatched work (441 may not be employed there).",
        "상시근로가 어려운 업체 또는 파견근로 (441 고용 제한).",
    ),
    "employer.small_enterprise": (
        "Small enterprise (소기업)",
        "소기업 여부",
        "A small enterprise by the Framework Act on SMEs, shown by its 소기업 확인서 (7406: docs/cases.md).",
        "중소기업기본법 상 소기업 여부 (소기업 확인서).",
    ),
    "employer.foreign_guest_percent": (
        "Foreign guests (%)",
        "외국인 투숙객 비율 (%)",
        "A hotel's foreign guests as a share of last year's guests (3922: docs/cases.md).",
        "전년도 연간 숙박인원 중 외국인 비율.",
    ),
    "employer.business_kind": (
        "Kind of business",
        "업종",
        "duty_free_shop, jeju_restaurant, jeju_english_city_shop, tourist_hotel_or_restaurant, chinese_restaurant,"
        " foreign_restaurant, special_zone_restaurant (31215, 441), shipyard, ship_block_maker, ship_equipment_maker"
        " (7406), general_repair_shop (S75104), slaughterhouse (S71032), travel_agency (1521) or other"
        " (docs/cases.md).",
        "31215·441 세부기준의 업종 구분, 조선소·블록제조업·조선 기자재 업체(7406), 종합정비업(S75104),"
        " 도축업체(S71032), 여행업체(1521).",
    ),
    "employer.floor_area_m2": (
        "Floor area (m²)",
        "사업장 면적 (㎡)",
        "The workplace's floor area (contract, building register or business report).",
        "계약서, 일반건축물대장, 영업신고증 중 하나로 계산한 사업장 면적.",
    ),
    "employer.annual_vat_krw": (
        "VAT paid over the year (KRW)",
        "연간 부가세 납부액 (원)",
        "The yearly total of the 납부세액 on the 부가가치세과세표준증명 (441).",
        "부가가치세과세표준증명상 납부세액의 연간 합계.",
    ),
    "employer.tourist_facility_designated": (
        "Designated tourist facility",
        "관광편의시설업 지정",
        "Designated under the Tourism Promotion Act: half the minimum floor area (441).",
        "관광편의시설업 지정업체 여부 (면적 요건 50%).",
    ),
    "employer.model_restaurant": (
        "Model restaurant",
        "모범 음식점",
        "Designated a model restaurant by the local government (a Jeju restaurant of 70-99 m², 31215).",
        "지방자치단체 모범 음식점 지정 여부.",
    ),
    "employer.equivalent_tourist_record": (
        "Equivalent tourist record",
        "상응하는 유치실적",
        "Charter flights, a local government's plaque or an excellent-agency designation (43213).",
        "해외 전세기 유치실적, 지자체 감사패, 우수여행사 지정 등.",
    ),
    "employer.ksic_code": (
        "Industry code (KSIC)",
        "업종 코드 (한국표준산업분류)",
        "The 5-digit industry code of the business registration (78369: docs/cases.md).",
        "사업자등록증 상 업종의 한국표준산업분류 5자리 코드.",
    ),
    "employer.prime_contractor_cooperation": (
        "Cooperation with the prime contractor",
        "원청업체 협력 체계",
        "A cooperation with the prime contractor on inviting and managing the painters is shown (78369).",
        "도장기술자의 초청 및 입국 후 관리를 위한 원청업체와의 협력 체계 확인 여부.",
    ),
    "employer.law_violations_past_two_years": (
        "Law violations, last 2 years",
        "최근 2년 법 위반",
        "The employer violated the law in the 2 years before filing (S8417: docs/cases.md).",
        "신청 전 2년 이내 법 위반 여부.",
    ),
    "employer.international_service_revenue_krw": (
        "International service revenue (KRW)",
        "국제용역 매출액 (원)",
        "Last year's revenue from international service contracts (3991: docs/cases.md).",
        "전년도 국제용역계약에 따른 매출액.",
    ),
    "employer.direct_hire_with_office": (
        "Direct hire, own office",
        "직접고용·별도 사무공간",
        "The employer hires directly (no outsourcing) and provides its own office (no remote work) (3991).",
        "직접고용(아웃소싱 금지) 및 별도 사무공간(원격근무 금지) 여부.",
    ),
    "employer.same_job_domestic_average_monthly_krw": (
        "Domestic average pay, same job (KRW a month)",
        "동일 업무 내국인 월 평균임금 (원)",
        "Last year's average monthly pay of domestic workers in the same job at the workplace (3991).",
        "전년도 동일 사업장 동일 업무 내국인의 월 평균임금.",
    ),
    "employer.g1_moves_past_year": (
        "Moves to G-1, last 12 months",
        "최근 1년 G-1 변경 인원",
        "Foreign workers who moved to G-1 after wage arrears in the year before filing (31215, 441).",
        "신청 전 1년 이내 임금체불 등으로 G-1 자격으로 변경한 외국인 수.",
    ),
    "employer.attraction_body": (
        "Registered attraction body",
        "외국인환자 유치기관 구분",
        "institution (유치의료기관) or agency (유치업자) (S3922: docs/cases.md).",
        "유치의료기관 또는 유치업자.",
    ),
    "employer.attraction_designated": (
        "Designated attraction body",
        "지정유치기관 여부",
        "Designated under the Medical Overseas Expansion Act, article 14 (S3922).",
        "｢의료해외진출법｣ 제14조에 따른 지정유치기관 여부.",
    ),
    "employer.foreign_patients_past_year": (
        "Foreign patients, last year",
        "최근 1년 외국인환자 유치실적",
        "Foreign patients brought in over the last year (S3922).",
        "최근 1년간 외국인환자 유치 인원.",
    ),
    "employer.same_code_workers": (
        "Workers under this code",
        "같은 직종 외국인 근로자 수",
        "The employer's foreign workers under this code before this hire (S3922's cap).",
        "이번 채용 전 같은 직종으로 고용 중인 외국인 수.",
    ),
    # codes18 (issue 18): employer conditions of the codes' sections (visa manual 2026.6 pp.207-223)
    "employer.training_institute": (
        "Has a training institute",
        "교육훈련기관 보유",
        "The public body has a training institute (2364: docs/cases.md).",
        "교육훈련기관 등을 갖춘 기관 (산업 안전 및 위험 관리자 2364).",
    ),
    "employer.separate_design_space": (
        "Design space apart from production",
        "생산 현장과 분리된 설계 공간",
        "A design (CAD) space apart from general production (2395).",
        "일반생산 현장과 분리된 별도의 설계(CAD) 공간 (제도사 2395).",
    ),
    "employer.foreign_event_plan": (
        "Events for foreigners planned",
        "외국인 대상 행사 계획",
        "Performances, meetings or international events for foreigners planned within a year of the hire (2735).",
        "고용 후 1년 이내 외국인 대상 국내·외 공연, 회의, 국제행사 계획 (행사 기획자 2735).",
    ),
    "employer.tourist_hotel": (
        "Tourist hotel of the four kinds",
        "관광호텔업 등 4개 업종",
        "A tourist, floating tourist, traditional Korean or family hotel (3922).",
        "관광호텔업, 수상관광호텔업, 한국전통호텔업, 가족호텔업 (호텔 접수사무원 3922).",
    ),
    "employer.trade_registered": (
        "Registered trading business",
        "무역업 (무역협회 등록)",
        "A trading business registered with the Korea International Trade Association (2742's online sellers).",
        "업태가 무역업인 무역협회 등록 기업 (해외 온라인 상품 판매원).",
    ),
    "employer.seller_office": (
        "Office for the sellers",
        "판매원 사무공간",
        "An office for the sellers, no remote or dispatched work (2742's online sellers).",
        "판매원을 위한 사무공간 (원격근무, 파견근무 불인정; 해외 온라인 상품 판매원).",
    ),
    "employer.mof_registered": (
        "Registered with the oceans ministry",
        "해양수산부 등록",
        "1512's ship-management company: registered with the Ministry of Oceans and Fisheries.",
        "선박관리업체의 해양수산부 등록.",
    ),
    "employer.ships_managed_avg": (
        "Ships managed a year",
        "연평균 관리선박 수",
        "1512's ship-management company: ships managed a year, the average of the last 3 years.",
        "최근 3년간 연평균 관리선박 수 (선박관리업체).",
    ),
    "employer.foreign_income_usd": (
        "Foreign income a year (US$)",
        "연간 외화수입 (미화)",
        "1512's ship-management company: foreign income a year in US dollars, crew wages aside.",
        "선원임금을 제외한 연간 외화수입 (미화, 선박관리업체).",
    ),
    "employer.revenue_excl_crew_wages_krw": (
        "Revenue without crew wages (KRW)",
        "선원임금 제외 연매출액 (원)",
        "1512's ship-management company: yearly revenue in won, crew wages aside.",
        "선원임금을 제외한 연매출액 (선박관리업체).",
    ),
    "employer.certifications": (
        "Employer's certifications",
        "고용업체 지정·등록",
        "The designations or registrations a code's section asks of the employer, as names separated by commas "
        "(none: it holds none; the names: docs/cases.md).",
        "직종별로 요구되는 지정·등록·인증을 쉼표로 구분한 이름으로 (없으면 none, 이름 목록: docs/cases.md).",
    ),
    "id": ("Case id", "사건 번호", "Your own reference for this case.", "이 사건을 부를 내부 참조 번호입니다."),
    "kind": (
        "Application",
        "신청 종류",
        "Initial, extension, change of workplace or of status.",
        "최초, 연장, 근무처 변경, 체류자격 변경 중 하나.",
    ),
    "filed_on": (
        "Application date",
        "신청일",
        "The rules in force on this date apply (YYYY-MM-DD).",
        "이 날짜에 시행 중인 기준이 적용됩니다 (YYYY-MM-DD).",
    ),
    "employer.name": ("Employer", "고용업체명", "The inviting company.", "초청하는 회사."),
    "employer.size": (
        "Employer size",
        "기업 규모",
        "Large, mid-size, SME, venture, non-profit or public.",
        "대기업, 중견기업, 중소기업, 벤처기업, 비영리, 공공기관.",
    ),
    "employer.capital_region": (
        "In the capital region",
        "수도권 소재",
        "Seoul, Incheon or Gyeonggi.",
        "서울·인천·경기 소재 여부.",
    ),
    "employer.domestic_employees": (
        "Domestic employees",
        "내국인 고용보험 가입자 수",
        "Insured for 3 months or more and paid at least the minimum wage.",
        "3개월 이상 고용보험에 가입하고 최저임금 이상을 받는 내국인 수.",
    ),
    "employer.foreign_employees": (
        "Foreign staff counted",
        "외국인 고용 인원",
        "Counted by the 20% rule, before this hire (not the applicant).",
        "20% 비율에 포함되는 외국인 수 (이번 신청자 제외).",
    ),
    "employer.foreign_staff_statuses": (
        "Foreign staff by status",
        "외국인 직원 체류자격",
        "The status of each foreign employee now, one entry per person (E-7-1, E-9, F-6, ...): where given, e7 counts "
        "those the ratio counts (not E-7-4, E-8, E-9, E-10, H-2, F-2, F-4, F-5, F-6; for E-7-4 only E-7-4 and E-7-4R).",
        "현재 외국인 직원 각각의 체류자격 (1명당 1개): 있으면 비율에 포함되는 자격만 셉니다 "
        "(E-7-4, E-8, E-9, E-10, H-2, F-2, F-4, F-5, F-6 제외; E-7-4는 E-7-4·E-7-4R만).",
    ),
    "employer.annual_revenue_krw": (
        "Annual revenue (KRW)",
        "연 매출액 (원)",
        "In won, e.g. 2,400,000,000.",
        "원 단위, 예: 2,400,000,000.",
    ),
    "employer.industry": ("Industry", "업종", "For example: software publishing.", "예: 소프트웨어 개발 및 공급업."),
    "employer.mainly_domestic_sales": (
        "Mainly domestic sales",
        "내수 위주",
        "With fewer than 5 domestic employees, invitation is restricted.",
        "내국인 5명 미만이면 초청이 제한됩니다.",
    ),
    "employer.founded_on": (
        "Founded on",
        "설립일",
        "Start-ups may hire professionals without revenue for 5 years.",
        "창업 5년 이내 기업은 매출 없이 전문인력 고용 가능.",
    ),
    "employer.tax_arrears": (
        "Tax arrears",
        "체납 여부",
        "Does the employer owe overdue taxes?",
        "국세·지방세 체납이 있습니까?",
    ),
    "employer.sector": (
        "Sector",
        "산업 분야",
        "Read only by codes whose requirement depends on it (S610).",
        "분야에 따라 요건이 다른 직종(S610)에만 쓰입니다.",
    ),
    "employer.depopulation_area": (
        "In a depopulation area",
        "인구감소지역 소재",
        "인구감소지역: read by S610's foreign ratio.",
        "S610 외국인 비율에 쓰입니다.",
    ),
    "employer.reshoring": (
        "Reshoring company",
        "국내복귀기업",
        "Selected under the reshoring act.",
        "해외진출기업복귀법에 따라 선정된 기업.",
    ),
    "employer.shipbuilding": (
        "In shipbuilding",
        "조선업",
        "E-7-4: a shipbuilder or its supplier files the prime contractor's or supplier's confirmation.",
        "E-7-4: 조선업체는 원청확인서 또는 기자재업체확인서를 제출.",
    ),
    "employer.coastal_regular_service": (
        "Regular coastal shipping service",
        "내항정기운송사업",
        "E-7-4: a firm running a regular coastal passenger or cargo service files its licence or registration.",
        "E-7-4: 내항정기운송사업자는 내항여객운송사업면허증 또는 내항화물운송사업등록증을 제출.",
    ),
    "employer.regular_workers": (
        "Regular workers",
        "상시근로자 수",
        "Insured domestic and foreign staff (2351, 2395).",
        "내국인과 외국인 고용보험 가입자 (2351, 2395).",
    ),
    "documents.contract_lists_duties": (
        "Contract lists the duties",
        "계약서에 업무 기재",
        "Does the employment contract list the duties?",
        "고용계약서에 담당 업무가 적혀 있습니까?",
    ),
    "documents.sayuseo_cites_code": (
        "고용사유서 cites the code",
        "고용사유서에 직종 코드 기재",
        "The statement of employment reasons cites the code.",
        "고용사유서에 직종 코드가 적혀 있습니까?",
    ),
    "documents.sayuseo_lists_tasks": (
        "고용사유서 lists the tasks",
        "고용사유서에 업무 기재",
        "The statement lists the tasks.",
        "고용사유서에 업무 내용이 적혀 있습니까?",
    ),
    "documents.sayuseo_reviewed_by_applicant": (
        "Applicant reviewed the 고용사유서",
        "신청인이 고용사유서 확인",
        "The applicant read and confirmed it.",
        "신청인이 내용을 확인했습니까?",
    ),
    "documents.prior_letters_list_duties": (
        "Earlier letters list the duties",
        "이전 서류에 업무 기재",
        "Earlier letters to the office list the same duties.",
        "이전에 제출한 서류에 같은 업무가 적혀 있습니까?",
    ),
    "documents.income_certificate": (
        "Income certificate (소득금액증명원)",
        "소득금액증명원",
        "Required at extension and change of workplace.",
        "연장·근무처 변경 시 필요.",
    ),
    "documents.recommendation_letter": (
        "Recommendation letter (고용추천서)",
        "고용추천서",
        "For codes that require one.",
        "고용추천서가 필요한 직종에 한함.",
    ),
    "documents.code_documents": (
        "Documents the code adds",
        "직종별 추가 제출서류",
        "The documents the code's own section adds to the general ones are attached (docs/cases.md).",
        "직종 세부기준이 추가하는 제출서류 첨부 여부.",
    ),
    "documents.attached": (
        "Papers attached, by name",
        "첨부 서류(이름)",
        "The papers the file holds, as names separated by commas (none: it holds none; the names: docs/cases.md); "
        "e7 names each paper a code's section or the E-7-4 list asks for that is missing.",
        "첨부한 서류를 쉼표로 구분한 이름으로 (없으면 none, 이름 목록: docs/cases.md). "
        "직종 세부기준·E-7-4 목록의 빠진 서류를 알려 줍니다.",
    ),
    "documents.abroad_papers_in_english": (
        "Papers from abroad in English",
        "해외 발급 서류가 영문",
        "The papers issued abroad are in English or Korean, so no translation is needed (visa manual p.176).",
        "해외 발급 서류가 영문 또는 국문이어서 번역본이 필요 없음(사증발급 안내매뉴얼 p.176).",
    ),
    "documents.contract_states_hours": (
        "Contract states the hours",
        "계약서 근로시간 명시",
        "The contract states the daily and monthly hours against the monthly pay (visa manual p.182).",
        "계약서에 월 급여 대비 1일 및 월간 근로시간을 명시함.",
    ),
    "documents.guarantee_by_employer": (
        "Employer is the guarantor",
        "고용주가 신원보증인",
        "E-7-4: the letter of guarantee is given by the employer.",
        "E-7-4: 신원보증인이 고용주임.",
    ),
    "documents.guarantee_until": (
        "Guarantee period ends",
        "신원보증기간 종료일",
        "E-7-4: the last day of the guarantee period (at most 4 years).",
        "E-7-4: 신원보증기간의 마지막 날(최장 4년).",
    ),
    "documents.issued_abroad": (
        "Papers issued abroad",
        "해외 발급 서류",
        "Some papers were issued abroad (the pilot codes ask an apostille or consular confirmation of them).",
        "해외에서 발급한 서류가 있음(시범 직종은 아포스티유 또는 영사확인 필요).",
    ),
    "documents.guarantee": (
        "Guarantee (신원보증서)",
        "신원보증서",
        "For codes that require one.",
        "신원보증서가 필요한 직종에 한함.",
    ),
    "employer.restaurant_cuisine": (
        "Cuisine of the restaurant",
        "식당의 음식 종류",
        "korean, western, chinese, japanese or other: a Jeju restaurant's 300 million KRW exception (31215) and, from"
        " 2026-09-01, no Korean-cuisine post for a cook (451).",
        "한식, 양식, 중식, 일식 또는 기타: 제주 음식점 매출 3억 예외(31215),"
        " 2026-09-01부터 조리사(451)의 한식 취업 제한.",
    ),
}
