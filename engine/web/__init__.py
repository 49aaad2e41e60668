"""The officer's workbench: `e7 serve`, its pages (Jinja2, no JavaScript build) and the HTTP API under /api/v1.

Owns: the FastAPI app (app.py), one module of routes per page (check, report, batch, codes, thresholds, diff,
history), the API (api.py), the page helpers (pages.py), templates/ and static/, and the `e7 serve` command
(serve.py).

May import: engine.service only (and engine.views, the answers' forms): a front end parses, calls the service
layer and renders.
"""
