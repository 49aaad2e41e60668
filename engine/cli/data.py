"""`e7 data manifest / verify / bundle / install / list / use`: data releases (engine/data/release.py,
engine/data/bundle.py, engine/data/store.py; docs/releases.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from engine import service

if TYPE_CHECKING:
    from engine.service import DataDir


def add_commands(commands: argparse._SubParsersAction) -> None:
    from engine.cli.main import _date

    group = commands.add_parser(
        "data",
        help="data releases: write and verify the manifest, build, install and choose signed releases",
        description="A data release is every file e7 reads as data, listed with its sha256 in release.toml. "
        "A maintainer writes the manifest and builds a signed bundle; a user installs bundles into the user's "
        "data folder ($E7_HOME, else the platform's user data folder), where the active release takes precedence "
        "over the data shipped with e7 (--data DIR and $E7_DATA still win). See docs/releases.md.",
    )
    actions = group.add_subparsers(dest="data_command", metavar="ACTION", required=True, parser_class=type(group))

    p = actions.add_parser(
        "manifest",
        help="write release.toml for the data folder (maintainers)",
        description="List every data file of the data folder (--data DIR / $E7_DATA) with its sha256 and size in "
        "release.toml, under a new release id (default: the date, YYYY.MM.DD, with .2, .3... for further "
        "releases the same day). Nothing is written when the manifest already lists every file as it is and no "
        "--release is given. e7 catalogue import writes a new manifest itself.",
    )
    p.add_argument("--release", metavar="ID", help="the release id (letters, digits, '.', '_', '-')")
    p.add_argument("--date", type=_date, metavar="DATE", help="the release date, YYYY-MM-DD (default: today)")
    p.add_argument(
        "--requires",
        metavar="SPEC",
        help="the e7 versions the data needs, a version specifier (default: this e7's minor series, e.g. '>=0.2,<0.3')",
    )
    p.set_defaults(handler=_manifest)

    p = actions.add_parser(
        "verify",
        help="check every data file against release.toml",
        description="Recompute the sha256 of every data file (catalogue snapshots, index, terms, outside-list, "
        "changelog entries, rulesets, points tables) and compare with release.toml. One line per file changed, "
        "added or missing, naming it; exit status 1 if any.",
    )
    p.set_defaults(handler=_verify)

    p = actions.add_parser(
        "bundle",
        help="build a signed data bundle (maintainers)",
        description="Check the data folder against its release.toml, then write a tar holding release.toml, its "
        "Ed25519 signature (release.toml.sig) and every file it lists. The private key never enters the "
        "repository (docs/releases.md).",
    )
    p.add_argument("--key", metavar="KEY", required=True, help="the maintainer's Ed25519 private key (PEM, PKCS#8)")
    p.add_argument("-o", "--output", metavar="BUNDLE.tar", required=True, help="where to write the bundle")
    p.set_defaults(handler=_bundle)

    p = actions.add_parser(
        "install",
        help="install a signed data bundle and make it the active release",
        description="Check the bundle's signature against the trusted keys (the maintainer's key shipped with e7, "
        "$E7_TRUSTED_KEYS, --trust-key), then every file against its manifest (sha256, nothing extra, no links "
        "or paths outside it, size limits) and the e7 versions it needs; store it and make it active, atomically. "
        "A bundle that fails any check is refused whole (exit status 2) and nothing changes.",
    )
    p.add_argument("bundle", metavar="BUNDLE", help="a bundle made by e7 data bundle (.tar)")
    p.add_argument(
        "--trust-key",
        action="append",
        default=[],
        metavar="PUB",
        help="also trust this Ed25519 public key (PEM); may be repeated",
    )
    p.set_defaults(handler=_install)

    p = actions.add_parser(
        "list",
        help="list the stored data releases",
        description="The data releases in the user's release store, oldest first, the active one marked '*'.",
    )
    p.set_defaults(handler=_list)

    p = actions.add_parser(
        "use",
        help="make a stored release active (or go back to the shipped data)",
        description="Make a stored release the active one, by its id or sha256 (a prefix of 8 or more hex "
        "digits will do); 'shipped' goes back to the data shipped with e7.",
    )
    p.add_argument("release", metavar="RELEASE", help="a release id, a sha256, or 'shipped'")
    p.set_defaults(handler=_use)


# -- handlers ---------------------------------------------------------------------------------------------------


def _manifest(args: argparse.Namespace, data: DataDir) -> int:
    from engine.service import MANIFEST_FILE

    done = service.write_manifest(service.Session(data), args.release, args.date, args.requires)
    if not done.written:
        print(f"{MANIFEST_FILE} already lists every data file as it is (release {done.release}); unchanged")
        return 0
    print(f"wrote {MANIFEST_FILE}: release {done.release}, {done.files} files")
    return 0


def _verify(args: argparse.Namespace, data: DataDir) -> int:
    from engine.service import MANIFEST_FILE

    problems, info = service.verify_release(service.Session(data))
    for problem in problems:
        print(problem)
    if problems or info is None:
        print(f"e7 data verify: {len(problems)} problem(s) against {MANIFEST_FILE}", file=sys.stderr)
        return 1
    print(f"ok: every data file matches {MANIFEST_FILE} (release {info.id}, manifest sha256 {info.sha256})")
    return 0


def _bundle(args: argparse.Namespace, data: DataDir) -> int:
    release = service.build_bundle(service.Session(data), Path(args.key), Path(args.output), args.key, args.output)
    print(f"wrote {args.output}: release {release.release}, {len(release.files)} files, signed")
    return 0


def _install(args: argparse.Namespace, data: DataDir) -> int:
    release = service.install_bundle(Path(args.bundle), args.bundle, args.trust_key)
    print(
        f"installed release {release.manifest.release} (manifest sha256 {release.sha256}); it is now active "
        f"({release.data.root})"
    )
    return 0


def _list(args: argparse.Namespace, data: DataDir) -> int:
    from engine import __version__
    from engine.service import fits_running

    releases, active, home = service.stored_releases()
    if not releases:
        print(f"no stored releases in {home}; e7 uses the data shipped with it")
        return 0
    for r in releases:
        mark = "*" if r.sha256 == active else " "
        fits = "" if fits_running(r.manifest) else f"  (needs e7 {r.manifest.requires_e7}; this is {__version__})"
        print(f"{mark} {r.manifest.release:<16} {r.manifest.date}  {r.sha256}  {len(r.manifest.files)} files{fits}")
    if active is None:
        print("  (none active: e7 uses the data shipped with it)")
    return 0


def _use(args: argparse.Namespace, data: DataDir) -> int:
    release = service.use_release(args.release)
    if release is None:
        print("e7 now uses the data shipped with it")
        return 0
    print(f"e7 now uses release {release.manifest.release} (manifest sha256 {release.sha256})")
    return 0
