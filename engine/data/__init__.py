"""Data folders and data releases: where e7 finds its data and how that data is kept whole.

Owns the data folder (engine/data/folders.py: --data, $E7_DATA, the active release, the shipped data), the
manifest of a release (release.py), signed bundles (bundle.py), the user's store of installed releases
(store.py) and the journal that makes an import all-or-nothing (journal.py). In a wheel the shipped data
(catalogue/, rulesets/, changelog/, docs/, examples/, release.toml) lies in this folder too.

May import: engine.core.
"""
