"""Cases in spreadsheets (CSV or XLSX) and decisions back out (docs/spreadsheets.md).

One case a row; the columns are the case's field paths (``filed_on``, ``employer.size``,
``position.annual_salary_krw``), duties in column pairs ``duty_1_task`` / ``duty_1_share`` or, in an XLSX
file, on a sheet ``Duties`` (columns ``id``, ``task``, ``share``, a case's duties on the rows that name its
id). Each row is read on its own: a bad row is answered as that row's error (naming the file, the row and the
column) and does not stop the others. The results come back as XLSX (a ``Decisions`` sheet, one row a case,
and a ``Findings`` sheet, one row a finding) or CSV (the Decisions sheet).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import attrs

from engine.core.case import Case
from engine.core.caseform import BY_PATH, DUTY_COLUMNS, FIELDS, MAX_DUTIES, case_of
from engine.core.convert import MAX_FILE_BYTES
from engine.core.errors import E7Error, InputError
from engine.rules.decision import Decision
from engine.rules.explain import cite, wage_margin

SUFFIXES = (".csv", ".xlsx")
CASES_SHEET = "Cases"
DUTIES_SHEET = "Duties"
COLUMNS = (*(f.path for f in FIELDS), *DUTY_COLUMNS)
EXAMPLE = {
    "id": "backend-dev-2026",
    "kind": "initial",
    "filed_on": "2026-07-01",
    "applicant.education": "bachelor",
    "applicant.degree_related": "yes",
    "applicant.experience_years": 3,
    "employer.size": "sme",
    "employer.capital_region": "yes",
    "employer.domestic_employees": 14,
    "employer.foreign_employees": 1,
    "employer.tax_arrears": "no",
    "position.code": "2223",
    "position.subcategory": "E-7-1",
    "position.annual_salary_krw": 42000000,
    "position.weekly_hours": 40,
    "duty_1_task": "Write Python code for backend APIs",
    "duty_1_share": 60,
    "duty_2_task": "Debug production issues",
    "duty_2_share": 40,
}
DECISION_COLUMNS = (
    "row", "case", "outcome", "as_of", "blocking", "risks", "needs_information", "annual_salary_krw",
    "wage_floor_krw", "margin_krw", "suggested_codes", "catalogue", "ruleset", "release", "error",
)  # fmt: skip
FINDING_COLUMNS = ("row", "case", "rule", "severity", "title", "message", "fix", "source")


@attrs.frozen
class Row:
    number: int  # the row in the sheet (the header is row 1)
    label: str  # "FILE: row N"
    case: Case | None
    error: str = ""
    id: str = ""  # the id the row gives, even where the row holds no valid case
    extra: dict[str, Any] = attrs.field(factory=dict)  # the cells of the caller's extra columns (read's `extra`)


@attrs.frozen
class Result:
    row: Row
    decision: Decision | None
    error: str = ""

    @property
    def outcome(self) -> str:
        return self.decision.outcome if self.decision else "error"


def template(suffix: str) -> bytes:
    """An empty spreadsheet to fill in: the header, one example row, and (XLSX) a sheet describing the columns."""
    if suffix == ".csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        writer.writerow([EXAMPLE.get(c, "") for c in COLUMNS])
        return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM makes Excel read it as UTF-8
    from openpyxl import Workbook

    from engine.core.i18n import FIELDS as HELP

    book = Workbook()
    sheet = book.active
    sheet.title = CASES_SHEET
    sheet.append(list(COLUMNS))
    sheet.append([EXAMPLE.get(c) for c in COLUMNS])
    sheet.freeze_panes = "A2"
    duties = book.create_sheet(DUTIES_SHEET)
    duties.append(["id", "task", "share"])
    about = book.create_sheet("Columns")
    about.append(["column", "kind", "values", "English", "한국어"])
    for f in FIELDS:
        en_label, ko_label, en_help, ko_help = HELP.get(f.path, (f.path, f.path, "", ""))
        about.append([f.path, f.kind, ", ".join(f.choices), f"{en_label}: {en_help}", f"{ko_label}: {ko_help}"])
    about.append(
        [
            "duty_N_task / duty_N_share",
            "text / number",
            f"N = 1 to {MAX_DUTIES}",
            "a duty and its share %",
            "업무와 비율(%)",
        ]
    )
    return _saved(book)


def _saved(book: Any) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return _stable_zip(out.getvalue())


def _stable_zip(content: bytes) -> bytes:
    """The XLSX with fixed member dates and creation time, so the same results make the same bytes."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _fixed_dates(data)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, data)
    return out.getvalue()


