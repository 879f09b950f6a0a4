"""Schema 4: each operation recorded as data, and further content frozen with a version.

``operation.record`` holds the operation that made the change, as JSON
(``desktop.core.operations``), so the changes of one copy can be replayed onto
another. ``version.content`` holds further kinds of content frozen with a version, by
kind (JSON); a kind added later freezes there without a new column.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("operation") as batch:
        batch.add_column(sa.Column("record", sa.Text(), nullable=True))
    with op.batch_alter_table("version") as batch:
        batch.add_column(sa.Column("content", sa.Text(), nullable=False, server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("version") as batch:
        batch.drop_column("content")
    with op.batch_alter_table("operation") as batch:
        batch.drop_column("record")
