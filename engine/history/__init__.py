"""Code histories: a worker's E-7 stays checked against what was in force on each start date, and the next
renewal and F-2-7 application planned against what will be in force then.

Owns: the history file and its reader (``model``), the history rules (``rules``: dated rulesets in
``rulesets/history/`` compiled into durable_rules), the facts each check builds (``stays``, ``renewal``,
``f27``), the F-2-7 scoring (``scoring``), small calculations (``calculations``), the planner that puts them
together (``planner``) and the report with its JSON form (``reports``).

May import: engine.core, engine.data, engine.catalogue, engine.duties and engine.rules (the case model, the
catalogue, the evaluator, the rulesets and the rule engine). Only the site, the views and the service layer
import it.
"""

from engine.history.model import F27Inputs, History, Income, Person, Plan, Stay, history_from_data, load_history
from engine.history.planner import HistoryChecker
from engine.history.reports import (
    F27Report,
    HistoryReport,
    IncomeReport,
    Raise,
    RenewalReport,
    StayReport,
    report_data,
)
from engine.history.rules import HistoryRules, ordered

__all__ = [
    "F27Inputs",
    "F27Report",
    "History",
    "HistoryChecker",
    "HistoryReport",
    "HistoryRules",
    "Income",
    "IncomeReport",
    "Person",
    "Plan",
    "Raise",
    "RenewalReport",
    "Stay",
    "StayReport",
    "history_from_data",
    "load_history",
    "ordered",
    "report_data",
]
