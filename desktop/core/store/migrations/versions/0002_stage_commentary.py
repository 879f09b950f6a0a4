"""Schema 2: the plan's stage, commentary on findings, and what an audit row is about.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit") as batch:
        batch.add_column(
            sa.Column("subject", sa.String(40), nullable=False, server_default="value")
        )
    stage = op.create_table(
        "stage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("draft_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stage"),
    )
    op.bulk_insert(stage, [{"id": 1, "kind": "draft", "draft_number": 1}])
    op.create_table(
        "commentary",
        sa.Column("rule", sa.String(8), nullable=False),
        sa.Column("line", sa.String(32), nullable=False),
        sa.Column("period", sa.String(8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("rule", "line", "period", name="pk_commentary"),
    )


def downgrade() -> None:
    op.drop_table("commentary")
    op.drop_table("stage")
    with op.batch_alter_table("audit") as batch:
        batch.drop_column("subject")
