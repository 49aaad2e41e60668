"""One-off: derive the notices behind the catalogue's own history, and their changelog entries.

The snapshots 2022-07-01 .. 2026-09-01 were typed in or reconstructed before e7 could import notices
(catalogue/README.md, catalogue/_entry/assemble.py). This script turns each step between two committed
snapshots into the notice that makes the later one of the earlier one
(engine.catalogue.diff.notice_from_diff), writes it here, then imports the notices in order onto a copy
holding only the earliest snapshot (the same code path as `e7 catalogue import`) and checks that every snapshot
and the index come out byte for byte as committed.
Only then does it write changelog/. From now on notices come first and snapshots are made by importing them.

    python examples/notices/derive_history.py
"""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from engine.catalogue.diff import notice_from_diff  # noqa: E402
from engine.catalogue.notices import notice_text  # noqa: E402
from engine.catalogue.publish import (  # noqa: E402
    ChangelogInfo,
    changelog_name,
    changelog_text,
    plan_import,
    sha256_text,
    write_import,
)
from engine.catalogue.snapshots import Catalogue  # noqa: E402
from engine.data.folders import DataDir  # noqa: E402

HERE = Path(__file__).resolve().parent

# snapshot id -> (notice id, publication date if a source gives it, what the notice does)
NOTICES: dict[str, tuple[str, dt.date | None, str]] = {
    "2023-01-01": ("e7-s-tracks-and-sme-wage-rule", None, "E-7-S tracks and the SME / venture 70% wage rule"),
    "2024-04-01": ("announced-wage-2024", None, "the announced E-7-1 amount of 2024-04-01"),
    "2024-05-01": ("pilot-s8417-aircraft-parts", None, "S8417 항공기(부품) 제조원 added as a pilot"),
    "2024-07-01": ("pilot-42111-care-worker", None, "42111 요양보호사 added to E-7-2 as a pilot"),
    "2024-08-12": ("pilot-76231-power-line-electrician", None, "76231 송전 전기원 added as a pilot"),
    "2025-04-01": (
        "moj-notice-2025-106-wages",
        dt.date(2025, 3, 20),
        "the fixed amounts of 법무부공고 2025-106 (published 2025-03-20, facts.md N)",
    ),
    "2025-10-01": ("pilots-s85411-s75104-automotive", None, "S85411 and S75104 added as pilots"),
    "2026-01-01": ("pilot-s71032-slaughterer", None, "S71032 도축원 added as a pilot"),
    "2026-02-01": ("pilot-s85513-and-2026-wages", None, "S85513 added as a pilot; the 2026 wage amounts"),
    "2026-06-17": (
        "visa-manual-2026-06",
        None,
        "the 사증발급 안내매뉴얼 2026.6 typed in: every entry's source becomes the manual (status M)",
    ),
    "2026-09-01": (
        "visa-manual-2026-09-01-recoding",
        None,
        "the 2026-09-01 edition: 28 occupations re-coded (facts.md says 27 but lists 28 pairs), 441 reused, "
        "17 content changes, the ministry's new name, the new general wage rule",
    ),
}
BASE_NOTE = (
    "The earliest snapshot e7 holds, reconstructed from the 2026.6 manual and the dated changes in the reference "
    "facts (catalogue/README.md). No notice made it; every later snapshot is made from it by the notices recorded "
    "in this folder."
)


def header(snapshot_id: str, status: str, what: str) -> str:
    made = "reconstructed, status D" if status == "D" else f"status {status}"
    return (
        f"Notice behind catalogue snapshot {snapshot_id} ({made}): {what}.\n"
        "Derived once from the committed snapshots by examples/notices/derive_history.py; importing the notices\n"
        "of this folder in order onto catalogue/2022-07-01.toml gives every later snapshot byte for byte\n"
        "(tests/test_notices_history.py). Format: docs/notices.md."
    )


def main() -> None:
    catalogue = Catalogue(DataDir(ROOT))
    # only the history that predates the importer: later snapshots are made by importing their notices
    snapshots = [s for s in catalogue.all() if s.id in NOTICES or s.id == catalogue.ids[0]]
    paths = []
    for old, new in itertools.pairwise(snapshots):
        notice_id, published, what = NOTICES[new.id]
        notice = notice_from_diff(old, new, notice_id, published)
        path = HERE / f"{new.id}-{notice_id}.toml"
        path.write_text(notice_text(notice, header(new.id, new.snapshot.status, what)), encoding="utf-8")
        paths.append(path)

    first = snapshots[0]
    base_sha = sha256_text(catalogue.path(first.id).read_text(encoding="utf-8"))
    base = changelog_text(ChangelogInfo(snapshot=first.id, sha256=base_sha, note=BASE_NOTE), None)
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        (root / "catalogue").mkdir()
        (root / "changelog").mkdir()
        shutil.copy(catalogue.path(first.id), root / "catalogue" / f"{first.id}.toml")
        (root / "changelog" / changelog_name(first.id, "")).write_text(base, encoding="utf-8")
        data = DataDir(root)
        for path in paths:
            write_import(data, plan_import(data, path))
        for snapshot in snapshots:
            made = (root / "catalogue" / f"{snapshot.id}.toml").read_bytes()
            assert made == catalogue.path(snapshot.id).read_bytes(), f"{snapshot.id} does not reproduce"
        assert (root / "catalogue/index.toml").read_bytes() == (ROOT / "catalogue/index.toml").read_bytes()
        for entry in sorted((root / "changelog").iterdir()):
            shutil.copy(entry, ROOT / "changelog" / entry.name)
            print("changelog/" + entry.name)
    print(f"{len(paths)} notices reproduce {len(snapshots) - 1} snapshots from {first.id} byte for byte")


if __name__ == "__main__":
    main()
