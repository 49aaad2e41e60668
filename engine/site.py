"""The published site: Markdown pages generated from the catalogue, the rulesets, the changelog and the
examples, beside the hand-written pages of docs/, built with MkDocs (Material) in strict mode.

Generated pages are written to a staging folder, never into docs/. Every text that comes from data or from a
case file is escaped, so that Markdown or HTML in it shows as text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import logging
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from engine.catalogue import Catalogue, sha256_of
from engine.data import DataDir, shipped_root
from engine.errors import E7Error, InputError
from engine.explain import md, md_plain
from engine.model import GROUP_TITLES, GROUPS, STATUS_MEANING, SUBCATEGORIES, Code, Snapshot, Source
from engine.rulesets import Rule, Rulesets
from engine.thresholds import resolve

SITE_NAME = "e7: the E-7 visa rules, explained"

COVERAGE_INTRO = """Every requirement the MoJ manuals state on the traced pages, with the rules that check it or why e7
does not (`rulesets/coverage.toml`, `e7 coverage`). The figure of an area is (covered + 0.5 x partial) / counted,
where counted leaves out the requirements out of e7's scope. It speaks only for the traced pages."""


def _cite(source: Source) -> str:
    return md(source.cite()) + (f" ({md(source.note)})" if source.note else "")


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _won(amount: int | None) -> str:
    return "not recorded" if amount is None else f"{amount:,} KRW"


_PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*")


def page_name(stem: str, taken: set[str]) -> str:
    """The name of the page made from a data file: the file's own name when it is plain (letters, digits and
    ``. _ -``), else a plain form of it ending in a short hash of the real name, so that no file name reads as
    a URL scheme (``javascript:``), a query, a fragment or a folder. A name already ``taken`` (``x.toml`` and
    ``x.json``) gets the hash too. The name is added to ``taken``."""
    name = stem if _PLAIN_NAME.fullmatch(stem) and stem not in taken else ""
    if not name:
        plain = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-_")[:60] or "page"
        digest = hashlib.sha256(stem.encode("utf-8", "surrogatepass")).hexdigest()
        name = f"{plain}-{digest[:10]}"
        while name in taken:  # two names that are both hashed and meet: lengthen the hash
            digest = hashlib.sha256(digest.encode()).hexdigest()
            name = f"{plain}-{digest[:10]}"
    taken.add(name)
    return name


def front_matter(title: str) -> list[str]:
    """The page's title for MkDocs, HTML-escaped: the theme writes ``page.meta.title`` into ``<title>``, the
    header and the search index as it is, while a title taken from the page's first heading goes through
    Jinja's ``striptags``, which turns ``&lt;`` back into ``<``. Written as a double-quoted YAML string, so
    that no character of the title can end the front matter."""
    text = html.escape(md_plain(title), quote=True)
    quoted = text.replace("\\", "\\\\").replace('"', '\\"')
    return ["---", f'title: "{quoted}"', "---", ""]


def _hex(text: object) -> str:
    """A sha256 as a code span when it is one, else the text escaped."""
    value = str(text)
    return f"`{value}`" if re.fullmatch(r"[0-9a-f]{1,64}", value) else md(value)


