"""Exchange (REFI-QDA, issue 11): one GUID per code, document, coder and coding.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exchange_guids",
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("guid", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("kind", "key", name="pk_exchange_guids"),
    )
    op.create_index("exchange_guids_guid", "exchange_guids", ["kind", "guid"])


def downgrade() -> None:
    op.drop_index("exchange_guids_guid", "exchange_guids")
    op.drop_table("exchange_guids")
