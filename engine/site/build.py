"""The published site: Markdown pages generated from the catalogue, the rulesets, the changelog and the
examples, beside the hand-written pages of docs/, built with MkDocs (Material) in strict mode.

Generated pages are written to a staging folder, never into docs/. Every text that comes from data or from a
case file is escaped, so that Markdown or HTML in it shows as text.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any

from engine.core.errors import E7Error, InputError
from engine.data.folders import DataDir, shipped_root
from engine.site.pages import SiteWriter

SITE_NAME = "e7: the E-7 visa rules, explained"


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
            "guides/workbench.md",
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
            "spreadsheets.md",
            "alignment.md",
            "notices.md",
            "history.md",
            "json.md",
            "releases.md",
            "register.md",
            "architecture.md",
            "speed.md",
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
