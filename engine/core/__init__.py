"""The core: what every other part of e7 builds on.

Owns the typed model of the catalogue (codes, snapshots, thresholds), the case file contract (engine/core/case.py),
the errors every part raises (E7Error, InputError), conversion of TOML/JSON data to typed objects, TOML writing,
the date in Korea, display widths and whole-file writing.

May import: nothing of e7 but ``engine`` itself (its version). Every other subpackage may import it.
"""
