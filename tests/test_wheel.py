"""An installed wheel carries the catalogue: e7 works outside the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

from .conftest import ROOT


def test_wheel_ships_the_data(tmp_path: Path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("e7-*.whl")
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    assert (target / "engine/data/catalogue/2026-06-17.toml").is_file()
    # the wheel first on the path, the dependencies from this environment; run from elsewhere
    paths = [str(target), sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths), "PYTHONNOUSERSITE": "1"}
    env.pop("E7_DATA", None)
    script = (
        "import engine, engine.data.folders, sys; "
        "assert engine.__file__.startswith(sys.argv[1]), engine.__file__; "
        "print(engine.data.folders.shipped_root())"
    )
    where = subprocess.run(
        [sys.executable, "-S", "-c", script, str(target)], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert where.returncode == 0, where.stderr
    assert where.stdout.strip() == str(target / "engine" / "data")
    result = subprocess.run(
        [sys.executable, "-S", "-m", "engine", "code", "2223", "--as-of", "2026-07-01"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "응용 소프트웨어 개발자" in result.stdout
