"""Markdown for the site's generated pages: tables, citations, amounts, page names and front matter, every text
from data escaped."""

from __future__ import annotations

import hashlib
import html
import re

from engine.core.model import Source
from engine.rules.explain import md, md_plain


def cite(source: Source) -> str:
    return md(source.cite()) + (f" ({md(source.note)})" if source.note else "")


def md_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def won(amount: int | None) -> str:
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


def hex_id(text: object) -> str:
    """A sha256 as a code span when it is one, else the text escaped."""
    value = str(text)
    return f"`{value}`" if re.fullmatch(r"[0-9a-f]{1,64}", value) else md(value)