def _fixed_dates(core: bytes) -> bytes:
    import re

    return re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", core)


def read(content: bytes, name: str, max_rows: int, extra: tuple[str, ...] = ()) -> list[Row]:
    """The rows of a CSV or XLSX file (``name`` says which, by its ending), each a case or its error. A file
    that is not a spreadsheet of cases at all (no ``position.code`` column, an unknown column, too many rows)
    is an InputError naming the file. ``extra``: further columns the caller reads itself (the case register's
    ``worker.name``), handed back in each row's ``extra``."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(name, None, "expected a spreadsheet ending in .csv or .xlsx")
    if len(content) > MAX_FILE_BYTES:
        raise InputError(name, None, f"expected a file of at most {MAX_FILE_BYTES // 2**20} MB")
    header, rows, duties = _csv(content, name) if suffix == ".csv" else _xlsx(content, name)
    columns = _columns(header, name, extra)
    found = []
    for number, cells in rows:
        if len(found) >= max_rows:
            raise InputError(name, None, f"expected at most {max_rows} cases, found more")
        found.append(_row(name, number, columns, cells, duties, extra))
    if not found:
        raise InputError(name, None, "expected at least one case below the header row")
    return found


def _columns(header: list[Any], name: str, extra: tuple[str, ...] = ()) -> list[str | None]:
    columns: list[str | None] = []
    for index, cell in enumerate(header, 1):
        text = "" if cell is None else str(cell).strip().lstrip("\ufeff")
        if not text:
            columns.append(None)
            continue
        if text not in BY_PATH and text not in DUTY_COLUMNS and text not in extra:
            import difflib

            close = difflib.get_close_matches(text, (*COLUMNS, *extra), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else " (docs/spreadsheets.md lists the columns)"
            raise InputError(name, f"column {index}", f"unknown column {text!r}{hint}")
        if text in columns:
            raise InputError(name, f"column {index}", f"expected each column once, {text!r} is given twice")
        columns.append(text)
    if "position.code" not in columns:
        raise InputError(name, None, "expected a header row with a position.code column (download the template)")
    return columns


def _row(
    name: str,
    number: int,
    columns: list[str | None],
    cells: list[Any],
    duties: dict[str, list[tuple[Any, Any]]],
    extra: tuple[str, ...] = (),
) -> Row:
    label = f"{name}: row {number}"
    values = {c: v for c, v in zip(columns, cells, strict=False) if c is not None}
    more = {c: values.pop(c) for c in extra if c in values}
    pairs = [(values.get(f"duty_{n}_task"), values.get(f"duty_{n}_share")) for n in range(1, MAX_DUTIES + 1)]
    case_id = str(values.get("id") or "").strip()
    if case_id and case_id in duties:
        pairs += duties[case_id]
    try:
        case = case_of(values, pairs, label)
    except E7Error as exc:
        return Row(number, label, None, str(exc), case_id, more)
    if not case.id:
        case = attrs.evolve(case, id=f"row-{number}")
    return Row(number, label, case, id=case_id, extra=more)


def _csv(content: bytes, name: str) -> tuple[list[Any], Iterator[tuple[int, list[Any]]], dict]:
    for encoding in ("utf-8-sig", "cp949"):  # Korean Excel saves CSV in CP949
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputError(name, None, "expected a CSV file in UTF-8 (or the CP949 Korean Excel saves)")
    if "\x00" in text:
        raise InputError(name, None, "expected a CSV text file, found binary data")
    try:
        lines = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:  # a cell beyond the csv module's limit, a NUL: not a spreadsheet of cases
        raise InputError(name, None, f"expected a CSV file of cases ({exc})") from None
    if not lines:
        raise InputError(name, None, "expected a header row naming the columns")
    body = ((n, cells) for n, cells in enumerate(lines[1:], 2) if any(c.strip() for c in cells))
    return lines[0], body, {}


def _xlsx(content: bytes, name: str) -> tuple[list[Any], Iterator[tuple[int, list[Any]]], dict]:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(name, None, f"expected an XLSX workbook ({exc.__class__.__name__}: {exc})") from None
    sheet = book[CASES_SHEET] if CASES_SHEET in book.sheetnames else book.worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    if not rows:
        raise InputError(name, None, "expected a header row naming the columns")
    duties: dict[str, list[tuple[Any, Any]]] = {}
    if DUTIES_SHEET in book.sheetnames:
        for number, cells in enumerate(book[DUTIES_SHEET].iter_rows(values_only=True), 1):
            if number == 1 or not cells or all(c is None for c in cells):
                continue
            owner, task, share = [*cells, None, None, None][:3]
            duties.setdefault(str(owner or "").strip(), []).append((task, share))
    body = ((n, cells) for n, cells in enumerate(rows[1:], 2) if any(c not in (None, "") for c in cells))
    return rows[0], body, duties


def _summary(d: Decision, severity: str) -> str:
    return "; ".join(f.rule for f in d.findings if f.severity == severity)


def _margin(d: Decision) -> tuple[Any, Any, Any]:
    found = wage_margin(d)
    return found if found else (d.facts.get("annual_salary_krw"), None, None)


def decision_row(result: Result) -> list[Any]:
    d = result.decision
    if d is None:
        case_id = result.row.case.id if result.row.case else result.row.id
        return [result.row.number, case_id, "error", *[""] * 11, result.error]
    return [
        result.row.number,
        d.case,
        d.outcome,
        d.as_of,
        _summary(d, "blocking"),
        _summary(d, "risk"),
        _summary(d, "needs_information"),
        *_margin(d),
        " ".join(s.code for s in d.suggestions),
        d.catalogue["snapshot"],
        d.ruleset["id"],
        d.release["id"],
        "",
    ]


def finding_rows(result: Result) -> Iterator[list[Any]]:
    d = result.decision
    for f in d.findings if d else ():
        yield [result.row.number, d.case, f.rule, f.severity, f.title, f.message, f.fix, cite(f)]


def results(found: Iterable[Result], suffix: str) -> bytes:
    """The decisions as XLSX (Decisions and Findings sheets) or CSV (the Decisions sheet)."""
    found = list(found)
    if suffix == ".csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(DECISION_COLUMNS)
        for r in found:
            writer.writerow(["" if v is None else v for v in decision_row(r)])
        return ("\ufeff" + out.getvalue()).encode("utf-8")
    if suffix == ".jsonl":
        return "".join(json_line(r) for r in found).encode("utf-8", "backslashreplace")
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Decisions"
    sheet.append(list(DECISION_COLUMNS))
    for r in found:
        sheet.append(decision_row(r))
    findings = book.create_sheet("Findings")
    findings.append(list(FINDING_COLUMNS))
    for r in found:
        for row in finding_rows(r):
            findings.append(row)
    sheet.freeze_panes = findings.freeze_panes = "A2"
    return _saved(book)


def json_line(r: Result) -> str:
    from engine.rules.explain import decision_data

    if r.decision is None:
        return json.dumps({"input": r.row.label, "outcome": "error", "error": r.error}, ensure_ascii=False) + "\n"
    return json.dumps(decision_data(r.decision), ensure_ascii=False, separators=(",", ":")) + "\n"


def evaluate(evaluator: Any, rows: Iterable[Row], as_of: dt.date | None) -> Iterator[Result]:
    """Each row's decision, or its error: a bad row never stops the others."""
    for row in rows:
        if row.case is None:
            yield Result(row, None, row.error)
            continue
        try:
            yield Result(row, evaluator.evaluate(row.case, as_of, row.label))
        except E7Error as exc:
            yield Result(row, None, str(exc))
        except Exception as exc:  # one row's failure is that row's answer, as in e7 batch
            yield Result(
                row,
                None,
                f"{row.label}: internal error of e7 on this case ({exc.__class__.__name__}); please report it",
            )


