"""The case register (docs/register.md): a firm's workers, their case and history versions, and every decision e7
made on them, kept on a database (SQLite by default, PostgreSQL for a team) behind a hash chain.

Modules: schema (the tables), store (opening, migrating, transactions), chain (the append-only records and their
verification), intake (reading files into workers), recheck, deadlines, people (users, roles, passwords,
web sessions), privacy (forget, retention, the access log), exchange (JSONL export and import).
Everything the register asks of e7 goes through engine.service.

May import: engine.service and engine.views only (the service layer). The front ends (engine/cli, engine/web)
import it: its commands and its pages.
"""
