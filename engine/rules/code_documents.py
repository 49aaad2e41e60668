"""The documents a code's own section adds to the general ones (visa manual 2026.6, the codes' sections pp.223-248:
(추가 제출서류), (제출서류), (첨부서류)), kept by occupation in the ruleset parameter ``codesb_added_documents`` as the
manual's words. This module only names them for the case (``code_documents_list``); the rule
documents.code-documents reads ``documents.code_documents`` (the file says they are attached) and decides.

May import engine.core (called by engine/rules/facts.py while it prepares a case)."""

from __future__ import annotations

from typing import Any

PARAMETER = "codesb_added_documents"


def code_documents_facts(occupation: str, parameters: dict[str, Any], fact: dict[str, Any]) -> None:
    table = parameters.get(PARAMETER)
    if table is not None and occupation in table.value:
        fact["code_documents_list"] = table.value[occupation]
