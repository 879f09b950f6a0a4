"""Alembic environment for plan files: always given a connection by the app."""

from __future__ import annotations

from alembic import context

from desktop.core.store.schema import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - migrations only run through migrate.py
    raise RuntimeError("plan migrations run through desktop.core.store.migrate")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
