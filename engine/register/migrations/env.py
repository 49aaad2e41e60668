"""Alembic's environment for the register: run only from engine/register/store.py, on the connection it passes
(config.attributes["connection"]), inside the caller's transaction."""

from alembic import context

from engine.register.schema import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
