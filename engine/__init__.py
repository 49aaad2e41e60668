"""e7: a rules-as-code compliance engine for Korea's E-7 work visa."""

__version__ = "0.2.0"

# The duty matcher's version, named in every decision's provenance: bump it whenever a change to
# engine/duties/matching.py or engine/duties/alignment.py can change a duty finding (weights, the fit bar,
# tokenising), so a replay can tell why.
# Kept here, not in matching.py, so that naming it never imports the matcher (a check without duties does not).
MATCHER_VERSION = "2"