class SiteWriter:
    def __init__(self, data: DataDir, out: Path, examples: Path) -> None:
        self.data = data
        self.out = out
        self.examples = examples
        self.catalogue = Catalogue(data)
        self.rulesets = Rulesets(data)
        self.nav: dict[str, list[Any]] = {}

    def write(self, relative: str, lines: list[str], title: str | None = None) -> None:
        """Write a page; ``title`` (plain text, escaped here) when its heading holds text from data."""
        path = self.out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        head = front_matter(title) if title is not None else []
        path.write_text("\n".join(head + lines).rstrip() + "\n", encoding="utf-8")

    # -- catalogue ---------------------------------------------------------------------------------------

    def catalogue_pages(self) -> None:
        rows = []
        for snapshot in self.catalogue:
            info = snapshot.snapshot
            rows.append(
                [
                    f"[{info.id}]({info.id}.md)",
                    md(info.title),
                    str(len(snapshot.codes)),
                    info.status,
                    f"`{sha256_of(self.catalogue.path(info.id))[:16]}`",
                ]
            )
            self.snapshot_page(snapshot)
        lines = [
            "# Catalogue snapshots",
            "",
            "Each snapshot is the whole E-7 list on its effective date. The snapshot in force on a date is the latest "
            "one effective on or before it. Status: "
            + "; ".join(f"**{k}** {v}" for k, v in STATUS_MEANING.items())
            + ".",
            "",
            *_table(["snapshot", "title", "codes", "status", "sha256"], rows),
        ]
        self.write("catalogue/index.md", lines)

    def snapshot_page(self, snapshot: Snapshot) -> None:
        info = snapshot.snapshot
        on = info.effective
        lines = [f"# Snapshot {info.id}", "", f"**{md(info.title)}**", ""]
        lines.append(f"- Status: **{info.status}** ({md(STATUS_MEANING[info.status])})")
        lines.append(f"- Source: {_cite(info.source)}")
        if info.derived_from:
            lines.append(f"- Derived from: {self.snapshot_link(info.derived_from, '')}")
        for event in info.events:
            lines.append(f"- Event: {md(event)}")
        if info.note:
            lines += ["", md(info.note)]
        t = resolve(snapshot, on)
        lines += ["", "## Thresholds in force on the effective date", ""]
        rows = [[sub, _won(w.amount_krw if w else None), md(w.source.cite()) if w else ""] for sub, w in t.wages]
        lines += _table(["subcategory", "announced amount", "source"], rows)
        if t.minimum_wage:
            m = t.minimum_wage
            lines += [
                "",
                f"Minimum wage {m.year}: {m.hourly_krw:,} KRW an hour, {m.monthly_krw:,} KRW a month "
                f"({_cite(m.source)}).",
            ]
        if t.gni:
            lines += [
                "",
                f"Previous-year GNI per capita ({t.gni.year}): {t.gni.amount_krw:,} KRW ({_cite(t.gni.source)}).",
            ]
        for sub in SUBCATEGORIES:
            codes = [c for c in snapshot.codes if c.subcategory == sub]
            if not codes:
                continue
            lines += ["", f"## {sub} ({len(codes)})"]
            for group in GROUPS:
                in_group = [c for c in codes if c.group == group]
                if not in_group:
                    continue
                ko, en = GROUP_TITLES[group]
                lines += ["", f"### {ko} / {en}", ""]
                rows = []
                for c in in_group:
                    pilot = f"pilot {c.pilot.start} to {c.pilot.end}" if c.pilot else ""
                    rows.append(
                        [f"[{c.code}](../codes/{c.code}.md)", md(c.title_ko), md(c.title_en), md(c.former_code), pilot]
                    )
                lines += _table(["code", "title (ko)", "title (en)", "舊", "pilot"], rows)
        if snapshot.renumbered:
            lines += ["", "## Renumbered occupations", ""]
            rows = [
                [md(r.old_code), f"[{r.new_code}](../codes/{r.new_code}.md)", str(r.effective)]
                for r in snapshot.renumbered
            ]
            lines += _table(["former code", "code", "since"], rows)
        if snapshot.tracks:
            lines += ["", "## E-7-S tracks", ""]
            for track in snapshot.tracks:
                lines += [
                    f"- **{md(track.id)} {md(track.title_ko)}** ({md(track.title_en)}): {md(track.rule)} "
                    f"({_cite(track.source)})"
                ]
        self.write(f"catalogue/{info.id}.md", lines)

    def snapshot_link(self, snapshot_id: str, folder: str = "../catalogue/") -> str:
        """A link to a snapshot's page when the catalogue holds it, else the id as text (it comes from data)."""
        if snapshot_id in self.catalogue.ids:
            return f"[{snapshot_id}]({folder}{snapshot_id}.md)"
        return md(snapshot_id)

    # -- codes -----------------------------------------------------------------------------------------------

    def code_pages(self) -> None:
        codes: dict[str, list[str]] = {}
        for snapshot in self.catalogue:
            for c in snapshot.codes:
                occupations = codes.setdefault(c.code, [])
                if c.occupation not in occupations:
                    occupations.append(c.occupation)
        rows = []
        for code in sorted(codes):
            periods = self.catalogue.occupations_of_code(code)
            titles = "; ".join(dict.fromkeys(md(p.entry.title_ko) for p in periods))
            until = periods[-1].end
            rows.append([f"[{code}]({code}.md)", titles, "listed" if until is None else f"until {until}"])
            self.code_page(code, periods)
        self.write("codes/index.md", ["# Every code e7 has seen", "", *_table(["code", "title", "status"], rows)])

    def code_page(self, code: str, periods: list) -> None:
        titles = list(dict.fromkeys(p.entry.title_ko for p in periods))
        heading = f"{code} {' / '.join(titles)}"
        lines = [f"# {md(heading)}", ""]
        if len(titles) > 1:
            lines += [
                '!!! warning "Codes are not identities"',
                f"    Code {code} has meant more than one occupation:",
                "",
            ]
            for p in periods:
                until = f"to {p.end}" if p.end else "onwards"
                lines.append(f"    - {p.start} {until}: {md(p.entry.title_ko)} ({md(p.entry.title_en)})")
            lines.append("")
        seen: list[str] = []
        for period in periods:
            if period.occupation in seen:
                continue
            seen.append(period.occupation)
            lines += self.occupation_section(code, period.occupation)
        self.write(f"codes/{code}.md", lines, title=heading)

    def occupation_section(self, code: str, occupation: str) -> list[str]:
        periods = self.catalogue.periods(occupation)
        latest = periods[-1].entry
        entry = next(p.entry for p in reversed(periods) if p.code == code)
        lines = [f"## {md(entry.title_ko)} ({md(entry.title_en)})", ""]
        lines.append(
            f"- Identity: `{occupation}`; subcategory {entry.subcategory}, {md(' / '.join(GROUP_TITLES[entry.group]))}"
        )
        if latest.code != code:
            lines.append(f"- Now listed as [{latest.code}]({latest.code}.md)")
        lines += ["", "### Timeline", ""]
        rows = []
        for event in self.catalogue.events(occupation):
            what = {
                "listed": f"listed as {event.code}",
                "relisted": f"listed again as {event.code}",
                "renumbered": f"renumbered {event.detail}",
                "retired": f"no longer listed (was {event.code})",
                "changed": "changed: " + ", ".join(event.fields),
            }[event.kind]
            rows.append([str(event.on), md(what), f"[{event.snapshot}](../catalogue/{event.snapshot}.md)"])
        lines += _table(["date", "event", "snapshot"], rows)
        from engine.errata import snapshot_errata

        for erratum in snapshot_errata(self.data, occupation):
            info = erratum.erratum
            fields = sorted({c.field for c in erratum.changes if c.occupation == occupation})
            lines += [
                "",
                f'!!! note "Erratum {md(info.id)} ({info.made})"',
                f"    {md(info.title)}: corrected {md(', '.join(fields))} in {len(erratum.snapshots)} snapshot(s) "
                f"([the erratum](../changelog/erratum-{info.made}-{info.id}.md)).",
            ]
        lines += self.entry_lines(entry)
        return lines

    @staticmethod
    def entry_lines(c: Code) -> list[str]:
        lines = ["", "### 직종설명 (official duty description)", "", md(c.description or "(none in the source)")]
        lines += ["", "### 도입 가능직업 예시 (example job titles)", ""]
        lines += [f"- {md(e)}" for e in c.examples] or ["(none in the source)"]
        if c.excluded:
            lines += ["", "**도입 불가 (not allowed):** " + md(", ".join(c.excluded))]
        lines += ["", "### Requirements", ""]
        lines.append(
            f"- 고용추천서 발급 (recommendation): {md(c.recommender or '(none stated)')}"
            + (" **(required)**" if c.recommendation_required else "")
        )
        lines.append(f"- 신원보증서 (letter of guarantee): {'required' if c.guarantee_required else 'not required'}")
        lines.append(
            f"- Domestic-employment protection: {'applies' if c.domestic_protection else 'does not apply'}"
            + (f" ({md(c.protection_note)})" if c.protection_note else "")
        )
        lines.append(f"- Qualification: {c.qualification}")
        lines += [f"    - {md(r)}" for r in c.requirements]
        wage = {
            "announced": "the announced amount",
            "minimum_wage": "the minimum wage",
            "gni_ratio": f"{c.wage.ratio:g} x previous-year GNI",
            "fixed": f"{c.wage.amount_krw:,} KRW a year",
        }[c.wage.rule]
        lines.append(f"- Wage: {wage}" + (f" ({md(c.wage.text)})" if c.wage.text else ""))
        if c.pilot:
            lines.append(
                f"- Pilot window: {c.pilot.start} to {c.pilot.end}"
                + (f" ({md(c.pilot.quota_text)})" if c.pilot.quota_text else "")
            )
        if c.employer.text:
            lines.append(f"- Employer: {md(c.employer.text)}")
        if c.notes:
            lines += ["", "### Notes", ""] + [f"- {md(n)}" for n in c.notes]
        lines += ["", f"*Source: {_cite(c.source)}*", ""]
        return lines

    # -- rulesets --------------------------------------------------------------------------------------------

    def ruleset_pages(self) -> None:
        rows = []
        previous: dict[str, Rule] = {}
        for version_id in self.rulesets.ids:
            ruleset = self.rulesets.get(version_id)
            info = ruleset.version.ruleset
            rows.append([f"[{version_id}]({version_id}.md)", md(info.title), str(len(ruleset.rules))])
            current = {r.id: r for r in ruleset.rules}
            lines = [f"# Ruleset {version_id}", "", f"**{md(info.title)}**", "", md(" ".join(info.summary.split()))]
            lines += [
                "",
                f"In force from {info.effective}"
                + (f"; extends [{info.extends}]({info.extends}.md)." if info.extends else "."),
                "",
            ]
            added = [r for r in current if r not in previous]
            removed = [r for r in previous if r not in current]
            changed = [r for r in current if r in previous and current[r] != previous[r]]
            if previous:
                lines += ["## What changed from the previous version", ""]
                lines += (
                    [f"- added `{r}`" for r in added]
                    + [f"- changed `{r}`" for r in changed]
                    + [f"- retired `{r}`" for r in removed]
                )
                if not (added or removed or changed):
                    lines.append("- no rule changed")
                lines.append("")
            lines += ["## Rules", ""]
            for rule in ruleset.rules:
                severity = rule.severity or ("names needed inputs" if rule.needs_only else "derives a fact")
                lines += [f"### `{rule.id}`: {md(rule.title)}", ""]
                lines.append(f"- Severity: **{severity}**; topic: {rule.topic}; authority: {md(rule.authority)}")
                lines.append(f"- Citation: {_cite(rule.citation)}")
                lines.append(f"- In force since: {ruleset.since[rule.id]}")
                lines += ["", md(" ".join(rule.explanation.split())), ""]
            self.write(f"rulesets/{version_id}.md", lines)
            previous = current
        self.write("rulesets/index.md", ["# Ruleset versions", "", *_table(["version", "title", "rules"], rows)])

    # -- coverage --------------------------------------------------------------------------------------------

    def coverage_page(self) -> None:
        """The traceability matrix (rulesets/coverage.toml) as a page; a data folder without it has none."""
        from engine import coverage

        if not coverage.path_of(self.data).is_file():
            return
        matrix = coverage.load(self.data)
        lines = ["# Coverage of the rulebook", "", md(" ".join(COVERAGE_INTRO.split())), ""]
        rows = [
            [f.area, "not traced yet" if f.coverage is None else f"{f.coverage * 100:.0f}%"]
            + [str(n) for n in (f.covered, f.partial, f.not_checked, f.out_of_scope)]
            for f in coverage.figures(matrix)
        ]
        lines += _table(["area", "coverage", "covered", "partial", "not checked", "out of scope"], rows)

        def ranges(items: tuple[coverage.PageRange, ...]) -> list[str]:
            out = []
            for r in items:
                m = matrix.manual(r.manual)
                out.append(
                    f"- {md(m.document)} {md(m.edition)} pp.{md(r.pages)}" + (f": {md(r.note)}" if r.note else "")
                )
            return out or ["- none"]

        lines += ["", "## Traced page ranges", "", *ranges(matrix.traced)]
        lines += ["", "## Not traced yet", "", "The figures above say nothing about these pages.", ""]
        lines += ranges(matrix.untraced)
        for area in coverage.AREAS:
            reqs = [r for r in matrix.requirements if r.area == area]
            if not reqs:
                continue
            lines += ["", f"## {area}", ""]
            rows = []
            for r in reqs:
                m = matrix.manual(r.manual)
                version = self.rulesets.in_force_id(m.dated)
                links = ", ".join(f"[`{rule}`]({version}.md)" for rule in r.rules)
                if r.status == "covered":
                    status = f"covered by {links}"
                elif r.status == "partial":
                    status = f"partial: {links}; missing: {md(r.missing)}"
                else:
                    status = f"not checked ({(r.reason or '').replace('_', ' ')}): {md(r.why)}"
                where = f"{md(m.document)} {md(m.edition)} p.{md(r.pages)}"
                rows.append([f"`{r.id}`", where, f"{md(r.text)}<br>{md(r.korean)}", status])
            lines += _table(["id", "page", "requirement", "status"], rows)
        if matrix.unmapped:
            lines += ["", "## Rules no traced requirement names", ""]
            newest = self.rulesets.ids[-1]
            rows = [[f"[`{u.rule}`]({newest}.md)", u.kind.replace("_", " "), md(u.why)] for u in matrix.unmapped]
            lines += _table(["rule", "why", ""], rows)
        self.write("rulesets/coverage.md", lines)

    # -- changelog -------------------------------------------------------------------------------------------

    def changelog_pages(self) -> None:
        """One page per changelog entry (the notice that made a snapshot): its source and what it changed."""
        from engine.publish import CHANGELOG_FILE, load_entry

        folder = self.data.changelog
        rows = []
        entries = sorted(folder.glob("*.toml")) if folder.is_dir() else []
        for path in entries:
            if not CHANGELOG_FILE.fullmatch(path.name):  # its page name would be the file's name
                raise InputError(
                    self.data.shown(path),
                    None,
                    "expected a changelog entry named DATE-NOTICE-ID.toml (as e7 writes it)",
                )
            entry = load_entry(path, self.data.shown(path))
            log, notice = entry.info, entry.notice.notice if entry.notice else None
            title = notice.title if notice else log.note
            rows.append(
                [f"[{md(path.stem)}]({path.stem}.md)", md(log.snapshot), md(title), md(notice.status if notice else "")]
            )
            heading = notice.id if notice else path.stem
            lines = [f"# {md(heading)}", "", f"**{md(title)}**", ""]
            lines.append(f"- Made snapshot {self.snapshot_link(log.snapshot)}, sha256 {_hex(log.sha256)}")
            if log.previous:
                lines.append(f"- From snapshot {self.snapshot_link(log.previous)}")
            if notice:
                source = notice.source
                cite = ", ".join(str(v) for v in (source.document, source.edition, source.pages, source.url) if v)
                lines.append(f"- Source: {md(cite)} [{md(source.status)}]")
                if source.note:
                    lines.append(f"- Source note: {md(source.note)}")
                lines += [f"- Event: {md(event)}" for event in notice.events]
            if (notice and notice.note) or log.note:
                lines += ["", md((notice and notice.note) or log.note)]
            lines += ["", "## What it changed", ""]
            lines += [f"- {md(change)}" for change in log.changes] or ["The earliest snapshot: the start of the chain."]
            self.write(f"changelog/{path.stem}.md", lines, title=heading)
        lines = [
            "# Changelog",
            "",
            "Every catalogue version and the notice that made it, oldest first. Entries are written by "
            "`e7 catalogue import`; `e7 catalogue verify` replays every notice and compares the snapshots byte "
            "for byte.",
            "",
            *_table(["entry", "snapshot", "title", "status"], rows),
        ]
        lines += self.errata_pages()
        self.write("changelog/index.md", lines)

    def errata_pages(self) -> list[str]:
        """One page per erratum (a correction of published snapshots); the index's lines for them."""
        from engine.errata import load_entries

        rows = []
        for entry in load_entries(self.data):
            info = entry.erratum
            name = f"erratum-{info.made}-{info.id}"
            rows.append([f"[{md(info.id)}]({name}.md)", str(info.made), md(info.title)])
            lines = [f"# Erratum {md(info.id)}", "", f"**{md(info.title)}**", "", md(info.reason), ""]
            lines += [f"- Made {info.made}; source: {md(info.source.cite())}", "", "## Snapshots corrected", ""]
            lines += _table(
                ["snapshot", "fields", "old sha256", "new sha256"],
                [
                    [
                        f"[{h.snapshot}](../catalogue/{h.snapshot}.md)",
                        md(", ".join(entry.fields_of(h.snapshot))),
                        f"`{h.old_sha256}`",
                        f"`{h.new_sha256}`",
                    ]
                    for h in entry.snapshots
                ],
            )
            self.write(f"changelog/{name}.md", lines)
        if not rows:
            return []
        return [
            "",
            "## Errata",
            "",
            "Corrections of published snapshots (the law did not change; e7's reading was "
            "wrong), each with the fields and the snapshots' old and new sha256.",
            "",
            *_table(["erratum", "made", "title"], rows),
        ]

    # -- worked examples ----------------------------------------------------------------------------------

    def example_pages(self) -> None:
        from engine.case import load_case
        from engine.evaluate import Evaluator
        from engine.explain import OUTCOME_TEXT, to_markdown

        folder = self.examples / "cases"
        if not folder.is_dir():
            return
        evaluator = Evaluator(self.data)
        rows = []
        taken: set[str] = {"index"}
        for path in sorted(folder.iterdir()):
            if path.suffix not in (".toml", ".json"):
                continue
            case = load_case(path)
            decision = evaluator.evaluate(case)
            name = page_name(path.stem, taken)
            rows.append(
                [f"[{md(case.id)}]({name}.md)", decision.as_of, md(OUTCOME_TEXT[decision.outcome].split(":")[0])]
            )
            self.write(
                f"examples/{name}.md", [to_markdown(decision)], title=f"Case {decision.case} as of {decision.as_of}"
            )
        self.write(
            "examples/index.md",
            [
                "# Worked examples",
                "",
                "Each example case evaluated with `e7 check CASE --format markdown`.",
                "",
                *_table(["case", "as of", "outcome"], rows),
            ],
        )


