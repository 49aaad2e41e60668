"""Duties: how well a position's duties fit the description of a code.

Owns the duty matcher (matching.py: tokenising Korean and English, the index of a snapshot's descriptions, whose
tables tables.py builds), the alignment measure built on it (alignment.py); the on-disk cache of indexes is
engine/core/index_cache.py, the texts' analyses and matches kept between runs are in engine/core/keyed_store.py.

May import: engine.core, engine.data, engine.catalogue. Never engine.rules: the rules pass in what they decide
(the alignment threshold of the ruleset in force) as plain values.
"""
