"""The rules: dated rulesets compiled into durable_rules, and the decisions they give.

Owns the condition language (conditions.py), the dated rulesets (rulesets.py) and their compilation to
durable_rules (compile.py), named calculations (calculations.py), points tables (points.py), the facts of a
case (facts.py), evaluation (evaluate.py), the decision model (decision.py) and its explanation in text,
Markdown and JSON (explain.py), the coverage matrix (coverage.py), replaying stored decisions (replay.py) and
batches of cases (batch.py).

May import: engine.core, engine.data, engine.catalogue, engine.duties.
"""
