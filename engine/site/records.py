"""The site's pages of the rules and of the catalogue's record: ruleset versions, the coverage matrix, the
changelog and the errata (a part of the SiteWriter of engine/site/pages.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from engine.catalogue.snapshots import Catalogue
from engine.core.errors import InputError
from engine.data.folders import DataDir
from engine.rules.explain import md
from engine.rules.rulesets import Rule, Rulesets
from engine.site.markdown import cite, hex_id, md_table

COVERAGE_INTRO = """Every requirement the MoJ manuals state on the traced pages, with the rules that check it or why e7
does not (`rulesets/coverage.toml`, `e7 coverage`). The figure of an area is (covered + 0.5 x partial) / counted,
where counted leaves out the requirements out of e7's scope. It speaks only for the traced pages."""


class RecordPages:
    """The pages of rulesets, coverage, changelog and errata; SiteWriter holds what they use (data, out,
    catalogue, rulesets, nav, write, snapshot_link)."""

    data: DataDir
    out: Path
    catalogue: Catalogue
    rulesets: Rulesets
    nav: dict[str, list[Any]]

    # -- rulesets --------------------------------------------------------------------------------------------

    def ruleset_pages(self) -> None:
        rows = self._version_pages(self.rulesets, "rulesets", "Ruleset")
        lines = ["# Ruleset versions", "", *md_table(["version", "title", "rules"], rows)]
        folder = self.data.rulesets / "history"
        if folder.is_dir():  # the history rules (e7 history): their own chain of dated versions, listed the same way
            history = Rulesets(self.data, folder, "e7-history")
            history_rows = self._version_pages(history, "rulesets/history", "History ruleset", with_conditions=True)
            for row in history_rows:
                row[0] = row[0].replace("](", "](history/", 1)
            lines += ["", "## History rules", ""]
            lines += ["The checks of `e7 history` (stays, renewal, F-2-7), dated the same way (docs/rulesets.md).", ""]
            lines += md_table(["version", "title", "rules"], history_rows)
        self.write("rulesets/index.md", lines)

    def _version_pages(
        self, rulesets: Rulesets, folder: str, heading: str, with_conditions: bool = False
    ) -> list[list[str]]:
        rows = []
        previous: dict[str, Rule] = {}
        for version_id in rulesets.ids:
            ruleset = rulesets.get(version_id)
            info = ruleset.version.ruleset
            rows.append([f"[{version_id}]({version_id}.md)", md(info.title), str(len(ruleset.rules))])
            current = {r.id: r for r in ruleset.rules}
            lines = [f"# {heading} {version_id}", "", f"**{md(info.title)}**", "", md(" ".join(info.summary.split()))]
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
                lines.append(f"- Citation: {cite(rule.citation)}")
                lines.append(f"- In force since: {ruleset.since[rule.id]}")
                if with_conditions:
                    if rule.reports:
                        lines.append(f"- Reports as: {md(rule.reports)}")
                    conditions = [*rule.applies, *rule.when]
                    lines.append("- When: " + "; ".join(md(str(c)) for c in conditions))
                    if rule.after:
                        lines.append(f"- After: {md(rule.after)}")
                    if rule.derive:
                        lines.append(f"- Derives: {md(rule.derive)}")
                lines += ["", md(" ".join(rule.explanation.split())), ""]
            self.write(f"{folder}/{version_id}.md", lines)
            previous = current
        return rows

    # -- coverage --------------------------------------------------------------------------------------------

    def coverage_page(self) -> None:
        """The traceability matrix (rulesets/coverage.toml) as a page; a data folder without it has none."""
        from engine.rules import coverage

        if not coverage.path_of(self.data).is_file():
            return
        matrix = coverage.load(self.data)
        lines = ["# Coverage of the rulebook", "", md(" ".join(COVERAGE_INTRO.split())), ""]
        rows = [
            [f.area, "not traced yet" if f.coverage is None else f"{f.coverage * 100:.0f}%"]
            + [str(n) for n in (f.covered, f.partial, f.not_checked, f.out_of_scope)]
            for f in coverage.figures(matrix)
        ]
        lines += md_table(["area", "coverage", "covered", "partial", "not checked", "out of scope"], rows)

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
        history = coverage.history_rulesets(self.rulesets)
        for area in coverage.AREAS:
            reqs = [r for r in matrix.requirements if r.area == area]
            if not reqs:
                continue
            lines += ["", f"## {area}", ""]
            rows = []
            for r in reqs:
                m = matrix.manual(r.manual)
                version = self.rulesets.in_force_id(m.dated)
                pages = {rule: f"{version}.md" for rule in r.rules}
                if history is not None:  # a history rule links to the history ruleset page of the date
                    page = f"history/{coverage.history_version_of(history, m.dated)}.md"
                    pages |= {rule: page for rule in r.rules if rule.startswith("history.")}
                links = ", ".join(f"[`{rule}`]({pages[rule]})" for rule in r.rules)
                if r.status == "covered":
                    status = f"covered by {links}"
                elif r.status == "partial":
                    status = f"partial: {links}; missing: {md(r.missing)}"
                else:
                    status = f"not checked ({(r.reason or '').replace('_', ' ')}): {md(r.why)}"
                where = f"{md(m.document)} {md(m.edition)} " + (f"p.{md(r.pages)}" if r.pages else md(r.source))
                rows.append([f"`{r.id}`", where, f"{md(r.text)}<br>{md(r.korean)}", status])
            lines += md_table(["id", "page", "requirement", "status"], rows)
        if matrix.unmapped:
            lines += ["", "## Rules no traced requirement names", ""]
            newest = self.rulesets.ids[-1]
            rows = [[f"[`{u.rule}`]({newest}.md)", u.kind.replace("_", " "), md(u.why)] for u in matrix.unmapped]
            lines += md_table(["rule", "why", ""], rows)
        self.write("rulesets/coverage.md", lines)

    # -- changelog -------------------------------------------------------------------------------------------

    def changelog_pages(self) -> None:
        """One page per changelog entry (the notice that made a snapshot): its source and what it changed."""
        from engine.catalogue.publish import CHANGELOG_FILE, load_entry

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
            lines.append(f"- Made snapshot {self.snapshot_link(log.snapshot)}, sha256 {hex_id(log.sha256)}")
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
            *md_table(["entry", "snapshot", "title", "status"], rows),
        ]
        lines += self.errata_pages()
        self.write("changelog/index.md", lines)

    def errata_pages(self) -> list[str]:
        """One page per erratum (a correction of published snapshots); the index's lines for them."""
        from engine.catalogue.errata import load_entries

        rows = []
        for entry in load_entries(self.data):
            info = entry.erratum
            name = f"erratum-{info.made}-{info.id}"
            rows.append([f"[{md(info.id)}]({name}.md)", str(info.made), md(info.title)])
            lines = [f"# Erratum {md(info.id)}", "", f"**{md(info.title)}**", "", md(info.reason), ""]
            lines += [f"- Made {info.made}; source: {md(info.source.cite())}", "", "## Snapshots corrected", ""]
            lines += md_table(
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
            *md_table(["erratum", "made", "title"], rows),
        ]
