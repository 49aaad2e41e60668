"""What the duty matcher reads beside the catalogue: the matching terms e7 curates for each occupation
(``catalogue/terms.toml``) and the work outside the E-7 list (``catalogue/outside-list.toml``), each read once
per data folder and checked as bad input when malformed.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from stat import S_ISREG
from typing import Literal

import attrs

from engine.core import object_cache
from engine.core.convert import read_file, structure, toml_data
from engine.core.errors import InputError
from engine.core.model import OCCUPATION_PATTERN, Source, Status
from engine.data.folders import DataDir
from engine.duties.tokens import _HANGUL

TERMS_FILE = "terms.toml"
OUTSIDE_FILE = "outside-list.toml"  # work outside the E-7 list (KSCO), never a code to file under


# -- curated terms --------------------------------------------------------------------------------------------


@attrs.frozen
class TermEntry:
    """Matching terms for one occupation, in English and Korean, with their source."""

    en: tuple[str, ...] = ()
    ko: tuple[str, ...] = ()
    source: Source | None = None  # None: the file's [source]
    note: str = ""


@attrs.frozen
class SectionText:
    """Duty text a code's own section prints beside its description (a scope of work), quoted from the manual
    with its source: official text, read by the matcher as the code's field ``section``."""

    ko: tuple[str, ...]
    source: Source
    note: str = ""


@attrs.frozen
class TermsFile:
    source: Source
    terms: dict[str, TermEntry] = attrs.Factory(dict)
    glossary: dict[str, tuple[str, ...]] = attrs.Factory(dict)
    sections: dict[str, SectionText] = attrs.Factory(dict)
    note: str = ""


@attrs.frozen
class Terms:
    """The curated terms of a data folder, keyed by occupation id; every entry carries its source."""

    entries: dict[str, TermEntry]
    source: Source | None
    digest: str  # what the index cache is keyed on
    glossary: dict[str, tuple[str, ...]] = attrs.Factory(dict)  # English word -> the manual's Korean words
    # the duty text a code's own section prints (a scope of work), keyed by occupation id, each with its source
    sections: dict[str, SectionText] = attrs.Factory(dict)

    def section_of(self, occupation: str) -> tuple[str, ...]:
        entry = self.sections.get(occupation)
        return () if entry is None else entry.ko

    def of(self, occupation: str) -> tuple[str, ...]:
        entry = self.entries.get(occupation)
        return () if entry is None else entry.en + entry.ko

    def source_of(self, occupation: str) -> Source | None:
        entry = self.entries.get(occupation)
        if entry is None:
            return None
        return entry.source or self.source


_terms_cache: dict[tuple[str, float, int], Terms] = {}
_files: dict[tuple[DataDir, str], tuple[Path, str]] = {}


def _file_of(data: DataDir, name: str) -> tuple[Path, str]:
    """A file of a data folder's catalogue, and its path as text (built once: this runs twice for every case with
    duties, and ``os.stat`` of the text is the one system call without pathlib's work around it)."""
    found = _files.get((data, name))
    if found is None:
        path = data.catalogue / name
        found = _files[(data, name)] = (path, str(path))
    return found


def load_terms(data: DataDir) -> Terms:
    """``catalogue/terms.toml`` of a data folder; a folder without one matches on the manual's text alone."""
    path, where = _file_of(data, TERMS_FILE)
    try:
        stat = os.stat(where)  # one system call per look-up: this runs for every case with duties
    except (FileNotFoundError, NotADirectoryError):
        return Terms({}, None, "")
    if not S_ISREG(stat.st_mode):
        return Terms({}, None, "")
    key = (where, stat.st_mtime, stat.st_size)
    if key not in _terms_cache:
        shown = data.shown(path)
        raw = read_file(path, shown)  # read once, kept as read in the cache folder (engine/core/object_cache.py)
        _terms_cache[key] = object_cache.read("terms", raw, lambda: _read_terms(raw, shown))
    return _terms_cache[key]


