"""The answers' forms: the JSON of docs/json.md and the text and Markdown a person reads, for codes, thresholds,
catalogue diffs and suggestions. Part of the service layer: front ends render with these, the service builds the
JSON forms it serves from them. May import everything below the service layer (core to site), never a front end.
"""
