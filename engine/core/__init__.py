"""The core: what every other part of e7 builds on.

Owns the typed model of the catalogue (codes, snapshots, thresholds), the case file contract (engine/core/case.py),
the errors every part raises (E7Error, InputError), conversion of TOML/JSON data to typed objects, TOML writing,
the date in Korea, display widths and whole-file writing; the form fields of a case and the workbench's labels in
Korean and English (caseform.py, i18n.py); the cache folder of parsed files and indexes (object_cache.py,
index_cache.py), attrs' compiled methods kept there (attrs_code.py, installed when this package is imported) and
the quick path that builds valid case data (quick_structure.py).

May import: nothing of e7 but ``engine`` itself (its version). Every other subpackage may import it.
"""

from engine.core.attrs_code import install as _install_attrs_code

# before e7 defines its classes: attrs' methods come compiled from the cache folder (engine/core/attrs_code.py)
_install_attrs_code()
