"""The site's generated pages of the catalogue (snapshots, codes) and the worked examples; the rulesets,
coverage, changelog and errata pages come from engine/site/records.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from engine.catalogue.snapshots import Catalogue, sha256_of
from engine.catalogue.thresholds import resolve
from engine.core.model import GROUP_TITLES, GROUPS, STATUS_MEANING, SUBCATEGORIES, Code, Snapshot
from engine.data.folders import DataDir
from engine.rules.explain import md
from engine.rules.rulesets import Rulesets
from engine.site.markdown import cite, front_matter, md_table, page_name, won
from engine.site.records import RecordPages


class SiteWriter(RecordPages):
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
            *md_table(["snapshot", "title", "codes", "status", "sha256"], rows),
        ]
        self.write("catalogue/index.md", lines)

    def snapshot_page(self, snapshot: Snapshot) -> None:
        info = snapshot.snapshot
        on = info.effective
        lines = [f"# Snapshot {info.id}", "", f"**{md(info.title)}**", ""]
        lines.append(f"- Status: **{info.status}** ({md(STATUS_MEANING[info.status])})")
        lines.append(f"- Source: {cite(info.source)}")
        if info.derived_from:
            lines.append(f"- Derived from: {self.snapshot_link(info.derived_from, '')}")
        for event in info.events:
            lines.append(f"- Event: {md(event)}")
        if info.note:
            lines += ["", md(info.note)]
        t = resolve(snapshot, on)
        lines += ["", "## Thresholds in force on the effective date", ""]
        rows = [[sub, won(w.amount_krw if w else None), md(w.source.cite()) if w else ""] for sub, w in t.wages]
        lines += md_table(["subcategory", "announced amount", "source"], rows)
        if t.minimum_wage:
            m = t.minimum_wage
            lines += [
                "",
                f"Minimum wage {m.year}: {m.hourly_krw:,} KRW an hour, {m.monthly_krw:,} KRW a month "
                f"({cite(m.source)}).",
            ]
        if t.gni:
            lines += [
                "",
                f"Previous-year GNI per capita ({t.gni.year}): {t.gni.amount_krw:,} KRW ({cite(t.gni.source)}).",
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
                lines += md_table(["code", "title (ko)", "title (en)", "舊", "pilot"], rows)
        if snapshot.renumbered:
            lines += ["", "## Renumbered occupations", ""]
            rows = [
                [md(r.old_code), f"[{r.new_code}](../codes/{r.new_code}.md)", str(r.effective)]
                for r in snapshot.renumbered
            ]
            lines += md_table(["former code", "code", "since"], rows)
        if snapshot.tracks:
            lines += ["", "## E-7-S tracks", ""]
            for track in snapshot.tracks:
                lines += [
                    f"- **{md(track.id)} {md(track.title_ko)}** ({md(track.title_en)}): {md(track.rule)} "
                    f"({cite(track.source)})"
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
        self.write("codes/index.md", ["# Every code e7 has seen", "", *md_table(["code", "title", "status"], rows)])

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
        lines += md_table(["date", "event", "snapshot"], rows)
        from engine.catalogue.errata import snapshot_errata

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
        lines += ["", f"*Source: {cite(c.source)}*", ""]
        return lines

    # -- worked examples ----------------------------------------------------------------------------------

    def example_pages(self) -> None:
        from engine.core.case import load_case
        from engine.rules.evaluate import Evaluator
        from engine.rules.explain import OUTCOME_TEXT, to_markdown

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
                *md_table(["case", "as of", "outcome"], rows),
            ],
        )
