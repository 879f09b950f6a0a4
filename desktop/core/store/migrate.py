"""Schema migrations with Alembic, run inside the app (the scripts ship in the package).

Each revision is numbered like ``PRAGMA user_version``: revision "0001" is schema 1.
The caller runs ``upgrade_connection`` inside one transaction, after a backup, so
a failed migration leaves the file as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .schema import SCHEMA_REVISION

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def revision_id(revision: int) -> str:
    return f"{revision:04d}"


def upgrade_connection(connection: Any, revision: int = SCHEMA_REVISION) -> None:
    """Bring the schema on ``connection`` (in a transaction) to ``revision``."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, revision_id(revision))
    connection.exec_driver_sql(f"PRAGMA user_version={revision}")
