"""The foreign staff an employer's ratio counts, from the residence status of each foreign employee where the case
lists them (employer.foreign_staff_statuses): which statuses count is data (the ruleset parameters
foreign_ratio_not_counted, visa manual 2026.6 p.181, and e7_4_foreign_counted, stay manual 2026.6 p.303); this
module only counts. May import engine.core and engine.rules.rulesets.
"""

from __future__ import annotations

from engine.core.case import Employer
from engine.rules.rulesets import Ruleset


def foreign_counted(employer: Employer, skilled: bool, ruleset: Ruleset) -> int | None:
    """The foreign employees the ratio counts: by status where listed, else the case's foreign_employees."""
    statuses = employer.foreign_staff_statuses
    if statuses is None:
        return employer.foreign_employees
    if skilled:  # the E-7-4 allowance counts only the statuses named
        counted = set(ruleset.parameter("e7_4_foreign_counted"))
        return sum(1 for status in statuses if status in counted)
    excluded = set(ruleset.parameter("foreign_ratio_not_counted"))  # every other status that permits work counts
    return sum(1 for status in statuses if status not in excluded)