def _read_terms(content: bytes, shown: str) -> Terms:
    parsed = structure(toml_data(content, shown), TermsFile, shown)
    for occupation, entry in parsed.terms.items():
        if not OCCUPATION_PATTERN.fullmatch(occupation):
            raise InputError(
                shown, f"terms.{occupation}", "expected a kebab-case occupation id such as 'web-developer'"
            )
        for lang in ("en", "ko"):
            for index, term in enumerate(getattr(entry, lang)):
                if not term.strip():
                    raise InputError(shown, f"terms.{occupation}.{lang}[{index}]", "expected a non-empty term")
                if lang == "ko" and not _HANGUL.search(term) and not term.isascii():
                    raise InputError(shown, f"terms.{occupation}.{lang}[{index}]", "expected Korean or Latin text")
    for word, korean in parsed.glossary.items():
        if not word.isascii() or not korean or not all(_HANGUL.search(k) for k in korean):
            raise InputError(shown, f"glossary.{word}", "expected an English word and a list of Korean words")
    for occupation, section in parsed.sections.items():
        if not OCCUPATION_PATTERN.fullmatch(occupation):
            raise InputError(shown, f"sections.{occupation}", "expected a kebab-case occupation id")
        if not section.ko or not all(_HANGUL.search(text) for text in section.ko):
            raise InputError(shown, f"sections.{occupation}.ko", "expected the section's Korean text")
    digest = hashlib.sha256(content).hexdigest()
    return Terms(dict(parsed.terms), parsed.source, digest, dict(parsed.glossary), dict(parsed.sections))


# -- work outside the list ------------------------------------------------------------------------------------


@attrs.frozen
class OutsideOccupation:
    """An occupation of the KSCO that the E-7 list does not name (``catalogue/outside-list.toml``).

    ``side = "list"`` records a KSCO occupation that a listed code covers (farming and fishery work under S610):
    it is kept for completeness and never matched."""

    title_ko: str
    title_en: str
    source: str  # a key of the file's [sources]
    status: Status
    side: Literal["outside", "list"] = "outside"
    ksco: str = ""  # empty: the code is unverified
    revision: int = 0
    major_group: str = ""
    description: str = ""
    note: str = ""
    en: tuple[str, ...] = ()
    ko: tuple[str, ...] = ()

    def label(self) -> str:
        code = f"KSCO {self.ksco}" if self.ksco else "KSCO code unverified"
        return f"{self.title_ko} ({self.title_en}; {code})"


@attrs.frozen
class OutsideFile:
    sources: dict[str, Source]
    occupations: tuple[OutsideOccupation, ...] = ()


@attrs.frozen
class Outside:
    """The reference of work outside the list of a data folder; empty when the folder has none."""

    occupations: tuple[OutsideOccupation, ...]  # those matched (side "outside")
    sources: dict[str, Source]
    digest: str


_outside_cache: dict[tuple[str, float, int], Outside] = {}


def load_outside(data: DataDir) -> Outside:
    """``catalogue/outside-list.toml`` of a data folder (cached on its path, time and size)."""
    path, where = _file_of(data, OUTSIDE_FILE)
    try:
        stat = os.stat(where)
    except (FileNotFoundError, NotADirectoryError):
        return Outside((), {}, "")
    if not S_ISREG(stat.st_mode):
        return Outside((), {}, "")
    key = (where, stat.st_mtime, stat.st_size)
    if key not in _outside_cache:
        shown = data.shown(path)
        raw = read_file(path, shown)
        _outside_cache[key] = object_cache.read("outside", raw, lambda: _read_outside(raw, shown))
    return _outside_cache[key]


def _read_outside(content: bytes, shown: str) -> Outside:
    parsed = structure(toml_data(content, shown), OutsideFile, shown)
    for n, entry in enumerate(parsed.occupations):
        where = f"occupations[{n}]"
        if entry.source not in parsed.sources:
            known = ", ".join(sorted(parsed.sources)) or "none"
            raise InputError(shown, f"{where}.source", f"expected a key of [sources] ({known}), got {entry.source!r}")
        if entry.ksco and not (entry.ksco.isdigit() and 1 <= len(entry.ksco) <= 5):
            raise InputError(shown, f"{where}.ksco", f"expected a KSCO code of 1 to 5 digits or '', got {entry.ksco!r}")
        if not entry.title_ko.strip() or not entry.title_en.strip():
            raise InputError(shown, f"{where}.title_ko", "expected a Korean and an English title")
    digest = hashlib.sha256(content).hexdigest()
    matched = tuple(o for o in parsed.occupations if o.side == "outside")
    return Outside(matched, dict(parsed.sources), digest)