def own_or_shipped(data: DataDir, name: str) -> Path:
    """The data folder's ``docs/`` or ``examples/``, else the one shipped with e7: a maintainer's folder made
    as docs/notices.md says holds only catalogue/, rulesets/ and changelog/, and its site still has the home
    page, the guides and the worked examples (evaluated against its own catalogue and rules)."""
    own = data.root / name
    return own if own.is_dir() else shipped_root() / name


def write_pages(data: DataDir, staging: Path) -> None:
    """Hand-written pages from docs/, then every generated page, into ``staging``."""
    if staging.exists():
        shutil.rmtree(staging)
    docs = own_or_shipped(data, "docs")
    if docs.is_dir():
        shutil.copytree(docs, staging)
    else:
        staging.mkdir(parents=True)
    writer = SiteWriter(data, staging, own_or_shipped(data, "examples"))
    writer.catalogue_pages()
    writer.code_pages()
    writer.ruleset_pages()
    writer.coverage_page()
    writer.changelog_pages()
    writer.example_pages()


NAV = [
    {"Home": "index.md"},
    {
        "Guides": [
            "guides/check.md",
            "guides/code-mismatch-story.md",
            "guides/import.md",
            "guides/planning.md",
            "limits.md",
        ]
    },
    {"Catalogue": ["catalogue/index.md", "codes/index.md"]},
    {"Changelog": ["changelog/index.md"]},
    {"Rules": ["rulesets/index.md", "rulesets/coverage.md", "rulesets.md"]},
    {"Worked examples": ["examples/index.md"]},
    {
        "Reference": [
            "cases.md",
            "alignment.md",
            "notices.md",
            "history.md",
            "json.md",
            "releases.md",
            "register.md",
        ]
    },
]