def outcomes(found: Iterable[Result]) -> Counter[str]:
    return Counter(r.outcome for r in found)


def jsonl(content: bytes, name: str, max_rows: int) -> list[Row]:
    """The cases of a JSONL body (one case a line), each a case or its error, as the rows of a spreadsheet."""
    from engine.core.case import case_from_data
    from engine.core.convert import parse_json

    found: list[Row] = []
    for number, raw in enumerate(content.removeprefix(b"\xef\xbb\xbf").split(b"\n"), 1):
        if not raw.strip():
            continue
        if len(found) >= max_rows:
            raise InputError(name, None, f"expected at most {max_rows} cases, found more")
        label = f"{name}: line {number}"
        try:
            case = case_from_data(parse_json(raw.decode("utf-8"), label), label)
        except UnicodeDecodeError:
            found.append(Row(number, label, None, f"{label}: expected UTF-8 text"))
            continue
        except E7Error as exc:
            found.append(Row(number, label, None, str(exc)))
            continue
        found.append(Row(number, label, case if case.id else attrs.evolve(case, id=f"line-{number}")))
    if not found:
        raise InputError(name, None, "expected at least one case (a JSON object a line)")
    return found


def _rows_of(source: Path) -> list[Row]:
    """The cases of `e7 batch`'s input: a spreadsheet, or a folder / JSONL file as e7 batch reads them."""
    if source.suffix.lower() in SUFFIXES:
        from engine.core.convert import read_file

        return read(read_file(source, str(source)), str(source), MAX_SHEET_ROWS)
    from engine.rules.batch import case_of, open_inputs

    rows = []
    for number, item in enumerate(open_inputs(source).items(), 1):
        try:
            rows.append(Row(number, item.label, case_of(item)))
        except E7Error as exc:
            rows.append(Row(number, item.label, None, str(exc)))
    return rows


