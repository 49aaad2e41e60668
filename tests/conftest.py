from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from engine.catalogue.snapshots import Catalogue
from engine.cli.main import main
from engine.data.folders import DataDir, locate
from engine.rules.evaluate import Evaluator

ROOT = Path(__file__).resolve().parents[1]

# the user's release store (engine/data/store.py): a fresh one for the test run, never the real ~/.local/share/e7,
# so that a release installed by hand does not change what the tests see (subprocesses inherit it)
os.environ["E7_HOME"] = tempfile.mkdtemp(prefix="e7-test-home-")
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session", autouse=True)
def index_cache_folder(tmp_path_factory: pytest.TempPathFactory):
    """The matcher's index cache (engine/core/index_cache.py) in a folder of the session's own, never the user's:
    the first test that matches duties builds each index, the others read it (subprocesses inherit it)."""
    folder = tmp_path_factory.mktemp("e7-cache")
    before = os.environ.get("E7_CACHE")
    os.environ["E7_CACHE"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("E7_CACHE", None)
    else:
        os.environ["E7_CACHE"] = before


@pytest.fixture(scope="session")
def data() -> DataDir:
    return locate(None)


@pytest.fixture(scope="session")
def catalogue(data: DataDir) -> Catalogue:
    return Catalogue(data)


class Result:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def json(self):
        return json.loads(self.out)


@pytest.fixture
def duty_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A cache folder of the test's own for duty matches (kept matches and indexes), as a new process sees it."""
    from engine.core import index_cache
    from engine.core.keyed_store import store

    from .duty_cache import new_process

    folder = tmp_path / "cache"
    monkeypatch.setenv(index_cache.CACHE_VAR, str(folder))
    new_process()
    yield folder
    store.close()
    new_process()


@pytest.fixture(scope="module")
def ev() -> Evaluator:
    """One evaluator per test module (module scope: its caches are that module's only)."""
    return Evaluator(locate(None))


@pytest.fixture
def e7(capsys, monkeypatch):
    """Run the e7 command in-process: e7("code", "2223") -> Result(code, out, err)."""
    monkeypatch.delenv("E7_DATA", raising=False)

    def run(*args: str) -> Result:
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped data folder (catalogue/, rulesets/, changelog/)."""
    root = tmp_path / "data"
    for name in ("catalogue", "rulesets", "changelog"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name)
    shutil.copy2(ROOT / "release.toml", root / "release.toml")
    return root
