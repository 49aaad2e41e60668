"""The catalogue: the MoJ occupation list as dated snapshots, and the notices that make them.

Owns reading and resolving snapshots (snapshots.py: the snapshot in force on a date), finding and describing
codes (codes.py), the wage thresholds in force (thresholds.py), notices and the diff of two snapshots
(notices.py), importing a notice as a new snapshot with its changelog (publish.py) and errata (errata.py).

May import: engine.core, engine.data.
"""