MAX_SHEET_ROWS = 100_000  # e7 batch on a spreadsheet: far beyond any real one, a bound all the same


def run_sheets(data: Any, source: Path, output: Path, as_of: dt.date | None) -> Counter[str]:
    """`e7 batch` with a spreadsheet in or out: every case checked, the output written whole or not at all in the
    form its ending names (.jsonl, .csv, .xlsx)."""
    from engine.core.wholefile import WholeFile
    from engine.rules.evaluate import Evaluator

    suffix = output.suffix.lower()
    if suffix not in (*SUFFIXES, ".jsonl"):
        raise InputError(str(output), None, "expected an output file ending in .jsonl, .csv or .xlsx")
    target = output.resolve()
    if target.is_dir() or not target.parent.is_dir():
        raise InputError(str(output), None, "expected a file to write in an existing folder")
    if target.exists() and source.exists() and target.samefile(source.resolve()):
        raise InputError(str(output), None, f"expected an output other than the input {source}")
    rows = _rows_of(source)
    found = list(evaluate(Evaluator(data), rows, as_of))
    content = results(found, suffix)
    try:
        with WholeFile(target) as out:
            out.write(content)
    except OSError as exc:
        raise InputError(str(output), None, f"cannot be written ({exc.strerror})") from None
    return outcomes(found)
