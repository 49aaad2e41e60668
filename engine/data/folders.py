"""Where e7 finds its data: ``--data DIR``, else ``$E7_DATA``, else the active data release installed in the
user's data folder (``e7 data install``, engine/data/store.py), else the data shipped with the package.

A data folder holds ``catalogue/``, ``rulesets/`` and ``changelog/``. In a wheel the shipped data lives in
``engine/data/``; in a checkout (or an editable install) it is the repository's top level.
"""

from __future__ import annotations

import os
from pathlib import Path

import attrs

from engine.core.errors import InputError

ENV_VAR = "E7_DATA"
# the journal an import keeps while it runs (engine/data/journal.py), left behind only by one that was killed: named
# here so that a command sees there is nothing to recover without importing the journal's module
JOURNAL_FILE = ".e7-import-journal.json"
_PACKAGE = Path(__file__).resolve().parent.parent  # engine/


@attrs.frozen
class DataDir:
    root: Path

    @property
    def catalogue(self) -> Path:
        return self.root / "catalogue"

    @property
    def rulesets(self) -> Path:
        return self.root / "rulesets"

    @property
    def changelog(self) -> Path:
        return self.root / "changelog"

    @property
    def journal(self) -> Path:
        return self.root / JOURNAL_FILE

    def shown(self, path: Path) -> str:
        """A path as messages show it: relative to the data folder where it lies inside it."""
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)


def shipped_root() -> Path:
    packaged = _PACKAGE / "data"
    if (packaged / "catalogue").is_dir():
        return packaged
    return _PACKAGE.parent


def locate(explicit: str | None = None) -> DataDir:
    """Resolve the data folder; a folder without ``catalogue/`` is refused with a clear message."""
    if explicit is not None:
        origin, value = "--data", explicit
    elif os.environ.get(ENV_VAR):
        origin, value = ENV_VAR, os.environ[ENV_VAR]
    else:
        from engine.data.store import active_release

        installed = active_release()  # the pointer is read once: one command uses one release throughout
        return installed.data if installed is not None else DataDir(shipped_root())
    root = Path(value).expanduser()
    if not root.is_dir():
        raise InputError(f"{origin} {value}", None, "expected a folder holding catalogue/, rulesets/ and changelog/")
    if not (root / "catalogue").is_dir():
        raise InputError(f"{origin} {value}", None, "expected a catalogue/ folder inside it")
    return DataDir(root.resolve())