def mkdocs_config(staging: Path, site_dir: Path) -> dict[str, Any]:
    nav = []
    for section in NAV:
        ((title, pages),) = section.items()
        if isinstance(pages, list):
            present = [p for p in pages if (staging / p).is_file()]
            if present:
                nav.append({title: present})
        elif (staging / pages).is_file():
            nav.append({title: pages})
    extra = sorted(p.relative_to(staging).as_posix() for p in staging.glob("*.md") if p.name not in ("index.md",))
    listed = {
        p for section in nav for pages in section.values() for p in (pages if isinstance(pages, list) else [pages])
    }
    more = [p for p in extra if p not in listed]
    if more:
        nav.append({"More": more})
    return {
        "site_name": SITE_NAME,
        "docs_dir": str(staging),
        "site_dir": str(site_dir),
        "use_directory_urls": False,
        "strict": True,
        "theme": {
            "name": "material",
            "language": "en",
            "features": ["navigation.sections", "search.highlight", "search.share", "search.suggest"],
        },
        "plugins": [{"search": {"lang": ["en", "ko"]}}],
        "markdown_extensions": ["tables", "admonition", "attr_list", "toc"],
        "nav": nav,
    }


MARKER = ".e7-site"


def _check_output(data: DataDir, output: Path) -> Path:
    """``--output`` resolved, or one ``InputError``: a file, a folder of something else, or a folder that
    holds or lies inside what the site is made from (the build would copy itself or replace its sources)."""
    try:
        resolved = output.resolve()
    except (OSError, RuntimeError) as exc:  # a symlink loop
        raise InputError(f"--output {output}", None, f"expected a folder for the site ({exc})") from None
    where = f"--output {resolved}"
    try:
        _check_place(data, resolved, where)
    except OSError as exc:  # a name too long, a folder that may not be read
        raise InputError(where, None, f"expected a folder e7 can write the site in: {exc.strerror or exc}") from None
    return resolved


