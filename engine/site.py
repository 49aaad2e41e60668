"""The published site: Markdown pages generated from the catalogue, the rulesets, the changelog and the
examples, beside the hand-written pages of docs/, built with MkDocs (Material) in strict mode.

Generated pages are written to a staging folder, never into docs/. Every text that comes from data or from a
case file is escaped, so that Markdown or HTML in it shows as text.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path
from typing import Any

from engine.catalogue import Catalogue, sha256_of
from engine.data import DataDir
from engine.errors import E7Error, InputError
from engine.explain import md
from engine.model import GROUP_TITLES, GROUPS, STATUS_MEANING, SUBCATEGORIES, Code, Snapshot, Source
from engine.rulesets import Rule, Rulesets
from engine.thresholds import resolve

SITE_NAME = "e7: the E-7 visa rules, explained"


def _cite(source: Source) -> str:
    return md(source.cite()) + (f" ({md(source.note)})" if source.note else "")


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _won(amount: int | None) -> str:
    return "not recorded" if amount is None else f"{amount:,} KRW"


class SiteWriter:
    def __init__(self, data: DataDir, out: Path) -> None:
        self.data = data
        self.out = out
        self.catalogue = Catalogue(data)
        self.rulesets = Rulesets(data)
        self.nav: dict[str, list[Any]] = {}

    def write(self, relative: str, lines: list[str]) -> None:
        path = self.out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")

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
            lines.append(f"- Derived from: [{info.derived_from}]({info.derived_from}.md)")
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
                    f"- **{track.id} {md(track.title_ko)}** ({md(track.title_en)}): {md(track.rule)} "
                    f"({_cite(track.source)})"
                ]
        self.write(f"catalogue/{info.id}.md", lines)

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
        lines = [f"# {code} {md(' / '.join(titles))}", ""]
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
        self.write(f"codes/{code}.md", lines)

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

    # -- changelog -------------------------------------------------------------------------------------------

    def changelog_pages(self) -> None:
        """One page per changelog entry (the notice that made a snapshot): its source and what it changed."""
        from engine.convert import read_toml

        folder = self.data.changelog
        rows = []
        entries = sorted(folder.glob("*.toml")) if folder.is_dir() else []
        for path in entries:
            data = read_toml(path, self.data.shown(path))
            log = data.get("changelog", {})
            notice = data.get("notice", {})
            snapshot = str(log.get("snapshot", ""))
            title = notice.get("title") or log.get("note", "")
            rows.append([f"[{md(path.stem)}]({path.stem}.md)", snapshot, md(title), md(notice.get("status", ""))])
            lines = [f"# {md(notice.get('id', path.stem))}", "", f"**{md(title)}**", ""]
            if snapshot:
                lines.append(
                    f"- Made snapshot [{snapshot}](../catalogue/{snapshot}.md), sha256 `{log.get('sha256', '')}`"
                )
            if log.get("previous"):
                previous = log["previous"]
                lines.append(f"- From snapshot [{previous}](../catalogue/{previous}.md)")
            source = notice.get("source")
            if isinstance(source, dict):
                cite = ", ".join(
                    str(source[k]) for k in ("document", "edition", "pages", "url", "published") if source.get(k)
                )
                lines.append(f"- Source: {md(cite)} [{md(source.get('status', ''))}]")
                if source.get("note"):
                    lines.append(f"- Source note: {md(source['note'])}")
            for event in notice.get("events", []):
                lines.append(f"- Event: {md(event)}")
            if notice.get("note") or log.get("note"):
                lines += ["", md(notice.get("note") or log.get("note"))]
            lines += ["", "## What it changed", ""]
            changes = log.get("changes", [])
            lines += [f"- {md(change)}" for change in changes] or ["The earliest snapshot: the start of the chain."]
            self.write(f"changelog/{path.stem}.md", lines)
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

        folder = self.data.root / "examples" / "cases"
        if not folder.is_dir():
            return
        evaluator = Evaluator(self.data)
        rows = []
        for path in sorted(folder.iterdir()):
            if path.suffix not in (".toml", ".json"):
                continue
            case = load_case(path)
            decision = evaluator.evaluate(case)
            name = path.stem
            rows.append(
                [f"[{md(case.id)}]({name}.md)", decision.as_of, md(OUTCOME_TEXT[decision.outcome].split(":")[0])]
            )
            self.write(f"examples/{name}.md", [to_markdown(decision)])
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


def write_pages(data: DataDir, staging: Path) -> None:
    """Hand-written pages from docs/, then every generated page, into ``staging``."""
    if staging.exists():
        shutil.rmtree(staging)
    docs = data.root / "docs"
    if docs.is_dir():
        shutil.copytree(docs, staging)
    else:
        staging.mkdir(parents=True)
    writer = SiteWriter(data, staging)
    writer.catalogue_pages()
    writer.code_pages()
    writer.ruleset_pages()
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
    {"Rules": ["rulesets/index.md", "rulesets.md"]},
    {"Worked examples": ["examples/index.md"]},
    {"Reference": ["cases.md", "alignment.md", "notices.md", "history.md", "json.md"]},
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


def build(data: DataDir, output: Path) -> dt.timedelta:
    """Generate the pages and run ``mkdocs build --strict`` into ``output``; returns how long it took.

    The site is built in a temporary folder beside ``output`` and moved into place at the end, so a failed
    build leaves ``output`` as it was. ``output`` must be an empty folder, a folder e7 built before (it holds
    the marker file ``.e7-site``) or not exist: e7 never deletes anything else.
    """
    start = dt.datetime.now()
    output = output.resolve()
    where = f"--output {output}"
    if output.exists() and not output.is_dir():
        raise InputError(where, None, "expected a folder for the site, found a file")
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).is_file():
        raise InputError(where, None, "expected an empty folder or a site e7 built before (it is replaced whole)")
    if not output.parent.is_dir():
        raise InputError(where, None, "expected a folder whose parent exists")
    try:
        import yaml  # mkdocs depends on PyYAML
        from mkdocs.commands.build import build as mkdocs_build
        from mkdocs.config import load_config
        from mkdocs.exceptions import Abort, ConfigurationError
    except ImportError:
        raise SiteError("e7 docs needs MkDocs Material: pip install 'e7[docs]'") from None

    with tempfile.TemporaryDirectory(prefix=".e7-site-", dir=output.parent) as temporary:
        work = Path(temporary)
        staging, built = work / "pages", work / "site"
        write_pages(data, staging)
        config_path = work / "mkdocs.yml"
        config = mkdocs_config(staging, built)
        config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
        try:
            mkdocs_build(load_config(str(config_path), strict=True))
        except (Abort, ConfigurationError) as exc:
            # mkdocs has logged each warning above; the build failed on the pages, not inside e7
            raise SiteError(f"mkdocs build --strict failed: {exc}") from None
        (built / MARKER).write_text("built by e7 docs build; this folder is replaced whole by the next build\n")
        if output.exists():
            output.rename(work / "previous")
        built.rename(output)
    return dt.datetime.now() - start


class SiteError(E7Error):
    """The site did not build (a broken link or a page mkdocs warns about, in strict mode)."""