def _check_place(data: DataDir, resolved: Path, where: str) -> None:
    if resolved.exists() and not resolved.is_dir():
        raise InputError(where, None, "expected a folder for the site, found a file")
    sources = [
        data.catalogue,
        data.rulesets,
        data.changelog,
        own_or_shipped(data, "docs"),
        own_or_shipped(data, "examples"),
    ]
    for source in sources:
        source = source.resolve()
        if resolved == source or resolved.is_relative_to(source) or source.is_relative_to(resolved):
            raise InputError(
                where, None, f"expected a folder apart from the site's sources, this one is or holds {source}"
            )
    if resolved.is_dir() and any(resolved.iterdir()) and not (resolved / MARKER).is_file():
        raise InputError(where, None, "expected an empty folder or a site e7 built before (it is replaced whole)")
    if not resolved.parent.is_dir():
        raise InputError(where, None, "expected a folder whose parent exists")


class _Warnings(logging.Handler):
    """Keeps what mkdocs warns about, so that a failed strict build says why in its one line."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(" ".join(record.getMessage().split()))


def build(data: DataDir, output: Path) -> dt.timedelta:
    """Generate the pages and run ``mkdocs build --strict`` into ``output``; returns how long it took.

    The site is built in a temporary folder beside ``output`` and moved into place at the end, so a failed
    build leaves ``output`` as it was. ``output`` must be an empty folder, a folder e7 built before (it holds
    the marker file ``.e7-site``) or not exist: e7 never deletes anything else. A folder e7 cannot write in
    is bad input (``InputError``), not an error of e7's.
    """
    start = dt.datetime.now()
    output = _check_output(data, output)
    try:
        import yaml  # mkdocs depends on PyYAML
        from mkdocs.commands.build import build as mkdocs_build
        from mkdocs.config import load_config
        from mkdocs.exceptions import MkDocsException
    except ImportError:
        raise SiteError("e7 docs needs MkDocs Material: pip install 'e7[docs]'") from None

    try:
        with tempfile.TemporaryDirectory(prefix=".e7-site-", dir=output.parent) as temporary:
            work = Path(temporary)
            staging, built = work / "pages", work / "site"
            write_pages(data, staging)
            config_path = work / "mkdocs.yml"
            config = mkdocs_config(staging, built)
            config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
            warnings = _Warnings()
            logger = logging.getLogger("mkdocs")
            logger.addHandler(warnings)
            try:
                mkdocs_build(load_config(str(config_path), strict=True))
            except MkDocsException as exc:
                # mkdocs has logged each warning; the build failed on the pages, not inside e7
                first = f" (first: {warnings.messages[0]})" if warnings.messages else ""
                raise SiteError(f"mkdocs build --strict failed: {exc}{first}") from None
            finally:
                logger.removeHandler(warnings)
            (built / MARKER).write_text("built by e7 docs build; this folder is replaced whole by the next build\n")
            if output.exists():
                output.rename(work / "previous")
            built.rename(output)
    except OSError as exc:  # a read-only or full disk, a name too long, a folder e7 may not write in
        where = f"--output {output}" + (f" ({exc.filename})" if exc.filename else "")
        raise InputError(where, None, f"expected a folder e7 can write the site in: {exc.strerror or exc}") from None
    return dt.datetime.now() - start


class SiteError(E7Error):
    """The site did not build (a broken link or a page mkdocs warns about, in strict mode)."""
